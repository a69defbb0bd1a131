/**
 * The table of ARM reads: one entry per AzureReads method saying how to call the SDK, how to
 * map the answer and what it is about (its memo key and the resource named in errors). A new
 * read is its method in `ports.ts`, one entry here and its mapper in `map.ts`; the gateway runs
 * every entry the same way (memoised, cancellable, 404 as absence, faults in words).
 */
import { AzureError } from './errors.js';
import type { SdkClients } from './clients.js';
import { COMPUTE_API_VERSION, listRaw, mapScaleSet, mapScaleSetInstance } from './compute.js';
import {
  mapAgentPool, mapARecordSet, mapCacheRule, mapCluster, mapCredentialSet, mapClusterSummary, mapNetworkInterface, mapPrivateDnsZone,
  mapPrivateEndpoint, mapRegistry, mapReplication, mapRoleAssignment, mapVirtualNetwork, mapVirtualNetworkLink, mapZoneGroup,
} from './map.js';
import type { AzureReads } from './ports.js';
import { parseResourceId, type ResourceId } from './resource-id.js';

/** Per-call SDK options: the signal that cancels the read (deadline, Ctrl-C, close). */
export interface CallOptions { abortSignal: AbortSignal }

export type GroupedId = ResourceId & { resourceGroup: string };

export interface ReadSpec<A extends unknown[], T> {
  /** The resource or scope the read is about: its memo key (with the method name) and the id named in errors. */
  about(...args: A): string;
  load(sdk: SdkClients, o: CallOptions, ...args: A): Promise<T>;
  /** What a 404 means: `undefined` for a by-id read (absence is a finding), `[]` for a list. */
  absent: T;
}

export type ReadTable = { [K in keyof AzureReads]: ReadSpec<Parameters<AzureReads[K]>, Awaited<ReturnType<AzureReads[K]>>> };

function requireType(id: ResourceId, fullType: string, what: string): void {
  if (id.fullType.toLowerCase() !== fullType.toLowerCase()) {
    throw new AzureError({ kind: 'badRequest', message: `${id.id} is not a ${what} id (expected type ${fullType})`, resourceId: id.id });
  }
}

export function parseAnyId(id: string): ResourceId {
  try {
    return parseResourceId(id);
  } catch (e) {
    throw new AzureError({ kind: 'badRequest', message: (e as Error).message, resourceId: id });
  }
}

/** A resource id of the given type, with its resource group; a wrong id is a badRequest before any request. */
export function parseId(id: string, fullType: string, what: string): GroupedId {
  const parsed = parseAnyId(id);
  requireType(parsed, fullType, what);
  if (!parsed.resourceGroup) throw new AzureError({ kind: 'badRequest', message: `${id} has no resource group`, resourceId: id });
  return parsed as GroupedId;
}

async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

export const TYPES = {
  cluster: ['Microsoft.ContainerService/managedClusters', 'managed cluster'],
  registry: ['Microsoft.ContainerRegistry/registries', 'container registry'],
  endpoint: ['Microsoft.Network/privateEndpoints', 'private endpoint'],
  nic: ['Microsoft.Network/networkInterfaces', 'network interface'],
  vnet: ['Microsoft.Network/virtualNetworks', 'virtual network'],
  zone: ['Microsoft.Network/privateDnsZones', 'private DNS zone'],
  scaleSet: ['Microsoft.Compute/virtualMachineScaleSets', 'virtual machine scale set'],
  credentialSet: ['Microsoft.ContainerRegistry/registries/credentialSets', 'credential set'],
} as const satisfies Record<string, readonly [string, string]>;

export type Kind = keyof typeof TYPES;

export function parseKind(id: string, kind: Kind): GroupedId {
  const [fullType, what] = TYPES[kind];
  return parseId(id, fullType, what);
}

/** One resource by id; undefined on 404. */
function byId<R, T>(kind: Kind, get: (sdk: SdkClients, id: GroupedId, o: CallOptions) => Promise<R>, map: (raw: R, id: string) => T): ReadSpec<[string], T | undefined> {
  return {
    about: (id) => id,
    load: async (sdk, o, id) => map(await get(sdk, parseKind(id, kind), o), id),
    absent: undefined,
  };
}

/** The children of a resource (every page); [] when the parent is gone. */
function childrenOf<R, T>(kind: Kind, list: (sdk: SdkClients, parent: GroupedId, o: CallOptions) => AsyncIterable<R>, map: (raw: R, parentId: string) => T): ReadSpec<[string], T[]> {
  return {
    about: (id) => id,
    load: async (sdk, o, id) => (await collect(list(sdk, parseKind(id, kind), o))).map((r) => map(r, id)),
    absent: [],
  };
}

function inSubscription<R, T>(list: (sdk: SdkClients, sub: string, o: CallOptions) => AsyncIterable<R>, map: (raw: R) => T): ReadSpec<[string], T[]> {
  return {
    about: (sub) => `/subscriptions/${sub}`,
    load: async (sdk, o, sub) => (await collect(list(sdk, sub, o))).map(map),
    absent: [],
  };
}

function inResourceGroup<R, T>(list: (sdk: SdkClients, sub: string, rg: string, o: CallOptions) => AsyncIterable<R>, map: (raw: R) => T): ReadSpec<[string, string], T[]> {
  return {
    about: (sub, rg) => `/subscriptions/${sub}/resourceGroups/${rg}`,
    load: async (sdk, o, sub, rg) => (await collect(list(sdk, sub, rg, o))).map(map),
    absent: [],
  };
}

export const READS: ReadTable = {
  cluster: byId('cluster', (sdk, id, o) => sdk.containerService(id.subscriptionId).managedClusters.get(id.resourceGroup, id.name, o), mapCluster),
  clustersInSubscription: inSubscription((sdk, sub, o) => sdk.containerService(sub).managedClusters.list(o), mapClusterSummary),
  agentPools: childrenOf('cluster', (sdk, id, o) => sdk.containerService(id.subscriptionId).agentPools.list(id.resourceGroup, id.name, o), mapAgentPool),
  registry: byId('registry', (sdk, id, o) => sdk.registry(id.subscriptionId).registries.get(id.resourceGroup, id.name, o), mapRegistry),
  registriesInResourceGroup: inResourceGroup((sdk, sub, rg, o) => sdk.registry(sub).registries.listByResourceGroup(rg, o), (r) => mapRegistry(r, r.id ?? '')),
  cacheRules: childrenOf('registry', (sdk, id, o) => sdk.registry(id.subscriptionId).cacheRules.list(id.resourceGroup, id.name, o), mapCacheRule),
  credentialSet: byId('credentialSet', (sdk, id, o) => sdk.registry(id.subscriptionId).credentialSets.get(id.resourceGroup, id.names[0] ?? '', id.name, o), mapCredentialSet),
  privateEndpointsInResourceGroup: inResourceGroup((sdk, sub, rg, o) => sdk.network(sub).privateEndpoints.list(rg, o), (e) => mapPrivateEndpoint(e, e.id ?? '')),
  privateEndpointsInSubscription: inSubscription((sdk, sub, o) => sdk.network(sub).privateEndpoints.listBySubscription(o), (e) => mapPrivateEndpoint(e, e.id ?? '')),
  privateEndpoint: byId('endpoint', (sdk, id, o) => sdk.network(id.subscriptionId).privateEndpoints.get(id.resourceGroup, id.name, o), mapPrivateEndpoint),
  privateDnsZoneGroups: childrenOf('endpoint', (sdk, id, o) => sdk.network(id.subscriptionId).privateDnsZoneGroups.list(id.name, id.resourceGroup, o), mapZoneGroup),
  networkInterface: byId('nic', (sdk, id, o) => sdk.network(id.subscriptionId).networkInterfaces.get(id.resourceGroup, id.name, o), mapNetworkInterface),
  virtualNetwork: byId('vnet', (sdk, id, o) => sdk.network(id.subscriptionId).virtualNetworks.get(id.resourceGroup, id.name, o), mapVirtualNetwork),
  virtualNetworksInResourceGroup: inResourceGroup((sdk, sub, rg, o) => sdk.network(sub).virtualNetworks.list(rg, o), (v) => mapVirtualNetwork(v, v.id ?? '')),
  privateDnsZone: byId('zone', (sdk, id, o) => sdk.dns(id.subscriptionId).privateZones.get(id.resourceGroup, id.name, o), mapPrivateDnsZone),
  privateDnsZonesInResourceGroup: inResourceGroup((sdk, sub, rg, o) => sdk.dns(sub).privateZones.listByResourceGroup(rg, o), (z) => mapPrivateDnsZone(z, z.id ?? '')),
  privateDnsZonesInSubscription: inSubscription((sdk, sub, o) => sdk.dns(sub).privateZones.list(o), (z) => mapPrivateDnsZone(z, z.id ?? '')),
  virtualNetworkLinks: childrenOf('zone', (sdk, id, o) => sdk.dns(id.subscriptionId).virtualNetworkLinks.list(id.resourceGroup, id.name, o), mapVirtualNetworkLink),
  aRecordSets: childrenOf('zone', (sdk, id, o) => sdk.dns(id.subscriptionId).recordSets.listByType(id.resourceGroup, id.name, 'A', o), mapARecordSet),
  // The same list, telling a gone zone (404: undefined) from an empty one: a zone named by an
  // endpoint's zone group then needs no read of its own.
  zoneARecords: { ...childrenOf('zone', (sdk, id, o) => sdk.dns(id.subscriptionId).recordSets.listByType(id.resourceGroup, id.name, 'A', o), mapARecordSet), absent: undefined },
  registryReplications: childrenOf('registry', (sdk, id, o) => sdk.registry(id.subscriptionId).replications.list(id.resourceGroup, id.name, o), mapReplication),
  scaleSetsInResourceGroup: {
    about: (sub, rg) => `/subscriptions/${sub}/resourceGroups/${rg}`,
    load: async (sdk, o, sub, rg) =>
      (await listRaw(sdk, sub, `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachineScaleSets`, `api-version=${COMPUTE_API_VERSION}`, o)).map(mapScaleSet),
    absent: [],
  },
  scaleSetInstances: {
    about: (id) => id,
    load: async (sdk, o, id) => {
      const parsed = parseKind(id, 'scaleSet');
      return (await listRaw(sdk, parsed.subscriptionId, `${parsed.id}/virtualMachines`, `$expand=instanceView&api-version=${COMPUTE_API_VERSION}`, o)).map(mapScaleSetInstance);
    },
    absent: [],
  },
  roleAssignmentsForScope: {
    about: (scopeId) => scopeId,
    load: async (sdk, o, scopeId) => {
      const parsed = parseAnyId(scopeId);
      // The SDK's URL template is `/{scope}/providers/…` with the scope unescaped.
      const bare = parsed.id.replace(/^\/+/, '');
      return (await collect(sdk.authorization(parsed.subscriptionId).roleAssignments.listForScope(bare, o))).map(mapRoleAssignment);
    },
    absent: [],
  },
};
