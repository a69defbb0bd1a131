import type { CheckId, CheckStatus, FailureKind, GuideIssue, KubeFailureReason, RegistryMode, RemediationId } from './ids.js';

/** One piece of evidence: a resource field with what was expected and what was found, or an event text. */
export interface Evidence {
  resourceId?: string | undefined;
  field?: string | undefined;
  expected?: string | undefined;
  actual?: string | undefined;
  /** Free text evidence, e.g. an event message. */
  note?: string | undefined;
}

/** One failing container pull, as reported in `report.imagePullFailures`. */
export interface ImagePullFailure {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  imageRegistry: string;
  attemptedHost: string | null;
  failureKind: FailureKind;
  message: string;
  /** Not in report@1's required fields, kept for nodes/pools analysis. */
  node?: string | undefined;
  pool?: string | undefined;
  init?: boolean | undefined;
}

/** A cache rule to add to the registry, as a finding proposes it. */
export interface ProposedCacheRule {
  name: string;
  sourceRepository: string;
  targetRepository: string;
  /** The image reference the workload must use afterwards. */
  newImage: string;
  /** The failing images this rule covers. */
  images: string[];
}

/** The workload (controller) a failing pod belongs to, whose image reference must change. */
export interface WorkloadRef {
  namespace: string;
  /** `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, … or `Pod` for a bare pod. */
  kind: string;
  name: string;
  container: string;
}

/** An image a cache rule already caches, still referenced at its upstream registry, and the reference to use. */
export interface ImageRewrite {
  image: string;
  newImage: string;
  rule: string;
  workloads: WorkloadRef[];
}

/** A cache rule whose credential set is missing or unhealthy, and what to repair. */
export interface CredentialSetRepair {
  rule: string;
  sourceRepository?: string | undefined;
  credentialSetId: string;
  /** false: the credential set does not exist. */
  exists: boolean;
  loginServer?: string | undefined;
  identityPrincipalId?: string | undefined;
  usernameSecretIdentifier?: string | undefined;
  passwordSecretIdentifier?: string | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
}

/** A node pool whose nodes still pull through an old registry configuration. */
export interface StalePool {
  pool: string;
  nodes: string[];
}

/**
 * Well-known, typed parts of a finding's data that any check may provide and that code
 * outside the check reads (the report, remediations, the UI, playbooks). Consumers look for
 * a facet, never for a check id; each check's own data type extends this.
 */
export interface FindingFacets {
  /** The registry the finding is about. */
  registryId?: string | undefined;
  /** Cache rules that would make failing images (or MCR) pullable. */
  proposedRules?: ProposedCacheRule[] | undefined;
  /** Pools whose nodes pull through a stale registry configuration. */
  stalePools?: StalePool[] | undefined;
  /** Images to reference through the registry instead of their upstream (a rule already caches them). */
  imageRewrites?: ImageRewrite[] | undefined;
  /** Cache rules whose credential set must be repaired. */
  credentialSetRepairs?: CredentialSetRepair[] | undefined;
  /** Every failing container pull: the report's `imagePullFailures`. */
  imagePullFailures?: ImagePullFailure[] | undefined;
  /** Whether the cluster is network isolated: the report's `networkIsolated`. */
  networkIsolated?: boolean | undefined;
  /** The finding could not read Kubernetes: why. */
  kubeUnavailable?: KubeFailureReason | undefined;
}

/** How the UI shows a check, as the check declares it. Never written to JSON. */
export interface CheckDisplay {
  /** The heading it is listed under, when not the id's prefix. */
  readonly group?: string | undefined;
  /**
   * The failing pulls listed with its details: every one, or those from registries other than
   * MCR (the images its proposed cache rules cover, when it proposes any).
   */
  readonly pullFailures?: 'all' | 'outside-mcr' | undefined;
}

/** A JSON value a message parameter may hold. */
export type ParamValue = string | number | boolean | null | undefined | readonly ParamValue[] | { readonly [key: string]: ParamValue };

/** A finding's parameters: what its message is rendered from. */
export type FindingParams = { readonly [key: string]: ParamValue };

/**
 * What a check found, as data: a stable `code` (`<check id>/<name>`, or a shared namespace such
 * as `kube/…` and `engine/…`), the `params` its message is rendered from, the evidence, the
 * remediations that fix it and the typed `data` others plan from.
 */
export interface Finding<C extends string = string, P extends FindingParams = FindingParams, D extends FindingFacets = FindingFacets> {
  status: CheckStatus;
  code: C;
  params: P;
  evidence: Evidence[];
  remediations: RemediationId[];
  data?: D | undefined;
}

/** A finding of one run: the check's id and title, and the message rendered from its code. */
export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** The finding's message in plain words, rendered once from `code` and `params`. */
  summary: string;
  evidence: Evidence[];
  remediations: RemediationId[];
  guide?: string | undefined;
  durationMs: number;
  /** Stable code of the finding (formats.md lists them). Absent in reports written before 2026-12. */
  code?: string | undefined;
  params?: FindingParams | undefined;
  data?: FindingFacets | undefined;
  /** How the UI shows it, as the check declares it. Not written to JSON. */
  display?: CheckDisplay | undefined;
}

/** One ended operation from the Activity Log about a root cause's resource (additive to report@1). */
export interface HistoryEntry {
  /** `eventTimestamp` of the operation's `Succeeded`/`Failed` end. */
  time: string;
  /** The caller as the log records it: a upn, or a service principal's app id. */
  caller: string;
  /** `user`; `servicePrincipal` (app id, `callerName` when the claims carry it); `aks` for AKS's own writes. */
  callerKind?: 'user' | 'servicePrincipal' | 'aks' | undefined;
  callerName?: string | undefined;
  operation: string;
  status: 'Succeeded' | 'Failed';
  correlationId: string;
  clientIp?: string | undefined;
  resourceId?: string | undefined;
}

/** Why a root cause has no history entries: none in the retention, or the log could not be read. */
export type HistoryNote = 'none-in-retention' | 'no-permission' | 'unavailable';

export interface RootCause {
  checkId: CheckId;
  guideIssue: GuideIssue | null;
  summary: string;
  remediation: RemediationId | null;
  /** What the failure means, for the headline ("Root cause: …"), in the report's registry mode. */
  cause?: string | undefined;
  /** What to do when no remediation applies. */
  advice?: string | undefined;
  /** Who changed the resource and when, newest first (Activity Log; absent with `--no-history`). */
  history?: HistoryEntry[] | undefined;
  /** Set when `history` is empty: why. */
  historyNote?: HistoryNote | undefined;
}

export interface ReportStats {
  armRequests: number;
  kubeRequests: number;
  durationMs: number;
  /** ARM answers 429 during the run (every attempt); additive to report@1. */
  throttled?: number | undefined;
}

export interface Report {
  schema: 'aks-netiso/report@1';
  cluster: string;
  networkIsolated: boolean | null;
  registryMode: RegistryMode;
  checks: CheckResult[];
  rootCauses: RootCause[];
  imagePullFailures: ImagePullFailure[];
  stats: ReportStats;
  /** Extra, not in the contract's required fields: when and against what. */
  generatedAt?: string | undefined;
  clusterName?: string | undefined;
  registry?: { id: string; name: string; loginServer?: string | undefined } | undefined;
  /**
   * Why the diagnosis could not complete (a required check errored), set by the engine; not written
   * to JSON (the exit code says it). Lets a reader of a live report decide exit 3 without the registry.
   */
  incomplete?: string | undefined;
}

/** A check as the run announces it. */
export interface CheckOutline {
  id: CheckId;
  title: string;
  dependsOn: CheckId[];
  display?: CheckDisplay | undefined;
}

/** Events the engine emits while it runs, for the UI's reducer. */
export type EngineEvent =
  | { type: 'run-started'; clusterId: string; checks: CheckOutline[] }
  | { type: 'check-started'; id: CheckId }
  | { type: 'check-finished'; result: CheckResult }
  | { type: 'root-causes'; rootCauses: RootCause[] }
  | { type: 'run-finished'; report: Report };
