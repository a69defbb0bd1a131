import type { ArmResource, Bundle, KubeObject } from '../../bundle/types.js';
import { idKey } from '../../azure/resource-id.js';
import { CAPTURED_AT, guid, hex } from '../fixtures/ids.js';
import { podObject, type ContainerSpec, type PodSpec } from '../fixtures/kube-objects.js';
import { applyWrite, type WriteRequest } from '../provider.js';

/**
 * The scenario library's mutations. A broken state that an ARM write can produce is made by
 * `write` (the resource provider does what Azure would, cascade included); the rest are small
 * named edits for what no write can do: a record holding a wrong address, a node that kept an
 * old registry configuration, pods failing their pulls.
 */

/** Sends one write through the emulated resource provider; a scenario whose write is refused is a bug. */
export function write(bundle: Bundle, method: WriteRequest['method'], id: string, body?: unknown): void {
  const outcome = applyWrite(bundle, { method, id, body });
  if (!outcome.ok) throw new Error(`scenario builder: ${method} ${id} was refused: ${outcome.code} ${outcome.message}`);
}

export function findArm(bundle: Bundle, id: string): ArmResource | undefined {
  const k = idKey(id);
  return bundle.arm.find((r) => idKey(r.id) === k);
}

/** Removes the resource and its children (ids under it). */
export function removeArm(bundle: Bundle, id: string): void {
  const k = idKey(id);
  bundle.arm = bundle.arm.filter((r) => {
    const rk = idKey(r.id);
    return rk !== k && !rk.startsWith(k + '/');
  });
}

export function props(r: ArmResource | undefined): Record<string, unknown> {
  if (!r) throw new Error('scenario builder: resource missing');
  r.properties ??= {};
  return r.properties;
}

export function clusterProps(bundle: Bundle): Record<string, unknown> {
  return props(findArm(bundle, bundle.cluster));
}

export function pods(bundle: Bundle): KubeObject[] {
  return (bundle.kubernetes.pods ??= []);
}

export function podsMatching(bundle: Bundle, namespace: string, prefix: string): KubeObject[] {
  return pods(bundle).filter((p) => p.metadata?.namespace === namespace && (p.metadata.name ?? '').startsWith(prefix));
}

export function nodeOf(pod: KubeObject): string {
  const spec = pod.spec as { nodeName?: string } | undefined;
  return spec?.nodeName ?? '';
}

export interface FailSpec {
  /** Seconds before capturedAt when the pod first failed. */
  sinceMinutes?: number;
  /** `ErrImagePull` right after an attempt, `ImagePullBackOff` in between (the default). */
  reason?: 'ErrImagePull' | 'ImagePullBackOff';
}

function minutesBefore(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) - minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

/**
 * Turns a container of a pod into a failing pull: waiting status on the pod, and the events the
 * kubelet records (Failed with the error, Failed "Error: ErrImagePull", the Normal BackOff,
 * Failed "Error: ImagePullBackOff"), as `kubectl get events -o json` shows them.
 */
export function failPull(bundle: Bundle, pod: KubeObject, containerName: string, error: string, spec: FailSpec = {}): void {
  const status = (pod.status ??= {}) as Record<string, unknown>;
  const podSpec = (pod.spec ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
  const init = (podSpec.initContainers ?? []).some((c) => c.name === containerName);
  const list = (init ? status.initContainerStatuses : status.containerStatuses) as Record<string, unknown>[] | undefined;
  const cs = list?.find((c) => c.name === containerName);
  if (!cs) throw new Error(`scenario builder: no container ${containerName} in ${pod.metadata?.name ?? ''}`);
  const image = String(cs.image);
  const since = spec.sinceMinutes ?? 42;
  const first = minutesBefore(CAPTURED_AT, since);
  const lastPull = minutesBefore(CAPTURED_AT, 3);
  const lastBackoff = minutesBefore(CAPTURED_AT, 1);
  const reason = spec.reason ?? 'ImagePullBackOff';
  const attempts = Math.max(2, Math.floor(since / 5));

  cs.ready = false;
  cs.started = false;
  cs.imageID = '';
  delete cs.containerID;
  cs.state = {
    waiting: {
      reason,
      message: reason === 'ErrImagePull' ? error : `Back-off pulling image "${image}": ErrImagePull: ${error}`,
    },
  };
  if (init) {
    // Main containers wait for the init containers.
    for (const c of (status.containerStatuses as Record<string, unknown>[] | undefined) ?? []) {
      c.ready = false;
      c.started = false;
      c.imageID = '';
      delete c.containerID;
      c.state = { waiting: { reason: 'PodInitializing' } };
    }
  }
  status.phase = 'Pending';
  delete status.podIP;
  delete status.podIPs;
  const unready = [
    ...((status.initContainerStatuses as Record<string, unknown>[] | undefined) ?? []).filter((c) => c.ready === false),
    ...((status.containerStatuses as Record<string, unknown>[] | undefined) ?? []).filter((c) => c.ready === false),
  ].map((c) => String(c.name));
  status.conditions = [
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: first },
    init
      ? { type: 'Initialized', status: 'False', lastProbeTime: null, lastTransitionTime: first, reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${containerName}]` }
      : { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: first },
    { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: first, reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` },
    { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: first, reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: first },
  ];
  const meta = pod.metadata ?? {};
  meta.creationTimestamp = first;
  status.startTime = first;

  const ns = meta.namespace ?? 'default';
  const podName = meta.name ?? '';
  const fieldPath = `${init ? 'spec.initContainers' : 'spec.containers'}{${containerName}}`;
  const node = nodeOf(pod);
  const event = (kind: string, type: string, reasonText: string, message: string, count: number, last: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${podName}.${hex(`${podName}${containerName}${kind}`, 16)}`,
      namespace: ns,
      uid: guid(`event-${podName}-${containerName}-${kind}`),
      resourceVersion: String(6200000 + (parseInt(hex(podName + kind, 4), 16) % 90000)),
      creationTimestamp: first,
    },
    involvedObject: {
      kind: 'Pod',
      namespace: ns,
      name: podName,
      uid: String((meta as { uid?: string }).uid ?? ''),
      apiVersion: 'v1',
      resourceVersion: String((meta as { resourceVersion?: string }).resourceVersion ?? ''),
      fieldPath,
    },
    reason: reasonText,
    message,
    source: { component: 'kubelet', host: node },
    firstTimestamp: first,
    lastTimestamp: last,
    count,
    type,
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: node,
  });
  const events = (bundle.kubernetes.events ??= []);
  events.push(
    event('pull', 'Normal', 'Pulling', `Pulling image "${image}"`, attempts, lastPull),
    event('failed', 'Warning', 'Failed', `Failed to pull image "${image}": ${error}`, attempts, lastPull),
    event('errimagepull', 'Warning', 'Failed', 'Error: ErrImagePull', attempts, lastPull),
    event('backoff', 'Normal', 'BackOff', `Back-off pulling image "${image}"`, attempts * 6, lastBackoff),
    event('imagepullbackoff', 'Warning', 'Failed', 'Error: ImagePullBackOff', attempts * 6, lastBackoff),
  );
}

/** Adds a pod (built with podObject) and returns it. */
export function addPod(bundle: Bundle, spec: PodSpec): KubeObject {
  const pod = podObject(spec);
  pods(bundle).push(pod);
  return pod;
}

export function nodeIp(bundle: Bundle, name: string): string {
  const node = (bundle.kubernetes.nodes ?? []).find((n) => n.metadata?.name === name);
  const addresses = ((node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses) ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '10.224.0.4';
}

/** A PUT of the whole cluster, as `az aks update` sends it: the current resource with `edit` applied. */
export function updateCluster(bundle: Bundle, edit: (properties: Record<string, unknown>) => void): void {
  const body = structuredClone(findArm(bundle, bundle.cluster));
  if (!body) throw new Error('scenario builder: the cluster is missing');
  edit(props(body));
  write(bundle, 'PUT', bundle.cluster, body);
}
