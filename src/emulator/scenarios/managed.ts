import type { Bundle } from '../../bundle/types.js';
import {
  MANAGED_LAYOUT as L, MCR_RULE_NAME, emulatorState, findArm, healthyManaged, loginServer,
  privateEndpointId, props, recordId, registryId, clusterProps, zoneId, pullError, updateCluster, write,
} from './build.js';
import { failMetricsServerRollout, failShop } from './common.js';
import type { Scenario } from './types.js';

const ACR = loginServer(L.registryName);
/** The registry's public address: where its name resolves when the private zone does not answer. */
const ACR_PUBLIC_IP = '20.49.102.151';

/** A user deletes the AKS-managed registry (`az acr delete`): Azure disconnects its endpoint. */
export function deleteManagedRegistry(b: Bundle): void {
  write(b, 'DELETE', registryId(L));
}

/** A user deletes the registry's private endpoint: its NIC and the records its zone group wrote go with it. */
export function deleteManagedEndpoint(b: Bundle): void {
  write(b, 'DELETE', privateEndpointId(L));
}

export function deleteManagedCacheRule(b: Bundle): void {
  write(b, 'DELETE', `${registryId(L)}/cacheRules/${MCR_RULE_NAME}`);
}

function kubeUnreachable(b: Bundle): void {
  const fqdn = String(clusterProps(b).privateFQDN);
  b.kubernetes = { reachable: false, reason: `getaddrinfo ENOTFOUND ${fqdn}` };
}

export const MANAGED_SCENARIOS: Scenario[] = [
  {
    name: 'healthy-managed',
    description: 'Healthy network isolated cluster with an AKS-managed bootstrap registry',
    build: () => healthyManaged(),
    rootCauses: [],
  },
  {
    name: 'healthy-legacy-cache-rule',
    description: 'Healthy managed cluster whose MCR cache rule still uses the pre-March-2025 target "*"',
    build: () => {
      const b = healthyManaged('managed registry with the legacy MCR cache rule target "*"');
      props(findArm(b, `${registryId(L)}/cacheRules/${MCR_RULE_NAME}`)).targetRepository = '*';
      return b;
    },
    rootCauses: [],
  },
  {
    name: 'managed-registry-configured-id',
    description: 'Healthy managed cluster whose containerRegistryId names the bootstrap registry in the node resource group',
    build: () => {
      const b = healthyManaged('managed registry referenced explicitly by bootstrapProfile.containerRegistryId');
      updateCluster(b, (p) => {
        (p.bootstrapProfile as Record<string, unknown>).containerRegistryId = registryId(L);
      });
      return b;
    },
    rootCauses: [],
  },
  {
    name: 'managed-registry-deleted',
    description: 'The AKS-managed bootstrap registry was deleted; its endpoint is Disconnected and MCR pulls fail',
    build: () => {
      const b = healthyManaged('AKS-managed registry deleted by hand');
      deleteManagedRegistry(b);
      failShop(b, (image) => pullError.mirrorLookup(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.exists', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
  {
    name: 'managed-endpoint-deleted',
    description: 'The bootstrap registry\'s private endpoint (and with it the DNS records) was deleted',
    build: () => {
      const b = healthyManaged('AKS-managed private endpoint deleted');
      deleteManagedEndpoint(b);
      failShop(b, (image) => pullError.mirrorLookup(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.private-endpoint', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
  {
    name: 'managed-cache-rule-deleted',
    description: 'The managed registry\'s MCR cache rule was deleted: the mirror answers 404 and pulls time out on MCR',
    build: () => {
      const b = healthyManaged('the aks-managed-mcr cache rule of the AKS-managed registry was deleted');
      deleteManagedCacheRule(b);
      failShop(b, (image) => pullError.mcrTimeout(image));
      failMetricsServerRollout(b, (image) => pullError.mcrTimeout(image));
      return b;
    },
    rootCauses: [{ checkId: 'registry.mcr-cache-rule', remediation: 'delete-registry-and-reconcile' }],
    fix: { remediation: 'delete-registry-and-reconcile', healthyAfter: true },
  },
  {
    name: 'managed-dns-zone-deleted',
    description: 'The privatelink.azurecr.io zone in the node resource group was deleted: the registry resolves to its public address',
    build: () => {
      const b = healthyManaged('private DNS zone privatelink.azurecr.io deleted');
      write(b, 'DELETE', zoneId(L));
      failShop(b, (image) => pullError.mirrorTimeout(image, ACR, ACR_PUBLIC_IP));
      return b;
    },
    rootCauses: [{ checkId: 'dns.zone', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
  {
    name: 'managed-dns-link-deleted',
    description: 'The zone\'s link to the cluster VNet was deleted: nodes reach the public registry endpoint and get 403',
    build: () => {
      const b = healthyManaged('virtual network link of privatelink.azurecr.io deleted');
      write(b, 'DELETE', `${zoneId(L)}/virtualNetworkLinks/${L.linkName}`);
      failShop(b, (image) => pullError.mirror403(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'dns.vnet-link', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
  {
    name: 'managed-dns-record-wrong-ip',
    description: 'The registry\'s A record points at an address that is not the endpoint\'s, so pulls time out',
    build: () => {
      const b = healthyManaged('A record of the managed registry holds a wrong IP');
      props(findArm(b, recordId(L, L.registryName))).aRecords = [{ ipv4Address: '10.224.0.99' }];
      failShop(b, (image) => pullError.mirrorTimeout(image, ACR, '10.224.0.99'));
      return b;
    },
    rootCauses: [{ checkId: 'dns.records', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
  {
    name: 'switched-to-isolated-stale-nodes',
    description: 'Cluster switched to network isolated without a node image upgrade: old nodes still pull MCR directly',
    build: () => {
      const b = healthyManaged('existing cluster updated to network isolated; nodes not reimaged');
      const state = emulatorState(b);
      for (const node of b.kubernetes.nodes ?? []) {
        const meta = node.metadata ?? {};
        meta.creationTimestamp = '2025-06-12T08:14:55Z';
        if (meta.name) state.nodeRegistry[meta.name] = null;
      }
      failShop(b, (image) => pullError.mcrTimeout(image));
      failMetricsServerRollout(b, (image) => pullError.mcrTimeout(image));
      return b;
    },
    rootCauses: [{ checkId: 'nodes.stale-registry-config', remediation: 'upgrade-node-image' }],
    fix: { remediation: 'upgrade-node-image', options: { pools: ['system', 'user1'] }, healthyAfter: true },
  },
  {
    name: 'kube-unreachable',
    description: 'Healthy managed cluster whose private API server cannot be reached from here',
    build: () => {
      const b = healthyManaged('healthy managed cluster; Kubernetes API not reachable from the workstation');
      kubeUnreachable(b);
      return b;
    },
    rootCauses: [],
  },
  {
    name: 'kube-unreachable-cache-rule-deleted',
    description: 'MCR cache rule deleted, found from the Azure side alone (API server unreachable)',
    build: () => {
      const b = healthyManaged('aks-managed-mcr cache rule deleted; Kubernetes API not reachable');
      deleteManagedCacheRule(b);
      kubeUnreachable(b);
      return b;
    },
    rootCauses: [{ checkId: 'registry.mcr-cache-rule', remediation: 'delete-registry-and-reconcile' }],
    fix: { remediation: 'delete-registry-and-reconcile', healthyAfter: true },
  },
];
