import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `aks-netiso playbook run` as a script runs it: no terminal (stdout and stdin are pipes), so
 * the plain-text walk, from the TypeScript sources.
 */

const exec = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', AKS_NETISO_FROM_SOURCE: '1' }, timeout: 110_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-playbook-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('aks-netiso playbook run without a terminal', { timeout: 120_000 }, () => {
  it('refuses a transcript path in a missing folder before anything runs (exit 2, one line)', async () => {
    const r = await cli(['playbook', 'run', 'image-pull-triage', '--scenario', 'managed-cache-rule-deleted', '--transcript', '/nonexistent/t.md', '--audit-log', join(dir, 'bad.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('aks-netiso: cannot write /nonexistent/t.md: its folder does not exist; choose another path\n');
    expect(r.stdout).toBe('');
  });

  it('records the plan it could not apply, and says why', async () => {
    const transcript = join(dir, 't.md');
    const r = await cli(['playbook', 'run', 'image-pull-triage', '--scenario', 'managed-cache-rule-deleted', '--transcript', transcript, '--audit-log', join(dir, 'a.jsonl')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('delete-registry-and-reconcile: not applied: no terminal to confirm in (plan recorded)');
    const md = await readFile(transcript, 'utf8');
    expect(md).toMatch(/\*\*Plan:\*\* .+ \(destructive\)/);
    expect(md).toMatch(/```sh\n(.*\n)*az acr delete /);
    expect(md).toContain('**Result:** delete-registry-and-reconcile: not applied: no terminal to confirm in (plan recorded)');
    expect(md).not.toContain('## Fixes applied');
  });
});
