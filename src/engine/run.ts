import pLimit from 'p-limit';
import type { ActivityLogReads, AzureReads, AzureRequestStats } from '../azure/ports.js';
import { renderMessage, type CheckDeclarations, type MessageTable } from '../core/check.js';
import type { CheckId } from '../core/ids.js';
import type { CheckResult, EngineEvent, Finding, Report } from '../core/report.js';
import type { DiagnosisFacts } from '../domain/facts.js';
import type { KubeReads } from '../kube/types.js';
import type { AnyCheck } from './check.js';
import { createDiagnosisContext } from './facts.js';
import { CheckTimeout, ENGINE_MESSAGES, abortedFinding, errorFinding, isEngineCode, skippedFinding, type EngineFinding } from './findings.js';
import { chooseRootCauses } from './root-causes.js';
import { attachHistory, startHistory, type HistoryResult } from './history.js';

export { errorFinding } from './findings.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
/** Enough to run every check of the registry at once; reads are the bottleneck, not CPU. */
export const DEFAULT_CONCURRENCY = 16;

export interface DiagnoseOptions {
  clusterId: string;
  azure: AzureReads & { stats(): AzureRequestStats } & Partial<ActivityLogReads>;
  kube: KubeReads;
  /** The ordered check registry (`checks/index.ts`); the engine knows no check of its own. */
  checks: readonly AnyCheck[];
  /** How many checks may gather at once. 1 also turns the context's prefetching off (the baseline). */
  concurrency?: number | undefined;
  defaultTimeoutMs?: number | undefined;
  /**
   * The diagnosis deadline: when it aborts, every check not finished yet ends `error` with the
   * abort reason's message, and the report is still produced.
   */
  signal?: AbortSignal | undefined;
  onEvent?: ((event: EngineEvent) => void) | undefined;
  /**
   * Read the Activity Log behind root causes about a missing or changed resource (`--no-history`
   * turns it off). Started with the checks, one query per resource group.
   */
  history?: boolean | undefined;
}

class Aborted extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'Aborted';
  }
}

/** Rejects when the signal aborts (never otherwise), and the listener to remove afterwards. */
function abortion(signal: AbortSignal | undefined): { promise: Promise<never> | undefined; release(): void } {
  if (!signal) return { promise: undefined, release: () => undefined };
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Aborted(signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, release: () => onAbort && signal.removeEventListener('abort', onAbort) };
}

function bounded<T>(p: Promise<T>, ms: number, abort: Promise<never> | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(ms)), ms);
  });
  return Promise.race([p, timeout, ...(abort ? [abort] : [])]).finally(() => clearTimeout(timer));
}

/** The finding's message, rendered once; a code without a message is the check's bug. */
function resultOf(check: CheckDeclarations & { readonly messages: MessageTable }, finding: Finding, durationMs: number): CheckResult {
  let summary: string;
  let f = finding;
  try {
    summary = renderMessage(isEngineCode(finding.code) ? ENGINE_MESSAGES : check.messages, finding);
  } catch (e) {
    f = errorFinding(e);
    summary = renderMessage(ENGINE_MESSAGES, f);
  }
  return {
    id: check.id,
    title: check.title,
    status: f.status,
    summary,
    evidence: f.evidence,
    remediations: f.remediations,
    guide: check.guide,
    durationMs,
    code: f.code,
    params: f.params,
    data: f.data,
    display: check.display,
  };
}

/** The diagnosis and the facts it resolved, for remediations to plan from. */
export interface Diagnosis {
  report: Report;
  facts: DiagnosisFacts;
}

/**
 * Runs the checks in registry order, honouring `dependsOn`: every check starts as soon as its
 * dependencies have finished (so independent checks gather concurrently), a dependant of a
 * check that did not pass or warn is `skip` with the reason, every check has a timeout, and an
 * exception becomes an `error` finding: the run always completes with a report.
 */
export async function diagnoseWithFacts(options: DiagnoseOptions): Promise<Diagnosis> {
  const started = performance.now();
  const { checks, signal } = options;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const emit = (e: EngineEvent): void => {
    try {
      options.onEvent?.(e);
    } catch {
      // A listener's bug must not end the diagnosis.
    }
  };
  const kubeBefore = options.kube.stats().requests;
  const armBefore = options.azure.stats().requests;
  const throttledBefore = options.azure.stats().throttled ?? 0;
  const ctx = createDiagnosisContext({
    clusterId: options.clusterId,
    azure: options.azure,
    kube: options.kube,
    prefetch: concurrency > 1,
  });
  emit({
    type: 'run-started',
    clusterId: options.clusterId,
    checks: checks.map((c) => ({ id: c.id, title: c.title, dependsOn: [...c.dependsOn], display: c.display })),
  });

  let checksFinished: () => void = () => undefined;
  const checksDone = new Promise<void>((resolve) => {
    checksFinished = resolve;
  });
  const historyRead: Promise<HistoryResult> | undefined = options.history ? startHistory(options.azure, ctx, checksDone) : undefined;

  const byId = new Map<CheckId, AnyCheck>(checks.map((c) => [c.id, c]));
  const results = new Map<CheckId, Promise<CheckResult>>();
  const limit = pLimit(concurrency);
  const abort = abortion(signal);
  const finished = (check: AnyCheck, finding: EngineFinding | Finding, durationMs = 0): CheckResult => {
    const result = resultOf(check, finding, durationMs);
    emit({ type: 'check-finished', result });
    return result;
  };

  const run = (check: AnyCheck): Promise<CheckResult> => {
    const existing = results.get(check.id);
    if (existing) return existing;
    const p = (async (): Promise<CheckResult> => {
      const deps = await Promise.all(
        check.dependsOn.filter((d) => byId.has(d)).map((d) => run(byId.get(d) as AnyCheck)),
      );
      if (signal?.aborted) return finished(check, abortedFinding(signal.reason));
      const blocking = deps.filter((d) => d.status !== 'pass' && d.status !== 'warn');
      if (blocking.length > 0) return finished(check, skippedFinding(blocking));
      return limit(async () => {
        if (signal?.aborted) return finished(check, abortedFinding(signal.reason));
        emit({ type: 'check-started', id: check.id });
        const t0 = performance.now();
        let finding: Finding;
        try {
          const gathered: unknown = await bounded(check.gather(ctx), check.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS, abort.promise);
          finding = check.judge(gathered);
        } catch (e) {
          finding = e instanceof Aborted ? abortedFinding(e.reason) : errorFinding(e);
        }
        return finished(check, finding, Math.round(performance.now() - t0));
      });
    })();
    results.set(check.id, p);
    return p;
  };

  const checkResults = await Promise.all(checks.map(run));
  checksFinished();
  // After a deadline, facts still in flight are not waited for.
  const settle = <T>(p: Promise<T>): Promise<T | undefined> => (abort.promise ? Promise.race([p, abort.promise]) : p).catch(() => undefined);
  const [clusterResult, registryResult] = await Promise.all([settle(ctx.cluster()), settle(ctx.registry())]);
  abort.release();
  const facet = <K extends keyof NonNullable<CheckResult['data']>>(key: K): NonNullable<CheckResult['data']>[K] | undefined =>
    checkResults.find((r) => r.data?.[key] !== undefined)?.data?.[key];
  const networkIsolated = facet('networkIsolated') ?? null;
  const registryMode = registryResult?.mode ?? 'unknown';
  const chosen = chooseRootCauses(checkResults, registryMode, checks);
  const historyFound = historyRead ? await settle(historyRead) : undefined;
  const rootCauses = historyRead ? attachHistory(chosen, checks, historyFound ?? { note: 'unavailable' }) : chosen;
  emit({ type: 'root-causes', rootCauses });

  const report: Report = {
    schema: 'aks-netiso/report@1',
    cluster: clusterResult?.id ?? options.clusterId,
    networkIsolated,
    registryMode,
    checks: checkResults,
    rootCauses,
    imagePullFailures: facet('imagePullFailures') ?? [],
    stats: {
      armRequests: options.azure.stats().requests - armBefore,
      kubeRequests: options.kube.stats().requests - kubeBefore,
      durationMs: Math.round(performance.now() - started),
      throttled: (options.azure.stats().throttled ?? 0) - throttledBefore,
    },
    generatedAt: new Date().toISOString(),
    clusterName: clusterResult?.name,
    registry: registryResult?.registry
      ? { id: registryResult.registry.id, name: registryResult.registry.name, loginServer: registryResult.registry.loginServer }
      : undefined,
  };
  report.incomplete = incompleteReason(report, checks);
  emit({ type: 'run-finished', report });
  return { report, facts: ctx.snapshot() };
}

/** The diagnosis report alone. */
export async function diagnose(options: DiagnoseOptions): Promise<Report> {
  return (await diagnoseWithFacts(options)).report;
}

/**
 * Why the diagnosis could not complete at all (exit 3: sign-in, unreachable ARM, the cluster
 * itself unreadable), as opposed to finding a problem (exit 1): a `required` check that
 * errored. Undefined when it completed.
 */
export function incompleteReason(report: Report, checks: readonly CheckDeclarations[]): string | undefined {
  const required = new Set(checks.filter((c) => c.required).map((c) => c.id));
  return report.checks.find((c) => required.has(c.id) && c.status === 'error')?.summary;
}

/** Exit code of `diagnose` (formats.md): 0 healthy, 1 a problem found, 3 could not complete. */
export function exitCodeOf(report: Report, checks?: readonly CheckDeclarations[]): 0 | 1 | 3 {
  // Without the registry, what the engine recorded when it made the report.
  const incomplete = checks ? incompleteReason(report, checks) : report.incomplete;
  if (incomplete !== undefined) return 3;
  if (report.rootCauses.length > 0) return 1;
  return report.checks.some((c) => c.status === 'fail' || c.status === 'error') ? 1 : 0;
}
