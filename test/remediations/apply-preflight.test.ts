/**
 * Pre-flight, audit ordering and outcome mapping of applyPlan on the in-memory port. The same
 * paths run end to end through the real SDK clients in apply-emulator.test.ts.
 */
import { CHECKS } from '../helpers/registry.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors.js';
import type { Report } from '../../src/engine/types.js';
import { applyPlan, firstDifference } from '../../src/remediations/apply.js';
import { AuditLog } from '../../src/remediations/audit.js';
import { getRemediation } from '../../src/remediations/index.js';
import type { Plan } from '../../src/remediations/types.js';
import {
  BYO_REGISTRY_ID, MANAGED_REGISTRY_ID, check, cluster, fakeAzure, registry, report, rootCause, type FakeAzure,
} from './fixtures.js';

const failing = report([check('registry.exists', 'fail', ['reconcile'])], [rootCause('registry.exists', 'reconcile')]);
const healthy = report([
  'registry.exists', 'registry.mcr-cache-rule', 'registry.private-endpoint', 'dns.zone', 'dns.vnet-link', 'dns.records',
].map((id) => check(id as 'registry.exists', 'pass')));

let dir: string;
let audit: AuditLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-apply-'));
  audit = await AuditLog.open(join(dir, 'audit.jsonl'));
});
afterEach(async () => {
  await audit.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function events(): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A diagnose that answers the given reports in turn (pre-flight, then verification). */
function diagnoses(...reports: Report[]): () => Promise<Report> {
  let i = 0;
  return () => Promise.resolve(reports[Math.min(i++, reports.length - 1)] as Report);
}

async function reconcilePlan(azure: FakeAzure): Promise<Plan> {
  return getRemediation('reconcile').plan(failing, { azure, checks: CHECKS }, {});
}

describe('applyPlan', () => {
  it('applies, audits every step in order and verifies fixed', async () => {
    const azure = fakeAzure();
    azure.nextWrite = (_n, o) => {
      o?.onAccepted?.({ requestId: 'req-42', correlationId: 'corr-42', operationUrl: 'https://management.azure.com/op/1' });
      o?.onProgress?.({ status: 'InProgress', elapsedMs: 10 });
      o?.onProgress?.({ status: 'InProgress', elapsedMs: 20 });
      o?.onProgress?.({ status: 'Succeeded', elapsedMs: 30 });
      return Promise.resolve({ status: 'Succeeded', requestIds: ['req-42'], correlationId: 'corr-42', elapsedMs: 30 });
    };
    const progress: string[] = [];
    const plan = await reconcilePlan(azure);
    const result = await applyPlan(plan, failing, { azure, audit, diagnose: diagnoses(failing, healthy), principal: 'alice@contoso.com' }, {
      onProgress: (p) => progress.push(`${p.operation}:${p.progress.status}`),
    });
    expect(result).toMatchObject({ outcome: 'applied', verification: 'fixed', auditLog: join(dir, 'audit.jsonl') });
    expect(result.after).toBe(healthy);
    expect(azure.writes).toHaveLength(1);
    expect(progress).toEqual(['0:InProgress', '0:InProgress', '0:Succeeded']);
    const log = await events();
    expect(log.map((e) => e.event)).toEqual(['planned', 'confirmed', 'started', 'accepted', 'progress', 'progress', 'succeeded', 'verified']);
    expect(log.every((e) => e.who === 'alice@contoso.com' && e.remediation === 'reconcile')).toBe(true);
    expect(log[3]).toMatchObject({ requestId: 'req-42', correlationId: 'corr-42', operationUrl: 'https://management.azure.com/op/1' });
    expect(log[7]).toMatchObject({ verification: 'fixed', before: { rootCauses: ['registry.exists → reconcile'] }, after: { rootCauses: [] } });
  });

  it.each([
    ['fail', 'not-fixed'],
    ['skip', 'could-not-verify'],
    ['error', 'could-not-verify'],
  ] as const)('verification: a verify check that is %s → %s', async (status, verification) => {
    const azure = fakeAzure();
    const after = report([check('registry.exists', status)]);
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit, diagnose: diagnoses(failing, after) });
    expect(result).toMatchObject({ outcome: 'applied', verification });
  });

  it('a guided plan is a dry run that writes nothing', async () => {
    const azure = fakeAzure({ cluster: cluster({ containerRegistryId: BYO_REGISTRY_ID }), registries: [registry(BYO_REGISTRY_ID)] });
    const r = report([check('registry.configuration', 'fail', ['grant-acr-pull'], { registryId: BYO_REGISTRY_ID })]);
    const plan = await getRemediation('grant-acr-pull').plan(r, { azure, checks: CHECKS }, {});
    const result = await applyPlan(plan, r, { azure, audit, diagnose: diagnoses(r) });
    expect(result).toMatchObject({ outcome: 'dry-run', reason: 'guided: run the commands above', auditLog: null, verification: null });
    expect(await events()).toEqual([]);
  });

  describe('destructive confirmation', () => {
    const r = report([check('registry.mcr-cache-rule', 'fail', ['delete-registry-and-reconcile'], { registryId: MANAGED_REGISTRY_ID })]);
    it.each([
      [undefined, /confirm with the cluster's name \(--confirm aks-prod\)/],
      ['AKS-PROD', /the confirmation "AKS-PROD" is not the cluster's name aks-prod/],
      ['yes', /the confirmation "yes" is not/],
    ])('confirmation %j is refused', async (confirmation, message) => {
      const azure = fakeAzure({ registries: [registry(MANAGED_REGISTRY_ID)] });
      const plan = await getRemediation('delete-registry-and-reconcile').plan(r, { azure, checks: CHECKS }, {});
      const result = await applyPlan(plan, r, { azure, audit, diagnose: diagnoses(r) }, { confirmation });
      expect(result.outcome).toBe('refused');
      expect(result.reason).toMatch(message);
      expect(azure.writes).toEqual([]);
      expect((await events()).map((e) => e.event)).toEqual(['planned', 'refused']);
    });
  });

  it('refuses while an operation is in progress', async () => {
    const azure = fakeAzure();
    const plan = await reconcilePlan(azure);
    azure.state.cluster.provisioningState = 'Updating';
    const result = await applyPlan(plan, failing, { azure, audit, diagnose: diagnoses(failing) });
    expect(result.outcome).toBe('refused');
    expect(result.reason).toBe('an operation is in progress (provisioningState Updating); wait for it: az aks show -g rg-prod -n aks-prod --query provisioningState');
    expect(azure.writes).toEqual([]);
  });

  it('refuses to delete a BYO registry even in a hand-made plan', async () => {
    const azure = fakeAzure({ cluster: cluster({ containerRegistryId: BYO_REGISTRY_ID }) });
    const r = report([check('registry.mcr-cache-rule', 'fail', ['delete-registry-and-reconcile'], { registryId: BYO_REGISTRY_ID })]);
    const forged: Plan = {
      remediation: 'delete-registry-and-reconcile', title: 't', automated: true, risk: 'destructive', clusterId: azure.state.cluster.id, clusterName: 'aks-prod',
      summary: '', operations: [{ kind: 'delete-registry', registryId: BYO_REGISTRY_ID, summary: '' }],
      azCommands: [], impact: [], expectedDuration: '', verifyChecks: [], warnings: [], parameters: {}, addresses: ['registry.mcr-cache-rule'],
    };
    const result = await applyPlan(forged, r, { azure, audit, diagnose: diagnoses(r) }, { confirmation: 'aks-prod' });
    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain(`refusing to delete ${BYO_REGISTRY_ID}: aks-netiso deletes only the AKS-managed registry`);
    expect(azure.writes).toEqual([]);
  });

  it('refuses when the problem is no longer there, saying a second apply is a no-op', async () => {
    const azure = fakeAzure();
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit, diagnose: diagnoses(healthy) });
    expect(result.outcome).toBe('refused');
    expect(result.reason).toMatch(/^the problem is no longer there: registry.exists is now pass .*applying again is a harmless no-op/);
    expect(azure.writes).toEqual([]);
  });

  it('refuses when the cluster changed since the plan', async () => {
    const azure = fakeAzure();
    const plan = await reconcilePlan(azure);
    azure.state.reconcileBody = { ...azure.state.reconcileBody, tags: { team: 'payments' } };
    const result = await applyPlan(plan, failing, { azure, audit, diagnose: diagnoses(failing) });
    expect(result).toMatchObject({ outcome: 'refused' });
    expect(result.reason).toContain('the cluster changed since the plan was made (tags)');
  });

  it('refuses when the audit log cannot be written, before sending anything', async () => {
    const azure = fakeAzure();
    await audit.close();
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit, diagnose: diagnoses(failing) });
    expect(result.outcome).toBe('refused');
    expect(result.reason).toMatch(/^the audit log cannot be written, so nothing was changed/);
    expect(azure.writes).toEqual([]);
  });

  it('an operation that ends Failed is a failed outcome with its error and request id, audited', async () => {
    const azure = fakeAzure();
    azure.nextWrite = () => Promise.resolve({ status: 'Failed', requestIds: ['req-9'], error: { code: 'ReconcileFailed', message: 'node pool provisioning failed' }, elapsedMs: 9 });
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit, diagnose: diagnoses(failing) });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toContain('ended Failed: ReconcileFailed: node pool provisioning failed (request id req-9)');
    const log = await events();
    expect(log[log.length - 1]).toMatchObject({ event: 'failed', outcome: 'failed', requestIds: ['req-9'] });
  });

  it('a thrown 409 is a failed outcome; a delete that succeeded before it is not hidden', async () => {
    const azure = fakeAzure({ registries: [registry(MANAGED_REGISTRY_ID)] });
    const r = report([check('registry.mcr-cache-rule', 'fail', ['delete-registry-and-reconcile'], { registryId: MANAGED_REGISTRY_ID })]);
    const plan = await getRemediation('delete-registry-and-reconcile').plan(r, { azure, checks: CHECKS }, {});
    azure.nextWrite = (name) =>
      name === 'reconcile'
        ? Promise.reject(new AzureError({ kind: 'conflict', statusCode: 409, code: 'OperationNotAllowed', message: 'Operation is not allowed because there is an operation in progress', requestId: 'req-409' }))
        : Promise.resolve({ status: 'Succeeded', requestIds: ['req-del'], elapsedMs: 1 });
    const result = await applyPlan(plan, r, { azure, audit, diagnose: diagnoses(r) }, { confirmation: 'aks-prod' });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toContain('Operation is not allowed because there is an operation in progress (request id req-409)');
    expect(result.reason).toContain(`Already done before this: registries.beginDelete on ${MANAGED_REGISTRY_ID} succeeded`);
    expect((await events()).map((e) => e.event)).toEqual(['planned', 'confirmed', 'started', 'succeeded', 'started', 'failed']);
  });

  it('abort stops following, records interrupted and says the operation continues in Azure', async () => {
    const azure = fakeAzure();
    const controller = new AbortController();
    azure.nextWrite = (_n, o) => {
      o?.onAccepted?.({ requestId: 'req-7', operationUrl: 'https://127.0.0.1/op/7' });
      setTimeout(() => controller.abort(), 5);
      return new Promise(() => undefined);
    };
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit, diagnose: diagnoses(failing) }, { signal: controller.signal });
    expect(result.outcome).toBe('interrupted');
    expect(result.reason).toContain('the operation continues in Azure');
    expect(result.reason).toContain('az aks show -g rg-prod -n aks-prod --query provisioningState');
    expect(result.reason).toContain('https://127.0.0.1/op/7');
    const log = await events();
    expect(log.map((e) => e.event)).toEqual(['planned', 'confirmed', 'started', 'accepted', 'interrupted']);
  });
});

describe('firstDifference', () => {
  it.each([
    [{ a: 1 }, { a: 1 }, undefined],
    [{ a: { b: [1, 2] } }, { a: { b: [1, 3] } }, 'a.b[1]'],
    [{ p: { agentPoolProfiles: [{ nodeImageVersion: 'x' }] } }, { p: { agentPoolProfiles: [{ nodeImageVersion: 'y' }] } }, 'p.agentPoolProfiles[0].nodeImageVersion'],
    [{ a: 1 }, { a: 1, b: 2 }, 'b'],
  ])('%j vs %j → %s', (a, b, path) => expect(firstDifference(a, b)).toBe(path));
});
