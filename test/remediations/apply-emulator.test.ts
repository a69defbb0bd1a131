/**
 * The remediations end to end: the real @azure/* clients (through the gateway) against the
 * emulator over loopback HTTPS, the real engine diagnosing before and after.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/app/session.js';
import { diagnose, openEmulatorSession } from '../helpers/registry.js';
import { createKubeGateway } from '../../src/kube/gateway.js';
import { kubeConfigFromArm } from '../../src/kube/access.js';
import { idKey } from '../../src/azure/resource-id.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import type { Report } from '../../src/engine/types.js';
import { applyPlan, type ApplyHooks } from '../../src/remediations/apply.js';
import { AuditLog } from '../../src/remediations/audit.js';
import { getRemediation } from '../../src/remediations/index.js';
import { PlanError, type FixResult, type Plan, type PlanOptions } from '../../src/remediations/types.js';
import { planToJson } from '../../src/output/plan.js';

type EmulatorSession = Session & { emulator: RunningEmulator };

let dir: string;
let audit: AuditLog;
const sessions: EmulatorSession[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-fix-'));
  audit = await AuditLog.open(join(dir, 'audit.jsonl'));
});
afterEach(async () => {
  await audit.close().catch(() => undefined);
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function open(scenario: string): Promise<{ session: EmulatorSession; report: Report }> {
  const session = await openEmulatorSession({ scenario });
  sessions.push(session);
  return { session, report: await session.diagnose() };
}

async function plan(session: EmulatorSession, report: Report, remediation: string, options: PlanOptions = {}): Promise<Plan> {
  return getRemediation(remediation).plan(report, { azure: session.azure, checks: session.checks }, options);
}

/**
 * A diagnosis from fresh reads, Kubernetes included: the session's kube gateway memoises its
 * lists for its lifetime, and verification must see the nodes and pods as they are now.
 */
async function freshDiagnose(session: EmulatorSession): Promise<Report> {
  session.azure.clearCache();
  const kube = createKubeGateway(await kubeConfigFromArm(session.azure, session.clusterId));
  return diagnose({ clusterId: session.clusterId, azure: session.azure, kube });
}

async function apply(session: EmulatorSession, p: Plan, report: Report, hooks: ApplyHooks = {}): Promise<FixResult> {
  return applyPlan(p, report, { azure: session.azure, audit, diagnose: () => freshDiagnose(session), principal: await session.azure.principal() }, { confirmation: p.clusterName, ...hooks });
}

/** ARM writes the emulator received (listClusterUserCredential is a POST that only reads). */
function writes(emulator: RunningEmulator): string[] {
  return emulator.requests
    // checkPolicyRestrictions is a POST that only reads (pre-flight asks policy about a PUT body).
    .filter((r) => r.api === 'arm' && r.method !== 'GET' && !/\/listClusterUserCredential|\/checkPolicyRestrictions/i.test(r.path))
    .map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`);
}

async function events(): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, 'audit.jsonl'), 'utf8');
  return text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.each([
  ['managed-registry-deleted', 'reconcile'],
  ['managed-cache-rule-deleted', 'delete-registry-and-reconcile'],
  ['byo-missing-cache-rule', 'create-cache-rule'],
  ['registry-id-changed-stale-nodes', 'upgrade-node-image'],
  ['entra-id-stale-nodes', 'upgrade-node-image'],
])('%s: %s', (scenarioName, remediation) => {
  it('turns the scenario healthy, audits every step, and a second apply is a harmless no-op', async () => {
    const scenario = findScenario(scenarioName);
    expect(scenario?.fix?.remediation).toBe(remediation);
    const { session, report } = await open(scenarioName);
    expect(report.rootCauses.map((r) => r.remediation)).toContain(remediation);

    const p = await plan(session, report, remediation, scenario?.fix?.options);
    const progress: string[] = [];
    const result = await apply(session, p, report, { onProgress: (e) => progress.push(e.progress.status) });
    expect(result.reason).toMatch(/^applied and verified/);
    expect(result).toMatchObject({ outcome: 'applied', verification: 'fixed' });
    expect(result.after?.rootCauses).toEqual([]);
    expect(progress.length).toBeGreaterThan(0);
    expect(writes(session.emulator)).toHaveLength(p.operations.length);

    const log = await events();
    const kinds = log.map((e) => e.event);
    expect(kinds.slice(0, 3)).toEqual(['planned', 'confirmed', 'started']);
    expect(kinds[kinds.length - 1]).toBe('verified');
    expect(kinds.filter((k) => k === 'accepted')).toHaveLength(p.operations.length);
    expect(kinds.filter((k) => k === 'succeeded')).toHaveLength(p.operations.length);
    const accepted = log.find((e) => e.event === 'accepted');
    expect(accepted?.requestId).toEqual(expect.any(String));
    expect(accepted?.operationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/(operations|operationresults|operationStatuses)\//);
    expect(log.every((e) => e.who === 'demo@emulator.local' && e.remediation === remediation && typeof e.time === 'string')).toBe(true);
    // The "started" line is on disk before the write: it precedes "accepted", which needs the answer.
    expect(kinds.indexOf('started')).toBeLessThan(kinds.indexOf('accepted'));

    const before = writes(session.emulator).length;
    const again = await apply(session, p, report);
    expect(again.outcome).toBe('refused');
    expect(again.reason).toMatch(/^the problem is no longer there: .* applying again is a harmless no-op/);
    expect(writes(session.emulator)).toHaveLength(before);
  });
});

describe('reconcile on the wire', () => {
  it('PUTs the cluster exactly as read: nodeImageVersion unchanged, no read-only fields', async () => {
    const { session, report } = await open('managed-registry-deleted');
    const original = structuredClone(session.emulator.bundle.arm.find((r) => idKey(r.id) === idKey(session.clusterId)));
    const originalProps = original?.properties as Record<string, unknown>;
    const originalPools = originalProps.agentPoolProfiles as Record<string, unknown>[];
    // The bundle carries the read-only fields, so their absence below means something.
    expect(originalProps).toHaveProperty('provisioningState');
    expect(originalProps).toHaveProperty('azurePortalFQDN');
    expect(originalPools[0]).toHaveProperty('currentOrchestratorVersion');

    const p = await plan(session, report, 'reconcile');
    const result = await apply(session, p, report);
    expect(result.outcome).toBe('applied');
    const put = session.emulator.requests.find((r) => r.method === 'PUT' && r.path.toLowerCase().includes('/managedclusters/aks-prod'));
    const body = put?.body as { properties: Record<string, unknown>; id?: unknown };
    expect(body).toBeDefined();
    const sentPools = body.properties.agentPoolProfiles as Record<string, unknown>[];
    expect(sentPools.map((x) => [x.name, x.nodeImageVersion])).toEqual(originalPools.map((x) => [x.name, x.nodeImageVersion]));
    for (const field of ['provisioningState', 'powerState', 'fqdn', 'privateFQDN', 'azurePortalFQDN', 'maxAgentPools', 'currentKubernetesVersion']) {
      expect(body.properties, field).not.toHaveProperty(field);
    }
    for (const pool of sentPools) {
      expect(pool).not.toHaveProperty('provisioningState');
      expect(pool).not.toHaveProperty('currentOrchestratorVersion');
    }
    // What the plan showed is what was sent.
    expect(body).toEqual(planToJson(p).operations[0]?.body);
    expect(body.properties.bootstrapProfile).toEqual(originalProps.bootstrapProfile);
  });
});

describe('refusals', () => {
  it('never deletes a BYO registry: no plan, and a hand-made plan is refused before any write', async () => {
    const { session, report } = await open('byo-missing-cache-rule');
    await expect(plan(session, report, 'delete-registry-and-reconcile')).rejects.toThrow(PlanError);
    await expect(plan(session, report, 'delete-registry-and-reconcile')).rejects.toThrow(/which aks-netiso never deletes/);
    const byoId = report.checks.find((c) => c.id === 'registry.mcr-cache-rule')?.data?.registryId ?? report.registry?.id ?? '';
    expect(byoId).toMatch(/registries\/contosoprodacr$/);
    const forged: Plan = {
      ...(await plan(session, report, 'create-cache-rule', findScenario('byo-missing-cache-rule')?.fix?.options)),
      remediation: 'delete-registry-and-reconcile',
      risk: 'destructive',
      operations: [{ kind: 'delete-registry', registryId: byoId, summary: 'forged' }],
    };
    const result = await apply(session, forged, report);
    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain(`refusing to delete ${byoId}`);
    expect(writes(session.emulator)).toEqual([]);
    expect((await events()).map((e) => e.event)).toEqual(['planned', 'confirmed', 'refused']);
  });

  it('refuses while the cluster is Updating', async () => {
    const { session, report } = await open('managed-registry-deleted');
    const p = await plan(session, report, 'reconcile');
    const cluster = session.emulator.bundle.arm.find((r) => idKey(r.id) === idKey(session.clusterId));
    (cluster?.properties as Record<string, unknown>).provisioningState = 'Updating';
    const result = await apply(session, p, report);
    expect(result.outcome).toBe('refused');
    expect(result.reason).toBe('an operation is in progress (provisioningState Updating); wait for it: az aks show -g rg-prod -n aks-prod --query provisioningState');
    expect(writes(session.emulator)).toEqual([]);
  });

  it('refuses a destructive plan without the cluster name typed', async () => {
    const { session, report } = await open('managed-cache-rule-deleted');
    const p = await plan(session, report, 'delete-registry-and-reconcile');
    const result = await apply(session, p, report, { confirmation: 'yes' });
    expect(result.outcome).toBe('refused');
    expect(writes(session.emulator)).toEqual([]);
  });
});

describe('faults during the operation end in a clear, audited outcome', () => {
  it.each([
    ['the operation fails', { method: 'PUT', path: '/managedClusters/aks-prod', kind: 'lroFailed' as const, message: 'Reconcile failed: the emulator was told to fail it' }, /ended Failed: .*Reconcile failed: the emulator was told to fail it/],
    ['409 conflict', { method: 'PUT', path: '/managedClusters/aks-prod', kind: 'status' as const, status: 409, code: 'OperationNotAllowed', message: 'Operation is not allowed because there\'s an in progress update managed cluster operation' }, /failed: Operation is not allowed because there's an in progress update managed cluster operation \(request id [0-9a-f-]+\)/],
    ['429 after retries', { method: 'PUT', path: '/managedClusters/aks-prod', kind: 'status' as const, status: 429, retryAfterSeconds: 0 }, /failed: ARM throttled the request and retries did not help/],
  ])('%s', async (_name, fault, reason) => {
    const { session, report } = await open('managed-registry-deleted');
    const p = await plan(session, report, 'reconcile');
    session.emulator.addFault(fault);
    const result = await apply(session, p, report);
    session.emulator.clearFaults();
    expect(result.outcome).toBe('failed');
    expect(result.verification).toBeNull();
    expect(result.reason).toMatch(reason);
    expect(result.reason).toContain('No earlier operation of this plan was sent.');
    const log = await events();
    const last = log[log.length - 1];
    expect(last).toMatchObject({ event: 'failed', outcome: 'failed', reason: result.reason });
    // Nothing hidden: the diagnosis still shows the problem.
    const after = await freshDiagnose(session);
    expect(after.rootCauses.map((r) => r.checkId)).toContain('registry.exists');
  });

  it('the connection drops while polling: unknown, and the reason says the operation may still be running', async () => {
    const { session, report } = await open('managed-registry-deleted');
    const p = await plan(session, report, 'reconcile');
    session.emulator.addFault({ method: 'GET', path: '/operations/', kind: 'reset' });
    const result = await apply(session, p, report);
    session.emulator.clearFaults();
    expect(result.outcome).toBe('unknown');
    expect(result.code).toBe('lost-contact');
    expect(result.reason).toMatch(/^lost contact with Azure while following managedClusters.beginCreateOrUpdate /);
    expect(result.reason).toMatch(/the operation may still be running: check with az aks show -g rg-prod -n aks-prod --query provisioningState \(operation https:\/\/127\.0\.0\.1:\d+\/.*\)/);
    const log = await events();
    expect(log[log.length - 1]).toMatchObject({ event: 'failed', status: 'Unknown', outcome: 'unknown' });
    // The emulator applied the write at acceptance: the state really did move on, and the diagnosis shows it.
    expect((await freshDiagnose(session)).rootCauses.map((r) => r.checkId)).not.toContain('registry.exists');
  });

  it('a failure after the delete says the registry is already gone', async () => {
    const { session, report } = await open('managed-cache-rule-deleted');
    const p = await plan(session, report, 'delete-registry-and-reconcile');
    session.emulator.addFault({ method: 'PUT', path: '/managedClusters/aks-prod', kind: 'lroFailed' });
    const result = await apply(session, p, report);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/Already done before this: registries.beginDelete on .*aksbootstrap\w+ succeeded/);
    expect((await events()).map((e) => e.event).filter((e) => e === 'succeeded' || e === 'failed')).toEqual(['succeeded', 'failed']);
  });

  it('abort (Ctrl-C) records interrupted and says the operation continues in Azure', async () => {
    const { session, report } = await open('managed-registry-deleted');
    const p = await plan(session, report, 'reconcile');
    session.emulator.addFault({ method: 'GET', path: '/operations/', kind: 'hang' });
    const controller = new AbortController();
    const running = apply(session, p, report, { signal: controller.signal });
    // Ctrl-C once Azure has accepted the PUT and aks-netiso is polling.
    await expect.poll(() => writes(session.emulator).length, { timeout: 5000, interval: 10 }).toBe(1);
    await expect.poll(() => session.emulator.requests.some((r) => r.path.includes('/operations/')), { timeout: 5000, interval: 10 }).toBe(true);
    controller.abort();
    const result = await running;
    expect(result.outcome).toBe('interrupted');
    expect(result.reason).toContain('the operation continues in Azure');
    expect(result.reason).toContain('az aks show -g rg-prod -n aks-prod --query provisioningState');
    expect(result.reason).toMatch(/operation https:\/\/127\.0\.0\.1:\d+\/.*\/operations\//);
    const log = await events();
    expect(log.map((e) => e.event)).toEqual(['planned', 'confirmed', 'started', 'accepted', 'interrupted']);
    expect(log[4]).toMatchObject({ outcome: 'interrupted', reason: result.reason });
    session.emulator.clearFaults();
  });

  it('abort during the registry delete follows the registry, not the cluster, and says what is left to do', async () => {
    const { session, report } = await open('managed-cache-rule-deleted');
    const p = await plan(session, report, 'delete-registry-and-reconcile');
    // Only the registry's delete hangs while followed; the cluster PUT must not have been sent.
    // ACR answers a registry delete with a Location under the registry (…/operationStatuses/registries-<id>).
    const registryPoll = /Microsoft\.ContainerRegistry\/registries\/[^/]+\/operationStatuses\//;
    session.emulator.addFault({ method: 'GET', path: registryPoll, kind: 'hang' });
    const controller = new AbortController();
    const running = apply(session, p, report, { signal: controller.signal });
    await expect.poll(() => session.emulator.requests.some((r) => registryPoll.test(r.path)), { timeout: 5000, interval: 10 }).toBe(true);
    expect(writes(session.emulator)).toHaveLength(1);
    controller.abort();
    const result = await running;
    expect(result.outcome).toBe('interrupted');
    const registryId = planToJson(p).operations[0]?.resourceId ?? '';
    expect(registryId).toMatch(/\/registries\/aksbootstrap\w+$/);
    expect(result.reason).toContain(`Follow it with: az resource show --ids ${registryId} --query properties.provisioningState -o tsv`);
    expect(result.reason).toContain('Not sent: managedClusters.beginCreateOrUpdate. Once the operation has finished, diagnose again, or run the rest yourself: az aks update -g rg-prod -n aks-prod.');
    session.emulator.clearFaults();
  });
});
