import type { Registry } from '../src/azure/types.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { Evidence, FindingFacets } from '../src/core/report.js';
import { ACR_PRIVATE_ZONE, AZURE_DNS_IP, clusterLinkedZone, linkCompleted, linkedZone, type ZoneWithLinks } from '../src/domain/dns.js';
import { resolvers, type Resolver } from '../src/domain/resolution.js';
import type { ClusterNetwork } from '../src/domain/facts.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface DnsVnetLinkGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  zones: ZoneWithLinks[];
  network: ClusterNetwork;
}

export interface DnsVnetLinkData extends FindingFacets {
  zoneId?: string | undefined;
  linkId?: string | undefined;
}

export const dnsVnetLinkMessages = {
  'dns.vnet-link/no-zone': () => `no ${ACR_PRIVATE_ZONE} zone to inspect`,
  'dns.vnet-link/vnet-unknown': () => 'the cluster VNet could not be determined, so the zone links cannot be checked',
  'dns.vnet-link/linked': (p: { zoneResourceGroup: string; vnets: string[]; link: string }) =>
    `zone ${ACR_PRIVATE_ZONE} (${p.zoneResourceGroup}) is linked to ${p.vnets.join(', ')} by ${p.link}, Completed`,
  'dns.vnet-link/link-not-completed': (p: { link: string; vnets: string[]; state: string | null }) =>
    `the link ${p.link} from zone ${ACR_PRIVATE_ZONE} to ${p.vnets.join(', ')} is ${p.state ?? 'not Completed'}, not Completed`,
  'dns.vnet-link/linked-resolver': (p: { zoneResourceGroup: string; servers: string[]; vnets: string[]; links: string[] }) =>
    `zone ${ACR_PRIVATE_ZONE} (${p.zoneResourceGroup}) is linked to ${p.vnets.join(', ')}, where the cluster's DNS server(s) ${p.servers.join(', ')} resolve (${p.links.join(', ')}, Completed); they must forward azurecr.io to ${AZURE_DNS_IP}, which ARM cannot show`,
  'dns.vnet-link/resolver-not-linked': (p: { servers: string[]; vnets: string[]; clusterVnets: string[]; linkedToCluster: boolean; state: string | null }) =>
    `the cluster's DNS server(s) ${p.servers.join(', ')} resolve in ${p.vnets.join(', ')}, ${p.state ? `where the link of zone ${ACR_PRIVATE_ZONE} is ${p.state}, not Completed` : `to which zone ${ACR_PRIVATE_ZONE} is not linked`}${p.linkedToCluster ? ` (it is linked to ${p.clusterVnets.join(', ')} only, which the nodes do not resolve from)` : ''}: the forwarder resolves the registry publicly and pulls get 403 or time out`,
  'dns.vnet-link/dns-server-unknown': (p: { servers: string[]; clusterVnets: string[] }) =>
    `the cluster VNet ${p.clusterVnets.join(', ')} uses DNS server(s) ${p.servers.join(', ')}, in neither that VNet nor a Connected peering: check that zone ${ACR_PRIVATE_ZONE} is linked to the VNet where that server resolves and that it forwards azurecr.io to ${AZURE_DNS_IP}`,
  'dns.vnet-link/not-linked': (p: { vnets: string[] }) =>
    `zone ${ACR_PRIVATE_ZONE} is not linked to the cluster VNet ${p.vnets.join(', ')}: the nodes resolve the registry to its public address`,
};

export type DnsVnetLinkFinding = FindingOf<typeof dnsVnetLinkMessages, DnsVnetLinkData>;

/**
 * Custom DNS servers: the zone must be linked to the VNet of each server the cluster VNet names
 * (its own, or a Connected peer holding the IP); a link there alone is healthy.
 */
function judgeResolvers(g: DnsVnetLinkGathered, rs: Resolver[]): DnsVnetLinkFinding {
  const { registry, zones, network } = g;
  const clusterVnets = network.vnets.map((v) => v.name);
  const known = rs.filter((r): r is Resolver & { vnetId: string } => !!r.vnetId);
  const unknown = rs.filter((r) => !r.vnetId).map((r) => r.server ?? '?');
  const byVnet = new Map<string, { vnetId: string; vnetName: string; servers: string[] }>();
  for (const r of known) {
    const k = r.vnetId.toLowerCase();
    const entry = byVnet.get(k) ?? { vnetId: r.vnetId, vnetName: r.vnetName ?? r.vnetId, servers: [] };
    entry.servers.push(r.server ?? '?');
    byVnet.set(k, entry);
  }
  const judged = [...byVnet.values()].map((v) => ({ ...v, found: linkedZone(zones, [v.vnetId]) }));
  const broken = judged.filter((j) => !j.found || !linkCompleted(j.found.link));
  const firstBroken = broken[0];
  if (firstBroken) {
    const linkedToCluster = !!clusterLinkedZone(zones, network);
    const state = firstBroken.found ? (firstBroken.found.link.state ?? '(not set)') : null;
    return {
      status: 'fail',
      code: 'dns.vnet-link/resolver-not-linked',
      params: { servers: broken.flatMap((b) => b.servers), vnets: broken.map((b) => b.vnetName), clusterVnets, linkedToCluster, state },
      evidence: zones.map((z) => ({
        resourceId: z.zone.zone.id,
        field: 'virtualNetworkLinks[].virtualNetwork.id',
        expected: broken.map((b) => b.vnetId).join(', '),
        actual: z.links.length ? z.links.map((l) => `${l.virtualNetworkId ?? '(none)'} (${l.state ?? l.provisioningState ?? '?'})`).join(', ') : 'no links',
      })),
      // The zone must be linked where the forwarder resolves: AKS reconcile links only the cluster VNet.
      remediations: ['repair-private-dns'],
      data: { registryId: registry?.id, zoneId: (firstBroken.found?.zone ?? zones[0])?.zone.zone.id, linkId: firstBroken.found?.link.id },
    };
  }
  if (unknown.length > 0) {
    return {
      status: 'warn',
      code: 'dns.vnet-link/dns-server-unknown',
      params: { servers: unknown, clusterVnets },
      evidence: network.vnets.map((v) => ({ resourceId: v.id, field: 'dhcpOptions.dnsServers', expected: 'servers in the VNet or a Connected peering', actual: (v.dnsServers ?? []).join(', ') })),
      remediations: [],
      data: { registryId: registry?.id, zoneId: zones[0]?.zone.zone.id },
    };
  }
  const first = judged[0]?.found;
  const zone = (first?.zone ?? zones[0])?.zone.zone;
  return {
    status: 'pass',
    code: 'dns.vnet-link/linked-resolver',
    params: { zoneResourceGroup: zone?.resourceGroup ?? '', servers: known.map((r) => r.server ?? '?'), vnets: judged.map((j) => j.vnetName), links: judged.map((j) => j.found?.link.name ?? '?') },
    evidence: judged.map((j) => ({ resourceId: j.found?.link.id, field: 'virtualNetworkLinkState', expected: 'Completed', actual: j.found?.link.state ?? j.found?.link.provisioningState })),
    remediations: [],
    data: { registryId: registry?.id, zoneId: zone?.id, linkId: first?.link.id },
  };
}

export function judgeDnsVnetLink(g: DnsVnetLinkGathered): DnsVnetLinkFinding {
  const { mode, registry, zones, network } = g;
  const remediations = chainRemediation(mode, 'repair-private-dns');
  const vnets = network.vnets.map((v) => v.name);
  if (zones.length === 0) return { status: 'skip', code: 'dns.vnet-link/no-zone', params: {}, evidence: [], remediations: [] };
  if (network.vnets.length === 0) {
    return { status: 'warn', code: 'dns.vnet-link/vnet-unknown', params: {}, evidence: [], remediations: [], data: { registryId: registry?.id } };
  }
  const rs = resolvers(network);
  if (rs.some((r) => r.server)) return judgeResolvers(g, rs);
  const found = clusterLinkedZone(zones, network);
  if (found) {
    const zone = found.zone.zone.zone;
    const data = { registryId: registry?.id, zoneId: zone.id, linkId: found.link.id };
    if (linkCompleted(found.link)) {
      return {
        status: 'pass',
        code: 'dns.vnet-link/linked',
        params: { zoneResourceGroup: zone.resourceGroup, vnets, link: found.link.name },
        evidence: [{ resourceId: found.link.id, field: 'virtualNetworkLinkState', expected: 'Completed', actual: found.link.state ?? found.link.provisioningState }],
        remediations: [],
        data,
      };
    }
    return {
      status: 'fail',
      code: 'dns.vnet-link/link-not-completed',
      params: { link: found.link.name, vnets, state: found.link.state ?? null },
      evidence: [{ resourceId: found.link.id, field: 'virtualNetworkLinkState', expected: 'Completed', actual: found.link.state ?? '(not set)' }],
      remediations,
      data,
    };
  }
  const evidence: Evidence[] = zones.map((z) => ({
    resourceId: z.zone.zone.id,
    field: 'virtualNetworkLinks[].virtualNetwork.id',
    expected: network.vnets.map((v) => v.id).join(', '),
    actual: z.links.length ? z.links.map((l) => l.virtualNetworkId ?? '(none)').join(', ') : 'no links',
  }));
  return { status: 'fail', code: 'dns.vnet-link/not-linked', params: { vnets }, evidence, remediations, data: { registryId: registry?.id, zoneId: zones[0]?.zone.zone.id } };
}

export const dnsVnetLinkCheck = defineCheck({
  id: 'dns.vnet-link',
  title: 'The private DNS zone is linked to the cluster VNet',
  dependsOn: ['dns.zone'],
  guide: 'Issue 3',
  guideIssue: { managed: 3, any: 1 },
  historyOperations: ['Microsoft.Network/privateDnsZones/virtualNetworkLinks/delete', 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write'],
  causePhrase: { any: 'the private DNS zone is not linked to the cluster VNet' },
  verifies: ['reconcile', 'delete-registry-and-reconcile', 'repair-private-dns'],
  rootCause: { chain: 'registry' },
  messages: dnsVnetLinkMessages,
  async gather(ctx): Promise<DnsVnetLinkGathered> {
    const [lookup, found, network] = await Promise.all([ctx.registry(), ctx.dnsZones(), ctx.network()]);
    const zones = await Promise.all(found.map(async (zone) => ({ zone, links: await ctx.zoneLinks(zone.zone.id) })));
    return { mode: lookup.mode, registry: lookup.registry, zones, network };
  },
  judge: judgeDnsVnetLink,
});
