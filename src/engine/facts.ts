import type { AzureReads } from '../azure/ports.js';
import type {
  ARecordSet, CacheRule, NetworkInterface, PrivateEndpoint, RoleAssignment, VirtualNetwork, VirtualNetworkLink,
} from '../azure/types.js';
import { isAzureError } from '../azure/errors.js';
import { idKey, inResourceGroup, parentId, sameId, tryParseResourceId } from '../azure/resource-id.js';
import { looksLikeBootstrapName, registryModeOf } from '../domain/registry-mode.js';
import type { KubeEvent, KubeNode, KubePod, KubeReads, KubeResult } from '../kube/types.js';
import { ACR_PRIVATE_ZONE } from '../domain/dns.js';
import type {
  ClusterNetwork, DiagnosisFacts, FoundZone, PoolScaleSet, RegistryCredentialSet, RegistryEndpoint, RegistryLookup, ZoneFoundVia,
} from '../domain/facts.js';
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

  const subscriptionEndpoints = once(async (): Promise<PrivateEndpoint[]> => {
    try {
      return await azure.privateEndpointsInSubscription(subscriptionId);
    } catch (e) {
      // Reader on the resource groups only: fall back to the two groups the cluster owns.
      if (!isAzureError(e) || e.kind !== 'forbidden') throw e;
      const c = await cluster();
      const groups = [clusterRg, ...(c ? [c.nodeResourceGroup] : [])];
      const lists = await Promise.all(groups.map((g) => orEmpty(azure.privateEndpointsInResourceGroup(subscriptionId, g))));
      return dedupe(lists.flat());
    }
  });

  const acrZonesListed = once(async () => {
    let zones;
    try {
      zones = await azure.privateDnsZonesInSubscription(subscriptionId);
    } catch (e) {
      if (!isAzureError(e) || e.kind !== 'forbidden') throw e;
      const c = await cluster();
      const groups = [clusterRg, ...(c ? [c.nodeResourceGroup] : [])];
      zones = dedupe((await Promise.all(groups.map((g) => orEmpty(azure.privateDnsZonesInResourceGroup(subscriptionId, g))))).flat());
    }
    const acr = zones.filter((z) => z.name.toLowerCase() === ACR_PRIVATE_ZONE);
    if (prefetch) for (const z of acr) {
      quietly(azure.virtualNetworkLinks(z.id));
      quietly(azure.aRecordSets(z.id));
    }
    return acr;
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

  const dnsZones = once(async (): Promise<FoundZone[]> => {
    const [c, listed, endpoints] = await Promise.all([cluster(), acrZonesListed(), registryEndpoints()]);
    const found = new Map<string, FoundZone>();
    const add = (zone: FoundZone['zone'], via: ZoneFoundVia): void => {
      const k = idKey(zone.id);
      const f = found.get(k);
      if (f) {
        if (!f.foundVia.includes(via)) f.foundVia.push(via);
      } else found.set(k, { zone, foundVia: [via] });
    };
    for (const z of listed) {
      if (c && inResourceGroup(z.id, z.subscriptionId, c.nodeResourceGroup)) add(z, 'nodeResourceGroup');
      else if (inResourceGroup(z.id, subscriptionId, clusterRg)) add(z, 'clusterResourceGroup');
      else add(z, 'subscription');
    }
    const viaGroups = endpoints.flatMap((e) => e.zoneGroups.flatMap((g) => g.privateDnsZoneIds));
    const unseen = viaGroups.filter((id) => !found.has(idKey(id)) && tryParseResourceId(id)?.name.toLowerCase() === ACR_PRIVATE_ZONE);
    const fetched = await Promise.all([...new Map(unseen.map((id) => [idKey(id), id])).values()].map((id) => azure.privateDnsZone(id)));
    for (const z of listed) if (viaGroups.some((id) => sameId(id, z.id))) add(z, 'zoneGroup');
    for (const z of fetched) if (z) add(z, 'zoneGroup');
    return [...found.values()];
  });

  // The gateway memoises these per zone; the context only keeps what they resolved to.
  const zoneLinks = perKey((zoneId: string): Promise<VirtualNetworkLink[]> => orEmpty(azure.virtualNetworkLinks(zoneId)));
  const zoneRecords = perKey((zoneId: string): Promise<ARecordSet[]> => orEmpty(azure.aRecordSets(zoneId)));

  const nodes = once((): Promise<KubeResult<KubeNode[]>> => kube.nodes());
  const pods = once((): Promise<KubeResult<KubePod[]>> => kube.pods());
  const podWarningEvents = once((): Promise<KubeResult<KubeEvent[]>> => kube.podWarningEvents());

  if (prefetch) {
    quietly(nodes());
    quietly(pods());
    quietly(podWarningEvents());
    quietly(acrZonesListed());
    quietly(
      subscriptionEndpoints().then((pes) => {
        // NICs and zone groups of every endpoint to a registry: the registry's id is not known
        // yet, but fetching these now keeps them off the critical path.
        for (const pe of pes.filter(targetsAnyRegistry)) quietly(endpointDetails(pe));
      }),
    );
    quietly(
      cluster().then((c) => {
        if (!c) return;
        quietly(network());
        quietly(scaleSets());
        if (c.containerRegistryId) {
          quietly(azure.cacheRules(c.containerRegistryId));
          quietly(azure.roleAssignmentsForScope(c.containerRegistryId));
        }
        quietly(
          registry().then(() => {
            quietly(credentialSets());
            quietly(registryRoleAssignments());
            quietly(registryEndpoints());
            quietly(dnsZones());
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
