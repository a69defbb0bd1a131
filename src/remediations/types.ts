import type { AzureGateway } from '../azure/ports.js';
import type { CheckDeclarations } from '../core/check.js';
import type { DiagnosisFacts } from '../domain/facts.js';
import type { OperationProgress } from '../azure/types.js';
import type { CheckId, RemediationId, Report } from '../engine/types.js';
import type { ArgGroup, ShellCommand } from './command.js';
import type { FindingFacets } from './facets.js';
import type { FixCode, FixParams } from './fix-result.js';
import type { PlannedOperation } from './operations.js';

export type Risk = 'reversible' | 'disruptive' | 'destructive';

export type { PlannedOperation } from './operations.js';

/** What a warning is about, so that code acts on the kind of warning and never on its words. */
export type PlanWarningCode =
  | 'provisioning-state'
  | 'byo-not-repaired'
  | 'no-concurrent-operations'
  | 'cannot-cancel'
  | 'destructive-confirm'
  | 'pulls-fail-meanwhile'
  | 'managed-registry-only'
  | 'aks-may-replace-rule'
  | 'reference-through-registry'
  | 'evicts-pods'
  | 'pools-in-turn'
  | 'system-pool'
  | 'pool-not-stale'
  | 'guided'
  | 'approval-permission'
  | 'approval-commands'
  | 'role-assignment-permission'
  | 'policy-reapplies'
  | 'docker-hub-credentials'
  | 'workload-owner';

export interface PlanWarning {
  code: PlanWarningCode;
  text: string;
}

export interface Plan {
  remediation: RemediationId;
  title: string;
  /** false for guided remediations: aks-netiso prints the commands, the customer runs them. */
  automated: boolean;
  risk: Risk;
  clusterId: string;
  clusterName: string;
  /** Plain words: what this changes and why it fixes the root cause. */
  summary: string;
  operations: PlannedOperation[];
  /** Ready to copy once rendered (`renderCommand`), names filled in. */
  azCommands: ShellCommand[];
  /** What it touches, e.g. "node image upgrade of pools system (3 nodes) and user1 (5 nodes)…". */
  impact: string[];
  /** e.g. "10–20 minutes". */
  expectedDuration: string;
  /** Checks to run again afterwards to verify. */
  verifyChecks: CheckId[];
  /**
   * The failing checks this plan fixes. Pre-flight re-diagnoses and refuses when none still
   * fails (the problem is gone: applying again is a no-op). Additive to the original contract.
   */
  addresses?: CheckId[] | undefined;
  /** Things the operator must know before confirming. */
  warnings: PlanWarning[];
  /** Parameters the plan was made with (pools, source/target), for the audit log and re-planning. */
  parameters: Record<string, unknown>;
  /**
   * Can each write run? Locks, permissions, policy and node resource group lockdown, read before
   * confirmation (`withPreflight`). Absent for guided plans. Additive to the original contract.
   */
  preflight?: import('../domain/preflight.js').PreflightItem[] | undefined;
}

/** `unknown`: sent, then contact was lost (a hung or failing poll, a reset): the operation may still be running. */
export type Outcome = 'applied' | 'dry-run' | 'refused' | 'failed' | 'interrupted' | 'unknown';
export type Verification = 'fixed' | 'not-fixed' | 'could-not-verify';

export interface ApplyProgress {
  /** Index into plan.operations. */
  operation: number;
  progress: OperationProgress;
}

export interface FixResult {
  remediation: RemediationId;
  plan: Plan | null;
  outcome: Outcome;
  verification: Verification | null;
  /** Why it ended so, as data; `reason` says the same in words. */
  code: FixCode;
  params?: FixParams | undefined;
  reason: string;
  auditLog: string | null;
  /** The report of the verification run, when there was one. */
  after?: Report | undefined;
}

/** Options the CLI or UI pass to plan a remediation. */
export interface PlanOptions {
  pools?: string[] | undefined;
  source?: string | undefined;
  target?: string | undefined;
  ruleName?: string | undefined;
}

export interface RemediationEnv {
  azure: AzureGateway;
  /** What the checks of the diagnosis declare: which verify a remediation, which facets a failure implies. */
  checks: readonly CheckDeclarations[];
  /** What the diagnosis resolved (the cluster's VNets, the registry's endpoints and NICs): plans read these, not the gateway. */
  facts?: DiagnosisFacts | undefined;
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** How every writer and screen names a remediation. */
export interface RemediationWords {
  /** A heading: "Reconcile the cluster". */
  title: string;
  /** The tail of "Fix: <phrase>." */
  phrase: string;
  /** One line: what it does and why that helps. */
  description: string;
}

export interface Remediation {
  readonly id: RemediationId;
  /** The plan's heading, e.g. "Reconcile the cluster (az aks update)". */
  readonly title: string;
  readonly words: RemediationWords;
  readonly risk: Risk;
  readonly automated: boolean;
  /**
   * The flags of its `aks-netiso fix` command lines, from the failing findings' facts: one list
   * of flag groups per command line (several when the fix runs once per proposed rule).
   * Absent: one command line without flags.
   */
  fixFlags?(facets: FindingFacets): ArgGroup[][];
  /** Builds the plan from the diagnosis; throws PlanError when it does not apply. */
  plan(report: Report, env: RemediationEnv, options: PlanOptions): Promise<Plan>;
}
