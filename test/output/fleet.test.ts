import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { renderFleetJson, renderFleetJunit, renderFleetMarkdown, renderFleetText } from '../../src/output/fleet.js';
import { fleetClusterOf, fleetExitCode, matchesFilter, sortedBySeverity, type FleetCluster, type FleetReport } from '../../src/fleet/report.js';
import type { Report } from '../../src/core/report.js';
import { fixturePath } from './golden.js';

const XSD = readFileSync(fixturePath('junit/JUnit.xsd'), 'utf8');
const SUB_A = '00000000-0000-0000-0000-00000000000a';
const SUB_B = '00000000-0000-0000-0000-00000000000b';

function cluster(name: string, sub: string, status: FleetCluster['status'], extra: Partial<FleetCluster> = {}): FleetCluster {
  return {
    cluster: `/subscriptions/${sub}/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    subscriptionId: sub,
    resourceGroup: `rg-${name}`,
    location: 'westeurope',
    networkIsolated: status !== 'not-isolated',
    registryMode: 'managed',
    status,
    rootCauses: [],
    checks: [{ id: 'cluster.readable', status: 'pass' }],
    ...extra,
  };
}

const FLEET: FleetReport = {
  schema: 'aks-netiso/fleet@1',
  scannedAt: '2026-12-02T14:30:00.000Z',
  scope: { subscriptions: [SUB_A, SUB_B], managementGroups: [] },
  clusters: [
    cluster('alpha', SUB_A, 'healthy'),
    cluster('bravo', SUB_A, 'problem', {
      rootCauses: [{ checkId: 'registry.mcr-cache-rule', remediation: 'delete-registry-and-reconcile', summary: 'no cache rule maps mcr.microsoft.com/* <here> & "there"' }],
      checks: [{ id: 'cluster.readable', status: 'pass' }, { id: 'registry.mcr-cache-rule', status: 'fail' }],
    }),
    cluster('charlie', SUB_B, 'not-isolated', { networkIsolated: false }),
    cluster('delta', SUB_B, 'error', { error: 'permission denied reading the cluster', networkIsolated: null, registryMode: 'unknown', checks: [] }),
    cluster('echo|pipe', SUB_B, 'problem', {
      registryMode: 'byo',
      rootCauses: [{ checkId: 'dns.records', remediation: 'repair-private-dns', summary: 'an A record is missing' }],
    }),
  ],
  stats: { clusters: 5, resourceGraphQueries: 6, armRequests: 8, throttled: 1, durationMs: 1234 },
};

async function validate(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: { fileName: 'fleet.xml', contents: xml }, schema: { fileName: 'JUnit.xsd', contents: XSD } });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

describe('fleet@1 status and order', () => {
  const base: Report = {
    schema: 'aks-netiso/report@1', cluster: FLEET.clusters[0]?.cluster ?? '', networkIsolated: true, registryMode: 'managed',
    checks: [{ id: 'cluster.readable', title: 't', status: 'pass', summary: 's', evidence: [], remediations: [], durationMs: 1 }],
    rootCauses: [], imagePullFailures: [], stats: { armRequests: 0, kubeRequests: 0, durationMs: 0 },
  };
  const meta = { cluster: base.cluster, name: 'alpha', subscriptionId: SUB_A, resourceGroup: 'rg-alpha', location: 'westeurope' };
  const rc = { checkId: 'registry.exists', guideIssue: 3 as const, summary: 'gone', remediation: 'reconcile' as const };
  it.each<[string, Partial<Report>, FleetCluster['status']]>([
    ['healthy', {}, 'healthy'],
    ['a root cause', { rootCauses: [rc] }, 'problem'],
    ['a check errored, no root cause', { checks: [{ ...base.checks[0]!, status: 'error' }] }, 'problem'],
    ['not isolated (its exclusive root cause dropped)', { networkIsolated: false, rootCauses: [{ ...rc, remediation: null }] }, 'not-isolated'],
    ['a required check errored', { incomplete: 'permission denied', rootCauses: [rc] }, 'error'],
  ])('%s → %s', (_name, patch, status) => {
    const line = fleetClusterOf(meta, { ...base, ...patch });
    expect(line.status).toBe(status);
    if (status === 'problem' && (patch.rootCauses?.length ?? 0) > 0) expect(line.rootCauses).toEqual([{ checkId: 'registry.exists', remediation: 'reconcile', summary: 'gone' }]);
    if (status === 'not-isolated') expect(line.rootCauses).toEqual([]);
    if (status === 'error') expect(line.error).toBe('permission denied');
  });

  it('sorts most severe first, then by subscription, group and name', () => {
    expect(sortedBySeverity(FLEET.clusters).map((c) => c.name)).toEqual(['bravo', 'echo|pipe', 'delta', 'charlie', 'alpha']);
  });

  it.each<[string, FleetCluster['status'][], 0 | 1]>([
    ['all healthy or not isolated', ['healthy', 'not-isolated'], 0],
    ['a problem', ['healthy', 'problem'], 1],
    ['a cluster not judged', ['healthy', 'error'], 1],
    ['empty', [], 0],
  ])('exit code: %s', (_n, statuses, code) => {
    expect(fleetExitCode({ ...FLEET, clusters: statuses.map((s, i) => cluster(`c${i}`, SUB_A, s)) })).toBe(code);
  });

  it.each<[string, string[]]>([
    ['', ['alpha', 'bravo', 'charlie', 'delta', 'echo|pipe']],
    ['problem', ['bravo', 'echo|pipe']],
    ['mcr-cache', ['bravo']],
    ['0000000b problem', ['echo|pipe']],
    ['RG-DELTA', ['delta']],
    ['nothing-matches', []],
  ])('filter %j', (text, names) => {
    expect(FLEET.clusters.filter((c) => matchesFilter(c, text)).map((c) => c.name)).toEqual(names);
  });
});

describe('fleet@1 writers', () => {
  it('JSON has the contract keys in order and round-trips', () => {
    const parsed = JSON.parse(renderFleetJson(FLEET)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['schema', 'scannedAt', 'scope', 'clusters', 'stats']);
    const clusters = parsed.clusters as Record<string, unknown>[];
    expect(Object.keys(clusters[0] ?? {})).toEqual(['cluster', 'name', 'subscriptionId', 'resourceGroup', 'location', 'networkIsolated', 'registryMode', 'status', 'rootCauses', 'checks']);
    expect(Object.keys(clusters[3] ?? {})).toContain('error');
    expect(Object.keys(parsed.stats as object)).toEqual(['clusters', 'resourceGraphQueries', 'armRequests', 'throttled', 'durationMs']);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(FLEET)));
  });

  it.each<[string, RegExp[]]>([
    ['counts', [/5 clusters in 2 subscriptions/, /2 problem · 1 could not be judged · 1 not isolated · 1 healthy/]],
    ['root cause with its fix', [/registry\.mcr-cache-rule: no cache rule maps/, /fix: delete-registry-and-reconcile/]],
    ['the error reason', [/permission denied reading the cluster/]],
    ['stats', [/6 Resource Graph queries · 8 ARM requests · 1 throttled · 1\.2 s/]],
  ])('text shows %s', (_n, patterns) => {
    const text = renderFleetText(FLEET, { color: false, width: 100 });
    for (const p of patterns) expect(text).toMatch(p);
    expect(text.indexOf('bravo')).toBeLessThan(text.indexOf('alpha'));
  });

  it('text in colour only adds escape codes', () => {
    const plain = renderFleetText(FLEET, { color: false });
    // eslint-disable-next-line no-control-regex
    expect(renderFleetText(FLEET, { color: true }).replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('Markdown: a summary table row per cluster, then a section per cluster with a problem or an error', () => {
    const md = renderFleetMarkdown(FLEET);
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Status'));
    expect(rows).toHaveLength(5);
    // A pipe in a name never breaks the table: every row has the same cells.
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length).toBe(9);
    expect(md.match(/^## /gm)?.length).toBe(3);
    expect(md).toMatch(/## ✖ bravo \(problem\)/);
    expect(md).toMatch(/## ! delta \(could not be judged\)/);
    expect(md).not.toMatch(/## .*alpha/);
    expect(md).toContain('\\<here\\>');
    expect(md.indexOf('| Status')).toBeLessThan(md.indexOf('## '));
  });

  it('JUnit: valid against the Ant schema, a testsuite per subscription, a testcase per cluster', async () => {
    const xml = renderFleetJunit(FLEET);
    expect(await validate(xml)).toEqual([]);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toMatch(new RegExp(`<testsuite name="${SUB_A}" package="aks-netiso.fleet" id="0" [^>]*tests="2" failures="1" errors="0" skipped="0"`));
    expect(xml).toMatch(new RegExp(`<testsuite name="${SUB_B}" [^>]*tests="3" failures="1" errors="1" skipped="1"`));
    expect(xml).toContain('&lt;here&gt; &amp; &quot;there&quot;');
  });

  it('JUnit of an empty fleet is still valid', async () => {
    expect(await validate(renderFleetJunit({ ...FLEET, clusters: [] }))).toEqual([]);
  });
});
