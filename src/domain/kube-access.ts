import type { Finding } from '../engine/types.js';
import type { KubeFailureReason, KubeResult } from '../kube/types.js';

/**
 * A Kubernetes read that failed, as the finding of a pod or node check: an API server out of
 * reach (private clusters) or `--no-kube` is `skip` saying what to do; a refused identity is an
 * `error` naming it, since the data source is there but the check could not complete.
 */
export function kubeUnavailableFinding(failure: { reason: KubeFailureReason; message: string }): Finding {
  const detail = failure.message ? ` (${failure.message})` : '';
  switch (failure.reason) {
    case 'notConfigured':
      return { status: 'skip', summary: 'Kubernetes not read (--no-kube was given, or no kubeconfig is configured): pod and node checks need it', evidence: [], remediations: [] };
    case 'unreachable':
    case 'timeout':
      return {
        status: 'skip',
        summary: `the Kubernetes API server is unreachable${failure.reason === 'timeout' ? ' (timed out)' : ''}, as is normal for a private cluster: run from inside the VNet or pass --kubeconfig with a reachable context`,
        evidence: [{ note: failure.message }],
        remediations: [],
      };
    case 'unauthorized':
      return { status: 'error', summary: `the Kubernetes API server refused the credentials (401)${detail}: refresh the kubeconfig (az aks get-credentials) or pass --kubeconfig`, evidence: [], remediations: [] };
    case 'forbidden':
      return { status: 'error', summary: `the Kubernetes identity may not list pods, events or nodes (403)${detail}: grant it read access (for example the view cluster role)`, evidence: [], remediations: [] };
    default:
      return { status: 'error', summary: `reading Kubernetes failed${detail}`, evidence: [], remediations: [] };
  }
}

/** The first failed read among several, or undefined when all succeeded. */
export function firstKubeFailure(...results: KubeResult<unknown>[]): { reason: KubeFailureReason; message: string } | undefined {
  for (const r of results) if (!r.ok) return { reason: r.reason, message: r.message };
  return undefined;
}
