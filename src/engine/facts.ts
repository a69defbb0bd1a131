import type { AzureReads } from '../azure/ports.js';
import type {
  ARecordSet, CacheRule, NetworkInterface, PrivateDnsZone, PrivateEndpoint, RegistryReplication, RoleAssignment, VirtualNetwork, VirtualNetworkLink,
} from '../azure/types.js';
import { isAzureError } from '../azure/errors.js';
import { idKey, inResourceGroup, parentId, sameId, tryParseResourceId } from '../azure/resource-id.js';
import { looksLikeBootstrapName, registryModeOf } from '../domain/registry-mode.js';
import type { KubeEvent, KubeNode, KubePod, KubeReads, KubeResult } from '../kube/types.js';
import { ACR_PRIVATE_ZONE } from '../domain/dns.js';
import type {
  ClusterNetwork, DiagnosisFacts, FoundZone, PoolScaleSet, RegistryCredentialSet, RegistryEndpoint, RegistryLookup, ZoneSearch,
} from '../domain/facts.js';
import { searchZones, zoneGroupZones } from './zone-search.js';
import type { DiagnosisContext } from './context.js';

/** The context checks read through, and the snapshot of what it resolved for the run's caller. */
export interface FactsContext extends DiagnosisContext {
  /** What has been resolved so far; reads still in flight or failed are absent. Starts no read. */
  snapshot(): DiagnosisFacts;
}

export interface FactsOptions {
  clusterId: string;
  azure: AzureReads;
  kube: KubeReads;
  /**
   * Start independent reads as soon as their inputs are known (default true). Off, every read
   * waits until a check asks for it: the sequential baseline of the benchmark.
   */
  prefetch?: boolean | undefined;
}

/** At most this many far zones have their links and records read before the zone groups are known. */
const SPECULATIVE_ZONES = 3;

/** Swallows a prefetch's rejection: the check that awaits the same memoised promise reports it. */
function quietly(p: Promise<unknown>): void {
  p.catch(() => undefined);
}

/** Memoises a read and keeps its value once it resolved, for the snapshot. */
function once<T>(fn: () => Promise<T>): (() => Promise<T>) & { resolved(): T | undefined } {
  let p: Promise<T> | undefined;
  let value: { v: T } | undefined;
  const get = (): Promise<T> => {
    if (!p) {
      p = fn();
      p.then((v) => (value = { v }), () => undefined);
    }
    return p;
  };
  return Object.assign(get, { resolved: () => value?.v });
}

/** The same per key (a zone id), keeping what each key resolved to. */
function perKey<T>(fn: (key: string) => Promise<T>): ((key: string) => Promise<T>) & { resolved(): Record<string, T> } {
  const values: Record<string, T> = {};
  const get = (key: string): Promise<T> => {
    const p = fn(key);
    p.then((v) => (values[key] = v), () => undefined);
    return p;
  };
  return Object.assign(get, { resolved: () => ({ ...values }) });
}

/** A read that answers 404 for a list whose parent vanished counts as empty. */
async function orEmpty<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (e) {
    if (isAzureError(e) && e.kind === 'notFound') return [];
    throw e;
  }
}

function connectsTo(pe: PrivateEndpoint, registryId: string): boolean {
  return pe.connections.some((c) => sameId(c.privateLinkServiceId, registryId));
}

function targetsAnyRegistry(pe: PrivateEndpoint): boolean {
  return pe.connections.some((c) => /\/providers\/microsoft\.containerregistry\/registries\//i.test(c.privateLinkServiceId ?? ''));
}

/**
 * The diagnosis context over the gateways: every fact is derived once per run, and with
 * prefetch on, the reads that do not depend on each other start together: the cluster, the
 * subscription's private endpoints and DNS zones and the Kubernetes lists at once; then the
 * registry, its cache rules and role assignments, the VNets, NICs, zone links and records as
 * soon as what they need is known. A check awaiting a fact usually finds it in flight.
 */
export function createDiagnosisContext(options: FactsOptions): FactsContext {
  const { clusterId, azure, kube } = options;
  const prefetch = options.prefetch ?? true;
  const parsed = tryParseResourceId(clusterId);
  const subscriptionId = parsed?.subscriptionId ?? '';
  const clusterRg = parsed?.resourceGroup ?? '';

  const cluster = once(() => azure.cluster(clusterId));

  /**
   * The private endpoints that may be the registry's. An AKS-managed registry's endpoint lives
   * in the node resource group: one list there, however many other clusters' endpoints the
   * subscription holds (the registry's connections name any elsewhere). A BYO registry's may be
   * anywhere: the subscription's list (a Reader on the resource groups only falls back to the
   * two groups the cluster owns).
   */
  const subscriptionEndpoints = once(async (): Promise<PrivateEndpoint[]> => {
    const c = await cluster();
    if (c && registryModeOf(c) === 'managed') return orEmpty(azure.privateEndpointsInResourceGroup(c.subscriptionId, c.nodeResourceGroup));
    try {
      return await azure.privateEndpointsInSubscription(subscriptionId);
    } catch (e) {
      if (!isAzureError(e) || e.kind !== 'forbidden') throw e;
      const groups = [clusterRg, ...(c ? [c.nodeResourceGroup] : [])];
      const lists = await Promise.all(groups.map((g) => orEmpty(azure.privateEndpointsInResourceGroup(subscriptionId, g))));
      return dedupe(lists.flat());
    }
  });

  // Listed only when no endpoint zone group names the zone (zone-search.ts); one request
  // whatever the number of zones.
  const acrZonesListed = once(async (): Promise<PrivateDnsZone[]> => {
    let zones;
    try {
      zones = await azure.privateDnsZonesInSubscription(subscriptionId);
    } catch (e) {
      if (!isAzureError(e) || e.kind !== 'forbidden') throw e;
      const c = await cluster();
      const groups = [clusterRg, ...(c ? [c.nodeResourceGroup] : [])];
      zones = dedupe((await Promise.all(groups.map((g) => orEmpty(azure.privateDnsZonesInResourceGroup(subscriptionId, g))))).flat());
    }
    return zones.filter((z) => z.name.toLowerCase() === ACR_PRIVATE_ZONE);
  });

  const registry = once(async (): Promise<RegistryLookup> => {
    const c = await cluster();
    if (!c) return { mode: 'unknown', candidates: [], missing: { reason: 'cluster-unreadable' } };
    const mode = registryModeOf(c);
    // Not pulling through a cache (artifactSource Direct): there is no bootstrap registry to find.
    if (mode === 'unknown' && !c.containerRegistryId) {
      return { mode, candidates: [], missing: { reason: 'not-cache' } };
    }
    if (c.containerRegistryId) {
      const r = await azure.registry(c.containerRegistryId);
      return {
        mode,
        expectedId: c.containerRegistryId,
        registry: r,
        candidates: r ? [r] : [],
        missing: r ? undefined : { reason: 'configured-registry-missing', registryId: c.containerRegistryId },
      };
    }
    const inNodeRg = await orEmpty(azure.registriesInResourceGroup(c.subscriptionId, c.nodeResourceGroup));
    const bootstrap = inNodeRg.filter((r) => looksLikeBootstrapName(r.name)).sort((a, b) => a.name.localeCompare(b.name));
    const chosen = bootstrap[0];
    return {
      mode,
      expectedId: chosen?.id,
      registry: chosen,
      candidates: inNodeRg,
      missing: chosen ? undefined : { reason: 'no-bootstrap-registry', nodeResourceGroup: c.nodeResourceGroup, found: inNodeRg.map((r) => r.name) },
    };
  });

  const registryId = async (): Promise<string | undefined> => (await registry()).registry?.id;

  const cacheRules = once(async (): Promise<CacheRule[]> => {
    const id = await registryId();
    return id ? orEmpty(azure.cacheRules(id)) : [];
  });

  const credentialSets = once(async (): Promise<RegistryCredentialSet[]> => {
    const ids = [...new Map((await cacheRules()).flatMap((r) => (r.credentialSetResourceId ? [[idKey(r.credentialSetResourceId), r.credentialSetResourceId] as const] : []))).values()];
    return Promise.all(ids.map(async (id) => ({ id, credentialSet: await azure.credentialSet(id) })));
  });

  const registryRoleAssignments = once(async (): Promise<RoleAssignment[]> => {
    const id = await registryId();
    return id ? azure.roleAssignmentsForScope(id) : [];
  });

  const registryReplications = once(async (): Promise<RegistryReplication[]> => {
    const id = await registryId();
    return id ? orEmpty(azure.registryReplications(id)) : [];
  });

  const network = once(async (): Promise<ClusterNetwork> => {
    const c = await cluster();
    if (!c) return { vnets: [], subnetIds: [], managedVnet: false };
    const subnetIds = [...new Map(c.agentPools.flatMap((p) => (p.vnetSubnetId ? [[idKey(p.vnetSubnetId), p.vnetSubnetId] as const] : []))).values()];
    if (subnetIds.length === 0) {
      const vnets = await orEmpty(azure.virtualNetworksInResourceGroup(c.subscriptionId, c.nodeResourceGroup));
      return { vnets, subnetIds, managedVnet: true };
    }
    const vnetIds = [...new Map(subnetIds.map((s) => parentId(s)).filter((v): v is string => !!v).map((v) => [idKey(v), v])).values()];
    const vnets = (await Promise.all(vnetIds.map((v) => azure.virtualNetwork(v)))).filter((v): v is VirtualNetwork => !!v);
    return { vnets, subnetIds, managedVnet: false };
  });

  // Only the pools' own scale sets (AKS tags them); instances of each are read concurrently.
  const scaleSets = once(async (): Promise<PoolScaleSet[]> => {
    const c = await cluster();
    if (!c) return [];
    const sets = (await orEmpty(azure.scaleSetsInResourceGroup(c.subscriptionId, c.nodeResourceGroup))).filter((s) => s.poolName !== undefined);
    return Promise.all(sets.map(async (scaleSet) => ({ scaleSet, instances: await orEmpty(azure.scaleSetInstances(scaleSet.id)) })));
  });

  const endpointDetails = (pe: PrivateEndpoint): Promise<RegistryEndpoint> =>
    Promise.all([
      Promise.all(pe.networkInterfaceIds.map((n) => azure.networkInterface(n))),
      orEmpty(azure.privateDnsZoneGroups(pe.id)),
    ]).then(([nics, zoneGroups]) => ({
      endpoint: pe,
      nics: nics.filter((n): n is NetworkInterface => !!n),
      zoneGroups,
    }));

  const registryEndpoints = once(async (): Promise<RegistryEndpoint[]> => {
    const lookup = await registry();
    const r = lookup.registry;
    if (!r) return [];
    const listed = (await subscriptionEndpoints()).filter((pe) => connectsTo(pe, r.id));
    // The registry names its endpoints too; one may live in a scope the list did not cover.
    const extraIds = r.privateEndpointConnections
      .map((c) => c.privateEndpointId)
      .filter((id): id is string => !!id && !listed.some((pe) => sameId(pe.id, id)));
    const extra = (await Promise.all(extraIds.map((id) => azure.privateEndpoint(id).catch(() => undefined))))
      .filter((pe): pe is PrivateEndpoint => !!pe && connectsTo(pe, r.id));
    return Promise.all(dedupe([...listed, ...extra]).map(endpointDetails));
  });

  const zoneSearch = once(async (): Promise<ZoneSearch> => {
    const [c, lookup, endpoints, net] = await Promise.all([cluster(), registry(), registryEndpoints(), network()]);
    return searchZones({
      subscriptionId, clusterRg, cluster: c, lookup, endpoints, network: net,
      zoneRecords: (id) => azure.zoneARecords(id),
      zoneLinks: (id) => zoneLinks(id),
      listZones: acrZonesListed,
    });
  });
  const dnsZones = once(async (): Promise<FoundZone[]> => (await zoneSearch()).zones);

  // The gateway memoises these per zone; the context only keeps what they resolved to.
  const zoneLinks = perKey((zoneId: string): Promise<VirtualNetworkLink[]> => orEmpty(azure.virtualNetworkLinks(zoneId)));
  const zoneRecords = perKey(async (zoneId: string): Promise<ARecordSet[]> => (await azure.zoneARecords(zoneId)) ?? []);

  const nodes = once((): Promise<KubeResult<KubeNode[]>> => kube.nodes());
  const pods = once((): Promise<KubeResult<KubePod[]>> => kube.pods());
  const podWarningEvents = once((): Promise<KubeResult<KubeEvent[]>> => kube.podWarningEvents());

  /** Endpoints that may be the registry's, before it is read: to the configured registry, or to one in the node resource group. */
  const candidateEndpoints = async (): Promise<PrivateEndpoint[]> => {
    const [c, pes] = await Promise.all([cluster(), subscriptionEndpoints()]);
    if (!c) return [];
    return pes.filter((pe) =>
      pe.connections.some((conn) =>
        c.containerRegistryId ? sameId(conn.privateLinkServiceId, c.containerRegistryId) : targetsAnyRegistry(pe) && inResourceGroup(conn.privateLinkServiceId ?? '', c.subscriptionId, c.nodeResourceGroup),
      ),
    );
  };

  if (prefetch) {
    quietly(nodes());
    quietly(pods());
    quietly(podWarningEvents());
    quietly(
      candidateEndpoints().then((pes) => {
        // NICs and zone groups of the endpoints that can be the registry's, and the records and
        // links of the zones their groups name: the registry's id is not known yet, but fetching
        // these now keeps them off the critical path. Other clusters' endpoints are left alone.
        for (const pe of pes) {
          quietly(
            endpointDetails(pe).then((d) => {
              for (const { zoneId } of zoneGroupZones([d])) {
                quietly(azure.zoneARecords(zoneId));
                quietly(zoneLinks(zoneId));
              }
            }),
          );
        }
      }),
    );
    quietly(
      cluster().then((c) => {
        if (!c) return;
        quietly(network());
        quietly(scaleSets());
        if (registryModeOf(c) === 'managed') {
          // AKS writes the managed registry's records to the zone in the node resource group:
          // the one its endpoint's zone group names, unless someone moved it. Read it now, a
          // round trip before the zone group says so.
          const zone = `/subscriptions/${c.subscriptionId}/resourceGroups/${c.nodeResourceGroup}/providers/Microsoft.Network/privateDnsZones/${ACR_PRIVATE_ZONE}`;
          quietly(azure.zoneARecords(zone));
          quietly(azure.virtualNetworkLinks(zone));
        } else {
          // BYO zones often have no zone group: list them now, and read the ones in the groups
          // the cluster owns or uses, so the fallback of zone-search.ts finds them in flight.
          const groups = [clusterRg, c.containerRegistryId, ...c.agentPools.map((p) => p.vnetSubnetId)].map((x) => (x?.startsWith('/') ? tryParseResourceId(x)?.resourceGroup : x));
          quietly(
            acrZonesListed().then((zones) => {
              const near = zones.filter((x) => groups.some((g) => g && inResourceGroup(x.id, x.subscriptionId, g)));
              // None nearby (a central zone in a hub group): the fallback reads the links of the
              // subscription's zones; start that now when they are a handful, never for many.
              const read = near.length > 0 ? near : zones.length <= SPECULATIVE_ZONES ? zones : [];
              for (const z of read) {
                quietly(azure.zoneARecords(z.id));
                quietly(zoneLinks(z.id));
              }
            }),
          );
        }
        if (c.containerRegistryId) {
          quietly(azure.cacheRules(c.containerRegistryId));
          quietly(azure.roleAssignmentsForScope(c.containerRegistryId));
          quietly(azure.registryReplications(c.containerRegistryId));
        }
        quietly(
          registry().then(() => {
            quietly(credentialSets());
            quietly(registryRoleAssignments());
            quietly(registryReplications());
            quietly(registryEndpoints());
            quietly(zoneSearch());
          }),
        );
      }),
    );
  }

  const snapshot = (): DiagnosisFacts => ({
    clusterId,
    cluster: cluster.resolved(),
    registry: registry.resolved(),
    cacheRules: cacheRules.resolved(),
    credentialSets: credentialSets.resolved(),
    registryRoleAssignments: registryRoleAssignments.resolved(),
    network: network.resolved(),
    registryEndpoints: registryEndpoints.resolved(),
    dnsZones: dnsZones.resolved(),
    zoneSearch: zoneSearch.resolved(),
    registryReplications: registryReplications.resolved(),
    zoneLinks: zoneLinks.resolved(),
    zoneRecords: zoneRecords.resolved(),
    nodes: nodes.resolved(),
    pods: pods.resolved(),
    podWarningEvents: podWarningEvents.resolved(),
    scaleSets: scaleSets.resolved(),
  });

  return {
    clusterId,
    cluster,
    registry,
    cacheRules,
    credentialSets,
    network,
    registryEndpoints,
    dnsZones,
    zoneSearch,
    registryReplications,
    zoneLinks,
    zoneRecords,
    registryRoleAssignments,
    nodes,
    pods,
    podWarningEvents,
    scaleSets,
    snapshot,
  };
}

function dedupe<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [idKey(i.id), i])).values()];
}
