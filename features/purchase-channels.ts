/**
 * Purchase channels as small integers, so a customer's history stays in typed arrays: each distinct
 * channel text gets the next number the first time it is seen in this process; -1 is "not recorded".
 */
const names: string[] = [];
const numbers = new Map<string, number>();

export const NO_CHANNEL = -1;

export function channelNumber(name: string | null): number {
  if (name === null || name === '') return NO_CHANNEL;
  let n = numbers.get(name);
  if (n === undefined) {
    n = names.length;
    names.push(name);
    numbers.set(name, n);
  }
  return n;
}

/** The channel text of a number from `channelNumber`; null for NO_CHANNEL or a number never handed out. */
export function channelName(n: number): string | null {
  return names[n] ?? null;
}
