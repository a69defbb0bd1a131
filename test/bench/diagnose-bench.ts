/**
 * `npm run bench`: diagnoses every scenario against the emulator with injected latency and
 * prints per scenario the ARM and Kubernetes requests, duplicate fetches, round trips (the
 * critical-path depth), the parallel wall time, and the same diagnosis with one request at a
 * time (no prefetch) as the sequential baseline; then what the Activity Log read adds per
 * history scenario (test/bench/history-bench.ts). Measures; asserts nothing.
 *
 *   npm run bench -- [--latency 50ms] [--scenario NAME[,NAME…]] [--runs N (median of N, default 1)]
 */
import { diagnose, openEmulatorSession } from '../helpers/registry.js';
import { SCENARIOS } from '../../src/emulator/scenarios/index.js';
import { parseDuration } from '../../src/emulator/duration.js';
import { historyCost, historyCostLines } from './history-bench.js';
import { criticalPathDepth } from './depth.js';

/**
 * The baseline: the same gateways with one request in flight at a time (every async method
 * waits for the previous call to settle), and the engine at concurrency 1 (no prefetch).
 */
function serialized<T extends object>(target: T): T {
  let chain: Promise<unknown> = Promise.resolve();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || prop === 'stats') return value;
      return (...args: unknown[]) => {
        const run = chain.then(() => (value as (...a: unknown[]) => unknown).apply(obj, args));
        chain = run.catch(() => undefined);
        return run;
      };
    },
  });
}

interface Row {
  scenario: string;
  arm: number;
  kube: number;
  dup: number;
  depth: number;
  wallMs: number;
  seqMs: number;
}

async function measure(scenario: string, latencyMs: number, concurrency?: number): Promise<{ row: Omit<Row, 'seqMs'> }> {
  const session = await openEmulatorSession({ scenario, latencyMs });
  try {
    const from = session.emulator.requests.length;
    const before = session.azure.stats();
    const t0 = performance.now();
    const report = concurrency
      ? await diagnose({ clusterId: session.clusterId, azure: serialized(session.azure), kube: serialized(session.kube), concurrency })
      : await session.diagnose();
    const wallMs = performance.now() - t0;
    const log = session.emulator.requests.slice(from);
    return {
      row: {
        scenario,
        arm: report.stats.armRequests,
        kube: report.stats.kubeRequests,
        dup: session.azure.stats().duplicateFetches - before.duplicateFetches,
        depth: criticalPathDepth(log),
        wallMs,
      },
    };
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const latencyArg = args[args.indexOf('--latency') + 1];
  const latencyMs = args.includes('--latency') && latencyArg ? parseDuration(latencyArg) : 50;
  const only = args.includes('--scenario') ? (args[args.indexOf('--scenario') + 1] ?? '').split(',') : undefined;
  const runsArg = args[args.indexOf('--runs') + 1];
  const runs = args.includes('--runs') && runsArg ? Math.max(1, Number.parseInt(runsArg, 10) || 1) : 1;
  const rows: Row[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only.includes(x.name))) {
    await measure(s.name, 0); // warm-up: module loading and TLS session setup off the clock
    // On a shared machine one run is noisy: the median of `--runs` of each (its round trips too).
    const fast: Omit<Row, 'seqMs'>[] = [];
    const seq: number[] = [];
    for (let i = 0; i < runs; i++) {
      fast.push((await measure(s.name, latencyMs)).row);
      seq.push((await measure(s.name, latencyMs, 1)).row.wallMs);
    }
    const mid = fast.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs / 2)] as Omit<Row, 'seqMs'>;
    rows.push({ ...mid, seqMs: seq.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0 });
  }
  const head = ['scenario', 'ARM', 'kube', 'dup', 'round trips', 'parallel ms', 'budget ms', 'sequential ms', 'speed-up'];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.arm),
    String(r.kube),
    String(r.dup),
    String(r.depth),
    r.wallMs.toFixed(0),
    String((r.depth + 2) * latencyMs + 200),
    r.seqMs.toFixed(0),
    `${(r.seqMs / r.wallMs).toFixed(1)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`latency ${latencyMs} ms per request, median of ${runs} run(s), node ${process.version}`);
  console.log(fmt(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
  const maxDepth = Math.max(...rows.map((r) => r.depth));
  const minRatio = Math.min(...rows.map((r) => r.seqMs / r.wallMs));
  const overBudget = rows.filter((r) => r.wallMs > (r.depth + 2) * latencyMs + 200).map((r) => r.scenario);
  console.log(`max round trips ${maxDepth}; max ARM requests ${Math.max(...rows.map((r) => r.arm))}; min speed-up ${minRatio.toFixed(1)}×; over the wall budget: ${overBudget.join(', ') || 'none'}; duplicate fetches: ${rows.reduce((a, r) => a + r.dup, 0)}`);
  // What the Activity Log read behind root causes adds (the table above runs without it).
  if (!only || only.some((s) => s.startsWith('history-'))) {
    console.log('');
    for (const line of historyCostLines(await historyCost(latencyMs), latencyMs)) console.log(line);
  }
}

await main();
