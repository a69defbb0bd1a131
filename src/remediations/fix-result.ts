import type { FixResult, Outcome, Plan, Verification } from './types.js';

/**
 * Why a fix ended as it did, as data: front ends and playbooks branch on the code, never on the
 * sentence in `reason` (which is for people and may change its words).
 */
export type FixCode =
  // Not applied, by choice or because nobody could confirm.
  | 'dry-run-requested'
  | 'guided'
  | 'no-terminal'
  | 'not-confirmed'
  | 'cancelled'
  | 'declined'
  | 'plan-refused'
  // Refused by the safety chain: nothing was sent.
  | 'audit-unwritable'
  | 'preflight-blocked'
  | 'confirmation-missing'
  | 'confirmation-mismatch'
  | 'operation-not-automated'
  | 'cluster-unreadable'
  | 'cluster-gone'
  | 'operation-in-progress'
  | 'byo-registry'
  | 'diagnosis-failed'
  | 'problem-gone'
  | 'registry-changed'
  | 'cluster-changed'
  | 'interrupted-before-send'
  // Sent.
  | 'interrupted'
  | 'lost-contact'
  | 'operation-failed'
  | 'audit-failed-after-send'
  | 'verified-fixed'
  | 'verified-not-fixed'
  | 'not-verified'
  | 'verify-diagnosis-failed';

export type FixParams = Record<string, string | number | boolean>;

/** A refusal of the safety chain: its code, its words, and what the words were made from. */
export interface Refusal {
  code: FixCode;
  reason: string;
  params?: FixParams | undefined;
}

export function refusal(code: FixCode, reason: string, params?: FixParams): Refusal {
  return params ? { code, reason, params } : { code, reason };
}

/** A FixResult for a plan (or for none, when planning itself was refused). */
export function fixResult(
  plan: Plan | null,
  remediation: FixResult['remediation'],
  outcome: Outcome,
  code: FixCode,
  reason: string,
  extra: { verification?: Verification | null; auditLog?: string | null; params?: FixParams | undefined; after?: FixResult['after'] } = {},
): FixResult {
  return {
    remediation,
    plan,
    outcome,
    verification: extra.verification ?? null,
    code,
    ...(extra.params ? { params: extra.params } : {}),
    reason,
    auditLog: extra.auditLog ?? null,
    ...(extra.after ? { after: extra.after } : {}),
  };
}
