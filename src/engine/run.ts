import type { AzureReads, AzureRequestStats } from '../azure/ports.js';
import { isAzureError } from '../azure/errors.js';
import { CHECKS } from '../../checks/index.js';
import type { KubeReads } from '../kube/types.js';
import type { AnyCheck } from './check.js';
import type { DiagnosisContext } from './context.js';
import { createDiagnosisContext } from './facts.js';
import { chooseRootCauses } from './root-causes.js';
import type { CheckId, CheckResult, EngineEvent, Finding, ImagePullFailure, Report } from './types.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
/** Enough to run every check of the registry at once; reads are the bottleneck, not CPU. */
export const DEFAULT_CONCURRENCY = 16;

export interface DiagnoseOptions {
  clusterId: string;
  azure: AzureReads & { stats(): AzureRequestStats };
  kube: KubeReads;
  /** The ordered check registry; `checks/index.ts` when absent. */
  checks?: readonly AnyCheck[] | undefined;
  /** How many checks may gather at once. 1 also turns the context's prefetching off (the baseline). */
  concurrency?: number | undefined;
  defaultTimeoutMs?: number | undefined;
  onEvent?: ((event: EngineEvent) => void) | undefined;
}

class CheckTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'CheckTimeout';
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A fault inside a check, in words an operator can act on. */
export function errorFinding(e: unknown): Finding {
  if (isAzureError(e)) {
    const evidence = [{ note: e.describe() }];
    const summary =
      e.kind === 'forbidden'
        ? `permission denied${e.action ? `: the signed-in identity lacks ${e.action}` : ''}; grant Reader on the resources involved and run again`
        : e.kind === 'throttled'
          ? 'Azure throttled the reads (429) even after retries; wait a minute and run again'
          : e.describe();
    return { status: 'error', summary, evidence, remediations: [] };
  }
  if (e instanceof CheckTimeout) {
    return { status: 'error', summary: `the check ${e.message}; Azure or the API server answered too slowly`, evidence: [], remediations: [] };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { status: 'error', summary: `internal error in the check: ${message}`, evidence: [{ note: e instanceof Error && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : message }], remediations: [] };
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Runs the checks in registry order, honouring `dependsOn`: every check starts as soon as its
 * dependencies have finished (so independent checks gather concurrently), a dependant of a
 * check that did not pass or warn is `skip` with the reason, every check has a timeout, and an
 * exception becomes an `error` finding: the run always completes with a report.
 */
export async function diagnose(options: DiagnoseOptions): Promise<Report> {
  const started = performance.now();
  const checks = options.checks ?? CHECKS;
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
  const ctx: DiagnosisContext = createDiagnosisContext({
    clusterId: options.clusterId,
    azure: options.azure,
    kube: options.kube,
    prefetch: concurrency > 1,
  });
  emit({
    type: 'run-started',
    clusterId: options.clusterId,
    checks: checks.map((c) => ({ id: c.id, title: c.title, dependsOn: [...c.dependsOn] })),
  });

  const byId = new Map<CheckId, AnyCheck>(checks.map((c) => [c.id, c]));
  const results = new Map<CheckId, Promise<CheckResult>>();
  const semaphore = new Semaphore(concurrency);

  const run = (check: AnyCheck): Promise<CheckResult> => {
    const existing = results.get(check.id);
    if (existing) return existing;
    const p = (async (): Promise<CheckResult> => {
      const deps = await Promise.all(
        check.dependsOn.filter((d) => byId.has(d)).map((d) => run(byId.get(d) as AnyCheck)),
      );
      const blocking = deps.filter((d) => d.status !== 'pass' && d.status !== 'warn');
      const base = { id: check.id, title: check.title, guide: check.guide };
      if (blocking.length > 0) {
        const result: CheckResult = {
          ...base,
          status: 'skip',
          summary: `skipped: ${blocking.map((d) => `${d.id} is ${d.status}`).join(', ')}`,
          evidence: [],
          remediations: [],
          durationMs: 0,
        };
        emit({ type: 'check-finished', result });
        return result;
      }
      return semaphore.run(async () => {
        emit({ type: 'check-started', id: check.id });
        const t0 = performance.now();
        let finding: Finding;
        try {
          const gathered: unknown = await withTimeout(check.gather(ctx), check.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
          finding = check.judge(gathered);
        } catch (e) {
          finding = errorFinding(e);
        }
        const result: CheckResult = { ...base, ...finding, durationMs: Math.round(performance.now() - t0) };
        emit({ type: 'check-finished', result });
        return result;
      });
    })();
    results.set(check.id, p);
    return p;
  };

  const checkResults = await Promise.all(checks.map(run));
  const [clusterResult, registryResult] = await Promise.all([
    ctx.cluster().catch(() => undefined),
    ctx.registry().catch(() => undefined),
  ]);
  const networkIsolatedCheck = checkResults.find((r) => r.id === 'cluster.network-isolated');
  const networkIsolated =
    networkIsolatedCheck && networkIsolatedCheck.status !== 'skip' && networkIsolatedCheck.status !== 'error'
      ? networkIsolatedCheck.status !== 'fail'
      : null;
  const registryMode = registryResult?.mode ?? 'unknown';
  const rootCauses = chooseRootCauses(checkResults, registryMode);
  emit({ type: 'root-causes', rootCauses });

  const pulls = checkResults.find((r) => r.id === 'pods.image-pull-failures')?.data?.imagePullFailures;
  const report: Report = {
    schema: 'aks-netiso/report@1',
    cluster: clusterResult?.id ?? options.clusterId,
    networkIsolated,
    registryMode,
    checks: checkResults,
    rootCauses,
    imagePullFailures: Array.isArray(pulls) ? (pulls as ImagePullFailure[]) : [],
    stats: {
      armRequests: options.azure.stats().requests - armBefore,
      kubeRequests: options.kube.stats().requests - kubeBefore,
      durationMs: Math.round(performance.now() - started),
    },
    generatedAt: new Date().toISOString(),
    clusterName: clusterResult?.name,
    registry: registryResult?.registry
      ? { id: registryResult.registry.id, name: registryResult.registry.name, loginServer: registryResult.registry.loginServer }
      : undefined,
  };
  emit({ type: 'run-finished', report });
  return report;
}

/**
 * Why the diagnosis could not complete at all (exit 3: sign-in, unreachable ARM, the cluster
 * itself unreadable), as opposed to finding a problem (exit 1). Undefined when it completed.
 */
export function incompleteReason(report: Report): string | undefined {
  const readable = report.checks.find((c) => c.id === 'cluster.readable');
  return readable?.status === 'error' ? readable.summary : undefined;
}

/** Exit code of `diagnose` (formats.md): 0 healthy, 1 a problem found, 3 could not complete. */
export function exitCodeOf(report: Report): 0 | 1 | 3 {
  if (incompleteReason(report)) return 3;
  if (report.rootCauses.length > 0) return 1;
  return report.checks.some((c) => c.status === 'fail' || c.status === 'error') ? 1 : 0;
}
