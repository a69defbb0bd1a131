import type { AccessToken, TokenCredential } from '@azure/identity';
import type { Bundle } from '../../src/bundle/types.js';

/**
 * A small handmade bundle for the emulator's own tests (independent of the scenario library):
 * a network isolated cluster with an AKS-managed registry, in the mixed id case ARM returns.
 */
export const SUB = '3f2c8a4e-5b7d-4e21-9c1a-6d0b2f7e8a91';
export const RG = 'rg-netiso';
export const CLUSTER = 'aks-netiso-demo';
export const NODE_RG = 'MC_rg-netiso_aks-netiso-demo_eastus';
export const REGISTRY = 'bootstrapacr7f3k2';
export const CLUSTER_ID = `/subscriptions/${SUB}/resourcegroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}`;
export const REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}`;
export const VNET_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/virtualNetworks/aks-vnet-31245678`;
export const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
export const PE_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/privateEndpoints/bootstrap-pe-7f3k2`;
export const NIC_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/networkInterfaces/bootstrap-pe-7f3k2.nic.5b1e0c2d`;
export const ACR_PULL = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`;
export const KUBELET_OBJECT_ID = '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

function pod(ns: string, name: string, node: string, image: string, waiting?: { reason: string; message: string }): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `uid-${name}`, labels: { app: name.split('-')[0] ?? name } },
    spec: { nodeName: node, containers: [{ name: 'main', image }] },
    status: {
      phase: waiting ? 'Pending' : 'Running',
      containerStatuses: [
        waiting
          ? { name: 'main', image, imageID: '', ready: false, restartCount: 0, started: false, state: { waiting } }
          : { name: 'main', image, imageID: `${image}@sha256:1d4c`, ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-21T09:00:00Z' } } },
      ],
    },
  };
}

function event(ns: string, name: string, podName: string, type: string, reason: string, message: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: podName, namespace: ns, fieldPath: 'spec.containers{main}' },
    type,
    reason,
    message,
    count: 3,
    source: { component: 'kubelet', host: 'aks-nodepool1-12345678-vmss000000' },
    firstTimestamp: '2026-11-21T09:58:00Z',
    lastTimestamp: '2026-11-21T10:00:00Z',
  };
}

const TIMEOUT = 'failed to do request: Head "https://mcr.microsoft.com/v2/azuredocs/aks-helloworld/manifests/v1?ns=mcr.microsoft.com": dial tcp 150.171.69.10:443: i/o timeout';

export function fixtureBundle(options: { aad?: boolean; reachable?: boolean } = {}): Bundle {
  const reachable = options.reachable ?? true;
  return {
    schema: 'aks-netiso/bundle@1',
    description: 'emulator test fixture',
    cluster: CLUSTER_ID,
    arm: [
      {
        id: CLUSTER_ID,
        name: CLUSTER,
        type: 'Microsoft.ContainerService/ManagedClusters',
        location: 'eastus',
        properties: {
          provisioningState: 'Succeeded',
          kubernetesVersion: '1.31',
          currentKubernetesVersion: '1.31.2',
          nodeResourceGroup: NODE_RG,
          bootstrapProfile: { artifactSource: 'Cache', containerRegistryId: REGISTRY_ID },
          networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', outboundType: 'none' },
          apiServerAccessProfile: { enablePrivateCluster: true },
          agentPoolProfiles: [{ name: 'nodepool1', count: 2, vmSize: 'Standard_D4ds_v5', osType: 'Linux', mode: 'System', nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.01.0' }],
          identityProfile: { kubeletidentity: { objectId: KUBELET_OBJECT_ID, clientId: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9' } },
          ...(options.aad ? { aadProfile: { managed: true, enableAzureRBAC: true, tenantID: '72f988bf-86f1-41af-91ab-2d7cd011db47' } } : {}),
        },
      },
      {
        id: `${CLUSTER_ID}/agentPools/nodepool1`,
        name: 'nodepool1',
        type: 'Microsoft.ContainerService/managedClusters/agentPools',
        properties: { provisioningState: 'Succeeded', count: 2, vmSize: 'Standard_D4ds_v5', osType: 'Linux', mode: 'System', nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.01.0' },
      },
      {
        id: REGISTRY_ID,
        name: REGISTRY,
        type: 'Microsoft.ContainerRegistry/registries',
        location: 'eastus',
        sku: { name: 'Premium', tier: 'Premium' },
        properties: { loginServer: `${REGISTRY}.azurecr.io`, provisioningState: 'Succeeded', publicNetworkAccess: 'Disabled', anonymousPullEnabled: false, dataEndpointEnabled: true, roleAssignmentMode: 'LegacyRegistryPermissions' },
      },
      {
        id: `${REGISTRY_ID}/cacheRules/aks-managed-mcr`,
        name: 'aks-managed-mcr',
        type: 'Microsoft.ContainerRegistry/registries/cacheRules',
        properties: { sourceRepository: 'mcr.microsoft.com/*', targetRepository: 'aks-managed-repository/*', provisioningState: 'Succeeded' },
      },
      ...['byoacr1', 'byoacr2'].map((name) => ({
        id: `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/${name}`,
        name,
        type: 'Microsoft.ContainerRegistry/registries',
        location: 'eastus',
        sku: { name: 'Premium', tier: 'Premium' },
        properties: { loginServer: `${name}.azurecr.io`, provisioningState: 'Succeeded' },
      })),
      {
        id: PE_ID,
        name: 'bootstrap-pe-7f3k2',
        type: 'Microsoft.Network/privateEndpoints',
        location: 'eastus',
        properties: {
          provisioningState: 'Succeeded',
          subnet: { id: `${VNET_ID}/subnets/aks-subnet` },
          networkInterfaces: [{ id: NIC_ID }],
          privateLinkServiceConnections: [
            {
              name: 'bootstrap-pe-7f3k2',
              properties: { privateLinkServiceId: REGISTRY_ID, groupIds: ['registry'], privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' } },
            },
          ],
        },
      },
      {
        id: `${PE_ID}/privateDnsZoneGroups/default`,
        name: 'default',
        type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
        properties: { provisioningState: 'Succeeded', privateDnsZoneConfigs: [{ name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: ZONE_ID } }] },
      },
      {
        id: NIC_ID,
        name: 'bootstrap-pe-7f3k2.nic.5b1e0c2d',
        type: 'Microsoft.Network/networkInterfaces',
        location: 'eastus',
        properties: {
          provisioningState: 'Succeeded',
          ipConfigurations: [
            { name: 'privateEndpointIpConfig.1', properties: { privateIPAddress: '10.224.0.7', privateLinkConnectionProperties: { groupId: 'registry', requiredMemberName: 'registry' } } },
            { name: 'privateEndpointIpConfig.2', properties: { privateIPAddress: '10.224.0.8', privateLinkConnectionProperties: { groupId: 'registry', requiredMemberName: 'registry_data_eastus' } } },
          ],
        },
      },
      {
        id: VNET_ID,
        name: 'aks-vnet-31245678',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'eastus',
        properties: {
          provisioningState: 'Succeeded',
          addressSpace: { addressPrefixes: ['10.224.0.0/12'] },
          subnets: [{ id: `${VNET_ID}/subnets/aks-subnet`, name: 'aks-subnet', properties: { addressPrefix: '10.224.0.0/16' } }],
          virtualNetworkPeerings: [],
        },
      },
      {
        id: ZONE_ID,
        name: 'privatelink.azurecr.io',
        type: 'Microsoft.Network/privateDnsZones',
        location: 'global',
        properties: { provisioningState: 'Succeeded', numberOfRecordSets: 3 },
      },
      {
        id: `${ZONE_ID}/virtualNetworkLinks/aks-vnet-link`,
        name: 'aks-vnet-link',
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        location: 'global',
        properties: { provisioningState: 'Succeeded', virtualNetwork: { id: VNET_ID }, registrationEnabled: false, virtualNetworkLinkState: 'Completed' },
      },
      {
        id: `${ZONE_ID}/A/${REGISTRY}`,
        name: REGISTRY,
        type: 'Microsoft.Network/privateDnsZones/A',
        properties: { fqdn: `${REGISTRY}.privatelink.azurecr.io.`, ttl: 10, aRecords: [{ ipv4Address: '10.224.0.7' }] },
      },
      {
        id: `${ZONE_ID}/A/${REGISTRY}.eastus.data`,
        name: `${REGISTRY}.eastus.data`,
        type: 'Microsoft.Network/privateDnsZones/A',
        properties: { fqdn: `${REGISTRY}.eastus.data.privatelink.azurecr.io.`, ttl: 10, aRecords: [{ ipv4Address: '10.224.0.8' }] },
      },
      {
        id: `${ZONE_ID}/SOA/@`,
        name: '@',
        type: 'Microsoft.Network/privateDnsZones/SOA',
        properties: { fqdn: 'privatelink.azurecr.io.', ttl: 3600, soaRecord: { host: 'azureprivatedns.net', email: 'azureprivatedns-host.microsoft.com' } },
      },
      {
        id: `${REGISTRY_ID}/providers/Microsoft.Authorization/roleAssignments/0b8e3c1d-2f4a-4b6c-9d8e-1a2b3c4d5e6f`,
        name: '0b8e3c1d-2f4a-4b6c-9d8e-1a2b3c4d5e6f',
        type: 'Microsoft.Authorization/roleAssignments',
        properties: { roleDefinitionId: ACR_PULL, principalId: KUBELET_OBJECT_ID, principalType: 'ServicePrincipal', scope: REGISTRY_ID },
      },
      {
        id: `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Authorization/roleAssignments/5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f`,
        name: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
        type: 'Microsoft.Authorization/roleAssignments',
        properties: { roleDefinitionId: ACR_PULL, principalId: 'a1b2c3d4-0000-4000-8000-000000000001', principalType: 'Group', scope: `/subscriptions/${SUB}/resourceGroups/${NODE_RG}` },
      },
      {
        id: `/subscriptions/${SUB}/resourceGroups/other-rg/providers/Microsoft.Authorization/roleAssignments/6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a`,
        name: '6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a',
        type: 'Microsoft.Authorization/roleAssignments',
        properties: { roleDefinitionId: ACR_PULL, principalId: 'a1b2c3d4-0000-4000-8000-000000000002', principalType: 'User', scope: `/subscriptions/${SUB}/resourceGroups/other-rg` },
      },
    ],
    kubernetes: reachable
      ? {
          reachable: true,
          nodes: [0, 1].map((i) => ({
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: `aks-nodepool1-12345678-vmss00000${i}`, labels: { 'kubernetes.azure.com/agentpool': 'nodepool1', 'kubernetes.azure.com/node-image-version': 'AKSUbuntu-2204gen2containerd-202510.01.0' } },
            status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.31.2', osImage: 'Ubuntu 22.04.5 LTS' } },
          })),
          pods: [
            pod('kube-system', 'coredns-6d4b8c9f7-abcde', 'aks-nodepool1-12345678-vmss000000', 'mcr.microsoft.com/oss/kubernetes/coredns:v1.11.3-1'),
            pod('kube-system', 'konnectivity-agent-7f9c5-xk2lp', 'aks-nodepool1-12345678-vmss000001', 'mcr.microsoft.com/oss/kubernetes/apiserver-network-proxy/agent:v0.30.3'),
            pod('default', 'hello-7d9c8b6f5-q2w3e', 'aks-nodepool1-12345678-vmss000000', 'mcr.microsoft.com/azuredocs/aks-helloworld:v1', { reason: 'ImagePullBackOff', message: 'Back-off pulling image "mcr.microsoft.com/azuredocs/aks-helloworld:v1"' }),
            pod('default', 'web-5b6c7d8e9-r4t5y', 'aks-nodepool1-12345678-vmss000001', 'nginx:1.27', { reason: 'ErrImagePull', message: 'failed to pull and unpack image "docker.io/library/nginx:1.27"' }),
            pod('apps', 'api-6c7d8e9f0-u6i7o', 'aks-nodepool1-12345678-vmss000001', 'mcr.microsoft.com/dotnet/aspnet:8.0'),
          ],
          events: [
            event('default', 'hello-7d9c8b6f5-q2w3e.1', 'hello-7d9c8b6f5-q2w3e', 'Warning', 'Failed', `Failed to pull image "mcr.microsoft.com/azuredocs/aks-helloworld:v1": ${TIMEOUT}`),
            event('default', 'hello-7d9c8b6f5-q2w3e.2', 'hello-7d9c8b6f5-q2w3e', 'Warning', 'BackOff', 'Back-off pulling image "mcr.microsoft.com/azuredocs/aks-helloworld:v1"'),
            event('default', 'hello-7d9c8b6f5-q2w3e.3', 'hello-7d9c8b6f5-q2w3e', 'Normal', 'Pulling', 'Pulling image "mcr.microsoft.com/azuredocs/aks-helloworld:v1"'),
            event('default', 'web-5b6c7d8e9-r4t5y.1', 'web-5b6c7d8e9-r4t5y', 'Warning', 'Failed', 'Failed to pull image "nginx:1.27": dial tcp 104.16.0.1:443: i/o timeout'),
            {
              ...event('default', 'aks-nodepool1-12345678-vmss000000.1', 'aks-nodepool1-12345678-vmss000000', 'Warning', 'NodeNotReady', 'Node is not ready'),
              involvedObject: { kind: 'Node', name: 'aks-nodepool1-12345678-vmss000000', uid: 'node-uid' },
            },
          ],
        }
      : { reachable: false, reason: 'private cluster: API server not reachable from here' },
  };
}

/** A credential that returns a fixed token: the emulator accepts any bearer token on ARM. */
export function staticCredential(token = 'emulator-test-token'): TokenCredential {
  return {
    getToken(): Promise<AccessToken> {
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
}

/** An unsigned JWT with the given claims (the emulator reads claims, never signatures). */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`;
}
