import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../src/emulator/scenarios/index.js';

/**
 * The README's promise, with the real kubectl (Debian's kubernetes-client; .ci/run installs it):
 * `aks-netiso emulator --kubeconfig FILE` serves `kubectl --kubeconfig FILE get/describe`.
 */

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');
const SCENARIO = 'managed-registry-deleted';

describe('kubectl against `aks-netiso emulator`', { timeout: 60_000 }, () => {
  let dir: string;
  let kubeconfig: string;
  let child: ChildProcess;
  let env: { kubeconfig: string; armEndpoint: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aks-netiso-kubectl-'));
    kubeconfig = join(dir, 'kubeconfig');
    child = spawn(process.execPath, [BIN, 'emulator', '--scenario', SCENARIO, '--print-env', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    const [line] = (await once(lines, 'line')) as [string];
    env = JSON.parse(line) as typeof env;
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  async function kubectl(...args: string[]): Promise<string> {
    // Its own discovery cache, so nothing is read from or left in the home directory.
    const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      timeout: 30_000,
    });
    return stdout;
  }

  function table(text: string): { header: string[]; rows: string[][] } {
    const [head = '', ...rest] = text.trimEnd().split('\n');
    // Columns are separated by at least two spaces or more: headers like LAST SEEN hold one.
    const split = (l: string): string[] => l.trim().split(/\s{2,}/);
    return { header: split(head), rows: rest.map(split) };
  }

  const scenario = findScenario(SCENARIO)?.build();

  it('prints the env with the kubeconfig written where it was asked', async () => {
    expect(env.kubeconfig).toBe(kubeconfig);
    expect((await stat(kubeconfig)).mode & 0o777).toBe(0o600);
  });

  it('get nodes: NAME STATUS ROLES AGE VERSION', async () => {
    const { header, rows } = table(await kubectl('get', 'nodes'));
    expect(header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows.map((r) => r[0])).toEqual(scenario?.kubernetes.nodes?.map((n) => n.metadata?.name));
    expect(rows.every((r) => r[1] === 'Ready' && /^v1\.\d+\.\d+$/.test(r[4] ?? ''))).toBe(true);
  });

  it('get pods -A: NAMESPACE NAME READY STATUS RESTARTS AGE, the pull failures shown', async () => {
    const { header, rows } = table(await kubectl('get', 'pods', '-A'));
    expect(header).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows).toHaveLength(scenario?.kubernetes.pods?.length ?? -1);
    const failing = rows.filter((r) => r[0] === 'shop');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((r) => r[2] === '0/1' && /^(Init:)?(ImagePullBackOff|ErrImagePull)$/.test(r[3] ?? ''))).toBe(true);
    expect(rows.filter((r) => r[0] === 'kube-system').every((r) => r[3] === 'Running' && r[2] === '1/1')).toBe(true);
  });

  it('get pods -A in chunks of 7 pages through the emulator with continue tokens', async () => {
    const whole = await kubectl('get', 'pods', '-A', '--no-headers');
    expect(await kubectl('get', 'pods', '-A', '--no-headers', '--chunk-size=7')).toBe(whole);
  });

  it('get events -A: NAMESPACE LAST SEEN TYPE REASON OBJECT MESSAGE', async () => {
    const { header, rows } = table(await kubectl('get', 'events', '-A'));
    expect(header).toEqual(['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(rows).toHaveLength(scenario?.kubernetes.events?.length ?? -1);
    expect(rows.some((r) => r[2] === 'Warning' && r[3] === 'Failed' && (r[4] ?? '').startsWith('pod/') && (r[5] ?? '').startsWith('Failed to pull image'))).toBe(true);
  });

  it('get pod -o json gives the object itself', async () => {
    const pod = scenario?.kubernetes.pods?.find((p) => p.metadata?.namespace === 'shop');
    const json = JSON.parse(await kubectl('get', 'pod', '-n', 'shop', pod?.metadata?.name ?? '', '-o', 'json')) as { kind: string; metadata: { name: string } };
    expect([json.kind, json.metadata.name]).toEqual(['Pod', pod?.metadata?.name]);
  });

  it('describe pod shows its containers and pull events; describe node its lease and pods', async () => {
    const pod = scenario?.kubernetes.pods?.find((p) => p.metadata?.namespace === 'shop');
    const described = await kubectl('describe', 'pod', '-n', 'shop', pod?.metadata?.name ?? '');
    expect(described).toMatch(/^Name:\s+\S+/m);
    expect(described).toMatch(/Reason:\s+(ImagePullBackOff|ErrImagePull)/);
    expect(described).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/m);
    expect(described).toContain('Failed to pull image');

    const nodeName = String((pod?.spec as { nodeName?: string } | undefined)?.nodeName);
    const node = await kubectl('describe', 'node', nodeName);
    expect(node).toMatch(new RegExp(`^Lease:\\n\\s+HolderIdentity:\\s+${nodeName}$`, 'm'));
    expect(node).toMatch(/^Non-terminated Pods:\s+\(\d+ in total\)/m);
    expect(node).toContain(pod?.metadata?.name ?? '');
  });
});
