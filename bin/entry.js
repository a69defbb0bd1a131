// Which code `aks-netiso` runs: the prebuilt dist/cli.js (npm run build) while it is newer than
// every source file, else the TypeScript sources through tsx, so an edit is never run stale.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

// Folders and files: main.ts is the composition root at the top.
const SOURCE_DIRS = ['src', 'checks', 'main.ts'];

/** The newest modification time (ms) of the files under `dirs` (folders or files) of `root`; 0 when there are none. */
export function newestSource(root, dirs = SOURCE_DIRS) {
  let newest = 0;
  for (const dir of dirs) {
    let entries;
    try {
      const stat = statSync(join(root, dir));
      if (stat.isFile()) {
        if (stat.mtimeMs > newest) newest = stat.mtimeMs;
        continue;
      }
      entries = readdirSync(join(root, dir), { recursive: true, withFileTypes: true });
    } catch {
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

/**
 * 'dist' when `root`/dist/cli.js exists and is at least as new as every source file, else 'src'.
 * AKS_NETISO_FROM_SOURCE=1 forces 'src'.
 */
export function chooseEntry(root, env = process.env) {
  if (env.AKS_NETISO_FROM_SOURCE === '1') return 'src';
  let built;
  try {
    built = statSync(join(root, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return 'src';
  }
  return built >= newestSource(root) ? 'dist' : 'src';
}
