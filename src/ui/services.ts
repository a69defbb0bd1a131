import type { ClusterSummary } from '../azure/types.js';
import type { EngineEvent, RemediationId, Report } from '../engine/types.js';
import type { ApplyProgress, FixResult, Plan, PlanOptions } from '../remediations/types.js';

/**
 * Everything the terminal UI may ask of the rest of the program. Components never call the
 * SDKs: the CLI builds one of these over the real gateways (or the embedded emulator), and
 * component tests build one over canned data.
 */
export interface UiServices {
  /** Runs a diagnosis of the current target, streaming engine events. */
  diagnose(onEvent: (event: EngineEvent) => void): Promise<Report>;
  /** Plans a remediation for the current report (no writes). */
  plan(remediation: RemediationId, report: Report, options?: PlanOptions): Promise<Plan>;
  /**
   * Applies a confirmed plan: pre-flight, audit, long-running operations, then verification.
   * `confirmation` is the typed cluster name for destructive plans.
   */
  apply(
    plan: Plan,
    report: Report,
    hooks: { onProgress: (p: ApplyProgress) => void; confirmation?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<FixResult>;
  /** Writes the report as Markdown and JSON files; returns their paths. */
  exportReport(report: Report): Promise<{ markdown: string; json: string }>;
  /** Target selection: present when no cluster was given. */
  listClusters?: (() => Promise<ClusterSummary[]>) | undefined;
  selectCluster?: ((clusterId: string) => void) | undefined;
  /** Demo mode: the scenario library and switching between scenarios. */
  scenarios?: { name: string; description: string }[] | undefined;
  currentScenario?: (() => string | undefined) | undefined;
  switchScenario?: ((name: string) => Promise<void>) | undefined;
  /** Where the audit log is written. */
  auditLogPath?: string | undefined;
}
