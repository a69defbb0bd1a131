import type { Registry } from '../src/azure/types.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { Evidence, FindingFacets } from '../src/core/report.js';
import { ACR_PRIVATE_ZONE, clusterLinkedZone, linkCompleted, type ZoneWithLinks } from '../src/domain/dns.js';
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
  'dns.vnet-link/not-linked': (p: { vnets: string[] }) =>
    `zone ${ACR_PRIVATE_ZONE} is not linked to the cluster VNet ${p.vnets.join(', ')}: the nodes resolve the registry to its public address`,
};

export type DnsVnetLinkFinding = FindingOf<typeof dnsVnetLinkMessages, DnsVnetLinkData>;

export function judgeDnsVnetLink({ mode, registry, zones, network }: DnsVnetLinkGathered): DnsVnetLinkFinding {
  const remediations = chainRemediation(mode, 'repair-private-dns');
  const vnets = network.vnets.map((v) => v.name);
  if (zones.length === 0) return { status: 'skip', code: 'dns.vnet-link/no-zone', params: {}, evidence: [], remediations: [] };
  if (network.vnets.length === 0) {
    return { status: 'warn', code: 'dns.vnet-link/vnet-unknown', params: {}, evidence: [], remediations: [], data: { registryId: registry?.id } };
  }
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
