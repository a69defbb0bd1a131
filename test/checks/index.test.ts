import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { codesOf } from '../../src/core/check.js';
import type { DiagnosisContext } from '../../src/engine/context.js';
import type { Finding } from '../../src/engine/types.js';
import { CHECK_IDS, checkById } from '../helpers/registry.js';
import {
  BYO_REGISTRY_ID, CLUSTER_ID, MCR_RULE, MSG, NODES, ZONE_ID, aRecord, acrPull, cluster, container, endpoint, link, network, ok, pod,
  pullEvent, registry, unreachable, zone,
} from './fixtures.js';
import { healthyScaleSets } from './scale-sets.js';

const FORMATS = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');

/** The rows of the markdown table under `heading` in docs/formats.md, as cells. */
function tableRows(heading: string): string[][] {
  const section = FORMATS.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

describe('CHECKS', () => {
  it('holds the checks in the order of formats.md', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(tableRows('Check ids').map((r) => codeSpans(r[0] ?? '')[0]));
  });
  it('has unique ids; every dependency is a check before it (so no cycle)', () => {
    expect(new Set(CHECK_IDS).size).toBe(CHECKS.length);
    CHECKS.forEach((c, i) => {
      for (const d of c.dependsOn) expect(CHECK_IDS.slice(0, i), `${c.id} depends on ${d}`).toContain(d);
    });
  });
  it.each([
    ['cluster.readable', []],
    ['cluster.network-isolated', ['cluster.readable']],
    ['cluster.supported-configuration', ['cluster.network-isolated']],
    ['registry.exists', ['cluster.network-isolated']],
    ['registry.configuration', ['registry.exists']],
    ['registry.mcr-cache-rule', ['registry.exists']],
    ['registry.private-endpoint', ['registry.exists']],
    ['dns.zone', ['registry.exists']],
    ['dns.vnet-link', ['dns.zone']],
    ['dns.records', ['dns.zone', 'registry.private-endpoint']],
    ['nodes.bootstrap', ['cluster.network-isolated']],
    ['pods.image-pull-failures', ['cluster.network-isolated']],
    ['pods.uncached-registries', ['registry.exists']],
    ['nodes.stale-registry-config', ['registry.exists']],
  ])('keeps the dependencies of %s', (id, deps) => {
    expect([...checkById(id).dependsOn]).toEqual(deps);
  });
  it('names only checks of the registry in its root-cause rules, each explained check after the one explaining it', () => {
    CHECKS.forEach((c, i) => {
      for (const e of c.rootCause?.explains ?? []) expect(CHECK_IDS.slice(i + 1), `${c.id} explains ${e}`).toContain(e);
      for (const e of c.rootCause?.explainedBy?.checks ?? []) expect(CHECK_IDS).toContain(e);
      const chain = c.rootCause?.explainedBy?.chain;
      if (chain) expect(CHECKS.some((x) => x.rootCause?.chain === chain), `${c.id}: chain ${chain}`).toBe(true);
    });
  });
  it.each(CHECKS.map((c) => [c.id, c] as const))('%s: its codes are its own (or the shared kube/ ones) and formats.md lists them', (id, check) => {
    const documented = new Set(tableRows('Finding codes').flatMap((r) => (codeSpans(r[0] ?? '')[0] === id ? codeSpans(r[1] ?? '') : [])));
    const own = codesOf(check).filter((code) => !code.startsWith('kube/'));
    for (const code of own) expect(code.startsWith(`${id}/`), code).toBe(true);
    expect(new Set(own.map((code) => code.slice(id.length + 1)))).toEqual(documented);
  });
});

/** A context over in-memory facts: gather must only read through it. */
function fakeContext(over: Partial<DiagnosisContext> = {}): DiagnosisContext {
  const reg = registry();
  const healthyPod = pod('default', 'web', 'aks-user1-87654321-vmss000000', [container('web', 'contosoacr.azurecr.io/nginx:1.25', { waitingReason: undefined, running: true, ready: true })]);
  return {
    clusterId: CLUSTER_ID,
    cluster: () => Promise.resolve(cluster()),
    registry: () => Promise.resolve({ mode: 'byo', expectedId: BYO_REGISTRY_ID, registry: reg, candidates: [reg] }),
    cacheRules: () => Promise.resolve([MCR_RULE]),
    credentialSets: () => Promise.resolve([]),
    network: () => Promise.resolve(network()),
    registryEndpoints: () => Promise.resolve([endpoint()]),
    dnsZones: () => Promise.resolve([zone()]),
    zoneSearch: () => Promise.resolve({ zones: [zone()], gone: [], unrelated: 0 }),
    registryReplications: () => Promise.resolve([]),
    zoneLinks: (id) => Promise.resolve(id === ZONE_ID ? [link()] : []),
    zoneRecords: (id) => Promise.resolve(id === ZONE_ID ? [aRecord('contosoacr', ['10.225.0.5']), aRecord('contosoacr.eastus.data', ['10.225.0.6'])] : []),
    registryRoleAssignments: () => Promise.resolve([acrPull()]),
    nodes: () => Promise.resolve(ok(NODES)),
    pods: () => Promise.resolve(ok([healthyPod])),
    podWarningEvents: () => Promise.resolve(ok([])),
    scaleSets: () => Promise.resolve(healthyScaleSets()),
    ...over,
  };
}

async function runAll(ctx: DiagnosisContext): Promise<Record<string, Finding>> {
  const out: Record<string, Finding> = {};
  for (const check of CHECKS) out[check.id] = check.judge(await check.gather(ctx));
  return out;
}

describe('gather → judge through the context', () => {
  it('a healthy BYO cluster passes every check', async () => {
    const results = await runAll(fakeContext());
    expect(Object.fromEntries(Object.entries(results).map(([id, f]) => [id, f.status]))).toEqual(Object.fromEntries(CHECK_IDS.map((id) => [id, 'pass'])));
  });

  it('an unreachable API server skips pods and nodes, Azure checks still judge', async () => {
    const results = await runAll(fakeContext({ pods: () => Promise.resolve(unreachable), podWarningEvents: () => Promise.resolve(unreachable), nodes: () => Promise.resolve(unreachable) }));
    expect(results['pods.image-pull-failures']?.status).toBe('skip');
    expect(results['pods.uncached-registries']?.status).toBe('skip');
    expect(results['nodes.stale-registry-config']?.status).toBe('skip');
    expect(results['dns.records']?.status).toBe('pass');
  });

  it('a missing MCR rule: the rule fails, MCR timeouts do not blame the nodes', async () => {
    const coredns = 'mcr.microsoft.com/oss/kubernetes/coredns:v1.11.1';
    const p = pod('kube-system', 'coredns-1', 'aks-system-12345678-vmss000000', [container('coredns', coredns)]);
    const results = await runAll(fakeContext({
      cacheRules: () => Promise.resolve([]),
      pods: () => Promise.resolve(ok([p])),
      podWarningEvents: () => Promise.resolve(ok([pullEvent(p, 'coredns', coredns, MSG.mcrTimeout(coredns, 'oss/kubernetes/coredns', 'v1.11.1'))])),
    }));
    expect(results['registry.mcr-cache-rule']).toMatchObject({ status: 'fail', remediations: ['create-cache-rule'] });
    expect(results['pods.image-pull-failures']?.status).toBe('fail');
    expect(results['pods.uncached-registries']?.status).toBe('pass');
    expect(results['nodes.stale-registry-config']?.status).toBe('pass');
  });

  it('a fault in a read escapes gather for the engine to report as error', async () => {
    const ctx = fakeContext({ cacheRules: () => Promise.reject(new Error('403 Microsoft.ContainerRegistry/registries/cacheRules/read')) });
    const check = CHECKS.find((c) => c.id === 'registry.mcr-cache-rule');
    await expect(check?.gather(ctx)).rejects.toThrow('cacheRules/read');
  });
});
