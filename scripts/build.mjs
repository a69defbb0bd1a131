#!/usr/bin/env node
// Prebuilds the CLI into dist/ so a command starts without compiling TypeScript first (about
// 0.9 s less per start on these machines). Dependencies stay external and lazily loaded: code
// splitting keeps every `await import()` of the sources a separate chunk. bin/aks-netiso.js runs
// dist/ in an installed package, and in a checkout while dist/ is newer than every source file.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import process from 'node:process';
import { basename, dirname, extname } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { BUILT_ENTRY, SOURCE_ENTRY } from '../bin/entry.js';

// `npm pack` and `npm publish` run prepack and then prepare: build once, in prepack.
if (process.env.npm_lifecycle_event === 'prepare' && ['pack', 'publish'].includes(process.env.npm_command ?? '')) process.exit(0);

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}${dirname(BUILT_ENTRY)}`;

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { [basename(BUILT_ENTRY, extname(BUILT_ENTRY))]: SOURCE_ENTRY },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  jsx: 'automatic',
  sourcemap: true,
  logLevel: 'warning',
});
