import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, it } from 'vitest';
import { scenarioBundle } from '../../src/app/session.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { startEmulator } from '../../src/emulator/server.js';

/*
 * Pre-flight through the real CLI, against an emulator served from the test process so its
 * request log can be read: in each blocked scenario `fix` refuses before any write, says why and
 * how to unblock, the dry run shows the same, and once unblocked the same fix applies and verifies.
 */

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');
const TOKEN = [{ alg: 'none', typ: 'JWT' }, { upn: 'demo@emulator.local' }].map((o) => Buffer.from(JSON.stringify(o)).toString('base64url')).join('.') + '.emulator';

interface PreflightJson { operation: number; aspect: string; status: string; code: string; params: Record<string, string>; text: string; unblock: string[] }
interface Result { outcome: string; verification: string | null; reason: string; auditLog: string | null; plan: { operations: { method: string }[]; preflight?: PreflightJson[] } | null }

const emulators: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

async function cli(args: string[], dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: dir };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 110_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

async function external(scenario: string): Promise<{ emulator: RunningEmulator; dir: string; target: string[]; writes: () => string[] }> {
  const emulator = await startEmulator({ bundle: scenarioBundle(scenario) });
  emulators.push(emulator);
  const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-preflight-'));
  const env = await emulator.writeEnv(dir);
  return {
    emulator,
    dir,
    target: ['--cluster-id', env.clusterId, '--arm-endpoint', env.armEndpoint, '--ca-file', env.caCertificate, '--access-token', TOKEN, '--kubeconfig', env.kubeconfig],
    // Every PUT, PATCH, DELETE and POST except the reads that are POSTs (list credentials, checkPolicyRestrictions).
    writes: () => emulator.requests
      .filter((q) => q.api === 'arm' && q.method !== 'GET' && !(q.method === 'POST' && /\/(list[A-Za-z]*|checkPolicyRestrictions)\?/.test(q.path)))
      .map((q) => `${q.method} ${q.path}`),
  };
}

const parse = (stdout: string): Result => JSON.parse(stdout) as Result;

const CASES: [string, string, string, string[], RegExp][] = [
  ['preflight-nrg-delete-lock', 'delete-registry-and-reconcile', 'lock', ['--confirm', 'aks-prod'], /az lock delete --name nrg-do-not-delete --resource-group MC_rg-prod_aks-prod_eastus2/],
  ['preflight-cluster-rg-read-only-lock', 'reconcile', 'lock', [], /az lock delete --name freeze-rg-prod --resource-group rg-prod/],
  ['preflight-no-registry-delete-permission', 'delete-registry-and-reconcile', 'permission', ['--confirm', 'aks-prod'], /az role assignment create .*--role Contributor --scope \/subscriptions\/.*\/registries\/aksbootstrap3f9c1e2a/],
  ['preflight-policy-denies-cache-rules', 'create-cache-rule', 'policy', [], /az policy exemption create .*--policy-assignment \/subscriptions\/.*\/policyAssignments\/deny-acr-cache-rules/],
  ['preflight-nrg-lockdown', 'delete-registry-and-reconcile', 'lockdown', ['--confirm', 'aks-prod'], /az aks update -g rg-prod -n aks-prod --nrg-lockdown-restriction-level Unrestricted/],
];

describe.concurrent('fix refuses a plan pre-flight finds blocked, before any write', { timeout: 120_000 }, () => {
  it.for(CASES)('%s: %s is refused (%s), nothing sent, audited; the dry run shows the same', async ([scenario, remediation, aspect, extra, unblock], { expect }) => {
    const ext = await external(scenario);
    const auditPath = join(ext.dir, 'audit.jsonl');
    const r = await cli(['fix', remediation, ...ext.target, '--yes', ...extra, '--output', 'json', '--audit-log', auditPath], ext.dir);
    const result = parse(r.stdout);
    expect(result.outcome, r.stderr).toBe('refused');
    expect(r.code).toBe(1);
    expect(result.reason).toMatch(/^pre-flight: this plan cannot run\./);
    expect(result.reason).toMatch(unblock);
    expect(result.reason).toMatch(/Nothing was sent$/);
    const blocked = result.plan?.preflight?.filter((i) => i.status === 'blocked') ?? [];
    expect(blocked.map((i) => i.aspect)).toEqual([aspect]);
    expect(blocked[0]?.unblock.join('\n')).toMatch(unblock);
    expect(ext.writes()).toEqual([]);
    const audit = (await readFile(auditPath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.map((e) => e['event'])).toEqual(['planned', 'refused']);
    expect(audit[1]).toMatchObject({ outcome: 'refused', reasonCode: 'preflight-blocked' });

    const dry = await cli(['fix', remediation, ...ext.target, '--dry-run', '--output', 'json'], ext.dir);
    const dryResult = parse(dry.stdout);
    expect(dry.code).toBe(0);
    expect(dryResult.outcome).toBe('dry-run');
    expect(dryResult.reason).toContain('pre-flight found this plan blocked');
    expect(dryResult.plan?.preflight).toEqual(result.plan?.preflight);
    const text = await cli(['fix', remediation, ...ext.target, '--dry-run'], ext.dir);
    expect(text.stdout).toContain('Can this run? (pre-flight: locks, permissions, policy, lockdown)');
    expect(text.stdout).toMatch(new RegExp(`✗ 1\\. blocked · ${aspect}:`));
    expect(ext.writes()).toEqual([]);
  });

  it('once the lock is lifted, the same fix applies and verifies (and reports every item pass)', async ({ expect }) => {
    const ext = await external('preflight-nrg-delete-lock');
    // What `az lock delete` does: the lock is gone from ARM.
    ext.emulator.bundle.arm = ext.emulator.bundle.arm.filter((a) => a.type !== 'Microsoft.Authorization/locks');
    const r = await cli(['fix', 'delete-registry-and-reconcile', ...ext.target, '--yes', '--confirm', 'aks-prod', '--output', 'json', '--audit-log', join(ext.dir, 'a.jsonl')], ext.dir);
    const result = parse(r.stdout);
    expect(result, r.stderr).toMatchObject({ outcome: 'applied', verification: 'fixed' });
    expect(r.code).toBe(0);
    expect(result.plan?.preflight?.every((i) => i.status === 'pass')).toBe(true);
    expect(ext.writes().map((w) => w.split(' ')[0])).toEqual(['DELETE', 'PUT']);
  });
});
