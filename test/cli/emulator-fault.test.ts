/**
 * `--emulator-fault SPEC` through the real CLI: every command that embeds the emulator takes it,
 * a bad SPEC is a usage error (exit 2) saying what is wrong, and a good one is injected.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('--emulator-fault', () => {
  const commands: Array<[string, string[]]> = [
    ['emulator', ['emulator', '--scenario', 'healthy-byo']],
    ['diagnose', ['diagnose', '--scenario', 'healthy-byo', '--output', 'json']],
    ['fix', ['fix', 'reconcile', '--scenario', 'managed-registry-deleted', '--dry-run']],
    ['capture', ['capture', '--scenario', 'healthy-byo', '--out', '/nonexistent-dir/x.json']],
    ['demo', ['demo']],
  ];
  it.each(commands)('%s: a bad SPEC is a usage error naming it (exit 2)', async (_name, args) => {
    const r = await cli([...args, '--emulator-fault', 'GET:registries:status:200']);
    expect(r.stderr).toMatch(/^aks-netiso: invalid --emulator-fault "GET:registries:status:200": status:200: the status must be from 400 to 599/);
    expect(r.code).toBe(2);
  });

  it.each(commands)('%s: --help documents it', async (_name, args) => {
    const r = await cli([args[0] ?? '', '--help']);
    expect(r.stdout).toMatch(/--emulator-fault <spec>/);
    expect(r.stdout).toMatch(/tls-stall/);
  });

  it('is only for the embedded emulator', async () => {
    const r = await cli(['diagnose', '-g', 'rg', '-n', 'aks', '--subscription', '00000000-0000-0000-0000-000000000001', '--emulator-fault', 'hang', '--output', 'json']);
    expect(r.stderr).toMatch(/^aks-netiso: --emulator-fault only applies to the embedded emulator/);
    expect(r.code).toBe(2);
  });

  it('a hung registry read: registry.exists is an error naming the silence, the cluster still judged', async () => {
    const r = await cli(['diagnose', '--scenario', 'healthy-byo', '--emulator-fault', 'GET:registries:hang', '--emulator-fault', 'kube:pods@1:latency:10ms', '--request-timeout', '1s', '--timeout', '5s', '--output', 'json']);
    const report = JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string; summary?: string }> };
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status['registry.exists']).toBe('error');
    expect(status['cluster.readable']).toBe('pass');
    expect(status['pods.image-pull-failures']).toBe('pass');
    expect(r.code).toBe(1);
  });

  it('a stalled TLS handshake on every connection: exit 3 with the sentence naming it', async () => {
    const r = await cli(['diagnose', '--scenario', 'healthy-byo', '--emulator-fault', 'tls-stall', '--request-timeout', '1s', '--timeout', '5s', '--output', 'text']);
    expect(r.stderr).toMatch(/the TLS handshake never finished/);
    expect(r.code).toBe(3);
  });
});
