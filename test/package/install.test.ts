import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a user gets it: `npm pack` (prepack builds dist/), then `npm install -g` of the
 * tarball without install scripts, then the installed command. It must run from dist/ with the
 * production dependencies only. The pack runs in a copy of the checkout, so the build it triggers
 * never replaces the dist/ other tests are running.
 */

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

describe('the npm package', { timeout: 240_000 }, () => {
  let dir: string;
  let tarball: string;
  let files: string[];
  let installed: string;
  let bin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aks-netiso-pack-'));
    const checkout = join(dir, 'checkout');
    // What git tracks (plus the working tree's edits), without dist/ or node_modules/.
    const { stdout: tracked } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
    for (const file of tracked.split('\0').filter(Boolean)) {
      if (!(await exists(join(REPO, file)))) continue; // deleted in the working tree
      if (file === 'node_modules') continue; // a worktree's node_modules symlink (not a directory, so .gitignore's node_modules/ misses it)
      await mkdir(join(checkout, file, '..'), { recursive: true });
      await cp(join(REPO, file), join(checkout, file));
    }
    // The build needs esbuild from the dev dependencies; the installed copy will not see them.
    await symlink(join(REPO, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    const { stdout: packed } = await run(NPM, ['pack', '--json', '--pack-destination', dir], { cwd: checkout, maxBuffer: 16 * 1024 * 1024 });
    const info = (JSON.parse(packed) as Array<{ filename: string; files: Array<{ path: string }> }>)[0];
    tarball = join(dir, info?.filename ?? '');
    files = (info?.files ?? []).map((f) => f.path);

    const prefix = join(dir, 'prefix');
    // --prefer-offline: the packages `npm ci` put in the cache, the registry only for what is missing.
    await run(NPM, ['install', '--global', '--prefix', prefix, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
    installed = join(prefix, 'lib', 'node_modules', 'aks-netiso');
    bin = join(prefix, 'bin', 'aks-netiso');
  }, 240_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the command, the built CLI, playbooks, docs and notices, and no sources, tests or fixtures', () => {
    expect(files).toEqual(expect.arrayContaining([
      'bin/aks-netiso.js', 'bin/entry.js', 'dist/cli.js', 'playbooks/image-pull-triage.yaml', 'playbooks/playbook.schema.json',
      'docs/formats.md', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'dist/THIRD_PARTY_NOTICES.md',
    ]));
    const outside = files.filter((f) => !/^(bin\/[^/]+\.js|dist\/.+|playbooks\/.+|docs\/.+|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(f));
    expect(outside).toEqual([]);
  });

  it('installs with no runtime dependencies (dist/ bundles them): no sources, no node_modules', async () => {
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(await exists(join(installed, 'dist', 'cli.js'))).toBe(true);
    for (const absent of ['src', 'checks', 'test', 'tsconfig.json', 'node_modules']) {
      expect(await exists(join(installed, absent)), absent).toBe(false);
    }
  });

  it('carries the notices of the packages dist/ bundles', async () => {
    const notices = await readFile(join(installed, 'dist', 'THIRD_PARTY_NOTICES.md'), 'utf8');
    for (const name of ['@azure/arm-network', '@azure/identity', '@kubernetes/client-node', 'commander', 'ink', 'react', 'yaml', 'zod']) {
      expect(notices, name).toMatch(new RegExp(`^## ${name.replace('/', '\\/')} \\d`, 'm'));
    }
    expect(notices).toMatch(/Permission is hereby granted/);
  });

  it('aks-netiso --version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(bin, ['--version'], { cwd: dir });
    expect(stdout.trim()).toBe(version);
  });

  it('diagnoses a scenario from dist/ and finds the deleted registry (exit 1)', async () => {
    const failed = await run(bin, ['diagnose', '--scenario', 'managed-registry-deleted', '-o', 'json'], { cwd: dir, env: { ...process.env, AKS_NETISO_FROM_SOURCE: '1' } })
      .then(() => undefined, (e: unknown) => e as { code: number; stdout: string; stderr: string });
    // Forcing the sources means nothing where there are none: it still runs dist/.
    expect(failed?.code).toBe(1);
    const report = JSON.parse(failed?.stdout ?? '{}') as { schema: string; rootCauses: Array<{ checkId: string; remediation: string }> };
    expect(report.schema).toBe('aks-netiso/report@1');
    expect(report.rootCauses.map((c) => [c.checkId, c.remediation])).toEqual([['registry.exists', 'reconcile']]);
  });

  it('finds its playbooks in the installed tree', async () => {
    const { stdout } = await run(bin, ['playbook', 'list'], { cwd: dir });
    expect(stdout).toMatch(/^image-pull-triage\s+/m);
  });
});
