/**
 * `npm run bench:fleet`: scans generated fleets (fleet:10, fleet:100, fleet:1000 by default) served
 * by the emulator in its own process with injected latency, and prints per fleet the Resource
 * Graph queries, ARM requests (and per registry), the scan's time, the whole command's time and
 * the scanning process's peak memory. Measures; asserts nothing.
 *
 *   npm run bench:fleet -- [--latency 50ms] [--sizes 10,100,1000]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BIN } from '../e2e/tmux.js';
import { fleetMembers } from '../../src/emulator/scenarios/fleet.js';

interface Env { armEndpoint: string; caCertificate: string }
interface FleetJson { stats: { resourceGraphQueries: number; armRequests: number; throttled: number; durationMs: number }; clusters: unknown[] }

/** The emulator serving fleet:N in a child process, until stopped. */
async function startEmulator(n: number, latency: string): Promise<{ env: Env; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--scenario', `fleet:${n}`, '--emulator-latency', latency, '--print-env'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => resolve(l));
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  return {
    env: JSON.parse(line) as Env,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the scan CLI; its peak RSS comes from a preloaded hook that writes it at exit. */
async function runScan(env: Env, dir: string): Promise<{ report: FleetJson; wallMs: number; maxRssMb: number; code: number | null }> {
  const hook = join(dir, 'rss.cjs');
  const rssFile = join(dir, 'rss.txt');
  await writeFile(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const out = join(dir, 'fleet.json');
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--require', hook, BIN, 'scan', '--arm-endpoint', env.armEndpoint, '--ca-file', env.caCertificate, '--access-token', 'emulator', '-o', 'json', '--out', out],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.once('exit', (c) => resolve(c));
  });
  const wallMs = performance.now() - t0;
  const report = JSON.parse(await readFile(out, 'utf8')) as FleetJson;
  const maxRssMb = Number(await readFile(rssFile, 'utf8')) / 1024;
  return { report, wallMs, maxRssMb, code };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const latency = arg('--latency') ?? '50ms';
  const sizes = (arg('--sizes') ?? '10,100,1000').split(',').map(Number);
  const rows: string[][] = [];
  for (const n of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-fleet-bench-'));
    const emulator = await startEmulator(n, latency);
    try {
      const r = await runScan(emulator.env, dir);
      const s = r.report.stats;
      const subscriptions = Math.ceil(n / 50);
      // The registries that exist: a deleted managed registry and a cluster that is not isolated have none.
      const registries = fleetMembers(n).filter((m) => m.networkIsolated && m.kind !== 'managed-registry-deleted').length;
      rows.push([
        String(n), String(subscriptions), String(s.resourceGraphQueries), String(s.armRequests), String(registries),
        (s.armRequests / Math.max(1, registries)).toFixed(2), String(s.throttled), (s.durationMs / 1000).toFixed(1), (r.wallMs / 1000).toFixed(1),
        r.maxRssMb.toFixed(0), String(r.code),
      ]);
    } finally {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  const head = ['clusters', 'subs', 'RG queries', 'ARM requests', 'registries', 'ARM/registry', 'throttled', 'scan s', 'command s', 'peak MB', 'exit'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`fleet scan, emulator in its own process, latency ${latency} per request, node ${process.version}`);
  console.log(fmt(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of rows) console.log(fmt(l));
}

await main();
