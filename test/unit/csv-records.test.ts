/** The CSV reader: RFC 4180 quoting, line numbers, chunk boundaries, and per-record problems. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/csv/format-csv-row.js';
import { readCsvBatches } from '../../import/csv-records.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-csv-'));
let n = 0;

async function readAll(content: string | Buffer) {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  const out: Array<{ line: number; fields: string[]; problem?: string }> = [];
  for await (const b of readCsvBatches(path)) {
    for (const [i, fields] of b.records.entries()) out.push({ line: b.lines[i], fields, ...(b.problems.has(i) ? { problem: b.problems.get(i)!.reason } : {}) });
  }
  return out;
}

describe('readCsvBatches', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, and keeps physical line numbers', async () => {
    const rows = await readAll('a,b\n"x, y","say ""hi"""\n"two\nlines",z\nlast,row\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
  });

  it('strips a UTF-8 BOM and CRLF line ends, and skips blank lines without losing count', async () => {
    const rows = await readAll('\uFEFFid,name\r\n1,稳盈\r\n\r\n2,"安享"\r\n');
    expect(rows).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', '稳盈'] },
      { line: 4, fields: ['2', '安享'] },
    ]);
  });

  it('reads a last line without a newline', async () => {
    expect(await readAll('a\n1')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['1'] },
    ]);
  });

  it('marks bad quoting and invalid UTF-8 on the record and goes on with the next line', async () => {
    const rows = await readAll(
      Buffer.concat([Buffer.from('a,b\nx"y,1\n"q"z,2\nok,\xff\n'.replace('\xff', '')), Buffer.from([0x6f, 0x6b, 0x2c, 0xff, 0x0a]), Buffer.from('fine,3\n')]),
    );
    expect(rows.map((r) => [r.line, r.problem ?? r.fields.join('|')])).toEqual([
      [1, 'a|b'],
      [2, 'quote inside an unquoted field'],
      [3, 'unexpected character after a closing quote'],
      [4, 'ok|'],
      [5, 'invalid UTF-8 (the file must be UTF-8 encoded)'],
      [6, 'fine|3'],
    ]);
  });

  it('marks a NUL byte, quoted or not, on its record and field, and goes on with the next line', async () => {
    const rows = await readAll('a,b,c\n1,x\u0000y,3\n2,"q\u0000",4\n"5",\u0000,6\nfine,7,8\n');
    expect(rows.map((r) => [r.line, r.problem ?? r.fields.join('|')])).toEqual([
      [1, 'a|b|c'],
      [2, 'contains a NUL byte: expected text without NUL bytes'],
      [3, 'contains a NUL byte: expected text without NUL bytes'],
      [4, 'contains a NUL byte: expected text without NUL bytes'],
      [5, 'fine|7|8'],
    ]);
  });

  it('reports an unterminated quote at the end of the file', async () => {
    const rows = await readAll('a,b\n"open,1\n2,3\n');
    expect(rows[1]).toMatchObject({ line: 2, problem: 'unterminated quoted field' });
  });

  it('reads back any rows it wrote, across 1 MB chunk boundaries', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ',', '"', '\n', '\r\n', ' ', '稳', '盈', '😀'), maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 40 }), async (rows) => {
        // A non-empty first cell keeps a record from being a blank line; padding pushes rows across chunks.
        const data = rows.map(([x, y]) => [`k${x}`, y]);
        const padding = Array.from({ length: 30_000 }, (_, i) => ['pad', 'x'.repeat(30 + (i % 7))]);
        const all = [...padding, ...data];
        const read = await readAll(all.map((r) => formatCsvRow(r)).join(''));
        expect(read.map((r) => r.fields)).toEqual(all);
      }),
      { numRuns: 8 },
    );
  });
});
