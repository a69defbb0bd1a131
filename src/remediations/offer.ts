import type { CheckId, RemediationId, Report } from '../engine/types.js';

/**
 * The remediation to offer for a finding: its own first one while it does not pass, else the
 * first one the diagnosis's root causes name.
 */
export function offeredRemediation(report: Report, checkId?: CheckId): RemediationId | undefined {
  const finding = checkId ? report.checks.find((c) => c.id === checkId) : undefined;
  const own = finding && finding.status !== 'pass' ? finding.remediations[0] : undefined;
  return own ?? report.rootCauses.find((rc) => rc.remediation !== null)?.remediation ?? undefined;
}
