/**
 * The "Done when": the real CLI, as a child process, against a real HTTPS server that
 * misbehaves like a broken network or proxy. Each fault ends by itself with exit 3 and one
 * sentence naming it, never a stack trace. Short deadlines keep the suite brisk; the defaults
 * are checked once each (help text, and a hang ended by the default 15 s request timeout).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { startFaultServer, type FaultMode } from '../faults/fault-server.js';

const CLUSTER = '/subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg-netiso-prod/providers/Microsoft.ContainerService/managedClusters/aks-iso-prod';
/** Far beyond any deadline here: a process still running then is a hang, and is killed. */
const KILL_AFTER_MS = 90_000;

type Run = CliRun;

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCli(args, { killAfterMs: KILL_AFTER_MS, env });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-faults-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function diagnoseAgainst(mode: FaultMode, extra: string[], env: Record<string, string> = {}): Promise<Run & { host: string }> {
  const server = await startFaultServer(mode);
  const ca = join(dir, `${mode}-ca.pem`);
  await writeFile(ca, server.caPem);
  try {
    const r = await cli(['diagnose', '--cluster-id', CLUSTER, '--arm-endpoint', server.url, '--ca-file', ca, '--access-token', 'x', '--output', 'text', ...extra], env);
    console.log(`${mode}: exit ${r.code} after ${r.seconds.toFixed(1)} s`);
    return { ...r, host: server.host };
  } finally {
    await server.close();
  }
}

const SHORT = ['--request-timeout', '1s', '--timeout', '5s'];
const OP = 'GET /subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg-netiso-prod/providers/Microsoft.ContainerService/managedClusters/aks-iso-prod';
const esc = (s: string): string => s.replace(/[/.()?]/g, '\\$&');

const CASES: [FaultMode, (host: string) => RegExp][] = [
  ['hang', (h) => new RegExp(`no answer from ${esc(h)} within 1 s: connected, but nothing came back for ${esc(OP)}`)],
  ['tls-stall', (h) => new RegExp(`no answer from ${esc(h)} within 1 s: the connection was accepted but the TLS handshake never finished`)],
  ['drip', (h) => new RegExp(`no complete answer from ${esc(h)} within 1 s: the answer to ${esc(OP)} was still arriving`)],
  // The typed error's own sentence: which read, and the Retry-After ARM sent.
  ['throttle', () => new RegExp(`ARM is throttling ${esc(OP)}: retry after 1 h \\(at \\d\\d:\\d\\d:\\d\\d UTC\\)`)],
  ['html502', () => /got an HTML page with 502 Bad Gateway, not an ARM answer: a proxy between you and Azure\?/],
  ['proxy407', (h) => new RegExp(`a proxy between you and ${esc(h)} needs authentication \\(407 Proxy Authentication Required`)],
  ['badjson', () => new RegExp(`ARM sent an invalid JSON body for ${esc(OP)} \\(200, 97 bytes`)],
  ['reset', (h) => new RegExp(`${esc(h)} reset the connection before answering ${esc(OP)} \\(ECONNRESET`)],
];

describe.concurrent('aks-netiso diagnose against a misbehaving ARM endpoint', { timeout: 120_000 }, () => {
  it.each(CASES)('%s: exit 3 by itself, one sentence naming the fault, no stack trace', async (mode, sentence) => {
    const r = await diagnoseAgainst(mode, SHORT);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(3);
    const line = r.stderr.split('\n').find((l) => l.startsWith('aks-netiso: the diagnosis could not complete: '));
    expect(line).toMatch(sentence(r.host));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // The report is still written, with cluster.readable as the check that could not complete.
    expect(r.stdout).toMatch(/! cluster\.readable/);
  });

  it('--help documents the deadlines and their defaults', async () => {
    const r = await cli(['diagnose', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--request-timeout <duration> timeout per ARM and Kubernetes request, covering connect, TLS and the whole answer \(default: "15s"\)/);
    expect(help).toMatch(/--timeout <duration> deadline for the whole diagnosis: unfinished checks are then reported as errors \(default: "60s"\)/);
    expect(help).toMatch(/--debug print each request/);
  });

  it('with the default deadlines, a silent server ends by the 15 s request timeout', async () => {
    const r = await diagnoseAgainst('hang', []);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`the diagnosis could not complete: no answer from ${esc(r.host)} within 15 s: connected, but nothing came back`));
  });

  it('--debug shows each attempt with its request id and the chain of causes', async () => {
    const r = await diagnoseAgainst('badjson', [...SHORT, '--debug']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/aks-netiso debug: GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/aks-iso-prod\?api-version=[\d-]+ attempt 1: 200 application\/json; charset=utf-8 in \d+ ms \(request id fa017000-[\d-]+\)/);
    expect(r.stderr).toMatch(/aks-netiso debug: +caused by: SyntaxError: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('AKS_NETISO_DEBUG=1 still turns the debug lines on', async () => {
    const r = await diagnoseAgainst('html502', SHORT, { AKS_NETISO_DEBUG: '1' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/aks-netiso debug: GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.* attempt 1: 502 text\/html in \d+ ms/);
  });

  it('rejects a request timeout of zero as bad usage (exit 2)', async () => {
    const r = await cli(['diagnose', '--cluster-id', CLUSTER, '--request-timeout', '0s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--request-timeout must be more than 0');
  });
});
