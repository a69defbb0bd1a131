/**
 * `npm run bench:rg`: the emulated Resource Graph and the per-registry ARM reads over generated
 * fleets, through the real gateway (pipeline, quota handling) with injected latency. For each
 * size: how long `fleet:N` takes to build, the three inventory queries (pages, rows, time,
 * throttles), then one cache-rule list per registry (what Resource Graph lacks) at the gateway's
 * concurrency, and the process's memory. Measures; asserts nothing.
 *
 *   npm run bench:rg -- [--latency 50ms] [--sizes 10,100,1000] [--concurrency 16]
 */
import { createAzureGateway } from '../../src/azure/gateway.js';
import { parseDuration } from '../../src/emulator/duration.js';
import { startEmulator } from '../../src/emulator/server.js';
import { buildFleet } from '../../src/emulator/scenarios/fleet.js';
import { FLEET_QUERIES, FLEET_TYPES, toInventory } from '../../src/fleet/queries.js';
import { ScopedTestCredential } from '../azure/helpers.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const latencyMs = parseDuration(arg('--latency') ?? '50ms') ?? 50;
const sizes = (arg('--sizes') ?? '10,100,1000').split(',').map(Number);
const concurrency = Number(arg('--concurrency') ?? '16');

interface Row {
  clusters: number;
  subscriptions: number;
  resources: number;
  buildMs: number;
  rgQueries: number;
  rgRows: number;
  rgMs: number;
  rgQueriesPerS: number;
  throttled: number;
  registries: number;
  armRequests: number;
  armMs: number;
  rssMb: number;
}

const mb = (n: number): number => Math.round(n / 1024 / 1024);

async function measure(n: number): Promise<Row> {
  const t0 = performance.now();
  buildFleet(n);
  const buildMs = performance.now() - t0;
  // The emulator keeps its own copy: the built one is not held here.
  const emu = await startEmulator({ bundle: buildFleet(n), latencyMs });
  const g = createAzureGateway({ credential: new ScopedTestCredential(), armEndpoint: emu.url, caPem: emu.caPem, concurrency });
  try {
    const t1 = performance.now();
    const [rows, records, assignments] = await Promise.all(FLEET_QUERIES.map((q) => g.resourceGraph.query<Record<string, unknown>>(q.kql, {}, q.name)));
    const rgMs = performance.now() - t1;
    const inv = toInventory(rows ?? [], records ?? [], assignments ?? []);
    const rg = g.resourceGraph.stats();
    const armBefore = g.stats().requests - rg.queries;
    const t2 = performance.now();
    // Role assignments came from authorizationresources: what is left per registry is its cache rules.
    await Promise.all(inv.registries.map(async (r) => g.cacheRules(r.id)));
    const armMs = performance.now() - t2;
    return {
      clusters: inv.clusters.length,
      subscriptions: new Set(inv.clusters.map((c) => c.subscriptionId)).size,
      resources: emu.bundle.arm.length,
      buildMs,
      rgQueries: rg.queries,
      rgRows: (rows?.length ?? 0) + (records?.length ?? 0) + (assignments?.length ?? 0),
      rgMs,
      rgQueriesPerS: rg.queries / (rgMs / 1000),
      throttled: rg.throttled,
      registries: inv.registries.filter((r) => r.type === FLEET_TYPES.registry).length,
      armRequests: g.stats().requests - rg.queries - armBefore,
      armMs,
      rssMb: mb(process.memoryUsage().rss),
    };
  } finally {
    g.close();
    await emu.close();
  }
}

const out: Row[] = [];
for (const n of sizes) out.push(await measure(n));
const cols: [keyof Row, string][] = [
  ['clusters', 'clusters'], ['subscriptions', 'subs'], ['resources', 'resources'], ['buildMs', 'build ms'], ['rgQueries', 'RG queries'],
  ['rgRows', 'RG rows'], ['rgMs', 'RG ms'], ['rgQueriesPerS', 'RG q/s'], ['throttled', '429s'], ['registries', 'registries'], ['armRequests', 'ARM reqs'], ['armMs', 'ARM ms'], ['rssMb', 'RSS MB'],
];
process.stdout.write(`Resource Graph + per-registry ARM reads, ${latencyMs} ms latency per request, gateway concurrency ${concurrency}\n`);
process.stdout.write(`| ${cols.map((c) => c[1]).join(' | ')} |\n|${cols.map(() => '---').join('|')}|\n`);
for (const r of out) process.stdout.write(`| ${cols.map(([k]) => String(Math.round(r[k]))).join(' | ')} |\n`);
