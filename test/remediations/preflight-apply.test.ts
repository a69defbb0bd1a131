/**
 * Pre-flight inside the safety chain, in process: the real gateway against the emulator over
 * loopback HTTPS. A lock placed after the plan was shown still refuses the apply (pre-flight is
 * read again); what pre-flight could not read is shown as unknown, never blocks, and the
 * confirmation that accepts it is audited.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyWithAudit } from '../../src/app/apply-fix.js';
import { scenarioBundle } from '../../src/app/session.js';
import type { Bundle } from '../../src/bundle/types.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { getRemediation } from '../../src/remediations/index.js';
import { withPreflight } from '../../src/remediations/preflight-gate.js';
import { openEmulatorSession } from '../helpers/registry.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const writes = (emu: RunningEmulator): string[] =>
  emu.requests.filter((q) => q.api === 'arm' && q.method !== 'GET' && !/\/(list[A-Za-z]*|checkPolicyRestrictions)\?/.test(q.path)).map((q) => `${q.method} ${q.path.split('?')[0] ?? ''}`);

async function setup(bundle: Bundle): Promise<{ session: Awaited<ReturnType<typeof openEmulatorSession>>; auditPath: string }> {
  const session = await openEmulatorSession({ bundle });
  const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-preflight-'));
  closers.push(() => session.close(), () => rm(dir, { recursive: true, force: true }));
  return { session, auditPath: join(dir, 'audit.jsonl') };
}

describe('pre-flight reads', () => {
  it('reads each scope once for a two-operation plan, all before any judging (sent together)', { timeout: 60_000 }, async () => {
    const { session } = await setup(scenarioBundle('managed-cache-rule-deleted'));
    const report = await session.diagnose();
    const made = await getRemediation('delete-registry-and-reconcile').plan(report, { azure: session.azure, checks: session.checks, facts: session.facts }, {});
    // Each pre-flight answer held back, so reads sent together are seen to overlap (one after another, none would).
    session.emulator.addFault({ api: 'arm', path: /\/providers\/Microsoft\.(Authorization\/(locks|permissions)|PolicyInsights\/)/i, kind: 'latency', delayMs: 400 });
    const from = session.emulator.requests.length;
    const plan = await withPreflight(made, session.azure);
    const reads = session.emulator.requests.slice(from).filter((q) => /\/providers\/Microsoft\.(Authorization\/(locks|permissions)|PolicyInsights\/checkPolicyRestrictions)\?/i.test(q.path));
    const paths = reads.map((q) => `${q.method} ${(q.path.split('?')[0] ?? '').toLowerCase()}`);
    // Locks at the subscription, both resource groups, the registry and the cluster; permissions on both; one policy check (the PUT).
    expect(paths.filter((p) => p.endsWith('/locks'))).toHaveLength(5);
    expect(paths.filter((p) => p.endsWith('/permissions'))).toHaveLength(2);
    expect(paths.filter((p) => p.endsWith('/checkpolicyrestrictions'))).toHaveLength(1);
    expect(new Set(paths).size).toBe(paths.length);
    // Concurrent: the locks and permissions reads all arrive before the first of them is answered.
    const firstEnd = Math.min(...reads.map((q) => q.end));
    expect(reads.filter((q) => q.start <= firstEnd).length).toBe(reads.length);
    expect(plan.preflight?.every((i) => i.status === 'pass')).toBe(true);
  });
});

describe('pre-flight in the safety chain', () => {
  it('a ReadOnly lock placed after the plan was shown refuses the apply: nothing is sent', { timeout: 60_000 }, async () => {
    const { session, auditPath } = await setup(scenarioBundle('managed-registry-deleted'));
    const report = await session.diagnose();
    const plan = await withPreflight(await getRemediation('reconcile').plan(report, { azure: session.azure, checks: session.checks, facts: session.facts }, {}), session.azure);
    expect(plan.preflight?.map((i) => `${i.aspect}:${i.status}`)).toEqual(['lock:pass', 'permission:pass', 'policy:pass']);
    const cluster = session.clusterId;
    const rg = cluster.slice(0, cluster.toLowerCase().indexOf('/providers/'));
    session.emulator.bundle.arm.push({ id: `${rg}/providers/Microsoft.Authorization/locks/late-freeze`, name: 'late-freeze', type: 'Microsoft.Authorization/locks', properties: { level: 'ReadOnly' } });
    const result = await applyWithAudit(session, plan, report, auditPath, { confirmation: plan.clusterName });
    expect(result).toMatchObject({ outcome: 'refused', code: 'preflight-blocked' });
    expect(result.reason).toContain('ReadOnly lock "late-freeze"');
    expect(writes(session.emulator)).toEqual([]);
    const events = (await readFile(auditPath, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(['planned', 'confirmed', 'refused']);
  });

  it('locks that cannot be read are unknown (naming the permission), do not block, and the confirmation records them', { timeout: 60_000 }, async () => {
    const bundle = scenarioBundle('managed-registry-deleted');
    bundle['callerPermissions'] = [{ scope: '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d', actions: ['*'], notActions: ['Microsoft.Authorization/locks/read'] }];
    const { session, auditPath } = await setup(bundle);
    const report = await session.diagnose();
    const plan = await withPreflight(await getRemediation('reconcile').plan(report, { azure: session.azure, checks: session.checks, facts: session.facts }, {}), session.azure);
    const unknown = plan.preflight?.filter((i) => i.status === 'unknown') ?? [];
    expect(unknown).toEqual([expect.objectContaining({ aspect: 'lock', code: 'locks-unreadable', params: expect.objectContaining({ missingAction: 'Microsoft.Authorization/locks/read' }) as unknown })]);
    const result = await applyWithAudit(session, plan, report, auditPath, { confirmation: plan.clusterName });
    expect(result).toMatchObject({ outcome: 'applied', verification: 'fixed' });
    const confirmed = (await readFile(auditPath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e['event'] === 'confirmed');
    expect(confirmed?.['preflightUnknown']).toEqual([expect.objectContaining({ aspect: 'lock', code: 'locks-unreadable' })]);
    expect(writes(session.emulator).map((w) => w.split(' ')[0])).toEqual(['PUT']);
  });
});
