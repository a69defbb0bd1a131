import type { Registry } from '../src/azure/types.js';
import { sameId } from '../src/azure/resource-id.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { Evidence, FindingFacets } from '../src/core/report.js';
import { ACR_PRIVATE_ZONE, clusterLinkedZone, expectedRecords, type ExpectedRecord, type ZoneWithRecords } from '../src/domain/dns.js';
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
}

export interface DnsRecordsData extends FindingFacets {
  zoneId: string;
}

/** A record that is missing or resolves elsewhere than the endpoint. */
type RecordProblem = { record: string; expected: string; actual: string; missing: boolean };

export const dnsRecordsMessages = {
  'dns.records/no-registry': () => 'no registry to inspect',
  'dns.records/no-zone': () => `no ${ACR_PRIVATE_ZONE} zone to inspect`,
  'dns.records/no-endpoint': () => 'no private endpoint to compare the records with',
  'dns.records/no-endpoint-ips': (p: { endpoint: string; registry: string }) =>
    `the NIC of private endpoint ${p.endpoint} has no registry IP configurations to resolve ${p.registry} to`,
  'dns.records/match': (p: { endpoint: string; records: { name: string; ip: string }[] }) =>
    `A records in ${ACR_PRIVATE_ZONE} match endpoint ${p.endpoint}: ${p.records.map((e) => `${e.name} → ${e.ip}`).join(', ')}`,
  'dns.records/mismatch': (p: { endpoint: string; problems: RecordProblem[] }) =>
    `A records in ${ACR_PRIVATE_ZONE} do not match endpoint ${p.endpoint}: ${p.problems.map((x) => `${x.record} ${x.missing ? 'missing' : `is ${x.actual} not ${x.expected}`}`).join('; ')}`,
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

/** The zone the nodes resolve through: linked to the cluster VNet, else the endpoint's zone group's, else the first. */
function zoneToCheck(g: DnsRecordsGathered): ZoneWithRecords | undefined {
  const linked = clusterLinkedZone(g.zones, g.network);
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
    const expected = expectedRecords(e.nics, registry.name);
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
  const problems = best.problems.map((p) => ({
    record: p.resourceId?.split('/').pop() ?? '?',
    expected: p.expected ?? '?',
    actual: p.actual ?? '?',
    missing: p.actual === MISSING,
  }));
  return { status: 'fail', code: 'dns.records/mismatch', params: { endpoint, problems }, evidence: best.problems, remediations, data };
}

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
    const [lookup, endpoints, found, network] = await Promise.all([ctx.registry(), ctx.registryEndpoints(), ctx.dnsZones(), ctx.network()]);
    const zones = await Promise.all(
      found.map(async (zone) => {
        const [links, records] = await Promise.all([ctx.zoneLinks(zone.zone.id), ctx.zoneRecords(zone.zone.id)]);
        return { zone, links, records };
      }),
    );
    return { mode: lookup.mode, registry: lookup.registry, endpoints, zones, network };
  },
  judge: judgeDnsRecords,
});
