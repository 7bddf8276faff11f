/**
 * Small in-memory Samples for training tests: every wide-table feature present, occasions of a few
 * products, and a learnable signal (the bought product tends to have a high `product_yield` when the
 * customer's `demand_last` is high), so a model can be told apart from noise.
 */
import { FEATURES } from '../../src/wide-table/feature-set.js';
import { Rng } from '../../src/random.js';
import type { Samples } from '../../training/samples.js';

export interface SyntheticSamplesOptions {
  firstDay?: number;
  days?: number;
  occasionsPerDay?: number;
  productsPerOccasion?: number;
  seed?: number;
}

export function syntheticSamples(o: SyntheticSamplesOptions = {}): Samples {
  const { firstDay = 20_000, days = 20, occasionsPerDay = 30, productsPerOccasion = 5, seed = 1 } = o;
  const rng = Rng.fromSeed(seed);
  const customerIds: string[] = [];
  const productIds: string[] = [];
  const asOf: number[] = [];
  const labels: number[] = [];
  const numbers = new Map(FEATURES.filter((f) => f.kind === 'number').map((f) => [f.name, [] as number[]]));
  const categories = new Map(FEATURES.filter((f) => f.kind === 'category').map((f) => [f.name, [] as Array<string | null>]));
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < occasionsPerDay; k++) {
      const customer = `C${rng.int(200)}`;
      const rich = rng.chance(0.5);
      const utilities = Array.from({ length: productsPerOccasion }, () => rng.normal());
      const yields = utilities.map(() => 1 + rng.next() * 4);
      const score = yields.map((y, p) => (rich ? y : -y) + 0.5 * utilities[p]);
      const bought = score.indexOf(Math.max(...score));
      for (let p = 0; p < productsPerOccasion; p++) {
        customerIds.push(customer);
        productIds.push(`P${p}`);
        asOf.push(firstDay + d);
        labels.push(p === bought ? 1 : 0);
        for (const [name, column] of numbers) {
          if (name === 'product_yield') column.push(yields[p]);
          else if (name === 'demand_last') column.push(rich ? 50_000 + rng.next() * 1e5 : rng.next() * 5_000);
          else if (name === 'never_purchased') column.push(rng.chance(0.4) ? 1 : 0);
          else if (name === 'customer_risk') column.push(1 + rng.int(5));
          else if (name === 'days_since_last_purchase') column.push(rng.chance(0.3) ? NaN : rng.int(300));
          else column.push(rng.next());
        }
        for (const [, column] of categories) column.push(rng.chance(0.1) ? null : `v${rng.int(4)}`);
      }
    }
  }
  return {
    meta: { kind: 'samples', fromDay: firstDay, toDay: firstDay + days - 1, sourceHash: 'test' },
    features: [...FEATURES],
    length: labels.length,
    customerIds,
    productIds,
    asOf: Int32Array.from(asOf),
    labels: Uint8Array.from(labels),
    amounts: null,
    numbers: new Map([...numbers].map(([name, values]) => [name, Float32Array.from(values)])),
    categories,
  };
}
