/**
 * An audit log that starts failing part-way through a fix: no record is ever dropped in silence.
 * Before the first write is sent the fix is refused; once a write was sent, the result says it
 * was sent, that its record could not be written, and what to check. The log is the real
 * AuditLog on a real file, closed after its n-th record so every later append really fails.
 */
import { CHECKS } from '../helpers/registry.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { applyPlan } from '../../src/remediations/apply.js';
import type { AuditSink } from '../../src/remediations/apply/audit-trail.js';
import { AuditLog } from '../../src/remediations/audit.js';
import { getRemediation } from '../../src/remediations/index.js';
import type { Plan } from '../../src/remediations/types.js';
import { MANAGED_REGISTRY_ID, check, fakeAzure, registry, report, rootCause, type FakeAzure } from './fixtures.js';

const failing = report([check('registry.exists', 'fail', ['reconcile'])], [rootCause('registry.exists', 'reconcile')]);
const healthy = report(['registry.exists', 'registry.mcr-cache-rule', 'registry.private-endpoint', 'dns.zone', 'dns.vnet-link', 'dns.records'].map((id) => check(id as 'registry.exists', 'pass')));
const cacheRuleGone = report([check('registry.mcr-cache-rule', 'fail', ['delete-registry-and-reconcile'], { registryId: MANAGED_REGISTRY_ID })]);

let dir: string;
let log: AuditLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-audit-fail-'));
  log = await AuditLog.open(join(dir, 'audit.jsonl'));
});
afterEach(async () => {
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

/** The real log, closed as the record after the first `records` is about to be written. */
function failingAfter(records: number): AuditSink {
  let written = 0;
  return {
    path: log.path,
    async write(event) {
      if (written++ === records) await log.close();
      return log.write(event);
    },
  };
}

async function events(): Promise<string[]> {
  const text = await readFile(log.path, 'utf8');
  return text.trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: string }).event);
}

function diagnoses(...reports: Report[]): () => Promise<Report> {
  let i = 0;
  return () => Promise.resolve(reports[Math.min(i++, reports.length - 1)] as Report);
}

/** A write that Azure accepts (with an operation URL) and that then succeeds. */
function acceptedThenSucceeded(azure: FakeAzure): void {
  azure.nextWrite = (_name, o) => {
    o?.onAccepted?.({ requestId: 'req-1', operationUrl: 'https://management.azure.com/op/1' });
    return Promise.resolve({ status: 'Succeeded', requestIds: ['req-1'], elapsedMs: 3 });
  };
}

async function reconcilePlan(azure: FakeAzure): Promise<Plan> {
  return getRemediation('reconcile').plan(failing, { azure, checks: CHECKS }, {});
}

describe('before anything was sent: refused, nothing sent', () => {
  it('the confirmation record fails', async () => {
    const azure = fakeAzure();
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit: failingAfter(1), diagnose: diagnoses(failing, healthy) });
    expect(result).toMatchObject({ outcome: 'refused', code: 'audit-unwritable' });
    expect(result.reason).toMatch(/^the audit log cannot be written, so nothing was changed: .*closed/);
    expect(azure.writes).toEqual([]);
    expect(await events()).toEqual(['planned']);
  });

  it('the record of a refusal fails: still refused, and the reason says the refusal is not on record', async () => {
    const azure = fakeAzure({ registries: [registry(MANAGED_REGISTRY_ID)] });
    const plan = await getRemediation('delete-registry-and-reconcile').plan(cacheRuleGone, { azure, checks: CHECKS }, {});
    const result = await applyPlan(plan, cacheRuleGone, { azure, audit: failingAfter(1), diagnose: diagnoses(cacheRuleGone) }, { confirmation: 'aks-pro' });
    expect(result).toMatchObject({ outcome: 'refused', code: 'confirmation-mismatch' });
    expect(result.reason).toMatch(/is not the cluster's name aks-prod; nothing was changed \(the audit log could not record this refusal: .*closed\)$/);
    expect(result.params?.auditFailure).toMatch(/closed/);
    expect(azure.writes).toEqual([]);
  });

  it('the record before the first write fails', async () => {
    const azure = fakeAzure();
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit: failingAfter(2), diagnose: diagnoses(failing, healthy) });
    expect(result).toMatchObject({ outcome: 'refused', code: 'audit-unwritable' });
    expect(result.reason).toMatch(/^the audit log cannot be written, so managedClusters.beginCreateOrUpdate on .* was not sent: .*closed\. No earlier operation/);
    expect(azure.writes).toEqual([]);
    expect(await events()).toEqual(['planned', 'confirmed']);
  });
});

describe('after a write was sent: the result says so, and what to check', () => {
  it('the acceptance record fails: the operation is followed to its end, and nothing further is sent', async () => {
    const azure = fakeAzure({ registries: [registry(MANAGED_REGISTRY_ID)] });
    const plan = await getRemediation('delete-registry-and-reconcile').plan(cacheRuleGone, { azure, checks: CHECKS }, {});
    acceptedThenSucceeded(azure);
    const result = await applyPlan(plan, cacheRuleGone, { azure, audit: failingAfter(3), diagnose: diagnoses(cacheRuleGone) }, { confirmation: 'aks-prod' });
    expect(result).toMatchObject({ outcome: 'failed', code: 'audit-failed-after-send', verification: null });
    expect(result.reason).toContain(`registries.beginDelete on ${MANAGED_REGISTRY_ID} succeeded, but aks-netiso stopped there.`);
    expect(result.reason).toContain('Not sent: managedClusters.beginCreateOrUpdate.');
    expect(result.reason).toMatch(/could not record this: .*closed\. Check the cluster's Azure activity log for what was done \(operation https:\/\/management\.azure\.com\/op\/1\)/);
    expect(azure.writes).toHaveLength(1);
    expect(await events()).toEqual(['planned', 'confirmed', 'started']);
  });

  it('the success record fails: the next operation is not sent', async () => {
    const azure = fakeAzure({ registries: [registry(MANAGED_REGISTRY_ID)] });
    const plan = await getRemediation('delete-registry-and-reconcile').plan(cacheRuleGone, { azure, checks: CHECKS }, {});
    acceptedThenSucceeded(azure);
    const result = await applyPlan(plan, cacheRuleGone, { azure, audit: failingAfter(4), diagnose: diagnoses(cacheRuleGone) }, { confirmation: 'aks-prod' });
    expect(result).toMatchObject({ outcome: 'failed', code: 'audit-failed-after-send' });
    expect(result.reason).toContain('Not sent: managedClusters.beginCreateOrUpdate.');
    expect(azure.writes).toHaveLength(1);
    expect(await events()).toEqual(['planned', 'confirmed', 'started', 'accepted']);
  });

  it('the record of a failed operation fails: failed, with the error and the missing record', async () => {
    const azure = fakeAzure();
    const plan = await reconcilePlan(azure);
    azure.nextWrite = () => Promise.resolve({ status: 'Failed', requestIds: ['req-9'], error: { code: 'ReconcileFailed', message: 'node pool provisioning failed' }, elapsedMs: 9 });
    const result = await applyPlan(plan, failing, { azure, audit: failingAfter(3), diagnose: diagnoses(failing) });
    expect(result).toMatchObject({ outcome: 'failed', code: 'audit-failed-after-send' });
    expect(result.reason).toContain('ended Failed: ReconcileFailed: node pool provisioning failed (request id req-9).');
    expect(result.reason).toMatch(/could not record this: .*closed/);
    expect(await events()).toEqual(['planned', 'confirmed', 'started']);
  });

  it('the record of an interruption fails: interrupted, and it says the record is missing', async () => {
    const azure = fakeAzure();
    const plan = await reconcilePlan(azure);
    const controller = new AbortController();
    azure.nextWrite = (_n, o) => {
      o?.onAccepted?.({ requestId: 'req-7', operationUrl: 'https://127.0.0.1/op/7' });
      setTimeout(() => controller.abort(), 5);
      return new Promise(() => undefined);
    };
    const result = await applyPlan(plan, failing, { azure, audit: failingAfter(4), diagnose: diagnoses(failing) }, { signal: controller.signal });
    expect(result).toMatchObject({ outcome: 'interrupted', code: 'audit-failed-after-send' });
    expect(result.reason).toContain('the operation continues in Azure');
    expect(result.reason).toMatch(/could not record this: .*closed\. Check the cluster's Azure activity log for what was done \(operation https:\/\/127\.0\.0\.1\/op\/7\)/);
    expect(await events()).toEqual(['planned', 'confirmed', 'started', 'accepted']);
  });

  it('the verification record fails: applied and verified, and the reason says the record is missing', async () => {
    const azure = fakeAzure();
    const result = await applyPlan(await reconcilePlan(azure), failing, { azure, audit: failingAfter(4), diagnose: diagnoses(failing, healthy) });
    expect(result).toMatchObject({ outcome: 'applied', verification: 'fixed', code: 'audit-failed-after-send' });
    expect(result.reason).toMatch(/^applied and verified: .*\. The audit log .* could not record the verification: .*closed/);
    expect(await events()).toEqual(['planned', 'confirmed', 'started', 'succeeded']);
  });
});

describe('interrupted before Azure accepted the write', () => {
  it('does not claim the operation continues in Azure when Azure never accepted it', async () => {
    const azure = fakeAzure();
    const plan = await reconcilePlan(azure);
    const controller = new AbortController();
    // The gateway's answer to an abort before any acceptance: Canceled, and onAccepted never called.
    azure.nextWrite = () => {
      controller.abort();
      return Promise.resolve({ status: 'Canceled', requestIds: [], error: { code: 'Aborted', message: 'cancelled before Azure accepted the request: nothing was changed' }, elapsedMs: 1 });
    };
    const result = await applyPlan(plan, failing, { azure, audit: log, diagnose: diagnoses(failing) }, { signal: controller.signal });
    expect(result).toMatchObject({ outcome: 'interrupted', code: 'interrupted' });
    expect(result.reason).toContain('stopped following managedClusters.beginCreateOrUpdate');
    expect(result.reason).not.toContain('continues in Azure');
  });
});
