import { describe, expect, it } from 'vitest';
import type { ARecordSet, PrivateDnsZone, VirtualNetworkLink } from '../../src/azure/types.js';
import { searchZones, type ZoneSearchDeps } from '../../src/engine/zone-search.js';
import { cluster, endpoint, managedRegistry, network, registry, SUB, VNET_ID } from '../checks/fixtures.js';

/*
 * Which zone is the cluster's, among a subscription full of other clusters' zones: what is read
 * (counted) and what is concluded.
 */
const NODE_RG = 'MC_rg-contoso_aks-contoso_eastus';
const zoneIn = (rg: string): string => `/subscriptions/${SUB}/resourcegroups/${rg.toLowerCase()}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
const asZone = (id: string): PrivateDnsZone => ({ id, name: 'privatelink.azurecr.io', subscriptionId: SUB, resourceGroup: id.split('/')[4] ?? '' });
const others = Array.from({ length: 60 }, (_, i) => asZone(zoneIn(`MC_rg-team-${i}_aks-team-${i}_eastus`)));
const linkTo = (zoneId: string, vnetId: string): VirtualNetworkLink => ({ id: `${zoneId}/virtualNetworkLinks/l`, name: 'l', virtualNetworkId: vnetId, state: 'Completed', registrationEnabled: false });

function deps(over: Partial<ZoneSearchDeps>, existing: string[], links: Record<string, VirtualNetworkLink[]> = {}): ZoneSearchDeps & { calls: string[] } {
  const calls: string[] = [];
  const key = (id: string): string => id.toLowerCase();
  return {
    calls,
    subscriptionId: SUB,
    clusterRg: 'rg-contoso',
    cluster: cluster({ nodeResourceGroup: NODE_RG }),
    lookup: { mode: 'managed', registry: managedRegistry(), candidates: [] },
    endpoints: [],
    network: network(),
    zoneRecords: (id) => {
      calls.push(`records ${id}`);
      return Promise.resolve(existing.some((e) => key(e) === key(id)) ? ([] as ARecordSet[]) : undefined);
    },
    zoneLinks: (id) => {
      calls.push(`links ${id}`);
      return Promise.resolve(links[key(id)] ?? []);
    },
    listZones: () => {
      calls.push('list');
      return Promise.resolve([...others, ...existing.map(asZone)]);
    },
    ...over,
  };
}

const groupEndpoint = (zoneId: string) => ({ ...endpoint(), zoneGroups: [{ id: 'g', name: 'default', privateDnsZoneIds: [zoneId] }] });

describe('searchZones', () => {
  it('the zone group names the zone: its records only, no list, no other zone read', async () => {
    const own = zoneIn(NODE_RG);
    const d = deps({ endpoints: [groupEndpoint(own)] }, [own]);
    const found = await searchZones(d);
    expect(found.zones.map((z) => [z.zone.id, z.foundVia])).toEqual([[own, ['zoneGroup', 'nodeResourceGroup']]]);
    expect(found.gone).toEqual([]);
    expect(d.calls).toEqual([`records ${own}`]);
  });
  it('the zone group names a deleted zone: gone, and the 60 others are not taken instead', async () => {
    const own = zoneIn(NODE_RG);
    const d = deps({ endpoints: [groupEndpoint(own)] }, []);
    const found = await searchZones(d);
    expect(found.zones).toEqual([]);
    expect(found.gone).toEqual([{ zoneId: own, endpointId: endpoint().endpoint.id }]);
    expect(d.calls).toEqual([`records ${own}`]);
  });
  it('no zone group: the one zone in a group the cluster uses, one list, no per-zone reads', async () => {
    const own = zoneIn('rg-contoso');
    const d = deps({ lookup: { mode: 'byo', registry: registry(), candidates: [] } }, [own]);
    const found = await searchZones(d);
    expect(found.zones.map((z) => z.zone.id)).toEqual([own]);
    expect(found.unrelated).toBe(60);
    expect(d.calls).toEqual(['list']);
  });
  it('no zone group and no zone nearby: the zone linked to the cluster VNet, elsewhere', async () => {
    const central = zoneIn('rg-dns-central');
    const d = deps({ lookup: { mode: 'byo', registry: registry(), candidates: [] } }, [central], { [central.toLowerCase()]: [linkTo(central, VNET_ID)] });
    const found = await searchZones(d);
    expect(found.zones.map((z) => [z.zone.id, z.foundVia])).toEqual([[central, ['subscription']]]);
    expect(found.unrelated).toBe(60);
  });
  it("nothing of the cluster's: none taken, the others counted", async () => {
    const d = deps({ lookup: { mode: 'byo', registry: registry(), candidates: [] } }, []);
    const found = await searchZones(d);
    expect(found).toEqual({ zones: [], gone: [], unrelated: 60 });
  });
});
