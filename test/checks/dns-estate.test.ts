import { describe, expect, it } from 'vitest';
import { dnsRecordsCheck, type ZoneWithRecords } from '../../checks/dns-records.js';
import { dnsVnetLinkCheck } from '../../checks/dns-vnet-link.js';
import { dnsZoneCheck } from '../../checks/dns-zone.js';
import type { NetworkInterface, RegistryReplication, VirtualNetwork, VirtualNetworkPeering } from '../../src/azure/types.js';
import type { RegistryMode } from '../../src/engine/types.js';
import { HUB_VNET_ID, NIC_ID, SUB, ZONE_ID, aRecord, endpoint, link, network, nic, registry, vnet, zone } from './fixtures.js';
import { rendered } from '../helpers/registry.js';

/*
 * The judges on real-estate layouts (issue 15), with payloads shaped as ARM returns them:
 * lower-cased record names, `resourcegroups` in ids the zone group and links hand back, `MC_`
 * casing in the node resource group, peerings with their remote address space.
 */
const judgeDnsRecords = rendered(dnsRecordsCheck);
const judgeDnsVnetLink = rendered(dnsVnetLinkCheck);
const judgeDnsZone = rendered(dnsZoneCheck);
const MODES: RegistryMode[] = ['byo', 'managed'];

const HUB_PREFIX = '10.0.0.0/16';
const hubPeering = (state = 'Connected', prefixes: string[] = [HUB_PREFIX]): VirtualNetworkPeering => ({
  id: `${network().vnets[0]!.id}/virtualNetworkPeerings/vnet-aks-to-vnet-hub`,
  name: 'vnet-aks-to-vnet-hub',
  remoteVirtualNetworkId: HUB_VNET_ID.replace('/resourceGroups/', '/resourcegroups/'),
  peeringState: state,
  remoteAddressPrefixes: prefixes,
});
/** The spoke (cluster VNet) with custom DNS servers and, optionally, its peering to the hub. */
const spoke = (servers: string[], peerings: VirtualNetworkPeering[] = [hubPeering()]): VirtualNetwork => ({ ...vnet(undefined, peerings), dnsServers: servers });
const hubZoneId = `/subscriptions/${SUB}/resourcegroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
const hubZone = (links: ReturnType<typeof link>[]): { zone: ReturnType<typeof zone>; links: ReturnType<typeof link>[] } => ({ zone: zone(['subscription'], hubZoneId), links });
const hubLink = (state = 'Completed') => link(HUB_VNET_ID.toLowerCase(), state, hubZoneId);
const spokeLink = () => link(network().vnets[0]!.id, 'Completed', hubZoneId);

describe('dns.vnet-link: judged where the nodes resolve (custom DNS servers)', () => {
  it.each([
    { name: 'forwarder in the hub, zone linked to the hub only', servers: ['10.0.0.4'], links: [hubLink()], status: 'pass', code: 'dns.vnet-link/linked-resolver', words: 'vnet-hub, where the cluster\'s DNS server(s) 10.0.0.4 resolve' },
    { name: 'forwarder in the hub, zone linked to both', servers: ['10.0.0.4'], links: [spokeLink(), hubLink()], status: 'pass', code: 'dns.vnet-link/linked-resolver' },
    { name: 'forwarder in the hub, zone linked to the spoke only', servers: ['10.0.0.4'], links: [spokeLink()], status: 'fail', code: 'dns.vnet-link/resolver-not-linked', words: 'linked to vnet-aks only' },
    { name: 'forwarder in the hub, hub link still InProgress', servers: ['10.0.0.4'], links: [hubLink('InProgress')], status: 'fail', code: 'dns.vnet-link/resolver-not-linked', words: 'InProgress' },
    { name: 'a DNS VM in the cluster VNet itself, zone linked there', servers: ['10.224.0.53'], links: [spokeLink()], status: 'pass', code: 'dns.vnet-link/linked-resolver' },
    { name: 'on-premises server in no peered VNet', servers: ['172.16.10.53'], links: [spokeLink()], status: 'warn', code: 'dns.vnet-link/dns-server-unknown', words: '172.16.10.53' },
    { name: 'two servers: the hub one linked, one unknown', servers: ['10.0.0.4', '172.16.10.53'], links: [hubLink()], status: 'warn', code: 'dns.vnet-link/dns-server-unknown' },
    { name: 'Azure DNS named explicitly is not custom', servers: ['168.63.129.16'], links: [spokeLink()], status: 'pass', code: 'dns.vnet-link/linked' },
  ])('$name → $status', ({ servers, links, status, code, words }) => {
    for (const mode of MODES) {
      const f = judgeDnsVnetLink({ mode, registry: registry(), zones: [hubZone(links)], network: network({ vnets: [spoke(servers)] }) });
      expect(f.status).toBe(status);
      expect(f.code).toBe(code);
      // Only the customer can link the hub: AKS reconcile links the cluster VNet alone.
      expect(f.remediations).toEqual(status === 'fail' ? ['repair-private-dns'] : []);
      if (words) expect(f.summary).toContain(words);
    }
  });

  it.each([
    ['a peering that is only Initiated', [hubPeering('Initiated')]],
    ['a peering without its remote address space', [{ ...hubPeering(), remoteAddressPrefixes: undefined }]],
    ['no peering at all', []],
  ] as const)('the hub server behind %s is unknown, not judged against the hub', (_name, peerings) => {
    const f = judgeDnsVnetLink({ mode: 'byo', registry: registry(), zones: [hubZone([hubLink()])], network: network({ vnets: [spoke(['10.0.0.4'], [...peerings])] }) });
    expect(f.code).toBe('dns.vnet-link/dns-server-unknown');
    expect(f.status).toBe('warn');
  });
});

/** A domain-name-label registry: hashed login server, records named after it. */
const LABEL = 'contosoacr-e7b3c9d1f2a4h6k8';
const labelNic: NetworkInterface = {
  id: NIC_ID,
  name: 'pe-contosoacr.nic.7c1e',
  ipConfigurations: [
    { name: 'privateEndpointIpConfig.0b1c', privateIpAddress: '10.225.0.5', requiredMemberName: 'registry', groupId: 'registry', fqdns: [`${LABEL}.azurecr.io`] },
    { name: 'privateEndpointIpConfig.9f8e', privateIpAddress: '10.225.0.6', requiredMemberName: 'registry_data_eastus', groupId: 'registry', fqdns: [`${LABEL}.eastus.data.azurecr.io`] },
  ],
};
const labelRegistry = registry({ loginServer: `${LABEL}.azurecr.io`, dataEndpointHostNames: [`${LABEL}.eastus.data.azurecr.io`] });

/** A registry at home in westeurope with a replica in the cluster's region (eastus). */
const geoNic: NetworkInterface = {
  ...nic(),
  ipConfigurations: [
    ...nic().ipConfigurations,
    { name: 'privateEndpointIpConfig.we', privateIpAddress: '10.225.0.7', requiredMemberName: 'registry_data_westeurope', groupId: 'registry', fqdns: ['contosoacr.westeurope.data.azurecr.io'] },
  ],
};
const replica = (location: string): RegistryReplication => ({ id: `${registry().id}/replications/${location}`, name: location, location, provisioningState: 'Succeeded', regionEndpointEnabled: true });
const geoRegistry = registry({ location: 'westeurope', dataEndpointHostNames: ['contosoacr.westeurope.data.azurecr.io', 'contosoacr.eastus.data.azurecr.io'] });
const geoRecords = [aRecord('contosoacr', ['10.225.0.5']), aRecord('contosoacr.eastus.data', ['10.225.0.6']), aRecord('contosoacr.westeurope.data', ['10.225.0.7'])];

describe('dns.records: expected records from the registry, not its name', () => {
  const z = (records: ReturnType<typeof aRecord>[]): ZoneWithRecords => ({ zone: zone(), links: [link()], records });

  it('a domain name label: records named after the hashed login server pass', () => {
    const f = judgeDnsRecords({
      mode: 'byo', registry: labelRegistry, endpoints: [endpoint({}, undefined, [labelNic])], network: network(),
      zones: [z([aRecord(LABEL, ['10.225.0.5']), aRecord(`${LABEL}.eastus.data`, ['10.225.0.6'])])],
    });
    expect(f.status).toBe('pass');
    expect(f.summary).toContain(`${LABEL} → 10.225.0.5`);
  });

  it('a domain name label: records named after the bare registry name are missing', () => {
    const f = judgeDnsRecords({
      mode: 'byo', registry: labelRegistry, endpoints: [endpoint({}, undefined, [labelNic])], network: network(),
      zones: [z([aRecord('contosoacr', ['10.225.0.5']), aRecord('contosoacr.eastus.data', ['10.225.0.6'])])],
    });
    expect(f.status).toBe('fail');
    expect(f.summary).toContain(`${LABEL} missing`);
  });

  it.each([
    { name: 'every replica has its data record', records: geoRecords, status: 'pass', code: 'dns.records/match' },
    {
      name: "the cluster region's replica record is missing",
      records: geoRecords.filter((r) => r.name !== 'contosoacr.eastus.data'),
      status: 'fail', code: 'dns.records/mismatch', words: "contosoacr.eastus.data missing (replica eastus, the cluster's region)",
    },
    {
      name: "another replica's record is missing",
      records: geoRecords.filter((r) => r.name !== 'contosoacr.westeurope.data'),
      status: 'warn', code: 'dns.records/other-replica', words: "the cluster's region eastus is not affected",
    },
  ])('geo-replicas: $name → $status', ({ records, status, code, words }) => {
    const f = judgeDnsRecords({
      mode: 'byo', registry: geoRegistry, endpoints: [endpoint({}, undefined, [geoNic])], network: network(),
      zones: [z(records)], replications: [replica('westeurope'), replica('eastus')], clusterLocation: 'eastus',
    });
    expect(f.status).toBe(status);
    expect(f.code).toBe(code);
    if (words) expect(f.summary).toContain(words);
  });

  it.each([
    { name: 'a replica added after the endpoint, elsewhere', replicas: ['eastus', 'westeurope'], status: 'warn', remediations: [] },
    { name: "a replica in the cluster's region the endpoint lacks", replicas: ['westeurope', 'eastus'], clusterLocation: 'West Europe', status: 'fail', remediations: ['recreate-private-endpoint'] },
  ])('$name → $status', ({ replicas, clusterLocation, status, remediations }) => {
    const f = judgeDnsRecords({
      mode: 'byo', registry: registry(), endpoints: [endpoint()], network: network(),
      zones: [z([aRecord('contosoacr', ['10.225.0.5']), aRecord('contosoacr.eastus.data', ['10.225.0.6'])])],
      replications: replicas.map(replica), clusterLocation: clusterLocation ?? 'eastus',
    });
    expect(f.code).toBe('dns.records/replica-not-on-endpoint');
    expect(f.status).toBe(status);
    expect(f.remediations).toEqual(remediations);
    expect(f.summary).toContain('westeurope');
  });

  it('an endpoint in the peered hub: records point at its addresses there', () => {
    const hubNic = nic('contosoacr', { registry: '10.0.1.4', data: '10.0.1.5' });
    const pe = endpoint({ subnetId: `${HUB_VNET_ID}/subnets/snet-private-endpoints` }, undefined, [hubNic]);
    const f = judgeDnsRecords({
      mode: 'byo', registry: registry(), endpoints: [pe], network: network({ vnets: [vnet(undefined, [hubPeering()])] }),
      zones: [z([aRecord('contosoacr', ['10.0.1.4']), aRecord('contosoacr.eastus.data', ['10.0.1.5'])])],
    });
    expect(f.status).toBe('pass');
  });
});

describe('dns.zone: the zone the endpoint names', () => {
  const goneId = `/subscriptions/${SUB}/resourcegroups/mc_rg-contoso_aks-contoso_eastus/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
  const peId = `/subscriptions/${SUB}/resourceGroups/MC_rg-contoso_aks-contoso_eastus/providers/Microsoft.Network/privateEndpoints/bootstrapacr4f2a9c-pe`;
  it.each(MODES)('%s: a zone-group zone that is gone is a deleted zone, named', (mode) => {
    const f = judgeDnsZone({ mode, registry: registry(), zones: [], gone: [{ zoneId: goneId, endpointId: peId }], unrelated: 60 });
    expect(f.status).toBe('fail');
    expect(f.code).toBe('dns.zone/deleted');
    expect(f.summary).toContain('mc_rg-contoso_aks-contoso_eastus');
    expect(f.summary).toContain('bootstrapacr4f2a9c-pe');
    expect(f.remediations).toEqual([mode === 'managed' ? 'reconcile' : 'repair-private-dns']);
    expect(f.data?.zoneIds).toEqual([goneId]);
  });
  it("only other clusters' zones: says so, does not pass", () => {
    const f = judgeDnsZone({ mode: 'byo', registry: registry(), zones: [], gone: [], unrelated: 60 });
    expect(f.status).toBe('fail');
    expect(f.code).toBe('dns.zone/only-other-clusters');
    expect(f.summary).toContain('60 other');
  });
  it('an existing zone wins over a gone one', () => {
    const f = judgeDnsZone({ mode: 'managed', registry: registry(), zones: [zone(['zoneGroup'], ZONE_ID)], gone: [{ zoneId: goneId, endpointId: peId }] });
    expect(f.status).toBe('pass');
  });
});
