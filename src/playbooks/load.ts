import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { packageRoot } from '../core/package-info.js';
import { PLACEHOLDERS, placeholdersIn } from './facts.js';
import { playbookSchemaFor, successors, type Playbook, type Step } from './schema.js';

export interface PlaybookProblem {
  file: string;
  line: number;
  message: string;
}

/** What validation knows beyond the format: the check ids of the registry the program runs. */
export interface LintOptions {
  /** Check steps may name only these; any id when absent. */
  checkIds?: readonly string[] | undefined;
}

export class PlaybookError extends Error {
  constructor(readonly problems: PlaybookProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'PlaybookError';
  }
}

/** The shipped playbooks: `playbooks/` at the package root. */
export const PLAYBOOK_DIR = join(packageRoot(dirname(fileURLToPath(import.meta.url))), 'playbooks');

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  // Walk down as far as the path exists: a missing key is reported on its parent's line.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

function describePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Problems of the graph: references, reachability, endings, placeholders. */
function graphProblems(pb: Playbook): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const index = new Map<string, number>();
  pb.steps.forEach((s, i) => {
    if (index.has(s.id)) out.push({ path: ['steps', i, 'id'], message: `duplicate step id "${s.id}"` });
    else index.set(s.id, i);
  });
  if (!index.has(pb.start)) out.push({ path: ['start'], message: `start step "${pb.start}" does not exist` });
  pb.steps.forEach((s, i) => {
    for (const next of successors(s)) {
      if (!index.has(next)) out.push({ path: ['steps', i], message: `step "${s.id}" goes to unknown step "${next}"` });
    }
    if (s.kind === 'check' && !s.on.default) {
      const missing = (['pass', 'warn', 'fail', 'skip', 'error'] as const).filter((k) => !s.on[k]);
      if (missing.length) out.push({ path: ['steps', i, 'on'], message: `check step "${s.id}" has no branch for ${missing.join(', ')} (add them or "default")` });
    }
    for (const text of textsOf(s)) {
      for (const name of placeholdersIn(text)) {
        if (!(name in PLACEHOLDERS)) out.push({ path: ['steps', i], message: `unknown placeholder {{${name}}} in step "${s.id}"; known: ${Object.keys(PLACEHOLDERS).join(', ')}` });
      }
    }
  });
  // Reachability from start, and every reachable step can reach an end.
  const reachable = new Set<string>();
  const stack = [pb.start];
  while (stack.length) {
    const id = stack.pop() as string;
    if (reachable.has(id) || !index.has(id)) continue;
    reachable.add(id);
    stack.push(...successors(pb.steps[index.get(id) as number] as Step));
  }
  pb.steps.forEach((s, i) => {
    if (!reachable.has(s.id)) out.push({ path: ['steps', i, 'id'], message: `step "${s.id}" is never reached from "${pb.start}"` });
  });
  const ends = new Set(pb.steps.filter((s) => s.kind === 'end').map((s) => s.id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of pb.steps) {
      if (!ends.has(s.id) && successors(s).some((n) => ends.has(n))) {
        ends.add(s.id);
        changed = true;
      }
    }
  }
  pb.steps.forEach((s, i) => {
    if (reachable.has(s.id) && !ends.has(s.id)) out.push({ path: ['steps', i, 'id'], message: `step "${s.id}" can never reach an end step` });
  });
  return out;
}

function textsOf(s: Step): string[] {
  switch (s.kind) {
    case 'inform':
      return [s.text];
    case 'command':
      return [s.text, ...s.commands];
    case 'ask':
      return [s.question, ...s.choices.map((c) => c.label)];
    case 'remediate':
      return s.text ? [s.text] : [];
    case 'escalate':
      return [s.reason, ...s.collect];
    case 'end':
      return [s.text];
    default:
      return [];
  }
}

/** Parses and validates one playbook's YAML text; problems carry file and line. */
export function parsePlaybook(text: string, file: string, opts: LintOptions = {}): { playbook?: Playbook; problems: PlaybookProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? 1, message: `YAML: ${e.message.split('\n')[0] ?? e.message}` })),
    };
  }
  if (!isMap(doc.contents)) return { problems: [{ file, line: 1, message: 'a playbook is a YAML mapping with id, title, description, start and steps' }] };
  const parsed = playbookSchemaFor(opts.checkIds).safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => ({
        file,
        line: lineOf(doc, counter, i.path),
        message: `${describePath(i.path) || 'playbook'}: ${i.message}`,
      })),
    };
  }
  const problems = graphProblems(parsed.data).map((p) => ({ file, line: lineOf(doc, counter, p.path), message: p.message }));
  const steps = doc.get('steps');
  if (!isSeq(steps)) problems.push({ file, line: 1, message: 'steps must be a list' });
  return problems.length ? { problems } : { playbook: parsed.data, problems };
}

export async function loadPlaybookFile(file: string, opts: LintOptions = {}): Promise<{ playbook?: Playbook; problems: PlaybookProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { problems: [{ file, line: 1, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  return parsePlaybook(text, file, opts);
}

export async function shippedPlaybookFiles(dir = PLAYBOOK_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return names.map((n) => join(dir, n));
}

/** The shipped playbooks, validated; throws PlaybookError if any is broken. */
export async function loadShippedPlaybooks(dir = PLAYBOOK_DIR, opts: LintOptions = {}): Promise<Playbook[]> {
  const results = await Promise.all((await shippedPlaybookFiles(dir)).map((f) => loadPlaybookFile(f, opts)));
  const problems = results.flatMap((r) => r.problems);
  if (problems.length) throw new PlaybookError(problems);
  return results.map((r) => r.playbook as Playbook);
}

export function displayName(file: string): string {
  return file.startsWith(PLAYBOOK_DIR) ? join('playbooks', basename(file)) : file;
}
