import type { Registry } from '../src/azure/types.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { FindingFacets } from '../src/core/report.js';
import { ACR_PRIVATE_ZONE } from '../src/domain/dns.js';
import type { FoundZone, ZoneSearch } from '../src/domain/facts.js';
import { tryParseResourceId } from '../src/azure/resource-id.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface DnsZoneGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  zones: FoundZone[];
  /** Zones the endpoint's DNS zone group names that no longer exist. */
  gone?: ZoneSearch['gone'] | undefined;
  /** Other clusters' `privatelink.azurecr.io` zones of the subscription, left alone. */
  unrelated?: number | undefined;
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
  'dns.zone/deleted': (p: { resourceGroup: string; endpoint: string }) =>
    `private DNS zone ${ACR_PRIVATE_ZONE} in ${p.resourceGroup}, where the DNS zone group of endpoint ${p.endpoint} writes the registry's records, was deleted: the registry name resolves to its public address`,
  'dns.zone/only-other-clusters': (p: { others: number }) =>
    `no private DNS zone ${ACR_PRIVATE_ZONE} of this cluster found: the subscription's ${p.others} other ${ACR_PRIVATE_ZONE} zone(s) sit in resource groups the cluster does not use, are named by no zone group of the registry's endpoint and are linked to none of the VNets its nodes resolve from (other clusters' zones, not judged)`,
  'dns.zone/exists': (p: { resourceGroup: string; more: number }) => `private DNS zone ${ACR_PRIVATE_ZONE} exists in ${p.resourceGroup}${p.more > 0 ? ` and ${p.more} more` : ''}`,
};

export type DnsZoneFinding = FindingOf<typeof dnsZoneMessages, DnsZoneData>;

export function judgeDnsZone(g: DnsZoneGathered): DnsZoneFinding {
  const { mode, registry, zones } = g;
  const data = { registryId: registry?.id, zoneIds: zones.map((z) => z.zone.id) };
  const first = zones[0];
  const gone = g.gone?.[0];
  if (!first && gone) {
    const zoneRg = tryParseResourceId(gone.zoneId)?.resourceGroup ?? gone.zoneId;
    return {
      status: 'fail',
      code: 'dns.zone/deleted',
      params: { resourceGroup: zoneRg, endpoint: tryParseResourceId(gone.endpointId)?.name ?? gone.endpointId },
      evidence: (g.gone ?? []).map((x) => ({ resourceId: x.zoneId, field: 'privateDnsZoneGroups[].privateDnsZoneConfigs[].privateDnsZoneId', expected: 'an existing zone', actual: 'zone not found (deleted)' })),
      remediations: chainRemediation(mode, 'repair-private-dns'),
      data: { ...data, zoneIds: (g.gone ?? []).map((x) => x.zoneId) },
    };
  }
  if (!first && (g.unrelated ?? 0) > 0) {
    return {
      status: 'fail',
      code: 'dns.zone/only-other-clusters',
      params: { others: g.unrelated ?? 0 },
      evidence: [{ field: 'privateDnsZones', expected: `${ACR_PRIVATE_ZONE} named by the endpoint's zone group, in a group the cluster uses, or linked to its VNet`, actual: `${g.unrelated ?? 0} other cluster(s)' zone(s) only` }],
      remediations: chainRemediation(mode, 'repair-private-dns'),
      data,
    };
  }
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
    const [lookup, search] = await Promise.all([ctx.registry(), ctx.zoneSearch()]);
    return { mode: lookup.mode, registry: lookup.registry, zones: search.zones, gone: search.gone, unrelated: search.unrelated };
  },
  judge: judgeDnsZone,
});
