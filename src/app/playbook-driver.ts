import type { RemediationId, Report } from '../engine/types.js';
import { DECLINED_BY_OPERATOR, type NotApplied, type PlaybookDriver } from '../playbooks/runner.js';
import { getRemediation } from '../remediations/index.js';
import { fixResult } from '../remediations/fix-result.js';
import { withPreflight } from '../remediations/preflight-gate.js';
import { PlanError, type FixResult, type Plan } from '../remediations/types.js';
import type { Session } from './session.js';
import { applyWithAudit } from './apply-fix.js';

export interface DriverPolicy {
  auditLogPath: string;
  /**
   * Decides whether to apply a plan: returns the typed confirmation (the cluster name for a
   * destructive plan, any string otherwise), undefined when the operator declines, or
   * `{ notApplied }` saying why nobody could confirm (no terminal). Guided plans never ask.
   */
  confirm(plan: Plan): Promise<string | undefined | { notApplied: string }>;
  onPlan?: ((plan: Plan) => void) | undefined;
}

/**
 * The playbook's view of the program: diagnosis over the session, remediations through exactly
 * the path of `aks-netiso fix` (plan, confirm, audit, apply, verify).
 */
export function playbookDriver(session: Session, policy: DriverPolicy): PlaybookDriver {
  return {
    diagnose: () => session.diagnose(),
    cluster: (id) => session.azure.cluster(id),
    remediate: async (id: RemediationId, report: Report): Promise<FixResult | NotApplied> => {
      let plan: Plan;
      try {
        plan = await withPreflight(await getRemediation(id).plan(report, { azure: session.azure, checks: session.checks, facts: session.facts }, {}), session.azure);
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        return fixResult(null, id, 'refused', 'plan-refused', e.message);
      }
      policy.onPlan?.(plan);
      if (!plan.automated) {
        return fixResult(plan, id, 'dry-run', 'guided', 'guided: the customer runs the commands of the plan');
      }
      // Blocked by pre-flight: refused (and audited) up front, without asking to confirm.
      if (plan.preflight?.some((i) => i.status === 'blocked')) return applyWithAudit(session, plan, report, policy.auditLogPath, {});
      const confirmation = await policy.confirm(plan);
      // The plan goes back with the refusal: the transcript holds it for the customer.
      if (confirmation === undefined) return { remediation: id, plan, reason: DECLINED_BY_OPERATOR };
      if (typeof confirmation !== 'string') return { remediation: id, plan, reason: confirmation.notApplied };
      return applyWithAudit(session, plan, report, policy.auditLogPath, { confirmation });
    },
  };
}
