import { createHash } from 'node:crypto';
import type { ArmResource, Bundle, KubeObject } from '../../bundle/types.js';
import { BUNDLE_SCHEMA } from '../../bundle/types.js';
import { idKey } from '../../azure/resource-id.js';
import { ACR_PULL_ROLE_ID } from '../../azure/types.js';

/**
 * Shared builders of the scenario library: a healthy AKS-managed base, a healthy BYO base, and
 * small mutations. Everything is raw REST JSON (`properties` kept) and `kubectl get -o json`
 * items, with ids in the mixed case ARM really returns.
 */

export const SUBSCRIPTION = '8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const LOCATION = 'eastus2';
export const CLUSTER_RG = 'rg-prod';
export const CLUSTER_NAME = 'aks-prod';
export const NODE_RG = 'MC_rg-prod_aks-prod_eastus2';
export const CAPTURED_AT = '2026-11-21T10:00:00Z';
export const NODE_IMAGE = 'AKSUbuntu-2204gen2containerd-202510.15.0';
/** What a node image upgrade moves nodes to (the emulator's "latest" image). */
export const LATEST_NODE_IMAGE = 'AKSUbuntu-2204gen2containerd-202511.04.0';
export const K8S_VERSION = '1.32.7';
/** One of MCR's public front-end addresses, as it appears in real timeouts. */
export const MCR_IP = '204.79.197.219';
/** A Docker Hub front-end address. */
export const DOCKER_HUB_IP = '54.236.113.205';
export const AZURE_DNS = '168.63.129.16';
export const MCR_RULE_NAME = 'aks-managed-mcr';
export const MCR_SOURCE = 'mcr.microsoft.com/*';
export const MCR_TARGET = 'aks-managed-repository/*';

export const CLUSTER_ID = `/subscriptions/${SUBSCRIPTION}/resourcegroups/${CLUSTER_RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER_NAME}`;

/** Stable GUID-shaped ids, so builds are deterministic and a repeated write is a no-op. */
export function guid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function hex(seed: string, length: number): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, length);
}

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

export const KUBELET_IDENTITY = {
  resourceId: `/subscriptions/${SUBSCRIPTION}/resourcegroups/${NODE_RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${CLUSTER_NAME}-agentpool`,
  clientId: guid('kubelet-client'),
  objectId: guid('kubelet-object'),
};

/** Where the registry chain of one base lives; the builders derive every id from it. */
export interface Layout {
  mode: 'managed' | 'byo';
  subscription: string;
  location: string;
  registryName: string;
  registryRg: string;
  vnetRg: string;
  vnetName: string;
  vnetPrefix: string;
  /** Node subnet, and the subnet the private endpoint sits in (may be the same). */
  nodeSubnet: { name: string; prefix: string };
  peSubnet: { name: string; prefix: string };
  /** Agent pools carry vnetSubnetID only with a custom VNet. */
  customVnet: boolean;
  peRg: string;
  peName: string;
  nicName: string;
  registryIp: string;
  dataIp: string;
  zoneRg: string;
  linkName: string;
  /** AKS manages the records through a zone group; BYO customers usually add them by hand. */
  zoneGroup: boolean;
  manualConnection: boolean;
}

export const MANAGED_LAYOUT: Layout = {
  mode: 'managed',
  subscription: SUBSCRIPTION,
  location: LOCATION,
  registryName: 'aksbootstrap3f9c1e2a',
  registryRg: NODE_RG,
  vnetRg: NODE_RG,
  vnetName: 'aks-vnet-12345678',
  vnetPrefix: '10.224.0.0/12',
  nodeSubnet: { name: 'aks-subnet', prefix: '10.224.0.0/16' },
  peSubnet: { name: 'aks-subnet', prefix: '10.224.0.0/16' },
  customVnet: false,
  peRg: NODE_RG,
  peName: 'aksbootstrap3f9c1e2a-pe',
  nicName: 'aksbootstrap3f9c1e2a-pe.nic.5b8e1a40-2f6d-4c3e-9a17-0d4b6e2c8f91',
  registryIp: '10.224.0.12',
  dataIp: '10.224.0.13',
  zoneRg: NODE_RG,
  linkName: 'aks-vnet-12345678-link',
  zoneGroup: true,
  manualConnection: false,
};

export const BYO_LAYOUT: Layout = {
  mode: 'byo',
  subscription: SUBSCRIPTION,
  location: LOCATION,
  registryName: 'contosoprodacr',
  registryRg: 'rg-registry',
  vnetRg: CLUSTER_RG,
  vnetName: 'vnet-aks-prod',
  vnetPrefix: '10.10.0.0/16',
  nodeSubnet: { name: 'snet-aks-nodes', prefix: '10.10.0.0/22' },
  peSubnet: { name: 'snet-private-endpoints', prefix: '10.10.8.0/24' },
  customVnet: true,
  peRg: CLUSTER_RG,
  peName: 'pe-contosoprodacr',
  nicName: 'pe-contosoprodacr.nic.c2a9e4f7-61b3-4d58-8e0a-7f3b2d9c1e46',
  registryIp: '10.10.8.4',
  dataIp: '10.10.8.5',
  zoneRg: CLUSTER_RG,
  linkName: 'link-vnet-aks-prod',
  zoneGroup: false,
  manualConnection: false,
};

const rgPath = (l: Pick<Layout, 'subscription'>, rg: string): string => `/subscriptions/${l.subscription}/resourceGroups/${rg}`;
/** ARM answers some ids with `resourcegroups` and a lower-cased group name. */
const rgPathLower = (l: Pick<Layout, 'subscription'>, rg: string): string => `/subscriptions/${l.subscription}/resourcegroups/${rg.toLowerCase()}`;

export function registryId(l: Pick<Layout, 'subscription' | 'registryRg' | 'registryName'>): string {
  return `${rgPath(l, l.registryRg)}/providers/Microsoft.ContainerRegistry/registries/${l.registryName}`;
}
export function vnetId(l: Layout): string {
  return `${rgPath(l, l.vnetRg)}/providers/Microsoft.Network/virtualNetworks/${l.vnetName}`;
}
export function subnetId(l: Layout, subnet: string): string {
  return `${vnetId(l)}/subnets/${subnet}`;
}
export function privateEndpointId(l: Layout): string {
  return `${rgPath(l, l.peRg)}/providers/Microsoft.Network/privateEndpoints/${l.peName}`;
}
export function nicId(l: Layout): string {
  return `${rgPath(l, l.peRg)}/providers/Microsoft.Network/networkInterfaces/${l.nicName}`;
}
export function zoneId(l: Layout): string {
  return `${rgPathLower(l, l.zoneRg)}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
}
export function recordId(l: Layout, relativeName: string): string {
  return `${zoneId(l)}/A/${relativeName.toLowerCase()}`;
}
export function loginServer(registryName: string): string {
  return `${registryName.toLowerCase()}.azurecr.io`;
}
export function dataHost(registryName: string, location = LOCATION): string {
  return `${registryName.toLowerCase()}.${location}.data.azurecr.io`;
}

// ---------------------------------------------------------------- ARM resources

export interface PoolSpec {
  name: string;
  mode: 'System' | 'User';
  count: number;
  /** VMSS name hash: aks-<pool>-<hash>-vmss. */
  hash: string;
  osType?: 'Linux' | 'Windows';
  osSKU?: string;
}

export const DEFAULT_POOLS: PoolSpec[] = [
  { name: 'system', mode: 'System', count: 3, hash: '12345678' },
  { name: 'user1', mode: 'User', count: 3, hash: '23456789' },
];

function poolProperties(l: Layout, p: PoolSpec): Record<string, unknown> {
  const windows = p.osType === 'Windows';
  return {
    count: p.count,
    vmSize: windows ? 'Standard_D4s_v5' : 'Standard_D4ds_v5',
    osDiskSizeGB: 128,
    osDiskType: windows ? 'Managed' : 'Ephemeral',
    kubeletDiskType: 'OS',
    ...(l.customVnet ? { vnetSubnetID: subnetId(l, l.nodeSubnet.name) } : {}),
    maxPods: 250,
    type: 'VirtualMachineScaleSets',
    availabilityZones: ['1', '2', '3'],
    enableAutoScaling: false,
    scaleDownMode: 'Delete',
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    orchestratorVersion: K8S_VERSION,
    currentOrchestratorVersion: K8S_VERSION,
    enableNodePublicIP: false,
    mode: p.mode,
    enableEncryptionAtHost: false,
    enableUltraSSD: false,
    osType: p.osType ?? 'Linux',
    osSKU: p.osSKU ?? (windows ? 'Windows2022' : 'Ubuntu'),
    nodeImageVersion: windows ? 'AKSWindows-2022-containerd-20348.4294.251015' : NODE_IMAGE,
    upgradeSettings: { maxSurge: '10%', maxUnavailable: '0' },
    enableFIPS: false,
    networkProfile: {},
    securityProfile: { enableVTPM: false, enableSecureBoot: false },
  };
}

export interface ClusterOptions {
  artifactSource?: 'Cache' | 'Direct';
  outboundType?: string;
  containerRegistryId?: string | undefined;
  pools?: PoolSpec[];
  nodeOSUpgradeChannel?: string;
}

export function clusterResource(l: Layout, o: ClusterOptions = {}): ArmResource {
  const pools = o.pools ?? DEFAULT_POOLS;
  const bootstrapProfile: Record<string, unknown> = { artifactSource: o.artifactSource ?? 'Cache' };
  if (o.containerRegistryId) bootstrapProfile.containerRegistryId = o.containerRegistryId;
  return {
    id: CLUSTER_ID,
    location: LOCATION,
    name: CLUSTER_NAME,
    type: 'Microsoft.ContainerService/ManagedClusters',
    tags: { environment: 'production', owner: 'platform-team' },
    kind: 'Base',
    sku: { name: 'Base', tier: 'Standard' },
    identity: { type: 'SystemAssigned', principalId: guid('cluster-identity'), tenantId: TENANT },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: K8S_VERSION,
      currentKubernetesVersion: K8S_VERSION,
      dnsPrefix: `${CLUSTER_NAME}-dns`,
      privateFQDN: `${CLUSTER_NAME}-dns-k3x9q2m7.${guid('private-dns')}.privatelink.${LOCATION}.azmk8s.io`,
      azurePortalFQDN: `${CLUSTER_NAME}-dns-k3x9q2m7.portal.hcp.${LOCATION}.azmk8s.io`,
      agentPoolProfiles: pools.map((p) => ({ name: p.name, ...poolProperties(l, p) })),
      servicePrincipalProfile: { clientId: 'msi' },
      addonProfiles: { azureKeyvaultSecretsProvider: { enabled: false }, azurepolicy: { enabled: false } },
      nodeResourceGroup: NODE_RG,
      enableRBAC: true,
      supportPlan: 'KubernetesOfficial',
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: 'none',
        networkDataplane: 'azure',
        loadBalancerSku: 'standard',
        podCidr: '10.244.0.0/16',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
        outboundType: o.outboundType ?? 'none',
        podCidrs: ['10.244.0.0/16'],
        serviceCidrs: ['10.0.0.0/16'],
        ipFamilies: ['IPv4'],
      },
      apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'system', enablePrivateClusterPublicFQDN: false },
      identityProfile: { kubeletidentity: { ...KUBELET_IDENTITY } },
      autoUpgradeProfile: { upgradeChannel: 'patch', nodeOSUpgradeChannel: o.nodeOSUpgradeChannel ?? 'NodeImage' },
      disableLocalAccounts: false,
      securityProfile: {},
      storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
      oidcIssuerProfile: { enabled: false },
      workloadAutoScalerProfile: {},
      bootstrapProfile,
      resourceUID: hex('resource-uid', 24),
    },
  };
}

export function agentPoolResources(l: Layout, pools: PoolSpec[] = DEFAULT_POOLS): ArmResource[] {
  return pools.map((p) => ({
    id: `${CLUSTER_ID}/agentPools/${p.name}`,
    name: p.name,
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    properties: poolProperties(l, p),
  }));
}

export interface RegistryOptions {
  anonymousPullEnabled?: boolean;
  /** Private endpoint connection state the registry reports. */
  connectionStatus?: string | null;
}

export function registryResource(l: Layout, o: RegistryOptions = {}): ArmResource {
  const id = registryId(l);
  const status = o.connectionStatus === undefined ? 'Approved' : o.connectionStatus;
  return {
    id,
    name: l.registryName,
    type: 'Microsoft.ContainerRegistry/registries',
    location: l.location,
    tags: l.mode === 'managed' ? { 'aks-managed-cluster-name': CLUSTER_NAME, 'aks-managed-cluster-rg': CLUSTER_RG } : {},
    sku: { name: 'Premium', tier: 'Premium' },
    systemData: { createdByType: 'Application', createdAt: '2025-11-03T14:22:51.4171043Z', lastModifiedByType: 'Application', lastModifiedAt: '2025-11-03T14:22:51.4171043Z' },
    properties: {
      loginServer: loginServer(l.registryName),
      creationDate: '2025-11-03T14:22:51.4171043Z',
      provisioningState: 'Succeeded',
      adminUserEnabled: false,
      dataEndpointEnabled: true,
      dataEndpointHostNames: [dataHost(l.registryName, l.location)],
      privateEndpointConnections: status === null ? [] : [registryConnection(l, status)],
      policies: {
        quarantinePolicy: { status: 'disabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: { days: 7, lastUpdatedTime: '2025-11-03T14:22:54.0103459+00:00', status: 'disabled' },
        exportPolicy: { status: 'enabled' },
        azureADAuthenticationAsArmPolicy: { status: 'enabled' },
      },
      encryption: { status: 'disabled' },
      status: { displayStatus: 'Running' },
      publicNetworkAccess: 'Disabled',
      networkRuleBypassOptions: 'AzureServices',
      networkRuleSet: { defaultAction: 'Deny', ipRules: [] },
      zoneRedundancy: 'Disabled',
      anonymousPullEnabled: o.anonymousPullEnabled ?? false,
      metadataSearch: 'Disabled',
    },
  };
}

export function registryConnection(l: Layout, status: string): Record<string, unknown> {
  return {
    id: `${registryId(l)}/privateEndpointConnections/${l.peName}.${guid(l.peName + '-conn')}`,
    name: `${l.peName}.${guid(l.peName + '-conn')}`,
    type: 'Microsoft.ContainerRegistry/registries/privateEndpointConnections',
    properties: {
      privateEndpoint: { id: privateEndpointId(l) },
      privateLinkServiceConnectionState: {
        status,
        description: status === 'Approved' ? 'Auto-Approved' : status === 'Pending' ? 'Please approve: pulls for aks-prod' : '',
        actionsRequired: 'None',
      },
      provisioningState: 'Succeeded',
    },
  };
}

export function cacheRuleResource(l: Pick<Layout, 'subscription' | 'registryRg' | 'registryName'>, name: string, source: string, target: string): ArmResource {
  return {
    id: `${registryId(l)}/cacheRules/${name}`,
    name,
    type: 'Microsoft.ContainerRegistry/registries/cacheRules',
    systemData: { createdByType: 'Application', createdAt: '2025-11-03T14:24:10.118Z', lastModifiedByType: 'Application', lastModifiedAt: '2025-11-03T14:24:10.118Z' },
    properties: { sourceRepository: source, targetRepository: target, creationDate: '2025-11-03T14:24:10.118Z', provisioningState: 'Succeeded' },
  };
}

export function acrPullAssignment(l: Pick<Layout, 'subscription' | 'registryRg' | 'registryName'>, principalId = KUBELET_IDENTITY.objectId): ArmResource {
  const scope = registryId(l);
  const name = guid(`acrpull:${idKey(scope)}:${principalId}`);
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: `/subscriptions/${l.subscription}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL_ROLE_ID}`,
      principalId,
      principalType: 'ServicePrincipal',
      scope,
      condition: null,
      conditionVersion: null,
      createdOn: '2025-11-03T14:25:02.6603126Z',
      updatedOn: '2025-11-03T14:25:02.6603126Z',
      createdBy: null,
      updatedBy: guid('deployer'),
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
  };
}

export function vnetResource(l: Layout): ArmResource {
  const subnets = [l.nodeSubnet, ...(l.peSubnet.name === l.nodeSubnet.name ? [] : [l.peSubnet])];
  return {
    id: vnetId(l),
    name: l.vnetName,
    type: 'Microsoft.Network/virtualNetworks',
    location: l.location,
    etag: `W/"${guid(l.vnetName + '-etag')}"`,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guid(l.vnetName),
      addressSpace: { addressPrefixes: [l.vnetPrefix] },
      subnets: subnets.map((s) => ({
        id: subnetId(l, s.name),
        name: s.name,
        etag: `W/"${guid(l.vnetName + '-etag')}"`,
        type: 'Microsoft.Network/virtualNetworks/subnets',
        properties: {
          provisioningState: 'Succeeded',
          addressPrefix: s.prefix,
          privateEndpointNetworkPolicies: 'Disabled',
          privateLinkServiceNetworkPolicies: 'Enabled',
          ...(s.name === l.peSubnet.name ? { privateEndpoints: [{ id: privateEndpointId(l) }] } : {}),
        },
      })),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
}

export function privateEndpointResource(l: Layout, status = 'Approved'): ArmResource {
  const connection = {
    name: l.peName,
    id: `${privateEndpointId(l)}/${l.manualConnection ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections'}/${l.peName}`,
    etag: `W/"${guid(l.peName + '-etag')}"`,
    type: 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections',
    properties: {
      provisioningState: 'Succeeded',
      privateLinkServiceId: registryId(l),
      groupIds: ['registry'],
      privateLinkServiceConnectionState: {
        status,
        description: status === 'Approved' ? 'Auto-Approved' : status === 'Pending' ? 'Please approve: pulls for aks-prod' : '',
        actionsRequired: 'None',
      },
    },
  };
  return {
    id: privateEndpointId(l),
    name: l.peName,
    type: 'Microsoft.Network/privateEndpoints',
    location: l.location,
    etag: `W/"${guid(l.peName + '-etag')}"`,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guid(l.peName),
      privateLinkServiceConnections: l.manualConnection ? [] : [connection],
      manualPrivateLinkServiceConnections: l.manualConnection ? [connection] : [],
      customNetworkInterfaceName: '',
      subnet: { id: subnetId(l, l.peSubnet.name) },
      ipConfigurations: [],
      networkInterfaces: [{ id: nicId(l) }],
      customDnsConfigs: [
        { fqdn: loginServer(l.registryName), ipAddresses: [l.registryIp] },
        { fqdn: dataHost(l.registryName, l.location), ipAddresses: [l.dataIp] },
      ],
    },
  };
}

export function nicResource(l: Layout): ArmResource {
  const ipConfig = (name: string, ip: string, member: string, fqdn: string): Record<string, unknown> => ({
    name,
    id: `${nicId(l)}/ipConfigurations/${name}`,
    etag: `W/"${guid(l.nicName + '-etag')}"`,
    type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
    properties: {
      provisioningState: 'Succeeded',
      privateIPAddress: ip,
      privateIPAllocationMethod: 'Dynamic',
      subnet: { id: subnetId(l, l.peSubnet.name) },
      primary: member === 'registry',
      privateIPAddressVersion: 'IPv4',
      privateLinkConnectionProperties: { groupId: 'registry', requiredMemberName: member, fqdns: [fqdn] },
    },
  });
  return {
    id: nicId(l),
    name: l.nicName,
    type: 'Microsoft.Network/networkInterfaces',
    location: l.location,
    kind: 'Regular',
    etag: `W/"${guid(l.nicName + '-etag')}"`,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guid(l.nicName),
      ipConfigurations: [
        ipConfig(`privateEndpointIpConfig.${guid(l.nicName + '-1')}`, l.registryIp, 'registry', loginServer(l.registryName)),
        ipConfig(`privateEndpointIpConfig.${guid(l.nicName + '-2')}`, l.dataIp, `registry_data_${l.location}`, dataHost(l.registryName, l.location)),
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [], internalDomainNameSuffix: `${hex(l.nicName, 26)}.cx.internal.cloudapp.net` },
      macAddress: '',
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      disableTcpStateTracking: false,
      privateEndpoint: { id: privateEndpointId(l) },
      nicType: 'Standard',
      allowPort25Out: true,
      auxiliaryMode: 'None',
      auxiliarySku: 'None',
    },
  };
}

export function zoneResource(l: Layout, recordSets = 3): ArmResource {
  return {
    id: zoneId(l),
    name: 'privatelink.azurecr.io',
    type: 'Microsoft.Network/privateDnsZones',
    etag: guid(l.zoneRg + '-zone'),
    location: 'global',
    properties: {
      maxNumberOfRecordSets: 25000,
      maxNumberOfVirtualNetworkLinks: 1000,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      numberOfRecordSets: recordSets,
      numberOfVirtualNetworkLinks: 1,
      numberOfVirtualNetworkLinksWithRegistration: 0,
      provisioningState: 'Succeeded',
    },
  };
}

export function vnetLinkResource(l: Layout, state = 'Completed'): ArmResource {
  return {
    id: `${zoneId(l)}/virtualNetworkLinks/${l.linkName}`,
    name: l.linkName,
    type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    etag: `"${guid(l.linkName)}"`,
    location: 'global',
    properties: {
      provisioningState: 'Succeeded',
      registrationEnabled: false,
      resolutionPolicy: 'Default',
      virtualNetwork: { id: vnetId(l) },
      virtualNetworkLinkState: state,
    },
  };
}

export function aRecordResource(l: Layout, relativeName: string, ip: string): ArmResource {
  const name = relativeName.toLowerCase();
  return {
    id: recordId(l, name),
    name,
    type: 'Microsoft.Network/privateDnsZones/A',
    etag: guid(`${l.zoneRg}/${name}`),
    properties: {
      metadata: l.zoneGroup ? { creator: 'created by private endpoint ' + l.peName + ' with resource guid ' + guid(l.peName) } : {},
      ttl: l.zoneGroup ? 10 : 3600,
      fqdn: `${name}.privatelink.azurecr.io.`,
      isAutoRegistered: false,
      aRecords: [{ ipv4Address: ip }],
    },
  };
}

export function zoneGroupResource(l: Layout): ArmResource {
  return {
    id: `${privateEndpointId(l)}/privateDnsZoneGroups/default`,
    name: 'default',
    type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    etag: `W/"${guid(l.peName + '-zg')}"`,
    properties: {
      provisioningState: 'Succeeded',
      privateDnsZoneConfigs: [
        {
          name: 'privatelink-azurecr-io',
          id: `${privateEndpointId(l)}/privateDnsZoneGroups/default/privateDnsZoneConfigs/privatelink-azurecr-io`,
          etag: `W/"${guid(l.peName + '-zg')}"`,
          properties: {
            privateDnsZoneId: zoneId(l),
            recordSets: [
              { recordType: 'A', recordSetName: l.registryName, fqdn: `${l.registryName}.privatelink.azurecr.io`, ttl: 10, ipAddresses: [l.registryIp] },
              { recordType: 'A', recordSetName: `${l.registryName}.${l.location}.data`, fqdn: `${l.registryName}.${l.location}.data.privatelink.azurecr.io`, ttl: 10, ipAddresses: [l.dataIp] },
            ],
          },
        },
      ],
    },
  };
}

/** The whole registry chain of one layout: registry, MCR rule, AcrPull, endpoint, NIC, VNet, DNS. */
export function registryChain(l: Layout): ArmResource[] {
  return [
    registryResource(l),
    cacheRuleResource(l, MCR_RULE_NAME, MCR_SOURCE, MCR_TARGET),
    acrPullAssignment(l),
    vnetResource(l),
    privateEndpointResource(l),
    ...(l.zoneGroup ? [zoneGroupResource(l)] : []),
    nicResource(l),
    zoneResource(l),
    vnetLinkResource(l),
    aRecordResource(l, l.registryName, l.registryIp),
    aRecordResource(l, `${l.registryName}.${l.location}.data`, l.dataIp),
  ];
}

// ---------------------------------------------------------------- Kubernetes objects

const T0 = '2025-11-03T14:31:07Z';

export function nodeName(p: PoolSpec, index: number): string {
  // Windows computer names are limited to 15 characters, so AKS names those nodes differently.
  if (p.osType === 'Windows') return `aks${p.name}${String(index).padStart(6, '0')}`;
  return `aks-${p.name}-${p.hash}-vmss${String(index).padStart(6, '0')}`;
}

export function nodeObject(p: PoolSpec, index: number, ip: string, created = T0, image = NODE_IMAGE): KubeObject {
  const name = nodeName(p, index);
  const windows = p.osType === 'Windows';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: guid('node-' + name),
      resourceVersion: String(4812000 + index * 37 + p.hash.charCodeAt(0)),
      creationTimestamp: created,
      labels: {
        agentpool: p.name,
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': windows ? 'Standard_D4s_v5' : 'Standard_D4ds_v5',
        'beta.kubernetes.io/os': windows ? 'windows' : 'linux',
        'failure-domain.beta.kubernetes.io/region': LOCATION,
        'failure-domain.beta.kubernetes.io/zone': `${LOCATION}-${(index % 3) + 1}`,
        'kubernetes.azure.com/agentpool': p.name,
        'kubernetes.azure.com/cluster': NODE_RG,
        'kubernetes.azure.com/mode': p.mode.toLowerCase(),
        'kubernetes.azure.com/node-image-version': windows ? 'AKSWindows-2022-containerd-20348.4294.251015' : image,
        'kubernetes.azure.com/os-sku': p.osSKU ?? (windows ? 'Windows2022' : 'Ubuntu'),
        'kubernetes.azure.com/role': 'agent',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': windows ? 'windows' : 'linux',
        'node.kubernetes.io/instance-type': windows ? 'Standard_D4s_v5' : 'Standard_D4ds_v5',
        'topology.kubernetes.io/region': LOCATION,
        'topology.kubernetes.io/zone': `${LOCATION}-${(index % 3) + 1}`,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      providerID: `azure:///subscriptions/${SUBSCRIPTION}/resourceGroups/${NODE_RG.toLowerCase()}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${p.name}-${p.hash}-vmss/virtualMachines/${index}`,
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      allocatable: { cpu: '3860m', 'ephemeral-storage': '119703055367', memory: '12880152Ki', pods: '250' },
      capacity: { cpu: '4', 'ephemeral-storage': '129886128Ki', memory: '16375576Ki', pods: '250' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: '2026-11-21T09:58:41Z', lastTransitionTime: created, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: '2026-11-21T09:58:41Z', lastTransitionTime: created, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: '2026-11-21T09:58:41Z', lastTransitionTime: created, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: '2026-11-21T09:58:41Z', lastTransitionTime: created, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: guid('boot-' + name + created),
        containerRuntimeVersion: windows ? 'containerd://1.7.20+azure' : 'containerd://1.7.28-1',
        kernelVersion: windows ? '10.0.20348.4294' : '5.15.0-1098-azure',
        kubeProxyVersion: `v${K8S_VERSION}`,
        kubeletVersion: `v${K8S_VERSION}`,
        machineID: hex('machine-' + name, 32),
        operatingSystem: windows ? 'windows' : 'linux',
        osImage: windows ? 'Windows Server 2022 Datacenter' : 'Ubuntu 22.04.5 LTS',
        systemUUID: guid('uuid-' + name),
      },
    },
  };
}

export interface ContainerSpec {
  name: string;
  image: string;
}

export interface PodSpec {
  namespace: string;
  name: string;
  node: string;
  hostIP: string;
  podIP: string;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  owner: { kind: string; name: string };
  labels?: Record<string, string>;
  created?: string;
}

function digestOf(image: string): string {
  return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}

function runningStatus(c: ContainerSpec, startedAt: string): Record<string, unknown> {
  const repo = c.image.split('@')[0]?.replace(/:[^/:]+$/, '') ?? c.image;
  return {
    name: c.name,
    image: c.image,
    imageID: `${repo}@${digestOf(c.image)}`,
    containerID: `containerd://${hex('cid-' + c.name + startedAt + c.image, 64)}`,
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt } },
  };
}

function completedInitStatus(c: ContainerSpec, startedAt: string): Record<string, unknown> {
  const repo = c.image.replace(/:[^/:]+$/, '');
  return {
    name: c.name,
    image: c.image,
    imageID: `${repo}@${digestOf(c.image)}`,
    containerID: `containerd://${hex('cid-' + c.name + startedAt, 64)}`,
    ready: true,
    started: false,
    restartCount: 0,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: startedAt } },
  };
}

export function podObject(s: PodSpec): KubeObject {
  const created = s.created ?? T0;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      uid: guid(`pod-${s.namespace}-${s.name}`),
      resourceVersion: String(5100000 + (parseInt(hex(s.name, 4), 16) % 90000)),
      creationTimestamp: created,
      generateName: s.name.replace(/[a-z0-9]{5}$/, ''),
      labels: s.labels ?? { app: s.owner.name },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: s.owner.kind, name: s.owner.name, uid: guid(`owner-${s.namespace}-${s.owner.name}`), controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: s.node,
      ...(s.initContainers ? { initContainers: s.initContainers.map((c) => ({ name: c.name, image: c.image, imagePullPolicy: 'IfNotPresent' })) } : {}),
      containers: s.containers.map((c) => ({ name: c.name, image: c.image, imagePullPolicy: 'IfNotPresent', resources: {} })),
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: created },
      ],
      hostIP: s.hostIP,
      hostIPs: [{ ip: s.hostIP }],
      podIP: s.podIP,
      podIPs: [{ ip: s.podIP }],
      startTime: created,
      ...(s.initContainers ? { initContainerStatuses: s.initContainers.map((c) => completedInitStatus(c, created)) } : {}),
      containerStatuses: s.containers.map((c) => runningStatus(c, created)),
      qosClass: 'BestEffort',
    },
  };
}

/** The images system pods run, from MCR (pre-cached on the node image or pulled through the mirror). */
export const SYSTEM_IMAGES = {
  coredns: 'mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.11.3-8',
  autoscaler: 'mcr.microsoft.com/oss/v2/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.9.0-1',
  konnectivity: 'mcr.microsoft.com/oss/v2/kubernetes/apiserver-network-proxy/agent:v0.30.3-3',
  metricsServer: 'mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2-3',
  kubeProxy: `mcr.microsoft.com/oss/v2/kubernetes/kube-proxy:v${K8S_VERSION}-1`,
  azureCns: 'mcr.microsoft.com/containernetworking/azure-cns:v1.6.29',
  azureCni: 'mcr.microsoft.com/containernetworking/azure-cni:v1.6.29',
  cloudNodeManager: 'mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v1.32.6',
  ipMasq: 'mcr.microsoft.com/oss/v2/kubernetes/ip-masq-agent:v0.1.15-2',
};

export interface NodePlan {
  pool: PoolSpec;
  index: number;
  ip: string;
}

export function nodePlan(l: Layout, pools: PoolSpec[] = DEFAULT_POOLS): NodePlan[] {
  // Nodes take the first addresses of the node subnet; the endpoint's addresses sit above them.
  const base = l.nodeSubnet.prefix.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.224.0';
  const plan: NodePlan[] = [];
  let host = 4;
  for (const pool of pools) for (let i = 0; i < pool.count; i++) plan.push({ pool, index: i, ip: `${base}.${host++}` });
  return plan;
}

function podSuffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const h = createHash('sha1').update(seed).digest();
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[(h[i] ?? 0) % alphabet.length];
  return s;
}

/**
 * System pods on every node (daemon sets) and a few deployments, plus the workload of the
 * `shop` namespace; `appImages` is what the shop workload runs (MCR images in the managed base,
 * the customer's own registry in BYO).
 */
export function podObjects(plan: NodePlan[], appImages: { storefront: string; orders: string; ordersInit: string }): KubeObject[] {
  const pods: KubeObject[] = [];
  let podHost = 10;
  const podIp = (): string => `10.244.${Math.floor(podHost / 250)}.${(podHost++ % 250) + 2}`;
  const linux = plan.filter((n) => n.pool.osType !== 'Windows');
  const system = linux.filter((n) => n.pool.mode === 'System');
  const user = linux.filter((n) => n.pool.mode === 'User');
  const sys = system.length > 0 ? system : linux;
  const usr = user.length > 0 ? user : linux;
  const at = (list: NodePlan[], i: number): NodePlan => list[i % list.length] as NodePlan;

  for (const n of linux) {
    const node = nodeName(n.pool, n.index);
    pods.push(podObject({
      namespace: 'kube-system', name: `kube-proxy-${podSuffix('kp' + node)}`, node, hostIP: n.ip, podIP: n.ip,
      containers: [{ name: 'kube-proxy', image: SYSTEM_IMAGES.kubeProxy }], owner: { kind: 'DaemonSet', name: 'kube-proxy' },
      labels: { component: 'kube-proxy', tier: 'node' },
    }));
    pods.push(podObject({
      namespace: 'kube-system', name: `azure-cns-${podSuffix('cns' + node)}`, node, hostIP: n.ip, podIP: n.ip,
      initContainers: [{ name: 'cni-installer', image: SYSTEM_IMAGES.azureCni }],
      containers: [{ name: 'cns-container', image: SYSTEM_IMAGES.azureCns }], owner: { kind: 'DaemonSet', name: 'azure-cns' },
      labels: { 'k8s-app': 'azure-cns' },
    }));
    pods.push(podObject({
      namespace: 'kube-system', name: `cloud-node-manager-${podSuffix('cnm' + node)}`, node, hostIP: n.ip, podIP: n.ip,
      containers: [{ name: 'cloud-node-manager', image: SYSTEM_IMAGES.cloudNodeManager }], owner: { kind: 'DaemonSet', name: 'cloud-node-manager' },
      labels: { component: 'cloud-node-manager' },
    }));
  }
  const deployment = (namespace: string, owner: string, rs: string, list: NodePlan[], replicas: number, containers: ContainerSpec[], initContainers?: ContainerSpec[]): void => {
    for (let i = 0; i < replicas; i++) {
      const n = at(list, i);
      pods.push(podObject({
        namespace, name: `${owner}-${rs}-${podSuffix(owner + i)}`, node: nodeName(n.pool, n.index), hostIP: n.ip, podIP: podIp(),
        containers, ...(initContainers ? { initContainers } : {}), owner: { kind: 'ReplicaSet', name: `${owner}-${rs}` },
        labels: { app: owner, 'pod-template-hash': rs },
      }));
    }
  };
  deployment('kube-system', 'coredns', '6f9f6b8d5c', sys, 2, [{ name: 'coredns', image: SYSTEM_IMAGES.coredns }]);
  deployment('kube-system', 'coredns-autoscaler', '5b4d7c8f9d', sys, 1, [{ name: 'autoscaler', image: SYSTEM_IMAGES.autoscaler }]);
  deployment('kube-system', 'konnectivity-agent', '7c9b8d6f4b', sys, 2, [{ name: 'konnectivity-agent', image: SYSTEM_IMAGES.konnectivity }]);
  deployment('kube-system', 'metrics-server', '8d6c5f7b9c', sys, 2, [{ name: 'metrics-server', image: SYSTEM_IMAGES.metricsServer }]);
  deployment('shop', 'storefront', '7d9c6b5f4', usr, 3, [{ name: 'storefront', image: appImages.storefront }]);
  deployment('shop', 'orders', '5c7f9d8b6', usr, 2, [{ name: 'orders', image: appImages.orders }], [{ name: 'wait-for-config', image: appImages.ordersInit }]);
  return pods;
}

export const MANAGED_APP_IMAGES = {
  storefront: 'mcr.microsoft.com/dotnet/samples:aspnetapp-9.0',
  orders: 'mcr.microsoft.com/dotnet/aspnet:9.0.11',
  ordersInit: 'mcr.microsoft.com/azurelinux/busybox:1.36',
};

export const BYO_APP_IMAGES = {
  storefront: 'contosoprodacr.azurecr.io/shop/storefront:2.14.3',
  orders: 'contosoprodacr.azurecr.io/shop/orders:1.9.0',
  ordersInit: 'mcr.microsoft.com/azurelinux/busybox:1.36',
};

/** The per-node registry configuration real nodes hold in containerd's hosts.toml. */
export interface EmulatorState {
  nodeRegistry: Record<string, string | null>;
}

export function emulatorState(bundle: Bundle): EmulatorState {
  const raw = bundle['x-emulator'];
  if (raw && typeof raw === 'object' && 'nodeRegistry' in raw) {
    const nr: unknown = raw.nodeRegistry;
    if (nr && typeof nr === 'object') return raw as EmulatorState;
  }
  const state: EmulatorState = { nodeRegistry: {} };
  bundle['x-emulator'] = state;
  return state;
}

export interface BaseOptions extends ClusterOptions {
  layout?: Layout;
  appImages?: { storefront: string; orders: string; ordersInit: string };
  description?: string;
}

/** A complete healthy bundle of one layout: the cluster, its pools, the registry chain, nodes and pods. */
export function healthyBundle(o: BaseOptions & { layout: Layout }): Bundle {
  const l = o.layout;
  const pools = o.pools ?? DEFAULT_POOLS;
  const containerRegistryId = o.containerRegistryId ?? (l.mode === 'byo' ? registryId(l) : undefined);
  const plan = nodePlan(l, pools);
  const nodeRegistry: Record<string, string | null> = {};
  for (const n of plan) nodeRegistry[nodeName(n.pool, n.index)] = loginServer(l.registryName);
  return {
    schema: BUNDLE_SCHEMA,
    description: o.description ?? `healthy network isolated cluster with ${l.mode === 'managed' ? 'an AKS-managed' : 'a BYO'} registry`,
    capturedAt: CAPTURED_AT,
    cluster: CLUSTER_ID,
    arm: [
      clusterResource(l, { ...o, containerRegistryId, pools }),
      ...agentPoolResources(l, pools),
      ...registryChain(l),
    ],
    kubernetes: {
      reachable: true,
      version: `v${K8S_VERSION}`,
      nodes: plan.map((n) => nodeObject(n.pool, n.index, n.ip)),
      pods: podObjects(plan, o.appImages ?? (l.mode === 'managed' ? MANAGED_APP_IMAGES : BYO_APP_IMAGES)),
      events: [],
    },
    'x-emulator': { nodeRegistry },
  };
}

export function healthyManaged(description?: string): Bundle {
  return healthyBundle({ layout: MANAGED_LAYOUT, ...(description ? { description } : {}) });
}

export function healthyByo(description?: string): Bundle {
  return healthyBundle({ layout: BYO_LAYOUT, ...(description ? { description } : {}) });
}

// ---------------------------------------------------------------- mutations

export function findArm(bundle: Bundle, id: string): ArmResource | undefined {
  const k = idKey(id);
  return bundle.arm.find((r) => idKey(r.id) === k);
}

/** Removes the resource and its children (ids under it). */
export function removeArm(bundle: Bundle, id: string): void {
  const k = idKey(id);
  bundle.arm = bundle.arm.filter((r) => {
    const rk = idKey(r.id);
    return rk !== k && !rk.startsWith(k + '/');
  });
}

export function props(r: ArmResource | undefined): Record<string, unknown> {
  if (!r) throw new Error('scenario builder: resource missing');
  r.properties ??= {};
  return r.properties;
}

export function clusterProps(bundle: Bundle): Record<string, unknown> {
  return props(findArm(bundle, bundle.cluster));
}

/** Sets the zone's numberOfRecordSets from its record sets (plus SOA), as ARM reports it. */
export function recountRecordSets(bundle: Bundle, l: Layout): void {
  const zone = findArm(bundle, zoneId(l));
  if (!zone) return;
  const prefix = idKey(zoneId(l)) + '/a/';
  props(zone).numberOfRecordSets = 1 + bundle.arm.filter((r) => idKey(r.id).startsWith(prefix)).length;
}

export function pods(bundle: Bundle): KubeObject[] {
  return (bundle.kubernetes.pods ??= []);
}

export function podsMatching(bundle: Bundle, namespace: string, prefix: string): KubeObject[] {
  return pods(bundle).filter((p) => p.metadata?.namespace === namespace && (p.metadata.name ?? '').startsWith(prefix));
}

export function nodeOf(pod: KubeObject): string {
  const spec = pod.spec as { nodeName?: string } | undefined;
  return spec?.nodeName ?? '';
}

/** The full reference containerd resolves (`nginx:1.27` → `docker.io/library/nginx:1.27`). */
export function fullReference(image: string): string {
  const first = image.split('/')[0] ?? '';
  const explicit = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (explicit) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

function repoAndTag(fullRef: string): { host: string; repo: string; tag: string } {
  const slash = fullRef.indexOf('/');
  const host = fullRef.slice(0, slash);
  const rest = fullRef.slice(slash + 1);
  const at = rest.indexOf('@');
  if (at >= 0) return { host, repo: rest.slice(0, at), tag: rest.slice(at + 1) };
  const colon = rest.lastIndexOf(':');
  return colon >= 0 ? { host, repo: rest.slice(0, colon), tag: rest.slice(colon + 1) } : { host, repo: rest, tag: 'latest' };
}

/** containerd's error texts (reference §4, §5): what the kubelet reports after "Failed to pull image". */
export const pullError = {
  /** No mirror served it (no cache rule: 404, skipped) and the MCR fallback has no egress. */
  mcrTimeout(image: string): string {
    const ref = fullReference(image);
    const { repo, tag } = repoAndTag(ref);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "https://mcr.microsoft.com/v2/${repo}/manifests/${tag}": dial tcp ${MCR_IP}:443: i/o timeout`;
  },
  /** A public registry without a mirror: straight to it, and no egress. */
  directTimeout(image: string, ip = DOCKER_HUB_IP): string {
    const ref = fullReference(image);
    const { host, repo, tag } = repoAndTag(ref);
    const h = host === 'docker.io' ? 'registry-1.docker.io' : host;
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "https://${h}/v2/${repo}/manifests/${tag}": dial tcp ${ip}:443: i/o timeout`;
  },
  mirrorUrl(image: string, acrHost: string, legacy = false): string {
    const ref = fullReference(image);
    const { host, repo, tag } = repoAndTag(ref);
    return `https://${acrHost}/v2/${legacy ? '' : 'aks-managed-repository/'}${repo}/manifests/${tag}?ns=${host}`;
  },
  /** The registry host does not resolve (deleted registry, stale node pointing at an old one). */
  mirrorLookup(image: string, acrHost: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "${pullError.mirrorUrl(image, acrHost)}": dial tcp: lookup ${acrHost} on ${AZURE_DNS}:53: no such host`;
  },
  /** The registry host resolves to an address nothing answers on (public IP without egress, wrong record). */
  mirrorTimeout(image: string, acrHost: string, ip: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "${pullError.mirrorUrl(image, acrHost)}": dial tcp ${ip}:443: i/o timeout`;
  },
  /** Public endpoint reached while public access is disabled: the classic missing-VNet-link symptom. */
  mirror403(image: string, acrHost: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": unexpected status from HEAD request to ${pullError.mirrorUrl(image, acrHost)}: 403 Forbidden`;
  },
  /** Anonymous pull off and no AcrPull for the kubelet identity. */
  token401(image: string, acrHost: string): string {
    const ref = fullReference(image);
    const { repo } = repoAndTag(ref);
    const onAcr = ref.startsWith(acrHost + '/');
    const scopeRepo = onAcr ? repo : `aks-managed-repository/${repo}`;
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://${acrHost}/oauth2/token?scope=repository%3A${encodeURIComponent(scopeRepo)}%3Apull&service=${acrHost}: 401 Unauthorized`;
  },
  /** An image referenced through the registry that no cache rule covers and nobody pushed. */
  notFound(image: string): string {
    const ref = fullReference(image);
    return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
  },
  /** The manifest came through the login server, the blob download hits the unresolvable data endpoint. */
  dataLookup(image: string, acrHost: string, dataHostName: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://${dataHostName}/docker/registry/v2/blobs/sha256/${hex(image, 2)}/${hex(image, 64)}/data?se=2026-11-21T10%3A20%3A00Z&sig=REDACTED&sp=r&spr=https&sr=b&sv=2018-03-28&regid=${hex(acrHost, 32)}": dial tcp: lookup ${dataHostName} on ${AZURE_DNS}:53: no such host`;
  },
};

export interface FailSpec {
  /** Seconds before capturedAt when the pod first failed. */
  sinceMinutes?: number;
  /** `ErrImagePull` right after an attempt, `ImagePullBackOff` in between (the default). */
  reason?: 'ErrImagePull' | 'ImagePullBackOff';
}

function minutesBefore(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) - minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

/**
 * Turns a container of a pod into a failing pull: waiting status on the pod, and the events the
 * kubelet records (Failed with the error, Failed "Error: ErrImagePull", the Normal BackOff,
 * Failed "Error: ImagePullBackOff"), as `kubectl get events -o json` shows them.
 */
export function failPull(bundle: Bundle, pod: KubeObject, containerName: string, error: string, spec: FailSpec = {}): void {
  const status = (pod.status ??= {}) as Record<string, unknown>;
  const podSpec = (pod.spec ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
  const init = (podSpec.initContainers ?? []).some((c) => c.name === containerName);
  const list = (init ? status.initContainerStatuses : status.containerStatuses) as Record<string, unknown>[] | undefined;
  const cs = list?.find((c) => c.name === containerName);
  if (!cs) throw new Error(`scenario builder: no container ${containerName} in ${pod.metadata?.name ?? ''}`);
  const image = String(cs.image);
  const since = spec.sinceMinutes ?? 42;
  const first = minutesBefore(CAPTURED_AT, since);
  const lastPull = minutesBefore(CAPTURED_AT, 3);
  const lastBackoff = minutesBefore(CAPTURED_AT, 1);
  const reason = spec.reason ?? 'ImagePullBackOff';
  const attempts = Math.max(2, Math.floor(since / 5));

  cs.ready = false;
  cs.started = false;
  cs.imageID = '';
  delete cs.containerID;
  cs.state = {
    waiting: {
      reason,
      message: reason === 'ErrImagePull' ? error : `Back-off pulling image "${image}": ErrImagePull: ${error}`,
    },
  };
  if (init) {
    // Main containers wait for the init containers.
    for (const c of (status.containerStatuses as Record<string, unknown>[] | undefined) ?? []) {
      c.ready = false;
      c.started = false;
      c.imageID = '';
      delete c.containerID;
      c.state = { waiting: { reason: 'PodInitializing' } };
    }
  }
  status.phase = 'Pending';
  delete status.podIP;
  delete status.podIPs;
  const unready = [
    ...((status.initContainerStatuses as Record<string, unknown>[] | undefined) ?? []).filter((c) => c.ready === false),
    ...((status.containerStatuses as Record<string, unknown>[] | undefined) ?? []).filter((c) => c.ready === false),
  ].map((c) => String(c.name));
  status.conditions = [
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: first },
    init
      ? { type: 'Initialized', status: 'False', lastProbeTime: null, lastTransitionTime: first, reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${containerName}]` }
      : { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: first },
    { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: first, reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` },
    { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: first, reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: first },
  ];
  const meta = pod.metadata ?? {};
  meta.creationTimestamp = first;
  status.startTime = first;

  const ns = meta.namespace ?? 'default';
  const podName = meta.name ?? '';
  const fieldPath = `${init ? 'spec.initContainers' : 'spec.containers'}{${containerName}}`;
  const node = nodeOf(pod);
  const event = (kind: string, type: string, reasonText: string, message: string, count: number, last: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${podName}.${hex(`${podName}${containerName}${kind}`, 16)}`,
      namespace: ns,
      uid: guid(`event-${podName}-${containerName}-${kind}`),
      resourceVersion: String(6200000 + (parseInt(hex(podName + kind, 4), 16) % 90000)),
      creationTimestamp: first,
    },
    involvedObject: {
      kind: 'Pod',
      namespace: ns,
      name: podName,
      uid: String((meta as { uid?: string }).uid ?? ''),
      apiVersion: 'v1',
      resourceVersion: String((meta as { resourceVersion?: string }).resourceVersion ?? ''),
      fieldPath,
    },
    reason: reasonText,
    message,
    source: { component: 'kubelet', host: node },
    firstTimestamp: first,
    lastTimestamp: last,
    count,
    type,
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: node,
  });
  const events = (bundle.kubernetes.events ??= []);
  events.push(
    event('pull', 'Normal', 'Pulling', `Pulling image "${image}"`, attempts, lastPull),
    event('failed', 'Warning', 'Failed', `Failed to pull image "${image}": ${error}`, attempts, lastPull),
    event('errimagepull', 'Warning', 'Failed', 'Error: ErrImagePull', attempts, lastPull),
    event('backoff', 'Normal', 'BackOff', `Back-off pulling image "${image}"`, attempts * 6, lastBackoff),
    event('imagepullbackoff', 'Warning', 'Failed', 'Error: ImagePullBackOff', attempts * 6, lastBackoff),
  );
}

/** Adds a pod (built with podObject) and returns it. */
export function addPod(bundle: Bundle, spec: PodSpec): KubeObject {
  const pod = podObject(spec);
  pods(bundle).push(pod);
  return pod;
}

export function nodeIp(bundle: Bundle, name: string): string {
  const node = (bundle.kubernetes.nodes ?? []).find((n) => n.metadata?.name === name);
  const addresses = ((node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses) ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '10.224.0.4';
}
