/**
 * What a request may say: `n` is a decimal integer from 1 to 50 and nothing else (no `0x10`, `1e1`,
 * `[5]` or `true`), the same through the fast path, through Express and in a batch body; the profile
 * route refuses a query parameter as the recommendations route does. No model is trained
 * (one-customer-state.ts).
 */
import fc from 'fast-check';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { keyChecker } from '../../serving/api-keys.js';
import { apiError, MAX_N } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { CUSTOMER, oneCustomerState } from './one-customer-state.js';

const KEY = 'parsing-key-0123456789abcdef0123456789';
const logger = pino({ level: 'silent' });
const options = { state: oneCustomerState(), checkKey: keyChecker(developmentKeys([KEY])), logger };
const fast = createApp(options);
const viaExpress = createApp({ ...options, fastPath: false });

/** The rule, written out: digits only, and a value from 1 to MAX_N. */
const validN = (text: string) => /^[0-9]+$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_N;

/** Strings that coercion to a number would have taken, and plain ones around them. */
const nText = fc.oneof(
  fc.constantFrom('0x10', '1e1', '[5]', 'true', ' 5', '5 ', '+5', '-5', '5.0', '5.', '.5', '0b11', '0o7', 'Infinity', '', '05', '050', '0'),
  fc.integer({ min: -5, max: 60 }).map(String),
  fc.stringMatching(/^[0-9]{1,4}$/),
  fc.string({ maxLength: 6 }),
);

describe('n', () => {
  it('is accepted as a decimal integer from 1 to 50 only, the same by the fast path and by Express', async () => {
    await fc.assert(
      fc.asyncProperty(nText, async (text) => {
        const path = `/v1/customers/${CUSTOMER}/recommendations?n=${encodeURIComponent(text)}`;
        const [a, b] = await Promise.all([request(fast).get(path).set('X-API-Key', KEY), request(viaExpress).get(path).set('X-API-Key', KEY)]);
        expect(a.status, text).toBe(validN(text) ? 200 : 400);
        expect(b.status, text).toBe(a.status);
        expect(b.text).toBe(a.text);
        if (a.status === 400) expect(apiError.parse(a.body).error.message).toMatch(/^query\.n: /);
      }),
      { numRuns: 150, examples: [['0x10'], ['1e1'], ['[5]'], ['true'], ['16'], ['007']] },
    );
  });

  it('is accepted in a batch body as a JSON integer from 1 to 50, or its decimal digits, and nothing else', async () => {
    const valid = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_N) || (typeof n === 'string' && validN(n));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue({ maxDepth: 1 }), nText, fc.integer({ min: -5, max: 60 }), fc.constantFrom(true, false, null, [5], { n: 5 }, 5.5)),
        async (n) => {
          const res = await request(fast)
            .post('/v1/recommendations:batch')
            .set('X-API-Key', KEY)
            .send({ customerIds: [CUSTOMER], n });
          expect(res.status, JSON.stringify(n)).toBe(valid(n) ? 200 : 400);
          if (res.status === 400) expect(res.body.error.message).toMatch(/^body\.n: /);
        },
      ),
      { numRuns: 150, examples: [[[5]], [true], ['0x10'], ['1e1'], [10], ['10']] },
    );
  });

  it('is 10 when absent', async () => {
    const res = await request(fast)
      .post('/v1/recommendations:batch')
      .set('X-API-Key', KEY)
      .send({ customerIds: [CUSTOMER] })
      .expect(200);
    expect(res.body.results).toHaveLength(1); // one product on sale: fewer than 10, all of them
    await request(fast).get(`/v1/customers/${CUSTOMER}/recommendations`).set('X-API-Key', KEY).expect(200);
  });
});

describe('GET /v1/customers/{id}/profile', () => {
  it('refuses an unknown query parameter with 400 naming the query, before anything else', async () => {
    const res = await request(fast).get(`/v1/customers/${CUSTOMER}/profile?fields=all`).set('X-API-Key', KEY).expect(400);
    expect(apiError.parse(res.body).error).toEqual({ code: 'invalid_request', message: 'query: Unrecognized key: "fields"' });
    // Without a parameter the same request reaches the route: no profile table here, so 503.
    expect((await request(fast).get(`/v1/customers/${CUSTOMER}/profile`).set('X-API-Key', KEY)).body.error.code).toBe('not_configured');
  });
});
