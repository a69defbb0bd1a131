import { renderCommand } from '../remediations/command.js';
import { describeOperation, type OperationDescription } from '../remediations/operations.js';
import { describePreflightItem, preflightToJson, type PreflightItemJson } from '../remediations/preflight-gate.js';
import type { FixResult, Plan } from '../remediations/types.js';
import { painter, wrapIndented, type Paint, type Tone } from './format.js';
import { OUTCOME_WORDS, RISK_WORDS, VERIFICATION_WORDS, rootCauseSentence } from './wording.js';

export interface PlanTextOptions {
  color: boolean;
  /** Width prose is wrapped to; commands and ids are never wrapped so they copy cleanly. */
  width?: number | undefined;
}

const RISK_TONE: Record<Plan['risk'], Tone> = { reversible: 'green', disruptive: 'yellow', destructive: 'red' };

function widthOf(opts: PlanTextOptions): number {
  const w = opts.width;
  return w === undefined || !Number.isFinite(w) || w <= 0 ? 80 : Math.min(100, Math.max(40, Math.floor(w)));
}

function operationLines(op: OperationDescription, i: number, width: number): string[] {
  return [
    `  ${i + 1}. ${op.method} ${op.resourceId}`,
    `     ${op.sdkCall}`,
    ...wrapIndented(op.bodySummary, width, '     '),
  ];
}

function section(title: string, lines: string[], paint: Paint): string[] {
  return lines.length === 0 ? [] : ['', paint('bold', title), ...lines];
}

const PREFLIGHT_MARK: Record<string, { mark: string; tone: Tone }> = {
  pass: { mark: '✓', tone: 'green' },
  blocked: { mark: '✗', tone: 'red' },
  unknown: { mark: '?', tone: 'yellow' },
};

/** "Can this run?": each pre-flight item under its operation, with the commands that unblock it. */
export function preflightLines(plan: Plan, paint: Paint, width: number): string[] {
  const items = plan.preflight ?? [];
  return items.flatMap((item) => {
    const d = describePreflightItem(item, plan);
    const m = PREFLIGHT_MARK[item.status] ?? { mark: '?', tone: 'yellow' as Tone };
    return [
      ...wrapIndented(`${item.status} · ${item.aspect}: ${d.text}`, width, `  ${paint(m.tone, m.mark)} ${item.operation + 1}. `, '       '),
      ...d.unblock.map((c) => paint('cyan', `       ${renderCommand(c)}`)),
    ];
  });
}

/**
 * What `fix` will do, before anything is sent: risk, what it touches, the exact ARM operations,
 * the equivalent `az` commands, and (destructive) how to confirm.
 */
export function renderPlanText(plan: Plan, opts: PlanTextOptions): string {
  const paint = painter(opts.color);
  const width = widthOf(opts);
  const out: string[] = [
    paint('bold', `Plan: ${plan.title} (${plan.remediation})`),
    `Cluster:  ${plan.clusterName}`,
    `Risk:     ${paint(RISK_TONE[plan.risk], RISK_WORDS[plan.risk])}`,
    `Mode:     ${plan.automated ? 'automated: aks-netiso applies it after you confirm' : 'guided: you run the commands below on your own resources'}`,
    `Duration: ${plan.expectedDuration}`,
    '',
    ...wrapIndented(plan.summary, width, ''),
    ...section('What it touches', plan.impact.flatMap((l) => wrapIndented(l, width, '  • ', '    ')), paint),
    ...section('ARM operations', plan.operations.map(describeOperation).flatMap((op, i) => operationLines(op, i, width)), paint),
    ...section(
      plan.automated ? 'The same with az (ready to copy)' : 'Commands to run (ready to copy)',
      plan.azCommands.map((c) => paint('cyan', `  ${renderCommand(c)}`)),
      paint,
    ),
    ...section('Can this run? (pre-flight: locks, permissions, policy, lockdown)', preflightLines(plan, paint, width), paint),
    ...section('Warnings', plan.warnings.flatMap((w) => wrapIndented(w.text, width, `  ${paint('yellow', '⚠')} `, '    ')), paint),
  ];
  if (plan.risk === 'destructive' && plan.automated) {
    out.push(
      '',
      ...wrapIndented(
        `This is destructive. To confirm, type the cluster name (${plan.clusterName}) when asked, or pass --confirm ${plan.clusterName}.`,
        width,
        '',
      ).map((l) => paint('red', l)),
    );
  }
  return `${out.join('\n')}\n`;
}

/** How `fix` ended: outcome, verification, why, where the audit log is, and what still fails. */
export function renderFixResultText(result: FixResult, opts: PlanTextOptions): string {
  const paint = painter(opts.color);
  const width = widthOf(opts);
  const good = result.outcome === 'applied' || result.outcome === 'dry-run';
  const out: string[] = [
    `${paint('bold', 'Outcome:')}      ${paint(good ? 'green' : 'red', OUTCOME_WORDS[result.outcome])}`,
  ];
  if (result.verification !== null) {
    const tone: Tone = result.verification === 'fixed' ? 'green' : result.verification === 'not-fixed' ? 'red' : 'yellow';
    out.push(`${paint('bold', 'Verification:')} ${paint(tone, VERIFICATION_WORDS[result.verification])}`);
  }
  if (result.reason) out.push(...wrapIndented(result.reason, width, `${paint('bold', 'Reason:')}       `, ' '.repeat(14)));
  if (result.auditLog) out.push(`${paint('bold', 'Audit log:')}    ${result.auditLog}`);
  const after = result.after;
  if (after && result.verification !== 'fixed' && after.rootCauses.length > 0) {
    out.push('', paint('bold', 'Still found after the fix'));
    for (const rc of after.rootCauses) out.push(...wrapIndented(rootCauseSentence(rc, after), width, '  • ', '    '));
  }
  return `${out.join('\n')}\n`;
}

/** A plan as it is shown and written: operations described, commands quoted, warnings as words. */
export interface PlanJson {
  remediation: Plan['remediation'];
  title: string;
  automated: boolean;
  risk: Plan['risk'];
  clusterId: string;
  clusterName: string;
  summary: string;
  operations: OperationDescription[];
  azCommands: string[];
  impact: string[];
  expectedDuration: string;
  verifyChecks: Plan['verifyChecks'];
  warnings: string[];
  parameters: Record<string, unknown>;
  /** Additive: pre-flight items, when the plan was checked (`operation` indexes `operations`). */
  preflight?: PreflightItemJson[] | undefined;
}

/** The plan with its keys in the type's order, whatever order the remediation built it in. */
export function planToJson(plan: Plan): PlanJson {
  return {
    remediation: plan.remediation,
    title: plan.title,
    automated: plan.automated,
    risk: plan.risk,
    clusterId: plan.clusterId,
    clusterName: plan.clusterName,
    summary: plan.summary,
    operations: plan.operations.map(describeOperation).map((o) => ({
      method: o.method,
      resourceId: o.resourceId,
      sdkCall: o.sdkCall,
      bodySummary: o.bodySummary,
      body: o.body,
    })),
    azCommands: plan.azCommands.map(renderCommand),
    impact: plan.impact,
    expectedDuration: plan.expectedDuration,
    verifyChecks: plan.verifyChecks,
    warnings: plan.warnings.map((w) => w.text),
    parameters: plan.parameters,
    ...(plan.preflight ? { preflight: preflightToJson(plan) } : {}),
  };
}

/** `fix --output json`: exactly the six keys of issue 4, two-space indent, trailing newline. */
export function renderFixResultJson(result: FixResult): string {
  const value = {
    remediation: result.remediation,
    plan: result.plan === null ? null : planToJson(result.plan),
    outcome: result.outcome,
    verification: result.verification,
    reason: result.reason,
    auditLog: result.auditLog,
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}
