#!/usr/bin/env node
// Prebuilds the CLI into dist/ so a command starts without compiling TypeScript first, and bundles
// the runtime packages with it: the installed package has no dependencies to resolve (about 1,700
// files fewer read on a scenario diagnosis). Code splitting keeps every `await import()` a
// separate chunk, so what a command does not use (the TUI, the SDKs of another path) stays unloaded.
// The notices of the bundled packages go to dist/THIRD_PARTY_NOTICES.md. bin/aks-netiso.js runs
// dist/ in an installed package, and in a checkout while dist/ is newer than every source file.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import process from 'node:process';
import { basename, dirname, extname } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { BUILT_ENTRY, SOURCE_ENTRY } from '../bin/entry.js';
import { writeNotices } from './notices.mjs';

// `npm pack` and `npm publish` run prepack and then prepare: build once, in prepack.
if (process.env.npm_lifecycle_event === 'prepare' && ['pack', 'publish'].includes(process.env.npm_command ?? '')) process.exit(0);

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}${dirname(BUILT_ENTRY)}`;

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { [basename(BUILT_ENTRY, extname(BUILT_ENTRY))]: SOURCE_ENTRY },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Bundled CommonJS packages call require() for Node's built-ins: give the ES module chunks one.
  banner: { js: "import { createRequire as __aksCreateRequire } from 'node:module'; const require = __aksCreateRequire(import.meta.url);" },
  // Optional peers some packages probe for with a guarded require(); absent here, and never needed.
  external: ['bufferutil', 'utf-8-validate', 'react-devtools-core'],
  mainFields: ['module', 'main'],
  jsx: 'automatic',
  sourcemap: true,
  // Stack traces (AKS_NETISO_DEBUG) need the mappings only: without the sources' text dist/ is 17 MB smaller.
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
await writeNotices(root, result.metafile, `${outdir}/THIRD_PARTY_NOTICES.md`);
