#!/usr/bin/env node
// Runs the prebuilt CLI (dist/, from `npm run build` or `npm pack`), or in a checkout whose dist/
// is stale the TypeScript sources through tsx's loader (see entry.js). The project's tsconfig is
// named explicitly: from another working directory tsx would not find it and would compile JSX
// the classic way ("React is not defined").
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { BUILT_ENTRY, chooseEntry, SOURCE_ENTRY } from './entry.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A missing module of our own is a broken install or checkout: say what to do, not a stack trace. */
function missing(e, what, fix) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  process.stderr.write(`aks-netiso: ${what} (${e.message.split('\n', 1)[0]}); ${fix}\n`);
  process.exit(3);
}

if (chooseEntry(root) === 'dist') {
  // Node >= 22.1 keeps V8's compiled code of dist/ on disk between runs (NODE_DISABLE_COMPILE_CACHE=1
  // turns it off); older Node has no such cache and compiles every start.
  if (typeof nodeModule.enableCompileCache === 'function') {
    try {
      nodeModule.enableCompileCache();
    } catch {
      // a cache that cannot be written costs speed, never the command
    }
  }
  // AKS_NETISO_DEBUG prints stack traces: point them at the TypeScript sources.
  if (process.env.AKS_NETISO_DEBUG) process.setSourceMapsEnabled(true);
  await import(pathToFileURL(join(root, BUILT_ENTRY)).href).catch((e) =>
    missing(e, `cannot load ${BUILT_ENTRY}`, 'reinstall aks-netiso, or run `npm run build` in a checkout'));
} else {
  const tsx = await import('tsx/esm/api').catch((e) =>
    missing(e, `${BUILT_ENTRY} is missing or older than the sources and tsx is not installed`, 'run `npm run build`, or `npm ci` for the dev dependencies'));
  tsx.register({ tsconfig: join(root, 'tsconfig.json') });
  await import(pathToFileURL(join(root, SOURCE_ENTRY)).href);
}
