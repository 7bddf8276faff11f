/** One row of a benchmark's targets table: the value, the limit and whether it is met. */
export function targetCheck(what: string, value: number, limit: number, better: 'below' | 'above'): string {
  const met = better === 'below' ? value <= limit : value > limit;
  return `| ${what} | ${value.toFixed(4)} | ${better === 'below' ? '<=' : '>'} ${limit.toFixed(3)} | ${met ? 'met' : '**missed**'} |`;
}
