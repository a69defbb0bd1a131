import type { AzureGateway, WriteOptions } from '../azure/ports.js';
import { isAzureError } from '../azure/errors.js';
import type { Cluster, OperationProgress, OperationResult } from '../azure/types.js';
import { parentId, sameId, tryParseResourceId } from '../azure/resource-id.js';
import { isAksManagedRegistry } from '../domain/registry-mode.js';
import type { CheckId, Report } from '../engine/types.js';
import { az } from './common.js';
import type { AuditEvent, AuditLog, AuditOperation, AuditStateSummary } from './audit.js';
import { CREATE_CACHE_RULE_SDK_CALL } from './create-cache-rule.js';
import { DELETE_REGISTRY_SDK_CALL } from './delete-registry-and-reconcile.js';
import { RECONCILE_SDK_CALL } from './reconcile.js';
import type { ApplyProgress, FixResult, Outcome, Plan, PlannedOperation, Verification } from './types.js';
import { UPGRADE_NODE_IMAGE_SDK_CALL } from './upgrade-node-image.js';

export interface ApplyDeps {
  azure: AzureGateway;
  audit: AuditLog;
  /**
   * A full diagnosis from fresh reads, called for pre-flight and again to verify. It must not
   * reuse memoised Kubernetes lists: verification has to see the nodes and pods as they are now.
   */
  diagnose: () => Promise<Report>;
  principal?: string | undefined;
}

export interface ApplyHooks {
  onProgress?: (p: ApplyProgress) => void;
  /** What the operator typed to confirm; destructive plans need the cluster's name exactly. */
  confirmation?: string | undefined;
  /** Aborting stops following the operation; it does not cancel it in Azure. */
  signal?: AbortSignal | undefined;
}

export function summarize(report: Report): AuditStateSummary {
  return {
    checks: report.checks.filter((c) => c.status !== 'pass').map((c) => ({ id: c.id, status: c.status, summary: c.summary })),
    rootCauses: report.rootCauses.map((rc) => `${rc.checkId}${rc.remediation ? ` → ${rc.remediation}` : ''}`),
  };
}

function auditOperations(plan: Plan): AuditOperation[] {
  return plan.operations.map((o) => ({ method: o.method, resourceId: o.resourceId, sdkCall: o.sdkCall, bodySummary: o.bodySummary }));
}

function errorText(e: unknown): string {
  if (isAzureError(e)) return e.describe();
  return e instanceof Error ? e.message : String(e);
}

/** `az aks show … --query provisioningState`: how to follow an operation aks-netiso stopped following. */
/**
 * How to follow an operation from a shell: the cluster's provisioning state for a cluster or pool
 * write, the resource's own state (or its absence, once a delete is done) for anything else.
 */
export function followCommand(plan: Plan, op?: PlannedOperation): string {
  const id = tryParseResourceId(plan.clusterId);
  const onCluster = !op || op.resourceId.toLowerCase().startsWith(plan.clusterId.toLowerCase());
  if (onCluster) return az('aks', 'show', '-g', id?.resourceGroup ?? 'RG', '-n', id?.name ?? plan.clusterName, '--query', 'provisioningState');
  return az('resource', 'show', '--ids', op.resourceId, '--query', 'properties.provisioningState', '-o', 'tsv');
}

/**
 * What was not sent, and what to do about it: the rest of the plan's az commands when they map
 * one to one onto its operations (after `az account set`), and diagnosing again either way.
 */
function notSent(plan: Plan, index: number): string {
  const rest = plan.operations.slice(index + 1);
  if (rest.length === 0) return '';
  const perOperation = plan.azCommands.length === plan.operations.length + 1 ? plan.azCommands.slice(index + 2) : [];
  return (
    ` Not sent: ${rest.map((o) => o.sdkCall).join(', ')}.` +
    ` Once the operation has finished, diagnose again${perOperation.length > 0 ? `, or run the rest yourself: ${perOperation.join(' && ')}` : ''}.`
  );
}

/** A failure of the connection, not an answer from Azure: the operation's real end is unknown. */
export function isTransportError(error: OperationResult['error']): boolean {
  if (!error) return false;
  return /^(E[A-Z]{3,}|REQUEST_SEND_ERROR)$/.test(error.code ?? '') || /socket hang up|ECONNRESET|ETIMEDOUT|EPIPE/.test(error.message);
}

class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/** Resolves with the write, or rejects with Interrupted as soon as the signal aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      p.catch(() => undefined);
      reject(new Interrupted());
      return;
    }
    const onAbort = (): void => {
      p.catch(() => undefined);
      reject(new Interrupted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Sends one planned operation through the gateway's matching write. */
function send(azure: AzureGateway, plan: Plan, op: PlannedOperation, options: WriteOptions): Promise<OperationResult> {
  switch (op.sdkCall) {
    case RECONCILE_SDK_CALL:
      return azure.reconcileCluster(op.resourceId, options);
    case DELETE_REGISTRY_SDK_CALL:
      return azure.deleteRegistry(op.resourceId, options);
    case CREATE_CACHE_RULE_SDK_CALL: {
      const registryId = parentId(op.resourceId);
      const props = (op.body?.properties ?? {}) as { sourceRepository?: unknown; targetRepository?: unknown };
      if (!registryId || typeof props.sourceRepository !== 'string' || typeof props.targetRepository !== 'string') {
        return Promise.reject(new Error(`the plan's cache rule operation on ${op.resourceId} lacks its registry, source or target`));
      }
      const name = tryParseResourceId(op.resourceId)?.name ?? '';
      return azure.createCacheRule(registryId, name, { sourceRepository: props.sourceRepository, targetRepository: props.targetRepository }, options);
    }
    case UPGRADE_NODE_IMAGE_SDK_CALL: {
      const pool = tryParseResourceId(op.resourceId)?.name ?? '';
      return azure.upgradeNodeImage(plan.clusterId, pool, options);
    }
    default:
      return Promise.reject(new Error(`aks-netiso cannot send ${op.sdkCall}: it is not one of its automated writes`));
  }
}

/** The first path where two JSON values differ, for "the cluster changed since the plan". */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return path || '(body)';
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const d = firstDifference(ao[k], bo[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return undefined;
}

function verificationOf(after: Report, checks: CheckId[]): { verification: Verification; words: string } {
  const results = checks.map((id) => ({ id, check: after.checks.find((c) => c.id === id) }));
  const words = results.map((r) => `${r.id} ${r.check?.status ?? 'missing'}`).join(', ');
  if (results.some((r) => r.check?.status === 'fail')) return { verification: 'not-fixed', words };
  if (results.every((r) => r.check && (r.check.status === 'pass' || r.check.status === 'warn'))) return { verification: 'fixed', words };
  return { verification: 'could-not-verify', words };
}

/**
 * Pre-flight, audit, apply and verify one plan. Never throws for an expected condition: every
 * path ends in a FixResult whose reason says what happened, and every write is audited first.
 */
export async function applyPlan(plan: Plan, report: Report, deps: ApplyDeps, hooks: ApplyHooks = {}): Promise<FixResult> {
  const { azure, audit } = deps;
  const who = deps.principal ?? null;
  const base = { who, cluster: plan.clusterId, remediation: plan.remediation };
  const result = (outcome: Outcome, reason: string, extra: Partial<FixResult> = {}): FixResult => ({
    remediation: plan.remediation, plan, outcome, verification: null, reason, auditLog: audit.path, ...extra,
  });

  if (!plan.automated) {
    return { ...result('dry-run', 'guided: run the commands above'), auditLog: null };
  }

  const record = async (e: Omit<AuditEvent, 'who' | 'cluster' | 'remediation'>): Promise<void> => {
    await audit.write({ ...base, ...e } as AuditEvent);
  };
  /** Records a refusal; a failing audit write cannot make a refusal worse, so it is ignored. */
  const refuse = async (reason: string): Promise<FixResult> => {
    await record({ event: 'refused', outcome: 'refused', reason }).catch(() => undefined);
    return result('refused', reason);
  };

  try {
    await record({ event: 'planned', operations: auditOperations(plan), before: summarize(report), risk: plan.risk, parameters: plan.parameters });
  } catch (e) {
    return result('refused', `the audit log cannot be written, so nothing was changed: ${errorText(e)}`);
  }

  if (plan.risk === 'destructive' && hooks.confirmation !== plan.clusterName) {
    return refuse(
      hooks.confirmation === undefined
        ? `destructive: confirm with the cluster's name (--confirm ${plan.clusterName}); nothing was changed`
        : `destructive: the confirmation "${hooks.confirmation}" is not the cluster's name ${plan.clusterName}; nothing was changed`,
    );
  }
  try {
    await record({ event: 'confirmed', confirmation: plan.risk === 'destructive' ? 'cluster name typed' : 'confirmed' });
  } catch (e) {
    return result('refused', `the audit log cannot be written, so nothing was changed: ${errorText(e)}`);
  }

  // Pre-flight: everything read fresh, nothing trusted from the plan's time.
  azure.clearCache();
  let cluster: Cluster | undefined;
  try {
    cluster = await azure.cluster(plan.clusterId);
  } catch (e) {
    return refuse(`pre-flight: cannot read the cluster: ${errorText(e)}; nothing was changed`);
  }
  if (!cluster) return refuse(`pre-flight: the cluster ${plan.clusterId} no longer exists; nothing was changed`);
  if (cluster.provisioningState !== 'Succeeded') {
    return refuse(
      `an operation is in progress (provisioningState ${cluster.provisioningState}); wait for it: ${followCommand(plan)}`,
    );
  }
  for (const op of plan.operations) {
    if (op.method === 'DELETE' && !isAksManagedRegistry(op.resourceId, cluster)) {
      return refuse(
        `refusing to delete ${op.resourceId}: aks-netiso deletes only the AKS-managed registry (name containing "bootstrap" in the node resource group ${cluster.nodeResourceGroup}); ` +
          'any other registry holds the customer\'s images. Nothing was changed',
      );
    }
  }
  let current: Report;
  try {
    current = await deps.diagnose();
  } catch (e) {
    return refuse(`pre-flight: the diagnosis could not run again (${errorText(e)}); nothing was changed`);
  }
  const addressed = plan.addresses ?? [];
  if (addressed.length > 0) {
    const still = addressed.filter((id) => current.checks.find((c) => c.id === id)?.status === 'fail');
    if (still.length === 0) {
      const now = addressed.map((id) => {
        const c = current.checks.find((x) => x.id === id);
        return `${id} is now ${c?.status ?? 'not run'}${c ? ` (${c.summary})` : ''}`;
      });
      return refuse(`the problem is no longer there: ${now.join('; ')}. Nothing was sent: applying again is a harmless no-op`);
    }
    for (const op of plan.operations) {
      if (op.method !== 'DELETE') continue;
      const nowId = still.map((id) => current.checks.find((c) => c.id === id)?.data?.registryId).find((x) => !!x);
      if (nowId && !sameId(nowId, op.resourceId)) {
        return refuse(`the diagnosis changed: the failing registry is now ${nowId}, not ${op.resourceId} as planned; plan again. Nothing was changed`);
      }
    }
  }
  for (const op of plan.operations) {
    if (op.sdkCall !== RECONCILE_SDK_CALL || !op.body) continue;
    try {
      const fresh = await azure.previewReconcile(op.resourceId);
      const diff = firstDifference(op.body, fresh.body);
      if (diff) return refuse(`the cluster changed since the plan was made (${diff}); plan again so the reconcile sends what is there now. Nothing was changed`);
    } catch (e) {
      return refuse(`pre-flight: cannot read the cluster for the reconcile: ${errorText(e)}; nothing was changed`);
    }
  }
  if (hooks.signal?.aborted) return refuse('interrupted before anything was sent; nothing was changed');

  // Apply, one operation after another: AKS runs one operation on a cluster at a time.
  const done: string[] = [];
  const earlier = (): string => (done.length > 0 ? ` Already done before this: ${done.join('; ')}.` : ' No earlier operation of this plan was sent.');
  for (const [index, op] of plan.operations.entries()) {
    try {
      await record({ event: 'started', operation: index, operations: [auditOperations(plan)[index] as AuditOperation] });
    } catch (e) {
      const reason = `the audit log cannot be written, so ${op.sdkCall} on ${op.resourceId} was not sent: ${errorText(e)}.${earlier()}`;
      return index === 0 ? result('refused', reason) : result('failed', reason);
    }
    let operationUrl: string | undefined;
    let accepted = false;
    const pending: Promise<void>[] = [];
    let lastStatus: string | undefined;
    let lastProgress: OperationProgress | undefined;
    const options: WriteOptions = {
      onAccepted: (a) => {
        accepted = true;
        operationUrl = a.operationUrl;
        pending.push(record({ event: 'accepted', operation: index, requestId: a.requestId, correlationId: a.correlationId, operationUrl: a.operationUrl }).catch(() => undefined));
      },
      onProgress: (p) => {
        lastProgress = p;
        hooks.onProgress?.({ operation: index, progress: p });
        if (p.status !== lastStatus) {
          lastStatus = p.status;
          pending.push(record({ event: 'progress', operation: index, status: p.status, elapsedMs: p.elapsedMs, percentComplete: p.percentComplete }).catch(() => undefined));
        }
      },
    };
    if (hooks.signal) options.abortSignal = hooks.signal;
    const interrupted = async (note: string): Promise<FixResult> => {
      const reason =
        `interrupted: aks-netiso stopped following ${op.sdkCall} on ${op.resourceId}${note}. ` +
        `Follow it with: ${followCommand(plan, op)}${operationUrl ? ` (operation ${operationUrl})` : ''}.${earlier()}` +
        notSent(plan, index);
      await record({ event: 'interrupted', operation: index, operationUrl, status: lastProgress?.status, elapsedMs: lastProgress?.elapsedMs, outcome: 'interrupted', reason }).catch(() => undefined);
      return result('interrupted', reason);
    };
    const continuesInAzure = ', but the operation continues in Azure (it cannot be cancelled from here)';
    let outcome: OperationResult;
    try {
      outcome = await untilAborted(send(azure, plan, op, options), hooks.signal);
    } catch (e) {
      await Promise.all(pending);
      if (e instanceof Interrupted || hooks.signal?.aborted) {
        return interrupted(accepted ? continuesInAzure : ' before Azure answered: the request may or may not have reached it');
      }
      const requestId = isAzureError(e) ? e.requestId : undefined;
      const reason = `${op.sdkCall} on ${op.resourceId} failed: ${errorText(e)}.${earlier()}`;
      await record({ event: 'failed', operation: index, requestId, operationUrl, outcome: 'failed', reason, code: isAzureError(e) ? e.code : undefined, statusCode: isAzureError(e) ? e.statusCode : undefined }).catch(() => undefined);
      return result('failed', reason);
    }
    await Promise.all(pending);
    if (outcome.status !== 'Succeeded' && hooks.signal?.aborted) {
      // The gateway noticed the abort first; before acceptance Azure never saw the request.
      return interrupted(outcome.error?.message.includes('nothing was changed') ? ` before Azure accepted it: ${outcome.error.message}` : continuesInAzure);
    }
    if (outcome.status !== 'Succeeded' && operationUrl && isTransportError(outcome.error)) {
      // Azure accepted the write; only following it failed. Its real end is unknown here.
      const reason =
        `lost contact with Azure while following ${op.sdkCall} on ${op.resourceId} (${outcome.error?.message ?? 'connection lost'}). ` +
        `Azure had accepted it, so it may still be running or may have finished: check with ${followCommand(plan, op)} (operation ${operationUrl}), then diagnose again.${earlier()}` +
        notSent(plan, index);
      await record({ event: 'failed', operation: index, status: 'Unknown', requestIds: outcome.requestIds, correlationId: outcome.correlationId, operationUrl, elapsedMs: outcome.elapsedMs, outcome: 'failed', reason }).catch(() => undefined);
      return result('failed', reason);
    }
    if (outcome.status !== 'Succeeded') {
      const err = outcome.error ? `${outcome.error.code ? `${outcome.error.code}: ` : ''}${outcome.error.message}` : 'no error detail';
      const rid = outcome.requestIds[0] ? ` (request id ${outcome.requestIds[0]})` : '';
      const reason = `${op.sdkCall} on ${op.resourceId} ended ${outcome.status}: ${err}${rid}.${earlier()}`;
      await record({ event: 'failed', operation: index, status: outcome.status, requestIds: outcome.requestIds, correlationId: outcome.correlationId, operationUrl, elapsedMs: outcome.elapsedMs, outcome: 'failed', reason }).catch(() => undefined);
      return result('failed', reason);
    }
    await record({ event: 'succeeded', operation: index, status: outcome.status, requestIds: outcome.requestIds, correlationId: outcome.correlationId, operationUrl, elapsedMs: outcome.elapsedMs }).catch(() => undefined);
    done.push(`${op.sdkCall} on ${op.resourceId} succeeded`);
  }

  // Verify: diagnose again from fresh reads.
  azure.clearCache();
  let after: Report;
  try {
    after = await deps.diagnose();
  } catch (e) {
    const reason = `applied (${done.length} operation(s) succeeded), but the diagnosis could not run again to verify: ${errorText(e)}`;
    await record({ event: 'verified', verification: 'could-not-verify', outcome: 'applied', reason }).catch(() => undefined);
    return result('applied', reason, { verification: 'could-not-verify' });
  }
  const { verification, words } = verificationOf(after, plan.verifyChecks);
  const reason =
    verification === 'fixed'
      ? `applied and verified: ${words}`
      : verification === 'not-fixed'
        ? `applied, but the problem remains: ${words}${plan.warnings.filter((w) => w.startsWith('workloads must')).map((w) => `; ${w}`).join('')}`
        : `applied, but the checks could not confirm it: ${words}`;
  await record({ event: 'verified', verification, outcome: 'applied', reason, before: summarize(report), after: summarize(after) }).catch(() => undefined);
  return result('applied', reason, { verification, after });
}
