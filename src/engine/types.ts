// The shared vocabulary moved to src/core; this module keeps the engine's old import path working.
export type { CheckId, CheckStatus, FailureKind, GuideIssue, RegistryMode, RemediationId } from '../core/ids.js';
export { REMEDIATION_IDS } from '../core/ids.js';
export type {
  CheckOutline, CheckResult, EngineEvent, Evidence, Finding, FindingFacets, FindingFacets as FindingData, FindingParams,
  ImagePullFailure, ProposedCacheRule, Report, ReportStats, RootCause, StalePool,
} from '../core/report.js';
