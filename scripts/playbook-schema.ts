// Regenerates playbooks/playbook.schema.json from the zod schema and the check registry:
// `npx tsx scripts/playbook-schema.ts` (after adding a check, so editors know its id).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKS } from '../checks/index.js';
import { playbookJsonSchema } from '../src/playbooks/schema.js';
import { PLAYBOOK_DIR } from '../src/playbooks/load.js';

await writeFile(join(PLAYBOOK_DIR, 'playbook.schema.json'), `${JSON.stringify(playbookJsonSchema(CHECKS.map((c) => c.id)), null, 2)}\n`);
