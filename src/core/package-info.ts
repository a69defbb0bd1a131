import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json above `from`: code runs from `src/…` (tsx, tests), from a
 * chunk in `dist/` (the prebuilt CLI) or from an installed copy, so a fixed `../..` would be
 * wrong in one of them.
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; ) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(from, '../..');
    dir = up;
  }
}

/** The version in the package's own package.json, so `--version` never disagrees with what was installed. */
export function packageVersion(root: string = packageRoot()): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const version = pkg && typeof pkg === 'object' ? (pkg as Record<string, unknown>)['version'] : undefined;
    return typeof version === 'string' && version ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
