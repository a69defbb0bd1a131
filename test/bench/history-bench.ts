/**
 * What reading the Activity Log adds to a diagnosis, per history scenario: requests,
 * critical-path depth (round trips in sequence) and wall time with and without history, at the
 * injected latency (medians of three runs each, after a warm-up). Measures; asserts nothing.
 * `npm run bench` prints it after the scenario table; alone:
 * `npx tsx test/bench/history-bench.ts [--latency 50ms]`.
 */
import { pathToFileURL } from 'node:url';
import { openEmulatorSession } from '../helpers/registry.js';
import { HISTORY_SCENARIOS } from '../../src/emulator/scenarios/history.js';
import { parseDuration } from '../../src/emulator/duration.js';
import type { RequestLogEntry } from '../../src/emulator/api.js';

/** Longest chain of answered requests where each starts after the previous ended (the round trips in sequence). */
function depth(entries: readonly RequestLogEntry[]): number {
  const sorted = entries.filter((e) => e.status !== 0).sort((a, b) => a.start - b.start);
  const d: number[] = [];
  sorted.forEach((e, i) => {
    let best = 1;
    for (let j = 0; j < i; j++) if ((sorted[j]?.end ?? Infinity) <= e.start) best = Math.max(best, (d[j] ?? 0) + 1);
    d[i] = best;
  });
  return Math.max(0, ...d);
}

interface Run { requests: number; historyRequests: number; depth: number; wallMs: number }

async function measure(scenario: string, latencyMs: number, history: boolean): Promise<Run> {
  const session = await openEmulatorSession({ scenario, latencyMs, history });
  try {
    const t0 = performance.now();
    await session.diagnose();
    const wallMs = performance.now() - t0;
    const log = session.emulator.requests;
    return { requests: log.length, historyRequests: log.filter((r) => r.path.includes('/Microsoft.Insights/eventtypes/')).length, depth: depth(log), wallMs };
  } finally {
    await session.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export interface HistoryCost { scenario: string; off: Run; on: Run }

/** Each history scenario without and with history: a warm-up, then the median wall of `repeat` pairs. */
export async function historyCost(latencyMs: number, repeat = 3): Promise<HistoryCost[]> {
  const rows: HistoryCost[] = [];
  for (const s of HISTORY_SCENARIOS) {
    await measure(s.name, 0, true); // warm-up: module loading and TLS session setup off the clock
    const offs: Run[] = [];
    const ons: Run[] = [];
    for (let i = 0; i < repeat; i++) {
      offs.push(await measure(s.name, latencyMs, false));
      ons.push(await measure(s.name, latencyMs, true));
    }
    const pick = (runs: Run[]): Run => ({ ...(runs.at(-1) as Run), depth: median(runs.map((r) => r.depth)), wallMs: median(runs.map((r) => r.wallMs)) });
    rows.push({ scenario: s.name, off: pick(offs), on: pick(ons) });
  }
  return rows;
}

/** The lines the bench prints: one per scenario, then the verdict against "at most one round trip". */
export function historyCostLines(rows: readonly HistoryCost[], latencyMs: number): string[] {
  const lines = rows.map((r) => `${r.scenario}: history adds ${r.on.requests - r.off.requests} request(s) (${r.on.historyRequests} Activity Log), ${r.on.depth - r.off.depth} round trip(s) in sequence (depth ${r.off.depth} → ${r.on.depth}), wall ${Math.round(r.off.wallMs)} → ${Math.round(r.on.wallMs)} ms`);
  const extraDepth = Math.max(...rows.map((r) => r.on.depth - r.off.depth));
  const extraWall = Math.max(...rows.map((r) => r.on.wallMs - r.off.wallMs));
  lines.push(`history cost at ${latencyMs} ms per request: at most +${Math.max(0, extraDepth)} round trip(s) in sequence, at most ${Math.round(extraWall)} ms more wall (medians of the runs); budget one round trip (${latencyMs} ms): ${extraDepth <= 1 ? 'within' : 'OVER'}`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--latency');
  const latencyMs = i >= 0 ? parseDuration(process.argv[i + 1] ?? '50ms') : 50;
  for (const line of historyCostLines(await historyCost(latencyMs), latencyMs)) console.log(line);
}
