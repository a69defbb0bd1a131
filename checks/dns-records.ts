import type { Registry, RegistryReplication } from '../src/azure/types.js';
import { sameId } from '../src/azure/resource-id.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { Evidence, FindingFacets } from '../src/core/report.js';
import { ACR_PRIVATE_ZONE, expectedRecords, linkedZone, regionsWithoutRecord, type ExpectedRecord, type ZoneWithRecords } from '../src/domain/dns.js';
import { customDnsServers, resolvingVnetIds } from '../src/domain/resolution.js';
import { offEndpointDials } from '../src/domain/dialled-ips.js';
import { gatherKube, pullFailuresOrUnavailable } from '../src/domain/kube-access.js';
import type { ImagePullFailure } from '../src/core/report.js';
import { AZURE_DNS_IP, linkCompleted } from '../src/domain/dns.js';
import type { ClusterNetwork, RegistryEndpoint } from '../src/domain/facts.js';
import { assessEndpoint } from '../src/domain/private-endpoint.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export type { ZoneWithRecords } from '../src/domain/dns.js';

export interface DnsRecordsGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  endpoints: RegistryEndpoint[];
  zones: ZoneWithRecords[];
  network: ClusterNetwork;
  /** The registry's replications (home region included); [] when not read: no region check then. */
  replications?: RegistryReplication[] | undefined;
  /** The cluster's region: the replica whose data endpoint its nodes download blobs from. */
  clusterLocation?: string | undefined;
  /** Failing pulls (from Kubernetes, when readable): where the nodes actually connected. */
  pullFailures?: ImagePullFailure[] | undefined;
}

export interface DnsRecordsData extends FindingFacets {
  zoneId: string;
}

/** A record that is missing or resolves elsewhere than the endpoint; `region` for a replica's data record. */
type RecordProblem = { record: string; expected: string; actual: string; missing: boolean; region?: string | null };

const regionWords = (p: RecordProblem, clusterRegion: string | null): string =>
  p.region ? ` (replica ${p.region}${clusterRegion && p.region === clusterRegion ? ", the cluster's region" : ''})` : '';

const problemWords = (x: RecordProblem, clusterRegion: string | null): string =>
  `${x.record} ${x.missing ? 'missing' : `is ${x.actual} not ${x.expected}`}${regionWords(x, clusterRegion)}`;

export const dnsRecordsMessages = {
  'dns.records/no-registry': () => 'no registry to inspect',
  'dns.records/no-zone': () => `no ${ACR_PRIVATE_ZONE} zone to inspect`,
  'dns.records/no-endpoint': () => 'no private endpoint to compare the records with',
  'dns.records/no-endpoint-ips': (p: { endpoint: string; registry: string }) =>
    `the NIC of private endpoint ${p.endpoint} has no registry IP configurations to resolve ${p.registry} to`,
  'dns.records/match': (p: { endpoint: string; records: { name: string; ip: string }[] }) =>
    `A records in ${ACR_PRIVATE_ZONE} match endpoint ${p.endpoint}: ${p.records.map((e) => `${e.name} → ${e.ip}`).join(', ')}`,
  'dns.records/mismatch': (p: { endpoint: string; problems: RecordProblem[]; clusterRegion?: string | null }) =>
    `A records in ${ACR_PRIVATE_ZONE} do not match endpoint ${p.endpoint}: ${p.problems.map((x) => problemWords(x, p.clusterRegion ?? null)).join('; ')}`,
  'dns.records/other-replica': (p: { endpoint: string; problems: RecordProblem[]; clusterRegion: string }) =>
    `A records in ${ACR_PRIVATE_ZONE} for another replica do not match endpoint ${p.endpoint}: ${p.problems.map((x) => problemWords(x, p.clusterRegion)).join('; ')}; the cluster's region ${p.clusterRegion} is not affected (its nodes download from the ${p.clusterRegion} replica), but a failover to that replica would fail`,
  'dns.records/resolved-elsewhere': (p: { dials: { host: string; ip: string; expected: string }[]; servers: string[] }) =>
    `the records are right, but nodes connected to ${p.dials.map((d) => `${d.host} at ${d.ip}, not the endpoint's ${d.expected}`).join('; ')}: their DNS${p.servers.length ? ` (server ${p.servers.join(', ')})` : ''} does not answer from the private zone (a custom DNS server must forward azurecr.io to ${AZURE_DNS_IP}; a link with NxDomainRedirect, a hosts file or an on-premises zone answers publicly)`,
  'dns.records/replica-not-on-endpoint': (p: { endpoint: string; regions: string[]; clusterRegion: string | null }) =>
    `private endpoint ${p.endpoint} has no data endpoint IP for replica region(s) ${p.regions.join(', ')}${p.clusterRegion && p.regions.includes(p.clusterRegion) ? ` (the cluster's region ${p.clusterRegion} is affected)` : ''}: a replica added after the endpoint leaves its connection to be approved or the endpoint to be recreated`,
};

export type DnsRecordsFinding = FindingOf<typeof dnsRecordsMessages, DnsRecordsData>;

const MISSING = 'record missing';

function recordProblems(expected: readonly ExpectedRecord[], zone: ZoneWithRecords): Evidence[] {
  const byName = new Map(zone.records.map((r) => [r.name.toLowerCase(), r]));
  const problems: Evidence[] = [];
  for (const e of expected) {
    const rec = byName.get(e.name);
    const id = rec?.id ?? `${zone.zone.zone.id}/A/${e.name}`;
    if (!rec) {
      problems.push({ resourceId: id, field: 'aRecords', expected: e.ip, actual: MISSING });
      continue;
    }
    const ips = [...new Set(rec.ipv4Addresses)];
    if (ips.length !== 1 || ips[0] !== e.ip) problems.push({ resourceId: id, field: 'aRecords', expected: e.ip, actual: ips.join(', ') || '(no addresses)' });
  }
  return problems;
}

/** The zone the nodes resolve through: linked to the VNet they resolve from, else the endpoint's zone group's, else the first. */
function zoneToCheck(g: DnsRecordsGathered): ZoneWithRecords | undefined {
  const linked = linkedZone(g.zones, resolvingVnetIds(g.network));
  if (linked) return linked.zone;
  const viaGroup = g.zones.find((z) => g.endpoints.some((e) => e.zoneGroups.some((zg) => zg.privateDnsZoneIds.some((id) => sameId(id, z.zone.zone.id)))));
  return viaGroup ?? g.zones[0];
}

export function judgeDnsRecords(g: DnsRecordsGathered): DnsRecordsFinding {
  const { mode, registry } = g;
  if (!registry) return { status: 'skip', code: 'dns.records/no-registry', params: {}, evidence: [], remediations: [] };
  const zone = zoneToCheck(g);
  if (!zone) return { status: 'skip', code: 'dns.records/no-zone', params: {}, evidence: [], remediations: [] };
  if (g.endpoints.length === 0) return { status: 'skip', code: 'dns.records/no-endpoint', params: {}, evidence: [], remediations: [] };
  const remediations = chainRemediation(mode, 'repair-private-dns');
  const data = { registryId: registry.id, zoneId: zone.zone.zone.id };
  // Prefer endpoints that serve the cluster; the records should point at one of them.
  const usable = g.endpoints.filter((e) => assessEndpoint(e, registry.id, g.network).problems.length === 0);
  const candidates = (usable.length ? usable : g.endpoints).map((e) => {
    const expected = expectedRecords(e.nics, registry, e.endpoint.customDnsConfigs);
    return { endpoint: e, expected, problems: recordProblems(expected, zone) };
  });
  const withIps = candidates.filter((c) => c.expected.length > 0);
  if (withIps.length === 0) {
    const pe = (candidates[0] as (typeof candidates)[number]).endpoint.endpoint;
    return {
      status: 'fail',
      code: 'dns.records/no-endpoint-ips',
      params: { endpoint: pe.name, registry: registry.name },
      evidence: [{ resourceId: pe.id, field: 'networkInterfaces[].ipConfigurations[].privateLinkConnectionProperties.requiredMemberName', expected: 'registry, registry_data_<region>', actual: '(none)' }],
      remediations,
      data,
    };
  }
  const best = withIps.reduce((a, b) => (b.problems.length < a.problems.length ? b : a));
  const endpoint = best.endpoint.endpoint.name;
  const clusterRegion = g.clusterLocation ? normalRegion(g.clusterLocation) : null;
  const missingRegions = regionsWithoutRecord(best.expected, (g.replications ?? []).map((r) => r.location));
  if (best.problems.length === 0 && missingRegions.length > 0) {
    const affected = !!clusterRegion && missingRegions.includes(clusterRegion);
    return {
      status: affected ? 'fail' : 'warn',
      code: 'dns.records/replica-not-on-endpoint',
      params: { endpoint, regions: missingRegions, clusterRegion },
      evidence: missingRegions.map((r) => ({ resourceId: best.endpoint.endpoint.id, field: 'networkInterfaces[].ipConfigurations[].privateLinkConnectionProperties.requiredMemberName', expected: `registry_data_${r}`, actual: 'no such member' })),
      remediations: affected ? chainRemediation(mode, 'recreate-private-endpoint') : [],
      data,
    };
  }
  // Right records in a zone linked where the nodes resolve, yet the nodes went elsewhere: DNS.
  const resolvingLinked = linkedZone(g.zones, resolvingVnetIds(g.network));
  const dials = best.problems.length === 0 && resolvingLinked && linkCompleted(resolvingLinked.link) ? offEndpointDials(g.pullFailures ?? [], best.expected) : [];
  if (dials.length > 0) {
    return {
      status: 'fail',
      code: 'dns.records/resolved-elsewhere',
      params: { dials: dials.map(({ host, ip, expected }) => ({ host, ip, expected })), servers: customDnsServers(g.network) },
      evidence: dials.map((d) => ({ field: 'dial tcp', expected: d.expected, actual: d.ip, note: `${d.host} from ${d.pods.join(', ')}` })),
      // Neither AKS nor the zone can fix a resolver that answers publicly: the customer's DNS must.
      remediations: [],
      data,
    };
  }
  if (best.problems.length === 0) {
    return {
      status: 'pass',
      code: 'dns.records/match',
      params: { endpoint, records: best.expected.map((e) => ({ name: e.name, ip: e.ip })) },
      evidence: best.expected.map((e) => ({ resourceId: `${zone.zone.zone.id}/A/${e.name}`, field: 'aRecords', expected: e.ip, actual: e.ip })),
      remediations: [],
      data,
    };
  }
  const regionOf = (record: string): string | null => best.expected.find((e) => e.name === record)?.region ?? null;
  const problems = best.problems.map((p) => {
    const record = p.resourceId?.split('/').pop() ?? '?';
    return { record, expected: p.expected ?? '?', actual: p.actual ?? '?', missing: p.actual === MISSING, region: regionOf(record) };
  });
  // Only another replica's data records are wrong: this cluster's nodes pull from their own region's.
  const otherReplicaOnly = !!clusterRegion && (g.replications ?? []).length > 1 && problems.every((p) => p.region && p.region !== clusterRegion);
  if (otherReplicaOnly && clusterRegion) {
    return { status: 'warn', code: 'dns.records/other-replica', params: { endpoint, problems, clusterRegion }, evidence: best.problems, remediations: [], data };
  }
  return { status: 'fail', code: 'dns.records/mismatch', params: { endpoint, problems, clusterRegion }, evidence: best.problems, remediations, data };
}

const normalRegion = (r: string): string => r.toLowerCase().replace(/\s+/g, '');

export const dnsRecordsCheck = defineCheck({
  id: 'dns.records',
  title: 'The registry A records point at the private endpoint',
  dependsOn: ['dns.zone', 'registry.private-endpoint'],
  guide: 'Issue 3',
  guideIssue: { managed: 3, any: 1 },
  historyOperations: ['Microsoft.Network/privateDnsZones/A/delete', 'Microsoft.Network/privateDnsZones/A/write'],
  causePhrase: { any: "the registry's private DNS records are missing or point to the wrong addresses" },
  verifies: ['reconcile', 'delete-registry-and-reconcile', 'recreate-private-endpoint', 'repair-private-dns'],
  rootCause: { chain: 'registry' },
  messages: dnsRecordsMessages,
  async gather(ctx): Promise<DnsRecordsGathered> {
    const [lookup, endpoints, found, network, replications, cluster, kube] = await Promise.all([
      ctx.registry(), ctx.registryEndpoints(), ctx.dnsZones(), ctx.network(), ctx.registryReplications(), ctx.cluster(), gatherKube(ctx),
    ]);
    const pulls = pullFailuresOrUnavailable(kube);
    const pullFailures = 'failures' in pulls ? pulls.failures : [];
    const zones = await Promise.all(
      found.map(async (zone) => {
        const [links, records] = await Promise.all([ctx.zoneLinks(zone.zone.id), ctx.zoneRecords(zone.zone.id)]);
        return { zone, links, records };
      }),
    );
    return { mode: lookup.mode, registry: lookup.registry, endpoints, zones, network, replications, clusterLocation: cluster?.location, pullFailures };
  },
  judge: judgeDnsRecords,
});
