/** Realistic gathered data for judge tests: one isolated cluster with a BYO or managed registry. */
import type {
  ARecordSet, CacheRule, Cluster, NetworkInterface, PrivateEndpoint, Registry, RoleAssignment, VirtualNetwork, VirtualNetworkLink,
} from '../../src/azure/types.js';
import type { ClusterNetwork, FoundZone, RegistryEndpoint } from '../../src/engine/context.js';
import type { KubeContainerStatus, KubeEvent, KubeNode, KubePod, KubeResult } from '../../src/kube/types.js';

export const SUB = '8f3b2f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b';
export const RG = 'rg-contoso';
export const NODE_RG = 'MC_rg-contoso_aks-contoso_eastus';
export const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-contoso`;
export const VNET_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet-aks`;
export const HUB_VNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
export const OTHER_VNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Network/virtualNetworks/vnet-other`;
export const BYO_REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/contosoacr`;
export const MANAGED_REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/bootstrapacr4f2a9c`;
export const KUBELET_OBJECT_ID = '5d8c7a3e-2b1f-4c6d-8e9a-0b1c2d3e4f5a';
export const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
export const PE_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/privateEndpoints/pe-contosoacr`;
export const NIC_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/pe-contosoacr.nic.7c1e`;

export function cluster(over: Partial<Cluster> = {}): Cluster {
  return {
    id: CLUSTER_ID,
    name: 'aks-contoso',
    subscriptionId: SUB,
    resourceGroup: RG,
    location: 'eastus',
    provisioningState: 'Succeeded',
    kubernetesVersion: '1.31.2',
    nodeResourceGroup: NODE_RG,
    artifactSource: 'Cache',
    containerRegistryId: BYO_REGISTRY_ID,
    outboundType: 'none',
    networkPlugin: 'azure',
    networkPluginMode: 'overlay',
    enablePrivateCluster: true,
    enableVnetIntegration: false,
    servicePrincipalClientId: 'msi',
    identityType: 'SystemAssigned',
    kubeletIdentity: { objectId: KUBELET_OBJECT_ID, clientId: '0a1b2c3d-0000-4000-8000-000000000001' },
    nodeOsUpgradeChannel: 'NodeImage',
    entraIdEnabled: true,
    disableLocalAccounts: true,
    agentPools: [
      { name: 'system', count: 3, osType: 'Linux', mode: 'System', vnetSubnetId: `${VNET_ID}/subnets/snet-nodes`, orchestratorVersion: '1.31.2', enableNodePublicIp: false },
      { name: 'user1', count: 5, osType: 'Linux', mode: 'User', vnetSubnetId: `${VNET_ID}/subnets/snet-nodes`, orchestratorVersion: '1.31.2', enableNodePublicIp: false },
    ],
    ...over,
  };
}

export function registry(over: Partial<Registry> = {}): Registry {
  return {
    id: BYO_REGISTRY_ID,
    name: 'contosoacr',
    resourceGroup: RG,
    location: 'eastus',
    sku: 'Premium',
    loginServer: 'contosoacr.azurecr.io',
    provisioningState: 'Succeeded',
    publicNetworkAccess: 'Disabled',
    anonymousPullEnabled: false,
    dataEndpointEnabled: true,
    dataEndpointHostNames: ['contosoacr.eastus.data.azurecr.io'],
    azureAdAuthenticationAsArmPolicy: 'enabled',
    privateEndpointConnections: [{ id: `${BYO_REGISTRY_ID}/privateEndpointConnections/pe-contosoacr.8a1b`, privateEndpointId: PE_ID, status: 'Approved' }],
    ...over,
  };
}

export function managedRegistry(over: Partial<Registry> = {}): Registry {
  return registry({
    id: MANAGED_REGISTRY_ID,
    name: 'bootstrapacr4f2a9c',
    resourceGroup: NODE_RG,
    loginServer: 'bootstrapacr4f2a9c.azurecr.io',
    dataEndpointHostNames: ['bootstrapacr4f2a9c.eastus.data.azurecr.io'],
    ...over,
  });
}

export function cacheRule(name: string, source: string, target: string, state = 'Succeeded', registryId = BYO_REGISTRY_ID): CacheRule {
  return { id: `${registryId}/cacheRules/${name}`, name, sourceRepository: source, targetRepository: target, provisioningState: state };
}

export const MCR_RULE = cacheRule('aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*');

export function acrPull(principalId = KUBELET_OBJECT_ID, scope = BYO_REGISTRY_ID, role = '7f951dda-4ed3-4680-a7ca-43fe172d538d'): RoleAssignment {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/3f2d1c0b-aaaa-4bbb-8ccc-ddddeeeeffff`,
    scope,
    principalId,
    principalType: 'ServicePrincipal',
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
  };
}

export function vnet(id = VNET_ID, peerings: VirtualNetwork['peerings'] = []): VirtualNetwork {
  const name = id.split('/').pop() ?? 'vnet';
  return {
    id, name, resourceGroup: id.split('/')[4] ?? RG, location: 'eastus', addressPrefixes: ['10.224.0.0/12'],
    subnets: [{ id: `${id}/subnets/snet-nodes`, name: 'snet-nodes', addressPrefix: '10.224.0.0/16' }, { id: `${id}/subnets/snet-pe`, name: 'snet-pe', addressPrefix: '10.225.0.0/24' }],
    peerings,
  };
}

export function network(over: Partial<ClusterNetwork> = {}): ClusterNetwork {
  return { vnets: [vnet()], subnetIds: [`${VNET_ID}/subnets/snet-nodes`], managedVnet: false, ...over };
}

export function nic(registryName = 'contosoacr', ips = { registry: '10.225.0.5', data: '10.225.0.6' }, region = 'eastus'): NetworkInterface {
  return {
    id: NIC_ID,
    name: 'pe-contosoacr.nic.7c1e',
    ipConfigurations: [
      { name: `privateEndpointIpConfig.${registryName}`, privateIpAddress: ips.registry, requiredMemberName: 'registry', groupId: 'registry', fqdns: [`${registryName}.azurecr.io`] },
      { name: `privateEndpointIpConfig.${registryName}.data`, privateIpAddress: ips.data, requiredMemberName: `registry_data_${region}`, groupId: 'registry', fqdns: [`${registryName}.${region}.data.azurecr.io`] },
    ],
  };
}

export function endpoint(over: Partial<PrivateEndpoint> = {}, registryId = BYO_REGISTRY_ID, nics: NetworkInterface[] = [nic()]): RegistryEndpoint {
  return {
    endpoint: {
      id: PE_ID,
      name: 'pe-contosoacr',
      resourceGroup: RG,
      location: 'eastus',
      provisioningState: 'Succeeded',
      subnetId: `${VNET_ID}/subnets/snet-pe`,
      networkInterfaceIds: nics.map((n) => n.id),
      connections: [{ name: 'pe-contosoacr', privateLinkServiceId: registryId, groupIds: ['registry'], status: 'Approved', manual: false }],
      customDnsConfigs: [],
      ...over,
    },
    nics,
    zoneGroups: [{ id: `${PE_ID}/privateDnsZoneGroups/default`, name: 'default', privateDnsZoneIds: [ZONE_ID] }],
  };
}

export function zone(via: FoundZone['foundVia'] = ['clusterResourceGroup', 'zoneGroup'], id = ZONE_ID): FoundZone {
  return { zone: { id, name: 'privatelink.azurecr.io', subscriptionId: SUB, resourceGroup: id.split('/')[4] ?? RG, provisioningState: 'Succeeded', numberOfRecordSets: 3 }, foundVia: via };
}

export function link(vnetId = VNET_ID, state = 'Completed', zoneId = ZONE_ID): VirtualNetworkLink {
  return { id: `${zoneId}/virtualNetworkLinks/link-${vnetId.split('/').pop() ?? 'x'}`, name: `link-${vnetId.split('/').pop() ?? 'x'}`, virtualNetworkId: vnetId, state, provisioningState: 'Succeeded', registrationEnabled: false };
}

export function aRecord(name: string, ips: string[], zoneId = ZONE_ID): ARecordSet {
  return { id: `${zoneId}/A/${name}`, name, fqdn: `${name}.privatelink.azurecr.io.`, ttl: 10, ipv4Addresses: ips };
}

// --- Kubernetes -------------------------------------------------------------------------------

export function kubeNode(name: string, pool: string): KubeNode {
  return { name, pool, nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202501.12.0', kubeletVersion: 'v1.31.2', ready: true, labels: { 'kubernetes.azure.com/agentpool': pool } };
}

export const NODES: KubeNode[] = [
  kubeNode('aks-system-12345678-vmss000000', 'system'),
  kubeNode('aks-user1-87654321-vmss000000', 'user1'),
  kubeNode('aks-user1-87654321-vmss000001', 'user1'),
];

export function container(name: string, image: string, over: Partial<KubeContainerStatus> = {}): KubeContainerStatus {
  return { name, image, init: false, ready: false, running: false, waitingReason: 'ImagePullBackOff', waitingMessage: `Back-off pulling image "${image}"`, ...over };
}

export function pod(namespace: string, name: string, nodeName: string, containers: KubeContainerStatus[]): KubePod {
  return { namespace, name, nodeName, phase: 'Pending', uid: `uid-${name}`, containers };
}

export function pullEvent(p: KubePod, containerName: string, image: string, error: string, lastTimestamp = '2025-06-02T10:15:00Z', init = false): KubeEvent {
  return {
    namespace: p.namespace,
    name: `${p.name}.17d3a1b2c3d4e5f6`,
    type: 'Warning',
    reason: 'Failed',
    message: `Failed to pull image "${image}": ${error}`,
    count: 3,
    involvedObject: { kind: 'Pod', name: p.name, namespace: p.namespace, fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${containerName}}` },
    firstTimestamp: '2025-06-02T10:00:00Z',
    lastTimestamp,
    host: p.nodeName,
  };
}

export function errImagePullEvent(p: KubePod, containerName: string): KubeEvent {
  return {
    namespace: p.namespace, name: `${p.name}.err`, type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', count: 3,
    involvedObject: { kind: 'Pod', name: p.name, namespace: p.namespace, fieldPath: `spec.containers{${containerName}}` },
    lastTimestamp: '2025-06-02T10:20:00Z',
  };
}

export const ok = <T>(value: T): KubeResult<T> => ({ ok: true, value });
export const unreachable: KubeResult<never> = { ok: false, reason: 'unreachable', message: 'connect ETIMEDOUT 10.0.0.4:443' };
export const notConfigured: KubeResult<never> = { ok: false, reason: 'notConfigured', message: '--no-kube' };
export const forbidden: KubeResult<never> = { ok: false, reason: 'forbidden', message: 'pods is forbidden: User "alice" cannot list resource "pods"' };

/** containerd's real shapes (reference §5), with this fixture's hosts. */
export const MSG = {
  mcrTimeout: (img: string, repo: string, tag: string) =>
    `rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "${img}": failed to resolve reference "${img}": failed to do request: Head "https://mcr.microsoft.com/v2/${repo}/manifests/${tag}": dial tcp 20.61.99.68:443: i/o timeout`,
  acrTimeout: (host: string, img: string, repo: string, tag: string) =>
    `rpc error: code = Unknown desc = failed to pull and unpack image "${img}": failed to resolve reference "${img}": failed to do request: Head "https://${host}/v2/aks-managed-repository/${repo}/manifests/${tag}?ns=mcr.microsoft.com": dial tcp 10.9.0.5:443: i/o timeout`,
  dockerTimeout: (img: string, repo: string, tag: string) =>
    `rpc error: code = Unknown desc = failed to pull and unpack image "${img}": failed to resolve reference "${img}": failed to do request: Head "https://registry-1.docker.io/v2/${repo}/manifests/${tag}": dial tcp 54.198.86.24:443: i/o timeout`,
  acr401: (host: string, img: string, repo: string) =>
    `failed to pull and unpack image "${img}": failed to resolve reference "${img}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://${host}/oauth2/token?scope=repository%3A${encodeURIComponent(repo)}%3Apull&service=${host}: 401 Unauthorized`,
};
