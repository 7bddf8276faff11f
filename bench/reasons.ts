/**
 * What reasons cost and how faithful they are, on a served snapshot and its champion (the demo's:
 * data/snapshot.arrow and models/): the snapshot scored with and without reasons (median of
 * `--repeat` loads each, one thread), and the faithfulness figure on the snapshot's day
 * (src/reasons/reason-faithfulness.ts), written into BENCHMARKS.md (section reasons); docs/reasons.md quotes it.
 * Usage: node dist/bench/reasons.js [--snapshot data/snapshot.arrow] [--models models] [--repeat 3] [--seed 7]
 */
import { parseArgs } from 'node:util';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { scoreSnapshot } from '../serving/scored-snapshot.js';
import { alreadyHolds } from '../src/domain/eligibility.js';
import { loadChampion } from '../src/model-directory/registry.js';
import { NO_REASON, REASON_GROUPS, REASONS_PER_ROW, reasonFaithfulness } from '../src/reasons/index.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import { featureColumns, readWideTable } from '../src/wide-table/index.js';

const { values: args } = parseArgs({
  options: {
    snapshot: { type: 'string', default: 'data/snapshot.arrow' },
    models: { type: 'string', default: 'models' },
    repeat: { type: 'string', default: '3' },
    seed: { type: 'string', default: '7' },
  },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const backend = await selectBackend('auto');
  const model = await loadChampion(args.models);
  if (!model) throw new Error(`no champion in ${args.models}`);
  const repeat = Number(args.repeat);
  const seconds = async (reasons: boolean) => {
    const times: number[] = [];
    for (let k = 0; k < repeat; k++) {
      const started = performance.now();
      await scoreSnapshot(args.snapshot, model, { reasons });
      times.push((performance.now() - started) / 1000);
    }
    return median(times);
  };
  const without = await seconds(false);
  const withReasons = await seconds(true);
  const scored = await scoreSnapshot(args.snapshot, model);
  const rows = scored.products.length;
  let given = 0;
  const topCounts = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const code = scored.reasons.codes[i * REASONS_PER_ROW];
    if (code === NO_REASON) continue;
    given++;
    topCounts.set(REASON_GROUPS[code].code, (topCounts.get(REASON_GROUPS[code].code) ?? 0) + 1);
  }
  const read = REASON_GROUPS.filter((g) => g.features.some((name) => model.scoring.preprocessing.numbers.some((t) => t.name === name))).length;
  const lines: string[] = [];
  const say = (line: string) => {
    console.log(line);
    lines.push(`- ${line}`);
  };
  say(`backend ${backend.name}; snapshot ${args.snapshot}: ${scored.customerIds.length.toLocaleString('en')} customers, ${rows.toLocaleString('en')} rows`);
  say(
    `load (median of ${repeat}): ${without.toFixed(2)} s without reasons, ${withReasons.toFixed(2)} s with (${(withReasons / without).toFixed(1)}x; ${read} of ${REASON_GROUPS.length} groups read by the model, one more scoring each)`,
  );
  say(
    `rows with a reason: ${given.toLocaleString('en')} (${((100 * given) / rows).toFixed(1)}%); top reasons: ${[...topCounts]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
  );

  const { table, features } = await readWideTable(args.snapshot);
  const columns = featureColumns(table, features, args.snapshot);
  const bought = columns.numbers.get('bought_product_before')!;
  const term = columns.numbers.get('product_term_days')!;
  const customers = table.getChild('customer_id')!;
  const kept = Array.from({ length: table.numRows }, (_, r) => r).filter((r) => !alreadyHolds(bought[r], term[r]));
  const runLengths: number[] = [];
  kept.forEach((r, k) => {
    if (k === 0 || customers.get(r) !== customers.get(kept[k - 1])) runLengths.push(0);
    runLengths[runLengths.length - 1]++;
  });
  const f = reasonFaithfulness(model.scoring, { columns, rows: kept, runLengths }, { itemsPerCustomer: 5, seed: Number(args.seed) });
  say(
    `faithfulness (top 5 items per customer with a reason, ${f.choiceShare.items.toLocaleString('en')} items): choice share ${f.choiceShare.share.toFixed(3)}, probability before shares ${f.probability.share.toFixed(3)}`,
  );
  model.scoring.dispose();
  replaceSection(
    'reasons',
    `## Reasons: their cost at load and their faithfulness (issue 20)

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`node dist/bench/reasons.js --snapshot ${args.snapshot} --models ${args.models} --repeat ${args.repeat} --seed ${args.seed}\` (the demo's snapshot and champion: \`npm start\` first)
- Backend: ${backend.name} (${backend.details.join('; ')})

${lines.join('\n')}

Faithfulness: for each item (a customer's best 5 rows by choice share) with a reason, does setting its top reason's group to the training baseline lower the score more than doing so to another group drawn at random (seeded) among those the model reads? On the served choice share the top reason is by construction the largest positive part among the groups whose text holds; the model's own probability before shares is the independent check (docs/reasons.md).`,
  );
}

await main();
