import { afterEach, describe, expect, it } from 'vitest';
import { createAzureGateway, type AzureGatewayOptions } from '../../src/azure/gateway.js';
import type { ManagedAzureGateway } from '../../src/azure/ports.js';
import { isResourceGraphError, parseQuotaResetsAfter, RESOURCE_GRAPH_API_VERSION, type ResourceGraphError } from '../../src/azure/resource-graph.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/api.js';
import { healthyByo, healthyManaged } from '../../src/emulator/scenarios/build.js';
import { ACR_PULL_ROLE, FLEET_TYPES, INVENTORY_QUERY, RECORDS_QUERY, ROLE_ASSIGNMENTS_QUERY, toInventory } from '../../src/fleet/queries.js';
import type { Bundle } from '../../src/bundle/types.js';
import { ScopedTestCredential } from '../azure/helpers.js';
import { AUTH, json, raw } from '../emulator/arm-helpers.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const OTHER_SUB = '0c5e7a1b-2d3f-4a6b-8c9d-1e2f3a4b5c6d';

/** The managed estate, plus the BYO estate moved to a second subscription: a fleet of two. */
function twoSubscriptions(): Bundle {
  const b = healthyManaged();
  const byo = healthyByo();
  const sub = /\/subscriptions\/([^/]+)/.exec(byo.cluster)?.[1] ?? '';
  const moved = JSON.parse(JSON.stringify(byo.arm).replaceAll(sub, OTHER_SUB).replaceAll('aks-prod', 'aks-byo')) as Bundle['arm'];
  b.arm.push(...moved);
  return b;
}

async function emulator(o: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ bundle: twoSubscriptions(), ...o });
  open.push(emu);
  return emu;
}

function gateway(emu: RunningEmulator, extra: Partial<AzureGatewayOptions> = {}): ManagedAzureGateway {
  const g = createAzureGateway({
    credential: new ScopedTestCredential(), armEndpoint: emu.url, caPem: emu.caPem,
    retry: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 }, ...extra,
  });
  open.push(g);
  return g;
}

async function failure(p: Promise<unknown>): Promise<ResourceGraphError> {
  try {
    await p;
  } catch (e) {
    if (isResourceGraphError(e)) return e;
    throw e;
  }
  throw new Error('expected the query to fail');
}

const RG_PATH = `/providers/Microsoft.ResourceGraph/resources?api-version=${RESOURCE_GRAPH_API_VERSION}`;

describe('Resource Graph: the real pipeline against the emulated service over loopback HTTPS', () => {
  it('the inventory query reads every type the checks need, across subscriptions, in Resource Graph\'s casing', async () => {
    const emu = await emulator();
    const g = gateway(emu);
    const rows = await g.resourceGraph.query<Record<string, unknown>>(INVENTORY_QUERY.kql, {}, 'inventory');
    const records = await g.resourceGraph.query<Record<string, unknown>>(RECORDS_QUERY.kql, {}, 'records');
    const assignments = await g.resourceGraph.query<Record<string, unknown>>(ROLE_ASSIGNMENTS_QUERY.kql, {}, 'roleAssignments');
    const inv = toInventory(rows, records, assignments);
    expect(inv.clusters.map((c) => c.name).sort()).toEqual(['aks-byo', 'aks-prod']);
    expect(new Set(inv.clusters.map((c) => c.subscriptionId)).size).toBe(2);
    expect(inv.registries).toHaveLength(2);
    expect(inv.privateEndpoints).toHaveLength(2);
    expect(inv.networkInterfaces).toHaveLength(2);
    expect(inv.privateDnsZones).toHaveLength(2);
    expect(inv.virtualNetworkLinks).toHaveLength(2);
    expect(inv.virtualNetworks).toHaveLength(2);
    // Two A records per registry (login server and data endpoint); the SOA record set is not an A record.
    expect(inv.aRecordSets).toHaveLength(4);
    const managed = inv.clusters.find((c) => c.name === 'aks-prod');
    expect(managed?.type).toBe(FLEET_TYPES.cluster);
    expect(managed?.resourceGroup).toBe('rg-prod');
    expect(managed?.properties.bootstrapProfile?.artifactSource).toBe('Cache');
    expect(managed?.properties.nodeResourceGroup).toBe('MC_rg-prod_aks-prod_eastus2');
    expect(inv.registries.every((r) => r.resourceGroup === r.resourceGroup.toLowerCase())).toBe(true);
    // Nothing the resources table does not index: no cache rules, role assignments, agent pools or zone groups.
    expect(rows.some((r) => /cacherules|roleassignments|agentpools|privatednszonegroups/.test(String(r['type'])))).toBe(false);
    // The AcrPull of each registry, from authorizationresources, with its scope and principal.
    expect(inv.roleAssignments).toHaveLength(2);
    for (const r of inv.registries) {
      const a = inv.roleAssignments.find((x) => x.properties.scope?.toLowerCase() === r.id.toLowerCase());
      expect(a?.properties.roleDefinitionId?.endsWith(`/${ACR_PULL_ROLE}`)).toBe(true);
      expect(a?.properties.principalId).toBe(managed?.properties.identityProfile?.kubeletidentity?.objectId);
    }
    expect(g.resourceGraph.stats()).toMatchObject({ queries: 3, throttled: 0 });
  });

  it('a subscription scope narrows every table; ids keep their casing, types do not', async () => {
    const emu = await emulator();
    const g = gateway(emu);
    const rows = await g.resourceGraph.query<{ id: string; type: string; subscriptionId: string }>(INVENTORY_QUERY.kql, { subscriptions: [OTHER_SUB.toUpperCase()] });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.subscriptionId === OTHER_SUB)).toBe(true);
    expect(rows.some((r) => r.id.includes('Microsoft.ContainerRegistry'))).toBe(true);
    expect(rows.every((r) => r.type === r.type.toLowerCase())).toBe(true);
  });

  it('a management group scope reads every subscription (the emulator has no hierarchy); the request carries it', async () => {
    const emu = await emulator();
    const g = gateway(emu);
    const rows = await g.resourceGraph.query<{ subscriptionId: string }>(INVENTORY_QUERY.kql, { managementGroups: ['mg-platform'] });
    expect(new Set(rows.map((r) => r.subscriptionId)).size).toBe(2);
    const sent = emu.requests.find((r) => r.method === 'POST')?.body as { managementGroups?: string[]; subscriptions?: string[] };
    expect(sent.managementGroups).toEqual(['mg-platform']);
    expect(sent.subscriptions).toBeUndefined();
  });

  it.each([
    ['00:00:04', 4000], ['00:01:00', 60_000], ['01:00:00', 3_600_000], ['00:00:00.500', 500], ['4', undefined], ['', undefined], [undefined, undefined],
  ] as const)('x-ms-user-quota-resets-after %j is %j ms', (value, ms) => {
    expect(parseQuotaResetsAfter(value)).toBe(ms);
  });

  it('pages with $skipToken until the last page: every row once, one query per page', async () => {
    const emu = await emulator();
    const g = gateway(emu, { resourceGraphTop: 3 });
    const whole = await gateway(emu).resourceGraph.query<{ id: string }>(INVENTORY_QUERY.kql);
    const paged = await g.resourceGraph.query<{ id: string }>(INVENTORY_QUERY.kql);
    expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    expect(g.resourceGraph.stats().queries).toBe(Math.ceil(whole.length / 3));
    const bodies = emu.requests.filter((r) => r.method === 'POST').map((r) => r.body as { options: Record<string, unknown> });
    expect(bodies.some((b) => typeof b.options['$skipToken'] === 'string')).toBe(true);
    expect(bodies.every((b) => b.options['resultFormat'] === 'objectArray')).toBe(true);
  });

  it('obeys the quota headers: waits for the window to reset instead of meeting a 429', async () => {
    const emu = await emulator({ resourceGraphQuota: { queries: 3, windowMs: 1000 } });
    const g = gateway(emu, { resourceGraphTop: 2 });
    const rows = await g.resourceGraph.query(INVENTORY_QUERY.kql);
    const pages = Math.ceil(rows.length / 2);
    expect(pages).toBeGreaterThan(3);
    expect(g.resourceGraph.stats()).toMatchObject({ queries: pages, throttled: 0 });
    expect(g.resourceGraph.stats().quotaWaits).toBeGreaterThanOrEqual(1);
    expect(emu.resourceGraphStats()).toEqual({ answered: pages, throttled: 0 });
  });

  it('the emulator answers 429 with Retry-After past the quota; the client waits it out and counts the throttle', async () => {
    const emu = await emulator({ resourceGraphQuota: { queries: 2, windowMs: 1000 } });
    const body = { query: 'resources | project id | take 1' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await raw(emu, 'POST', RG_PATH, AUTH, body));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[0]?.headers['x-ms-user-quota-remaining']).toBe('1');
    expect(answers[0]?.headers['x-ms-user-quota-resets-after']).toBe('00:00:01');
    expect(answers[2]?.headers['retry-after']).toBe('1');
    expect((json(answers[2] as never)['error'] as { code: string }).code).toBe('RateLimiting');
    // Another user's quota is their own: the test credential's token is not the raw requests' token.
    const g = gateway(emu);
    await expect(g.resourceGraph.query('resources | project id | take 1')).resolves.toHaveLength(1);
  });

  it('a 429 met by the client (the quota spent elsewhere) is retried after Retry-After and counted', async () => {
    const emu = await emulator({ resourceGraphQuota: { queries: 1, windowMs: 1000 } });
    const g = gateway(emu);
    const other = gateway(emu);
    await other.resourceGraph.query('resources | project id | take 1');
    await expect(g.resourceGraph.query('resources | project id | take 1')).resolves.toHaveLength(1);
    expect(g.resourceGraph.stats()).toMatchObject({ queries: 1, throttled: 1 });
    expect(emu.resourceGraphStats().throttled).toBe(1);
  });

  it('an operator it cannot evaluate is Resource Graph\'s 400 InvalidQuery, typed as such by the client', async () => {
    const emu = await emulator();
    const g = gateway(emu);
    const e = await failure(g.resourceGraph.query('resources | summarize count() by type', {}, 'summary'));
    expect(e.failure).toBe('invalidQuery');
    expect(e.code).toBe('InvalidQuery');
    expect(e.statusCode).toBe(400);
    expect(e.query).toBe('summary');
    expect(e.details.map((d) => d.code)).toEqual(['InvalidQuery', 'InvalidQueryLanguage']);
    expect(e.details[1]?.message).toMatch(/'summarize' is not supported/);
    const answer = await raw(emu, 'POST', RG_PATH, AUTH, { query: 'resources | where type =~ "x" | project nme' });
    expect(answer.status).toBe(400);
    const error = json(answer)['error'] as { code: string; details: { code: string; message: string; line: number; characterPositionInLine: number }[] };
    expect(error.code).toBe('BadRequest');
    expect(error.details[0]?.code).toBe('InvalidQuery');
    expect(error.details[1]).toMatchObject({ code: 'UnknownName', line: 1, characterPositionInLine: 40 });
    expect(error.details[1]?.message).toMatch(/nme/);
  });

  it('a 403 is a typed forbidden failure naming the permission', async () => {
    const emu = await emulator({ faults: [{ kind: 'status', status: 403, path: 'Microsoft.ResourceGraph' }] });
    const e = await failure(gateway(emu).resourceGraph.query(INVENTORY_QUERY.kql));
    expect(e.failure).toBe('forbidden');
    expect(e.kind).toBe('forbidden');
    expect(e.action).toBe('Microsoft.ResourceGraph/resources/read');
  });

  it('a query without id is truncated, not paged, as on the service', async () => {
    const emu = await emulator();
    const answer = json(await raw(emu, 'POST', RG_PATH, AUTH, { query: 'resources | project name', options: { $top: 2 } }));
    expect(answer).toMatchObject({ count: 2, resultTruncated: 'true' });
    expect(answer['$skipToken']).toBeUndefined();
    const e = await failure(gateway(emu, { resourceGraphTop: 2 }).resourceGraph.query('resources | project name'));
    expect(e.failure).toBe('badRequest');
  });
});
