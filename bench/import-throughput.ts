/**
 * Generate and import throughput (rows/s) and peak RSS for a synthetic bank, into SQLite and MariaDB.
 * Usage: node dist/bench/import-throughput.js [--customers 100000] [--days 400] [--seed 1] [--mysql URL]
 * Writes its section of BENCHMARKS.md.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { runPhase, type PhaseResult } from './lib/child-phase.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
    mysql: { type: 'string', default: process.env.WEALTHREC_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' },
    work: { type: 'string', default: '.bench-work' },
  },
});

const work = resolve(values.work!);
const bankDir = join(work, `bank-${values.customers}x${values.days}-s${values.seed}`);
mkdirSync(work, { recursive: true });
rmSync(bankDir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const RSS_LIMIT_MIB = 1024;
/** A row of the table, with the issue's targets checked against the measured figures. */
const line = (what: string, r: PhaseResult, minRowsPerSecond?: number) => {
  const rate = r.rows / r.seconds;
  const verdicts = [
    minRowsPerSecond === undefined ? null : `${rate >= minRowsPerSecond ? 'met' : 'MISSED'} (>= ${fmt(minRowsPerSecond)} rows/s)`,
    `${r.maxRssMiB < RSS_LIMIT_MIB ? 'met' : 'MISSED'} (RSS < 1 GiB)`,
  ].filter(Boolean);
  return `| ${what} | ${fmt(r.rows)} | ${r.seconds.toFixed(1)} | ${fmt(rate)} | ${fmt(r.maxRssMiB)} | ${verdicts.join(', ')} |`;
};

console.error(`generating ${values.customers} customers x ${values.days} days …`);
const generated = runPhase(['generate', bankDir, values.customers!, values.days!, values.seed!]);

console.error('importing into SQLite …');
const sqliteFile = join(work, 'bench.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
const sqlite = runPhase(['import', bankDir, `sqlite:${sqliteFile}`]);

console.error('importing into MariaDB …');
const server = new URL(values.mysql!);
const admin = await mysql.createConnection({ uri: values.mysql! });
await admin.query('DROP DATABASE IF EXISTS wealthrec_bench');
await admin.query('CREATE DATABASE wealthrec_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
const [[version]] = (await admin.query('SELECT VERSION() AS v')) as unknown as [[{ v: string }]];
server.pathname = '/wealthrec_bench';
const mariadb = runPhase(['import', bankDir, server.toString()]);
await admin.query('DROP DATABASE wealthrec_bench');
await admin.end();

const body = `
## Generate and import throughput

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}; MariaDB ${version.v}
- Command: \`npm run bench:import -- --customers ${values.customers} --days ${values.days} --seed ${values.seed}\`
- Backend: no model involved (TensorFlow.js backend: n/a)
- Bank: ${fmt(Number(values.customers))} customers x ${values.days} days, ${fmt(generated.rows)} CSV rows (${Object.entries(
  generated.detail!.rowsByTable as Record<string, number>,
)
  .map(([t, n]) => `${t} ${fmt(n)}`)
  .join(', ')})
- Each phase runs in its own process; RSS is that process's peak. Import is one transaction, validated row by row.

| phase | rows | seconds | rows/s | peak RSS (MiB) | targets of issue 2 |
|---|---:|---:|---:|---:|---|
${line('generate (CSV)', generated)}
${line('import into SQLite', sqlite, 300_000)}
${line('import into MariaDB', mariadb, 100_000)}

Runs on this shared 2-core machine vary by about 15% from one to the next.
`;
replaceSection('import', body);
console.log(body);
