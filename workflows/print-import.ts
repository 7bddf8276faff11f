/** The human summary of an import: counts per table, then the violations. */
import { TABLES } from '../src/bank/tables.js';
import { formatViolation, type ImportResult } from '../import/index.js';

const SHOWN_VIOLATIONS = 20;

export function printImport(result: ImportResult, out: (line: string) => void = console.log): void {
  const totalRead = TABLES.reduce((s, t) => s + result.tables[t.name].read, 0);
  out(
    `import run ${result.runId}: ${result.status.toUpperCase()} (${result.mode}) in ${result.seconds.toFixed(1)} s, ${Math.round(totalRead / Math.max(result.seconds, 1e-9)).toLocaleString('en')} rows/s`,
  );
  out(`${'table'.padEnd(10)} ${'read'.padStart(11)} ${'changed'.padStart(11)} ${'rejected'.padStart(9)}`);
  for (const t of TABLES) {
    const c = result.tables[t.name];
    const read = c.fileMissing ? '(no file)' : c.read.toLocaleString('en');
    out(`${t.name.padEnd(10)} ${read.padStart(11)} ${c.changed.toLocaleString('en').padStart(11)} ${c.rejected.toLocaleString('en').padStart(9)}`);
  }
  for (const w of result.warnings) out(`warning: ${w}`);
  const v = result.violations;
  if (v.total === 0) return;
  out(`${v.total.toLocaleString('en')} violation(s):`);
  for (const violation of v.kept.slice(0, SHOWN_VIOLATIONS)) out(`  ${formatViolation(violation)}`);
  if (v.total > SHOWN_VIOLATIONS) {
    out(`  … and ${(v.total - SHOWN_VIOLATIONS).toLocaleString('en')} more; by kind:`);
    for (const k of v.byKind().slice(0, 10)) out(`  ${String(k.count).padStart(9)}  ${k.kind}`);
  }
  if (result.status === 'rejected') out('nothing was kept: the database is as it was before this import');
}
