import type { WorkloadRef } from '../core/report.js';
import type { KubePod } from '../kube/types.js';

/**
 * The workload whose spec names a pod's image: its controller from `ownerReferences`, with a
 * ReplicaSet made by a Deployment (named `<deployment>-<pod-template-hash>`) read as that
 * Deployment; a pod without an owner is its own workload.
 */
export function workloadOf(pod: Pick<KubePod, 'namespace' | 'name' | 'owner' | 'podTemplateHash'>, container: string): WorkloadRef {
  const owner = pod.owner;
  if (!owner) return { namespace: pod.namespace, kind: 'Pod', name: pod.name, container };
  const hash = pod.podTemplateHash;
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return { namespace: pod.namespace, kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1), container };
  }
  return { namespace: pod.namespace, kind: owner.kind, name: owner.name, container };
}

export function sameWorkload(a: WorkloadRef, b: WorkloadRef): boolean {
  return a.namespace === b.namespace && a.kind === b.kind && a.name === b.name && a.container === b.container;
}
