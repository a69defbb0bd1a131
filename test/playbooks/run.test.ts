import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { playbookDriver, type DriverPolicy } from '../../src/app/playbook-driver.js';
import type { RemediationId } from '../../src/engine/types.js';
import { findScenario, SCENARIOS } from '../../src/emulator/scenarios/index.js';
import { loadShippedPlaybooks } from '../../src/playbooks/load.js';
import { renderTranscriptMarkdown } from '../../src/playbooks/render.js';
import { NO_TERMINAL, PlaybookRun, type Outcome, type StepView } from '../../src/playbooks/runner.js';
import type { Playbook } from '../../src/playbooks/schema.js';
import { renderCommand } from '../../src/remediations/command.js';

/**
 * Every shipped playbook walked end to end: the real SDK clients against the emulator, the
 * remediations through the same plan/confirm/audit/apply/verify path as `aks-netiso fix`.
 */

type PlaybookId = 'image-pull-triage' | 'registry-changed-stale-nodes' | 'deleted-resources' | 'health-check';

interface Case {
  playbook: PlaybookId;
  scenario: string;
  outcome: Outcome;
  /** The remediation offered (and taken), or null when no fix is offered. */
  fix: RemediationId | null;
  /** How the fix ends: applied and verified, guided (the customer runs it) or applied but the customer must still act. */
  fixResult?: 'fixed' | 'guided' | 'not-fixed' | 'refused';
  /** Answers to the questions the facts cannot answer (step id → choice value). */
  answers?: Record<string, string>;
}

const healthy = [
  'healthy-managed', 'healthy-byo', 'healthy-legacy-cache-rule', 'managed-registry-configured-id', 'healthy-multi-pool',
  // An ABAC registry with Repository Reader; Cache with load balancer egress (the chain still judged).
  'abac-registry-healthy', 'cache-only-egress-healthy',
];
/** Real-estate layouts (issue 15) that are healthy: an unplaceable DNS server is a warning, asked about, not a failure. */
const healthyEstates = ['hub-custom-dns-healthy', 'domain-label-healthy', 'geo-replica-healthy', 'endpoint-in-peered-vnet-healthy', 'many-clusters-healthy', 'custom-dns-server-unknown'];
const managedDeletions: [string, RemediationId][] = [
  ['managed-registry-deleted', 'reconcile'],
  ['managed-endpoint-deleted', 'reconcile'],
  ['managed-cache-rule-deleted', 'delete-registry-and-reconcile'],
  ['managed-dns-zone-deleted', 'reconcile'],
  ['managed-dns-link-deleted', 'reconcile'],
  ['managed-dns-record-wrong-ip', 'reconcile'],
  // The same deletions with their Activity Log (who did it, nothing in 90 days, no permission).
  ['history-registry-deleted-by-person', 'reconcile'],
  ['history-cache-rule-deleted-by-pipeline', 'delete-registry-and-reconcile'],
  ['history-dns-link-deleted-long-ago', 'reconcile'],
  ['history-log-read-denied', 'reconcile'],
];

/** What both broad playbooks (triage, health check) conclude per scenario, healthy ones aside. */
const broad: Omit<Case, 'playbook'>[] = [
  ...managedDeletions.map(([scenario, fix]) => ({ scenario, outcome: 'resolved' as const, fix, fixResult: 'fixed' as const })),
  { scenario: 'byo-missing-cache-rule', outcome: 'resolved', fix: 'create-cache-rule', fixResult: 'fixed' },
  { scenario: 'byo-endpoint-pending', outcome: 'customer-action', fix: 'recreate-private-endpoint', fixResult: 'guided' },
  { scenario: 'byo-dns-record-missing', outcome: 'customer-action', fix: 'repair-private-dns', fixResult: 'guided' },
  { scenario: 'byo-dns-link-deleted', outcome: 'customer-action', fix: 'repair-private-dns', fixResult: 'guided' },
  // The same in a hub's zone, with who removed the link.
  { scenario: 'history-hub-link-deleted-by-pipeline', outcome: 'customer-action', fix: 'repair-private-dns', fixResult: 'guided' },
  { scenario: 'anonymous-pull-off-no-acrpull', outcome: 'customer-action', fix: 'grant-acr-pull', fixResult: 'guided' },
  // The rule is created, but the workload must still name the registry instead of docker.io.
  { scenario: 'dockerhub-image-uncached', outcome: 'customer-action', fix: 'create-cache-rule', fixResult: 'not-fixed' },
  { scenario: 'registry-id-changed-stale-nodes', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
  // The same through an Entra ID kubeconfig (local accounts disabled), before and after the fix.
  { scenario: 'entra-id-stale-nodes', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
  { scenario: 'switched-to-isolated-stale-nodes', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
  { scenario: 'not-network-isolated', outcome: 'not-applicable', fix: null },
  { scenario: 'unsupported-configuration', outcome: 'customer-action', fix: null },
  { scenario: 'kube-unreachable-cache-rule-deleted', outcome: 'resolved', fix: 'delete-registry-and-reconcile', fixResult: 'fixed' },
  // Who may pull and what is cached (issue 15): the customer runs the guided commands, or changes the reference.
  { scenario: 'abac-registry-acrpull-only', outcome: 'customer-action', fix: 'grant-acr-pull', fixResult: 'guided' },
  { scenario: 'auth-as-arm-disabled', outcome: 'customer-action', fix: 'enable-authentication-as-arm', fixResult: 'guided' },
  { scenario: 'dockerhub-direct-reference-with-rule', outcome: 'customer-action', fix: 'use-cached-image-reference', fixResult: 'guided' },
  { scenario: 'uncached-upstream-no-rule', outcome: 'customer-action', fix: 'create-cache-rule', fixResult: 'not-fixed' },
  { scenario: 'credential-set-unhealthy', outcome: 'customer-action', fix: 'repair-credential-set', fixResult: 'guided' },
  // The endpoint is the cause: its repair comes first, and the failed instances are reported along.
  { scenario: 'scale-out-endpoint-deleted', outcome: 'resolved', fix: 'reconcile', fixResult: 'fixed' },
  // Pre-flight finds the fix blocked (a lock, a permission, a policy, lockdown): refused up front, nothing sent.
  { scenario: 'preflight-nrg-delete-lock', outcome: 'escalated', fix: 'delete-registry-and-reconcile', fixResult: 'refused' },
  { scenario: 'preflight-cluster-rg-read-only-lock', outcome: 'escalated', fix: 'reconcile', fixResult: 'refused' },
  { scenario: 'preflight-no-registry-delete-permission', outcome: 'escalated', fix: 'delete-registry-and-reconcile', fixResult: 'refused' },
  { scenario: 'preflight-policy-denies-cache-rules', outcome: 'escalated', fix: 'create-cache-rule', fixResult: 'refused' },
  { scenario: 'preflight-nrg-lockdown', outcome: 'escalated', fix: 'delete-registry-and-reconcile', fixResult: 'refused' },
  // Locks that cannot be read are unknown, never a block: the fix runs once confirmed.
  { scenario: 'preflight-locks-unreadable', outcome: 'resolved', fix: 'reconcile', fixResult: 'fixed' },
  // Real estates (issue 15): the zone linked where the hub's forwarder resolves, a replica's record, a deleted zone among 60.
  { scenario: 'spoke-only-link-with-hub-dns', outcome: 'customer-action', fix: 'repair-private-dns', fixResult: 'guided' },
  { scenario: 'geo-replica-record-missing', outcome: 'customer-action', fix: 'repair-private-dns', fixResult: 'guided' },
  { scenario: 'many-clusters-zone-deleted', outcome: 'resolved', fix: 'reconcile', fixResult: 'fixed' },
];

/** Nodes that never joined, the chain healthy: triage asks what the customer changed, then reprovisions. */
const bootstrap: Omit<Case, 'playbook'>[] = [
  { scenario: 'new-pool-bootstrap-refused', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
  { scenario: 'kube-unreachable-bootstrap-failed', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
];

const CASES: Case[] = [
  ...healthy.map((scenario): Case => ({ playbook: 'image-pull-triage', scenario, outcome: 'no-problem', fix: null })),
  ...healthyEstates.map((scenario): Case => ({ playbook: 'image-pull-triage', scenario, outcome: 'no-problem', fix: null })),
  ...broad.map((c): Case => ({ playbook: 'image-pull-triage', ...c })),
  // The hub forwarder must forward to Azure DNS: the customer's DNS, no fix of ours; triage hands it on.
  { playbook: 'image-pull-triage', scenario: 'hub-forwarder-resolves-publicly', outcome: 'escalated', fix: null },
  { playbook: 'health-check', scenario: 'hub-forwarder-resolves-publicly', outcome: 'customer-action', fix: null },
  // The pod and node checks cannot run: the customer is given the kubectl commands.
  { playbook: 'image-pull-triage', scenario: 'kube-unreachable', outcome: 'customer-action', fix: null },
  ...bootstrap.map((c, i): Case => ({ playbook: 'image-pull-triage', ...c, answers: { 'ask-new-nodes': i === 0 ? 'new-pool' : 'unknown' } })),

  ...healthy.map((scenario): Case => ({ playbook: 'health-check', scenario, outcome: 'no-problem', fix: null })),
  ...healthyEstates.map((scenario): Case => ({ playbook: 'health-check', scenario, outcome: 'no-problem', fix: null })),
  ...broad.map((c): Case => ({ playbook: 'health-check', ...c })),
  { playbook: 'health-check', scenario: 'kube-unreachable', outcome: 'no-problem', fix: null },
  ...bootstrap.map((c): Case => ({ playbook: 'health-check', ...c })),

  { playbook: 'registry-changed-stale-nodes', scenario: 'registry-id-changed-stale-nodes', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
  { playbook: 'registry-changed-stale-nodes', scenario: 'entra-id-stale-nodes', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
  { playbook: 'registry-changed-stale-nodes', scenario: 'switched-to-isolated-stale-nodes', outcome: 'resolved', fix: 'upgrade-node-image', fixResult: 'fixed' },
  { playbook: 'registry-changed-stale-nodes', scenario: 'healthy-managed', outcome: 'no-problem', fix: null },
  { playbook: 'registry-changed-stale-nodes', scenario: 'healthy-byo', outcome: 'no-problem', fix: null },
  { playbook: 'registry-changed-stale-nodes', scenario: 'not-network-isolated', outcome: 'not-applicable', fix: null },
  // A broken chain is repaired first (it is not Issue 2 at all).
  { playbook: 'registry-changed-stale-nodes', scenario: 'managed-dns-zone-deleted', outcome: 'resolved', fix: 'reconcile', fixResult: 'fixed' },
  // Node configuration unknown: the customer reads the pull errors for the engineer.
  { playbook: 'registry-changed-stale-nodes', scenario: 'kube-unreachable', outcome: 'customer-action', fix: null, answers: { 'ask-customer': 'yes' } },
  { playbook: 'registry-changed-stale-nodes', scenario: 'kube-unreachable', outcome: 'escalated', fix: null, answers: { 'ask-customer': 'no' } },
  { playbook: 'registry-changed-stale-nodes', scenario: 'kube-unreachable', outcome: 'no-problem', fix: null, answers: { 'ask-customer': 'none' } },
  {
    playbook: 'registry-changed-stale-nodes', scenario: 'kube-unreachable-cache-rule-deleted', outcome: 'resolved',
    fix: 'delete-registry-and-reconcile', fixResult: 'fixed', answers: { 'ask-customer-after-fix': 'none' },
  },

  ...managedDeletions.map(([scenario, fix]): Case => ({ playbook: 'deleted-resources', scenario, outcome: 'resolved', fix, fixResult: 'fixed' })),
  { playbook: 'deleted-resources', scenario: 'byo-missing-cache-rule', outcome: 'resolved', fix: 'create-cache-rule', fixResult: 'fixed' },
  { playbook: 'deleted-resources', scenario: 'byo-dns-link-deleted', outcome: 'customer-action', fix: 'repair-private-dns', fixResult: 'guided' },
  { playbook: 'deleted-resources', scenario: 'byo-endpoint-pending', outcome: 'customer-action', fix: 'recreate-private-endpoint', fixResult: 'guided' },
  { playbook: 'deleted-resources', scenario: 'healthy-managed', outcome: 'no-problem', fix: null },
  { playbook: 'deleted-resources', scenario: 'healthy-byo', outcome: 'no-problem', fix: null },
  { playbook: 'deleted-resources', scenario: 'not-network-isolated', outcome: 'not-applicable', fix: null },
];

let playbooks: Playbook[] = [];
let dir = '';

beforeAll(async () => {
  playbooks = await loadShippedPlaybooks();
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-playbook-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function playbook(id: PlaybookId): Playbook {
  const pb = playbooks.find((p) => p.id === id);
  if (!pb) throw new Error(`no shipped playbook ${id}`);
  return pb;
}

/** The confirmation the brief's operator gives: the cluster name for destructive plans. */
const confirmAll: DriverPolicy['confirm'] = (plan) => Promise.resolve(plan.risk === 'destructive' ? plan.clusterName : 'yes');

interface Walk {
  run: PlaybookRun;
  end: StepView & { kind: 'end' };
  offered: (RemediationId | null)[];
  auditLog: string;
}

/** Opens a session on the scenario, walks the playbook to its end and closes the session. */
async function walk(id: PlaybookId, scenario: string, answers: Record<string, string> = {}, confirm = confirmAll): Promise<Walk> {
  const session = await openEmulatorSession({ scenario });
  const auditLog = join(dir, `${id}-${scenario}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
  try {
    const run = new PlaybookRun(playbook(id), playbookDriver(session, { auditLogPath: auditLog, confirm }));
    const offered: (RemediationId | null)[] = [];
    let view = await run.start();
    for (let guard = 0; guard < 50 && view.kind !== 'end'; guard++) {
      if (view.kind === 'ask') {
        const answer = answers[view.step.id];
        if (!answer) throw new Error(`${id} on ${scenario}: unexpected question at "${view.step.id}": ${view.question}`);
        view = run.answer(answer);
      } else if (view.kind === 'remediate') {
        // A root cause with no remediation reaches the step with none to offer.
        if (view.remediation) offered.push(view.remediation);
        view = await run.remediate(true);
      } else {
        view = run.proceed();
      }
    }
    if (view.kind !== 'end') throw new Error(`${id} on ${scenario}: no end after 50 steps (at ${view.step.id})`);
    return { run, end: view, offered, auditLog };
  } finally {
    await session.close();
  }
}

describe('the case table', () => {
  it('covers every scenario for the two broad playbooks', () => {
    for (const pb of ['image-pull-triage', 'health-check']) {
      const covered = new Set(CASES.filter((c) => c.playbook === pb).map((c) => c.scenario));
      expect([...SCENARIOS.map((s) => s.name)].filter((n) => !covered.has(n)), pb).toEqual([]);
    }
  });

  it("offers each scenario's own remediation (the one the scenario library names)", () => {
    for (const c of CASES.filter((x) => x.fix)) {
      const s = findScenario(c.scenario);
      expect(s, c.scenario).toBeDefined();
      expect(s?.rootCauses.map((r) => r.remediation), `${c.playbook} on ${c.scenario}`).toContain(c.fix);
    }
  });
});

describe.each(CASES)('$playbook on $scenario', ({ playbook: id, scenario, outcome, fix, fixResult, answers }) => {
  it(`ends ${outcome}${fix ? ` after offering ${fix}` : ' with no fix offered'}${answers ? ` (answers ${JSON.stringify(answers)})` : ''}`, async () => {
    const { run, end, offered, auditLog } = await walk(id, scenario, answers);
    const path = run.transcript.map((t) => `${t.stepId}: ${t.result ?? ''}`).join('\n');
    expect(end.outcome, path).toBe(outcome);
    expect(offered, path).toEqual(fix ? [fix] : []);
    if (!fix) {
      expect(run.fixes).toEqual([]);
      return;
    }
    expect(run.fixes.map((f) => f.remediation)).toEqual([fix]);
    const result = run.fixes[0];
    if (fixResult === 'fixed') {
      expect(result?.outcome, result?.reason).toBe('applied');
      expect(result?.verification, result?.reason).toBe('fixed');
      const events = (await readFile(auditLog, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
      expect(events[0]).toBe('planned');
      expect(events).toContain('verified');
    } else if (fixResult === 'guided') {
      expect(result?.outcome).toBe('dry-run');
      expect(result?.plan?.automated).toBe(false);
      // The customer runs the commands: they must be in the transcript for the ticket.
      const entry = run.transcript.find((t) => t.kind === 'remediate');
      expect(entry?.commands?.length, 'guided commands in the transcript').toBeGreaterThan(0);
      expect(entry?.commands).toEqual(result?.plan?.azCommands.map(renderCommand));
      // Nothing ran against the cluster: the ticket must not call it applied.
      const md = renderTranscriptMarkdown(run, { startedAt: new Date() });
      expect(md).not.toContain('## Fixes applied');
      expect(md).toContain(`| ${fix} | guided: the customer runs the commands |`);
    } else if (fixResult === 'refused') {
      // Refused before confirmation: planned and refused are all the audit log holds.
      expect(result?.outcome).toBe('refused');
      expect(result?.code).toBe('preflight-blocked');
      expect(result?.reason).toMatch(/^pre-flight: this plan cannot run\. .*to unblock: /);
      const events = (await readFile(auditLog, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
      expect(events).toEqual(['planned', 'refused']);
      const md = renderTranscriptMarkdown(run, { startedAt: new Date() });
      expect(md).toContain('**Can this run? (pre-flight)**');
      expect(md).toMatch(/- blocked · operation 1 · /);
    } else {
      expect(result?.outcome).toBe('applied');
      expect(result?.verification).toBe('not-fixed');
    }
  }, 60_000);
});

describe('a walk, step by step', () => {
  it('the transcript Markdown lists each step with its result and the fixes table', async () => {
    const { run, end } = await walk('image-pull-triage', 'managed-cache-rule-deleted');
    expect(end.outcome).toBe('resolved');
    const md = renderTranscriptMarkdown(run, { startedAt: new Date('2025-06-01T10:00:00Z'), finishedAt: new Date('2025-06-01T10:05:00Z'), operator: 'demo@emulator.local' });
    expect(md).toMatch(/^# Playbook session: Image pull failures in a network isolated cluster\n/);
    expect(md).toContain('- Playbook: `image-pull-triage`');
    expect(md).toMatch(/- Cluster: `\/subscriptions\/[^`]+\/managedClusters\/aks-prod`/);
    expect(md).toContain('- Operator: demo@emulator.local');
    const ids = run.transcript.map((t) => t.stepId);
    // A failing chain: dns-path (the DNS checks passed, so no question about the VNet's DNS servers), then the registry's access and credential sets before naming the root cause.
    expect(ids).toEqual(['cluster-readable', 'cluster-isolated', 'cluster-supported', 'registry-mode', 'managed-chain', 'dns-path', 'registry-access', 'registry-credential-sets', 'explain-root-cause', 'fix']);
    run.transcript.forEach((t, i) => {
      expect(md).toContain(`### ${i + 1}. ${t.title} (${t.kind}${t.automatic ? ', automatic' : ''})`);
      expect(md).toContain(`**Result:** ${t.result ?? ''}`);
    });
    expect(md).toContain('### 5. The AKS-managed registry, its MCR cache rule, private endpoint and DNS (check, automatic)');
    expect(md).toMatch(/registry\.mcr-cache-rule: fail — /);
    expect(md).toContain('**Result:** fail → dns-path');
    // The root cause is told in plain words, with the placeholders filled.
    expect(md).not.toContain('<unknown:');
    expect(md).toMatch(/Root cause: .+ \(troubleshooting guide Issue 3\)/);
    expect(md).toContain('## Outcome: resolved');
    expect(md).toContain('## Fixes applied');
    expect(md).toContain('| remediation | outcome | verification | reason |');
    expect(md).toMatch(/\| delete-registry-and-reconcile \| applied \| fixed \| applied and verified: .+ \|/);
  }, 60_000);

  it.each([
    ['spoke-only-link-with-hub-dns', 'explain-root-cause'],
    ['hub-forwarder-resolves-publicly', 'explain-root-cause'],
    ['custom-dns-server-unknown', 'node-bootstrap'],
  ])('triage on %s tells the engineer to ask about custom DNS servers', async (scenario, next) => {
    const { run } = await walk('image-pull-triage', scenario);
    const ids = run.transcript.map((t) => t.stepId);
    const at = ids.findIndex((i) => i.startsWith('ask-custom-dns'));
    expect(at, ids.join(', ')).toBeGreaterThan(0);
    expect(ids[at + 1]).toBe(next);
    expect(run.transcript[at]?.text).toContain('168.63.129.16');
    expect(run.transcript[at]?.text).not.toContain('<unknown:');
  }, 60_000);

  it('a question the facts answer is automatic; one they cannot is asked', async () => {
    const { run } = await walk('image-pull-triage', 'healthy-byo');
    const mode = run.transcript.find((t) => t.stepId === 'registry-mode');
    expect(mode?.automatic).toBe(true);
    expect(mode?.result).toBe("The customer's own registry (BYO) (known from the diagnosis)");

    const asked = await walk('registry-changed-stale-nodes', 'kube-unreachable', { 'ask-customer': 'yes' });
    const q = asked.run.transcript.find((t) => t.stepId === 'ask-customer');
    expect(q?.automatic).toBe(false);
    // The question names the registry the nodes should use, so the engineer can compare.
    expect(q?.text).toMatch(/other\s+than [a-z0-9]+\.azurecr\.io/);
    expect(q?.result).toBe('Yes: another *.azurecr.io registry or mcr.microsoft.com');
    const cmd = asked.run.transcript.find((t) => t.stepId === 'upgrade-commands');
    expect(cmd?.commands).toEqual([expect.stringMatching(/^az aks upgrade -g \S+ -n aks-\S+ --node-image-only$/)]);
  }, 60_000);

  it('back() returns to the question and a different answer takes another branch', async () => {
    const session = await openEmulatorSession({ scenario: 'kube-unreachable' });
    try {
      const run = new PlaybookRun(playbook('registry-changed-stale-nodes'), playbookDriver(session, { auditLogPath: join(dir, 'back.jsonl'), confirm: confirmAll }));
      const first = await run.start();
      expect(first.kind).toBe('ask');
      expect(first.step.id).toBe('ask-customer');
      expect(run.canGoBack()).toBe(false);
      const before = run.transcript.length;

      const escalated = run.answer('no');
      expect(escalated.kind).toBe('escalate');
      expect(escalated.step.id).toBe('escalate');
      expect(run.canGoBack()).toBe(true);

      const again = run.back();
      expect(again.kind).toBe('ask');
      expect(again.step.id).toBe('ask-customer');
      expect(run.transcript.length).toBe(before);

      const cmd = run.answer('yes');
      expect(cmd.kind).toBe('command');
      expect(cmd.step.id).toBe('upgrade-commands');
      const end = run.proceed();
      expect(end.kind === 'end' ? end.outcome : end.kind).toBe('customer-action');
      const ids = run.transcript.map((t) => t.stepId);
      expect(ids).not.toContain('escalate');
      expect(ids.filter((x) => x === 'ask-customer')).toHaveLength(1);
      expect(run.transcript.find((t) => t.stepId === 'ask-customer')?.result).toMatch(/^Yes/);

      // Back from the end goes to the last step that waited for the operator.
      const back = run.back();
      expect(back.step.id).toBe('upgrade-commands');
    } finally {
      await session.close();
    }
  }, 60_000);

  it('a declined fix changes nothing and ends with the plan for the customer', async () => {
    const { run, end, auditLog } = await walk('image-pull-triage', 'managed-dns-zone-deleted', {}, () => Promise.resolve(undefined));
    expect(end.outcome).toBe('customer-action');
    expect(end.step.id).toBe('end-declined');
    expect(run.fixes).toEqual([]);
    const entry = run.transcript.find((t) => t.stepId === 'fix');
    expect(entry?.result).toBe('reconcile: declined by the operator');
    expect(entry?.commands?.length, 'the declined plan\'s commands').toBeGreaterThan(0);
    expect(run.notApplied.map((n) => n.remediation)).toEqual(['reconcile']);
    await expect(readFile(auditLog, 'utf8')).rejects.toThrow(/ENOENT/);
  }, 60_000);

  const noTerminal: DriverPolicy['confirm'] = () => Promise.resolve({ notApplied: NO_TERMINAL });

  it.each([
    ['image-pull-triage', 'managed-cache-rule-deleted', 'delete-registry-and-reconcile', /^az acr delete /],
    ['registry-changed-stale-nodes', 'registry-id-changed-stale-nodes', 'upgrade-node-image', /^az aks (nodepool )?upgrade /],
  ] as const)('%s on %s without a terminal: the transcript holds the plan that was not applied', async (id, scenario, fix, command) => {
    const { run, end, auditLog } = await walk(id, scenario, {}, noTerminal);
    expect(end.outcome).not.toBe('resolved');
    expect(run.fixes).toEqual([]);
    const entry = run.transcript.find((t) => t.kind === 'remediate');
    expect(entry?.result).toBe(`${fix}: not applied: no terminal to confirm in (plan recorded)`);
    expect(entry?.commands?.some((c) => command.test(c)), JSON.stringify(entry?.commands)).toBe(true);
    expect(entry?.plan?.title).toBeTruthy();
    const md = renderTranscriptMarkdown(run, { startedAt: new Date() });
    expect(md).toContain(`**Plan:** ${entry?.plan?.title ?? ''} (${entry?.plan?.risk ?? ''})`);
    expect(md).toMatch(/```sh\naz /);
    expect(md).not.toContain('## Fixes applied');
    expect(md).toContain(`| ${fix} | not applied: no terminal to confirm in (plan recorded) |`);
    expect(md.slice(md.indexOf('## Fixes not applied'))).not.toMatch(/declined/);
    await expect(readFile(auditLog, 'utf8')).rejects.toThrow(/ENOENT/);
  }, 60_000);

  it('after an applied fix, back() does not go past it; steps after it can still be redone', async () => {
    const { run, end } = await walk('registry-changed-stale-nodes', 'kube-unreachable-cache-rule-deleted', { 'ask-customer-after-fix': 'none' });
    expect(end.outcome).toBe('resolved');
    expect(run.canGoBack()).toBe(true);
    const q = run.back();
    expect(q.step.id).toBe('ask-customer-after-fix');
    expect(run.canGoBack()).toBe(false);
    expect(run.backBlockedByFix()).toBe(true);
    const ids = run.transcript.map((t) => t.stepId);
    expect(run.back().step.id).toBe('ask-customer-after-fix');
    expect(run.transcript.map((t) => t.stepId)).toEqual(ids);
    expect(run.fixes.map((f) => [f.outcome, f.verification])).toEqual([['applied', 'fixed']]);

    const again = await walk('image-pull-triage', 'managed-cache-rule-deleted');
    expect(again.run.canGoBack()).toBe(false);
    expect(again.run.back()).toEqual(again.end);
    const md = renderTranscriptMarkdown(again.run, { startedAt: new Date() });
    expect(md).toContain('## Outcome: resolved');
    expect(md).toMatch(/\| delete-registry-and-reconcile \| applied \| fixed \|/);
  }, 60_000);

  it('after a cache rule for docker.io, the customer is told the image reference to use', async () => {
    const { run } = await walk('image-pull-triage', 'dockerhub-image-uncached');
    const tell = run.transcript.find((t) => t.stepId === 'change-image');
    expect(tell, run.transcript.map((t) => t.stepId).join(' > ')).toBeDefined();
    expect(tell?.text).toMatch(/[a-z0-9]+\.azurecr\.io\/\S*nginx/);
    expect(tell?.text).not.toContain('<unknown:');
  }, 60_000);
});
