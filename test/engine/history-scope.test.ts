import { afterEach, describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { privateEndpointId } from '../../src/emulator/scenarios/build.js';
import { HUB_LAYOUT, HUB_PIPELINE_APP_ID, HUB_PIPELINE_NAME } from '../../src/emulator/scenarios/history.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import type { Bundle } from '../../src/bundle/types.js';
import type { RequestLogEntry } from '../../src/emulator/api.js';
import { tryParseResourceId } from '../../src/azure/resource-id.js';

/**
 * Which Activity Log queries a diagnosis sends: one per resource group at most, including groups
 * outside the cluster's (a hub's DNS zone, a customer's endpoint group), narrowed to one resource
 * by `resourceUri` where that is all a group is known by; and only events about the diagnosis's
 * own resources reach the root cause.
 */
const HUB = HUB_LAYOUT;
const hubLinkDeleted = (): Bundle => findScenario('history-hub-link-deleted-by-pipeline')?.build() as Bundle;

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
    expect(rc?.history?.[0]).toMatchObject({ caller: HUB_PIPELINE_APP_ID, callerKind: 'servicePrincipal', callerName: HUB_PIPELINE_NAME, operation: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/delete', correlationId: expect.stringMatching(/^6f5ee005-/) as unknown });

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
