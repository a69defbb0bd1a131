// Regenerates docs/report.schema.json from the zod schema the JSON writer serialises through:
// `npx tsx scripts/report-schema.ts`.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { reportJsonSchema } from '../src/output/report-schema.js';

await writeFile(fileURLToPath(new URL('../docs/report.schema.json', import.meta.url)), `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
