/**
 * The facts port over a Resource Graph inventory: an AzureReads whose reads of what Resource
 * Graph holds (clusters, registries, private endpoints, NICs, VNets, zones, links, A records)
 * answer from the inventory's rows, laid over the ARM gateway; every other read (cache rules,
 * credential sets, role assignments, zone groups, and any read added later) falls through to
 * ARM. Rows are mapped by the same mappers as an ARM GET answer (`azure/rows.ts`), so no check
 * can tell where its facts came from.
 */
import type { AzureReads } from '../azure/ports.js';
import { idKey, parentId, tryParseResourceId } from '../azure/resource-id.js';
import {
  aRecordSetFromRow, clusterFromRow, networkInterfaceFromRow, privateDnsZoneFromRow, privateEndpointFromRow, registryFromRow, replicationFromRow,
  virtualNetworkFromRow, virtualNetworkLinkFromRow, type RawResource,
} from '../azure/rows.js';

import { roleAssignmentIndex } from './role-assignments.js';

export type { RawResource } from '../azure/rows.js';

/** The rows the overlay serves from, by kind (the scan's inventory). */
export interface InventoryRows {
  clusters: readonly RawResource[];
  registries: readonly RawResource[];
  privateEndpoints: readonly RawResource[];
  networkInterfaces: readonly RawResource[];
  privateDnsZones: readonly RawResource[];
  virtualNetworkLinks: readonly RawResource[];
  virtualNetworks: readonly RawResource[];
  aRecordSets: readonly RawResource[];
  /** Geo-replicas (`registries/replications`); absent: read through ARM per registry. */
  replications?: readonly RawResource[] | undefined;
  /** `authorizationresources` role assignments; absent: read through ARM per registry. */
  roleAssignments?: readonly RawResource[] | undefined;
}

function groupKey(subscriptionId: string, resourceGroup: string): string {
  return `${subscriptionId.toLowerCase()}/${resourceGroup.toLowerCase()}`;
}

/** Rows indexed by id, by parent id and by subscription / resource group (all case-insensitive). */
class Index<T> {
  private readonly byId = new Map<string, T>();
  private readonly byParent = new Map<string, T[]>();
  private readonly byGroup = new Map<string, T[]>();
  private readonly bySubscription = new Map<string, T[]>();

  constructor(rows: readonly RawResource[], map: (row: RawResource) => T) {
    for (const row of rows) {
      const value = map(row);
      this.byId.set(idKey(row.id), value);
      const parsed = tryParseResourceId(row.id);
      const parent = parentId(row.id);
      if (parent) push(this.byParent, idKey(parent), value);
      if (parsed?.resourceGroup) push(this.byGroup, groupKey(parsed.subscriptionId, parsed.resourceGroup), value);
      if (parsed) push(this.bySubscription, parsed.subscriptionId.toLowerCase(), value);
    }
  }

  get(id: string): T | undefined {
    return this.byId.get(idKey(id));
  }
  children(parent: string): T[] {
    return [...(this.byParent.get(idKey(parent)) ?? [])];
  }
  inGroup(subscriptionId: string, resourceGroup: string): T[] {
    return [...(this.byGroup.get(groupKey(subscriptionId, resourceGroup)) ?? [])];
  }
  inSubscription(subscriptionId: string): T[] {
    return [...(this.bySubscription.get(subscriptionId.toLowerCase()) ?? [])];
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export interface InventoryReadsOptions {
  /**
   * The subscriptions the inventory covers; a read about another subscription (a BYO registry in a
   * shared one) goes to ARM. Absent: the inventory covers every subscription the credential sees.
   */
  subscriptions?: readonly string[] | undefined;
}

/** What the inventory serves, as AzureReads methods (the rest of the port is ARM's). */
export type InventoryServed = Pick<
  AzureReads,
  | 'cluster' | 'registry' | 'registriesInResourceGroup' | 'privateEndpointsInResourceGroup' | 'privateEndpointsInSubscription'
  | 'privateEndpoint' | 'networkInterface' | 'virtualNetwork' | 'virtualNetworksInResourceGroup' | 'privateDnsZone'
  | 'privateDnsZonesInResourceGroup' | 'privateDnsZonesInSubscription' | 'virtualNetworkLinks' | 'aRecordSets' | 'zoneARecords'
> & Partial<Pick<AzureReads, 'roleAssignmentsForScope' | 'registryReplications'>>;

/** The inventory's reads; each falls back to `arm` for a subscription outside the inventory. */
export function inventoryReads(rows: InventoryRows, arm: AzureReads, opts: InventoryReadsOptions = {}): InventoryServed {
  const covered = opts.subscriptions && opts.subscriptions.length > 0 ? new Set(opts.subscriptions.map((s) => s.toLowerCase())) : undefined;
  const inScope = (subscriptionId: string | undefined): boolean => !covered || (subscriptionId !== undefined && covered.has(subscriptionId.toLowerCase()));
  const subOf = (id: string): string | undefined => tryParseResourceId(id)?.subscriptionId;

  const clusterRows = new Index(rows.clusters, (r) => r);
  const registries = new Index(rows.registries, registryFromRow);
  const endpoints = new Index(rows.privateEndpoints, privateEndpointFromRow);
  const nics = new Index(rows.networkInterfaces, networkInterfaceFromRow);
  const vnets = new Index(rows.virtualNetworks, virtualNetworkFromRow);
  const zones = new Index(rows.privateDnsZones, privateDnsZoneFromRow);
  const links = new Index(rows.virtualNetworkLinks, virtualNetworkLinkFromRow);
  const records = new Index(rows.aRecordSets, aRecordSetFromRow);
  const replicas = rows.replications ? new Index(rows.replications, replicationFromRow) : undefined;

  const byId = <T>(index: Index<T>, fallback: (id: string) => Promise<T | undefined>) => async (id: string): Promise<T | undefined> =>
    inScope(subOf(id)) ? index.get(id) : fallback(id);
  const inGroup = <T>(index: Index<T>, fallback: (s: string, g: string) => Promise<T[]>) => async (s: string, g: string): Promise<T[]> =>
    inScope(s) ? index.inGroup(s, g) : fallback(s, g);
  const inSub = <T>(index: Index<T>, fallback: (s: string) => Promise<T[]>) => async (s: string): Promise<T[]> =>
    inScope(s) ? index.inSubscription(s) : fallback(s);
  const children = <T>(index: Index<T>, fallback: (id: string) => Promise<T[]>) => async (id: string): Promise<T[]> =>
    inScope(subOf(id)) ? index.children(id) : fallback(id);

  const assignments = rows.roleAssignments ? roleAssignmentIndex(rows.roleAssignments) : undefined;

  return {
    ...(assignments ? { roleAssignmentsForScope: async (scopeId: string) => (inScope(subOf(scopeId)) ? assignments(scopeId) : arm.roleAssignmentsForScope(scopeId)) } : {}),
    cluster: async (id) => {
      if (!inScope(subOf(id))) return arm.cluster(id);
      const row = clusterRows.get(id);
      if (!row) return undefined;
      // Resource Graph's shape of the cluster may predate bootstrapProfile: then ARM says.
      if (row.properties?.bootstrapProfile === undefined) return arm.cluster(id);
      return clusterFromRow(row);
    },
    registry: byId(registries, (id) => arm.registry(id)),
    registriesInResourceGroup: inGroup(registries, (s, g) => arm.registriesInResourceGroup(s, g)),
    privateEndpointsInResourceGroup: inGroup(endpoints, (s, g) => arm.privateEndpointsInResourceGroup(s, g)),
    privateEndpointsInSubscription: inSub(endpoints, (s) => arm.privateEndpointsInSubscription(s)),
    privateEndpoint: byId(endpoints, (id) => arm.privateEndpoint(id)),
    networkInterface: byId(nics, (id) => arm.networkInterface(id)),
    virtualNetwork: byId(vnets, (id) => arm.virtualNetwork(id)),
    virtualNetworksInResourceGroup: inGroup(vnets, (s, g) => arm.virtualNetworksInResourceGroup(s, g)),
    privateDnsZone: byId(zones, (id) => arm.privateDnsZone(id)),
    privateDnsZonesInResourceGroup: inGroup(zones, (s, g) => arm.privateDnsZonesInResourceGroup(s, g)),
    privateDnsZonesInSubscription: inSub(zones, (s) => arm.privateDnsZonesInSubscription(s)),
    virtualNetworkLinks: children(links, (id) => arm.virtualNetworkLinks(id)),
    aRecordSets: children(records, (id) => arm.aRecordSets(id)),
    // A zone the inventory does not hold may be outside its queries, not gone: ARM says.
    zoneARecords: async (id) => (inScope(subOf(id)) && zones.get(id) ? records.children(id) : arm.zoneARecords(id)),
    ...(replicas
      ? { registryReplications: async (id: string) => (inScope(subOf(id)) && registries.get(id) ? replicas.children(id) : arm.registryReplications(id)) }
      : {}),
  };
}

/**
 * `base` with `over`'s methods in front: a method `over` has answers from it, every other one
 * (whatever the port grows) from `base`, bound to it.
 */
export function overlay<T extends object>(base: T, over: Partial<T>): T {
  return new Proxy(base, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.prototype.hasOwnProperty.call(over, prop)) return (over as Record<string, unknown>)[prop];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The cluster rows' names and places, with the id's own casing (Resource Graph lower-cases groups). */
export function clusterPlace(row: RawResource): { cluster: string; name: string; subscriptionId: string; resourceGroup: string; location: string } {
  const parsed = tryParseResourceId(row.id);
  return {
    cluster: row.id,
    name: row.name,
    subscriptionId: parsed?.subscriptionId ?? row.subscriptionId ?? '',
    resourceGroup: parsed?.resourceGroup ?? row.resourceGroup ?? '',
    location: row.location ?? '',
  };
}

