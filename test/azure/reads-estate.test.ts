import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import { BYO_LAYOUT, MANAGED_LAYOUT, registryId, vnetId, zoneId } from '../../src/emulator/scenarios/build.js';
import { HUB, HUB_DNS_SERVER } from '../../src/emulator/scenarios/estate-dns.js';
import { testGateway } from './helpers.js';

/**
 * The reads of the resolution path through the real SDK clients against the emulator: a
 * registry's replications, a VNet's custom DNS servers and peerings with their remote address
 * space, and a zone's records that tell a deleted zone (undefined) from an empty one.
 */
async function emulatorOf(scenario: string): Promise<RunningEmulator> {
  const s = findScenario(scenario);
  if (!s) throw new Error(`no scenario ${scenario}`);
  return startEmulator({ bundle: s.build() });
}

describe('resolution-path reads (real SDK clients against the emulator)', () => {
  const emus: RunningEmulator[] = [];
  afterAll(async () => {
    for (const e of emus) await e.close();
  });
  let geo: RunningEmulator;
  let hub: RunningEmulator;
  let deleted: RunningEmulator;
  beforeAll(async () => {
    [geo, hub, deleted] = await Promise.all([emulatorOf('geo-replica-healthy'), emulatorOf('hub-custom-dns-healthy'), emulatorOf('many-clusters-zone-deleted')]);
    emus.push(geo, hub, deleted);
  });

  it("a registry's replications, the home region included", async () => {
    const g = testGateway(geo);
    expect((await g.registryReplications(registryId(BYO_LAYOUT))).map((r) => [r.location, r.provisioningState, r.regionEndpointEnabled])).toEqual([
      ['westeurope', 'Succeeded', true], ['eastus2', 'Succeeded', true],
    ]);
    expect((await g.registry(registryId(BYO_LAYOUT)))?.dataEndpointHostNames).toEqual(['contosoprodacr.westeurope.data.azurecr.io', 'contosoprodacr.eastus2.data.azurecr.io']);
  });

  it("a VNet's custom DNS servers and its peering's remote address space", async () => {
    const g = testGateway(hub);
    const spoke = await g.virtualNetwork(vnetId(BYO_LAYOUT));
    expect(spoke?.dnsServers).toEqual([HUB_DNS_SERVER]);
    expect(spoke?.peerings.map((p) => [p.remoteVirtualNetworkId, p.peeringState, p.remoteAddressPrefixes])).toEqual([[vnetId(HUB), 'Connected', [HUB.vnetPrefix]]]);
    expect((await g.virtualNetwork(vnetId(HUB)))?.dnsServers).toBeUndefined();
  });

  it("a zone's records: undefined once the zone is deleted (the older read says [] for both), the central zone's by name", async () => {
    const g = testGateway(deleted);
    expect(await g.zoneARecords(zoneId(MANAGED_LAYOUT))).toBeUndefined();
    expect(await g.aRecordSets(zoneId(MANAGED_LAYOUT))).toEqual([]);
    const hubRecords = await testGateway(hub).zoneARecords(zoneId({ ...BYO_LAYOUT, zoneRg: HUB.zoneRg }));
    expect(hubRecords?.map((r) => r.name).sort()).toEqual(['contosoprodacr', 'contosoprodacr.eastus2.data']);
  });
});
