import type { Registry, VirtualNetworkLink } from '../src/azure/types.js';
import { sameId } from '../src/azure/resource-id.js';
import { defineCheck } from '../src/engine/check.js';
import type { ClusterNetwork, FoundZone } from '../src/engine/context.js';
import type { Evidence, Finding, RegistryMode } from '../src/engine/types.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { ACR_PRIVATE_ZONE } from './dns-zone.js';

export interface ZoneWithLinks {
  zone: FoundZone;
  links: VirtualNetworkLink[];
}

export interface DnsVnetLinkGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  zones: ZoneWithLinks[];
  network: ClusterNetwork;
}

function linkCompleted(l: VirtualNetworkLink): boolean {
  // virtualNetworkLinkState is the one that says resolution works; older API versions omit it.
  return (l.state ?? (l.provisioningState === 'Succeeded' ? 'Completed' : '')).toLowerCase() === 'completed';
}

/** The zone linked to the cluster VNet (the one the nodes resolve through), with its link. */
export function clusterLinkedZone(zones: readonly ZoneWithLinks[], network: ClusterNetwork): { zone: ZoneWithLinks; link: VirtualNetworkLink } | undefined {
  for (const z of zones) {
    const links = z.links.filter((l) => network.vnets.some((v) => sameId(v.id, l.virtualNetworkId)));
    const link = links.find(linkCompleted) ?? links[0];
    if (link) return { zone: z, link };
  }
  return undefined;
}

export function judgeDnsVnetLink({ mode, registry, zones, network }: DnsVnetLinkGathered): Finding {
  const remediations = chainRemediation(mode, 'repair-private-dns');
  const vnetNames = network.vnets.map((v) => v.name).join(', ');
  if (zones.length === 0) return { status: 'skip', summary: `no ${ACR_PRIVATE_ZONE} zone to inspect`, evidence: [], remediations: [] };
  if (network.vnets.length === 0) {
    return { status: 'warn', summary: 'the cluster VNet could not be determined, so the zone links cannot be checked', evidence: [], remediations: [], data: { registryId: registry?.id } };
  }
  const found = clusterLinkedZone(zones, network);
  if (found && linkCompleted(found.link)) {
    return {
      status: 'pass',
      summary: `zone ${ACR_PRIVATE_ZONE} (${found.zone.zone.zone.resourceGroup}) is linked to ${vnetNames} by ${found.link.name}, Completed`,
      evidence: [{ resourceId: found.link.id, field: 'virtualNetworkLinkState', expected: 'Completed', actual: found.link.state ?? found.link.provisioningState }],
      remediations: [],
      data: { registryId: registry?.id, zoneId: found.zone.zone.zone.id, linkId: found.link.id },
    };
  }
  if (found) {
    return {
      status: 'fail',
      summary: `the link ${found.link.name} from zone ${ACR_PRIVATE_ZONE} to ${vnetNames} is ${found.link.state ?? 'not Completed'}, not Completed`,
      evidence: [{ resourceId: found.link.id, field: 'virtualNetworkLinkState', expected: 'Completed', actual: found.link.state ?? '(not set)' }],
      remediations,
      data: { registryId: registry?.id, zoneId: found.zone.zone.zone.id, linkId: found.link.id },
    };
  }
  const evidence: Evidence[] = zones.map((z) => ({
    resourceId: z.zone.zone.id,
    field: 'virtualNetworkLinks[].virtualNetwork.id',
    expected: network.vnets.map((v) => v.id).join(', '),
    actual: z.links.length ? z.links.map((l) => l.virtualNetworkId ?? '(none)').join(', ') : 'no links',
  }));
  return {
    status: 'fail',
    summary: `zone ${ACR_PRIVATE_ZONE} is not linked to the cluster VNet ${vnetNames}: the nodes resolve the registry to its public address`,
    evidence,
    remediations,
    data: { registryId: registry?.id, zoneId: zones[0]?.zone.zone.id },
  };
}

export const dnsVnetLinkCheck = defineCheck<DnsVnetLinkGathered>({
  id: 'dns.vnet-link',
  title: 'The private DNS zone is linked to the cluster VNet',
  dependsOn: ['dns.zone'],
  guide: 'Issue 3',
  async gather(ctx) {
    const [lookup, found, network] = await Promise.all([ctx.registry(), ctx.dnsZones(), ctx.network()]);
    const zones = await Promise.all(found.map(async (zone) => ({ zone, links: await ctx.zoneLinks(zone.zone.id) })));
    return { mode: lookup.mode, registry: lookup.registry, zones, network };
  },
  judge: judgeDnsVnetLink,
});
