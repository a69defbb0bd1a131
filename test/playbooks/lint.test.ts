import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShippedPlaybooks, parsePlaybook, PLAYBOOK_DIR } from '../../src/playbooks/load.js';
import { playbookJsonSchema } from '../../src/playbooks/schema.js';
import { renderPlaybookMarkdown } from '../../src/playbooks/render.js';
import { CHECK_IDS } from '../helpers/registry.js';

// Lint knows the check ids of the registry the program runs.
const LINT = { checkIds: CHECK_IDS };

const minimal = (steps: string, start = 'a'): string => `id: t\ntitle: T\ndescription: d\nstart: ${start}\nsteps:\n${steps}`;

describe('shipped playbooks', () => {
  it('all four load without a problem', async () => {
    const pbs = await loadShippedPlaybooks(undefined, LINT);
    expect(pbs.map((p) => p.id).sort()).toEqual(['deleted-resources', 'health-check', 'image-pull-triage', 'registry-changed-stale-nodes']);
  });

  it('the JSON Schema for editors is up to date (npx tsx scripts/playbook-schema.ts)', async () => {
    const onDisk: unknown = JSON.parse(await readFile(join(PLAYBOOK_DIR, 'playbook.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(playbookJsonSchema(CHECK_IDS))));
  });

  it('renders each as a printable runbook with every step as a section', async () => {
    for (const pb of await loadShippedPlaybooks(undefined, LINT)) {
      const md = renderPlaybookMarkdown(pb);
      expect(md.startsWith(`# ${pb.title}`)).toBe(true);
      for (const s of pb.steps) expect(md).toContain(`## ${s.id}`);
    }
  });
});

describe('playbook lint', () => {
  const cases: { name: string; text: string; line: number; message: RegExp }[] = [
    {
      name: 'unknown check id',
      text: minimal(`  - id: a\n    kind: check\n    checks: [registry.exist]\n    on: { default: b }\n  - id: b\n    kind: end\n    outcome: resolved\n    text: done\n`),
      line: 8,
      message: /steps\[0\]\.checks\[0\]: Invalid option: expected one of "cluster\.readable"/,
    },
    {
      name: 'unknown remediation id',
      text: minimal(`  - id: a\n    kind: remediate\n    remediation: reboot-everything\n    on: { fixed: b, not-fixed: b, declined: b }\n  - id: b\n    kind: end\n    outcome: resolved\n    text: done\n`),
      line: 8,
      message: /steps\[0\]\.remediation/,
    },
    {
      name: 'reference to an unknown step',
      text: minimal(`  - id: a\n    kind: inform\n    text: hello\n    next: nowhere\n`),
      line: 6,
      message: /goes to unknown step "nowhere"/,
    },
    {
      name: 'missing start step',
      text: minimal(`  - id: a\n    kind: end\n    outcome: resolved\n    text: done\n`, 'zzz'),
      line: 4,
      message: /start step "zzz" does not exist/,
    },
    {
      name: 'unknown placeholder',
      text: minimal(`  - id: a\n    kind: end\n    outcome: resolved\n    text: "see {{registry.nmae}}"\n`),
      line: 6,
      message: /unknown placeholder \{\{registry\.nmae\}\}/,
    },
    {
      name: 'check without a branch for every status',
      text: minimal(`  - id: a\n    kind: check\n    checks: [dns.zone]\n    on: { pass: b }\n  - id: b\n    kind: end\n    outcome: resolved\n    text: done\n`),
      line: 9,
      message: /no branch for warn, fail, skip, error/,
    },
    {
      name: 'unreachable step',
      text: minimal(`  - id: a\n    kind: end\n    outcome: resolved\n    text: done\n  - id: b\n    kind: end\n    outcome: resolved\n    text: done\n`),
      line: 10,
      message: /step "b" is never reached/,
    },
    {
      name: 'a loop that never ends',
      text: minimal(`  - id: a\n    kind: inform\n    text: x\n    next: b\n  - id: b\n    kind: inform\n    text: y\n    next: a\n`),
      line: 6,
      message: /can never reach an end step/,
    },
    {
      name: 'YAML syntax error',
      // The parser notices the unclosed flow sequence at the end of the input.
      text: 'id: t\ntitle: [unclosed\n',
      line: 3,
      message: /^YAML: /,
    },
  ];
  it.each(cases)('$name', ({ text, line, message }) => {
    const { playbook, problems } = parsePlaybook(text, 'bad.yaml', LINT);
    expect(playbook).toBeUndefined();
    const hit = problems.find((p) => message.test(p.message));
    expect(hit, JSON.stringify(problems)).toBeDefined();
    expect(hit?.file).toBe('bad.yaml');
    expect(hit?.line).toBe(line);
  });
});
