import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { startEmulator } from '../../src/emulator/server.js';
import { parseFilter } from '../../src/emulator/activity-log.js';
import { clientOptions, json, raw, AUTH } from './arm-helpers.js';
import { fixtureBundle, NODE_RG, REGISTRY, REGISTRY_ID, staticCredential, SUB } from './server-fixture.js';

const BASE = `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01`;

function tokenFor(claims: Record<string, string>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.sig`;
}

function window(days: number, now = Date.now()): string {
  return `eventTimestamp ge '${new Date(now - days * 86_400_000).toISOString()}' and eventTimestamp le '${new Date(now).toISOString()}'`;
}

function query(filter: string): string {
  return `${BASE}&$filter=${encodeURIComponent(filter)}`;
}

describe('emulated Activity Log', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('accepts only the documented filter grammar', () => {
    expect(parseFilter(null)).toBeUndefined();
    expect(parseFilter("eventTimestamp ge '2026-11-01T00:00:00Z'")).toBeUndefined();
    expect(parseFilter("eventTimestamp ge '2026-11-01T00:00:00Z' and eventTimestamp le '2026-11-02T00:00:00Z' and caller eq 'x'")).toBeUndefined();
    expect(parseFilter("eventTimestamp ge '2026-11-01T00:00:00Z' and eventTimestamp le '2026-11-02T00:00:00Z' and resourceUri eq '/a' and resourceGroupName eq 'b'")).toBeUndefined();
    expect(parseFilter("eventTimestamp ge '2026-11-01T00:00:00Z' and eventTimestamp le '2026-11-02T00:00:00Z' and resourceGroupName eq 'rg'")).toMatchObject({ field: 'resourceGroupName', value: 'rg' });
  });

  it('records a delete made through the emulator with the caller of its token, and filters by resourceUri', async () => {
    emu = await startEmulator({ bundle: fixtureBundle(), lroDurationMs: 0 });
    const credential = staticCredential(tokenFor({ upn: 'jordan.lee@contoso.com', oid: 'o-1', tid: 't-1', name: 'Jordan Lee' }));
    const client = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    await client.registries.beginDeleteAndWait(NODE_RG, REGISTRY, { updateIntervalInMs: 10 });
    const answer = await raw(emu, 'GET', query(`${window(1)} and resourceUri eq '${REGISTRY_ID}'`), AUTH);
    expect(answer.status).toBe(200);
    const events = json(answer)['value'] as Record<string, unknown>[];
    expect(events.map((e) => (e['status'] as { value: string }).value)).toEqual(['Succeeded', 'Started']);
    expect(events[0]).toMatchObject({ caller: 'jordan.lee@contoso.com', operationName: { value: 'Microsoft.ContainerRegistry/registries/delete' }, eventName: { value: 'EndRequest' }, claims: { name: 'Jordan Lee' } });
    const other = await raw(emu, 'GET', query(`${window(1)} and resourceGroupName eq 'nope'`), AUTH);
    expect(json(other)['value']).toEqual([]);
  });

  it('answers 400 for a missing or bad filter and for a window older than 90 days from capturedAt', async () => {
    const bundle = { ...fixtureBundle(), capturedAt: '2026-11-21T10:00:00Z' };
    emu = await startEmulator({ bundle });
    const none = await raw(emu, 'GET', BASE, AUTH);
    expect(none.status).toBe(400);
    expect(JSON.stringify(json(none))).toContain('$filter searching parameters invalid');
    const bad = await raw(emu, 'GET', query(`${window(1)} and caller eq 'x'`), AUTH);
    expect(bad.status).toBe(400);
    const capturedAt = Date.parse('2026-11-21T10:00:00Z');
    expect((await raw(emu, 'GET', query(window(90, capturedAt)), AUTH)).status).toBe(200);
    expect((await raw(emu, 'GET', query(window(91, capturedAt)), AUTH)).status).toBe(400);
  });

  it("resourceUri is one resource exactly (any case), not its children; the window's ends are inclusive", async () => {
    const bundle = fixtureBundle();
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const event = (resourceId: string, correlationId: string): Record<string, unknown> => ({ eventTimestamp: at, resourceId, resourceGroupName: NODE_RG, subscriptionId: SUB, correlationId });
    bundle['activityLog'] = [event(REGISTRY_ID, 'registry'), event(`${REGISTRY_ID}/cacheRules/aks-managed-mcr`, 'rule')];
    emu = await startEmulator({ bundle });
    const ids = async (filter: string): Promise<string[]> => (json(await raw(emu as RunningEmulator, 'GET', query(filter), AUTH))['value'] as { correlationId: string }[]).map((e) => e.correlationId);
    expect(await ids(`${window(1)} and resourceUri eq '${REGISTRY_ID.toUpperCase()}'`)).toEqual(['registry']);
    expect((await ids(`${window(1)} and resourceGroupName eq '${NODE_RG}'`)).sort()).toEqual(['registry', 'rule']);
    expect(await ids(`eventTimestamp ge '${at}' and eventTimestamp le '${at}' and resourceUri eq '${REGISTRY_ID}/cacheRules/aks-managed-mcr'`)).toEqual(['rule']);
  });

  it('pages with nextLink, newest first', async () => {
    const bundle = fixtureBundle();
    const at = (i: number): string => new Date(Date.now() - i * 60_000).toISOString();
    bundle['activityLog'] = Array.from({ length: 5 }, (_, i) => ({ eventTimestamp: at(i), resourceId: REGISTRY_ID, resourceGroupName: NODE_RG, subscriptionId: SUB, correlationId: `c${i}` }));
    emu = await startEmulator({ bundle, pageSize: 2 });
    let next: string | undefined = query(window(1));
    const seen: string[] = [];
    while (next) {
      const page = json(await raw(emu, 'GET', next.replace(emu.url, ''), AUTH));
      seen.push(...(page['value'] as { correlationId: string }[]).map((e) => e.correlationId));
      next = page['nextLink'] as string | undefined;
    }
    expect(seen).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('denies reading the log where the scenario says so', async () => {
    emu = await startEmulator({ bundle: { ...fixtureBundle(), activityLogDenied: true } });
    const answer = await raw(emu, 'GET', query(window(1)), AUTH);
    expect(answer.status).toBe(403);
    expect(json(answer)).toMatchObject({ error: { code: 'AuthorizationFailed' } });
    expect(JSON.stringify(json(answer))).toContain('Microsoft.Insights/eventtypes/values/read');
  });
});
