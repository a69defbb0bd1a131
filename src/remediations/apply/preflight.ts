import type { AzureGateway } from '../../azure/ports.js';
import { isAzureError } from '../../azure/errors.js';
import type { Cluster } from '../../azure/types.js';
import { tryParseResourceId } from '../../azure/resource-id.js';
import type { CheckId, Report } from '../../engine/types.js';
import { az, type ShellCommand, renderCommand } from '../command.js';
import { isClusterName } from '../confirm.js';
import { refusal, type Refusal } from '../fix-result.js';
import { describeOperation, kindOf, type PlannedOperation } from '../operations.js';
import type { Plan } from '../types.js';
import { preflightRefusal, withPreflight } from '../preflight-gate.js';

export function errorText(e: unknown): string {
  if (isAzureError(e)) return e.describe();
  return e instanceof Error ? e.message : String(e);
}

/**
 * How to follow an operation from a shell: the cluster's provisioning state for a cluster or pool
 * write, the resource's own state (or its absence, once a delete is done) for anything else.
 */
export function followCommand(plan: Plan, op?: PlannedOperation): ShellCommand {
  const id = tryParseResourceId(plan.clusterId);
  const resourceId = op ? describeOperation(op).resourceId : undefined;
  const onCluster = resourceId === undefined || resourceId.toLowerCase().startsWith(plan.clusterId.toLowerCase());
  if (onCluster) return az('aks', 'show', '-g', id?.resourceGroup ?? 'RG', '-n', id?.name ?? plan.clusterName, '--query', 'provisioningState');
  return az('resource', 'show', '--ids', resourceId, '--query', 'properties.provisioningState', '-o', 'tsv');
}

/** The typed name of a destructive plan, enforced here whatever the front end asked. */
export function checkConfirmation(plan: Plan, confirmation: string | undefined): Refusal | undefined {
  if (plan.risk !== 'destructive' || isClusterName(plan, confirmation)) return undefined;
  return confirmation === undefined
    ? refusal('confirmation-missing', `destructive: confirm with the cluster's name (--confirm ${plan.clusterName}); nothing was changed`)
    : refusal(
        'confirmation-mismatch',
        `destructive: the confirmation "${confirmation}" is not the cluster's name ${plan.clusterName}; nothing was changed`,
        { typed: confirmation },
      );
}

export interface PreflightDeps {
  azure: AzureGateway;
  diagnose: () => Promise<Report>;
  signal?: AbortSignal | undefined;
}

/**
 * Everything read fresh, nothing trusted from the plan's time: the cluster, the operations'
 * own guards (never a BYO registry), the diagnosis again (is the problem still there?), and the
 * operations' rechecks against the fresh state. Undefined when the plan may be sent.
 */
export async function preflight(plan: Plan, deps: PreflightDeps): Promise<Refusal | undefined> {
  const { azure } = deps;
  const manual = plan.operations.find((op) => !kindOf(op).send);
  if (manual) {
    const d = describeOperation(manual);
    return refusal(
      'operation-not-automated',
      `aks-netiso cannot send ${d.sdkCall} on ${d.resourceId}: it is not one of its automated writes; run the plan's commands yourself. Nothing was changed`,
      { sdkCall: d.sdkCall },
    );
  }
  azure.clearCache();
  let cluster: Cluster | undefined;
  try {
    cluster = await azure.cluster(plan.clusterId);
  } catch (e) {
    return refusal('cluster-unreadable', `pre-flight: cannot read the cluster: ${errorText(e)}; nothing was changed`);
  }
  if (!cluster) return refusal('cluster-gone', `pre-flight: the cluster ${plan.clusterId} no longer exists; nothing was changed`);
  if (cluster.provisioningState !== 'Succeeded') {
    return refusal(
      'operation-in-progress',
      `an operation is in progress (provisioningState ${cluster.provisioningState}); wait for it: ${renderCommand(followCommand(plan))}`,
      { provisioningState: cluster.provisioningState },
    );
  }
  for (const op of plan.operations) {
    const refused = kindOf(op).guard?.(op, { cluster });
    if (refused) return refused;
  }
  // Locks, permissions, policy and lockdown read again: a lock placed since the plan still refuses.
  const fresh = preflightRefusal(await withPreflight(plan, azure));
  if (fresh) return fresh;
  let current: Report;
  try {
    current = await deps.diagnose();
  } catch (e) {
    return refusal('diagnosis-failed', `pre-flight: the diagnosis could not run again (${errorText(e)}); nothing was changed`);
  }
  const addressed = plan.addresses ?? [];
  let stillFailing: CheckId[] = [];
  if (addressed.length > 0) {
    stillFailing = addressed.filter((id) => current.checks.find((c) => c.id === id)?.status === 'fail');
    if (stillFailing.length === 0) {
      const now = addressed.map((id) => {
        const c = current.checks.find((x) => x.id === id);
        return `${id} is now ${c?.status ?? 'not run'}${c ? ` (${c.summary})` : ''}`;
      });
      return refusal('problem-gone', `the problem is no longer there: ${now.join('; ')}. Nothing was sent: applying again is a harmless no-op`);
    }
  }
  for (const op of plan.operations) {
    const refused = await kindOf(op).recheck?.(op, { azure, current, stillFailing });
    if (refused) return refused;
  }
  if (deps.signal?.aborted) return refusal('interrupted-before-send', 'interrupted before anything was sent; nothing was changed');
  return undefined;
}
