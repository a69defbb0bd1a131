import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_ENTRY, chooseEntry, hasSources, newestSource, SOURCE_ENTRY } from '../../bin/entry.js';

/** Which code the `aks-netiso` command runs: the prebuilt dist/ only while it is not stale. */

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A package tree with files at the given ages (seconds before now); null leaves a file out. */
function tree(ages: { src: number | null; check: number | null; dist: number | null; main?: number }): string {
  root = mkdtempSync(join(tmpdir(), 'aks-netiso-entry-'));
  const now = Date.now() / 1000;
  const put = (path: string, age: number): void => {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '//');
    utimesSync(file, now - age, now - age);
  };
  if (ages.src !== null) {
    put(SOURCE_ENTRY, ages.main ?? ages.src);
    put('src/engine/run.ts', ages.src);
  }
  if (ages.check !== null) put('checks/registry/exists.ts', ages.check);
  if (ages.dist !== null) put(BUILT_ENTRY, ages.dist);
  put('package.json', 100);
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
    ['an installed package (no sources)', { src: null, check: null, dist: 10 }, {}, 'dist'],
    ['an installed package, even with AKS_NETISO_FROM_SOURCE=1', { src: null, check: null, dist: 10 }, { AKS_NETISO_FROM_SOURCE: '1' }, 'dist'],
    ['an installed package without dist/ (broken: the bin says so)', { src: null, check: null, dist: null }, {}, 'dist'],
  ] as const)('%s → %s', (_label, ages, env, expected) => {
    expect(chooseEntry(tree(ages), env)).toBe(expected);
  });
});

describe('hasSources', () => {
  it('tells a checkout from an installed package by the source entry', () => {
    expect(hasSources(tree({ src: 10, check: null, dist: null }))).toBe(true);
    rmSync(root, { recursive: true, force: true });
    expect(hasSources(tree({ src: null, check: 10, dist: 10 }))).toBe(false);
  });
});

describe('newestSource', () => {
  it('is the newest file under src/ and checks/, and 0 without them', () => {
    const r = tree({ src: 100, check: 30, dist: null });
    expect(Math.round(newestSource(r) / 1000)).toBe(Math.round(Date.now() / 1000 - 30));
    expect(newestSource(join(r, 'nowhere'))).toBe(0);
  });
});
