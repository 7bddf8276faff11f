/** An axis over [0, 1] with ticks every 0.2, for rates and shares. */
import type { Axis } from './chart-frame.js';

export function unitAxis(title: string, label: (value: number) => string = (v) => v.toFixed(1)): Axis {
  const values = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return { domain: [0, 1], ticks: values.map((value) => ({ value, label: label(value) })), title };
}

export const percentLabel = (value: number): string => `${Math.round(value * 100)}%`;
