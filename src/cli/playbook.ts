import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { displayName, loadPlaybookFile, loadShippedPlaybooks, shippedPlaybookFiles, PlaybookError } from '../playbooks/load.js';
import { renderPlaybookMarkdown, renderTranscriptMarkdown } from '../playbooks/render.js';
import { NO_TERMINAL, PlaybookRun, type StepView } from '../playbooks/runner.js';
import type { Playbook } from '../playbooks/schema.js';
import { transcriptFileName } from '../app/file-names.js';
import { action, addTargetOptions, checkWritable, collect, oneOf, targetArgs, useColor, type ProgramDeps } from './common.js';

async function findPlaybook(id: string, deps: ProgramDeps): Promise<Playbook> {
  let all: Playbook[];
  try {
    all = await loadShippedPlaybooks(undefined, lintOptions(deps));
  } catch (e) {
    if (e instanceof PlaybookError) throw new UsageError(`the shipped playbooks are broken:\n${e.message}`);
    throw e;
  }
  const pb = all.find((p) => p.id === id);
  if (!pb) throw new UsageError(`unknown playbook "${id}"; one of: ${all.map((p) => p.id).join(', ')}`);
  return pb;
}

/** Plain-text walk for scripts and non-terminals: answers come from --answer, fixes need --yes. */
async function runHeadless(pb: Playbook, opts: Record<string, unknown>, deps: ProgramDeps): Promise<number> {
  const answers = new Map<string, string>();
  for (const a of (opts.answer as string[] | undefined) ?? []) {
    const m = /^([a-z0-9-]+)=(.+)$/.exec(a);
    if (!m?.[1] || !m[2]) throw new UsageError(`--answer must be STEP=VALUE; got "${a}"`);
    answers.set(m[1], m[2]);
  }
  const color = useColor(process.stdout);
  const { openSession } = await import('../app/session.js');
  const { playbookDriver } = await import('../app/playbook-driver.js');
  const { defaultAuditPath } = await import('../remediations/audit.js');
  const { renderPlanText } = await import('../output/plan.js');
  const session = await openSession(targetArgs(opts), deps);
  const startedAt = new Date();
  try {
    const run = new PlaybookRun(
      pb,
      playbookDriver(session, {
        auditLogPath: typeof opts.auditLog === 'string' ? opts.auditLog : defaultAuditPath(),
        onPlan: (plan) => process.stdout.write(`${renderPlanText(plan, { color })}\n`),
        confirm: (plan) =>
          Promise.resolve(
            !opts.yes
              ? { notApplied: process.stdin.isTTY ? 'not applied: a scripted run (--answer) without --yes (plan recorded)' : NO_TERMINAL }
              : plan.risk !== 'destructive'
                ? 'yes'
                : typeof opts.confirm === 'string'
                  ? opts.confirm
                  : { notApplied: 'not applied: destructive, and --confirm CLUSTER-NAME was not given (plan recorded)' },
          ),
      }),
    );
    let view: StepView = await run.start();
    const printed = new Set<number>();
    const flush = (): void => {
      run.transcript.forEach((t, i) => {
        if (printed.has(i)) return;
        printed.add(i);
        process.stdout.write(`\n▸ ${t.title}${t.automatic ? ' (automatic)' : ''}\n${t.text}\n${t.commands?.length ? `${t.commands.map((c) => `  $ ${c}`).join('\n')}\n` : ''}${t.result ? `→ ${t.result}\n` : ''}`);
      });
    };
    for (let guard = 0; guard < 200 && view.kind !== 'end'; guard++) {
      flush();
      if (view.kind === 'ask') {
        const a = answers.get(view.step.id);
        if (!a) {
          throw new UsageError(`step "${view.step.id}" asks: ${view.question} Answer with --answer ${view.step.id}=VALUE (${view.choices.map((c) => c.value).join(' | ')}), or run it in a terminal`);
        }
        try {
          view = run.answer(a);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      } else if (view.kind === 'remediate') {
        view = await run.remediate(true);
      } else {
        view = run.proceed();
      }
    }
    flush();
    if (view.kind === 'end') process.stdout.write(`\n■ Outcome: ${view.outcome}. ${view.text}\n`);
    const file = typeof opts.transcript === 'string' ? opts.transcript : transcriptFileName(pb.id);
    await writeFile(file, renderTranscriptMarkdown(run, { startedAt, finishedAt: new Date(), operator: await session.azure.principal().catch(() => undefined) }));
    process.stderr.write(`transcript: ${file}\n`);
    return view.kind === 'end' && (view.outcome === 'resolved' || view.outcome === 'no-problem') ? 0 : 1;
  } finally {
    await session.close();
  }
}

/** Playbooks name checks by id: lint knows the ids of the registry the program runs. */
function lintOptions(deps: ProgramDeps): { checkIds: string[] } {
  return { checkIds: deps.checks.map((c) => c.id) };
}

export function registerPlaybook(program: Command, deps: ProgramDeps, openStepper: (pb: Playbook, opts: Record<string, unknown>) => Promise<number>): void {
  const pbCmd = program.command('playbook').description('guided playbooks for support staff');

  pbCmd
    .command('list')
    .description('the shipped playbooks')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(
      action(async (opts: { output?: string }) => {
        const format = oneOf('--output', opts.output, ['text', 'json'] as const, 'text');
        const rows = (await loadShippedPlaybooks(undefined, lintOptions(deps))).map((p) => ({ id: p.id, title: p.title, description: p.description.trim() }));
        if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else {
          const w = Math.max(...rows.map((r) => r.id.length));
          for (const r of rows) process.stdout.write(`${r.id.padEnd(w)}  ${r.title}\n`);
        }
        return 0;
      }),
    );

  pbCmd
    .command('lint')
    .description('validate playbook files (the shipped ones when none is given)')
    .argument('[files...]')
    .action(
      action(async (files: string[]) => {
        const list = files.length ? files : await shippedPlaybookFiles();
        const results = await Promise.all(list.map((f) => loadPlaybookFile(f, lintOptions(deps))));
        let bad = 0;
        results.forEach((r, i) => {
          const file = displayName(list[i] ?? '');
          if (r.problems.length === 0) process.stdout.write(`ok   ${file}\n`);
          for (const p of r.problems) {
            bad++;
            process.stdout.write(`${displayName(p.file)}:${p.line}: ${p.message}\n`);
          }
        });
        if (bad) process.stdout.write(`${bad} problem${bad === 1 ? '' : 's'}\n`);
        return bad ? 1 : 0;
      }),
    );

  pbCmd
    .command('render')
    .description('a printable runbook')
    .argument('<id>')
    .option('--format <format>', 'markdown', 'markdown')
    .action(
      action(async (id: string, opts: { format?: string }) => {
        oneOf('--format', opts.format, ['markdown'] as const, 'markdown');
        process.stdout.write(renderPlaybookMarkdown(await findPlaybook(id, deps)));
        return 0;
      }),
    );

  const run = pbCmd
    .command('run')
    .description('walk a playbook on a cluster (a stepper in a terminal; plain text otherwise)')
    .argument('<id>')
    .option('--answer <step=value>', 'answer a question step without asking (repeatable)', collect)
    .option('-y, --yes', 'apply offered fixes without asking (non-interactive runs)')
    .option('--confirm <cluster-name>', 'the cluster name, to apply a destructive fix non-interactively')
    .option('--transcript <file>', 'where to save the session transcript (Markdown)')
    .option('--audit-log <file>', 'audit log for fixes');
  addTargetOptions(run);
  run.action(
    action(async (id: string, opts: Record<string, unknown>) => {
      const pb = await findPlaybook(id, deps);
      if (typeof opts.transcript === 'string') await checkWritable(opts.transcript);
      if (process.stdout.isTTY && process.stdin.isTTY && !opts.answer) return openStepper(pb, opts);
      return runHeadless(pb, opts, deps);
    }),
  );
}
