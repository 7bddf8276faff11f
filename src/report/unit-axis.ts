/** A position channel over [0, 1] for rates and shares, ticks every 0.2, as decimals or percentages. */

export function unitAxis(field: 'x' | 'y', title: string, format: 'decimal' | 'percent' = 'decimal') {
  return {
    field,
    type: 'quantitative' as const,
    title,
    scale: { domain: [0, 1], nice: false },
    axis: { values: [0, 0.2, 0.4, 0.6, 0.8, 1], format: format === 'percent' ? '.0%' : '.1f' },
  };
}
