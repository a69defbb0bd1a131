import { describe, expect, it } from 'vitest';
import { diagnose, exitCodeOf, openEmulatorSession } from '../helpers/registry.js';

/** Faults during a diagnosis: the run always completes, the failing read is named, the rest continue. */
describe('diagnosis under faults (real clients, emulator)', () => {
  it('a 403 on the cache rules list makes that check error naming the action; others continue', async () => {
    const s = await openEmulatorSession({ scenario: 'healthy-managed' });
    try {
      s.emulator.addFault({ path: '/cacheRules', kind: 'status', status: 403 });
      const r = await s.diagnose();
      const rule = r.checks.find((c) => c.id === 'registry.mcr-cache-rule');
      expect(rule?.status).toBe('error');
      expect(rule?.summary).toContain('Microsoft.ContainerRegistry/registries/cacheRules/read');
      expect(r.checks.find((c) => c.id === 'registry.private-endpoint')?.status).toBe('pass');
      expect(r.checks.find((c) => c.id === 'dns.records')?.status).toBe('pass');
      // A chain check that could not run is not a root cause, and the nodes are not blamed.
      expect(r.rootCauses).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('Kubernetes unreachable: pods.* and nodes.* skip saying what to do; Azure still finds the root cause', async () => {
    const s = await openEmulatorSession({ scenario: 'kube-unreachable-cache-rule-deleted' });
    try {
      const r = await s.diagnose();
      for (const id of ['pods.image-pull-failures', 'pods.uncached-registries', 'nodes.stale-registry-config']) {
        const c = r.checks.find((x) => x.id === id);
        expect(c?.status, id).toBe('skip');
        expect(c?.summary, id).toMatch(/--kubeconfig|inside the VNet/);
      }
      expect(r.rootCauses.map((x) => x.remediation)).toEqual(['delete-registry-and-reconcile']);
    } finally {
      await s.close();
    }
  });

  it('the cluster itself unreadable (403) is an incomplete diagnosis, not a finding', async () => {
    const s = await openEmulatorSession({ scenario: 'healthy-managed' });
    try {
      s.emulator.addFault({ method: 'GET', path: /managedClusters\/aks-prod\?/, kind: 'status', status: 403 });
      const r = await s.diagnose();
      const readable = r.checks.find((c) => c.id === 'cluster.readable');
      expect(readable?.status).toBe('error');
      expect(readable?.summary).toContain('Microsoft.ContainerService/managedClusters/read');
      expect(r.checks.filter((c) => c.id !== 'cluster.readable').every((c) => c.status === 'skip')).toBe(true);
      expect(exitCodeOf(r)).toBe(3);
    } finally {
      await s.close();
    }
  });

  it('a hung read times out as an error finding and the run still finishes', async () => {
    const s = await openEmulatorSession({ scenario: 'healthy-managed' });
    try {
      s.emulator.addFault({ path: '/virtualNetworkLinks', kind: 'hang' });
      const r = await diagnose({ clusterId: s.clusterId, azure: s.azure, kube: s.kube, defaultTimeoutMs: 1500 });
      const link = r.checks.find((c) => c.id === 'dns.vnet-link');
      expect(link?.status).toBe('error');
      expect(link?.summary).toMatch(/timed out after 1500 ms/);
      expect(r.checks.find((c) => c.id === 'registry.mcr-cache-rule')?.status).toBe('pass');
    } finally {
      s.emulator.clearFaults();
      await s.close();
    }
  });
});
