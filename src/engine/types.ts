import type { Cluster, Registry } from '../azure/types.js';

export const CHECK_IDS = [
  'cluster.readable',
  'cluster.network-isolated',
  'cluster.supported-configuration',
  'registry.exists',
  'registry.configuration',
  'registry.mcr-cache-rule',
  'registry.private-endpoint',
  'dns.zone',
  'dns.vnet-link',
  'dns.records',
  'pods.image-pull-failures',
  'pods.uncached-registries',
  'nodes.stale-registry-config',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const REMEDIATION_IDS = [
  'reconcile',
  'delete-registry-and-reconcile',
  'create-cache-rule',
  'upgrade-node-image',
  'recreate-private-endpoint',
  'repair-private-dns',
  'grant-acr-pull',
] as const;
export type RemediationId = (typeof REMEDIATION_IDS)[number];

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export type RegistryMode = 'managed' | 'byo' | 'unknown';
export type FailureKind = 'dns' | 'timeout' | 'unauthorized' | 'forbidden' | 'notFound' | 'tls' | 'other';
export type GuideIssue = 1 | 2 | 3;

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

/** A cache rule to add, as `pods.uncached-registries` proposes it. */
export interface ProposedCacheRule {
  name: string;
  sourceRepository: string;
  targetRepository: string;
  /** The image reference the workload must use afterwards. */
  newImage: string;
  /** The failing images this rule covers. */
  images: string[];
}

/** Structured facts a finding hands to remediations and to root-cause logic. */
export interface FindingData {
  registryId?: string | undefined;
  proposedRules?: ProposedCacheRule[] | undefined;
  /** Pools whose nodes are stale (nodes.stale-registry-config). */
  stalePools?: { pool: string; nodes: string[] }[] | undefined;
  [key: string]: unknown;
}

export interface Finding {
  status: CheckStatus;
  /** One line, plain words, saying what was found. */
  summary: string;
  evidence: Evidence[];
  remediations: RemediationId[];
  data?: FindingData | undefined;
}

export interface CheckResult extends Finding {
  id: CheckId;
  title: string;
  guide?: string | undefined;
  durationMs: number;
}

export interface RootCause {
  checkId: CheckId;
  guideIssue: GuideIssue | null;
  summary: string;
  remediation: RemediationId | null;
}

export interface ReportStats {
  armRequests: number;
  kubeRequests: number;
  durationMs: number;
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
}

/** Events the engine emits while it runs, for the UI's reducer. */
export type EngineEvent =
  | { type: 'run-started'; clusterId: string; checks: { id: CheckId; title: string; dependsOn: CheckId[] }[] }
  | { type: 'check-started'; id: CheckId }
  | { type: 'check-finished'; result: CheckResult }
  | { type: 'root-causes'; rootCauses: RootCause[] }
  | { type: 'run-finished'; report: Report };

/** Facts about the cluster, known after the first reads, that judges may use. */
export interface ClusterFacts {
  cluster: Cluster;
  registryMode: RegistryMode;
  /** The registry the nodes should pull through, when it exists. */
  registry?: Registry | undefined;
  /** The id the registry should have (managed: found in node RG; BYO: containerRegistryId). */
  expectedRegistryId?: string | undefined;
}
