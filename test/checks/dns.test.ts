import { describe, expect, it } from 'vitest';
import { dnsRecordsCheck, type ZoneWithRecords } from '../../checks/dns-records.js';
import { dnsVnetLinkCheck } from '../../checks/dns-vnet-link.js';
import { dnsZoneCheck } from '../../checks/dns-zone.js';
import type { CheckStatus, RegistryMode } from '../../src/engine/types.js';
import { HUB_VNET_ID, NODE_RG, SUB, ZONE_ID, aRecord, endpoint, link, network, nic, registry, zone } from './fixtures.js';
import { rendered } from '../helpers/registry.js';

// Each judge with the summary the engine renders from its finding's code and params.
const judgeDnsRecords = rendered(dnsRecordsCheck);
const judgeDnsVnetLink = rendered(dnsVnetLinkCheck);
const judgeDnsZone = rendered(dnsZoneCheck);

const remedy = (mode: RegistryMode) => [mode === 'managed' ? 'reconcile' : 'repair-private-dns'];

describe('dns.zone', () => {
  it.each(['byo', 'managed'] as const)('%s: missing zone fails with the mode remediation', (mode) => {
    const f = judgeDnsZone({ mode, registry: registry(), zones: [] });
    expect(f.status).toBe('fail');
    expect(f.remediations).toEqual(remedy(mode));
  });
  it('passes and says where the zone was found', () => {
    const nodeRgZone = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
    const f = judgeDnsZone({ mode: 'managed', registry: registry(), zones: [zone(['nodeResourceGroup', 'zoneGroup'], nodeRgZone)] });
    expect(f.status).toBe('pass');
    expect(f.evidence[0]?.actual).toContain('node resource group');
    expect(f.data?.zoneIds).toEqual([nodeRgZone]);
  });
});

describe('dns.vnet-link', () => {
  it.each([
    { name: 'linked, Completed', links: [link()], status: 'pass' },
    { name: 'link state in progress', links: [link(undefined, 'InProgress')], status: 'fail', words: 'InProgress' },
    { name: 'linked only to the hub', links: [link(HUB_VNET_ID)], status: 'fail', words: 'not linked' },
    { name: 'no links at all', links: [], status: 'fail', words: 'not linked' },
    { name: 'hub and cluster links', links: [link(HUB_VNET_ID), link()], status: 'pass' },
    { name: 'vnet id in other case', links: [link(network().vnets[0]!.id.toLowerCase())], status: 'pass' },
  ] as { name: string; links: ReturnType<typeof link>[]; status: CheckStatus; words?: string }[])('$name → $status', ({ links, status, words }) => {
    for (const mode of ['byo', 'managed'] as const) {
      const f = judgeDnsVnetLink({ mode, registry: registry(), zones: [{ zone: zone(), links }], network: network() });
      expect(f.status).toBe(status);
      expect(f.remediations).toEqual(status === 'fail' ? remedy(mode) : []);
      if (words) expect(f.summary).toContain(words);
    }
  });
  it('warns when the cluster VNet is unknown', () => {
    expect(judgeDnsVnetLink({ mode: 'byo', registry: registry(), zones: [{ zone: zone(), links: [link()] }], network: network({ vnets: [] }) }).status).toBe('warn');
  });
});

describe('dns.records', () => {
  const z = (records: ReturnType<typeof aRecord>[], links = [link()]): ZoneWithRecords => ({ zone: zone(), links, records });
  const good = [aRecord('contosoacr', ['10.225.0.5']), aRecord('contosoacr.eastus.data', ['10.225.0.6'])];
  it.each([
    { name: 'both records match', records: good, status: 'pass' },
    { name: 'record names in other case', records: [aRecord('ContosoAcr', ['10.225.0.5']), aRecord('ContosoAcr.EastUS.data', ['10.225.0.6'])], status: 'pass' },
    { name: 'data record missing', records: [good[0]!], status: 'fail', words: 'contosoacr.eastus.data missing' },
    { name: 'login record stale IP', records: [aRecord('contosoacr', ['10.225.0.9']), good[1]!], status: 'fail', words: 'is 10.225.0.9 not 10.225.0.5' },
    { name: 'extra stale address alongside the right one', records: [aRecord('contosoacr', ['10.225.0.5', '10.225.0.9']), good[1]!], status: 'fail' },
    { name: 'no records', records: [], status: 'fail' },
  ] as { name: string; records: ReturnType<typeof aRecord>[]; status: CheckStatus; words?: string }[])('$name → $status', ({ records, status, words }) => {
    for (const mode of ['byo', 'managed'] as const) {
      const f = judgeDnsRecords({ mode, registry: registry(), endpoints: [endpoint()], zones: [z(records)], network: network() });
      expect(f.status).toBe(status);
      expect(f.remediations).toEqual(status === 'fail' ? remedy(mode) : []);
      expect(f.data?.zoneId).toBe(ZONE_ID);
      if (words) expect(f.summary).toContain(words);
    }
  });

  it('checks the zone linked to the cluster VNet, not another one', () => {
    const hubZoneId = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
    const hub: ZoneWithRecords = { zone: zone(['subscription'], hubZoneId), links: [link(HUB_VNET_ID, 'Completed', hubZoneId)], records: [] };
    const f = judgeDnsRecords({ mode: 'byo', registry: registry(), endpoints: [endpoint()], zones: [hub, z(good)], network: network() });
    expect(f.status).toBe('pass');
    expect(f.data?.zoneId).toBe(ZONE_ID);
  });

  it('reads the data region from the NIC member name', () => {
    const westNic = nic('contosoacr', { registry: '10.225.0.7', data: '10.225.0.8' }, 'westeurope');
    const f = judgeDnsRecords({
      mode: 'byo', registry: registry(), endpoints: [endpoint({}, undefined, [westNic])], network: network(),
      zones: [z([aRecord('contosoacr', ['10.225.0.7']), aRecord('contosoacr.westeurope.data', ['10.225.0.8'])])],
    });
    expect(f.status).toBe('pass');
  });

  it('fails when the endpoint NIC has no registry members', () => {
    const bare = { ...nic(), ipConfigurations: [] };
    const f = judgeDnsRecords({ mode: 'managed', registry: registry(), endpoints: [endpoint({}, undefined, [bare])], zones: [z(good)], network: network() });
    expect(f.status).toBe('fail');
    expect(f.remediations).toEqual(['reconcile']);
  });
});
