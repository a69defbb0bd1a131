import { afterEach, describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { PERSON, PIPELINE_APP_ID, PIPELINE_NAME } from '../../src/emulator/scenarios/history.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import type { Report } from '../../src/engine/types.js';
import type { Bundle } from '../../src/bundle/types.js';
import { CAPTURED_AT, MANAGED_LAYOUT as L, zoneId } from '../../src/emulator/scenarios/build.js';
import { raw } from '../emulator/arm-helpers.js';

/** Who changed it: the Activity Log behind root causes, read through the real SDK pipeline from the emulator. */
describe('root-cause history', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function diagnose(scenario: string, history = true): Promise<{ report: Report; activityRequests: number }> {
    const session = await openEmulatorSession({ scenario, history });
    close = () => session.close();
    const report = await session.diagnose();
    const activityRequests = session.emulator.requests.filter((r) => r.path.includes('/Microsoft.Insights/eventtypes/')).length;
    return { report, activityRequests };
  }

  it('names the person who deleted the managed registry, newest first, from the Succeeded end', async () => {
    const { report, activityRequests } = await diagnose('history-registry-deleted-by-person');
    const rc = report.rootCauses[0];
    expect(rc?.checkId).toBe('registry.exists');
    expect(rc?.history).toHaveLength(1);
    const expected = (findScenario('history-registry-deleted-by-person')?.build()['activityLog'] as { eventTimestamp: string; status: { value: string } }[]).find((e) => e.status.value === 'Succeeded');
    expect(rc?.history?.[0]).toMatchObject({ caller: PERSON, callerKind: 'user', operation: 'Microsoft.ContainerRegistry/registries/delete', status: 'Succeeded', clientIp: '203.0.113.24' });
    expect(rc?.history?.[0]?.correlationId).toMatch(/^6f5ea001-/);
    expect(rc?.history?.[0]?.time).toBe(expected?.eventTimestamp);
    // 30 h 48 min before the capture, whatever day the scenario is served on.
    expect(rc?.history?.[0]?.time).toBe('2026-11-20T03:12:04.000Z');
    // One query per resource group (the cluster's and its node resource group), never more.
    expect(activityRequests).toBeLessThanOrEqual(2);
  });

  it("names a pipeline's service principal by its app id and the name its claims carry", async () => {
    const { report } = await diagnose('history-cache-rule-deleted-by-pipeline');
    expect(report.rootCauses[0]?.history?.[0]).toMatchObject({ caller: PIPELINE_APP_ID, callerKind: 'servicePrincipal', callerName: PIPELINE_NAME, operation: 'Microsoft.ContainerRegistry/registries/cacheRules/delete' });
  });

  it('says nothing was recorded when the delete is older than 90 days', async () => {
    const { report } = await diagnose('history-dns-link-deleted-long-ago');
    expect(report.rootCauses[0]).toMatchObject({ checkId: 'dns.vnet-link', history: [], historyNote: 'none-in-retention' });
  });

  it('a caller without permission to read the log gets a note, not a failed diagnosis', async () => {
    const { report } = await diagnose('history-log-read-denied');
    expect(report.rootCauses[0]).toMatchObject({ checkId: 'registry.exists', history: [], historyNote: 'no-permission' });
    expect(report.checks.filter((c) => c.status === 'error')).toEqual([]);
  });

  it('replaying a bundle measures the 90 days from its capturedAt, not from today', async () => {
    // The same story captured 200 days earlier: a window measured from today would miss the delete.
    const bundle = findScenario('history-registry-deleted-by-person')?.build() as Bundle;
    const shift = (iso: string): string => new Date(Date.parse(iso) - 200 * 86_400_000).toISOString();
    bundle.capturedAt = shift(bundle.capturedAt ?? '');
    for (const e of bundle['activityLog'] as Record<string, string>[]) {
      e['eventTimestamp'] = shift(e['eventTimestamp'] ?? '');
      e['submissionTimestamp'] = shift(e['submissionTimestamp'] ?? '');
    }
    const session = await openEmulatorSession({ bundle, history: true });
    close = () => session.close();
    const report = await session.diagnose();
    expect(report.rootCauses[0]?.history?.[0]).toMatchObject({ caller: PERSON, time: shift('2026-11-20T03:12:04.000Z') });
    const filters = session.emulator.requests
      .filter((r) => r.path.includes('/Microsoft.Insights/eventtypes/'))
      .map((r) => new URL(r.path, 'https://x').searchParams.get('$filter') ?? '');
    expect(filters.length).toBeGreaterThan(0);
    const from = Date.parse(bundle.capturedAt) - 90 * 86_400_000 + 60_000;
    for (const f of filters) expect(f.startsWith(`eventTimestamp ge '${new Date(from).toISOString()}' and eventTimestamp le '`)).toBe(true);
  });

  it("a write made since the capture is in the next diagnosis's history, with the caller of its token", async () => {
    const session = await openEmulatorSession({ scenario: 'history-dns-link-deleted-long-ago', history: true });
    close = () => session.close();
    expect((await session.diagnose()).rootCauses[0]).toMatchObject({ checkId: 'dns.vnet-link', historyNote: 'none-in-retention' });
    // Someone links the zone to the hub's VNet instead of the cluster's: still not linked to the cluster.
    const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'none' })}.${part({ upn: 'sam.ops@contoso.com', name: 'Sam Ops' })}.sig`;
    const hubVnet = `/subscriptions/${L.subscription}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
    const put = await raw(session.emulator, 'PUT', `${zoneId(L)}/virtualNetworkLinks/link-vnet-hub?api-version=2024-06-01`, { Authorization: `Bearer ${token}` }, { location: 'global', properties: { registrationEnabled: false, virtualNetwork: { id: hubVnet } } });
    expect(put.status).toBe(201);
    const rc = (await session.diagnose()).rootCauses[0];
    expect(rc?.checkId).toBe('dns.vnet-link');
    expect(rc?.history?.[0]).toMatchObject({ caller: 'sam.ops@contoso.com', callerKind: 'user', operation: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write', status: 'Succeeded' });
    // After the capture (2026-11-21 10:00 UTC): the window runs from 90 days before it up to now.
    expect(Date.parse(rc?.history?.[0]?.time ?? '')).toBeGreaterThan(Date.parse(CAPTURED_AT));
  });

  it('--no-history reads no Activity Log and attaches nothing', async () => {
    const { report, activityRequests } = await diagnose('history-registry-deleted-by-person', false);
    expect(activityRequests).toBe(0);
    expect(report.rootCauses[0]?.history).toBeUndefined();
  });
});
