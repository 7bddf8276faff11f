/**
 * The time-sliced plan of the case: for each test day d, train on occasions before the validation
 * days, stop early on the validation days (which precede d), test on d. `once` trains a single
 * model before the first test day and tests it on every test day: cheaper, slightly pessimistic.
 */
import { formatDay } from '../src/domain/dates.js';
import { UsageError } from '../src/errors.js';

export type EvaluationMode = 'sliced' | 'once';

export interface Slice {
  trainFrom: number;
  trainTo: number;
  validFrom: number;
  validTo: number;
  testDays: number[];
}

export interface SlicePlanOptions {
  mode: EvaluationMode;
  testDays: number;
  validationDays: number;
  /** Only this many days of occasions before the validation days train a model (all when absent). */
  trainDays?: number;
}

/** `days`: the distinct occasion days of the samples, ascending. */
export function planSlices(days: readonly number[], options: SlicePlanOptions): Slice[] {
  if (days.length === 0) throw new UsageError('the samples hold no occasion days');
  const first = days[0];
  const last = days[days.length - 1];
  const tests = days.filter((d) => d > last - options.testDays);
  const sliceFor = (testDays: number[]): Slice => {
    const validTo = testDays[0] - 1;
    const validFrom = validTo - options.validationDays + 1;
    const trainTo = validFrom - 1;
    const trainFrom = options.trainDays ? Math.max(first, trainTo - options.trainDays + 1) : first;
    if (trainTo < first) {
      throw new UsageError(
        `not enough history: the samples start on ${formatDay(first)}, but testing from ${formatDay(testDays[0])} with ${options.validationDays} validation days needs training occasions before ${formatDay(validFrom)}. Build samples from an earlier --from.`,
      );
    }
    return { trainFrom, trainTo, validFrom, validTo, testDays };
  };
  return options.mode === 'once' ? [sliceFor(tests)] : tests.map((d) => sliceFor([d]));
}
