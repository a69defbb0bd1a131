import type { Registry } from '../src/azure/types.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { FindingFacets } from '../src/core/report.js';
import { ACR_PRIVATE_ZONE } from '../src/domain/dns.js';
import type { FoundZone } from '../src/domain/facts.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface DnsZoneGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  zones: FoundZone[];
}

export interface DnsZoneData extends FindingFacets {
  zoneIds: string[];
}

const VIA_WORDS: Record<FoundZone['foundVia'][number], string> = {
  nodeResourceGroup: 'the node resource group',
  clusterResourceGroup: "the cluster's resource group",
  subscription: 'the subscription',
  zoneGroup: "the endpoint's DNS zone group",
};

export const dnsZoneMessages = {
  'dns.zone/missing': () =>
    `no private DNS zone ${ACR_PRIVATE_ZONE} found (node resource group, cluster resource group, subscription, endpoint zone groups): the registry name resolves to its public address`,
  'dns.zone/exists': (p: { resourceGroup: string; more: number }) => `private DNS zone ${ACR_PRIVATE_ZONE} exists in ${p.resourceGroup}${p.more > 0 ? ` and ${p.more} more` : ''}`,
};

export type DnsZoneFinding = FindingOf<typeof dnsZoneMessages, DnsZoneData>;

export function judgeDnsZone({ mode, registry, zones }: DnsZoneGathered): DnsZoneFinding {
  const data = { registryId: registry?.id, zoneIds: zones.map((z) => z.zone.id) };
  const first = zones[0];
  if (!first) {
    return {
      status: 'fail',
      code: 'dns.zone/missing',
      params: {},
      evidence: [{ field: 'privateDnsZones', expected: ACR_PRIVATE_ZONE, actual: 'not found' }],
      remediations: chainRemediation(mode, 'repair-private-dns'),
      data,
    };
  }
  const evidence = zones.map((z) => ({ resourceId: z.zone.id, field: 'name', expected: ACR_PRIVATE_ZONE, actual: `${z.zone.name} (in ${z.foundVia.map((v) => VIA_WORDS[v]).join(', ')})` }));
  return { status: 'pass', code: 'dns.zone/exists', params: { resourceGroup: first.zone.resourceGroup, more: zones.length - 1 }, evidence, remediations: [], data };
}

export const dnsZoneCheck = defineCheck({
  id: 'dns.zone',
  title: `The private DNS zone ${ACR_PRIVATE_ZONE} exists`,
  dependsOn: ['registry.exists'],
  guide: 'Issue 3',
  guideIssue: { managed: 3, any: 1 },
  historyOperations: ['Microsoft.Network/privateDnsZones/delete'],
  causePhrase: { managed: `the private DNS zone ${ACR_PRIVATE_ZONE} was deleted`, any: `the private DNS zone ${ACR_PRIVATE_ZONE} is missing` },
  verifies: ['reconcile', 'delete-registry-and-reconcile', 'repair-private-dns'],
  rootCause: { chain: 'registry', explains: ['dns.vnet-link', 'dns.records', 'pods.image-pull-failures', 'nodes.stale-registry-config'] },
  messages: dnsZoneMessages,
  async gather(ctx): Promise<DnsZoneGathered> {
    const [lookup, zones] = await Promise.all([ctx.registry(), ctx.dnsZones()]);
    return { mode: lookup.mode, registry: lookup.registry, zones };
  },
  judge: judgeDnsZone,
});
