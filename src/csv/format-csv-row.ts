/** RFC 4180 encoding of one row, shared by every CSV the project writes. */

const NEEDS_QUOTES = /[",\r\n]/;

/** Encodes the cells as one CSV line ending in `\n`; null and undefined become empty cells. */
export function formatCsvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const text = cell === null || cell === undefined ? '' : String(cell);
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return `${line}\n`;
}
