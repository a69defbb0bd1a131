import type { KubeConfig } from '@kubernetes/client-node';
import { createAzureGateway, type AzureGatewayOptions, type RecordedResponse } from '../azure/gateway.js';
import { isAzureError } from '../azure/errors.js';
import { sameId } from '../azure/resource-id.js';
import { createKubeGateway, notConfiguredKube, type RecordedKubeResponse } from '../kube/gateway.js';
import { kubeConfigFromArm } from '../kube/access.js';
import type { KubeReads, KubeResult } from '../kube/types.js';
import { IncompleteError } from '../core/errors.js';
import type { EngineEvent, Report } from '../core/report.js';
import type { CheckRegistry } from '../engine/check.js';
import { diagnose } from '../engine/run.js';
import type { Bundle } from '../bundle/types.js';
import { buildBundle } from './build.js';
import { redactBundle } from './redact.js';

export interface CaptureProgress {
  step: string;
  done: number;
  total: number;
}

export type CaptureKube = { kubeconfig: KubeConfig } | { fromArm: true } | { disabled: true };

export interface CaptureOptions {
  clusterId: string;
  azureOptions: Omit<AzureGatewayOptions, 'onResponse'>;
  kube: CaptureKube;
  /** The checks of the diagnosis whose reads the bundle records. */
  checks: CheckRegistry;
  onProgress?: ((msg: CaptureProgress) => void) | undefined;
  redact?: boolean | undefined;
  description?: string | undefined;
  /** Per Kubernetes request; the gateway's default when absent. */
  kubeTimeoutMs?: number | undefined;
  now?: Date | undefined;
}

export interface CaptureResult {
  bundle: Bundle;
  /** The live diagnosis the capture ran (before redaction): what a replay must reproduce. */
  report: Report;
  /** original → placeholder, when redacted. */
  mapping?: Map<string, string> | undefined;
}

async function kubeReadsFor(opts: CaptureOptions, record: (r: RecordedKubeResponse) => void): Promise<KubeReads> {
  const gatewayOptions = { timeoutMs: opts.kubeTimeoutMs, onResponse: record };
  if ('disabled' in opts.kube) return notConfiguredKube('Kubernetes was not read (--no-kube)');
  if ('kubeconfig' in opts.kube) return createKubeGateway(opts.kube.kubeconfig, gatewayOptions);
  try {
    // A gateway of its own: the credentials call is not part of what the diagnosis reads.
    const kc = await kubeConfigFromArm(createAzureGateway(opts.azureOptions), opts.clusterId);
    return createKubeGateway(kc, gatewayOptions);
  } catch (e) {
    const why = isAzureError(e) ? e.describe() : e instanceof Error ? e.message : String(e);
    return notConfiguredKube(`no kubeconfig: reading the cluster's user credentials failed (${why}); pass --kubeconfig`);
  }
}

/**
 * Reachable when any list could be read; otherwise the reason of the first failure, which is
 * what a replay will show instead of the lists.
 */
async function reachability(kube: KubeReads): Promise<{ reachable: boolean; reason?: string | undefined }> {
  const results: KubeResult<unknown>[] = await Promise.all([kube.nodes(), kube.pods(), kube.podWarningEvents()]);
  if (results.some((r) => r.ok)) return { reachable: true };
  const version = await kube.version();
  if (version.ok) return { reachable: true };
  const failed = results.find((r): r is Extract<KubeResult<unknown>, { ok: false }> => !r.ok);
  return { reachable: false, reason: failed?.message ?? version.message };
}

/**
 * What pre-flight would read for the fixes of this cluster, read once so the recorder keeps it:
 * the locks at the subscription, the cluster's and node resource groups, the cluster and its
 * registries, and the caller's permissions on the cluster and the registries. Lockdown is in the
 * cluster's own answer. Failures are left out (a replay then reads them as absent or unknown).
 */
async function recordPreflight(azure: ReturnType<typeof createAzureGateway>, clusterId: string): Promise<void> {
  const cluster = await azure.cluster(clusterId).catch(() => undefined);
  if (!cluster) return;
  const sub = `/subscriptions/${cluster.subscriptionId}`;
  const rg = (name: string): string => `${sub}/resourceGroups/${name}`;
  const managed = cluster.nodeResourceGroup ? await azure.registriesInResourceGroup(cluster.subscriptionId, cluster.nodeResourceGroup).catch(() => []) : [];
  const registries = [...managed.map((r) => r.id), ...(cluster.containerRegistryId ? [cluster.containerRegistryId] : [])];
  const registryGroups = registries.map((id) => id.slice(0, id.toLowerCase().indexOf('/providers/'))).filter((g) => g.length > 0);
  const lockScopes = new Set([sub, rg(cluster.resourceGroup), cluster.id, ...(cluster.nodeResourceGroup ? [rg(cluster.nodeResourceGroup)] : []), ...registryGroups, ...registries]);
  await Promise.all([
    ...[...lockScopes].map((s) => azure.locksAt?.(s).catch(() => undefined)),
    ...[cluster.id, ...registries].map((s) => azure.permissionsAt?.(s).catch(() => undefined)),
  ]);
}

/**
 * Runs a diagnosis through recording gateways and writes what it read as a bundle, so a replay
 * (`diagnose --bundle`) reads exactly the same. Throws IncompleteError when the cluster itself
 * could not be read (nothing worth sending).
 */
export async function captureBundleWithReport(opts: CaptureOptions): Promise<CaptureResult> {
  const armResponses: RecordedResponse[] = [];
  const kubeResponses: RecordedKubeResponse[] = [];
  const azure = createAzureGateway({ ...opts.azureOptions, onResponse: (r) => armResponses.push(r) });
  const kube = await kubeReadsFor(opts, (r) => kubeResponses.push(r));

  let total = 0;
  let done = 0;
  const progress = (step: string): void => {
    try {
      opts.onProgress?.({ step, done, total });
    } catch {
      // A display's bug must not lose the capture.
    }
  };
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'run-started') {
      total = e.checks.length + 1;
      progress('reading the cluster');
    } else if (e.type === 'check-finished') {
      done++;
      progress(e.result.id);
    }
  };
  const report = await diagnose({ clusterId: opts.clusterId, azure, kube, checks: opts.checks, onEvent, history: true });
  await recordPreflight(azure, opts.clusterId);
  const kubeState = await reachability(kube);
  progress(opts.redact ? 'building and redacting the bundle' : 'building the bundle');

  const bundle = buildBundle({
    clusterId: opts.clusterId,
    arm: armResponses,
    kube: { ...kubeState, responses: kubeResponses },
    description: opts.description ?? `captured by aks-netiso from ${report.clusterName ?? opts.clusterId}`,
    now: opts.now,
  });
  if (!bundle.arm.some((r) => sameId(r.id, opts.clusterId))) {
    // What the check that must read the cluster said (not found, permission denied…).
    const required = new Set(opts.checks.filter((c) => c.required).map((c) => c.id));
    const readable = report.checks.find((c) => required.has(c.id));
    throw new IncompleteError(`cannot capture ${opts.clusterId}: the cluster could not be read${readable ? ` (${readable.summary})` : ''}`);
  }
  done = total;
  if (!opts.redact) {
    progress('done');
    return { bundle, report };
  }
  const redacted = redactBundle(bundle);
  progress('done');
  return { bundle: redacted.bundle, report, mapping: redacted.mapping };
}

/** The bundle of `captureBundleWithReport`. */
export async function captureBundle(opts: CaptureOptions): Promise<Bundle> {
  return (await captureBundleWithReport(opts)).bundle;
}
