import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 110_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('aks-netiso diagnose', { timeout: 120_000 }, () => {
  it('finds the deleted cache rule in JSON (report@1), exit 1', async () => {
    const r = await cli(['diagnose', '--scenario', 'managed-cache-rule-deleted', '--output', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { schema: string; rootCauses: { checkId: string; remediation: string }[]; stats: { armRequests: number } };
    expect(report.schema).toBe('aks-netiso/report@1');
    expect(report.rootCauses[0]).toMatchObject({ checkId: 'registry.mcr-cache-rule', remediation: 'delete-registry-and-reconcile' });
    expect(report.stats.armRequests).toBeGreaterThan(0);
  });

  it('runs from the TypeScript sources as well as from the prebuilt dist/', async () => {
    const r = await cli(['diagnose', '--scenario', 'managed-registry-deleted', '--output', 'json'], { AKS_NETISO_FROM_SOURCE: '1' });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { rootCauses: { checkId: string; remediation: string }[] };
    expect(report.rootCauses.map((c) => [c.checkId, c.remediation])).toEqual([['registry.exists', 'reconcile']]);
  });

  it('exits 0 on a healthy cluster and prints the root-cause-first text', async () => {
    const r = await cli(['diagnose', '--scenario', 'healthy-managed', '--output', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('registry.mcr-cache-rule');
  });

  it('writes Markdown and JUnit with --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-cli-'));
    const md = join(dir, 'r.md');
    const r = await cli(['diagnose', '--scenario', 'managed-registry-deleted', '--output', 'markdown', '--out', md]);
    expect(r.code).toBe(1);
    expect(await readFile(md, 'utf8')).toContain('registry.exists');
    const xml = join(dir, 'r.xml');
    await cli(['diagnose', '--scenario', 'managed-registry-deleted', '--output', 'junit', '--out', xml]);
    expect(await readFile(xml, 'utf8')).toContain('<testsuite');
  });

  const bad: [string, string[], RegExp][] = [
    ['malformed cluster id', ['diagnose', '--cluster-id', '/subscriptions/x/resourceGroups', '--output', 'json'], /--cluster-id/],
    ['-n without -g', ['diagnose', '-n', 'aks-prod', '--output', 'json'], /-g\/--resource-group/],
    ['unknown output', ['diagnose', '--scenario', 'healthy-managed', '--output', 'yaml'], /--output must be one of/],
    ['unknown scenario', ['diagnose', '--scenario', 'nope', '--output', 'json'], /unknown scenario "nope"/],
    ['unreadable bundle', ['diagnose', '--bundle', '/nonexistent/b.json', '--output', 'json'], /cannot read bundle/],
    ['bad latency', ['diagnose', '--scenario', 'healthy-managed', '--emulator-latency', 'fast', '--output', 'json'], /--emulator-latency/],
    ['no target', ['diagnose', '--output', 'json'], /which cluster\?/],
    ['unknown remediation', ['fix', 'reboot', '--scenario', 'healthy-managed'], /unknown remediation "reboot"/],
    ['latency on a real cluster', ['diagnose', '-g', 'rg', '-n', 'aks', '--subscription', '00000000-0000-0000-0000-000000000001', '--emulator-latency', '50ms', '--output', 'json'], /^aks-netiso: --emulator-latency only applies to the embedded emulator/],
    ['a CA file that is not a certificate', ['diagnose', '--cluster-id', '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks', '--ca-file', 'package.json', '--output', 'json'], /--ca-file package\.json holds no PEM certificate/],
    ['--out into a missing folder', ['diagnose', '--scenario', 'healthy-managed', '--output', 'json', '--out', 'no-such-folder/r.json'], /^aks-netiso: cannot write no-such-folder\/r\.json: its folder does not exist; choose another path\n$/],
    ['unknown command', ['bogus'], /^aks-netiso: unknown command "bogus": the commands are diagnose, fix, demo, scenarios, emulator, capture, playbook, scan\n$/],
    ['misspelt command', ['diagnos', '--scenario', 'healthy-managed'], /unknown command "diagnos" \(did you mean diagnose\?\)/],
  ];
  it.each(bad)('bad input (%s) → one clear line, exit 2', async (_n, args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an invalid bundle names the JSON path of each problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-cli-'));
    const f = join(dir, 'bad.json');
    await writeFile(f, JSON.stringify({ schema: 'aks-netiso/bundle@1', cluster: 42, arm: [{ id: 'x' }], kubernetes: {} }));
    const r = await cli(['diagnose', '--bundle', f, '--output', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.cluster/);
    expect(r.stderr).toMatch(/\$\.arm\[0\]/);
  });
});

describe('aks-netiso scenarios and playbooks', { timeout: 120_000 }, () => {
  it('lists scenarios as JSON', async () => {
    const r = await cli(['scenarios', '--output', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; description: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.map((x) => x.name)).toContain('managed-cache-rule-deleted');
  });

  it('lists playbooks as JSON and lints the shipped ones', async () => {
    const list = await cli(['playbook', 'list', '--output', 'json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((p) => p.id)).toContain('image-pull-triage');
    const lint = await cli(['playbook', 'lint']);
    expect(lint.code).toBe(0);
  });

  it('playbook lint of a broken file exits 1 with file:line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-cli-'));
    const f = join(dir, 'bad.yaml');
    await writeFile(f, 'id: bad\ntitle: Bad\ndescription: d\nstart: a\nsteps:\n  - id: a\n    kind: check\n    checks: [dns.zones]\n    on: { default: a }\n');
    const r = await cli(['playbook', 'lint', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.yaml:8: steps\[0\]\.checks\[0\]/);
  });
});

describe('aks-netiso capture', { timeout: 120_000 }, () => {
  it('captures a scenario redacted, keeps the placeholder table owner-only, and the bundle replays to the same root cause', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-capture-'));
    const out = join(dir, 'incident.json');
    const r = await cli(['capture', '--scenario', 'managed-cache-rule-deleted', '--redact', '-o', out]);
    expect(r.code).toBe(0);
    // 11 resources of the pull path, and the 2 pools' scale sets with their 6 instances.
    expect(r.stderr).toContain(`wrote ${out}: 19 ARM resources, 30 pods, 18 events, redacted`);
    expect(r.stderr).toContain(`kept the placeholder → real value table in ${join(dir, 'incident.mapping.json')}`);
    const bundle = await readFile(out, 'utf8');
    expect(bundle).not.toContain('aks-prod');
    expect(bundle).not.toContain('8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d');
    const table = JSON.parse(await readFile(join(dir, 'incident.mapping.json'), 'utf8')) as { placeholders: Record<string, string> };
    const clusterPlaceholder = Object.entries(table.placeholders).find(([, real]) => real === 'aks-prod')?.[0];
    expect(clusterPlaceholder).toBeDefined();
    expect(bundle).toContain(`managedClusters/${clusterPlaceholder}`);
    expect((await stat(join(dir, 'incident.mapping.json'))).mode & 0o777).toBe(0o600);

    const replay = await cli(['diagnose', '--bundle', out, '--output', 'json']);
    expect(replay.code).toBe(1);
    const report = JSON.parse(replay.stdout) as { rootCauses: { checkId: string; remediation: string }[] };
    expect(report.rootCauses.map((c) => [c.checkId, c.remediation])).toEqual([['registry.mcr-cache-rule', 'delete-registry-and-reconcile']]);
  });

  it('says why it cannot write the bundle, before capturing anything, exit 2', async () => {
    const r = await cli(['capture', '--scenario', 'healthy-byo', '-o', join(tmpdir(), 'no-such-folder-aks-netiso', 'b.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`aks-netiso: cannot write ${join(tmpdir(), 'no-such-folder-aks-netiso', 'b.json')}: its folder does not exist; choose another path`);
  });

  it('refuses --mapping without --redact, before reading anything', async () => {
    const r = await cli(['capture', '--scenario', 'healthy-byo', '--mapping', 'm.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('aks-netiso: --mapping only applies with --redact');
  });
});
