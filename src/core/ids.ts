/*
 * The vocabulary every layer shares, at the bottom of the dependency graph: nothing here
 * imports anything outside src/core.
 */

/**
 * A check's public id, `<area>.<question>` (formats.md). The set of ids is whatever the
 * registry the program is started with holds (`checks/index.ts`): no list of them lives in src/.
 */
export type CheckId = string;

export const REMEDIATION_IDS = [
  'reconcile',
  'delete-registry-and-reconcile',
  'create-cache-rule',
  'upgrade-node-image',
  'recreate-private-endpoint',
  'repair-private-dns',
  'grant-acr-pull',
  'enable-authentication-as-arm',
  'use-cached-image-reference',
  'repair-credential-set',
] as const;
export type RemediationId = (typeof REMEDIATION_IDS)[number];

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip', 'error'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const REGISTRY_MODES = ['managed', 'byo', 'unknown'] as const;
export type RegistryMode = (typeof REGISTRY_MODES)[number];

export const FAILURE_KINDS = ['dns', 'timeout', 'unauthorized', 'forbidden', 'notFound', 'tls', 'other'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** The troubleshooting guide's issues (seeds/003): 1 BYO setup, 2 stale nodes, 3 managed resources deleted. */
export const GUIDE_ISSUES = [1, 2, 3] as const;
export type GuideIssue = (typeof GUIDE_ISSUES)[number];

/** Why a Kubernetes read did not answer (the same reasons src/kube reports). */
export type KubeFailureReason = 'unreachable' | 'unauthorized' | 'forbidden' | 'timeout' | 'notConfigured' | 'deadline' | 'tls' | 'proxy' | 'badResponse' | 'other';

/** A value chosen by registry mode: `any` unless the mode has its own. */
export type PerMode<T> = { readonly any: T } & { readonly [M in RegistryMode]?: T };

export function forMode<T>(value: PerMode<T>, mode: RegistryMode): T {
  return value[mode] ?? value.any;
}
