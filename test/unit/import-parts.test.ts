/** Small parts of the import: duplicate tracking and MySQL's change counts. */
import { describe, expect, it } from 'vitest';
import { CustomerDaySeen } from '../../import/customer-day-seen.js';
import { changedRows } from '../../import/mysql-writer.js';

describe('CustomerDaySeen', () => {
  it('finds a repeated (customer, day) in any order, across a wide span of days', () => {
    const seen = new CustomerDaySeen();
    const days = [19_800, 19_700, 20_500, 19_801, 18_000, 19_799];
    for (const d of days) expect(seen.mark(1, d)).toBe(true);
    for (const d of days) expect(seen.mark(1, d)).toBe(false);
    expect(seen.mark(2, 19_800)).toBe(true);
    expect(seen.mark(1, 19_802)).toBe(true);
  });
});

describe('changedRows', () => {
  it('counts inserts and changed rows, not unchanged ones', () => {
    // 3 inserted (1 each) + 2 changed (2 each, reported as Duplicates) + 4 unchanged (0).
    expect(changedRows({ affectedRows: 7, info: 'Records: 9  Duplicates: 2  Warnings: 0' })).toBe(5);
    expect(changedRows({ affectedRows: 0, info: 'Records: 4  Duplicates: 0  Warnings: 0' })).toBe(0);
  });
});
