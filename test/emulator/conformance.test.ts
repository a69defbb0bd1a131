import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmResource, Bundle } from '../../src/bundle/types.js';
import { idKey, tryParseResourceId } from '../../src/azure/resource-id.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import { startEmulator } from '../../src/emulator/server.js';
import { AUTH, json, raw, type RawAnswer } from './arm-helpers.js';
import { CLUSTER_ID, NODE_RG, REGISTRY_ID, SUB, fixtureBundle } from './server-fixture.js';
import { SPEC, TYPES, readSpecFile, specProblems } from './spec-validator.js';

/**
 * Every ARM answer the emulator gives, validated against the official definitions of the
 * api-versions the pinned SDKs send (test/fixtures/specs/): each resource by id, each list page
 * (nextLinks followed), the initial answers of the writes the product sends, operation statuses,
 * credentials and error envelopes. A shape drift in a fixture or in the provider fails here.
 */

function typeKey(id: string): string {
  return (tryParseResourceId(id)?.fullType ?? '').toLowerCase();
}

function pathAndQuery(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

interface Checked {
  what: string;
  ref: string;
  problems: string[];
}

function check(what: string, ref: string, body: unknown): Checked {
  return { what, ref, problems: specProblems(ref, body) };
}

/** The lists ARM derives from the bundle's ids: by resource group, by subscription, children, role assignments at each scope. */
function collections(bundle: Bundle): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of bundle.arm) {
    const parsed = tryParseResourceId(r.id);
    const key = typeKey(r.id);
    if (!parsed || !TYPES[key]) continue;
    if (key === 'microsoft.authorization/roleassignments') {
      const scope = r.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '');
      out.set(`${scope}/providers/Microsoft.Authorization/roleAssignments`, key);
    } else if (parsed.types.length === 1) {
      const type = `providers/${parsed.provider ?? ''}/${parsed.types[0] ?? ''}`;
      out.set(`/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup ?? ''}/${type}`, key);
      out.set(`/subscriptions/${parsed.subscriptionId}/${type}`, key);
    } else {
      out.set(r.id.slice(0, r.id.lastIndexOf('/')), key);
    }
  }
  return out;
}

/** GET of every resource and every list page of a live emulator, each validated. */
async function crawl(emu: RunningEmulator): Promise<Checked[]> {
  const out: Checked[] = [];
  const resources: ArmResource[] = structuredClone(emu.bundle.arm);
  for (const r of resources) {
    const spec = TYPES[typeKey(r.id)];
    if (!spec) throw new Error(`the emulator serves ${r.type}, which the conformance test does not cover: add its definition`);
    const answer = await raw(emu, 'GET', `${r.id}?api-version=${spec.apiVersion}`, AUTH);
    expect(answer.status, r.id).toBe(200);
    out.push(check(`GET ${r.id}`, spec.item, json(answer)));
  }
  for (const [path, key] of collections(emu.bundle)) {
    const spec = TYPES[key];
    if (!spec) continue;
    let next: string | undefined = `${path}?api-version=${spec.apiVersion}`;
    for (let page = 0; next && page < 50; page++) {
      const answer: RawAnswer = await raw(emu, 'GET', next, AUTH);
      expect(answer.status, next).toBe(200);
      const body = json(answer);
      out.push(check(`GET ${next}`, spec.list, body));
      next = typeof body.nextLink === 'string' ? pathAndQuery(body.nextLink) : undefined;
    }
  }
  return out;
}

function failures(results: Checked[]): string[] {
  return results.flatMap((r) => r.problems.map((p) => `${r.what} (${r.ref.split('/').pop() ?? r.ref}): ${p}`));
}

const SCENARIOS = ['healthy-managed', 'healthy-byo', 'managed-registry-deleted', 'byo-endpoint-pending', 'entra-id-stale-nodes', 'unsupported-configuration', 'credential-set-unhealthy', 'abac-registry-healthy'];

describe('conformance: every emulated ARM answer matches the official REST definitions', () => {
  it('the stored examples conform to the trimmed definitions (so the trimming kept what the service sends)', () => {
    const registry = readSpecFile('specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/2025-11-01/examples/RegistryGet.json') as { responses: { 200: { body: unknown } } };
    const endpoint = readSpecFile('specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/examples/PrivateEndpointGet.json') as { responses: { 200: { body: { properties: { networkInterfaces: Array<{ id: string }> } } } } };
    expect(specProblems(`${SPEC.acr}#Registry`, registry.responses[200].body)).toEqual([]);
    expect(specProblems(`${SPEC.pe}#PrivateEndpoint`, endpoint.responses[200].body)).toEqual([]);
    // The typo fixed in our copy: the NIC id parses as an ARM id.
    expect(tryParseResourceId(endpoint.responses[200].body.properties.networkInterfaces[0]?.id ?? '')?.fullType).toBe('Microsoft.Network/networkInterfaces');
  });

  it('fails on a shape drift: a wrong enum value, a wrong type, a missing required field', () => {
    const bundle = findScenario('healthy-managed')?.build() as Bundle;
    const registry = structuredClone(bundle.arm.find((r) => typeKey(r.id) === 'microsoft.containerregistry/registries')) as ArmResource;
    const properties = registry.properties as Record<string, unknown>;
    properties.roleAssignmentMode = 'LegacyPermissions';
    properties.anonymousPullEnabled = 'false';
    delete (registry as { sku?: unknown }).sku;
    expect(specProblems(`${SPEC.acr}#Registry`, registry)).toEqual([
      "(root) must have required property 'sku'",
      '/properties/anonymousPullEnabled must be boolean',
      '/properties/roleAssignmentMode must be equal to one of the allowed values (allowed: ["AbacRepositoryPermissions","LegacyRegistryPermissions"])',
    ]);
  });

  it('fails on a scale set instance drift: a status level outside the enum, a status time that is no date, an extension statuses not an array', () => {
    const bundle = findScenario('healthy-managed')?.build() as Bundle;
    const vm = structuredClone(bundle.arm.find((r) => typeKey(r.id) === 'microsoft.compute/virtualmachinescalesets/virtualmachines')) as ArmResource;
    const view = (vm.properties as { instanceView: { statuses: Array<Record<string, unknown>>; extensions: Array<Record<string, unknown>> } }).instanceView;
    expect(specProblems(`${SPEC.compute}#VirtualMachineScaleSetVM`, vm)).toEqual([]);
    (view.statuses[0] as Record<string, unknown>).level = 'Information';
    (view.statuses[0] as Record<string, unknown>).time = 'now';
    (view.extensions[0] as Record<string, unknown>).statuses = { code: 'ProvisioningState/succeeded' };
    expect(specProblems(`${SPEC.compute}#VirtualMachineScaleSetVM`, vm)).toEqual([
      '/properties/instanceView/extensions/0/statuses must be array',
      '/properties/instanceView/statuses/0/level must be equal to one of the allowed values (allowed: ["Info","Warning","Error"])',
      '/properties/instanceView/statuses/0/time must match format "date-time"',
    ]);
  });

  for (const name of SCENARIOS) {
    it(`scenario ${name}: every resource and list page`, async () => {
      const scenario = findScenario(name);
      if (!scenario) throw new Error(`no scenario ${name}`);
      const emu = await startEmulator({ bundle: scenario.build(), pageSize: 2 });
      try {
        const results = await crawl(emu);
        expect(failures(results)).toEqual([]);
        const covered = new Set(results.map((r) => r.ref));
        expect(covered.size).toBeGreaterThan(5);
      } finally {
        await emu.close();
      }
    });
  }

  it('covers every resource type the emulator serves', () => {
    const served = new Set<string>();
    for (const name of SCENARIOS) for (const r of findScenario(name)?.build().arm ?? []) served.add(typeKey(r.id));
    for (const r of fixtureBundle().arm) served.add(typeKey(r.id));
    expect([...served].filter((t) => !TYPES[t])).toEqual([]);
    expect([...served].sort()).toEqual(Object.keys(TYPES).sort());
  });
});

describe('conformance: writes, operations, credentials and errors', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle(), lroDurationMs: 60 });
  });
  afterAll(async () => {
    await emu.close();
  });
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 120));

  it('the handmade fixture of the emulator tests conforms too', async () => {
    expect(failures(await crawl(emu))).toEqual([]);
  });

  it('cluster PUT: the initial answer and the operation status', async () => {
    const cluster = json(await raw(emu, 'GET', `${CLUSTER_ID}?api-version=2026-04-01`, AUTH));
    const put = await raw(emu, 'PUT', `${CLUSTER_ID}?api-version=2026-04-01`, AUTH, cluster);
    expect(put.status).toBe(200);
    const results = [check('PUT cluster', `${SPEC.aks}#ManagedCluster`, json(put))];
    const op = pathAndQuery(String(put.headers['azure-asyncoperation']));
    results.push(check('operation InProgress', `${SPEC.common}#OperationStatusResult`, json(await raw(emu, 'GET', op, AUTH))));
    await settle();
    const done = json(await raw(emu, 'GET', op, AUTH));
    expect(done.status).toBe('Succeeded');
    results.push(check('operation Succeeded', `${SPEC.common}#OperationStatusResult`, done));
    results.push(check('operation status values', `${SPEC.network}#AzureAsyncOperationResult`, done));
    expect(failures(results)).toEqual([]);
  });

  it('cache rule PUT (create), the node image upgrade (POST) and its final answer, credentials', async () => {
    const rule = `${REGISTRY_ID}/cacheRules/ghcr-contoso?api-version=2025-11-01`;
    const put = await raw(emu, 'PUT', rule, AUTH, { properties: { sourceRepository: 'ghcr.io/contoso/*', targetRepository: 'contoso/*' } });
    expect(put.status).toBe(201);
    const results = [check('PUT cache rule', `${SPEC.acr}#CacheRule`, json(put))];
    await settle();
    const post = await raw(emu, 'POST', `${CLUSTER_ID}/agentPools/nodepool1/upgradeNodeImageVersion?api-version=2026-04-01`, AUTH);
    expect(post.status).toBe(202);
    await settle();
    const final = await raw(emu, 'GET', pathAndQuery(String(post.headers['location'])), AUTH);
    expect(final.status).toBe(200);
    results.push(check('POST upgradeNodeImageVersion, final Location answer', `${SPEC.aks}#AgentPool`, json(final)));
    await settle();
    const creds = await raw(emu, 'POST', `${CLUSTER_ID}/listClusterUserCredential?api-version=2026-04-01`, AUTH);
    results.push(check('POST listClusterUserCredential', `${SPEC.aks}#CredentialResults`, json(creds)));
    expect(failures(results)).toEqual([]);
  });

  it('error envelopes: ARM errors, a failed operation, the refusals, by the common and the network definitions', async () => {
    const answers = [
      await raw(emu, 'GET', `${REGISTRY_ID}/cacheRules/nope?api-version=2025-11-01`, AUTH),
      await raw(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/no-such-rg/providers/Microsoft.ContainerRegistry/registries?api-version=2025-11-01`, AUTH),
      await raw(emu, 'GET', `${REGISTRY_ID}?api-version=2019-05-01`, AUTH),
      await raw(emu, 'GET', `${CLUSTER_ID}/bogus?api-version=2026-04-01`, AUTH),
      await raw(emu, 'GET', `/subscriptions/0b5e7c1d-2f3a-4b6c-8d9e-0f1a2b3c4d5e/resourceGroups/${NODE_RG}?api-version=2021-04-01`, AUTH),
      await raw(emu, 'GET', `${CLUSTER_ID}?api-version=2026-04-01`),
    ];
    emu.addFault({ kind: 'lroFailed', method: 'PUT', path: '/cacheRules/failing', times: 1 });
    const failing = await raw(emu, 'PUT', `${REGISTRY_ID}/cacheRules/failing?api-version=2025-11-01`, AUTH, { properties: { sourceRepository: 'quay.io/x/*', targetRepository: 'x/*' } });
    await settle();
    const status = json(await raw(emu, 'GET', pathAndQuery(String(failing.headers['azure-asyncoperation'])), AUTH));
    expect(status.status).toBe('Failed');
    const results: Checked[] = [check('failed operation', `${SPEC.common}#OperationStatusResult`, status)];
    for (const a of answers) {
      expect(a.status).toBeGreaterThanOrEqual(400);
      const body = json(a);
      results.push(check(`error ${a.status}`, `${SPEC.common}#ErrorResponse`, body), check(`error ${a.status}`, `${SPEC.network}#CloudError`, body));
      // ARM's RPC requires code and message on every error; the definitions leave them optional.
      expect(body.error).toEqual({ code: expect.any(String) as unknown, message: expect.any(String) as unknown });
    }
    expect(failures(results)).toEqual([]);
    expect(idKey(CLUSTER_ID)).toContain('managedclusters');
  });
});

describe('conformance: the Activity Log', () => {
  it('every list page (nextLinks followed) matches EventDataCollection; a bad filter answers the ARM error envelope', async () => {
    const emu = await startEmulator({ bundle: fixtureBundle(), lroDurationMs: 0, pageSize: 1 });
    try {
      const rule = `${REGISTRY_ID}/cacheRules/conformance?api-version=2025-11-01`;
      expect((await raw(emu, 'PUT', rule, AUTH, { properties: { sourceRepository: 'ghcr.io/x/*', targetRepository: 'x/*' } })).status).toBe(201);
      const now = Date.now();
      const filter = `eventTimestamp ge '${new Date(now - 86_400_000).toISOString()}' and eventTimestamp le '${new Date(now + 60_000).toISOString()}'`;
      const base = `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01`;
      const results: Checked[] = [];
      let events = 0;
      let next: string | undefined = `${base}&$filter=${encodeURIComponent(filter)}`;
      for (let page = 0; next && page < 50; page++) {
        const answer: RawAnswer = await raw(emu, 'GET', next, AUTH);
        expect(answer.status, next).toBe(200);
        const body = json(answer);
        events += (body.value as unknown[]).length;
        results.push(check(`GET ${next}`, `${SPEC.activityLog}#EventDataCollection`, body));
        next = typeof body.nextLink === 'string' ? pathAndQuery(body.nextLink) : undefined;
      }
      // BeginRequest and EndRequest of the PUT, one a page.
      expect(events).toBeGreaterThanOrEqual(2);
      expect(results.length).toBeGreaterThanOrEqual(2);
      const bad = await raw(emu, 'GET', base, AUTH);
      expect(bad.status).toBe(400);
      // activityLogs_API.json declares a bare {code, message} that constrains nothing ARM sends; the common envelope does.
      results.push(check('error 400', `${SPEC.common}#ErrorResponse`, json(bad)));
      expect(json(bad).error).toEqual({ code: expect.any(String) as unknown, message: expect.any(String) as unknown });
      expect(failures(results)).toEqual([]);
      // The definition does constrain: a level outside its enum, a status without its value.
      const drift = { value: [{ level: 'Info', status: { localizedValue: 'Started' }, eventTimestamp: 'yesterday' }] };
      expect(specProblems(`${SPEC.activityLog}#EventDataCollection`, drift)).toEqual([
        '/value/0/level must be equal to one of the allowed values (allowed: ["Critical","Error","Warning","Informational","Verbose"])',
        "/value/0/status must have required property 'value'",
        '/value/0/eventTimestamp must match format "date-time"',
      ]);
    } finally {
      await emu.close();
    }
  });
});
