// The composition root: the program with its checks. Nothing in src/ imports checks/; the
// registry reaches the engine from here, through the CLI.
import { CHECKS } from './checks/index.js';
import { main } from './src/cli.js';

await main(process.argv, { checks: CHECKS });
