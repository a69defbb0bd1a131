import type { CheckDeclarations, RootCauseRules } from '../core/check.js';
import { forMode, type CheckId, type GuideIssue, type RegistryMode, type RemediationId } from '../core/ids.js';
import type { CheckResult, RootCause } from '../core/report.js';

const NO_RULES: RootCauseRules = {};

function guideIssueOf(check: CheckDeclarations | undefined, mode: RegistryMode): GuideIssue | null {
  return check?.guideIssue ? forMode(check.guideIssue, mode) : null;
}

/** The words a root cause of this check carries: its cause phrase in the mode, and advice when nothing fixes it. */
export function describeRootCause(check: CheckDeclarations | undefined, mode: RegistryMode, remediation: RemediationId | null): Pick<RootCause, 'cause' | 'advice'> {
  const out: Pick<RootCause, 'cause' | 'advice'> = {};
  if (check) out.cause = forMode(check.causePhrase, mode);
  if (remediation === null && check?.noFixAdvice) out.advice = check.noFixAdvice;
  return out;
}

/**
 * From the findings, the fewest that explain the rest, most upstream first, by what each check
 * declares (core/check.ts `RootCauseRules`); no rule here names a check:
 * - a failing `exclusive` check is the only root cause (the cluster unreadable, not isolated);
 * - every other failing check is one, in registry order, unless a root cause before it
 *   `explains` it, or a check it is `explainedBy` (itself, or any link of the chain) fails or
 *   errors: then the failure may be a consequence, and blaming it would mislead;
 * - `fallback` checks (symptoms) are one only when nothing else is, without a remediation.
 */
export function chooseRootCauses(results: readonly CheckResult[], mode: RegistryMode, checks: readonly CheckDeclarations[]): RootCause[] {
  const declared = new Map(checks.map((c) => [c.id, c]));
  const rules = (id: CheckId): RootCauseRules => declared.get(id)?.rootCause ?? NO_RULES;
  const failing = (r: CheckResult): boolean => r.status === 'fail';
  const brokenOrUnknown = (r: CheckResult): boolean => r.status === 'fail' || r.status === 'error';

  const blocked = (rule: RootCauseRules): boolean => {
    const by = rule.explainedBy;
    if (!by) return false;
    return results.some(
      (r) => brokenOrUnknown(r) && ((by.checks ?? []).includes(r.id) || (by.chain !== undefined && rules(r.id).chain === by.chain)),
    );
  };

  const make = (r: CheckResult, remediation: RemediationId | null): RootCause => ({
    checkId: r.id,
    guideIssue: guideIssueOf(declared.get(r.id), mode),
    summary: r.summary,
    remediation,
    ...describeRootCause(declared.get(r.id), mode, remediation),
  });

  const gate = results.find((r) => failing(r) && rules(r.id).exclusive);
  if (gate) return [make(gate, gate.remediations[0] ?? null)];

  const causes: RootCause[] = [];
  const explained = new Set<CheckId>();
  for (const r of results) {
    const rule = rules(r.id);
    if (!failing(r) || rule.fallback || explained.has(r.id) || blocked(rule)) continue;
    causes.push(make(r, r.remediations[0] ?? null));
    for (const e of rule.explains ?? []) explained.add(e);
  }
  if (causes.length > 0) return causes;
  // Symptoms nothing explains are reported as such, unless what could explain them is unknown.
  return results.filter((r) => failing(r) && rules(r.id).fallback && !blocked(rules(r.id))).map((r) => make(r, null));
}
