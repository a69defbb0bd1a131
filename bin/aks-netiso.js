#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader so the package needs no build step. The
// project's tsconfig is named explicitly: from another working directory tsx would not find it
// and would compile JSX the classic way ("React is not defined").
import { fileURLToPath, URL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli.tsx');
