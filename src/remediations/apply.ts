import type { AzureGateway } from '../azure/ports.js';
import type { Report } from '../engine/types.js';
import { AuditTrail, auditOperations, summarize, type AuditSink } from './apply/audit-trail.js';
import { checkConfirmation, preflight } from './apply/preflight.js';
import { sendAll } from './apply/send.js';
import { verify } from './apply/verify.js';
import { fixResult, type FixCode, type Refusal } from './fix-result.js';
import { preflightRefusal } from './preflight-gate.js';
import { preflightUnknown } from '../domain/preflight.js';
import type { ApplyProgress, FixResult, Outcome, Plan, Verification } from './types.js';

export { firstDifference } from './reconcile.operation.js';

export interface ApplyDeps {
  azure: AzureGateway;
  audit: AuditSink;
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

/**
 * Audit, confirm, pre-flight, send and verify one plan. Never throws for an expected condition:
 * every path ends in a FixResult whose code and reason say what happened; every write is
 * audited first, and a record that cannot be written stops the fix and says so.
 */
export async function applyPlan(plan: Plan, report: Report, deps: ApplyDeps, hooks: ApplyHooks = {}): Promise<FixResult> {
  const trail = new AuditTrail(deps.audit, { who: deps.principal ?? null, cluster: plan.clusterId, remediation: plan.remediation });
  const result = (outcome: Outcome, code: FixCode, reason: string, extra: { verification?: Verification; after?: Report; params?: Refusal['params'] } = {}): FixResult =>
    fixResult(plan, plan.remediation, outcome, code, reason, { ...extra, auditLog: trail.path });

  if (!plan.automated) return fixResult(plan, plan.remediation, 'dry-run', 'guided', 'guided: run the commands above');

  const unwritable = (failure: string): FixResult => result('refused', 'audit-unwritable', `the audit log cannot be written, so nothing was changed: ${failure}`);
  /** Records a refusal; when even that record fails, the refusal says so (nothing was sent either way). */
  const refuse = async (r: Refusal): Promise<FixResult> => {
    const failure = await trail.record({ event: 'refused', outcome: 'refused', reason: r.reason, reasonCode: r.code });
    if (!failure) return result('refused', r.code, r.reason, { params: r.params });
    return result('refused', r.code, `${r.reason} (the audit log could not record this refusal: ${failure})`, { params: { ...r.params, auditFailure: failure } });
  };

  const planned = await trail.record({
    event: 'planned', operations: auditOperations(plan), before: summarize(report), risk: plan.risk, parameters: plan.parameters,
    ...(plan.preflight ? { preflight: plan.preflight } : {}),
  });
  if (planned) return unwritable(planned);
  // Blocked up front: a plan that cannot run is refused before anyone confirms it.
  const blocked = preflightRefusal(plan);
  if (blocked) return refuse(blocked);
  const unconfirmed = checkConfirmation(plan, hooks.confirmation);
  if (unconfirmed) return refuse(unconfirmed);
  const unknown = preflightUnknown(plan.preflight);
  const confirmed = await trail.record({
    event: 'confirmed', confirmation: plan.risk === 'destructive' ? 'cluster name typed' : 'confirmed',
    // What pre-flight could not check, acknowledged by this confirmation.
    ...(unknown.length > 0 ? { preflightUnknown: unknown.map((u) => ({ operation: u.operation, aspect: u.aspect, code: u.code, params: u.params })) } : {}),
  });
  if (confirmed) return unwritable(confirmed);

  const refused = await preflight(plan, { azure: deps.azure, diagnose: deps.diagnose, signal: hooks.signal });
  if (refused) return refuse(refused);

  const sent = await sendAll(plan, { azure: deps.azure, onProgress: hooks.onProgress, signal: hooks.signal }, trail);
  if (!('done' in sent)) return result(sent.outcome, sent.code, sent.reason);

  const v = await verify(plan, report, sent.done, deps, trail);
  return result('applied', v.code, v.reason, { verification: v.verification, ...(v.after ? { after: v.after } : {}) });
}
