/** A plausible value evaluation for the report tests: five forecasts over three test days of seeded customers, the segment table from the real segmentTable. */
import { AUM_TIERS } from '../../../src/domain/aum-tier.js';
import { logValue } from '../../../src/domain/value-stage.js';
import { meanAbsoluteError, rSquared } from '../../../src/metrics/index.js';
import { LINEAR, NAIVE, segmentTable, VALUE_NETWORK, YEAR_AVERAGE, type ValueEvaluation } from '../../../training/value/evaluate-value.js';
import { normal, seeded } from './seeded.js';

export const VALUE_DAYS = ['2024-05-01', '2024-05-31', '2024-06-30'];
const CUSTOMERS = 100;
const NAMES = [VALUE_NETWORK.absolute, VALUE_NETWORK.squared, LINEAR, NAIVE, YEAR_AVERAGE];
/** How far each forecast strays from the truth on the log scale. */
const NOISE = [0.8, 1.0, 1.6, 2.4, 2.0];

export function valueFixture(): ValueEvaluation {
  const next = seeded(11);
  const pooled = {
    actual: [] as number[],
    forecasts: NAMES.map(() => [] as number[]),
    current: [] as number[],
    tiers: [] as (typeof AUM_TIERS)[number][],
    yuan: [] as number[],
  };
  const days = VALUE_DAYS.map((day) => {
    const actual: number[] = [];
    const forecasts = NAMES.map(() => [] as number[]);
    for (let c = 0; c < CUSTOMERS; c++) {
      const buys = next() < 0.35;
      const yuan = buys ? Math.round(Math.exp(9 + 1.2 * normal(next))) : 0;
      const truth = logValue(yuan);
      actual.push(truth);
      for (const [k, noise] of NOISE.entries()) forecasts[k].push(Math.max(0, truth + noise * normal(next)));
      pooled.current.push(next() < 0.3 ? Math.round(Math.exp(9 + normal(next))) : 0);
      pooled.tiers.push(AUM_TIERS[Math.floor(next() * 3)]);
      pooled.yuan.push(yuan);
    }
    pooled.actual.push(...actual);
    for (const [k, f] of forecasts.entries()) pooled.forecasts[k].push(...f);
    const scorers = Object.fromEntries(NAMES.map((name, k) => [name, { mae: meanAbsoluteError(actual, forecasts[k]), r2: rSquared(actual, forecasts[k]) }]));
    return { day, rows: actual.length, buyers: actual.filter((x) => x > 0).length, scorers };
  });
  return {
    target: { horizonDays: 30 },
    backend: { name: 'wasm', details: [] },
    architecture: 'mlp',
    days,
    pooled: {
      rows: pooled.actual.length,
      buyers: pooled.actual.filter((x) => x > 0).length,
      scorers: Object.fromEntries(
        NAMES.map((name, k) => [name, { mae: meanAbsoluteError(pooled.actual, pooled.forecasts[k]), r2: rSquared(pooled.actual, pooled.forecasts[k]) }]),
      ),
    },
    segments: segmentTable(pooled.tiers, pooled.current, pooled.forecasts[0], pooled.yuan),
    seconds: 241.7,
  };
}
