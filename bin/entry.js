// Which code `aks-netiso` runs. An installed package has no sources: it always runs the prebuilt
// dist/ (and never loads tsx, a dev dependency). In a checkout it runs dist/ while dist/ is newer
// than every source file, else the TypeScript sources through tsx, so an edit is never run stale.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

/** The CLI's TypeScript entry (the composition root: the check registry + the CLI), relative to the package root (scripts/build.mjs bundles it). */
export const SOURCE_ENTRY = 'main.ts';
/** What scripts/build.mjs writes, relative to the package root. */
export const BUILT_ENTRY = 'dist/cli.js';
/** Everything dist/ is built from: a file or folder newer than dist/ makes it stale. */
export const SOURCES = ['src', 'checks', SOURCE_ENTRY];

function mtimeOrZero(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time (ms) of the files under `paths` of `root`; 0 when there are none. */
export function newestSource(root, paths = SOURCES) {
  let newest = 0;
  for (const path of paths) {
    let entries;
    try {
      entries = readdirSync(join(root, path), { recursive: true, withFileTypes: true });
    } catch {
      newest = Math.max(newest, mtimeOrZero(join(root, path)));
      continue;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const mtime = statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs;
      if (mtime > newest) newest = mtime;
    }
  }
  return newest;
}

/** True in a checkout (the sources are there), false in an installed package. */
export function hasSources(root) {
  return mtimeOrZero(join(root, SOURCE_ENTRY)) > 0;
}

/**
 * 'dist' for an installed package (no sources), and in a checkout while `root`/dist/cli.js is at
 * least as new as every source file; else 'src'. AKS_NETISO_FROM_SOURCE=1 forces 'src' in a checkout.
 */
export function chooseEntry(root, env = process.env) {
  if (!hasSources(root)) return 'dist';
  if (env.AKS_NETISO_FROM_SOURCE === '1') return 'src';
  const built = mtimeOrZero(join(root, BUILT_ENTRY));
  if (built === 0) return 'src';
  return built >= newestSource(root) ? 'dist' : 'src';
}
