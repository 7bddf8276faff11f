/** Runs one benchmark phase in a fresh Node process so that its peak RSS is its own. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface PhaseResult {
  seconds: number;
  rows: number;
  maxRssMiB: number;
  detail?: Record<string, unknown>;
}

const PHASE_SCRIPT = fileURLToPath(new URL('../phase.js', import.meta.url));

export function runPhase(args: string[]): PhaseResult {
  const out = execFileSync(process.execPath, [PHASE_SCRIPT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as PhaseResult;
}
