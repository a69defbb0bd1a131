import { describe, expect, it } from 'vitest';
import type { Bundle, KubeObject } from '../../src/bundle/types.js';
import { bundleProblems } from '../../src/bundle/validate.js';
import { REMEDIATION_IDS } from '../../src/engine/types.js';
import { CHECK_IDS } from '../helpers/registry.js';
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from '../../src/emulator/scenarios/index.js';

interface Failing {
  key: string;
  node: string;
  fieldPath: string;
  image: string;
}

function failingContainers(b: Bundle): Failing[] {
  const out: Failing[] = [];
  for (const pod of b.kubernetes.pods ?? []) {
    const status = (pod.status ?? {}) as Record<string, { name: string; image: string; state?: { waiting?: { reason?: string } } }[] | undefined>;
    const node = String((pod.spec as { nodeName?: string }).nodeName);
    for (const [list, field] of [['initContainerStatuses', 'spec.initContainers'], ['containerStatuses', 'spec.containers']] as const) {
      for (const cs of status[list] ?? []) {
        const reason = cs.state?.waiting?.reason;
        if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') {
          out.push({ key: `${pod.metadata?.namespace}/${pod.metadata?.name}/${cs.name}`, node, fieldPath: `${field}{${cs.name}}`, image: cs.image });
        }
      }
    }
  }
  return out;
}

function pullFailedEvents(b: Bundle): KubeObject[] {
  return (b.kubernetes.events ?? []).filter((e) => e.type === 'Warning' && e.reason === 'Failed' && String(e.message).startsWith('Failed to pull image'));
}

const AUTOMATED = new Set(['reconcile', 'delete-registry-and-reconcile', 'create-cache-rule', 'upgrade-node-image']);

describe('scenario library', () => {
  it('has about twenty scenarios with unique names, one-line descriptions and the default among them', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(20);
    const names = SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(findScenario(DEFAULT_SCENARIO)?.name).toBe('managed-cache-rule-deleted');
    expect(findScenario('no-such-scenario')).toBeUndefined();
    for (const s of SCENARIOS) {
      expect(s.name).toMatch(/^[a-z0-9-]+$/);
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.description).not.toContain('\n');
    }
  });

  it('covers every failure of the guide the issue lists', () => {
    for (const name of [
      'healthy-managed', 'healthy-byo', 'managed-registry-deleted', 'managed-endpoint-deleted', 'managed-cache-rule-deleted',
      'managed-dns-zone-deleted', 'managed-dns-link-deleted', 'managed-dns-record-wrong-ip', 'byo-missing-cache-rule',
      'byo-endpoint-pending', 'dockerhub-image-uncached', 'registry-id-changed-stale-nodes', 'switched-to-isolated-stale-nodes',
      'anonymous-pull-off-no-acrpull', 'not-network-isolated', 'unsupported-configuration', 'kube-unreachable',
      // Issue 15: who may pull, what only MCR gets, credential sets, Cache with open egress.
      'abac-registry-healthy', 'abac-registry-acrpull-only', 'auth-as-arm-disabled', 'dockerhub-direct-reference-with-rule',
      'uncached-upstream-no-rule', 'credential-set-unhealthy', 'cache-only-egress-healthy',
    ]) {
      expect(findScenario(name), name).toBeDefined();
    }
  });

  describe.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    it('builds a valid bundle@1 with no problems', () => {
      expect(bundleProblems(s.build())).toEqual([]);
      // And survives a JSON round trip, as a bundle file does.
      expect(bundleProblems(JSON.parse(JSON.stringify(s.build())))).toEqual([]);
    });

    it('builds a fresh copy every call', () => {
      const a = s.build();
      const before = JSON.stringify(s.build());
      a.arm.length = 0;
      a.kubernetes.reachable = !a.kubernetes.reachable;
      expect(JSON.stringify(s.build())).toBe(before);
    });

    it('names valid check and remediation ids, and an automated fix that matches the root cause', () => {
      for (const rc of s.rootCauses) {
        expect(CHECK_IDS).toContain(rc.checkId);
        if (rc.remediation !== null) expect(REMEDIATION_IDS).toContain(rc.remediation);
      }
      if (s.fix) {
        expect(AUTOMATED.has(s.fix.remediation)).toBe(true);
        expect(s.rootCauses.map((r) => r.remediation)).toContain(s.fix.remediation);
      } else {
        for (const rc of s.rootCauses) expect(rc.remediation === null || !AUTOMATED.has(rc.remediation)).toBe(true);
      }
    });

    it('keeps the emulator node state for every node and Kubernetes lists only when reachable', () => {
      const b = s.build();
      const state = b['x-emulator'] as { nodeRegistry: Record<string, string | null> };
      if (!b.kubernetes.reachable) {
        expect(b.kubernetes.nodes).toBeUndefined();
        expect(b.kubernetes.pods).toBeUndefined();
        expect(b.kubernetes.reason).toBeTruthy();
        return;
      }
      const nodes = (b.kubernetes.nodes ?? []).map((n) => String(n.metadata?.name));
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) expect(Object.keys(state.nodeRegistry)).toContain(n);
      for (const pod of b.kubernetes.pods ?? []) expect(nodes).toContain((pod.spec as { nodeName: string }).nodeName);
    });

    it('has a kubelet pull-failure event for every failing container, and failures only where the diagnosis expects them', () => {
      const b = s.build();
      const failing = failingContainers(b);
      const events = pullFailedEvents(b);
      for (const f of failing) {
        const [ns, pod] = f.key.split('/');
        const ev = events.find((e) => {
          const io = e.involvedObject as Record<string, string>;
          return io.namespace === ns && io.name === pod && io.fieldPath === f.fieldPath;
        });
        expect(ev, f.key).toBeDefined();
        expect(String(ev?.message)).toContain(`Failed to pull image "${f.image}": `);
        expect((ev?.source as { host: string }).host).toBe(f.node);
      }
      // Nodes that never joined leave no pod events: their evidence is the scale set's instance view.
      const podRootCause = s.rootCauses.some((r) => !['cluster.network-isolated', 'cluster.supported-configuration', 'nodes.bootstrap'].includes(r.checkId));
      if (!podRootCause || !b.kubernetes.reachable) expect(failing).toEqual([]);
      else expect(failing.length).toBeGreaterThanOrEqual(2);
    });
  });

  it('writes ids in the mixed case ARM really returns', () => {
    const ids = findScenario('healthy-managed')?.build().arm.map((r) => r.id) ?? [];
    expect(ids.some((id) => id.includes('/resourcegroups/'))).toBe(true);
    expect(ids.some((id) => id.includes('/resourceGroups/'))).toBe(true);
    expect(ids.some((id) => id.includes('/resourcegroups/mc_rg-prod_aks-prod_eastus2/'))).toBe(true);
  });

  // The message each failure produces on a real node (reference §4 and §5).
  it.each([
    ['managed-cache-rule-deleted', /Head "https:\/\/mcr\.microsoft\.com\/v2\/.+\/manifests\/[^"]+": dial tcp [\d.]+:443: i\/o timeout$/],
    ['switched-to-isolated-stale-nodes', /Head "https:\/\/mcr\.microsoft\.com\/v2\/.+": dial tcp [\d.]+:443: i\/o timeout$/],
    ['registry-id-changed-stale-nodes', /Head "https:\/\/contosoacrold\.azurecr\.io\/v2\/aks-managed-repository\/.+\?ns=mcr\.microsoft\.com": dial tcp: lookup contosoacrold\.azurecr\.io on 168\.63\.129\.16:53: no such host$/],
    ['managed-registry-deleted', /lookup aksbootstrap3f9c1e2a\.azurecr\.io on 168\.63\.129\.16:53: no such host$/],
    ['managed-dns-link-deleted', /https:\/\/aksbootstrap3f9c1e2a\.azurecr\.io\/v2\/.+: 403 Forbidden$/],
    ['managed-dns-record-wrong-ip', /dial tcp 10\.224\.0\.99:443: i\/o timeout$/],
    ['anonymous-pull-off-no-acrpull', /failed to fetch anonymous token: unexpected status from GET request to https:\/\/contosoprodacr\.azurecr\.io\/oauth2\/token\?scope=.+: 401 Unauthorized$/],
    ['dockerhub-image-uncached', /^Failed to pull image "nginx:1\.27": .*Head "https:\/\/registry-1\.docker\.io\/v2\/library\/nginx\/manifests\/1\.27": dial tcp [\d.]+:443: i\/o timeout$/],
    ['byo-dns-record-missing', /lookup contosoprodacr\.eastus2\.data\.azurecr\.io on 168\.63\.129\.16:53: no such host$/],
  ])('%s: every pull failure reads like the real one', (name, pattern) => {
    const events = pullFailedEvents(findScenario(name)?.build() as Bundle);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(String(e.message)).toMatch(pattern);
  });

  it('includes a failing init container', () => {
    const b = findScenario(DEFAULT_SCENARIO)?.build() as Bundle;
    expect(failingContainers(b).some((f) => f.fieldPath.startsWith('spec.initContainers{'))).toBe(true);
  });

  it('shapes the cluster as the REST API returns it', () => {
    const b = findScenario('healthy-managed')?.build() as Bundle;
    const cluster = b.arm.find((r) => r.id === b.cluster);
    const p = cluster?.properties as Record<string, Record<string, unknown>>;
    expect(p.bootstrapProfile).toEqual({ artifactSource: 'Cache' });
    expect(p.networkProfile).toMatchObject({ outboundType: 'none', networkPlugin: 'azure', networkPluginMode: 'overlay' });
    expect(p.apiServerAccessProfile).toMatchObject({ enablePrivateCluster: true });
    expect(p.nodeResourceGroup).toBe('MC_rg-prod_aks-prod_eastus2');
    const byo = findScenario('healthy-byo')?.build() as Bundle;
    const byoCluster = byo.arm.find((r) => r.id === byo.cluster)?.properties as Record<string, Record<string, unknown>>;
    expect(String(byoCluster.bootstrapProfile?.containerRegistryId)).toMatch(/\/registries\/contosoprodacr$/);
  });
});
