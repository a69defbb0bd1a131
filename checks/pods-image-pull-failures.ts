import type { FailureKind } from '../src/core/ids.js';
import type { ImagePullFailure } from '../src/core/report.js';
import { KUBE_MESSAGES, gatherKube, pullFailuresOrUnavailable, type KubeGathered } from '../src/domain/kube-access.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export type PodsImagePullFailuresGathered = KubeGathered;

const KIND_WORDS: Record<FailureKind, string> = {
  dns: 'DNS failure',
  timeout: 'timeout',
  unauthorized: '401 unauthorized',
  forbidden: '403 forbidden',
  notFound: 'not found',
  tls: 'TLS error',
  other: 'other error',
};

/** How many pulls failed one way at one host. */
type Tally = { failureKind: FailureKind; attemptedHost: string | null; count: number };

export const podsImagePullFailuresMessages = {
  ...KUBE_MESSAGES,
  'pods.image-pull-failures/none': (p: { pods: number; eventsRead: boolean }) =>
    `no container is failing to pull its image (${p.pods} pods)${p.eventsRead ? '' : ' (events could not be read)'}`,
  // `3× timeout at mcr.microsoft.com, 1× 401 unauthorized at myacr.azurecr.io`.
  'pods.image-pull-failures/failing': (p: { containers: number; pods: number; tallies: Tally[] }) =>
    `${p.containers} container(s) in ${p.pods} pod(s) fail to pull: ${p.tallies
      .map((t) => `${t.count}× ${KIND_WORDS[t.failureKind]}${t.attemptedHost ? ` at ${t.attemptedHost}` : ''}`)
      .join(', ')}`,
};

export type PodsImagePullFailuresFinding = FindingOf<typeof podsImagePullFailuresMessages>;

function tallies(failures: readonly ImagePullFailure[]): Tally[] {
  const counts = new Map<string, Tally>();
  for (const f of failures) {
    const key = `${KIND_WORDS[f.failureKind]}${f.attemptedHost ? ` at ${f.attemptedHost}` : ''}`;
    const t = counts.get(key) ?? { failureKind: f.failureKind, attemptedHost: f.attemptedHost, count: 0 };
    t.count++;
    counts.set(key, t);
  }
  return [...counts.values()];
}

export function judgePodsImagePullFailures(g: PodsImagePullFailuresGathered): PodsImagePullFailuresFinding {
  const r = pullFailuresOrUnavailable(g);
  if ('unavailable' in r) return r.unavailable;
  const failures = r.failures;
  if (failures.length === 0) {
    const podCount = g.pods.ok ? g.pods.value.length : 0;
    return { status: 'pass', code: 'pods.image-pull-failures/none', params: { pods: podCount, eventsRead: g.events.ok }, evidence: [], remediations: [], data: { imagePullFailures: [] } };
  }
  const pods = new Set(failures.map((f) => `${f.namespace}/${f.pod}`));
  return {
    status: 'fail',
    code: 'pods.image-pull-failures/failing',
    params: { containers: failures.length, pods: pods.size, tallies: tallies(failures) },
    evidence: failures.map((f) => ({
      note: `${f.namespace}/${f.pod} ${f.init ? 'init container' : 'container'} ${f.container} (${f.image}${f.node ? ` on ${f.node}` : ''}): ${f.message}`,
    })),
    remediations: [],
    data: { imagePullFailures: failures },
  };
}

export const podsImagePullFailuresCheck = defineCheck({
  id: 'pods.image-pull-failures',
  title: 'Pods that fail to pull their images',
  dependsOn: ['cluster.network-isolated'],
  guide: 'Issue 1',
  guideIssue: { any: 1 },
  causePhrase: { any: 'pods fail to pull images for a reason no other check explains' },
  // The symptom itself: blamed only when nothing explains it and the registry chain is known good.
  rootCause: { fallback: true, explainedBy: { chain: 'registry' } },
  display: { pullFailures: 'all' },
  messages: podsImagePullFailuresMessages,
  gather: gatherKube,
  judge: judgePodsImagePullFailures,
});
