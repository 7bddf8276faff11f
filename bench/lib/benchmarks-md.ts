/** Writes one benchmark's section into BENCHMARKS.md, between its markers, leaving the others as they are. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const FILE = new URL('../../../BENCHMARKS.md', import.meta.url); // dist/bench/lib -> repository root
const FILE_FROM_SOURCE = new URL('../../BENCHMARKS.md', import.meta.url);

function benchmarksFile(): URL {
  return import.meta.url.includes('/dist/') ? FILE : FILE_FROM_SOURCE;
}

/** A line naming the machine the figures were measured on. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export function replaceSection(name: string, body: string): void {
  const file = benchmarksFile();
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nEvery figure here is written by a script in bench/; rerun it to refresh its section.\n';
  const section = `${start}\n${body.trim()}\n${end}`;
  const at = text.indexOf(start);
  if (at >= 0) text = text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}
