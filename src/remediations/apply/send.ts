import type { AzureGateway, WriteOptions } from '../../azure/ports.js';
import { isAzureError } from '../../azure/errors.js';
import type { OperationProgress, OperationResult } from '../../azure/types.js';
import { renderCommand } from '../command.js';
import type { FixCode } from '../fix-result.js';
import { describeOperation, senderOf } from '../operations.js';
import type { ApplyProgress, Outcome, Plan } from '../types.js';
import { auditOperations, type AuditTrail } from './audit-trail.js';
import { errorText, followCommand } from './preflight.js';

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
    const onAbort = (): void => {
      // The write goes on in the background; its late end is of no use any more.
      p.catch(() => undefined);
      reject(new Interrupted());
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
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

/**
 * What was not sent, and what to do about it: the rest of the plan's az commands when they map
 * one to one onto its operations (after `az account set`), and diagnosing again either way.
 */
function notSent(plan: Plan, index: number): string {
  const rest = plan.operations.slice(index + 1);
  if (rest.length === 0) return '';
  const perOperation = plan.azCommands.length === plan.operations.length + 1 ? plan.azCommands.slice(index + 2).map(renderCommand) : [];
  return (
    ` Not sent: ${rest.map((o) => describeOperation(o).sdkCall).join(', ')}.` +
    ` Once the operation has finished, diagnose again${perOperation.length > 0 ? `, or run the rest yourself: ${perOperation.join(' && ')}` : ''}.`
  );
}

/** How the sending ended when it did not send the whole plan. */
export interface Stopped {
  outcome: Outcome;
  code: FixCode;
  reason: string;
}

export interface SendDeps {
  azure: AzureGateway;
  onProgress?: ((p: ApplyProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** The words appended when an audit record of a sent operation could not be written, and what to check. */
function auditNote(trail: AuditTrail, failure: string, operationUrl: string | undefined): string {
  return (
    ` The audit log ${trail.path} could not record this: ${failure}.` +
    ` Check the cluster's Azure activity log for what was done${operationUrl ? ` (operation ${operationUrl})` : ''}, and the audit log's disk, before anything else.`
  );
}

/**
 * Sends the operations one after another (AKS runs one operation on a cluster at a time),
 * each audited before it is sent and after it ends. Returns the operations done, or how it
 * stopped. A record that cannot be written once an operation was sent stops the plan there.
 */
export async function sendAll(plan: Plan, deps: SendDeps, trail: AuditTrail): Promise<{ done: string[] } | Stopped> {
  const { azure, signal } = deps;
  const done: string[] = [];
  const earlier = (): string => (done.length > 0 ? ` Already done before this: ${done.join('; ')}.` : ' No earlier operation of this plan was sent.');
  for (const [index, op] of plan.operations.entries()) {
    const d = describeOperation(op);
    const what = `${d.sdkCall} on ${d.resourceId}`;
    const startFailure = await trail.record({ event: 'started', operation: index, operations: auditOperations(plan).slice(index, index + 1) });
    if (startFailure) {
      const reason = `the audit log cannot be written, so ${what} was not sent: ${startFailure}.${earlier()}`;
      return index === 0 ? { outcome: 'refused', code: 'audit-unwritable', reason } : { outcome: 'failed', code: 'audit-failed-after-send', reason };
    }
    let operationUrl: string | undefined;
    let accepted = false;
    let lastStatus: string | undefined;
    let lastProgress: OperationProgress | undefined;
    const options: WriteOptions = {
      onAccepted: (a) => {
        accepted = true;
        operationUrl = a.operationUrl;
        trail.track({ event: 'accepted', operation: index, requestId: a.requestId, correlationId: a.correlationId, operationUrl: a.operationUrl });
      },
      onProgress: (p) => {
        lastProgress = p;
        deps.onProgress?.({ operation: index, progress: p });
        if (p.status !== lastStatus) {
          lastStatus = p.status;
          trail.track({ event: 'progress', operation: index, status: p.status, elapsedMs: p.elapsedMs, percentComplete: p.percentComplete });
        }
      },
    };
    if (signal) options.abortSignal = signal;

    /** Writes the closing record of this operation; any audit failure since it was sent joins the result. */
    const end = async (outcome: Outcome, code: FixCode, reason: string, record: Parameters<AuditTrail['record']>[0]): Promise<Stopped> => {
      const tracked = await trail.settle();
      const closing = await trail.record({ ...record, reasonCode: code });
      const failure = tracked ?? closing;
      if (!failure) return { outcome, code, reason };
      return { outcome, code: 'audit-failed-after-send', reason: `${reason}${auditNote(trail, failure, operationUrl)}` };
    };
    const interrupted = (note: string): Promise<Stopped> => {
      const reason =
        `interrupted: aks-netiso stopped following ${what}${note}. ` +
        `Follow it with: ${renderCommand(followCommand(plan, op))}${operationUrl ? ` (operation ${operationUrl})` : ''}.${earlier()}` +
        notSent(plan, index);
      return end('interrupted', 'interrupted', reason, {
        event: 'interrupted', operation: index, operationUrl, status: lastProgress?.status, elapsedMs: lastProgress?.elapsedMs, outcome: 'interrupted', reason,
      });
    };
    const continuesInAzure = ', but the operation continues in Azure (it cannot be cancelled from here)';

    const send = senderOf(op);
    let outcome: OperationResult;
    try {
      // Pre-flight refused plans with an operation that has no sender; this is the last guard.
      if (!send) throw new Error(`aks-netiso cannot send ${d.sdkCall}: it is not one of its automated writes`);
      outcome = await untilAborted(send(azure, options), signal);
    } catch (e) {
      if (e instanceof Interrupted || signal?.aborted) {
        return interrupted(accepted ? continuesInAzure : ' before Azure answered: the request may or may not have reached it');
      }
      if (isAzureError(e) && (e.kind === 'timeout' || e.kind === 'connectionReset' || e.kind === 'deadline')) {
        // Sent, and no answer (or a reset): the write may or may not have reached Azure.
        const reason =
          `no answer from Azure to ${what} (${errorText(e)}): the operation may still be running: check with ${renderCommand(followCommand(plan, op))}, then diagnose again.${earlier()}` +
          notSent(plan, index);
        return end('unknown', 'lost-contact', reason, {
          event: 'failed', operation: index, status: 'Unknown', requestId: e.requestId, operationUrl, outcome: 'unknown', reason, code: e.code, statusCode: e.statusCode,
        });
      }
      const reason = `${what} failed: ${errorText(e)}.${earlier()}`;
      return end('failed', 'operation-failed', reason, {
        event: 'failed', operation: index, requestId: isAzureError(e) ? e.requestId : undefined, operationUrl, outcome: 'failed', reason,
        code: isAzureError(e) ? e.code : undefined, statusCode: isAzureError(e) ? e.statusCode : undefined,
      });
    }
    if (outcome.status !== 'Succeeded' && signal?.aborted) {
      // The gateway noticed the abort first. It says whether Azure had accepted the write: before
      // that (no onAccepted), Azure never saw the request.
      return interrupted(accepted ? continuesInAzure : ` before Azure accepted it: ${outcome.error?.message ?? 'cancelled'}`);
    }
    const ids = { requestIds: outcome.requestIds, correlationId: outcome.correlationId, operationUrl, elapsedMs: outcome.elapsedMs };
    if (outcome.status !== 'Succeeded' && (outcome.lostContact || (operationUrl && isTransportError(outcome.error)))) {
      // Azure accepted the write; only following it failed. Its real end is unknown here.
      const reason =
        `lost contact with Azure while following ${what} (${outcome.error?.message ?? 'connection lost'}). ` +
        `Azure had accepted it: the operation may still be running: check with ${renderCommand(followCommand(plan, op))}${operationUrl ? ` (operation ${operationUrl})` : ''}, then diagnose again.${earlier()}` +
        notSent(plan, index);
      return end('unknown', 'lost-contact', reason, { event: 'failed', operation: index, status: 'Unknown', ...ids, outcome: 'unknown', reason });
    }
    if (outcome.status !== 'Succeeded') {
      const err = outcome.error ? `${outcome.error.code ? `${outcome.error.code}: ` : ''}${outcome.error.message}` : 'no error detail';
      const rid = outcome.requestIds[0] ? ` (request id ${outcome.requestIds[0]})` : '';
      const reason = `${what} ended ${outcome.status}: ${err}${rid}.${earlier()}`;
      return end('failed', 'operation-failed', reason, { event: 'failed', operation: index, status: outcome.status, ...ids, outcome: 'failed', reason });
    }
    const tracked = await trail.settle();
    const closing = await trail.record({ event: 'succeeded', operation: index, status: outcome.status, ...ids });
    const failure = tracked ?? closing;
    if (failure) {
      // Sent and done in Azure, but not on record: nothing more is sent without a record.
      const reason = `${what} succeeded, but aks-netiso stopped there.${earlier()}${notSent(plan, index)}${auditNote(trail, failure, operationUrl)}`;
      return { outcome: 'failed', code: 'audit-failed-after-send', reason };
    }
    done.push(`${what} succeeded`);
  }
  return { done };
}
