import { preflightToJson, type PreflightItemJson } from '../remediations/preflight-gate.js';
import type { Cluster } from '../azure/types.js';
import type { CheckStatus, KubeFailureReason, RemediationId } from '../core/ids.js';
import type { Report } from '../core/report.js';
import { renderCommand } from '../remediations/command.js';
import type { FixResult, Plan } from '../remediations/types.js';
import { factValues, fill, type FactValues } from './facts.js';
import type { Playbook, Step } from './schema.js';

/** What the runner needs from the program: the diagnosis and the remediation path. */
export interface PlaybookDriver {
  diagnose(): Promise<Report>;
  cluster?(clusterId: string): Promise<Cluster | undefined>;
  /**
   * Offers a remediation through the same preview, confirm, audit and verify path as `fix`.
   * Returns the result; a plan that was made but not applied (`NotApplied`, or the bare
   * `declined` of older drivers that kept no plan).
   */
  remediate(remediation: RemediationId, report: Report): Promise<FixResult | NotApplied | 'declined'>;
}

/** A plan that was made but not applied: the operator declined, or nobody could confirm it. */
export interface NotApplied {
  remediation: RemediationId;
  plan: Plan;
  /** What really happened, e.g. `declined by the operator`. */
  reason: string;
}

export const DECLINED_BY_OPERATOR = 'declined by the operator';
export const NO_TERMINAL = 'not applied: no terminal to confirm in (plan recorded)';

/** Results that changed (or may have changed) the cluster: the steps before them cannot be redone. */
function touchedCluster(result: FixResult): boolean {
  return result.outcome === 'applied' || result.outcome === 'failed' || result.outcome === 'interrupted' || result.outcome === 'unknown';
}

export interface TranscriptEntry {
  stepId: string;
  kind: Step['kind'];
  title: string;
  /** The step's text with placeholders filled. */
  text: string;
  commands?: string[] | undefined;
  /** The plan offered at a remediate step, applied or not. */
  plan?: { title: string; risk: Plan['risk']; preflight?: PreflightItemJson[] | undefined } | undefined;
  /** What happened: the branch taken, the answer, the fix outcome. */
  result?: string | undefined;
  automatic: boolean;
  at: string;
}

export type Outcome = 'resolved' | 'no-problem' | 'not-applicable' | 'escalated' | 'customer-action';

/** What the operator sees and can do at the current step. */
export type StepView =
  | { kind: 'ask'; step: Step & { kind: 'ask' }; question: string; choices: { value: string; label: string }[] }
  | { kind: 'inform' | 'command' | 'escalate'; step: Step; text: string; commands: string[] }
  | { kind: 'remediate'; step: Step & { kind: 'remediate' }; remediation: RemediationId | null; text: string }
  | { kind: 'end'; step: Step & { kind: 'end' }; outcome: Outcome; text: string };

const SEVERITY: CheckStatus[] = ['fail', 'error', 'skip', 'warn', 'pass'];

/** The API server could not be reached at all (as opposed to refusing the identity). */
const OUT_OF_REACH: readonly KubeFailureReason[] = ['notConfigured', 'unreachable', 'timeout'];

/** The branch status of several checks: the worst of them. */
export function worstStatus(report: Report, ids: readonly string[]): CheckStatus {
  const statuses = ids.map((id) => report.checks.find((c) => c.id === id)?.status ?? 'skip');
  return SEVERITY.find((s) => statuses.includes(s)) ?? 'pass';
}

function factAnswer(step: Step & { kind: 'ask' }, report: Report): string | undefined {
  switch (step.fact) {
    case 'registryMode':
      return report.registryMode === 'unknown' ? undefined : report.registryMode;
    case 'networkIsolated':
      return report.networkIsolated === null ? undefined : report.networkIsolated ? 'yes' : 'no';
    case 'kubeReachable': {
      // Known from the checks that read Kubernetes: any of them says why it could not.
      const unavailable = report.checks.map((c) => c.data?.kubeUnavailable).find((r) => r !== undefined);
      return unavailable !== undefined && OUT_OF_REACH.includes(unavailable) ? 'no' : 'yes';
    }
    case 'hasRootCause':
      return report.rootCauses.length > 0 ? 'yes' : 'no';
    default:
      return undefined;
  }
}

/**
 * One walk through a playbook. Check steps and questions the facts already answer resolve by
 * themselves (and are recorded as automatic); the others wait for the operator. `back()` returns
 * to the previous step that waited for the operator.
 */
export class PlaybookRun {
  report: Report | undefined;
  facts: FactValues = {};
  readonly transcript: TranscriptEntry[] = [];
  private current: string;
  private readonly history: { stepId: string; transcriptLength: number; fixes: number; notApplied: number }[] = [];
  /** History entries below this index cannot be undone: a fix changed the cluster after them. */
  private barrier = 0;
  private readonly index: Map<string, Step>;
  readonly fixes: FixResult[] = [];
  /** Plans made at remediate steps and not applied (declined, or no one to confirm). */
  readonly notApplied: NotApplied[] = [];

  constructor(
    readonly playbook: Playbook,
    private readonly driver: PlaybookDriver,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.index = new Map(playbook.steps.map((s) => [s.id, s]));
    this.current = playbook.start;
  }

  private step(id = this.current): Step {
    const s = this.index.get(id);
    if (!s) throw new Error(`playbook ${this.playbook.id}: no step "${id}"`);
    return s;
  }

  private record(step: Step, text: string, result: string | undefined, automatic: boolean, commands?: string[], plan?: Plan): void {
    this.transcript.push({
      stepId: step.id, kind: step.kind, title: step.title ?? step.id, text, commands,
      plan: plan ? { title: plan.title, risk: plan.risk, ...(plan.preflight ? { preflight: preflightToJson(plan) } : {}) } : undefined, result, automatic, at: this.now().toISOString(),
    });
  }

  private async refresh(): Promise<void> {
    this.report = await this.driver.diagnose();
    const cluster = this.driver.cluster ? await this.driver.cluster(this.report.cluster).catch(() => undefined) : undefined;
    this.facts = factValues(this.report, cluster);
  }

  async start(): Promise<StepView> {
    await this.refresh();
    return this.settle();
  }

  /** Follows automatic steps until one needs the operator (or the end). */
  private settle(): StepView {
    for (let guard = 0; guard < 200; guard++) {
      const s = this.step();
      const report = this.report as Report;
      if (s.kind === 'check') {
        const status = worstStatus(report, s.checks);
        const next = s.on[status] ?? s.on.default;
        const lines = s.checks.map((id) => {
          const c = report.checks.find((x) => x.id === id);
          return `${id}: ${c?.status ?? 'skip'} — ${c?.summary ?? 'not run'}`;
        });
        this.record(s, lines.join('\n'), `${status} → ${next ?? '?'}`, true);
        if (!next) throw new Error(`playbook ${this.playbook.id}: step "${s.id}" has no branch for ${status}`);
        this.current = next;
        continue;
      }
      if (s.kind === 'ask' && s.fact) {
        const known = factAnswer(s, report);
        const choice = s.choices.find((c) => c.value === known);
        if (choice) {
          this.record(s, fill(s.question, this.facts), `${choice.label} (known from the diagnosis)`, true);
          this.current = choice.next;
          continue;
        }
      }
      return this.view();
    }
    throw new Error(`playbook ${this.playbook.id}: more than 200 automatic steps (a loop?)`);
  }

  view(): StepView {
    const s = this.step();
    switch (s.kind) {
      case 'ask':
        return { kind: 'ask', step: s, question: fill(s.question, this.facts), choices: s.choices.map((c) => ({ value: c.value, label: fill(c.label, this.facts) })) };
      case 'inform':
        return { kind: 'inform', step: s, text: fill(s.text, this.facts), commands: [] };
      case 'command':
        return { kind: 'command', step: s, text: fill(s.text, this.facts), commands: s.commands.map((c) => fill(c, this.facts)) };
      case 'escalate':
        return { kind: 'escalate', step: s, text: this.escalationSummary(s), commands: [] };
      case 'remediate':
        return { kind: 'remediate', step: s, remediation: this.remediationOf(s), text: fill(s.text ?? '', this.facts) };
      case 'end':
        return { kind: 'end', step: s, outcome: s.outcome, text: fill(s.text, this.facts) };
      case 'check':
        throw new Error('check steps resolve automatically');
    }
  }

  get done(): boolean {
    return this.step().kind === 'end';
  }

  private remediationOf(s: Step & { kind: 'remediate' }): RemediationId | null {
    if (s.remediation !== 'root-cause') return s.remediation;
    return this.report?.rootCauses.find((r) => r.remediation)?.remediation ?? null;
  }

  private escalationSummary(s: Step & { kind: 'escalate' }): string {
    const r = this.report;
    const rc = r?.rootCauses.map((x) => `- ${x.summary}${x.remediation ? ` (fix: ${x.remediation})` : ''}`).join('\n') || '- no root cause found';
    const failing = r?.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `- ${c.id}: ${c.status} — ${c.summary}`).join('\n') || '- none';
    return [
      fill(s.reason, this.facts),
      '',
      `Cluster: ${this.facts['cluster.id'] ?? ''}`,
      'Root causes:',
      rc,
      'Failing checks:',
      failing,
      '',
      'Attach: the report (aks-netiso diagnose --output json --out report.json) and an environment capture (aks-netiso capture --redact -o bundle.json).',
      ...s.collect.map((c) => `Also collect: ${fill(c, this.facts)}`),
    ].join('\n');
  }

  private go(next: string, result: string | undefined, plan?: Plan, lengths = { fixes: this.fixes.length, notApplied: this.notApplied.length }): StepView {
    const s = this.step();
    const v = this.view();
    const text = v.kind === 'ask' ? v.question : v.text;
    this.history.push({ stepId: s.id, transcriptLength: this.transcript.length, ...lengths });
    this.record(s, text, result, false, v.kind === 'command' ? v.commands : plan?.azCommands.map(renderCommand), plan);
    this.current = next;
    return this.settle();
  }

  /** Acknowledge an inform, command or escalate step. */
  proceed(): StepView {
    const s = this.step();
    if (s.kind !== 'inform' && s.kind !== 'command' && s.kind !== 'escalate') throw new Error(`step "${s.id}" is a ${s.kind} step`);
    return this.go(s.next, s.kind === 'escalate' ? 'escalated' : 'done');
  }

  answer(value: string): StepView {
    const s = this.step();
    if (s.kind !== 'ask') throw new Error(`step "${s.id}" is not a question`);
    const choice = s.choices.find((c) => c.value === value);
    if (!choice) throw new Error(`"${value}" is not a choice of step "${s.id}" (${s.choices.map((c) => c.value).join(', ')})`);
    return this.go(choice.next, choice.label);
  }

  /** Offers the step's remediation; `accept` false declines it. */
  async remediate(accept: boolean): Promise<StepView> {
    const s = this.step();
    if (s.kind !== 'remediate') throw new Error(`step "${s.id}" is not a remediation`);
    const id = this.remediationOf(s);
    if (!id) return this.go(s.on['not-applicable'] ?? s.on.declined, 'no remediation applies');
    if (!accept) return this.go(s.on.declined, `${id}: skipped by the operator`);
    const lengths = { fixes: this.fixes.length, notApplied: this.notApplied.length };
    const result = await this.driver.remediate(id, this.report as Report);
    if (result === 'declined') return this.go(s.on.declined, `${id}: ${DECLINED_BY_OPERATOR}`);
    if (!('outcome' in result)) {
      this.notApplied.push(result);
      return this.go(s.on.declined, `${id}: ${result.reason}`, result.plan, lengths);
    }
    this.fixes.push(result);
    if (result.outcome === 'applied' || result.plan?.automated === false) await this.refresh();
    const branch =
      result.plan && !result.plan.automated
        ? (s.on.guided ?? s.on['not-fixed'])
        : result.outcome === 'applied' && result.verification === 'fixed'
          ? s.on.fixed
          : result.outcome === 'refused' && /no longer there/i.test(result.reason)
            ? s.on.fixed
            : s.on['not-fixed'];
    // Every plan's commands go to the transcript: a guided plan is only useful if they reach the customer.
    const view = this.go(branch, `${id}: ${result.outcome}${result.verification ? `, ${result.verification}` : ''} — ${result.reason}`, result.plan ?? undefined, lengths);
    if (touchedCluster(result)) this.barrier = this.history.length;
    return view;
  }

  canGoBack(): boolean {
    return this.history.length > this.barrier;
  }

  /** True when going back is refused because a fix changed the cluster since. */
  backBlockedByFix(): boolean {
    return this.barrier > 0 && this.history.length === this.barrier;
  }

  back(): StepView {
    if (!this.canGoBack()) return this.view();
    const h = this.history.pop();
    if (!h) return this.view();
    this.transcript.length = h.transcriptLength;
    this.fixes.length = h.fixes;
    this.notApplied.length = h.notApplied;
    this.current = h.stepId;
    return this.view();
  }
}
