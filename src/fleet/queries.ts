/**
 * The Resource Graph queries of a fleet scan, and the rows they answer. Three queries read the
 * whole inventory: one over `resources` (every type the Azure-side checks look at, grouped so a
 * 1,000-cluster fleet is ~7 pages of 1,000), one over `dnsresources` (the A record sets of the
 * `privatelink.azurecr.io` zones) and one over `authorizationresources` (registry role assignments). Each projects `id` (Resource Graph pages only then) and the raw
 * REST `properties`, so the facts layer maps rows exactly as it maps ARM GET answers.
 *
 * Only KQL operators the emulator evaluates are used (`where`, `project`, `order by`; `=~`, `in~`,
 * `contains`, `and`/`or`, `tostring()`, `isnotempty()`); test/fleet/queries.test.ts parses every
 * query with the official Kusto parser.
 */
import { ROLE_ASSIGNMENTS_QUERY as SCAN_ROLE_ASSIGNMENTS_QUERY } from './role-assignments.js';

/** Resource types as Resource Graph spells them (lower case). */
export const FLEET_TYPES = {
  cluster: 'microsoft.containerservice/managedclusters',
  registry: 'microsoft.containerregistry/registries',
  replication: 'microsoft.containerregistry/registries/replications',
  privateEndpoint: 'microsoft.network/privateendpoints',
  networkInterface: 'microsoft.network/networkinterfaces',
  privateDnsZone: 'microsoft.network/privatednszones',
  virtualNetworkLink: 'microsoft.network/privatednszones/virtualnetworklinks',
  virtualNetwork: 'microsoft.network/virtualnetworks',
  aRecordSet: 'microsoft.network/privatednszones/a',
  roleAssignment: 'microsoft.authorization/roleassignments',
} as const;

/** The built-in AcrPull role's id (the last segment of its roleDefinitionId). */
export const ACR_PULL_ROLE = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

export type FleetType = (typeof FLEET_TYPES)[keyof typeof FLEET_TYPES];

/** The registry private link zone: the only zone, links and records the checks read. */
export const REGISTRY_ZONE = 'privatelink.azurecr.io';

/** Resource Graph's largest page. */
export const PAGE_SIZE = 1000;

export interface FleetQuery {
  /** Stable name, for stats and errors. */
  name: 'inventory' | 'records' | 'roleAssignments';
  /** The Resource Graph table the query reads. */
  table: 'resources' | 'dnsresources' | 'authorizationresources';
  kql: string;
}

const q = (s: string): string => `'${s}'`;

/**
 * Everything but the A records, in one query. NICs are narrowed to private endpoints' NICs, zones
 * and links to the registry zone, endpoints to those connected (or asking to connect) to a
 * registry, so the page count follows the fleet, not the tenant's other resources.
 */
export const INVENTORY_QUERY: FleetQuery = {
  name: 'inventory',
  table: 'resources',
  kql: [
    'resources',
    `| where type in~ (${[
      FLEET_TYPES.cluster, FLEET_TYPES.registry, FLEET_TYPES.replication, FLEET_TYPES.privateEndpoint, FLEET_TYPES.networkInterface,
      FLEET_TYPES.privateDnsZone, FLEET_TYPES.virtualNetworkLink, FLEET_TYPES.virtualNetwork,
    ].map(q).join(', ')})`,
    `| where type !~ ${q(FLEET_TYPES.networkInterface)} or isnotempty(tostring(properties.privateEndpoint.id))`,
    `| where type !~ ${q(FLEET_TYPES.privateDnsZone)} or name =~ ${q(REGISTRY_ZONE)}`,
    `| where type !~ ${q(FLEET_TYPES.virtualNetworkLink)} or id contains ${q(`/privatednszones/${REGISTRY_ZONE}/`)}`,
    `| where type !~ ${q(FLEET_TYPES.privateEndpoint)} or tostring(properties.privateLinkServiceConnections) contains ${q('/microsoft.containerregistry/registries/')}`
      + ` or tostring(properties.manualPrivateLinkServiceConnections) contains ${q('/microsoft.containerregistry/registries/')}`,
    '| project id, name, type, subscriptionId, resourceGroup, location, sku, identity, tags, properties',
    '| order by id asc',
  ].join('\n'),
};

/** The A record sets of every `privatelink.azurecr.io` zone in scope. */
export const RECORDS_QUERY: FleetQuery = {
  name: 'records',
  table: 'dnsresources',
  kql: [
    'dnsresources',
    `| where type =~ ${q(FLEET_TYPES.aRecordSet)}`,
    `| where id contains ${q(`/privatednszones/${REGISTRY_ZONE}/`)}`,
    '| project id, name, type, subscriptionId, resourceGroup, properties',
    '| order by id asc',
  ].join('\n'),
};

/**
 * The role assignments the registry checks judge, from `authorizationresources`: the scan's one
 * query (`role-assignments.ts`: those at a registry, and those at a group, subscription or
 * management group that registries inherit, ABAC repository roles included).
 */
export const ROLE_ASSIGNMENTS_QUERY: FleetQuery = SCAN_ROLE_ASSIGNMENTS_QUERY;

/** Every query a scan sends, in order. */
export const FLEET_QUERIES: readonly FleetQuery[] = [INVENTORY_QUERY, RECORDS_QUERY, ROLE_ASSIGNMENTS_QUERY];

// ── Rows ────────────────────────────────────────────────────────────────────────────────────
// The REST shapes below are the fields the checks read; others are kept (`[key: string]: unknown`).

type Open = Record<string, unknown>;
export interface IdRef { id?: string | undefined }

interface RowBase<T extends FleetType> {
  id: string;
  name: string;
  type: T;
  subscriptionId: string;
  /** Lower case, as Resource Graph returns it. */
  resourceGroup: string;
}

interface TrackedRow<T extends FleetType, P> extends RowBase<T> {
  location: string;
  sku: ({ name?: string; tier?: string } & Open) | null;
  identity: ({ type?: string; principalId?: string; tenantId?: string } & Open) | null;
  tags: Record<string, string> | null;
  properties: P & Open;
}

export interface AgentPoolProfileProperties {
  name: string;
  count?: number;
  vmSize?: string;
  osType?: string;
  osSKU?: string;
  mode?: string;
  /** Only with a custom VNet (BYO networking). */
  vnetSubnetID?: string;
  nodeImageVersion?: string;
  orchestratorVersion?: string;
  enableNodePublicIP?: boolean;
  provisioningState?: string;
}

export interface ClusterProperties {
  provisioningState?: string;
  powerState?: { code?: string };
  kubernetesVersion?: string;
  nodeResourceGroup?: string;
  /** Absent on a Resource Graph shape older than the field: read the cluster through ARM then. */
  bootstrapProfile?: { artifactSource?: string; containerRegistryId?: string };
  networkProfile?: { outboundType?: string; networkPlugin?: string; networkPluginMode?: string } & Open;
  apiServerAccessProfile?: { enablePrivateCluster?: boolean; enableVnetIntegration?: boolean; subnetId?: string } & Open;
  agentPoolProfiles?: AgentPoolProfileProperties[];
  identityProfile?: { kubeletidentity?: { objectId?: string; clientId?: string; resourceId?: string } };
  servicePrincipalProfile?: { clientId?: string };
  aadProfile?: { managed?: boolean } & Open;
  disableLocalAccounts?: boolean;
  autoUpgradeProfile?: { upgradeChannel?: string; nodeOSUpgradeChannel?: string };
  fqdn?: string;
  privateFQDN?: string;
}

export interface PrivateEndpointConnectionProperties {
  id: string;
  properties?: {
    privateEndpoint?: IdRef;
    privateLinkServiceConnectionState?: { status?: string; description?: string };
    provisioningState?: string;
  };
}

export interface RegistryProperties {
  loginServer?: string;
  provisioningState?: string;
  publicNetworkAccess?: string;
  anonymousPullEnabled?: boolean;
  dataEndpointEnabled?: boolean;
  dataEndpointHostNames?: string[];
  networkRuleBypassOptions?: string;
  networkRuleSet?: { defaultAction?: string } & Open;
  policies?: { azureADAuthenticationAsArmPolicy?: { status?: string } } & Open;
  /** `Enabled`/`Disabled` for ABAC repository permissions (`roleAssignmentMode`). */
  roleAssignmentMode?: string;
  privateEndpointConnections?: PrivateEndpointConnectionProperties[];
}

export interface ReplicationProperties {
  provisioningState?: string;
  regionEndpointEnabled?: boolean;
  status?: { displayStatus?: string };
}

export interface PrivateLinkServiceConnectionProperties {
  id?: string;
  name?: string;
  properties?: {
    privateLinkServiceId?: string;
    groupIds?: string[];
    privateLinkServiceConnectionState?: { status?: string; description?: string };
  };
}

export interface PrivateEndpointProperties {
  provisioningState?: string;
  subnet?: IdRef;
  networkInterfaces?: IdRef[];
  privateLinkServiceConnections?: PrivateLinkServiceConnectionProperties[];
  manualPrivateLinkServiceConnections?: PrivateLinkServiceConnectionProperties[];
  customDnsConfigs?: { fqdn?: string; ipAddresses?: string[] }[];
}

export interface NetworkInterfaceProperties {
  privateEndpoint?: IdRef;
  ipConfigurations?: {
    name?: string;
    properties?: {
      privateIPAddress?: string;
      privateLinkConnectionProperties?: { groupId?: string; requiredMemberName?: string; fqdns?: string[] };
    };
  }[];
}

export interface PrivateDnsZoneProperties {
  provisioningState?: string;
  numberOfRecordSets?: number;
}

export interface VirtualNetworkLinkProperties {
  virtualNetwork?: IdRef;
  registrationEnabled?: boolean;
  virtualNetworkLinkState?: string;
  provisioningState?: string;
}

export interface VirtualNetworkProperties {
  addressSpace?: { addressPrefixes?: string[] };
  /** Custom DNS servers; absent or empty means Azure DNS. */
  dhcpOptions?: { dnsServers?: string[] };
  subnets?: { id?: string; name?: string; properties?: { addressPrefix?: string } }[];
  virtualNetworkPeerings?: { id?: string; name?: string; properties?: { remoteVirtualNetwork?: IdRef; peeringState?: string } }[];
}

export type ClusterRow = TrackedRow<typeof FLEET_TYPES.cluster, ClusterProperties>;
export type RegistryRow = TrackedRow<typeof FLEET_TYPES.registry, RegistryProperties>;
export type ReplicationRow = TrackedRow<typeof FLEET_TYPES.replication, ReplicationProperties>;
export type PrivateEndpointRow = TrackedRow<typeof FLEET_TYPES.privateEndpoint, PrivateEndpointProperties>;
export type NetworkInterfaceRow = TrackedRow<typeof FLEET_TYPES.networkInterface, NetworkInterfaceProperties>;
export type PrivateDnsZoneRow = TrackedRow<typeof FLEET_TYPES.privateDnsZone, PrivateDnsZoneProperties>;
export type VirtualNetworkLinkRow = TrackedRow<typeof FLEET_TYPES.virtualNetworkLink, VirtualNetworkLinkProperties>;
export type VirtualNetworkRow = TrackedRow<typeof FLEET_TYPES.virtualNetwork, VirtualNetworkProperties>;

/** One row of INVENTORY_QUERY: discriminate on `type`. */
export type InventoryRow =
  | ClusterRow | RegistryRow | ReplicationRow | PrivateEndpointRow | NetworkInterfaceRow
  | PrivateDnsZoneRow | VirtualNetworkLinkRow | VirtualNetworkRow;

/** One row of RECORDS_QUERY. `name` is the relative record name (`myacr`, `myacr.eastus.data`). */
export interface ARecordSetRow extends RowBase<typeof FLEET_TYPES.aRecordSet> {
  properties: { fqdn?: string; ttl?: number; aRecords?: { ipv4Address?: string }[]; isAutoRegistered?: boolean } & Open;
}

/** One row of ROLE_ASSIGNMENTS_QUERY. `properties.scope` is where it is assigned (casing varies). */
export interface RoleAssignmentRow extends RowBase<typeof FLEET_TYPES.roleAssignment> {
  properties: { scope?: string; roleDefinitionId?: string; principalId?: string; principalType?: string; condition?: string | null } & Open;
}

/** The inventory, split by type (ids compared case-insensitively: Resource Graph's casing of ids varies). */
export interface FleetInventory {
  clusters: ClusterRow[];
  registries: RegistryRow[];
  replications: ReplicationRow[];
  privateEndpoints: PrivateEndpointRow[];
  networkInterfaces: NetworkInterfaceRow[];
  privateDnsZones: PrivateDnsZoneRow[];
  virtualNetworkLinks: VirtualNetworkLinkRow[];
  virtualNetworks: VirtualNetworkRow[];
  aRecordSets: ARecordSetRow[];
  /** Empty unless the role assignments query's rows were given. */
  roleAssignments: RoleAssignmentRow[];
}

export function emptyInventory(): FleetInventory {
  return { clusters: [], registries: [], replications: [], privateEndpoints: [], networkInterfaces: [], privateDnsZones: [], virtualNetworkLinks: [], virtualNetworks: [], aRecordSets: [], roleAssignments: [] };
}

/** Sorts rows of both queries into an inventory; rows of other types (a wider query) are ignored. */
export function toInventory(inventoryRows: readonly Open[], recordRows: readonly Open[], roleAssignmentRows: readonly Open[] = []): FleetInventory {
  const inv = emptyInventory();
  const push: Record<string, (r: never) => void> = {
    [FLEET_TYPES.cluster]: (r: ClusterRow) => inv.clusters.push(r),
    [FLEET_TYPES.registry]: (r: RegistryRow) => inv.registries.push(r),
    [FLEET_TYPES.replication]: (r: ReplicationRow) => inv.replications.push(r),
    [FLEET_TYPES.privateEndpoint]: (r: PrivateEndpointRow) => inv.privateEndpoints.push(r),
    [FLEET_TYPES.networkInterface]: (r: NetworkInterfaceRow) => inv.networkInterfaces.push(r),
    [FLEET_TYPES.privateDnsZone]: (r: PrivateDnsZoneRow) => inv.privateDnsZones.push(r),
    [FLEET_TYPES.virtualNetworkLink]: (r: VirtualNetworkLinkRow) => inv.virtualNetworkLinks.push(r),
    [FLEET_TYPES.virtualNetwork]: (r: VirtualNetworkRow) => inv.virtualNetworks.push(r),
  };
  for (const row of inventoryRows) {
    if (typeof row['id'] !== 'string' || typeof row['type'] !== 'string') continue;
    row['properties'] ??= {};
    push[row['type'].toLowerCase()]?.(row as never);
  }
  for (const row of recordRows) {
    if (typeof row['id'] !== 'string' || typeof row['type'] !== 'string' || row['type'].toLowerCase() !== FLEET_TYPES.aRecordSet) continue;
    row['properties'] ??= {};
    inv.aRecordSets.push(row as unknown as ARecordSetRow);
  }
  for (const row of roleAssignmentRows) {
    if (typeof row['id'] !== 'string' || typeof row['type'] !== 'string' || row['type'].toLowerCase() !== FLEET_TYPES.roleAssignment) continue;
    row['properties'] ??= {};
    inv.roleAssignments.push(row as unknown as RoleAssignmentRow);
  }
  return inv;
}
