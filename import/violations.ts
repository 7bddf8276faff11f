/** Violations of the import contract: each names file, line, column and reason; counted by reason. */

export interface Violation {
  file: string;
  /** 1-based physical line; 0 for a problem with the file as a whole. */
  line: number;
  /** CSV column name, or a description such as `field 7` for a ragged row. */
  column: string;
  reason: string;
}

/** `purchases.csv:17:amount: money must not be negative, got "-5"` */
export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}:${v.column}: ${v.reason}`;
}

/**
 * The kind of a reason is the reason without the values it quotes: they are row-specific, and possibly
 * personal. Quoted text goes, and so do numbers, dates and times standing on their own; a digit that
 * belongs to a word (`UTF-8`, `C5`, `utf8mb4`) is part of the wording and stays.
 */
export function kindOf(reason: string): string {
  return reason.replace(/"[^"]*"/g, '…').replace(/(?<![\p{L}\p{N}_][-+]?)\d[\d.:-]*/gu, '#');
}

/** Keeps the first violations verbatim and counts all of them by file, column and kind of reason. */
export class ViolationLog {
  readonly kept: Violation[] = [];
  private readonly counts = new Map<string, number>();
  total = 0;
  /** Violations of a file as a whole (missing file, header problems): these fail even a quarantine import. */
  fileLevel = 0;

  constructor(private readonly keep = 1000) {}

  add(v: Violation): void {
    this.total++;
    if (v.line <= 1) this.fileLevel++;
    if (this.kept.length < this.keep) this.kept.push(v);
    const kind = `${v.file}:${v.column}: ${kindOf(v.reason)}`;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  /** Count per kind of violation, most frequent first. */
  byKind(): Array<{ kind: string; count: number }> {
    return [...this.counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
  }
}
