/**
 * Writes under faults (issue 16, item 6), through the real CLI with `--emulator-fault`: a hung or
 * reset poll of the long-running operation, or a write that gets no answer, ends in the audited
 * outcome `unknown` saying how to check, never a silent success nor a hang.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');
const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-fix-faults-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fix(spec: string, name: string): Promise<{ code: number; result: { outcome: string; reason: string }; audit: Array<Record<string, unknown>> }> {
  const auditLog = join(dir, `${name}.jsonl`);
  const args = ['fix', 'reconcile', '--scenario', 'managed-registry-deleted', '--yes', '--audit-log', auditLog, '--output', 'json', '--emulator-fault', spec, '--request-timeout', '1s'];
  let code = 0;
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: dir }, timeout: 60_000 }));
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    code = typeof err.code === 'number' ? err.code : -1;
    stdout = err.stdout ?? '';
  }
  const text = await readFile(auditLog, 'utf8');
  return { code, result: JSON.parse(stdout) as { outcome: string; reason: string }, audit: text.split('\n').filter((l) => l).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('fix under faults ends in an audited outcome, never a silent success nor a hang', () => {
  it.each([
    ['a hung poll', 'GET:operations:hang'],
    ['a reset poll', 'GET:operations:reset'],
    ['a poll answered with an HTML page', 'GET:operations:html:502'],
    ['a PUT that gets no answer', 'PUT:managedClusters:hang'],
  ])('%s: unknown, check with az aks show', async (_name, spec) => {
    const r = await fix(spec, spec.replace(/[^a-z0-9]+/gi, '-'));
    expect(r.result.outcome).toBe('unknown');
    expect(r.result.reason).toContain('the operation may still be running: check with az aks show -g rg-prod -n aks-prod --query provisioningState');
    const last = r.audit[r.audit.length - 1];
    expect(last).toMatchObject({ event: 'failed', status: 'Unknown', outcome: 'unknown', reasonCode: 'lost-contact', reason: r.result.reason });
    expect(r.audit.map((e) => e.event)).toContain('started');
    expect(r.code).toBe(1);
  });

  it('a throttled write (429, an hour to wait) is a failure: ARM refused it, nothing changed', async () => {
    const r = await fix('PUT:managedClusters:status:429:retry-after=3600', 'throttled');
    expect(r.result.outcome).toBe('failed');
    expect(r.result.reason).toMatch(/ARM is throttling PUT .*retry after 1 h/);
    expect(r.audit[r.audit.length - 1]).toMatchObject({ event: 'failed', outcome: 'failed', statusCode: 429 });
    expect(r.code).toBe(1);
  });
});
