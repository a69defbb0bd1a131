import type { ImagePullFailure } from '../core/report.js';
import type { KubeEvent, KubeNode, KubePod } from '../kube/types.js';
import { imageRegistryOf } from './image-ref.js';
import { parsePullMessage } from './pull-message.js';

const PULL_REASONS = new Set(['errimagepull', 'imagepullbackoff']);

/** AKS node names: `aks-<pool>-<8 digits>-vmss<instance>`; used when the node list lacks the node. */
export function poolFromNodeName(nodeName: string | undefined): string | undefined {
  const m = /^aks-([a-z0-9]+)-\d+-vmss[0-9a-z]+$/i.exec(nodeName ?? '');
  return m?.[1];
}

function eventTime(e: KubeEvent): number {
  const t = Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function fieldPathContainer(fieldPath: string | undefined): { name: string; init: boolean } | undefined {
  const m = /^spec\.(containers|initContainers|ephemeralContainers)\{([^}]+)\}$/.exec(fieldPath ?? '');
  return m ? { name: m[2] as string, init: m[1] === 'initContainers' } : undefined;
}

/** `Failed to pull image "IMAGE": …` names the image; `Error: ErrImagePull` names nothing. */
function pulledImageOf(message: string | undefined): string | undefined {
  return /^Failed to pull image "([^"]+)"/.exec(message ?? '')?.[1];
}

/**
 * One entry per container waiting on a failed pull (init containers too), with the newest
 * `Failed to pull image` event for that container, else the container's waiting message.
 */
export function imagePullFailures(pods: readonly KubePod[], events: readonly KubeEvent[], nodes: readonly KubeNode[]): ImagePullFailure[] {
  const poolOf = new Map(nodes.map((n) => [n.name, n.pool]));
  const pullEvents = events.filter((e) => (e.reason ?? '') === 'Failed' && pulledImageOf(e.message) !== undefined);
  const out: ImagePullFailure[] = [];
  for (const pod of pods) {
    const podEvents = pullEvents.filter(
      (e) => (e.involvedObject.kind ?? 'Pod') === 'Pod' && e.involvedObject.name === pod.name && (e.involvedObject.namespace ?? e.namespace) === pod.namespace,
    );
    for (const c of pod.containers) {
      if (!PULL_REASONS.has((c.waitingReason ?? '').toLowerCase())) continue;
      const mine = podEvents.filter((e) => {
        const fp = fieldPathContainer(e.involvedObject.fieldPath);
        return fp ? fp.name === c.name : pulledImageOf(e.message) === c.image;
      });
      const newest = mine.reduce<KubeEvent | undefined>((best, e) => (!best || eventTime(e) >= eventTime(best) ? e : best), undefined);
      const message = newest?.message ?? c.waitingMessage ?? `${c.waitingReason ?? 'ErrImagePull'}: no message recorded`;
      const parsed = parsePullMessage(message);
      out.push({
        namespace: pod.namespace,
        pod: pod.name,
        container: c.name,
        image: c.image,
        imageRegistry: imageRegistryOf(c.image),
        attemptedHost: parsed.attemptedHost,
        failureKind: parsed.failureKind,
        message,
        node: pod.nodeName,
        pool: poolOf.get(pod.nodeName ?? '') ?? poolFromNodeName(pod.nodeName),
        init: c.init,
      });
    }
  }
  return out;
}
