import { afterEach, describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { BYO_LAYOUT, healthyBundle, loginServer, privateEndpointId, pullError, write, zoneId, type Layout } from '../../src/emulator/scenarios/build.js';
import { failWorkload } from '../../src/emulator/scenarios/common.js';
import { recordDelete } from '../../src/emulator/scenarios/history.js';
import type { Bundle } from '../../src/bundle/types.js';
import type { RequestLogEntry } from '../../src/emulator/api.js';
import { tryParseResourceId } from '../../src/azure/resource-id.js';

/**
 * Which Activity Log queries a diagnosis sends: one per resource group at most, including groups
 * outside the cluster's (a hub's DNS zone, a customer's endpoint group), narrowed to one resource
 * by `resourceUri` where that is all a group is known by; and only events about the diagnosis's
 * own resources reach the root cause.
 */
const HUB: Layout = { ...BYO_LAYOUT, zoneRg: 'rg-hub-dns', peRg: 'rg-endpoints' };
const HUB_SP = { caller: '0c7d2e91-5f3a-4b6c-8d1e-2a9f4b7c3e50', claims: { appid: '0c7d2e91-5f3a-4b6c-8d1e-2a9f4b7c3e50', name: 'sp-hub-network-terraform', idtyp: 'app' } };
const OTHER_ZONE = `/subscriptions/${HUB.subscription}/resourceGroups/${HUB.zoneRg}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`;

function hubLinkDeleted(): Bundle {
  const b = healthyBundle({ layout: HUB, description: "the hub's privatelink.azurecr.io zone lost its link to the cluster VNet" });
  write(b, 'DELETE', `${zoneId(HUB)}/virtualNetworkLinks/${HUB.linkName}`);
  failWorkload(b, 'shop', 'storefront-', 'storefront', (image) => pullError.directTimeout(image, '20.62.128.105'));
  failWorkload(b, 'shop', 'orders-', 'wait-for-config', (image) => pullError.mirrorTimeout(image, loginServer(HUB.registryName), '20.62.128.105'));
  recordDelete(b, `${zoneId(HUB)}/virtualNetworkLinks/${HUB.linkName}`, HUB_SP, 2, 'e005');
  // The same pipeline tidied another zone's link in the hub the same night: not this cluster's cause.
  recordDelete(b, `${OTHER_ZONE}/virtualNetworkLinks/${HUB.linkName}`, HUB_SP, 2 - 1 / 1440, 'e006');
  return b;
}

/** The narrowing clause of each Activity Log query the emulator answered: [field, value]. */
function activityLogNarrowing(requests: readonly RequestLogEntry[]): [string, string][] {
  return requests
    .filter((r) => r.path.includes('/Microsoft.Insights/eventtypes/'))
    .map((r) => {
      const m = / and (\w+) eq '([^']*)'$/.exec(new URL(r.path, 'https://x').searchParams.get('$filter') ?? '');
      return [m?.[1] ?? 'none', m?.[2] ?? ''];
    });
}

describe('Activity Log queries', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("reads a hub's resource group once, narrows a group holding only the endpoint to it, and keeps other zones' links out", async () => {
    const session = await openEmulatorSession({ bundle: hubLinkDeleted(), history: true });
    close = () => session.close();
    const report = await session.diagnose();
    const rc = report.rootCauses.find((r) => r.checkId === 'dns.vnet-link');
    expect(rc?.history).toHaveLength(1);
    expect(rc?.history?.[0]).toMatchObject({ caller: HUB_SP.caller, callerKind: 'servicePrincipal', callerName: 'sp-hub-network-terraform', operation: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/delete', correlationId: expect.stringMatching(/^6f5ee005-/) as unknown });

    const narrowing = activityLogNarrowing(session.emulator.requests).map(([field, value]) => `${field} ${value}`);
    expect(narrowing.sort()).toEqual([
      `resourceGroupName ${HUB.zoneRg}`,
      'resourceGroupName MC_rg-prod_aks-prod_eastus2',
      'resourceGroupName rg-prod',
      'resourceGroupName rg-registry',
      `resourceUri ${privateEndpointId(HUB)}`,
    ].sort());
  });

  it('asks each resource group once however many resources of it the diagnosis names', async () => {
    const session = await openEmulatorSession({ bundle: hubLinkDeleted(), history: true });
    close = () => session.close();
    await session.diagnose();
    const groups = activityLogNarrowing(session.emulator.requests).map(([field, value]) => (field === 'resourceUri' ? (tryParseResourceId(value)?.resourceGroup ?? '') : value).toLowerCase());
    expect(groups.length).toBeGreaterThan(0);
    expect(new Set(groups).size).toBe(groups.length);
  });
});
