import type { CredentialSetRepair, ImageRewrite } from '../core/report.js';
import type { CheckId, CheckResult, ProposedCacheRule, RemediationId, Report } from '../engine/types.js';

/*
 * The facts of findings that remediations use, read in this one place: which finding holds
 * them is the finding's business, not the remediation's.
 */

export interface StalePool {
  pool: string;
  nodes: string[];
}

/** What failing findings hand a remediation to fill its command line and plan. */
export interface FindingFacets {
  proposedRules: ProposedCacheRule[];
  stalePools: StalePool[];
  imageRewrites: ImageRewrite[];
  credentialSetRepairs: CredentialSetRepair[];
}

export function registryIdOf(finding: CheckResult | undefined): string | undefined {
  return finding?.data?.registryId;
}

function proposedRulesOf(finding: CheckResult | undefined): ProposedCacheRule[] {
  return finding?.data?.proposedRules ?? [];
}

function stalePoolsOf(finding: CheckResult | undefined): StalePool[] {
  return finding?.data?.stalePools ?? [];
}

/**
 * The findings whose facts a remediation uses: the finding it is offered for first, then every
 * failing finding that lists it, in the report's order.
 */
export function findingsFor(report: Report, remediation: RemediationId, checkId?: CheckId): CheckResult[] {
  const own = checkId ? report.checks.find((c) => c.id === checkId) : undefined;
  const listing = report.checks.filter((c) => c !== own && c.status === 'fail' && c.remediations.includes(remediation));
  return own ? [own, ...listing] : listing;
}

/** Each facet from the first of those findings that has it. */
export function facetsFor(report: Report, remediation: RemediationId, checkId?: CheckId): FindingFacets {
  const sources = findingsFor(report, remediation, checkId);
  const first = <T>(read: (f: CheckResult) => T[]): T[] => sources.map(read).find((xs) => xs.length > 0) ?? [];
  return {
    proposedRules: first(proposedRulesOf),
    stalePools: first(stalePoolsOf),
    imageRewrites: first((f) => f.data?.imageRewrites ?? []),
    credentialSetRepairs: first((f) => f.data?.credentialSetRepairs ?? []),
  };
}
