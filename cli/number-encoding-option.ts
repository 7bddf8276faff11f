/** `--number-encoding`, for the commands that train (kept apart from options.ts so that serve's graph reaches no training module). */
import { Option } from 'commander';
import { NUMBER_ENCODING_CHOICES } from '../training/choose-number-encoding.js';
import { DEFAULT_NUMBER_ENCODING, type NumberEncodingKind } from '../training/fit-preprocessing.js';

/** `--number-encoding`: how a model's numeric inputs are encoded (training/fit-preprocessing.ts, choose-number-encoding.ts). */
export function numberEncodingOption(defaultKind: NumberEncodingKind = DEFAULT_NUMBER_ENCODING): Option {
  return new Option(
    '--number-encoding <kind>',
    'numeric inputs: ple (piecewise-linear bins, clamped), quantile (one clamped position), standard (unbounded, as before 2026-12), or auto (train ple and quantile, keep the better on the validation days: twice the time)',
  )
    .choices(NUMBER_ENCODING_CHOICES as string[])
    .default(defaultKind);
}
