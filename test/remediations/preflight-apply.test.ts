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
