import type { AzureGateway } from '../azure/ports.js';
import type { OperationProgress } from '../azure/types.js';
import type { CheckId, RemediationId, Report } from '../engine/types.js';

export type Risk = 'reversible' | 'disruptive' | 'destructive';

/** One ARM call a plan will make. */
export interface PlannedOperation {
  method: 'PUT' | 'DELETE' | 'POST' | 'PATCH';
  resourceId: string;
  /** e.g. `managedClusters.beginCreateOrUpdate`. */
  sdkCall: string;
  /** One line: what the body holds / what the call does. */
  bodySummary: string;
  /** Full request body, when there is one (reconcile's PUT). */
  body?: Record<string, unknown> | undefined;
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
  /** Ready to copy, names filled in. */
  azCommands: string[];
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
  warnings: string[];
  /** Parameters the plan was made with (pools, source/target), for the audit log and re-planning. */
  parameters: Record<string, unknown>;
}

export type Outcome = 'applied' | 'dry-run' | 'refused' | 'failed' | 'interrupted';
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
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

export interface Remediation {
  readonly id: RemediationId;
  readonly title: string;
  readonly risk: Risk;
  readonly automated: boolean;
  /** Builds the plan from the diagnosis; throws PlanError when it does not apply. */
  plan(report: Report, env: RemediationEnv, options: PlanOptions): Promise<Plan>;
}
