/** Small parts of the import: duplicate tracking, MySQL's change counts, text limits, kinds of violation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../src/bank/tables.js';
import { CustomerDaySeen } from '../../import/customer-day-seen.js';
import { FieldProblem, parseCell } from '../../import/field-parsers.js';
import { changedRows } from '../../import/mysql-writer.js';
import { kindOf, ViolationLog } from '../../import/violations.js';

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

describe('text limits', () => {
  const column = (type: 'id' | 'text', maxLength: number): ColumnSpec => ({ name: 'c', type, required: false, dbColumn: 'c', maxLength });

  it('count characters (code points) as MariaDB utf8mb4 and SQLite do, not UTF-16 units or bytes', () => {
    expect(parseCell('😀'.repeat(4), column('text', 4))).toBe('😀😀😀😀'); // 8 UTF-16 units, 16 bytes
    expect(parseCell('稳盈'.repeat(2), column('id', 4))).toBe('稳盈稳盈');
    expect(() => parseCell('😀'.repeat(5), column('text', 4))).toThrow(new FieldProblem('longer than 4 characters (it has 5)'));
    expect(() => parseCell('C'.repeat(65), column('id', 64))).toThrow(new FieldProblem('longer than 64 characters (it has 65)'));
  });

  it('accept a string exactly when it has at most the declared number of code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer({ min: 1, max: 8 }), (text, max) => {
        const fits = [...text].length <= max;
        const parse = () => parseCell(text, column('text', max));
        if (fits) expect(parse()).toBe(text === '' ? null : text);
        else expect(parse).toThrow(FieldProblem);
      }),
    );
  });
});

describe('kinds of violation', () => {
  it('drop the values a reason quotes and its free-standing numbers and dates, and keep words with digits in them', () => {
    expect(kindOf('invalid UTF-8 (the file must be UTF-8 encoded)')).toBe('invalid UTF-8 (the file must be UTF-8 encoded)');
    expect(kindOf('date 2024-06-07 lies after the declared as-of date 2024-06-06')).toBe('date # lies after the declared as-of date #');
    expect(kindOf('expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, got "2024-13-01 10:00"')).toBe('expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, got …');
    expect(kindOf("amount 12.00 is below the product's min_amount 100.00")).toBe("amount # is below the product's min_amount #");
    expect(kindOf('customer "C5" was rejected at customers.csv:17')).toBe('customer … was rejected at customers.csv:#');
    expect(kindOf('longer than 64 characters (it has 65)')).toBe('longer than # characters (it has #)');
  });

  it('are counted by file, column and kind', () => {
    const log = new ViolationLog();
    for (const line of [3, 4, 5]) log.add({ file: 'customers.csv', line, column: 'city', reason: 'invalid UTF-8 (the file must be UTF-8 encoded)' });
    log.add({ file: 'customers.csv', line: 6, column: 'city', reason: 'longer than 64 characters (it has 70)' });
    expect(log.byKind()).toEqual([
      { kind: 'customers.csv:city: invalid UTF-8 (the file must be UTF-8 encoded)', count: 3 },
      { kind: 'customers.csv:city: longer than # characters (it has #)', count: 1 },
    ]);
  });
});
