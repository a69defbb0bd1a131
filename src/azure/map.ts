/**
 * SDK models → our small types. The only file (with gateway.ts) that sees SDK model types.
 */
import type {
  AgentPool as SdkAgentPool, ManagedCluster as SdkCluster, ManagedClusterAgentPoolProfileProperties as SdkPoolProps,
} from '@azure/arm-containerservice';
import type { CacheRule as SdkCacheRule, CredentialSet as SdkCredentialSet, Registry as SdkRegistry, Replication as SdkReplication } from '@azure/arm-containerregistry';
import type {
  NetworkInterface as SdkNic, PrivateDnsZoneGroup as SdkZoneGroup, PrivateEndpoint as SdkEndpoint,
  PrivateLinkServiceConnection as SdkPlsConnection, VirtualNetwork as SdkVnet,
} from '@azure/arm-network';
import type { PrivateZone as SdkZone, RecordSet as SdkRecordSet, VirtualNetworkLink as SdkLink } from '@azure/arm-privatedns';
import type { RoleAssignment as SdkRoleAssignment } from '@azure/arm-authorization';
import { tryParseResourceId } from './resource-id.js';
import type {
  AgentPool, AgentPoolProfile, ARecordSet, CacheRule, Cluster, CredentialSet, ClusterSummary, NetworkInterface, PrivateDnsZone,
  PrivateDnsZoneGroup, PrivateEndpoint, PrivateLinkConnection, Registry, RegistryReplication, RoleAssignment, VirtualNetwork, VirtualNetworkLink,
} from './types.js';

/** ARM always returns ids; a missing one falls back to the id we asked for. */
function idOr(id: string | undefined, fallback: string): string {
  return id && id.length > 0 ? id : fallback;
}

function nameOf(id: string, name: string | undefined): string {
  return name ?? tryParseResourceId(id)?.name ?? id.split('/').pop() ?? id;
}

function groupOf(id: string): string {
  return tryParseResourceId(id)?.resourceGroup ?? '';
}

function subscriptionOf(id: string): string {
  return tryParseResourceId(id)?.subscriptionId ?? '';
}

function poolProfile(p: SdkPoolProps & { name?: string | undefined }): AgentPoolProfile {
  return {
    name: p.name ?? '',
    count: p.count ?? 0,
    vmSize: p.vmSize,
    osType: p.osType ?? 'Linux',
    osSku: p.osSKU,
    mode: p.mode,
    vnetSubnetId: p.vnetSubnetID,
    nodeImageVersion: p.nodeImageVersion,
    orchestratorVersion: p.currentOrchestratorVersion ?? p.orchestratorVersion,
    enableNodePublicIp: p.enableNodePublicIP ?? false,
    provisioningState: p.provisioningState,
  };
}

export function mapCluster(c: SdkCluster, requestedId: string): Cluster {
  const id = idOr(c.id, requestedId);
  const kubelet = c.identityProfile?.kubeletidentity;
  return {
    id,
    name: nameOf(id, c.name),
    subscriptionId: subscriptionOf(id),
    resourceGroup: groupOf(id),
    location: c.location ?? '',
    provisioningState: c.provisioningState ?? 'Unknown',
    powerState: c.powerState?.code,
    kubernetesVersion: c.currentKubernetesVersion ?? c.kubernetesVersion,
    nodeResourceGroup: c.nodeResourceGroup ?? '',
    nodeResourceGroupRestrictionLevel: c.nodeResourceGroupProfile?.restrictionLevel,
    artifactSource: c.bootstrapProfile?.artifactSource,
    containerRegistryId: c.bootstrapProfile?.containerRegistryId || undefined,
    outboundType: c.networkProfile?.outboundType,
    networkPlugin: c.networkProfile?.networkPlugin,
    networkPluginMode: c.networkProfile?.networkPluginMode,
    enablePrivateCluster: c.apiServerAccessProfile?.enablePrivateCluster ?? false,
    enableVnetIntegration: c.apiServerAccessProfile?.enableVnetIntegration ?? false,
    apiServerSubnetId: c.apiServerAccessProfile?.subnetId,
    servicePrincipalClientId: c.servicePrincipalProfile?.clientId,
    identityType: c.identity?.type,
    tenantId: c.identity?.tenantId ?? c.aadProfile?.tenantID,
    kubeletIdentity: kubelet ? { objectId: kubelet.objectId, clientId: kubelet.clientId, resourceId: kubelet.resourceId } : undefined,
    nodeOsUpgradeChannel: c.autoUpgradeProfile?.nodeOSUpgradeChannel,
    upgradeChannel: c.autoUpgradeProfile?.upgradeChannel,
    entraIdEnabled: c.aadProfile?.managed ?? false,
    disableLocalAccounts: c.disableLocalAccounts ?? false,
    fqdn: c.fqdn,
    privateFqdn: c.privateFqdn,
    agentPools: (c.agentPoolProfiles ?? []).map(poolProfile),
  };
}

export function mapClusterSummary(c: SdkCluster): ClusterSummary {
  const id = c.id ?? '';
  return {
    id,
    name: nameOf(id, c.name),
    resourceGroup: groupOf(id),
    location: c.location ?? '',
    kubernetesVersion: c.currentKubernetesVersion ?? c.kubernetesVersion,
    artifactSource: c.bootstrapProfile?.artifactSource,
    outboundType: c.networkProfile?.outboundType,
    containerRegistryId: c.bootstrapProfile?.containerRegistryId || undefined,
    nodeResourceGroup: c.nodeResourceGroup ?? '',
    provisioningState: c.provisioningState ?? 'Unknown',
  };
}

export function mapAgentPool(p: SdkAgentPool, clusterId: string): AgentPool {
  const id = idOr(p.id, `${clusterId}/agentPools/${p.name ?? ''}`);
  return { ...poolProfile({ ...p, name: nameOf(id, p.name) }), id };
}

export function mapRegistry(r: SdkRegistry, requestedId: string): Registry {
  const id = idOr(r.id, requestedId);
  return {
    id,
    name: nameOf(id, r.name),
    resourceGroup: groupOf(id),
    location: r.location ?? '',
    sku: r.sku?.name,
    loginServer: r.loginServer,
    provisioningState: r.provisioningState,
    publicNetworkAccess: r.publicNetworkAccess,
    anonymousPullEnabled: r.anonymousPullEnabled ?? false,
    dataEndpointEnabled: r.dataEndpointEnabled ?? false,
    dataEndpointHostNames: r.dataEndpointHostNames ?? [],
    azureAdAuthenticationAsArmPolicy: r.policies?.azureADAuthenticationAsArmPolicy?.status,
    roleAssignmentMode: r.roleAssignmentMode,
    privateEndpointConnections: (r.privateEndpointConnections ?? []).map((c) => ({
      id: c.id ?? '',
      privateEndpointId: c.privateEndpoint?.id,
      status: c.privateLinkServiceConnectionState?.status,
    })),
  };
}

export function mapReplication(r: SdkReplication, registryId: string): RegistryReplication {
  const id = idOr(r.id, `${registryId}/replications/${r.name ?? r.location}`);
  return { id, name: nameOf(id, r.name), location: r.location, provisioningState: r.provisioningState, regionEndpointEnabled: r.regionEndpointEnabled };
}

export function mapCacheRule(r: SdkCacheRule, registryId: string): CacheRule {
  const id = idOr(r.id, `${registryId}/cacheRules/${r.name ?? ''}`);
  return {
    id,
    name: nameOf(id, r.name),
    sourceRepository: r.sourceRepository,
    targetRepository: r.targetRepository,
    credentialSetResourceId: r.credentialSetResourceId,
    provisioningState: r.provisioningState,
  };
}

export function mapCredentialSet(c: SdkCredentialSet, requestedId: string): CredentialSet {
  const id = idOr(c.id, requestedId);
  return {
    id,
    name: nameOf(id, c.name),
    loginServer: c.loginServer,
    identityPrincipalId: c.identity?.principalId,
    provisioningState: c.provisioningState,
    authCredentials: (c.authCredentials ?? []).map((a) => ({
      name: a.name,
      usernameSecretIdentifier: a.usernameSecretIdentifier,
      passwordSecretIdentifier: a.passwordSecretIdentifier,
      healthStatus: a.credentialHealth?.status,
      errorCode: a.credentialHealth?.errorCode,
      errorMessage: a.credentialHealth?.errorMessage,
    })),
  };
}

function mapConnection(c: SdkPlsConnection, manual: boolean): PrivateLinkConnection {
  return {
    name: c.name,
    privateLinkServiceId: c.privateLinkServiceId,
    groupIds: c.groupIds ?? [],
    status: c.privateLinkServiceConnectionState?.status,
    description: c.privateLinkServiceConnectionState?.description,
    manual,
  };
}

export function mapPrivateEndpoint(e: SdkEndpoint, requestedId: string): PrivateEndpoint {
  const id = idOr(e.id, requestedId);
  return {
    id,
    name: nameOf(id, e.name),
    resourceGroup: groupOf(id),
    location: e.location ?? '',
    provisioningState: e.provisioningState,
    subnetId: e.subnet?.id,
    networkInterfaceIds: (e.networkInterfaces ?? []).map((n) => n.id).filter((x): x is string => !!x),
    connections: [
      ...(e.privateLinkServiceConnections ?? []).map((c) => mapConnection(c, false)),
      ...(e.manualPrivateLinkServiceConnections ?? []).map((c) => mapConnection(c, true)),
    ],
    customDnsConfigs: (e.customDnsConfigs ?? []).map((d) => ({ fqdn: d.fqdn, ipAddresses: d.ipAddresses ?? [] })),
  };
}

export function mapZoneGroup(g: SdkZoneGroup, endpointId: string): PrivateDnsZoneGroup {
  const id = idOr(g.id, `${endpointId}/privateDnsZoneGroups/${g.name ?? ''}`);
  return {
    id,
    name: nameOf(id, g.name),
    privateDnsZoneIds: (g.privateDnsZoneConfigs ?? []).map((c) => c.privateDnsZoneId).filter((x): x is string => !!x),
  };
}

export function mapNetworkInterface(n: SdkNic, requestedId: string): NetworkInterface {
  const id = idOr(n.id, requestedId);
  return {
    id,
    name: nameOf(id, n.name),
    ipConfigurations: (n.ipConfigurations ?? []).map((c) => ({
      name: c.name ?? '',
      privateIpAddress: c.privateIPAddress,
      requiredMemberName: c.privateLinkConnectionProperties?.requiredMemberName,
      groupId: c.privateLinkConnectionProperties?.groupId,
      fqdns: c.privateLinkConnectionProperties?.fqdns ?? [],
    })),
  };
}

export function mapVirtualNetwork(v: SdkVnet, requestedId: string): VirtualNetwork {
  const id = idOr(v.id, requestedId);
  return {
    id,
    name: nameOf(id, v.name),
    resourceGroup: groupOf(id),
    location: v.location ?? '',
    addressPrefixes: v.addressSpace?.addressPrefixes ?? [],
    subnets: (v.subnets ?? []).map((s) => ({
      id: s.id ?? '',
      name: s.name ?? nameOf(s.id ?? '', undefined),
      addressPrefix: s.addressPrefix ?? s.addressPrefixes?.[0],
    })),
    peerings: (v.virtualNetworkPeerings ?? []).map((p) => ({
      id: p.id ?? '',
      name: p.name ?? nameOf(p.id ?? '', undefined),
      remoteVirtualNetworkId: p.remoteVirtualNetwork?.id,
      peeringState: p.peeringState,
      remoteAddressPrefixes: p.remoteAddressSpace?.addressPrefixes ?? p.remoteVirtualNetworkAddressSpace?.addressPrefixes,
    })),
    dnsServers: v.dhcpOptions?.dnsServers,
  };
}

export function mapPrivateDnsZone(z: SdkZone, requestedId: string): PrivateDnsZone {
  const id = idOr(z.id, requestedId);
  return {
    id,
    name: nameOf(id, z.name),
    subscriptionId: subscriptionOf(id),
    resourceGroup: groupOf(id),
    provisioningState: z.provisioningState,
    numberOfRecordSets: z.numberOfRecordSets,
  };
}

export function mapVirtualNetworkLink(l: SdkLink, zoneId: string): VirtualNetworkLink {
  const id = idOr(l.id, `${zoneId}/virtualNetworkLinks/${l.name ?? ''}`);
  return {
    id,
    name: nameOf(id, l.name),
    virtualNetworkId: l.virtualNetwork?.id,
    state: l.virtualNetworkLinkState,
    provisioningState: l.provisioningState,
    registrationEnabled: l.registrationEnabled ?? false,
  };
}

export function mapARecordSet(r: SdkRecordSet, zoneId: string): ARecordSet {
  const id = idOr(r.id, `${zoneId}/A/${r.name ?? ''}`);
  return {
    id,
    name: (r.name ?? nameOf(id, undefined)).toLowerCase(),
    fqdn: r.fqdn,
    ttl: r.ttl,
    ipv4Addresses: (r.aRecords ?? []).map((a) => a.ipv4Address).filter((x): x is string => !!x),
  };
}

export function mapRoleAssignment(a: SdkRoleAssignment): RoleAssignment {
  return {
    id: a.id ?? '',
    scope: a.scope,
    principalId: a.principalId ?? '',
    principalType: a.principalType,
    roleDefinitionId: a.roleDefinitionId ?? '',
    ...(a.condition ? { condition: a.condition } : {}),
  };
}
