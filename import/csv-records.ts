/**
 * Streams an RFC 4180 CSV file as batches of records with their line numbers. Hand-written
 * because the import's hot loop needs it: bench/csv-reader.ts measures it against csv-parse.
 * A malformed line (bad quoting, invalid UTF-8, a NUL byte) becomes a problem of that record, not
 * of the file, so that quarantine mode can set just that row aside.
 */
import { createReadStream } from 'node:fs';

/** Why one record could not be read; `fieldIndex` is 0-based. */
export interface RecordProblem {
  fieldIndex: number;
  reason: string;
}

/** Records of one batch, the physical line on which each starts (line 1 is the header), and problems by index. */
export interface CsvBatch {
  records: string[][];
  lines: number[];
  problems: Map<number, RecordProblem>;
  /** Bytes of the file read so far, for progress. */
  bytesRead: number;
}

const BATCH_SIZE = 4096;
const QUOTE = 34; // "
const COMMA = 44;
const LF = 10;
const CR = 13;
const REPLACEMENT = '\uFFFD'; // what the decoder puts where bytes were not UTF-8
// Valid UTF-8 but not text: both engines would store it, yet SQLite's length() and C tools stop at it.
const NUL = '\u0000';

type Parsed = { fields: string[]; next: number; newlines: number } | { problem: RecordProblem; next: number; newlines: number };

/** Index just past the line end at or after `from` (or the text's end). */
function skipLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Parses one record that holds a quote, starting at `start`. Returns null when the record is not
 * complete in `text` and more input may follow.
 */
function parseQuotedRecord(text: string, start: number, atEnd: boolean): Parsed | null {
  const fields: string[] = [];
  let i = start;
  let newlines = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          if (!atEnd) return null;
          return { problem: { fieldIndex: fields.length, reason: 'unterminated quoted field' }, next: text.length, newlines };
        }
        const chunk = text.slice(from, q);
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) newlines++;
        value += chunk;
        if (q + 1 >= text.length && !atEnd) return null; // cannot tell "" from " yet
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR && text.charCodeAt(i + 1) === LF) return { fields, next: i + 2, newlines: newlines + 1 };
      if (c === LF) return { fields, next: i + 1, newlines: newlines + 1 };
      if (i >= text.length) return atEnd ? { fields, next: i, newlines } : null;
      return {
        problem: { fieldIndex: fields.length - 1, reason: 'unexpected character after a closing quote' },
        next: skipLine(text, i),
        newlines: newlines + 1,
      };
    }
    let end = i;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === COMMA || c === LF) break;
      if (c === QUOTE) {
        return { problem: { fieldIndex: fields.length, reason: 'quote inside an unquoted field' }, next: skipLine(text, end), newlines: newlines + 1 };
      }
      end++;
    }
    if (end >= text.length && !atEnd) return null;
    let value = text.slice(i, end);
    if (text.charCodeAt(end) !== COMMA && value.endsWith('\r')) value = value.slice(0, -1);
    fields.push(value);
    if (text.charCodeAt(end) === COMMA) {
      i = end + 1;
      continue;
    }
    return { fields, next: end + 1, newlines: newlines + 1 };
  }
}

/** The first field that is not text (bytes that were not UTF-8, or a NUL), as a problem of its record. */
function undecodable(fields: string[]): RecordProblem | undefined {
  for (let i = 0; i < fields.length; i++) {
    if (fields[i].includes(REPLACEMENT)) return { fieldIndex: i, reason: 'invalid UTF-8 (the file must be UTF-8 encoded)' };
    if (fields[i].includes(NUL)) return { fieldIndex: i, reason: 'contains a NUL byte: expected text without NUL bytes' };
  }
  return undefined;
}

/** Reads a CSV file (UTF-8, optional BOM) and yields its records in batches. */
export async function* readCsvBatches(path: string): AsyncGenerator<CsvBatch> {
  // Not fatal: invalid bytes become U+FFFD, which then marks exactly the record and field they were in.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let pending = '';
  let line = 1; // line on which the next record starts
  let bytesRead = 0;
  let batch: CsvBatch = { records: [], lines: [], problems: new Map(), bytesRead: 0 };

  const push = (fields: string[], problem?: RecordProblem) => {
    if (!problem) problem = undecodable(fields);
    if (problem) batch.problems.set(batch.records.length, problem);
    batch.records.push(fields);
    batch.lines.push(line);
  };

  const consume = function* (text: string, atEnd: boolean): Generator<CsvBatch> {
    let pos = 0;
    // Next quote / replacement char / NUL at or after pos; recomputed only when passed, to stay linear.
    let quote = -2;
    let replaced = -2;
    let nul = -2;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0 && !atEnd) break;
      const lineEnd = nl < 0 ? text.length : nl;
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (replaced !== -1 && replaced < pos) replaced = text.indexOf(REPLACEMENT, pos);
      if (nul !== -1 && nul < pos) nul = text.indexOf(NUL, pos);
      if (quote >= 0 && quote < lineEnd) {
        const parsed = parseQuotedRecord(text, pos, atEnd);
        if (!parsed) break;
        if ('problem' in parsed) push([], parsed.problem);
        else push(parsed.fields);
        line += parsed.newlines;
        pos = parsed.next;
      } else {
        let end = lineEnd;
        if (end > pos && text.charCodeAt(end - 1) === CR) end--;
        if (end > pos) {
          const fields = text.slice(pos, end).split(',');
          if ((replaced >= 0 && replaced < lineEnd) || (nul >= 0 && nul < lineEnd)) push(fields);
          else {
            batch.records.push(fields);
            batch.lines.push(line);
          }
        } // a blank line carries no record
        line++;
        pos = lineEnd + 1;
      }
      if (batch.records.length >= BATCH_SIZE) {
        batch.bytesRead = bytesRead;
        yield batch;
        batch = { records: [], lines: [], problems: new Map(), bytesRead: 0 };
      }
    }
    pending = text.slice(Math.min(pos, text.length));
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    yield* consume(pending + decoder.decode(chunk, { stream: true }), false);
  }
  yield* consume(pending + decoder.decode(), true);
  if (batch.records.length > 0) {
    batch.bytesRead = bytesRead;
    yield batch;
  }
}
