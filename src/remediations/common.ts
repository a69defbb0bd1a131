import type { AzureGateway } from '../azure/ports.js';
import { isAzureError } from '../azure/errors.js';
import type { AgentPool, Cluster } from '../azure/types.js';
import { tryParseResourceId } from '../azure/resource-id.js';
import type { CheckId, CheckResult, RemediationId, Report } from '../engine/types.js';
import { registryIdOf } from './facets.js';
import { PlanError, type RemediationEnv } from './types.js';

export function findCheck(report: Report, id: CheckId): CheckResult | undefined {
  return report.checks.find((c) => c.id === id);
}

/**
 * The failing checks a remediation fixes: root causes naming it first (the diagnosis chose
 * them), then any other failing check that lists it.
 */
export function addressedChecks(report: Report, remediation: RemediationId): CheckId[] {
  const ids: CheckId[] = [];
  for (const rc of report.rootCauses) {
    if (rc.remediation === remediation && !ids.includes(rc.checkId)) ids.push(rc.checkId);
  }
  for (const c of report.checks) {
    if (c.status === 'fail' && c.remediations.includes(remediation) && !ids.includes(c.id)) ids.push(c.id);
  }
  return ids;
}

/** Throws the PlanError every remediation gives when the diagnosis does not call for it. */
export function requireAddressed(report: Report, remediation: RemediationId): CheckId[] {
  const ids = addressedChecks(report, remediation);
  if (ids.length > 0) return ids;
  const causes = report.rootCauses.map((rc) => `${rc.checkId}${rc.remediation ? ` → ${rc.remediation}` : ''}`);
  throw new PlanError(
    causes.length === 0
      ? `${remediation} does not apply: the diagnosis found no problem it fixes (the cluster looks healthy)`
      : `${remediation} does not apply: no failing check calls for it; the diagnosis suggests ${causes.join(', ')}`,
  );
}

/** Reads the cluster for planning; a missing or unreadable cluster is a PlanError, not a crash. */
export async function readCluster(azure: AzureGateway, clusterId: string): Promise<Cluster> {
  let cluster: Cluster | undefined;
  try {
    cluster = await azure.cluster(clusterId);
  } catch (e) {
    throw new PlanError(`cannot read the cluster ${clusterId}: ${isAzureError(e) ? e.describe() : (e as Error).message}`);
  }
  if (!cluster) throw new PlanError(`the cluster ${clusterId} was not found`);
  return cluster;
}

/** Agent pools as read (node counts), falling back to the cluster's profiles when the list fails. */
export async function readPools(azure: AzureGateway, cluster: Cluster): Promise<AgentPool[]> {
  try {
    const pools = await azure.agentPools(cluster.id);
    if (pools.length > 0) return pools;
  } catch {
    // The cluster's own profiles carry the same names and counts; the plan stays useful.
  }
  return cluster.agentPools.map((p) => ({ ...p, id: `${cluster.id}/agentPools/${p.name}` }));
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "system (3 nodes) and user1 (5 nodes)". */
export function poolList(pools: { name: string; count: number }[]): string {
  const parts = pools.map((p) => `${p.name} (${plural(p.count, 'node')})`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/**
 * The registry the diagnosis is about: the finding's data first (what the check looked at),
 * then the report, then the cluster's configured id.
 */
export function registryIdFrom(report: Report, checkIds: CheckId[], cluster: Cluster): string | undefined {
  for (const id of checkIds) {
    const rid = registryIdOf(findCheck(report, id));
    if (rid) return rid;
  }
  for (const c of report.checks) {
    const rid = registryIdOf(c);
    if (rid) return rid;
  }
  return report.registry?.id ?? cluster.containerRegistryId;
}

export function resourceGroupOf(id: string): string | undefined {
  return tryParseResourceId(id)?.resourceGroup;
}

export function nameOf(id: string): string {
  return tryParseResourceId(id)?.name ?? id.split('/').pop() ?? id;
}

/** Pools whose nodes keep their image version: reconcile must send these exactly as read. */
export function nodeImageLine(pools: { name: string; nodeImageVersion?: string | undefined }[]): string {
  const withVersion = pools.filter((p) => p.nodeImageVersion);
  if (withVersion.length === 0) return 'agent pools are sent as read';
  return `nodeImageVersion kept as read: ${withVersion.map((p) => `${p.name}=${p.nodeImageVersion ?? ''}`).join(', ')}`;
}

/** The checks that declare they verify a remediation, in the registry's order. */
export function verifyingChecks(env: RemediationEnv, remediation: RemediationId): CheckId[] {
  return env.checks.filter((c) => c.verifies?.includes(remediation)).map((c) => c.id);
}

export function withAddressed(addressed: CheckId[], more: CheckId[]): CheckId[] {
  const out = [...addressed];
  for (const id of more) if (!out.includes(id)) out.push(id);
  return out;
}
