import { isAzureError } from '../azure/errors.js';
import type { FindingOf, MessageTable } from '../core/check.js';
import type { CheckStatus } from '../core/ids.js';
import type { CheckResult } from '../core/report.js';

/**
 * The findings the engine itself gives a check that could not judge: a dependency that did
 * not pass, a fault in gather (permission, throttling, another ARM error, a bug), a timeout,
 * the diagnosis deadline. Codes in the `engine/` namespace, the same for every check.
 */
export const ENGINE_MESSAGES = {
  'engine/dependency-not-passed': (p: { blocking: readonly { id: string; status: CheckStatus }[] }) =>
    `skipped: ${p.blocking.map((d) => `${d.id} is ${d.status}`).join(', ')}`,
  'engine/forbidden': (p: { action: string | null }) =>
    `permission denied${p.action ? `: the signed-in identity lacks ${p.action}` : ''}; grant Reader on the resources involved and run again`,
  // The gateway's sentence names the read and how long ARM asked to wait (Retry-After).
  'engine/throttled': (p: { description?: string | undefined }) => p.description ?? 'Azure throttled the reads (429) even after retries; wait a minute and run again',
  'engine/azure-error': (p: { kind: string; description: string }) => p.description,
  'engine/timeout': (p: { ms: number }) => `the check timed out after ${p.ms} ms; Azure or the API server answered too slowly`,
  'engine/aborted': (p: { reason: string }) => p.reason,
  'engine/internal-error': (p: { message: string }) => `internal error in the check: ${p.message}`,
} satisfies MessageTable;

/** A check's gather took longer than its timeout. */
export class CheckTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'CheckTimeout';
  }
}

export type EngineFinding = FindingOf<typeof ENGINE_MESSAGES>;

export function isEngineCode(code: string): code is keyof typeof ENGINE_MESSAGES {
  return Object.hasOwn(ENGINE_MESSAGES, code);
}

export function skippedFinding(blocking: readonly CheckResult[]): EngineFinding {
  return {
    status: 'skip',
    code: 'engine/dependency-not-passed',
    params: { blocking: blocking.map((d) => ({ id: d.id, status: d.status })) },
    evidence: [],
    remediations: [],
  };
}

export function abortedFinding(reason: unknown): EngineFinding {
  return { status: 'error', code: 'engine/aborted', params: { reason: reason instanceof Error ? reason.message : String(reason) }, evidence: [], remediations: [] };
}

/** A fault inside a check, in words an operator can act on. */
export function errorFinding(e: unknown): EngineFinding {
  if (isAzureError(e)) {
    const evidence = [{ note: e.describe() }];
    if (e.kind === 'forbidden') return { status: 'error', code: 'engine/forbidden', params: { action: e.action ?? null }, evidence, remediations: [] };
    if (e.kind === 'throttled') return { status: 'error', code: 'engine/throttled', params: { description: e.describe() }, evidence, remediations: [] };
    return { status: 'error', code: 'engine/azure-error', params: { kind: e.kind, description: e.describe() }, evidence, remediations: [] };
  }
  if (e instanceof CheckTimeout) {
    return { status: 'error', code: 'engine/timeout', params: { ms: e.ms }, evidence: [], remediations: [] };
  }
  const message = e instanceof Error ? e.message : String(e);
  const note = e instanceof Error && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : message;
  return { status: 'error', code: 'engine/internal-error', params: { message }, evidence: [{ note }], remediations: [] };
}
