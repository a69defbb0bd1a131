import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseEntry, newestSource } from '../../bin/entry.js';

/** Which code the `aks-netiso` command runs: the prebuilt dist/ only while it is not stale. */

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A package tree with files at the given ages (seconds before now); null leaves a file out. */
function tree(ages: { src: number; check: number; dist: number | null; main?: number }): string {
  root = mkdtempSync(join(tmpdir(), 'aks-netiso-entry-'));
  const now = Date.now() / 1000;
  const put = (path: string, age: number): void => {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '//');
    utimesSync(file, now - age, now - age);
  };
  put('src/engine/run.ts', ages.src);
  put('checks/registry/exists.ts', ages.check);
  put('main.ts', ages.main ?? 70);
  if (ages.dist !== null) put('dist/cli.js', ages.dist);
  return root;
}

describe('chooseEntry', () => {
  it.each([
    ['built after every edit', { src: 60, check: 50, dist: 10 }, {}, 'dist'],
    ['a source file edited after the build', { src: 5, check: 50, dist: 10 }, {}, 'src'],
    ['a check edited after the build (nested folder)', { src: 60, check: 5, dist: 10 }, {}, 'src'],
    ['main.ts (the composition root) edited after the build', { src: 60, check: 50, dist: 10, main: 5 }, {}, 'src'],
    ['never built', { src: 60, check: 50, dist: null }, {}, 'src'],
    ['AKS_NETISO_FROM_SOURCE=1', { src: 60, check: 50, dist: 10 }, { AKS_NETISO_FROM_SOURCE: '1' }, 'src'],
  ] as const)('%s → %s', (_label, ages, env, expected) => {
    expect(chooseEntry(tree(ages), env)).toBe(expected);
  });
});

describe('newestSource', () => {
  it('is the newest file under src/ and checks/, and 0 without them', () => {
    const r = tree({ src: 100, check: 30, dist: null });
    expect(Math.round(newestSource(r) / 1000)).toBe(Math.round(Date.now() / 1000 - 30));
    expect(newestSource(join(r, 'nowhere'))).toBe(0);
  });
});
