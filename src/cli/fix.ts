import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { UsageError } from '../app/errors.js';
import { REMEDIATION_IDS, type RemediationId } from '../engine/types.js';
import { PlanError, type FixResult, type Plan, type PlanOptions } from '../remediations/types.js';
import { action, addTargetOptions, collect, oneOf, targetArgs, useColor, type ProgramDeps } from './common.js';

interface FixCliOptions {
  dryRun?: boolean;
  yes?: boolean;
  confirm?: string;
  pool?: string[];
  source?: string;
  target?: string;
  ruleName?: string;
  output?: string;
  auditLog?: string;
  [k: string]: unknown;
}

/** The answer, or undefined when the operator pressed Ctrl-C or Ctrl-D at the prompt. */
async function ask(question: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const ended = new Promise<undefined>((resolve) => rl.once('close', () => resolve(undefined)));
  try {
    return (await Promise.race([rl.question(question), ended]))?.trim();
  } catch (e) {
    // readline rejects the question with an AbortError on Ctrl-C.
    if ((e as { code?: string }).code === 'ABORT_ERR') return undefined;
    throw e;
  } finally {
    rl.close();
  }
}

const CANCELLED = 'cancelled at the prompt (Ctrl-C or end of input)';

/**
 * The line-by-line renderer of the confirmation prompt: `Apply …? [y/N]`, then the typed
 * cluster name of a destructive plan unless --confirm gave it. Returns the confirmation to hand
 * to the core, or the FixResult code and reason of not applying. A wrong name goes on to the
 * core, which refuses it and audits the refusal.
 */
async function confirmAtTerminal(plan: Plan, opts: { yes: boolean; confirmation: string | undefined; interactive: boolean }): Promise<{ confirmation: string | undefined } | { code: 'cancelled' | 'not-confirmed'; reason: string }> {
  const { promptLine } = await import('../remediations/confirm.js');
  const unknown = (plan.preflight ?? []).filter((i) => i.status === 'unknown').length;
  // What pre-flight could not check is part of what the operator confirms.
  const caveat = unknown > 0 ? ` Pre-flight could not check ${unknown} item${unknown === 1 ? '' : 's'} (see "Can this run?"); confirming accepts that.` : '';
  if (opts.yes && unknown > 0) process.stderr.write(`--yes:${caveat}\n`);
  if (!opts.yes) {
    const answer = promptLine({ kind: 'yes-no' }, await ask(`Apply ${plan.title} to ${plan.clusterName}?${caveat} [y/N] `));
    if (answer.kind === 'cancel') {
      process.stderr.write('\n');
      return { code: 'cancelled', reason: CANCELLED };
    }
    if (answer.kind !== 'yes') return { code: 'not-confirmed', reason: 'not confirmed' };
  }
  // Without a terminal a missing --confirm is left to applyPlan, which audits the refusal
  // (planned → refused) just as it does a wrong one.
  if (plan.risk !== 'destructive' || opts.confirmation !== undefined || !opts.interactive) return { confirmation: opts.confirmation };
  const named = promptLine({ kind: 'cluster-name', clusterName: plan.clusterName }, await ask(`This is destructive. Type the cluster name (${plan.clusterName}) to confirm: `));
  if (named.kind === 'cancel') {
    process.stderr.write('\n');
    return { code: 'cancelled', reason: CANCELLED };
  }
  return { confirmation: named.kind === 'wrong-name' ? named.typed : named.kind === 'yes' ? named.confirmation : undefined };
}

function exitCodeOf(result: FixResult): number {
  if (result.outcome === 'dry-run') return 0;
  return result.outcome === 'applied' && result.verification === 'fixed' ? 0 : 1;
}

export function registerFix(program: Command, deps: ProgramDeps): void {
  const cmd = program
    .command('fix')
    .argument('<remediation>', `one of: ${REMEDIATION_IDS.join(', ')}`)
    .description('preview, confirm, apply, audit and verify one remediation')
    .option('--dry-run', 'show the plan only; change nothing')
    .option('-y, --yes', 'apply without asking (destructive remediations still need --confirm)')
    .option('--confirm <cluster-name>', "the cluster's name, required to apply a destructive remediation")
    .option('--pool <name>', 'upgrade-node-image: a pool to upgrade (repeatable; default the stale pools)', collect)
    .option('--source <repo>', 'create-cache-rule: source repository, e.g. docker.io/library/nginx')
    .option('--target <repo>', 'create-cache-rule: target repository, e.g. nginx')
    .option('--rule-name <name>', 'create-cache-rule: the rule name')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--audit-log <file>', 'audit log (default $XDG_STATE_HOME/aks-netiso/audit.jsonl)');
  addTargetOptions(cmd);
  cmd.action(
    action(async (remediationId: string, opts: FixCliOptions) => {
      const format = oneOf('--output', opts.output, ['text', 'json'] as const, 'text');
      if (!(REMEDIATION_IDS as readonly string[]).includes(remediationId)) {
        throw new UsageError(`unknown remediation "${remediationId}"; one of: ${REMEDIATION_IDS.join(', ')}`);
      }
      if ((opts.source === undefined) !== (opts.target === undefined)) throw new UsageError('--source and --target go together');
      const id = remediationId as RemediationId;
      const { openSession } = await import('../app/session.js');
      const { getRemediation } = await import('../remediations/index.js');
      const { applyWithAudit } = await import('../app/apply-fix.js');
      const { defaultAuditPath } = await import('../remediations/audit.js');
      const { renderFixResultJson, renderFixResultText, renderPlanText } = await import('../output/plan.js');
      const { fixResult } = await import('../remediations/fix-result.js');
      const { describeOperation } = await import('../remediations/operations.js');
      const { withPreflight } = await import('../remediations/preflight-gate.js');
      const { createLogUpdate } = await import('log-update');
      const color = useColor(process.stdout);
      const out = (s: string): void => {
        if (format === 'text') process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
      };
      let planShown = false;
      const finish = (result: FixResult): number => {
        if (format === 'json') process.stdout.write(renderFixResultJson(result));
        else out(`${planShown ? '\n' : ''}${renderFixResultText(result, { color })}`);
        return exitCodeOf(result);
      };

      const session = await openSession(targetArgs(opts), deps);
      try {
        const report = await session.diagnose();
        const planOptions: PlanOptions = { pools: opts.pool, source: opts.source, target: opts.target, ruleName: opts.ruleName };
        let plan: Plan;
        try {
          plan = await withPreflight(await getRemediation(id).plan(report, { azure: session.azure, checks: session.checks, facts: session.facts }, planOptions), session.azure);
        } catch (e) {
          if (!(e instanceof PlanError)) throw e;
          return finish(fixResult(null, id, 'refused', 'plan-refused', e.message));
        }
        out(renderPlanText(plan, { color }));
        planShown = format === 'text';

        const interactive = !!process.stdin.isTTY && !!process.stdout.isTTY && format === 'text';
        // A plan pre-flight found blocked is refused up front (audited by the core), never asked about.
        const blocked = (plan.preflight ?? []).some((i) => i.status === 'blocked');
        const dryRun = opts.dryRun
          ? { code: 'dry-run-requested' as const, why: `--dry-run was given${blocked ? '; pre-flight found this plan blocked, so applying it would be refused (see "Can this run?")' : ''}` }
          : !plan.automated
            ? { code: 'guided' as const, why: 'this remediation is guided: run the commands above on your own resources' }
            : !opts.yes && !interactive && !blocked
              ? { code: 'no-terminal' as const, why: 'no terminal to confirm in and no --yes: showing the plan only' }
              : undefined;
        if (dryRun) return finish(fixResult(plan, id, 'dry-run', dryRun.code, dryRun.why));

        const confirmed = blocked ? { confirmation: undefined } : await confirmAtTerminal(plan, { yes: !!opts.yes, confirmation: opts.confirm, interactive });
        if ('code' in confirmed) return finish(fixResult(plan, id, 'refused', confirmed.code, confirmed.reason));

        const auditPath = opts.auditLog ?? defaultAuditPath();
        const controller = new AbortController();
        // Progress is one line on stderr, redrawn in place, only when stderr is a terminal.
        const progressLine = format === 'text' && process.stderr.isTTY ? createLogUpdate(process.stderr, { showCursor: true }) : undefined;
        let following = true;
        const onSigint = (): void => {
          following = false;
          progressLine?.done();
          process.stderr.write(`${progressLine ? '' : '\n'}Interrupted: the operation continues in Azure; aks-netiso stops following it.\n`);
          controller.abort();
        };
        process.once('SIGINT', onSigint);
        try {
          const result = await applyWithAudit(
            session,
            plan,
            report,
            auditPath,
            {
              confirmation: confirmed.confirmation,
              signal: controller.signal,
              onProgress: (p) => {
                if (!progressLine || !following) return;
                const op = plan.operations[p.operation];
                const d = op ? describeOperation(op) : undefined;
                progressLine(`${d ? `${d.method} ${d.sdkCall}` : 'operation'}: ${p.progress.status} (${Math.round(p.progress.elapsedMs / 1000)} s)`);
              },
            },
            opts.auditLog ? '. Choose another --audit-log FILE' : '. Pass --audit-log FILE',
          );
          if (following) progressLine?.clear();
          return finish(result);
        } finally {
          process.removeListener('SIGINT', onSigint);
        }
      } finally {
        await session.close();
      }
    }),
  );
}
