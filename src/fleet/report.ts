import type { CheckId, CheckStatus, RegistryMode, RemediationId } from '../core/ids.js';
import type { Report } from '../core/report.js';

/*
 * `aks-netiso/fleet@1` (`scan --output json`, docs/formats.md): one line per cluster of the
 * scope, judged by the same checks and root-cause rules as a single diagnosis.
 */

export const FLEET_SCHEMA = 'aks-netiso/fleet@1';

export const FLEET_STATUSES = ['problem', 'error', 'not-isolated', 'healthy'] as const;
/** Listed most severe first: the order the writers and the UI sort by. */
export type FleetClusterStatus = (typeof FLEET_STATUSES)[number];

export interface FleetRootCause {
  checkId: CheckId;
  remediation: RemediationId | null;
  summary: string;
}

export interface FleetCheck {
  id: CheckId;
  status: CheckStatus;
}

export interface FleetCluster {
  cluster: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  networkIsolated: boolean | null;
  registryMode: RegistryMode;
  status: FleetClusterStatus;
  rootCauses: FleetRootCause[];
  checks: FleetCheck[];
  /** Additive: with status `error`, why the cluster could not be judged. */
  error?: string | undefined;
}

export interface FleetStats {
  clusters: number;
  resourceGraphQueries: number;
  armRequests: number;
  /** 429 answers met (Resource Graph and ARM, every attempt). */
  throttled: number;
  durationMs: number;
}

export interface FleetReport {
  schema: typeof FLEET_SCHEMA;
  scannedAt: string;
  scope: { subscriptions: string[]; managementGroups: string[] };
  clusters: FleetCluster[];
  stats: FleetStats;
}

/** Where a cluster sits, as the inventory names it. */
export interface FleetClusterMeta {
  cluster: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
}

/**
 * A cluster's line from its diagnosis: `error` when a required check errored (it could not be
 * judged), `not-isolated` when it is not network isolated, `problem` with a root cause or a
 * failed or errored check, else `healthy`.
 */
export function fleetClusterOf(meta: FleetClusterMeta, report: Report): FleetCluster {
  const failing = report.checks.some((c) => c.status === 'fail' || c.status === 'error');
  const status: FleetClusterStatus =
    report.incomplete !== undefined ? 'error'
    : report.networkIsolated === false ? 'not-isolated'
    : report.rootCauses.length > 0 || failing ? 'problem'
    : 'healthy';
  return {
    ...meta,
    name: report.clusterName ?? meta.name,
    networkIsolated: report.networkIsolated,
    registryMode: report.registryMode,
    status,
    rootCauses: status === 'not-isolated' ? [] : report.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation, summary: rc.summary })),
    checks: report.checks.map((c) => ({ id: c.id, status: c.status })),
    error: status === 'error' ? report.incomplete : undefined,
  };
}

/** A cluster that could not be diagnosed at all (its reads failed before any check ran). */
export function fleetClusterError(meta: FleetClusterMeta, reason: string): FleetCluster {
  return { ...meta, networkIsolated: null, registryMode: 'unknown', status: 'error', rootCauses: [], checks: [], error: reason };
}

const RANK: Record<FleetClusterStatus, number> = Object.fromEntries(FLEET_STATUSES.map((s, i) => [s, i])) as Record<FleetClusterStatus, number>;

/** Most severe first; within a status by subscription, resource group and name (stable output). */
export function bySeverity(a: FleetCluster, b: FleetCluster): number {
  return RANK[a.status] - RANK[b.status]
    || b.rootCauses.length - a.rootCauses.length
    || a.subscriptionId.localeCompare(b.subscriptionId)
    || a.resourceGroup.localeCompare(b.resourceGroup)
    || a.name.localeCompare(b.name);
}

export function sortedBySeverity(clusters: readonly FleetCluster[]): FleetCluster[] {
  return [...clusters].sort(bySeverity);
}

export function countByStatus(clusters: readonly FleetCluster[]): Record<FleetClusterStatus, number> {
  const counts = Object.fromEntries(FLEET_STATUSES.map((s) => [s, 0])) as Record<FleetClusterStatus, number>;
  for (const c of clusters) counts[c.status]++;
  return counts;
}

/** Exit code of `scan`: 0 every isolated cluster healthy; 1 a cluster has a problem or could not be judged. */
export function fleetExitCode(report: FleetReport): 0 | 1 {
  return report.clusters.some((c) => c.status === 'problem' || c.status === 'error') ? 1 : 0;
}

/** Whether a cluster's line matches a filter text (name, group, subscription, location, status, check or fix). */
export function matchesFilter(c: FleetCluster, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (q === '') return true;
  const hay = [c.name, c.resourceGroup, c.subscriptionId, c.location, c.status, c.registryMode, ...c.rootCauses.flatMap((r) => [r.checkId, r.remediation ?? ''])];
  return q.split(/\s+/).every((word) => hay.some((h) => h.toLowerCase().includes(word)));
}

/** fleet@1 as JSON, keys in the contract's order. */
export function fleetToJson(report: FleetReport): unknown {
  return {
    schema: report.schema,
    scannedAt: report.scannedAt,
    scope: { subscriptions: report.scope.subscriptions, managementGroups: report.scope.managementGroups },
    clusters: report.clusters.map((c) => ({
      cluster: c.cluster,
      name: c.name,
      subscriptionId: c.subscriptionId,
      resourceGroup: c.resourceGroup,
      location: c.location,
      networkIsolated: c.networkIsolated,
      registryMode: c.registryMode,
      status: c.status,
      rootCauses: c.rootCauses.map((r) => ({ checkId: r.checkId, remediation: r.remediation, summary: r.summary })),
      checks: c.checks.map((k) => ({ id: k.id, status: k.status })),
      ...(c.error !== undefined ? { error: c.error } : {}),
    })),
    stats: {
      clusters: report.stats.clusters,
      resourceGraphQueries: report.stats.resourceGraphQueries,
      armRequests: report.stats.armRequests,
      throttled: report.stats.throttled,
      durationMs: report.stats.durationMs,
    },
  };
}
