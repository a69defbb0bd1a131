import type { ARecordSet, Registry } from '../src/azure/types.js';
import { sameId } from '../src/azure/resource-id.js';
import { defineCheck } from '../src/engine/check.js';
import type { ClusterNetwork, RegistryEndpoint } from '../src/engine/context.js';
import type { Evidence, Finding, RegistryMode } from '../src/engine/types.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { ACR_PRIVATE_ZONE } from './dns-zone.js';
import { clusterLinkedZone, type ZoneWithLinks } from './dns-vnet-link.js';
import { assessEndpoint } from './registry-private-endpoint.js';

export interface ZoneWithRecords extends ZoneWithLinks {
  records: ARecordSet[];
}

export interface DnsRecordsGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  endpoints: RegistryEndpoint[];
  zones: ZoneWithRecords[];
  network: ClusterNetwork;
}

export interface ExpectedRecord {
  /** Relative record name, lower case: `myacr`, `myacr.eastus.data`. */
  name: string;
  ip: string;
  member: string;
  nicId: string;
}

/** The A records an endpoint needs, from its NIC's `registry` and `registry_data_<region>` members. */
export function expectedRecords(endpoint: RegistryEndpoint, registryName: string): ExpectedRecord[] {
  const name = registryName.toLowerCase();
  const out: ExpectedRecord[] = [];
  for (const nic of endpoint.nics) {
    for (const ip of nic.ipConfigurations) {
      const member = (ip.requiredMemberName ?? '').toLowerCase();
      if (!ip.privateIpAddress) continue;
      if (member === 'registry') out.push({ name, ip: ip.privateIpAddress, member, nicId: nic.id });
      const data = /^registry_data_(.+)$/.exec(member);
      if (data) out.push({ name: `${name}.${data[1] as string}.data`, ip: ip.privateIpAddress, member, nicId: nic.id });
    }
  }
  return out;
}

function recordProblems(expected: readonly ExpectedRecord[], zone: ZoneWithRecords): Evidence[] {
  const byName = new Map(zone.records.map((r) => [r.name.toLowerCase(), r]));
  const problems: Evidence[] = [];
  for (const e of expected) {
    const rec = byName.get(e.name);
    const id = rec?.id ?? `${zone.zone.zone.id}/A/${e.name}`;
    if (!rec) {
      problems.push({ resourceId: id, field: 'aRecords', expected: e.ip, actual: 'record missing' });
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
  if (linked) return g.zones.find((z) => z === linked.zone);
  const viaGroup = g.zones.find((z) => g.endpoints.some((e) => e.zoneGroups.some((zg) => zg.privateDnsZoneIds.some((id) => sameId(id, z.zone.zone.id)))));
  return viaGroup ?? g.zones[0];
}

export function judgeDnsRecords(g: DnsRecordsGathered): Finding {
  const { mode, registry } = g;
  if (!registry) return { status: 'skip', summary: 'no registry to inspect', evidence: [], remediations: [] };
  const zone = zoneToCheck(g);
  if (!zone) return { status: 'skip', summary: `no ${ACR_PRIVATE_ZONE} zone to inspect`, evidence: [], remediations: [] };
  if (g.endpoints.length === 0) return { status: 'skip', summary: 'no private endpoint to compare the records with', evidence: [], remediations: [] };
  const remediations = chainRemediation(mode, 'repair-private-dns');
  const data = { registryId: registry.id, zoneId: zone.zone.zone.id };
  // Prefer endpoints that serve the cluster; the records should point at one of them.
  const usable = g.endpoints.filter((e) => assessEndpoint(e, registry.id, g.network).problems.length === 0);
  const candidates = (usable.length ? usable : g.endpoints).map((e) => {
    const expected = expectedRecords(e, registry.name);
    return { endpoint: e, expected, problems: recordProblems(expected, zone) };
  });
  const withIps = candidates.filter((c) => c.expected.length > 0);
  if (withIps.length === 0) {
    const pe = (candidates[0] as (typeof candidates)[number]).endpoint.endpoint;
    return {
      status: 'fail',
      summary: `the NIC of private endpoint ${pe.name} has no registry IP configurations to resolve ${registry.name} to`,
      evidence: [{ resourceId: pe.id, field: 'networkInterfaces[].ipConfigurations[].privateLinkConnectionProperties.requiredMemberName', expected: 'registry, registry_data_<region>', actual: '(none)' }],
      remediations,
      data,
    };
  }
  const best = withIps.reduce((a, b) => (b.problems.length < a.problems.length ? b : a));
  const rows = best.expected.map((e) => `${e.name} → ${e.ip}`).join(', ');
  if (best.problems.length === 0) {
    return {
      status: 'pass',
      summary: `A records in ${ACR_PRIVATE_ZONE} match endpoint ${best.endpoint.endpoint.name}: ${rows}`,
      evidence: best.expected.map((e) => ({ resourceId: `${zone.zone.zone.id}/A/${e.name}`, field: 'aRecords', expected: e.ip, actual: e.ip })),
      remediations: [],
      data,
    };
  }
  const words = best.problems.map((p) => `${p.resourceId?.split('/').pop() ?? '?'} ${p.actual === 'record missing' ? 'missing' : `is ${p.actual ?? '?'} not ${p.expected ?? '?'}`}`).join('; ');
  return {
    status: 'fail',
    summary: `A records in ${ACR_PRIVATE_ZONE} do not match endpoint ${best.endpoint.endpoint.name}: ${words}`,
    evidence: best.problems,
    remediations,
    data,
  };
}

export const dnsRecordsCheck = defineCheck<DnsRecordsGathered>({
  id: 'dns.records',
  title: 'The registry A records point at the private endpoint',
  dependsOn: ['dns.zone', 'registry.private-endpoint'],
  guide: 'Issue 3',
  async gather(ctx) {
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
