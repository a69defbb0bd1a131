import type { Bundle } from '../../bundle/types.js';
import {
  BYO_LAYOUT as L, DEFAULT_POOLS, LATEST_NODE_IMAGE, LOCATION, MCR_RULE_NAME, MCR_SOURCE, MCR_TARGET, addPod,
  dataHost, emulatorState, findArm, healthyBundle, healthyByo, loginServer, nodeIp, nodeName, privateEndpointId,
  props, pullError, recordId, registryId, zoneId, acrPullAssignment, guid, TENANT, updateCluster, write, type Layout,
} from './build.js';
import { failMetricsServerRollout, failWorkload } from './common.js';
import type { Scenario } from './types.js';

const ACR = loginServer(L.registryName);
const ACR_PUBLIC_IP = '20.62.128.105';
export const OLD_REGISTRY = 'contosoacrold';

function setEndpointStatus(b: Bundle, l: Layout, status: string): void {
  const pe = findArm(b, privateEndpointId(l));
  const p = props(pe);
  for (const key of ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections']) {
    for (const c of (p[key] as Record<string, unknown>[] | undefined) ?? []) {
      const cp = c.properties as Record<string, unknown>;
      cp.privateLinkServiceConnectionState = { status, description: 'Please approve: image pulls for aks-prod', actionsRequired: 'None' };
    }
  }
  for (const c of (props(findArm(b, registryId(l))).privateEndpointConnections as Record<string, unknown>[] | undefined) ?? []) {
    const cp = c.properties as Record<string, unknown>;
    cp.privateLinkServiceConnectionState = { status, description: 'Please approve: image pulls for aks-prod', actionsRequired: 'None' };
  }
}

/** The customer's app images come from their own registry; the orders init container is an MCR image through the mirror. */
function failByoShop(b: Bundle, appError: (image: string) => string, mcrError: (image: string) => string): void {
  failWorkload(b, 'shop', 'storefront-', 'storefront', appError);
  failWorkload(b, 'shop', 'orders-', 'wait-for-config', mcrError, { sinceMinutes: 37 });
}

export const DOCKER_HUB_IMAGE = 'nginx:1.27';

export function addNginxWorkload(b: Bundle, image = DOCKER_HUB_IMAGE, name = 'web'): void {
  const pool = DEFAULT_POOLS[1] ?? DEFAULT_POOLS[0];
  if (!pool) return;
  const suffixes = image === DOCKER_HUB_IMAGE ? ['x8k2q', 'm4n7r'] : ['p2w9s', 'h6j3t'];
  suffixes.forEach((suffix, i) => {
    const node = nodeName(pool, i + 1);
    addPod(b, {
      namespace: 'shop', name: `${name}-6b8d9f7c5-${suffix}`, node, hostIP: nodeIp(b, node), podIP: `10.244.3.${20 + i}`,
      containers: [{ name: 'nginx', image }], owner: { kind: 'ReplicaSet', name: `${name}-6b8d9f7c5` },
      labels: { app: name, 'pod-template-hash': '6b8d9f7c5' },
      created: '2026-11-21T09:12:40Z',
    });
  });
}

/** containerRegistryId moved; pool user1 was not reimaged and still pulls through the old registry. */
function registryIdChangedStaleNodes(): Bundle {
  const b = healthyByo(`containerRegistryId changed from ${OLD_REGISTRY} to ${L.registryName}; pool user1 not reimaged`);
  const state = emulatorState(b);
  for (const node of b.kubernetes.nodes ?? []) {
    const meta = node.metadata ?? {};
    const labels = (meta.labels ?? {}) as Record<string, string>;
    if (labels['kubernetes.azure.com/agentpool'] === 'user1') {
      meta.creationTimestamp = '2025-09-02T11:40:18Z';
      if (meta.name) state.nodeRegistry[meta.name] = loginServer(OLD_REGISTRY);
    } else {
      // The system pool was upgraded after the change, so it already has the new registry.
      meta.creationTimestamp = '2026-11-20T16:05:31Z';
      labels['kubernetes.azure.com/node-image-version'] = LATEST_NODE_IMAGE;
    }
  }
  for (const id of [`${b.cluster}/agentPools/system`]) props(findArm(b, id)).nodeImageVersion = LATEST_NODE_IMAGE;
  const system = ((props(findArm(b, b.cluster)).agentPoolProfiles as Record<string, unknown>[] | undefined) ?? []).find((p) => p.name === 'system');
  if (system) system.nodeImageVersion = LATEST_NODE_IMAGE;
  failWorkload(b, 'shop', 'orders-', 'wait-for-config', (image) => pullError.mirrorLookup(image, loginServer(OLD_REGISTRY)), { sinceMinutes: 55 });
  return b;
}

export const BYO_SCENARIOS: Scenario[] = [
  {
    name: 'healthy-byo',
    description: 'Healthy network isolated cluster pulling through a customer-owned (BYO) registry',
    build: () => healthyByo(),
    rootCauses: [],
  },
  {
    name: 'byo-missing-cache-rule',
    description: 'BYO registry without the MCR cache rule: the mirror answers 404 and MCR pulls time out',
    build: () => {
      const b = healthyByo('BYO registry lacks the mcr.microsoft.com/* cache rule');
      write(b, 'DELETE', `${registryId(L)}/cacheRules/${MCR_RULE_NAME}`);
      failWorkload(b, 'shop', 'orders-', 'wait-for-config', (image) => pullError.mcrTimeout(image), { sinceMinutes: 37 });
      failMetricsServerRollout(b, (image) => pullError.mcrTimeout(image));
      return b;
    },
    rootCauses: [{ checkId: 'registry.mcr-cache-rule', remediation: 'create-cache-rule' }],
    fix: { remediation: 'create-cache-rule', options: { source: MCR_SOURCE, target: MCR_TARGET, ruleName: MCR_RULE_NAME }, healthyAfter: true },
  },
  {
    name: 'byo-endpoint-pending',
    description: 'The BYO registry\'s private endpoint connection waits for manual approval (Pending)',
    build: () => {
      const l: Layout = { ...L, manualConnection: true };
      const b = healthyBundle({ layout: l, description: 'BYO private endpoint created with a manual connection still Pending' });
      setEndpointStatus(b, l, 'Pending');
      failByoShop(b, (image) => pullError.directTimeout(image, L.registryIp), (image) => pullError.mirrorTimeout(image, ACR, L.registryIp));
      return b;
    },
    rootCauses: [{ checkId: 'registry.private-endpoint', remediation: 'recreate-private-endpoint' }],
  },
  {
    name: 'byo-dns-record-missing',
    description: 'The A record of the BYO registry\'s data endpoint is missing: blob downloads fail to resolve',
    build: () => {
      const b = healthyByo('A record <registry>.<region>.data missing from privatelink.azurecr.io');
      write(b, 'DELETE', recordId(L, `${L.registryName}.${LOCATION}.data`));
      const data = dataHost(L.registryName, LOCATION);
      failByoShop(b, (image) => pullError.dataLookup(image, ACR, data), (image) => pullError.dataLookup(image, ACR, data));
      return b;
    },
    rootCauses: [{ checkId: 'dns.records', remediation: 'repair-private-dns' }],
  },
  {
    name: 'byo-dns-link-deleted',
    description: 'The BYO zone privatelink.azurecr.io is no longer linked to the cluster VNet',
    build: () => {
      const b = healthyByo('virtual network link of the customer\'s privatelink.azurecr.io zone deleted');
      write(b, 'DELETE', `${zoneId(L)}/virtualNetworkLinks/${L.linkName}`);
      failByoShop(b, (image) => pullError.directTimeout(image, ACR_PUBLIC_IP), (image) => pullError.mirrorTimeout(image, ACR, ACR_PUBLIC_IP));
      return b;
    },
    rootCauses: [{ checkId: 'dns.vnet-link', remediation: 'repair-private-dns' }],
  },
  {
    name: 'anonymous-pull-off-no-acrpull',
    description: 'Anonymous pull is off and the kubelet identity has no AcrPull on the BYO registry: pulls get 401',
    build: () => {
      const b = healthyByo('registry with anonymous pull disabled and no AcrPull role assignment for the kubelet identity');
      write(b, 'DELETE', acrPullAssignment(L).id);
      failByoShop(b, (image) => pullError.token401(image, ACR), (image) => pullError.token401(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.configuration', remediation: 'grant-acr-pull' }],
  },
  {
    name: 'dockerhub-image-uncached',
    description: 'A workload pulls nginx:1.27 from Docker Hub, which no cache rule covers and no egress reaches',
    build: () => {
      const b = healthyByo('workload image from docker.io without a cache rule');
      addNginxWorkload(b);
      failWorkload(b, 'shop', 'web-', 'nginx', (image) => pullError.directTimeout(image), { sinceMinutes: 47 });
      return b;
    },
    rootCauses: [{ checkId: 'pods.uncached-registries', remediation: 'create-cache-rule' }],
    fix: {
      remediation: 'create-cache-rule',
      options: { source: 'docker.io/library/nginx', target: 'nginx', ruleName: 'docker-io-library-nginx' },
      healthyAfter: false,
    },
  },
  {
    name: 'registry-id-changed-stale-nodes',
    description: 'containerRegistryId moved to a new registry; the user1 pool\'s nodes still pull through the old one',
    build: registryIdChangedStaleNodes,
    rootCauses: [{ checkId: 'nodes.stale-registry-config', remediation: 'upgrade-node-image' }],
    fix: { remediation: 'upgrade-node-image', options: { pools: ['user1'] }, healthyAfter: true },
  },
  {
    name: 'entra-id-stale-nodes',
    description: 'Entra ID cluster with local accounts disabled (kubeconfig needs an Entra token); pool user1 still pulls through the old registry',
    build: () => {
      const b = registryIdChangedStaleNodes();
      b.description = `Entra ID (managed AAD, Azure RBAC, local accounts disabled); ${b.description ?? ''}`;
      updateCluster(b, (p) => {
        p.aadProfile = { managed: true, enableAzureRBAC: true, tenantID: TENANT, adminGroupObjectIDs: [guid('aks-admins')] };
        p.disableLocalAccounts = true;
      });
      return b;
    },
    rootCauses: [{ checkId: 'nodes.stale-registry-config', remediation: 'upgrade-node-image' }],
    fix: { remediation: 'upgrade-node-image', options: { pools: ['user1'] }, healthyAfter: true },
  },
];

