import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from './helpers/registry.js';

/*
 * The shape of the dependency graph, checked on the sources: the vocabulary at the bottom,
 * no arrow back up, and the meaning of a check inside its own file.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** The project files a source imports (relative specifiers resolved from the repository root). */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)]
    .map((m) => m[1] ?? m[2] ?? '')
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)));
}

const SRC = sources('src');

describe('layering', () => {
  it('nothing in src/ imports checks/: the registry comes from main.ts', () => {
    const offenders = SRC.flatMap((f) => imports(f).filter((i) => i.startsWith('checks/')).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('src/core imports nothing outside src/core', () => {
    const offenders = sources('src/core').flatMap((f) => imports(f).filter((i) => !i.startsWith('src/core/')).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it.each([
    ['src/domain', ['src/engine/', 'src/app/', 'src/cli']],
    ['src/engine', ['src/app/', 'src/cli', 'src/ui/', 'src/remediations/']],
    ['src/capture', ['src/app/', 'src/cli']],
    ['src/output', ['src/app/', 'src/cli']],
    ['src/playbooks', ['src/app/', 'src/cli']],
  ])('%s does not import upward (%j)', (dir, above) => {
    const offenders = sources(dir).flatMap((f) => imports(f).filter((i) => above.some((a) => i.startsWith(a))).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('outside the scenario library no file in src/ names a check id: checks declare what remediations plan from', () => {
    const allowed = (f: string): boolean => f.startsWith('src/emulator/scenarios/');
    const offenders = SRC.filter((f) => !allowed(f)).flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      return CHECK_IDS.filter((id) => new RegExp(`['"\`]${id.replace(/[.]/g, '\\.')}['"\`/]`).test(text)).map((id) => `${f}: ${id}`);
    });
    expect(offenders).toEqual([]);
  });

  it('src/cli.tsx runs nothing when imported: main.ts calls main(argv, { checks })', async () => {
    const before = process.exitCode;
    const cli = await import('../src/cli.js');
    expect(typeof cli.main).toBe('function');
    expect(process.exitCode).toBe(before);
    expect(readFileSync(join(ROOT, 'main.ts'), 'utf8')).toMatch(/await main\(process\.argv, \{ checks: CHECKS \}\)/);
  });
});
