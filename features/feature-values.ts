/** Feature values of one row being computed, set by feature name; unknown names are a programming error. */
import { CATEGORY_FEATURES, NUMBER_FEATURES } from '../src/wide-table/feature-set.js';

const NUMBER_INDEX = new Map(NUMBER_FEATURES.map((f, i) => [f.name, i]));
const CATEGORY_INDEX = new Map(CATEGORY_FEATURES.map((f, i) => [f.name, i]));

export class FeatureValues {
  readonly numbers = new Float64Array(NUMBER_FEATURES.length).fill(NaN);
  readonly categories: Array<string | null> = new Array(CATEGORY_FEATURES.length).fill(null);

  set(name: string, value: number): void {
    const i = NUMBER_INDEX.get(name);
    if (i === undefined) throw new Error(`feature "${name}" is not declared in features/feature-set.ts`);
    this.numbers[i] = value;
  }

  setCategory(name: string, value: string | null): void {
    const i = CATEGORY_INDEX.get(name);
    if (i === undefined) throw new Error(`category feature "${name}" is not declared in features/feature-set.ts`);
    this.categories[i] = value;
  }
}

/** Which family computes each number feature, so a row can be assembled from its three parts. */
export const NUMBER_FAMILY = NUMBER_FEATURES.map((f) => f.family);
export const CATEGORY_FAMILY = CATEGORY_FEATURES.map((f) => f.family);
