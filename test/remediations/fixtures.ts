/**
 * In-memory stand-in for the AzureGateway port (our own interface, not an SDK module), for the
 * pure plan and pre-flight tests. The end-to-end tests use the real gateway on the emulator.
 */
import type { AzureGateway, WriteOptions } from '../../src/azure/ports.js';
import type {
  AgentPool, CacheRule, Cluster, NetworkInterface, OperationResult, PrivateDnsZone, PrivateEndpoint, Registry,
  ARecordSet, VirtualNetworkLink,
} from '../../src/azure/types.js';
import type { CheckId, CheckResult, CheckStatus, FindingData, RemediationId, Report, RootCause } from '../../src/engine/types.js';

export const SUB = '8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d';
export const RG = 'rg-prod';
export const NAME = 'aks-prod';
export const NODE_RG = 'MC_rg-prod_aks-prod_eastus2';
export const CLUSTER_ID = `/subscriptions/${SUB}/resourcegroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${NAME}`;
export const MANAGED_REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/aksbootstrap1a2b3c4d`;
export const BYO_REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoacr`;
export const VNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-prod`;
export const KUBELET_OBJECT_ID = '5b1c7e0a-3f2d-4c8e-9a71-0d6e2f4b8c13';
export const IMAGE = 'AKSUbuntu-2204gen2containerd-202510.15.0';

export function cluster(over: Partial<Cluster> = {}): Cluster {
  return {
    id: CLUSTER_ID,
    name: NAME,
    subscriptionId: SUB,
    resourceGroup: RG,
    location: 'eastus2',
    provisioningState: 'Succeeded',
    kubernetesVersion: '1.32.7',
    nodeResourceGroup: NODE_RG,
    artifactSource: 'Cache',
    outboundType: 'none',
    networkPlugin: 'azure',
    enablePrivateCluster: true,
    enableVnetIntegration: false,
    kubeletIdentity: { objectId: KUBELET_OBJECT_ID, clientId: 'c0ffee00-0000-4000-a000-000000000001' },
    entraIdEnabled: false,
    disableLocalAccounts: false,
    agentPools: [
      { name: 'system', count: 3, osType: 'Linux', mode: 'System', enableNodePublicIp: false, nodeImageVersion: IMAGE, vnetSubnetId: `${VNET_ID}/subnets/snet-aks` },
      { name: 'user1', count: 5, osType: 'Linux', mode: 'User', enableNodePublicIp: false, nodeImageVersion: IMAGE, vnetSubnetId: `${VNET_ID}/subnets/snet-aks` },
    ],
    ...over,
  };
}

export function registry(id: string, over: Partial<Registry> = {}): Registry {
  const name = id.split('/').pop() ?? '';
  return {
    id,
    name,
    resourceGroup: id.split('/')[4] ?? '',
    location: 'eastus2',
    sku: 'Premium',
    loginServer: `${name}.azurecr.io`,
    provisioningState: 'Succeeded',
    publicNetworkAccess: 'Disabled',
    anonymousPullEnabled: false,
    dataEndpointEnabled: true,
    dataEndpointHostNames: [`${name}.eastus2.data.azurecr.io`],
    privateEndpointConnections: [],
    ...over,
  };
}

export function check(id: CheckId, status: CheckStatus, remediations: RemediationId[] = [], data?: FindingData): CheckResult {
  return { id, title: id, status, summary: `${id} ${status}`, evidence: [], remediations, data, durationMs: 1 };
}

export function report(checks: CheckResult[], rootCauses: RootCause[] = [], over: Partial<Report> = {}): Report {
  return {
    schema: 'aks-netiso/report@1',
    cluster: CLUSTER_ID,
    networkIsolated: true,
    registryMode: 'managed',
    checks,
    rootCauses,
    imagePullFailures: [],
    stats: { armRequests: 0, kubeRequests: 0, durationMs: 0 },
    ...over,
  };
}

export function rootCause(checkId: CheckId, remediation: RemediationId | null): RootCause {
  return { checkId, guideIssue: null, summary: `${checkId} failed`, remediation };
}

export interface FakeState {
  cluster: Cluster;
  registries: Registry[];
  cacheRules: Record<string, CacheRule[]>;
  endpoints: PrivateEndpoint[];
  nics: NetworkInterface[];
  zones: PrivateDnsZone[];
  links: Record<string, VirtualNetworkLink[]>;
  records: Record<string, ARecordSet[]>;
  reconcileBody: Record<string, unknown>;
}

export interface FakeAzure extends AzureGateway {
  state: FakeState;
  /** Every write sent, in order. */
  writes: string[];
  /** What the next write does. */
  nextWrite: (name: string, options?: WriteOptions) => Promise<OperationResult>;
}

const ok = (): OperationResult => ({ status: 'Succeeded', requestIds: ['req-1'], correlationId: 'corr-1', elapsedMs: 5 });

export function fakeAzure(state: Partial<FakeState> = {}): FakeAzure {
  const c = state.cluster ?? cluster();
  const s: FakeState = {
    cluster: c,
    registries: [],
    cacheRules: {},
    endpoints: [],
    nics: [],
    zones: [],
    links: {},
    records: {},
    reconcileBody: {
      location: 'eastus2',
      properties: { agentPoolProfiles: c.agentPools.map((p) => ({ name: p.name, count: p.count, nodeImageVersion: p.nodeImageVersion })) },
    },
    ...state,
  };
  const lower = (x: string): string => x.toLowerCase();
  const fake: FakeAzure = {
    state: s,
    writes: [],
    nextWrite: () => Promise.resolve(ok()),
    cluster: (id) => Promise.resolve(lower(id) === lower(s.cluster.id) ? structuredClone(s.cluster) : undefined),
    clustersInSubscription: () => Promise.resolve([]),
    agentPools: (id) => Promise.resolve(s.cluster.agentPools.map((p): AgentPool => ({ ...p, id: `${id}/agentPools/${p.name}` }))),
    scaleSetsInResourceGroup: () => Promise.resolve([]),
    scaleSetInstances: () => Promise.resolve([]),
    registry: (id) => Promise.resolve(s.registries.find((r) => lower(r.id) === lower(id))),
    registriesInResourceGroup: () => Promise.resolve(s.registries),
    cacheRules: (id) => Promise.resolve(s.cacheRules[lower(id)] ?? []),
    credentialSet: () => Promise.resolve(undefined),
    privateEndpointsInResourceGroup: () => Promise.resolve(s.endpoints),
    privateEndpointsInSubscription: () => Promise.resolve(s.endpoints),
    privateEndpoint: (id) => Promise.resolve(s.endpoints.find((e) => lower(e.id) === lower(id))),
    privateDnsZoneGroups: () => Promise.resolve([]),
    networkInterface: (id) => Promise.resolve(s.nics.find((n) => lower(n.id) === lower(id))),
    virtualNetwork: () => Promise.resolve(undefined),
    virtualNetworksInResourceGroup: () => Promise.resolve([]),
    privateDnsZone: (id) => Promise.resolve(s.zones.find((z) => lower(z.id) === lower(id))),
    privateDnsZonesInResourceGroup: () => Promise.resolve(s.zones),
    privateDnsZonesInSubscription: () => Promise.resolve(s.zones),
    virtualNetworkLinks: (id) => Promise.resolve(s.links[lower(id)] ?? []),
    aRecordSets: (id) => Promise.resolve(s.records[lower(id)] ?? []),
    zoneARecords: (id) => Promise.resolve(s.zones.some((z) => lower(z.id) === lower(id)) ? (s.records[lower(id)] ?? []) : undefined),
    registryReplications: () => Promise.resolve([]),
    roleAssignmentsForScope: () => Promise.resolve([]),
    previewReconcile: (id) => Promise.resolve({ method: 'PUT', resourceId: id, body: structuredClone(s.reconcileBody) }),
    reconcileCluster: (id, o) => {
      fake.writes.push(`PUT ${id}`);
      return fake.nextWrite('reconcile', o);
    },
    deleteRegistry: (id, o) => {
      fake.writes.push(`DELETE ${id}`);
      return fake.nextWrite('delete', o);
    },
    createCacheRule: (id, name, rule, o) => {
      fake.writes.push(`PUT ${id}/cacheRules/${name} ${rule.sourceRepository} ${rule.targetRepository}`);
      return fake.nextWrite('cacheRule', o);
    },
    upgradeNodeImage: (id, pool, o) => {
      fake.writes.push(`POST ${id}/agentPools/${pool}/upgradeNodeImageVersion`);
      return fake.nextWrite('upgrade', o);
    },
    stats: () => ({ requests: 0, duplicateFetches: 0 }),
    principal: () => Promise.resolve('alice@contoso.com'),
    clusterUserKubeconfig: () => Promise.reject(new Error('not in the fake')),
    aksServerToken: () => Promise.reject(new Error('not in the fake')),
    clearCache: () => undefined,
    activityLog: () => Promise.resolve([]),
  };
  return fake;
}
