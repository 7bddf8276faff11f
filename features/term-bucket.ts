/** Open-ended, up to 1, 3, 6 and 12 months, longer. */
export function termBucket(termDays: number): number {
  if (termDays === 0) return 0;
  if (termDays <= 31) return 1;
  if (termDays <= 93) return 2;
  if (termDays <= 186) return 3;
  if (termDays <= 366) return 4;
  return 5;
}
