import { afterEach, describe, expect, it } from 'vitest';
import { activityLogFilter, activityLogWindow, mapActivityEvent } from '../../src/azure/activity-log.js';
import { createAzureGateway } from '../../src/azure/gateway.js';
import { parseFilter } from '../../src/emulator/activity-log.js';
import { startFaultServer } from '../faults/fault-server.js';
import { IDS, SUB, ScopedTestCredential } from './helpers.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** EventData as the Activity Log returns it: the fields the history reads. */
function event(caller: string, claims: Record<string, string>, status = 'Succeeded'): Record<string, unknown> {
  return {
    caller,
    claims,
    correlationId: '6f5e0a1b-0c1d-4e2f-8a3b-9c4d5e6f7a8b',
    eventTimestamp: '2026-11-20T03:12:04.000Z',
    httpRequest: { clientRequestId: 'r-1', clientIpAddress: '203.0.113.24', method: 'DELETE' },
    operationName: { value: 'Microsoft.ContainerRegistry/registries/delete', localizedValue: 'Delete registry' },
    resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1',
    status: { value: status, localizedValue: status },
  };
}

describe('Activity Log events as history entries', () => {
  it.each([
    ['a person, by upn', event('jordan.lee@contoso.com', { upn: 'jordan.lee@contoso.com', name: 'Jordan Lee' }), { caller: 'jordan.lee@contoso.com', callerKind: 'user', callerName: undefined }],
    ["a pipeline's service principal, by app id and name", event('4b1e6f0c-2d7a-4c8e-9a35-7e0d1c2b3a48', { appid: '4b1e6f0c-2d7a-4c8e-9a35-7e0d1c2b3a48', name: 'sp-platform-cleanup-pipeline', idtyp: 'app' }), { caller: '4b1e6f0c-2d7a-4c8e-9a35-7e0d1c2b3a48', callerKind: 'servicePrincipal', callerName: 'sp-platform-cleanup-pipeline' }],
    [
      'a user-assigned managed identity recorded by object id: its app id, and the name in its resource id',
      event('9d1c0b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d', { appid: '2f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910', idtyp: 'app', xms_mirid: '/subscriptions/s/resourcegroups/rg-ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-nightly-cleanup' }),
      { caller: '2f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910', callerKind: 'servicePrincipal', callerName: 'id-nightly-cleanup' },
    ],
    ["AKS's own write", event('7319c514-987d-4e9b-ac3d-d38c4f427f4c', { appid: '7319c514-987d-4e9b-ac3d-d38c4f427f4c' }), { caller: '7319c514-987d-4e9b-ac3d-d38c4f427f4c', callerKind: 'aks' }],
  ])('%s', (_what, e, expected) => {
    expect(mapActivityEvent(e)).toMatchObject({ ...expected, time: '2026-11-20T03:12:04.000Z', status: 'Succeeded', clientIp: '203.0.113.24', operation: 'Microsoft.ContainerRegistry/registries/delete' });
  });

  it('keeps only the ended operation (Succeeded or Failed), not its start', () => {
    expect(mapActivityEvent(event('a@b.c', {}, 'Started'))).toBeUndefined();
    expect(mapActivityEvent(event('a@b.c', {}, 'Failed'))?.status).toBe('Failed');
  });
});

describe('Activity Log queries', () => {
  it('measures the 90 days from the bundle it replays, up to now', () => {
    const now = new Date('2027-03-01T00:00:00Z');
    expect(activityLogWindow(now, new Date('2026-11-21T10:00:00Z'))).toEqual({ from: '2026-08-23T10:01:00.000Z', to: '2027-03-01T00:00:00.000Z' });
    expect(activityLogWindow(now)).toEqual({ from: '2026-12-01T00:01:00.000Z', to: '2027-03-01T00:00:00.000Z' });
  });

  it('sends exactly the window and one narrowing clause, which the emulated grammar accepts', () => {
    const window = activityLogWindow(new Date('2026-11-21T10:00:00Z'));
    const byUri = activityLogFilter(window, { resourceGroup: 'rg', resourceUri: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe' });
    expect(parseFilter(byUri)).toMatchObject({ field: 'resourceUri', value: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe' });
    expect(parseFilter(activityLogFilter(window, { resourceGroup: 'rg-hub-dns' }))).toMatchObject({ field: 'resourceGroupName', value: 'rg-hub-dns' });
  });
});

describe('the Activity Log lane', () => {
  it("reads the log beside the diagnosis's reads, not in their slots", async () => {
    const server = await startFaultServer('slow'); // every answer after 150 ms
    open.push(server);
    const g = createAzureGateway({ credential: new ScopedTestCredential(), armEndpoint: server.url, caPem: server.caPem, requestTimeoutMs: 10_000, concurrency: 1 });
    open.push(g);
    await Promise.all([g.registry(IDS.registry), g.activityLog(SUB, 'rg-a'), g.activityLog(SUB, 'rg-b')]);
    expect(server.hits()).toBe(3);
    // One slot for the diagnosis's reads, and the two queries in their own lane at the same time.
    expect(server.maxInFlight()).toBe(3);
  });
});
