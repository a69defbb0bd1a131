// Regenerates playbooks/playbook.schema.json from the zod schema: `npx tsx scripts/playbook-schema.ts`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { playbookJsonSchema } from '../src/playbooks/schema.js';
import { PLAYBOOK_DIR } from '../src/playbooks/load.js';

await writeFile(join(PLAYBOOK_DIR, 'playbook.schema.json'), `${JSON.stringify(playbookJsonSchema(), null, 2)}\n`);
