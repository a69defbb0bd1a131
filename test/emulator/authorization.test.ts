import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/bundle/types.js';
import { bundleProblems } from '../../src/bundle/validate.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { startEmulator } from '../../src/emulator/server.js';
import { AUTH, clientOptions, json, raw, restError } from './arm-helpers.js';
import { CLUSTER, CLUSTER_ID, fixtureBundle, NODE_RG, REGISTRY, REGISTRY_ID, RG, staticCredential, SUB } from './server-fixture.js';

/*
 * The emulator enforces what ARM enforces before a resource provider sees a write, whatever the
 * client checked first: locks (409 ScopeLocked), the caller's permissions and the node resource
 * group's deny assignment (403 AuthorizationFailed), and policy (403 RequestDisallowedByPolicy).
 */

const NRG_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}`;
const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;

function lock(scope: string, name: string, level: 'CanNotDelete' | 'ReadOnly', notes?: string): Bundle['arm'][number] {
  return { id: `${scope}/providers/Microsoft.Authorization/locks/${name}`, name, type: 'Microsoft.Authorization/locks', properties: { level, ...(notes ? { notes } : {}), owners: [] } };
}

function withLock(...locks: Bundle['arm']): Bundle {
  const b = fixtureBundle();
  b.arm.push(...locks);
  return b;
}

const writes = (emu: RunningEmulator): string[] =>
  emu.requests.filter((q) => q.api === 'arm' && q.method !== 'GET' && !/checkPolicyRestrictions/i.test(q.path)).map((q) => `${q.method} ${q.status}`);

describe('emulated ARM enforcement (no client-side pre-flight)', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  const registryClient = (e: RunningEmulator): ContainerRegistryManagementClient => new ContainerRegistryManagementClient(staticCredential(), SUB, clientOptions(e));

  it('a CanNotDelete lock on the node resource group: the registry delete answers 409 ScopeLocked and the registry stays', async () => {
    emu = await startEmulator({ bundle: withLock(lock(NRG_ID, 'nrg-no-delete', 'CanNotDelete', 'platform team')), lroDurationMs: 0 });
    const err = await restError(registryClient(emu).registries.beginDeleteAndWait(NODE_RG, REGISTRY, { updateIntervalInMs: 10 }));
    expect(err.statusCode).toBe(409);
    expect(err.code).toBe('ScopeLocked');
    expect(err.message).toBe(
      `The scope '${REGISTRY_ID}' cannot perform delete operation because following scope(s) are locked: '${NRG_ID}'. Please remove the lock and try again.`,
    );
    expect(emu.bundle.arm.some((r) => r.id === REGISTRY_ID)).toBe(true);
    // CanNotDelete leaves other writes alone: a cache rule PUT goes through.
    await registryClient(emu).cacheRules.beginCreateAndWait(NODE_RG, REGISTRY, 'nginx', { sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx' }, { updateIntervalInMs: 10 });
    expect(emu.bundle.arm.some((r) => r.id.endsWith('/cacheRules/nginx'))).toBe(true);
  });

  it('a ReadOnly lock on the cluster resource group blocks PUT and POST actions with 409 ScopeLocked (write operation)', async () => {
    emu = await startEmulator({ bundle: withLock(lock(RG_ID, 'rg-read-only', 'ReadOnly')), lroDurationMs: 0 });
    const aks = new ContainerServiceClient(staticCredential(), SUB, clientOptions(emu));
    const cluster = await aks.managedClusters.get(RG, CLUSTER);
    const put = await restError(aks.managedClusters.beginCreateOrUpdateAndWait(RG, CLUSTER, cluster, { updateIntervalInMs: 10 }));
    expect(put).toMatchObject({ statusCode: 409, code: 'ScopeLocked' });
    expect(put.message.toLowerCase()).toBe(`The scope '${CLUSTER_ID}' cannot perform write operation because following scope(s) are locked: '${RG_ID}'. Please remove the lock and try again.`.toLowerCase());
    const post = await restError(aks.agentPools.beginUpgradeNodeImageVersionAndWait(RG, CLUSTER, 'nodepool1', { updateIntervalInMs: 10 }));
    expect(post).toMatchObject({ statusCode: 409, code: 'ScopeLocked' });
    expect(writes(emu).every((w) => w.endsWith(' 409'))).toBe(true);
  });

  it('lists locks at, above and below a scope; atScope() keeps those at or above it', async () => {
    emu = await startEmulator({ bundle: withLock(lock(`/subscriptions/${SUB}`, 'sub-lock', 'CanNotDelete'), lock(REGISTRY_ID, 'acr-lock', 'ReadOnly')), lroDurationMs: 0 });
    const names = async (path: string): Promise<string[]> => {
      const answer = await raw(emu as RunningEmulator, 'GET', path, AUTH);
      expect(answer.status).toBe(200);
      return (json(answer)['value'] as { name: string }[]).map((l) => l.name).sort();
    };
    expect(await names(`${NRG_ID}/providers/Microsoft.Authorization/locks?api-version=2020-05-01`)).toEqual(['acr-lock', 'sub-lock']);
    expect(await names(`${NRG_ID}/providers/Microsoft.Authorization/locks?api-version=2020-05-01&$filter=${encodeURIComponent('atScope()')}`)).toEqual(['sub-lock']);
    const item = json(await raw(emu, 'GET', `${REGISTRY_ID}/providers/Microsoft.Authorization/locks?api-version=2020-05-01`, AUTH))['value'] as unknown[];
    expect(item).toContainEqual({ id: `${REGISTRY_ID}/providers/Microsoft.Authorization/locks/acr-lock`, name: 'acr-lock', type: 'Microsoft.Authorization/locks', properties: { level: 'ReadOnly', notes: null, owners: [] } });
  });

  it('node resource group lockdown (ReadOnly): a write into the node resource group answers 403 naming the deny assignment', async () => {
    const b = fixtureBundle();
    const cluster = b.arm.find((r) => r.id === CLUSTER_ID);
    if (!cluster?.properties) throw new Error('fixture without the cluster');
    cluster.properties['nodeResourceGroupProfile'] = { restrictionLevel: 'ReadOnly' };
    emu = await startEmulator({ bundle: b, lroDurationMs: 0 });
    const err = await restError(registryClient(emu).registries.beginDeleteAndWait(NODE_RG, REGISTRY, { updateIntervalInMs: 10 }));
    expect(err).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(err.message).toMatch(/has permission to perform action 'Microsoft\.ContainerRegistry\/registries\/delete' on scope '.*'; however, the access is denied because of the deny assignment with name 'kubernetes\.azure\.com\/.*nrg-lockdown/);
    expect(err.message).toContain(`at scope '${NRG_ID}'`);
    expect(emu.bundle.arm.some((r) => r.id === REGISTRY_ID)).toBe(true);
  });

  it('callerPermissions: served by the permissions API and enforced (403 for an action under notActions)', async () => {
    const b = fixtureBundle();
    b['callerPermissions'] = [{ scope: `/subscriptions/${SUB}`, actions: ['*'], notActions: ['Microsoft.ContainerRegistry/registries/delete'] }];
    expect(bundleProblems(b)).toEqual([]);
    emu = await startEmulator({ bundle: b, lroDurationMs: 0 });
    const perms = json(await raw(emu, 'GET', `${REGISTRY_ID}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`, AUTH));
    expect(perms).toEqual({ value: [{ actions: ['*'], notActions: ['Microsoft.ContainerRegistry/registries/delete'], dataActions: [], notDataActions: [] }] });
    const err = await restError(registryClient(emu).registries.beginDeleteAndWait(NODE_RG, REGISTRY, { updateIntervalInMs: 10 }));
    expect(err).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(err.message).toContain("does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/delete' over scope");
    // Reads are still allowed by `*`.
    expect((await registryClient(emu).registries.get(NODE_RG, REGISTRY)).name).toBe(REGISTRY);
  });

  it('policyDenies: checkPolicyRestrictions reports the Deny, and the PUT answers 403 RequestDisallowedByPolicy', async () => {
    const b = fixtureBundle();
    const assignment = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/deny-acr-cache-rules`;
    b['policyDenies'] = [{ scope: `/subscriptions/${SUB}`, resourceType: 'Microsoft.ContainerRegistry/registries/cacheRules', policyAssignmentId: assignment, policyAssignmentName: 'deny-acr-cache-rules', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', displayName: 'Container registries must not cache upstream registries' }];
    expect(bundleProblems(b)).toEqual([]);
    emu = await startEmulator({ bundle: b, lroDurationMs: 0 });
    const check = await raw(emu, 'POST', `${NRG_ID}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions?api-version=2024-10-01`, AUTH, {
      resourceDetails: { resourceContent: { type: 'Microsoft.ContainerRegistry/registries/cacheRules', name: 'nginx', properties: {} }, apiVersion: '2025-11-01', scope: REGISTRY_ID },
      pendingFields: [],
    });
    expect(check.status).toBe(200);
    expect(json(check)).toMatchObject({ contentEvaluationResult: { policyEvaluations: [{ policyInfo: { policyAssignmentId: assignment }, evaluationResult: 'NonCompliant', effectDetails: { policyEffect: 'Deny' } }] } });
    const err = await restError(registryClient(emu).cacheRules.beginCreateAndWait(NODE_RG, REGISTRY, 'nginx', { sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx' }, { updateIntervalInMs: 10 }));
    expect(err).toMatchObject({ statusCode: 403, code: 'RequestDisallowedByPolicy' });
    expect(err.message).toBe(`Resource 'nginx' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"deny-acr-cache-rules","id":"${assignment}"},"policyDefinition":{"name":"Container registries must not cache upstream registries","id":"/providers/Microsoft.Authorization/policyDefinitions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}}]'.`);
    expect(emu.bundle.arm.some((r) => r.id.endsWith('/cacheRules/nginx'))).toBe(false);
  });
});
