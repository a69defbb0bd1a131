/**
 * The fault matrix (issue 16, item 7): each `--emulator-fault` fault × each resource type the
 * diagnosis reads, through the real CLI as a child process against the emulator (started here,
 * with the faults parsed from their SPECs, so its request log is at hand), with short deadlines.
 * Each run ends by itself, with exit 1 (a check could not be judged) or 3 (the diagnosis could not
 * complete), the affected check named `error` (or `skip` on the Kubernetes side), the others still
 * judged, and nothing written. The fault × type → outcome, time table is printed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { parseFaultSpec } from '../../src/emulator/fault-spec.js';
import { requestResourceType } from '../../src/emulator/fault-spec.js';
import { startEmulator } from '../../src/emulator/server.js';
import { scenarioBundle } from '../../src/app/session.js';

const SCENARIO = 'healthy-byo';
/**
 * The diagnosis deadline: long enough that a per-request fault (1 s request timeout, with the
 * SDK's retries and backoff) ends its own read before it, even three CLIs at a time on two busy
 * cores (a reset registry read took over 5 s there and hit a 5 s deadline). The diagnosis deadline
 * itself is tested in test/engine/run.test.ts, test/cli/faults.test.ts and test/cli/emulator-fault.test.ts.
 */
const DIAGNOSIS_TIMEOUT = '15s';
/** A process still running then is a hang (the deadline is 15 s), and is killed. */
const KILL_AFTER_MS = 30_000;
const CONCURRENCY = 3;

/** The resource types the diagnosis reads, and the check that reads them. */
const TYPES: Array<{ type: string; api: 'arm' | 'kube'; check: string }> = [
  // The agent pools come in the cluster's own body: no read of their own.
  { type: 'managedClusters', api: 'arm', check: 'cluster.readable' },
  { type: 'registries', api: 'arm', check: 'registry.exists' },
  { type: 'cacheRules', api: 'arm', check: 'registry.mcr-cache-rule' },
  { type: 'privateEndpoints', api: 'arm', check: 'registry.private-endpoint' },
  { type: 'privateDnsZones', api: 'arm', check: 'dns.zone' },
  { type: 'virtualNetworkLinks', api: 'arm', check: 'dns.vnet-link' },
  { type: 'A', api: 'arm', check: 'dns.records' },
  { type: 'roleAssignments', api: 'arm', check: 'registry.configuration' },
  // The node list only maps nodes to pools: without it the nodes check still judges from the events.
  { type: 'pods', api: 'kube', check: 'pods.image-pull-failures' },
];
/**
 * The full product (7 faults × 9 types, 63 child processes) takes minutes on 2 shared cores; the
 * suite runs every fault on the four types that stand for the others (the cluster, which ends the
 * diagnosis; a registry read; a DNS record list; the Kubernetes pod list), and every other type
 * under the two faults that differ most (no answer; an ARM error answer). AKS_NETISO_FULL_MATRIX=1
 * runs the full product.
 */
const EVERY_FAULT_ON = new Set(['managedClusters', 'registries', 'A', 'pods']);
const OTHER_TYPES_FAULTS = new Set(['hang', 'status:429:retry-after=3600']);
const FULL = process.env.AKS_NETISO_FULL_MATRIX === '1';
const FAULTS = ['hang', 'drip', 'reset', 'status:429:retry-after=3600', 'html:502', 'badjson', 'latency:3s'];

interface Outcome { spec: string; code: number | null; killed: boolean; seconds: number; statuses: Record<string, string>; writes: string[]; stderr: string; types: string[] }

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-matrix-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { killAfterMs: KILL_AFTER_MS });
}

async function run(spec: string | undefined, name: string): Promise<Outcome> {
  const emulator = await startEmulator({ bundle: scenarioBundle(SCENARIO), faults: spec ? [parseFaultSpec(spec)] : [] });
  try {
    const env = await emulator.writeEnv(join(dir, name));
    const r = await cli([
      'diagnose', '--cluster-id', env.clusterId, '--arm-endpoint', env.armEndpoint, '--ca-file', env.caCertificate,
      '--access-token', 'emulator', '--kubeconfig', env.kubeconfig, '--request-timeout', '1s', '--timeout', DIAGNOSIS_TIMEOUT, '--output', 'json',
    ]);
    let statuses: Record<string, string> = {};
    try {
      const report = JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string }> };
      statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    } catch {
      // no report: the assertions below say so
    }
    const writes = emulator.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD').map((q) => `${q.method} ${q.path}`);
    const types = [...new Set(emulator.requests.map((q) => `${q.api}:${requestResourceType(q.api, q.path)}`))];
    return { spec: spec ?? '(none)', code: r.code, killed: r.killed, seconds: r.seconds, statuses, writes, stderr: r.stderr, types };
  } finally {
    await emulator.close();
  }
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  }));
  return out;
}

describe('fault matrix: every fault × every resource type the diagnosis reads, through the real CLI', () => {
  let baseline: Outcome;
  const cells: Array<{ fault: string; type: (typeof TYPES)[number]; outcome: Outcome }> = [];
  let tlsStall: Outcome;

  beforeAll(async () => {
    baseline = await run(undefined, 'baseline');
    const jobs = FAULTS.flatMap((fault) => TYPES.map((type) => ({ fault, type })))
      .filter(({ fault, type }) => FULL || EVERY_FAULT_ON.has(type.type) || OTHER_TYPES_FAULTS.has(fault));
    const outcomes = await pool(jobs, CONCURRENCY, ({ fault, type }, i) => run(`${type.api === 'kube' ? 'kube' : 'GET'}:${type.type}:${fault}`, `cell-${i}`));
    jobs.forEach((job, i) => cells.push({ ...job, outcome: outcomes[i] as Outcome }));
    tlsStall = await run('tls-stall', 'tls-stall');
    const rows = [
      `| fault | ${TYPES.map((t) => t.type).join(' | ')} |`,
      `|---|${TYPES.map(() => '---').join('|')}|`,
      ...FAULTS.map((fault) => `| ${fault} | ${TYPES.map((t) => cells.find((c) => c.fault === fault && c.type === t)).map((c) => (c ? `${c.outcome.statuses[c.type.check] ?? 'none'} exit ${c.outcome.code} ${c.outcome.seconds.toFixed(1)} s` : '·')).join(' | ')} |`),
      `| tls-stall (every connection) | exit ${tlsStall.code} ${tlsStall.seconds.toFixed(1)} s, cluster.readable ${tlsStall.statuses['cluster.readable'] ?? 'none'} |`,
    ];
    console.log(`fault matrix (${SCENARIO}, --request-timeout 1s --timeout ${DIAGNOSIS_TIMEOUT}; cell: the affected check's status, exit code, time):\n${rows.join('\n')}`);
  }, 600_000);

  it('the baseline is healthy and reads every type of the matrix', () => {
    expect(baseline.code).toBe(0);
    for (const t of TYPES) expect(baseline.types).toContain(`${t.api}:${t.type}`);
  });

  it('each run ends by itself, well within the deadline, with a documented exit code and a report', () => {
    for (const c of [...cells.map((x) => x.outcome), tlsStall]) {
      expect(c.killed, c.spec).toBe(false);
      // The documented exit codes: 3 when the cluster could not be read, 1 when a check is an error, 0 when only skipped.
      const statuses = Object.values(c.statuses);
      const expected = c.statuses['cluster.readable'] === 'error' ? 3 : statuses.some((s) => s === 'error' || s === 'fail') ? 1 : 0;
      expect(c.code, `${c.spec}: ${c.stderr}`).toBe(expected);
      expect(Object.keys(c.statuses).length, `${c.spec}: a report was written`).toBeGreaterThan(0);
      expect(c.stderr, c.spec).not.toMatch(/\n\s+at /);
    }
  });

  it('the affected check has a named non-passing status; checks not depending on it are still judged', () => {
    for (const { fault, type, outcome } of cells) {
      const status = outcome.statuses[type.check];
      // ARM faults are errors of the check that read; on the Kubernetes side, no answer is a skip with its reason.
      expect(type.api === 'arm' ? ['error'] : ['error', 'skip'], `${fault} on ${type.type}: ${type.check} is ${status}`).toContain(status);
      if (type.api === 'arm' && type.type !== 'managedClusters') {
        expect(outcome.statuses['cluster.readable'], `${fault} on ${type.type}`).toBe('pass');
      }
      if (type.api === 'kube') {
        expect(outcome.statuses['registry.exists'], `${fault} on ${type.type}`).toBe('pass');
      }
    }
    expect(tlsStall.code).toBe(3);
    expect(tlsStall.statuses['cluster.readable']).toBe('error');
  });

  it('nothing is written: the emulator saw no PUT, POST, PATCH or DELETE', () => {
    for (const c of [baseline, tlsStall, ...cells.map((x) => x.outcome)]) expect(c.writes, c.spec).toEqual([]);
  });
});
