import { applyPlan, type ApplyHooks } from '../remediations/apply.js';
import { AuditLog } from '../remediations/audit.js';
import { fixResult } from '../remediations/fix-result.js';
import type { FixResult, Plan } from '../remediations/types.js';
import type { Report } from '../engine/types.js';
import type { Session } from './session.js';

/**
 * The one way every front end (the `fix` command, the UI, the playbook stepper) applies a
 * confirmed plan: open the audit log (refuse, changing nothing, if it cannot be written), apply
 * through pre-flight and verification over the session, and close the log again.
 */
export async function applyWithAudit(
  session: Session,
  plan: Plan,
  report: Report,
  auditLogPath: string,
  hooks: ApplyHooks = {},
  refusalHint = '',
): Promise<FixResult> {
  let audit: AuditLog;
  try {
    audit = await AuditLog.open(auditLogPath);
  } catch (e) {
    return fixResult(plan, plan.remediation, 'refused', 'audit-unwritable', `the audit log cannot be written (${(e as Error).message}); nothing was changed${refusalHint}`, {
      auditLog: auditLogPath,
    });
  }
  try {
    return await applyPlan(
      plan,
      report,
      { azure: session.azure, audit, diagnose: () => session.diagnose(), principal: await session.azure.principal().catch(() => undefined) },
      hooks,
    );
  } finally {
    // Each apply opens the log for itself: an unclosed handle leaks a descriptor per fix.
    await audit.close();
  }
}
