import type { ARecordSet, Cluster, PrivateDnsZone, VirtualNetworkLink } from '../azure/types.js';
import { idKey, inResourceGroup, sameId, tryParseResourceId } from '../azure/resource-id.js';
import { ACR_PRIVATE_ZONE } from '../domain/dns.js';
import type { ClusterNetwork, FoundZone, RegistryEndpoint, RegistryLookup, ZoneFoundVia, ZoneSearch } from '../domain/facts.js';
import { resolvingVnetIds } from '../domain/resolution.js';

/**
 * Which `privatelink.azurecr.io` zone is the cluster's, without judging the other clusters'
 * (every managed cluster makes one, so a subscription may hold hundreds): the zone named by the
 * registry endpoint's `privateDnsZoneGroups` first (its records list tells a gone zone from an
 * empty one, so no zone read of its own); only when no zone group names one, the subscription's
 * zones in the resource groups the cluster owns or uses (node, cluster, registry, endpoint,
 * VNet), then those linked to a VNet the nodes resolve through or live in. Only that last step reads per
 * zone, and only when nothing closer was found.
 */
export interface ZoneSearchDeps {
  subscriptionId: string;
  clusterRg: string;
  cluster: Cluster | undefined;
  lookup: RegistryLookup;
  endpoints: readonly RegistryEndpoint[];
  network: ClusterNetwork;
  /** The zone's A records, undefined when the zone is gone. */
  zoneRecords(zoneId: string): Promise<ARecordSet[] | undefined>;
  zoneLinks(zoneId: string): Promise<VirtualNetworkLink[]>;
  /** The subscription's `privatelink.azurecr.io` zones (one list, whatever their number). */
  listZones(): Promise<PrivateDnsZone[]>;
}

const isAcrZoneId = (id: string): boolean => tryParseResourceId(id)?.name.toLowerCase() === ACR_PRIVATE_ZONE;

/** A zone known only by its id (named by a zone group): what the id says. */
export function zoneFromId(id: string): PrivateDnsZone {
  const p = tryParseResourceId(id);
  return { id, name: p?.name ?? ACR_PRIVATE_ZONE, subscriptionId: p?.subscriptionId ?? '', resourceGroup: p?.resourceGroup ?? '' };
}

/** The endpoints' zone-group zones (acr zones only), each with the first endpoint naming it. */
export function zoneGroupZones(endpoints: readonly RegistryEndpoint[]): { zoneId: string; endpointId: string }[] {
  const seen = new Map<string, { zoneId: string; endpointId: string }>();
  for (const e of endpoints) {
    for (const id of e.zoneGroups.flatMap((g) => g.privateDnsZoneIds)) {
      if (isAcrZoneId(id) && !seen.has(idKey(id))) seen.set(idKey(id), { zoneId: id, endpointId: e.endpoint.id });
    }
  }
  return [...seen.values()];
}

export async function searchZones(d: ZoneSearchDeps): Promise<ZoneSearch> {
  const nodeRg = d.cluster?.nodeResourceGroup;
  const where = (zone: PrivateDnsZone): ZoneFoundVia[] => {
    if (nodeRg && inResourceGroup(zone.id, zone.subscriptionId, nodeRg)) return ['nodeResourceGroup'];
    if (inResourceGroup(zone.id, d.subscriptionId, d.clusterRg)) return ['clusterResourceGroup'];
    return [];
  };
  const named = zoneGroupZones(d.endpoints);
  if (named.length > 0) {
    const records = await Promise.all(named.map((n) => d.zoneRecords(n.zoneId)));
    const zones: FoundZone[] = [];
    const gone: ZoneSearch['gone'] = [];
    named.forEach((n, i) => {
      if (records[i] === undefined) gone.push(n);
      else {
        const zone = zoneFromId(n.zoneId);
        zones.push({ zone, foundVia: ['zoneGroup', ...where(zone)] });
      }
    });
    return { zones, gone, unrelated: 0 };
  }
  const listed = (await d.listZones()).filter((z) => z.name.toLowerCase() === ACR_PRIVATE_ZONE);
  const groups: { sub: string; rg: string }[] = [
    ...(nodeRg && d.lookup.mode === 'managed' ? [{ sub: d.subscriptionId, rg: nodeRg }] : []),
    { sub: d.subscriptionId, rg: d.clusterRg },
    ...[d.lookup.registry?.id, ...d.endpoints.map((e) => e.endpoint.id), ...d.network.vnets.map((v) => v.id)].flatMap((id) => {
      const p = tryParseResourceId(id);
      return p?.resourceGroup ? [{ sub: p.subscriptionId, rg: p.resourceGroup }] : [];
    }),
  ];
  const near = listed.filter((z) => groups.some((g) => inResourceGroup(z.id, g.sub, g.rg)));
  if (near.length > 0) return { zones: near.map((zone) => ({ zone, foundVia: where(zone).length ? where(zone) : ['subscription'] })), gone: [], unrelated: listed.length - near.length };
  // Linked where the nodes resolve, or to their own VNet (someone meant it for this cluster,
  // even if the nodes' DNS server resolves elsewhere: dns.vnet-link says so).
  const vnets = [...resolvingVnetIds(d.network), ...d.network.vnets.map((v) => v.id)];
  const withLinks = await Promise.all(listed.map(async (zone) => ({ zone, links: await d.zoneLinks(zone.id) })));
  const linked = withLinks.filter((z) => z.links.some((l) => vnets.some((v) => sameId(v, l.virtualNetworkId))));
  return { zones: linked.map(({ zone }) => ({ zone, foundVia: ['subscription'] })), gone: [], unrelated: listed.length - linked.length };
}
