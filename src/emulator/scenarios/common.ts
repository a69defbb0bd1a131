import type { Bundle, KubeObject } from '../../bundle/types.js';
import { failPull, podsMatching, type FailSpec } from './build.js';

/** The image a container of a pod runs (spec), for building its failure message. */
export function imageOf(pod: KubeObject, container: string): string {
  const spec = (pod.spec ?? {}) as { containers?: { name: string; image: string }[]; initContainers?: { name: string; image: string }[] };
  const c = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].find((x) => x.name === container);
  if (!c) throw new Error(`scenario builder: no container ${container} in ${pod.metadata?.name ?? ''}`);
  return c.image;
}

/** Fails one container in every pod of a workload, alternating the waiting reason like a live cluster. */
export function failWorkload(
  bundle: Bundle,
  namespace: string,
  podPrefix: string,
  container: string,
  error: (image: string) => string,
  spec: FailSpec = {},
): number {
  const list = podsMatching(bundle, namespace, podPrefix);
  list.forEach((pod, i) => {
    const reason = i % 3 === 1 ? 'ErrImagePull' : 'ImagePullBackOff';
    failPull(bundle, pod, container, error(imageOf(pod, container)), { reason, sinceMinutes: (spec.sinceMinutes ?? 42) - i * 2, ...(spec.reason ? { reason: spec.reason } : {}) });
  });
  return list.length;
}

/** A rollout to a new tag: the pod's spec and status name the new image (to be failed next). */
export function rollImage(pod: KubeObject, container: string, image: string): void {
  const spec = (pod.spec ?? {}) as { containers?: { name: string; image: string }[] };
  for (const c of spec.containers ?? []) if (c.name === container) c.image = image;
  const status = (pod.status ?? {}) as { containerStatuses?: { name: string; image: string }[] };
  for (const c of status.containerStatuses ?? []) if (c.name === container) c.image = image;
}

/** The usual failing set of the MCR-based shop workload: storefront (3 pods) and the orders init container (2 pods). */
export function failShop(bundle: Bundle, error: (image: string) => string): void {
  failWorkload(bundle, 'shop', 'storefront-', 'storefront', error);
  failWorkload(bundle, 'shop', 'orders-', 'wait-for-config', error, { sinceMinutes: 37 });
}

/** One metrics-server replica rolled to a newer build that no node has cached yet, then failed. */
export function failMetricsServerRollout(bundle: Bundle, error: (image: string) => string): void {
  const pod = podsMatching(bundle, 'kube-system', 'metrics-server-')[0];
  if (!pod) return;
  const image = 'mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2-5';
  rollImage(pod, 'metrics-server', image);
  failPull(bundle, pod, 'metrics-server', error(image), { reason: 'ImagePullBackOff', sinceMinutes: 18 });
}
