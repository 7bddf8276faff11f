/** Regression metrics: mean absolute and squared error, and the coefficient of determination R². */
import { assertFinite } from './assert-finite.js';

export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / actual.length;
}

/** Mean of the squared differences: what a squared-error regression minimises. */
export function meanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return sum / actual.length;
}

/** 1 - SSE / SST: 1 is perfect, 0 is as good as predicting the mean of `actual`, below 0 worse. */
export function rSquared(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(actual, predicted);
  let mean = 0;
  for (let i = 0; i < actual.length; i++) mean += actual[i];
  mean /= actual.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < actual.length; i++) {
    sse += (actual[i] - predicted[i]) ** 2;
    sst += (actual[i] - mean) ** 2;
  }
  return sst === 0 ? NaN : 1 - sse / sst;
}

function check(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length) throw new Error(`${actual.length} actual values against ${predicted.length} predictions`);
  if (actual.length === 0) throw new Error('no values to compare');
  assertFinite('regression (predictions)', predicted);
  assertFinite('regression (actual values)', actual);
}
