import { defineCheck } from '../src/engine/check.js';
import type { FailureKind, Finding, ImagePullFailure } from '../src/engine/types.js';
import type { KubeEvent, KubeNode, KubePod, KubeResult } from '../src/kube/types.js';
import { firstKubeFailure, kubeUnavailableFinding } from '../src/domain/kube-access.js';
import { imagePullFailures } from '../src/domain/pull-failures.js';

export interface KubeGathered {
  pods: KubeResult<KubePod[]>;
  events: KubeResult<KubeEvent[]>;
  nodes: KubeResult<KubeNode[]>;
}

export type PodsImagePullFailuresGathered = KubeGathered;

/** The failing pulls, or the finding to return when pods could not be read. Events and nodes only enrich. */
export function pullFailuresOrUnavailable(g: KubeGathered): { failures: ImagePullFailure[] } | { unavailable: Finding } {
  const failure = firstKubeFailure(g.pods);
  if (failure || !g.pods.ok) return { unavailable: kubeUnavailableFinding(failure ?? { reason: 'other', message: '' }) };
  const events = g.events.ok ? g.events.value : [];
  const nodes = g.nodes.ok ? g.nodes.value : [];
  return { failures: imagePullFailures(g.pods.value, events, nodes) };
}

export async function gatherKube(ctx: { pods(): Promise<KubeResult<KubePod[]>>; podWarningEvents(): Promise<KubeResult<KubeEvent[]>>; nodes(): Promise<KubeResult<KubeNode[]>> }): Promise<KubeGathered> {
  const [pods, events, nodes] = await Promise.all([ctx.pods(), ctx.podWarningEvents(), ctx.nodes()]);
  return { pods, events, nodes };
}

const KIND_WORDS: Record<FailureKind, string> = {
  dns: 'DNS failure',
  timeout: 'timeout',
  unauthorized: '401 unauthorized',
  forbidden: '403 forbidden',
  notFound: 'not found',
  tls: 'TLS error',
  other: 'other error',
};

/** `3 timeout to mcr.microsoft.com, 1 401 unauthorized at myacr.azurecr.io`. */
function breakdown(failures: readonly ImagePullFailure[]): string {
  const counts = new Map<string, number>();
  for (const f of failures) {
    const key = `${KIND_WORDS[f.failureKind]}${f.attemptedHost ? ` at ${f.attemptedHost}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => `${n}× ${k}`).join(', ');
}

export function judgePodsImagePullFailures(g: PodsImagePullFailuresGathered): Finding {
  const r = pullFailuresOrUnavailable(g);
  if ('unavailable' in r) return r.unavailable;
  const failures = r.failures;
  const podCount = g.pods.ok ? g.pods.value.length : 0;
  if (failures.length === 0) {
    const note = g.events.ok ? '' : ' (events could not be read)';
    return { status: 'pass', summary: `no container is failing to pull its image (${podCount} pods)${note}`, evidence: [], remediations: [], data: { imagePullFailures: [] } };
  }
  const pods = new Set(failures.map((f) => `${f.namespace}/${f.pod}`));
  return {
    status: 'fail',
    summary: `${failures.length} container(s) in ${pods.size} pod(s) fail to pull: ${breakdown(failures)}`,
    evidence: failures.map((f) => ({
      note: `${f.namespace}/${f.pod} ${f.init ? 'init container' : 'container'} ${f.container} (${f.image}${f.node ? ` on ${f.node}` : ''}): ${f.message}`,
    })),
    remediations: [],
    data: { imagePullFailures: failures },
  };
}

export const podsImagePullFailuresCheck = defineCheck<PodsImagePullFailuresGathered>({
  id: 'pods.image-pull-failures',
  title: 'Pods that fail to pull their images',
  dependsOn: ['cluster.network-isolated'],
  guide: 'Issue 1',
  gather: gatherKube,
  judge: judgePodsImagePullFailures,
});
