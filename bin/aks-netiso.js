#!/usr/bin/env node
// Runs the prebuilt CLI (dist/, from `npm run build`) when it is up to date with the sources,
// else the TypeScript sources through tsx's loader, so the package also works with no build step.
// The project's tsconfig is named explicitly: from another working directory tsx would not find
// it and would compile JSX the classic way ("React is not defined").
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { chooseEntry } from './entry.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (chooseEntry(root) === 'dist') {
  // AKS_NETISO_DEBUG prints stack traces: point them at the TypeScript sources.
  if (process.env.AKS_NETISO_DEBUG) process.setSourceMapsEnabled(true);
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import('../main.ts');
}
