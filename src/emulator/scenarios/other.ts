import {
  DEFAULT_POOLS, MANAGED_LAYOUT as L, clusterProps, emulatorState, healthyBundle, healthyManaged, privateEndpointId,
  registryId, write, zoneId,
} from './build.js';
import type { Scenario } from './types.js';

export const OTHER_SCENARIOS: Scenario[] = [
  {
    name: 'not-network-isolated',
    description: 'An ordinary cluster (artifactSource Direct, outboundType loadBalancer): the isolation checks do not apply',
    build: () => {
      const b = healthyManaged('cluster that pulls straight from MCR with load balancer egress');
      const p = clusterProps(b);
      p.bootstrapProfile = { artifactSource: 'Direct' };
      (p.networkProfile as Record<string, unknown>).outboundType = 'loadBalancer';
      p.apiServerAccessProfile = { enablePrivateCluster: false };
      delete p.privateFQDN;
      p.fqdn = `aks-prod-dns-k3x9q2m7.hcp.${String(b.arm[0]?.location ?? 'eastus2')}.azmk8s.io`;
      // The registry chain is taken down the way a user would: registry, endpoint (with its NIC), zone.
      for (const id of [registryId(L), privateEndpointId(L), zoneId(L)]) write(b, 'DELETE', id);
      const state = emulatorState(b);
      for (const name of Object.keys(state.nodeRegistry)) state.nodeRegistry[name] = null;
      return b;
    },
    rootCauses: [{ checkId: 'cluster.network-isolated', remediation: null }],
  },
  {
    name: 'unsupported-configuration',
    description: 'Network isolated cluster with a Windows node pool, which network isolation does not support',
    build: () =>
      healthyBundle({
        layout: L,
        pools: [...DEFAULT_POOLS, { name: 'win1', mode: 'User', count: 1, hash: '34567890', osType: 'Windows' }],
        description: 'managed network isolated cluster with a Windows node pool',
      }),
    rootCauses: [{ checkId: 'cluster.supported-configuration', remediation: null }],
  },
];
