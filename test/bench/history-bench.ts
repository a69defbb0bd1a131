/**
 * `npx tsx test/bench/history-bench.ts [--latency 50ms]`: what reading the Activity Log adds to a
 * diagnosis, per history scenario: requests, critical-path depth (round trips in sequence) and
 * wall time with and without history, at the injected latency. Measures; asserts nothing.
 */
import { openEmulatorSession } from '../helpers/registry.js';
import { HISTORY_SCENARIOS } from '../../src/emulator/scenarios/history.js';
import { parseDuration } from '../../src/emulator/duration.js';
import type { RequestLogEntry } from '../../src/emulator/api.js';

/** Longest chain of requests where each starts after the previous ended (the round trips in sequence). */
function depth(entries: readonly RequestLogEntry[]): number {
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const d: number[] = [];
  sorted.forEach((e, i) => {
    let best = 1;
    for (let j = 0; j < i; j++) if ((sorted[j]?.end ?? Infinity) <= e.start) best = Math.max(best, (d[j] ?? 0) + 1);
    d[i] = best;
  });
  return Math.max(0, ...d);
}

async function measure(scenario: string, latencyMs: number, history: boolean): Promise<{ requests: number; depth: number; wallMs: number }> {
  const session = await openEmulatorSession({ scenario, latencyMs, history });
  try {
    const t0 = performance.now();
    await session.diagnose();
    const wallMs = performance.now() - t0;
    return { requests: session.emulator.requests.length, depth: depth(session.emulator.requests), wallMs };
  } finally {
    await session.close();
  }
}

const i = process.argv.indexOf('--latency');
const latencyMs = i >= 0 ? parseDuration(process.argv[i + 1] ?? '50ms') : 50;
for (const s of HISTORY_SCENARIOS) {
  const off = await measure(s.name, latencyMs, false);
  const on = await measure(s.name, latencyMs, true);
  console.log(`${s.name}: history adds ${on.requests - off.requests} request(s), ${on.depth - off.depth} round trip(s) in sequence (depth ${off.depth} → ${on.depth}), wall ${Math.round(off.wallMs)} → ${Math.round(on.wallMs)} ms at ${latencyMs} ms latency`);
}
