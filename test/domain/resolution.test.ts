import { describe, expect, it } from 'vitest';
import type { ImagePullFailure } from '../../src/core/report.js';
import type { VirtualNetwork } from '../../src/azure/types.js';
import { expectedRecords, recordNameOf, regionsWithoutRecord } from '../../src/domain/dns.js';
import { dialledIp, offEndpointDials } from '../../src/domain/dialled-ips.js';
import { customDnsServers, inPrefix, resolvers, resolvingVnetIds } from '../../src/domain/resolution.js';
import { NIC_ID, nic } from '../checks/fixtures.js';

/*
 * The pure parts of the resolution path (issue 15): where a DNS server sits, what the records
 * must be called, and where a failing pull really went. Payloads as ARM returns them.
 */
const SUB = '8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d';
const spokeId = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/virtualNetworks/vnet-aks-prod`;
const hubId = `/subscriptions/${SUB}/resourcegroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const spoke = (dnsServers: string[] | undefined, peeringState = 'Connected'): VirtualNetwork => ({
  id: spokeId, name: 'vnet-aks-prod', resourceGroup: 'rg-prod', location: 'eastus2', addressPrefixes: ['10.10.0.0/16'],
  subnets: [], dnsServers,
  peerings: [{ id: `${spokeId}/virtualNetworkPeerings/to-hub`, name: 'to-hub', remoteVirtualNetworkId: hubId, peeringState, remoteAddressPrefixes: ['10.0.0.0/16', '10.1.0.0/24'] }],
});
const net = (v: VirtualNetwork) => ({ vnets: [v], subnetIds: [], managedVnet: false });

describe('inPrefix', () => {
  it.each([
    ['10.0.0.4', '10.0.0.0/16', true], ['10.1.0.200', '10.1.0.0/24', true], ['10.1.1.1', '10.1.0.0/24', false],
    ['10.0.0.4', '10.0.0.4/32', true], ['10.0.0.4', '0.0.0.0/0', true], ['not-an-ip', '10.0.0.0/8', false],
    ['10.0.0.4', '10.0.0.0/33', false], ['256.0.0.1', '10.0.0.0/8', false],
  ] as const)('%s in %s → %s', (ip, prefix, want) => expect(inPrefix(ip, prefix)).toBe(want));
});

describe('resolvers', () => {
  it('Azure DNS (no dnsServers, or only 168.63.129.16): the cluster VNet resolves', () => {
    for (const servers of [undefined, [], ['168.63.129.16']]) {
      expect(customDnsServers(net(spoke(servers)))).toEqual([]);
      expect(resolvers(net(spoke(servers)))).toEqual([{ vnetId: spokeId, vnetName: 'vnet-aks-prod', where: 'clusterVnet' }]);
    }
  });
  it.each([
    { name: 'forwarder in the Connected hub', servers: ['10.0.0.4'], want: [{ server: '10.0.0.4', vnetId: hubId, vnetName: 'vnet-hub', where: 'peeredVnet' }] },
    { name: 'a second hub prefix', servers: ['10.1.0.10'], want: [{ server: '10.1.0.10', vnetId: hubId, vnetName: 'vnet-hub', where: 'peeredVnet' }] },
    { name: 'a DNS VM in the cluster VNet', servers: ['10.10.4.4'], want: [{ server: '10.10.4.4', vnetId: spokeId, vnetName: 'vnet-aks-prod', where: 'clusterVnet' }] },
    { name: 'on-premises', servers: ['172.16.10.53'], want: [{ server: '172.16.10.53', where: 'unknown' }] },
  ])('$name', ({ servers, want }) => expect(resolvers(net(spoke(servers)))).toEqual(want));
  it('a peering that is not Connected carries no DNS traffic', () => {
    expect(resolvers(net(spoke(['10.0.0.4'], 'Disconnected')))).toEqual([{ server: '10.0.0.4', where: 'unknown' }]);
  });
  it('the resolving VNets, deduplicated across servers', () => {
    expect(resolvingVnetIds(net(spoke(['10.0.0.4', '10.0.0.5', '172.16.10.53'])))).toEqual([hubId]);
  });
});

describe('expectedRecords from the registry', () => {
  const LABEL = 'contosoprodacr-5f43a339fbb840cb';
  it('the NIC fqdns name the records (a domain name label)', () => {
    const labelled = { ...nic(), ipConfigurations: nic().ipConfigurations.map((c, i) => ({ ...c, fqdns: [i === 0 ? `${LABEL}.azurecr.io` : `${LABEL}.eastus.data.azurecr.io`] })) };
    expect(expectedRecords([labelled], { name: 'contosoacr', loginServer: `${LABEL}.azurecr.io` }).map((r) => [r.name, r.ip, r.region])).toEqual([
      [LABEL, '10.225.0.5', undefined], [`${LABEL}.eastus.data`, '10.225.0.6', 'eastus'],
    ]);
  });
  it('without fqdns: the login server and dataEndpointHostNames, never the bare name', () => {
    const bare = { ...nic(), ipConfigurations: nic().ipConfigurations.map((c) => ({ ...c, fqdns: [] })) };
    const hosts = { name: 'contosoacr', loginServer: `${LABEL}.azurecr.io`, dataEndpointHostNames: [`${LABEL}.eastus.data.azurecr.io`] };
    expect(expectedRecords([bare], hosts).map((r) => r.name)).toEqual([LABEL, `${LABEL}.eastus.data`]);
  });
  it("the endpoint's customDnsConfigs fill what no NIC names (a NIC that could not be read)", () => {
    const configs = [{ fqdn: 'contosoacr.azurecr.io', ipAddresses: ['10.225.0.5'] }, { fqdn: 'contosoacr.westeurope.data.azurecr.io', ipAddresses: ['10.225.0.7'] }];
    expect(expectedRecords([], 'contosoacr', configs).map((r) => [r.name, r.ip, r.member, r.region])).toEqual([
      ['contosoacr', '10.225.0.5', 'registry', undefined], ['contosoacr.westeurope.data', '10.225.0.7', 'registry_data_westeurope', 'westeurope'],
    ]);
    expect(expectedRecords([nic()], 'contosoacr', configs).filter((r) => r.name === 'contosoacr')).toHaveLength(1);
  });
  it('record names of hosts, in any cloud suffix and case', () => {
    expect(['MyAcr.azurecr.io', 'myacr.privatelink.azurecr.io', 'myacr.eastus.data.azurecr.io.', 'myacr.azurecr.cn', 'example.com'].map(recordNameOf)).toEqual(['myacr', 'myacr', 'myacr.eastus.data', 'myacr', undefined]);
  });
  it('replica regions no data record serves', () => {
    const records = expectedRecords([nic()], 'contosoacr');
    expect(regionsWithoutRecord(records, ['eastus', 'West Europe'])).toEqual(['westeurope']);
    expect(regionsWithoutRecord(records, [])).toEqual([]);
  });
});

describe('where a failing pull went', () => {
  const failure = (message: string, attemptedHost: string): ImagePullFailure => ({
    namespace: 'shop', pod: 'storefront-7d9c8b6f4-2xk9p', container: 'storefront', image: 'contosoacr.azurecr.io/shop/storefront:2.14.3',
    imageRegistry: 'contosoacr.azurecr.io', attemptedHost, failureKind: 'timeout', message,
  });
  const timeout = (host: string, ip: string) => failure(`failed to do request: Head "https://${host}/v2/shop/storefront/manifests/2.14.3": dial tcp ${ip}:443: i/o timeout`, host);
  const records = expectedRecords([nic()], 'contosoacr');
  it('reads the address from dial tcp', () => {
    expect(dialledIp('dial tcp 20.62.128.105:443: i/o timeout')).toBe('20.62.128.105');
    expect(dialledIp('dial tcp: lookup contosoacr.azurecr.io on 168.63.129.16:53: no such host')).toBeUndefined();
  });
  it.each([
    { name: 'public address of the login server', f: [timeout('contosoacr.azurecr.io', '20.62.128.105')], want: [{ host: 'contosoacr.azurecr.io', ip: '20.62.128.105', expected: '10.225.0.5' }] },
    { name: 'public address of the data host', f: [timeout('contosoacr.eastus.data.azurecr.io', '20.62.128.106')], want: [{ host: 'contosoacr.eastus.data.azurecr.io', ip: '20.62.128.106', expected: '10.225.0.6' }] },
    { name: 'the endpoint address itself (a network problem, not DNS)', f: [timeout('contosoacr.azurecr.io', '10.225.0.5')], want: [] },
    { name: 'another registry (a stale node)', f: [timeout('contosoacrold.azurecr.io', '20.62.128.105')], want: [] },
    { name: 'MCR', f: [timeout('mcr.microsoft.com', '204.79.197.219')], want: [] },
  ])('$name', ({ f, want }) => {
    expect(offEndpointDials(f, records).map(({ host, ip, expected }) => ({ host, ip, expected }))).toEqual(want);
  });
  it('names every pod once', () => {
    const f = timeout('contosoacr.azurecr.io', '20.62.128.105');
    expect(offEndpointDials([f, f, { ...f, pod: 'storefront-7d9c8b6f4-m2v8q' }], records)[0]?.pods).toEqual(['shop/storefront-7d9c8b6f4-2xk9p', 'shop/storefront-7d9c8b6f4-m2v8q']);
  });
  it('the NIC named is kept per record', () => expect(records.every((r) => r.nicId === NIC_ID)).toBe(true));
});
