import type { AzureGateway } from '../../azure/ports.js';
import type { CheckId, Report } from '../../engine/types.js';
import type { FixCode } from '../fix-result.js';
import type { Plan, Verification } from '../types.js';
import { summarize, type AuditTrail } from './audit-trail.js';
import { errorText } from './preflight.js';

function verificationOf(after: Report, checks: CheckId[]): { verification: Verification; words: string } {
  const results = checks.map((id) => ({ id, check: after.checks.find((c) => c.id === id) }));
  const words = results.map((r) => `${r.id} ${r.check?.status ?? 'missing'}`).join(', ');
  if (results.some((r) => r.check?.status === 'fail')) return { verification: 'not-fixed', words };
  if (results.every((r) => r.check && (r.check.status === 'pass' || r.check.status === 'warn'))) return { verification: 'fixed', words };
  return { verification: 'could-not-verify', words };
}

const CODE: Record<Verification, FixCode> = { fixed: 'verified-fixed', 'not-fixed': 'verified-not-fixed', 'could-not-verify': 'not-verified' };

export interface Verified {
  verification: Verification;
  code: FixCode;
  reason: string;
  after?: Report | undefined;
}

/** Diagnoses again from fresh reads and says whether the plan's checks pass now; audited. */
export async function verify(plan: Plan, before: Report, done: string[], deps: { azure: AzureGateway; diagnose: () => Promise<Report> }, trail: AuditTrail): Promise<Verified> {
  deps.azure.clearCache();
  let after: Report | undefined;
  let result: Verified;
  try {
    after = await deps.diagnose();
    const { verification, words } = verificationOf(after, plan.verifyChecks);
    // What the workloads must change themselves (the image reference) is why a good fix may not verify.
    const followUps = plan.warnings.filter((w) => w.code === 'reference-through-registry').map((w) => `; ${w.text}`).join('');
    const reason =
      verification === 'fixed'
        ? `applied and verified: ${words}`
        : verification === 'not-fixed'
          ? `applied, but the problem remains: ${words}${followUps}`
          : `applied, but the checks could not confirm it: ${words}`;
    result = { verification, code: CODE[verification], reason, after };
  } catch (e) {
    result = {
      verification: 'could-not-verify',
      code: 'verify-diagnosis-failed',
      reason: `applied (${done.length} operation(s) succeeded), but the diagnosis could not run again to verify: ${errorText(e)}`,
    };
  }
  const failure = await trail.record({
    event: 'verified',
    verification: result.verification,
    outcome: 'applied',
    reason: result.reason,
    reasonCode: result.code,
    ...(after ? { before: summarize(before), after: summarize(after) } : {}),
  });
  if (!failure) return result;
  return {
    ...result,
    code: 'audit-failed-after-send',
    reason:
      `${result.reason}. The audit log ${trail.path} could not record the verification: ${failure};` +
      ' its last record of this fix is the last operation\'s end, so keep this output with it.',
  };
}
