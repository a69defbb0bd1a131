import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { startEmulator } from '../../src/emulator/server.js';
import { AUTH, clientOptions, collect, json, raw, restError } from './arm-helpers.js';
import { CLUSTER, CLUSTER_ID, KUBELET_OBJECT_ID, NODE_RG, REGISTRY, REGISTRY_ID, RG, SUB, ZONE_ID, fixtureBundle, staticCredential } from './server-fixture.js';

/**
 * The emulator next to real ARM (shared/reference/emulator-fidelity.md, rows 2–11): what ARM
 * refuses, the write statuses and headers the specs give, operations that finish on their own.
 */
const credential = staticCredential();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function errorOf(answer: { body: string }): { code?: string; message?: string } {
  const error = json({ status: 0, headers: {}, body: answer.body }).error;
  return error && typeof error === 'object' ? error : {};
}

describe('emulator: ARM refuses what ARM refuses', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle() });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('an api-version the type does not serve: 404 InvalidResourceType naming the supported ones', async () => {
    const answer = await raw(emu, 'GET', `${REGISTRY_ID}?api-version=2019-05-01`, AUTH);
    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toEqual({
      code: 'InvalidResourceType',
      message: "The resource type 'registries' could not be found in the namespace 'Microsoft.ContainerRegistry' for api version '2019-05-01'. The supported api-versions are '2022-02-01-preview,2025-11-01'.",
    });
    // The versions the pinned SDK sends are served, and so is what az sends.
    expect((await raw(emu, 'GET', `${REGISTRY_ID}?api-version=2025-11-01`, AUTH)).status).toBe(200);
    expect((await raw(emu, 'GET', `${REGISTRY_ID}?api-version=2022-02-01-preview`, AUTH)).status).toBe(200);
    // A child type is checked as itself.
    const rules = await raw(emu, 'GET', `${REGISTRY_ID}/cacheRules?api-version=2026-04-01`, AUTH);
    expect(rules.status).toBe(404);
    expect(errorOf(rules).message).toContain("The resource type 'registries/cacheRules' could not be found in the namespace 'Microsoft.ContainerRegistry' for api version '2026-04-01'.");
  });

  it('a malformed api-version: 400 InvalidApiVersionParameter', async () => {
    const answer = await raw(emu, 'GET', `${CLUSTER_ID}?api-version=latest`, AUTH);
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toEqual({ code: 'InvalidApiVersionParameter', message: "The api-version 'latest' is invalid. The supported versions are '2022-06-01,2026-04-01'." });
  });

  it('an unknown child collection: 404 InvalidResourceType, not an empty list', async () => {
    const answer = await raw(emu, 'GET', `${CLUSTER_ID}/bogus?api-version=2026-04-01`, AUTH);
    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toEqual({
      code: 'InvalidResourceType',
      message: "The resource type 'managedClusters/bogus' could not be found in the namespace 'Microsoft.ContainerService' for api version '2026-04-01'.",
    });
  });

  it('an unknown subscription: 404 SubscriptionNotFound, through the SDK too', async () => {
    const other = '0b5e7c1d-2f3a-4b6c-8d9e-0f1a2b3c4d5e';
    const answer = await raw(emu, 'GET', `/subscriptions/${other}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}?api-version=2026-04-01`, AUTH);
    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toEqual({ code: 'SubscriptionNotFound', message: `The subscription '${other}' could not be found.` });
    const aks = new ContainerServiceClient(credential, other, clientOptions(emu));
    const failed = await restError(aks.managedClusters.get(RG, CLUSTER));
    expect([failed.statusCode, failed.code]).toEqual([404, 'SubscriptionNotFound']);
  });

  it('role assignments: $filter principalId narrows to that principal, atScope() drops what is below', async () => {
    const auth = new AuthorizationManagementClient(credential, SUB, clientOptions(emu));
    const rgScope = `subscriptions/${SUB}/resourceGroups/${NODE_RG}`;
    const all = await collect(auth.roleAssignments.listForScope(rgScope));
    // The kubelet's (on the registry, below the group) and the group's own.
    expect(all.map((a) => a.principalId).sort()).toEqual([KUBELET_OBJECT_ID, 'a1b2c3d4-0000-4000-8000-000000000001'].sort());
    const kubelet = await collect(auth.roleAssignments.listForScope(rgScope, { filter: `principalId eq '${KUBELET_OBJECT_ID}'` }));
    expect(kubelet.map((a) => a.principalId)).toEqual([KUBELET_OBJECT_ID]);
    const atScope = await collect(auth.roleAssignments.listForScope(rgScope, { filter: 'atScope()' }));
    expect(atScope.map((a) => a.principalId)).toEqual(['a1b2c3d4-0000-4000-8000-000000000001']);
    const bad = await raw(emu, 'GET', `/${rgScope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=roleDefinitionId%20eq%20'x'`, AUTH);
    expect(bad.status).toBe(400);
  });

  it('registries carry roleAssignmentMode; private zones have their SOA record, counted and listed', async () => {
    const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    const dns = new PrivateDnsManagementClient(credential, SUB, clientOptions(emu));
    expect((await acr.registries.get(NODE_RG, REGISTRY)).roleAssignmentMode).toBe('LegacyRegistryPermissions');
    const zone = await dns.privateZones.get(NODE_RG, 'privatelink.azurecr.io');
    const all = await collect(dns.recordSets.list(NODE_RG, 'privatelink.azurecr.io'));
    expect(zone.numberOfRecordSets).toBe(all.length);
    const soa = await collect(dns.recordSets.listByType(NODE_RG, 'privatelink.azurecr.io', 'SOA'));
    expect(soa.map((r) => [r.name, r.soaRecord?.host])).toEqual([['@', 'azureprivatedns.net']]);
    // What the product reads, the A record sets, does not include it.
    const a = await collect(dns.recordSets.listByType(NODE_RG, 'privatelink.azurecr.io', 'A'));
    expect(a.map((r) => r.type)).toEqual(['Microsoft.Network/privateDnsZones/A', 'Microsoft.Network/privateDnsZones/A']);
    expect(ZONE_ID).toContain('privatelink.azurecr.io');
  });
});

describe('emulator: writes answer as the specs say and operations run on their own', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle(), lroDurationMs: 300, lroRetryAfterSeconds: 1 });
  });
  afterAll(async () => {
    await emu.close();
  });

  async function clusterState(): Promise<{ state: unknown; eTag: unknown }> {
    const body = json(await raw(emu, 'GET', `${CLUSTER_ID}?api-version=2026-04-01`, AUTH));
    return { state: (body.properties as Record<string, unknown>).provisioningState, eTag: body.eTag };
  }

  it('a cluster PUT: 200 for an update, Azure-AsyncOperation and Retry-After; Updating, then Succeeded unpolled; the eTag moves', async () => {
    const before = await clusterState();
    const cluster = json(await raw(emu, 'GET', `${CLUSTER_ID}?api-version=2026-04-01`, AUTH));
    const put = await raw(emu, 'PUT', `${CLUSTER_ID}?api-version=2026-04-01`, AUTH, cluster);
    expect(put.status).toBe(200);
    expect(put.headers['azure-asyncoperation']).toMatch(/\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2026-04-01$/);
    expect(put.headers['retry-after']).toBe('1');
    expect((await clusterState()).state).toBe('Updating');
    // Nobody polls the operation: the resource still finishes.
    let after = await clusterState();
    for (let i = 0; i < 100 && after.state !== 'Succeeded'; i++) {
      await sleep(20);
      after = await clusterState();
    }
    expect(after.state).toBe('Succeeded');
    expect(after.eTag).not.toBe(before.eTag);
    expect(emu.requests.some((r) => r.path.includes('/operations/'))).toBe(false);
  });

  it('a PUT that creates: 201', async () => {
    const id = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/cacheRules/quay-prom`;
    const put = await raw(emu, 'PUT', `${id}?api-version=2025-11-01`, AUTH, { properties: { sourceRepository: 'quay.io/prometheus/*', targetRepository: 'prometheus/*' } });
    expect(put.status).toBe(201);
    expect(json(put)).toMatchObject({ properties: { provisioningState: 'Creating' } });
  });

  it('a polled operation answers InProgress with Retry-After, then Succeeded without it', async () => {
    const cluster = json(await raw(emu, 'GET', `${CLUSTER_ID}?api-version=2026-04-01`, AUTH));
    const put = await raw(emu, 'PUT', `${CLUSTER_ID}?api-version=2026-04-01`, AUTH, cluster);
    const op = new URL(String(put.headers['azure-asyncoperation']));
    const running = await raw(emu, 'GET', `${op.pathname}${op.search}`, AUTH);
    expect([json(running).status, running.headers['retry-after']]).toEqual(['InProgress', '1']);
    await sleep(350);
    const done = await raw(emu, 'GET', `${op.pathname}${op.search}`, AUTH);
    expect([json(done).status, done.headers['retry-after']]).toEqual(['Succeeded', undefined]);
  });

  it('a registry DELETE: 202 with a Location under the registry; the registry reads Deleting, then is gone; a second DELETE is 204', async () => {
    const del = await raw(emu, 'DELETE', `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/byoacr2?api-version=2025-11-01`, AUTH);
    expect(del.status).toBe(202);
    expect(String(del.headers['location'])).toMatch(/\/registries\/byoacr2\/operationStatuses\/registries-[0-9a-f-]{36}\?api-version=2025-11-01$/);
    expect(del.headers['retry-after']).toBe('1');
    const reg = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/byoacr2?api-version=2025-11-01`;
    expect(json(await raw(emu, 'GET', reg, AUTH))).toMatchObject({ properties: { provisioningState: 'Deleting' } });
    const location = new URL(String(del.headers['location']));
    expect((await raw(emu, 'GET', `${location.pathname}${location.search}`, AUTH)).status).toBe(202);
    await sleep(350);
    expect((await raw(emu, 'GET', `${location.pathname}${location.search}`, AUTH)).status).toBe(204);
    expect((await raw(emu, 'GET', reg, AUTH)).status).toBe(404);
    expect((await raw(emu, 'DELETE', reg, AUTH)).status).toBe(204);
  });

  it('the SDK honours the Retry-After: a node image upgrade waits about a second per poll, and moves the pool eTag', async () => {
    const aks = new ContainerServiceClient(credential, SUB, clientOptions(emu));
    const before = (await aks.agentPools.get(RG, CLUSTER, 'nodepool1')).eTag;
    const started = performance.now();
    await aks.agentPools.upgradeNodeImageVersion(RG, CLUSTER, 'nodepool1', { updateIntervalInMs: 10 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect((await aks.agentPools.get(RG, CLUSTER, 'nodepool1')).eTag).not.toBe(before);
  });
});
