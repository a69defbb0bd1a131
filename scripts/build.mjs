#!/usr/bin/env node
// Prebuilds the CLI into dist/ so a command starts without compiling TypeScript first (about
// 0.9 s less per start on these machines). Dependencies stay external and lazily loaded: code
// splitting keeps every `await import()` of the sources a separate chunk. bin/aks-netiso.js runs
// dist/ only while it is newer than every source file, and the sources through tsx otherwise.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // main.ts composes the program (the check registry + the CLI); the output keeps its name.
  entryPoints: { cli: 'main.ts' },
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
