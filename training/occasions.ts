/** Rows grouped into purchase occasions (one customer on one day), for a task that trains on whole occasions. */

/** The key of one occasion: the customer and the day, as every ranking metric groups rows. */
export function occasionKey(customerId: string, day: number): string {
  return `${customerId}|${day}`;
}

export interface OccasionRows {
  /** The rows, each occasion's together, occasions in order of first appearance. */
  rows: Int32Array;
  /** Occasion k holds rows[starts[k]..starts[k + 1]); length occasions + 1. */
  starts: Int32Array;
}

export function groupByOccasion(customerIds: readonly string[], asOf: Int32Array, rows: Int32Array): OccasionRows {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const key = occasionKey(customerIds[r], asOf[r]);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const grouped = new Int32Array(rows.length);
  const starts = new Int32Array(groups.size + 1);
  let at = 0;
  let k = 0;
  for (const group of groups.values()) {
    starts[k++] = at;
    grouped.set(group, at);
    at += group.length;
  }
  starts[k] = at;
  return { rows: grouped, starts };
}
