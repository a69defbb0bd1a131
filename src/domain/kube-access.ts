import type { FindingOf, MessageTable } from '../core/check.js';
import type { KubeFailureReason } from '../core/ids.js';
import type { FindingFacets, ImagePullFailure } from '../core/report.js';
import type { KubeEvent, KubeNode, KubePod, KubeResult } from '../kube/types.js';
import { imagePullFailures } from './pull-failures.js';

const detail = (p: { message: string }): string => (p.message ? ` (${p.message})` : '');

/**
 * The findings of a check that could not read Kubernetes, shared by every check that reads
 * it: codes in the `kube/` namespace, whichever check returns them.
 */
export const KUBE_MESSAGES = {
  'kube/not-configured': () => 'Kubernetes not read (--no-kube was given, or no kubeconfig is configured): pod and node checks need it',
  'kube/unreachable': (p: { timedOut: boolean }) =>
    `the Kubernetes API server is unreachable${p.timedOut ? ' (timed out)' : ''}, as is normal for a private cluster: run from inside the VNet or pass --kubeconfig with a reachable context`,
  'kube/unauthorized': (p: { message: string }) =>
    `the Kubernetes API server refused the credentials (401)${detail(p)}: refresh the kubeconfig (az aks get-credentials) or pass --kubeconfig`,
  'kube/forbidden': (p: { message: string }) =>
    `the Kubernetes identity may not list pods, events or nodes (403)${detail(p)}: grant it read access (for example the view cluster role)`,
  'kube/failed': (p: { message: string }) => `reading Kubernetes failed${detail(p)}`,
} satisfies MessageTable;

export type KubeFinding = FindingOf<typeof KUBE_MESSAGES, FindingFacets>;

/**
 * A Kubernetes read that failed, as the finding of a pod or node check: an API server out of
 * reach (private clusters) or `--no-kube` is `skip` saying what to do; a refused identity is an
 * `error` naming it, since the data source is there but the check could not complete.
 */
export function kubeUnavailableFinding(failure: { reason: KubeFailureReason; message: string }): KubeFinding {
  const data = { kubeUnavailable: failure.reason };
  const { message } = failure;
  switch (failure.reason) {
    case 'notConfigured':
      return { status: 'skip', code: 'kube/not-configured', params: {}, evidence: [], remediations: [], data };
    case 'unreachable':
    case 'timeout':
      return { status: 'skip', code: 'kube/unreachable', params: { timedOut: failure.reason === 'timeout' }, evidence: [{ note: message }], remediations: [], data };
    case 'unauthorized':
      return { status: 'error', code: 'kube/unauthorized', params: { message }, evidence: [], remediations: [], data };
    case 'forbidden':
      return { status: 'error', code: 'kube/forbidden', params: { message }, evidence: [], remediations: [], data };
    default:
      return { status: 'error', code: 'kube/failed', params: { message }, evidence: [], remediations: [], data };
  }
}

/** The first failed read among several, or undefined when all succeeded. */
export function firstKubeFailure(...results: KubeResult<unknown>[]): { reason: KubeFailureReason; message: string } | undefined {
  for (const r of results) if (!r.ok) return { reason: r.reason, message: r.message };
  return undefined;
}

/** What the pod and node checks read from Kubernetes. */
export interface KubeGathered {
  pods: KubeResult<KubePod[]>;
  events: KubeResult<KubeEvent[]>;
  nodes: KubeResult<KubeNode[]>;
}

export async function gatherKube(ctx: {
  pods(): Promise<KubeResult<KubePod[]>>;
  podWarningEvents(): Promise<KubeResult<KubeEvent[]>>;
  nodes(): Promise<KubeResult<KubeNode[]>>;
}): Promise<KubeGathered> {
  const [pods, events, nodes] = await Promise.all([ctx.pods(), ctx.podWarningEvents(), ctx.nodes()]);
  return { pods, events, nodes };
}

/** The failing pulls, or the finding to return when pods could not be read. Events and nodes only enrich. */
export function pullFailuresOrUnavailable(g: KubeGathered): { failures: ImagePullFailure[] } | { unavailable: KubeFinding } {
  const failure = firstKubeFailure(g.pods);
  if (failure || !g.pods.ok) return { unavailable: kubeUnavailableFinding(failure ?? { reason: 'other', message: '' }) };
  const events = g.events.ok ? g.events.value : [];
  const nodes = g.nodes.ok ? g.nodes.value : [];
  return { failures: imagePullFailures(g.pods.value, events, nodes) };
}
