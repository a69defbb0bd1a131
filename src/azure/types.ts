/**
 * The small, stable shapes the rest of aks-netiso sees of Azure. The gateway maps SDK models
 * (and, for bundles, raw REST JSON) into these; nothing outside src/azure/ sees an SDK type.
 * Optional fields are the ones ARM may omit.
 */

export interface AgentPoolProfile {
  name: string;
  count: number;
  vmSize?: string | undefined;
  osType: string; // Linux | Windows
  osSku?: string | undefined;
  mode?: string | undefined; // System | User
  vnetSubnetId?: string | undefined;
  nodeImageVersion?: string | undefined;
  orchestratorVersion?: string | undefined;
  enableNodePublicIp: boolean;
  provisioningState?: string | undefined;
}

export interface Cluster {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  provisioningState: string;
  powerState?: string | undefined;
  kubernetesVersion?: string | undefined;
  nodeResourceGroup: string;
  /** `nodeResourceGroupProfile.restrictionLevel`: `ReadOnly` is node resource group lockdown (a deny assignment). */
  nodeResourceGroupRestrictionLevel?: string | undefined;
  /** `bootstrapProfile.artifactSource`: `Cache` (isolated) or `Direct`. */
  artifactSource?: string | undefined;
  /** `bootstrapProfile.containerRegistryId`: absent for an AKS-managed registry. */
  containerRegistryId?: string | undefined;
  /** `networkProfile.outboundType` as a plain string (`none`, `block`, `loadBalancer`, …). */
  outboundType?: string | undefined;
  networkPlugin?: string | undefined;
  networkPluginMode?: string | undefined;
  enablePrivateCluster: boolean;
  enableVnetIntegration: boolean;
  apiServerSubnetId?: string | undefined;
  /** `servicePrincipalProfile.clientId`; `msi` for managed-identity clusters. */
  servicePrincipalClientId?: string | undefined;
  identityType?: string | undefined;
  tenantId?: string | undefined;
  /** `identityProfile.kubeletidentity`. */
  kubeletIdentity?: { objectId?: string | undefined; clientId?: string | undefined; resourceId?: string | undefined } | undefined;
  nodeOsUpgradeChannel?: string | undefined;
  upgradeChannel?: string | undefined;
  /** `aadProfile.managed`: Entra ID integration, so kubeconfigs need an Entra token. */
  entraIdEnabled: boolean;
  disableLocalAccounts: boolean;
  fqdn?: string | undefined;
  privateFqdn?: string | undefined;
  agentPools: AgentPoolProfile[];
}

export interface ClusterSummary {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  kubernetesVersion?: string | undefined;
  artifactSource?: string | undefined;
  outboundType?: string | undefined;
  containerRegistryId?: string | undefined;
  nodeResourceGroup: string;
  provisioningState: string;
}

export interface AgentPool extends AgentPoolProfile {
  id: string;
}

export interface PrivateEndpointConnectionRef {
  id: string;
  privateEndpointId?: string | undefined;
  status?: string | undefined;
}

export interface Registry {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  sku?: string | undefined;
  loginServer?: string | undefined;
  provisioningState?: string | undefined;
  publicNetworkAccess?: string | undefined;
  anonymousPullEnabled: boolean;
  dataEndpointEnabled: boolean;
  dataEndpointHostNames: string[];
  /** `policies.azureADAuthenticationAsArmPolicy.status` (`enabled` | `disabled`). */
  azureAdAuthenticationAsArmPolicy?: string | undefined;
  /** `roleAssignmentMode`: `LegacyRegistryPermissions` (default) or `AbacRepositoryPermissions`. */
  roleAssignmentMode?: string | undefined;
  privateEndpointConnections: PrivateEndpointConnectionRef[];
}

/** A geo-replica of a registry (`registries/replications`); the home region is listed too. */
export interface RegistryReplication {
  id: string;
  name: string;
  location: string;
  provisioningState?: string | undefined;
  regionEndpointEnabled?: boolean | undefined;
}

export interface CacheRule {
  id: string;
  name: string;
  sourceRepository?: string | undefined;
  targetRepository?: string | undefined;
  credentialSetResourceId?: string | undefined;
  provisioningState?: string | undefined;
}

/** One credential of a credential set: Key Vault secret URIs and the health ACR last saw. */
export interface CredentialSetCredential {
  name?: string | undefined;
  usernameSecretIdentifier?: string | undefined;
  passwordSecretIdentifier?: string | undefined;
  /** `credentialHealth.status`: `Healthy` | `Unhealthy`. */
  healthStatus?: string | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
}

/** `Microsoft.ContainerRegistry/registries/credentialSets`: the upstream sign-in a cache rule uses. */
export interface CredentialSet {
  id: string;
  name: string;
  /** The upstream registry it signs in to (`docker.io`). */
  loginServer?: string | undefined;
  /** The managed identity ACR reads the Key Vault secrets as. */
  identityPrincipalId?: string | undefined;
  provisioningState?: string | undefined;
  authCredentials: CredentialSetCredential[];
}

export interface PrivateLinkConnection {
  name?: string | undefined;
  privateLinkServiceId?: string | undefined;
  groupIds: string[];
  status?: string | undefined; // Approved | Pending | Rejected | Disconnected
  description?: string | undefined;
  /** true when found in `manualPrivateLinkServiceConnections`. */
  manual: boolean;
}

export interface PrivateEndpoint {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  provisioningState?: string | undefined;
  subnetId?: string | undefined;
  networkInterfaceIds: string[];
  connections: PrivateLinkConnection[];
  customDnsConfigs: { fqdn?: string | undefined; ipAddresses: string[] }[];
}

export interface NicIpConfiguration {
  name: string;
  privateIpAddress?: string | undefined;
  /** `privateLinkConnectionProperties.requiredMemberName`: `registry` or `registry_data_<region>`. */
  requiredMemberName?: string | undefined;
  groupId?: string | undefined;
  fqdns: string[];
}

export interface NetworkInterface {
  id: string;
  name: string;
  ipConfigurations: NicIpConfiguration[];
}

export interface Subnet {
  id: string;
  name: string;
  addressPrefix?: string | undefined;
}

export interface VirtualNetworkPeering {
  id: string;
  name: string;
  remoteVirtualNetworkId?: string | undefined;
  peeringState?: string | undefined; // Connected | Initiated | Disconnected
  /** `remoteAddressSpace.addressPrefixes` (else `remoteVirtualNetworkAddressSpace`): where a DNS server IP of the peer sits. */
  remoteAddressPrefixes?: string[] | undefined;
}

export interface VirtualNetwork {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  addressPrefixes: string[];
  subnets: Subnet[];
  peerings: VirtualNetworkPeering[];
  /** `dhcpOptions.dnsServers`: custom DNS servers the VMs of the VNet ask; absent or empty for Azure DNS. */
  dnsServers?: string[] | undefined;
}

export interface PrivateDnsZone {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  provisioningState?: string | undefined;
  numberOfRecordSets?: number | undefined;
}

export interface VirtualNetworkLink {
  id: string;
  name: string;
  virtualNetworkId?: string | undefined;
  /** `virtualNetworkLinkState`: Completed | InProgress. */
  state?: string | undefined;
  provisioningState?: string | undefined;
  registrationEnabled: boolean;
}

export interface ARecordSet {
  id: string;
  /** Relative name, lower case as ARM returns it (`myacr`, `myacr.eastus.data`). */
  name: string;
  fqdn?: string | undefined;
  ttl?: number | undefined;
  ipv4Addresses: string[];
}

export interface PrivateDnsZoneGroup {
  id: string;
  name: string;
  privateDnsZoneIds: string[];
}

export interface RoleAssignment {
  id: string;
  scope?: string | undefined;
  principalId: string;
  principalType?: string | undefined;
  roleDefinitionId: string;
  /** An ABAC condition that narrows the assignment (on ABAC registries: to some repositories). */
  condition?: string | undefined;
}

export const ACR_PULL_ROLE_ID = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

/** Progress of a long-running operation, as the SDK poller reports it. */
export interface OperationProgress {
  /** The operation's status as ARM reports it: InProgress, Succeeded, Failed, Canceled. */
  status: string;
  elapsedMs: number;
  /** Percent when ARM gives one. */
  percentComplete?: number | undefined;
}

/** What one ARM write returned, for the audit log. */
export interface OperationResult {
  status: 'Succeeded' | 'Failed' | 'Canceled';
  requestIds: string[];
  correlationId?: string | undefined;
  error?: { code?: string | undefined; message: string } | undefined;
  elapsedMs: number;
  /** Azure accepted the write, then following it failed (no answer, a reset, throttling): its real end is unknown. */
  lostContact?: boolean | undefined;
}

/** One status of a scale set instance's view or of one of its extensions, as ARM returns it. */
export interface InstanceStatus {
  code: string;
  level?: string | undefined;
  displayStatus?: string | undefined;
  message?: string | undefined;
  time?: string | undefined;
}

/** An agent pool's virtual machine scale set in the node resource group. */
export interface ScaleSet {
  id: string;
  name: string;
  /** Tag `aks-managed-poolName`: the agent pool it belongs to. */
  poolName?: string | undefined;
  capacity?: number | undefined;
  provisioningState?: string | undefined;
}

/** One instance of a scale set, with its instance view (`$expand=instanceView`). */
export interface ScaleSetInstance {
  id: string;
  instanceId: string;
  /** `osProfile.computerName` (the node name), or the view's `computerName`. */
  computerName?: string | undefined;
  provisioningState?: string | undefined;
  statuses: InstanceStatus[];
  extensions: { name: string; type?: string | undefined; statuses: InstanceStatus[] }[];
}
