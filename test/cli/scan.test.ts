import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../src/emulator/scenarios/fleet.js';
import { runCli } from '../helpers/run-cli.js';

const scan = (args: string[]): ReturnType<typeof runCli> => runCli(['scan', ...args], { killAfterMs: 110_000 });

/** The built CLI's `scan`: outputs, exit codes, fleet bundles, and clear errors within a deadline. */
describe('aks-netiso scan', { timeout: 120_000 }, () => {
  it.each<[string, string[], number, RegExp]>([
    ['a healthy cluster: exit 0', ['--scenario', 'healthy-managed'], 0, /1 healthy/],
    ['a broken cluster: exit 1, its root cause and fix', ['--scenario', 'managed-cache-rule-deleted'], 1, /registry\.mcr-cache-rule: [\s\S]*fix: delete-registry-and-reconcile/],
    ['a cluster that is not isolated only: exit 0', ['--scenario', 'not-network-isolated'], 0, /1 not isolated/],
  ])('%s', async (_n, args, code, pattern) => {
    const r = await scan(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(pattern);
  });

  it('fleet:60 as fleet@1 JSON: every cluster, most severe first, the stats', async () => {
    const r = await scan(['--scenario', 'fleet:60', '-o', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { schema: string; clusters: { status: string }[]; scope: { subscriptions: string[] }; stats: { clusters: number; resourceGraphQueries: number } };
    expect(report.schema).toBe('aks-netiso/fleet@1');
    expect(report.stats.clusters).toBe(60);
    expect(report.scope.subscriptions).toHaveLength(2);
    expect(report.clusters[0]?.status).toBe('problem');
    expect(report.clusters.at(-1)?.status).toBe('healthy');
    expect(report.stats.resourceGraphQueries).toBeLessThanOrEqual(20);
  });

  it('--subscription narrows the scope; --out writes JUnit with a testsuite per subscription', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-scan-'));
    const out = join(dir, 'fleet.xml');
    const sub = buildFleet(60).arm.find((r) => /managedclusters$/i.test(r.type))?.id.split('/')[2] ?? '';
    const r = await scan(['--scenario', 'fleet:60', '--subscription', sub, '-o', 'junit', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`wrote ${out}`);
    const xml = await readFile(out, 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml.match(/<testcase /g)).toHaveLength(50);
    expect(xml).toContain(`name="${sub}"`);
  });

  it('--management-group scopes the queries by management group and says so in fleet@1', async () => {
    const r = await scan(['--scenario', 'fleet:20', '--management-group', 'mg-platform', '-o', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { scope: { subscriptions: string[]; managementGroups: string[] }; clusters: unknown[] };
    expect(report.scope.managementGroups).toEqual(['mg-platform']);
    expect(report.clusters).toHaveLength(20);
  });

  it('--bundle: a fleet bundle without `cluster` or `kubernetes`, in Markdown', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-scan-'));
    const file = join(dir, 'fleet.json');
    const { cluster: _c, kubernetes: _k, ...rest } = buildFleet(20);
    await writeFile(file, JSON.stringify(rest));
    const r = await scan(['--bundle', file, '-o', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# aks-netiso fleet scan/);
    expect(r.stdout.split('\n').filter((l) => /^\| .*aks-fleet-\d{4}/.test(l))).toHaveLength(20);
  });

  it('capture --fleet writes a fleet bundle that scan --bundle replays to the same judgement', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-scan-'));
    const file = join(dir, 'fleet-bundle.json');
    const captured = await runCli(['capture', '--fleet', '--scenario', 'fleet:40', '-o', file], { killAfterMs: 110_000 });
    expect(captured.code).toBe(0);
    expect(captured.stderr).toMatch(/wrote .*: 40 clusters, \d+ resources/);
    const bundle = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(bundle.cluster).toBeUndefined();
    expect(JSON.stringify(bundle)).not.toMatch(/"(password|accessToken|refreshToken)"/i);
    type Line = { cluster: string; status: string; rootCauses: unknown[]; checks: unknown[] };
    const lines = (out: string): string[] => (JSON.parse(out) as { clusters: Line[] }).clusters
      .map((c) => JSON.stringify([c.cluster.toLowerCase(), c.status, c.rootCauses, c.checks])).sort();
    const live = await scan(['--scenario', 'fleet:40', '-o', 'json']);
    const replayed = await scan(['--bundle', file, '-o', 'json']);
    expect(replayed.code).toBe(live.code);
    expect(lines(replayed.stdout)).toEqual(lines(live.stdout));
  });

  it.each<[string, string[], number, RegExp]>([
    ['a subscription that is not a GUID', ['--subscription', 'prod'], 2, /--subscription must be a subscription id \(a GUID\); got "prod"/],
    ['a bundle that does not exist', ['--bundle', '/nonexistent/fleet.json'], 2, /cannot read bundle \/nonexistent\/fleet\.json: no such file/],
    ['an unknown output', ['--scenario', 'fleet:2', '-o', 'html'], 2, /--output must be one of text, json, markdown, junit/],
    ['Resource Graph refusing', ['--scenario', 'fleet:20', '--emulator-fault', 'POST:/providers/Microsoft.ResourceGraph/*:status:403'], 3, /permission denied: .*Microsoft\.ResourceGraph\/resources\/read/],
    ['the deadline passing while the inventory is read', ['--scenario', 'fleet:20', '--emulator-latency', '300ms', '--timeout', '200ms'], 3, /the scan could not complete: no answer within 200 ms from 127\.0\.0\.1/],
  ])('%s: a clear error and its exit code, never a stack trace', async (_n, args, code, pattern) => {
    const r = await scan(args);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });
});
