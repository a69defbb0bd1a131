import type { KubeObject } from '../bundle/types.js';
import type { ServedResource } from './kube-discovery.js';

/**
 * Server-side printing: the `meta.k8s.io/v1` Table kube-apiserver answers when the client's
 * Accept asks for `as=Table` (kubectl always does), so `kubectl get` shows the real columns.
 * Column definitions and cells follow kubernetes/kubernetes pkg/printers/internalversion/
 * printers.go (printNode, printPod, printEvent); the server prints them wide (every column,
 * `priority` 1 ones included) and kubectl hides priority 1 unless `-o wide`.
 */

type Json = Record<string, unknown>;

interface Column {
  name: string;
  type: 'string' | 'integer';
  format: '' | 'name';
  description: string;
  priority: 0 | 1;
}

const NAME_DOC = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DOC = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function col(name: string, description: string, extra: Partial<Column> = {}): Column {
  return { name, type: 'string', format: '', description, priority: 0, ...extra };
}

const COLUMNS: Record<ServedResource, readonly Column[]> = {
  nodes: [
    col('Name', NAME_DOC, { format: 'name' }),
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    col('Age', AGE_DOC),
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    col('External-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
  ],
  pods: [
    col('Name', NAME_DOC, { format: 'name' }),
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    col('Age', AGE_DOC),
    col('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
    col('Node', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', { priority: 1 }),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  events: [
    col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'The object that this event is about.'),
    col('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', { priority: 1 }),
    col('Source', 'The component reporting this event. Should be a short machine understandable string.', { priority: 1 }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { priority: 1 }),
    col('Count', 'The number of times this event has occurred.', { priority: 1 }),
    col('Name', NAME_DOC, { priority: 1, format: 'name' }),
  ],
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRequest {
  /** `meta.k8s.io` version of the Table the client accepts first. */
  version: 'v1' | 'v1beta1';
  includeObject: IncludeObject;
}

/**
 * The Table form the Accept header asks for (in its order of preference), or undefined when the
 * client wants the objects themselves.
 */
export function tableRequest(accept: string | undefined, query: URLSearchParams): TableRequest | undefined {
  for (const range of (accept ?? '').split(',')) {
    const params = new Map(range.split(';').slice(1).map((p) => {
      const [k, v] = p.split('=');
      return [(k ?? '').trim().toLowerCase(), (v ?? '').trim()] as const;
    }));
    if (params.get('as') !== 'Table' || params.get('g') !== 'meta.k8s.io') continue;
    const version = params.get('v');
    if (version !== 'v1' && version !== 'v1beta1') continue;
    const raw = query.get('includeObject');
    const includeObject: IncludeObject = raw === 'None' || raw === 'Object' ? raw : 'Metadata';
    return { version, includeObject };
  }
  return undefined;
}

export function tableContentType(req: TableRequest): string {
  return `application/json;as=Table;v=${req.version};g=meta.k8s.io`;
}

/** apimachinery's duration.HumanDuration: `45s`, `3m12s`, `47m`, `5h3m`, `2d4h`, `400d`, `3y12d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.trunc(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function arr(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Milliseconds since epoch of an RFC 3339 time, or undefined for a missing/zero one. */
function timeOf(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) || t <= Date.parse('0001-01-02T00:00:00Z') ? undefined : t;
}

function since(v: unknown, now: number): string {
  const t = timeOf(v);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

function nodeCells(node: KubeObject, now: number): unknown[] {
  const status = obj(node.status);
  const ready = arr(status.conditions).find((c) => c.type === 'Ready');
  const states = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (obj(node.spec).unschedulable === true) states.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(obj(node.metadata?.['labels']))) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && typeof v === 'string' && v !== '') roles.add(v);
  }
  const info = obj(status.nodeInfo);
  const address = (type: string): string => str(arr(status.addresses).find((a) => a.type === type)?.address) || '<none>';
  return [
    node.metadata?.name ?? '',
    states.join(','),
    roles.size > 0 ? [...roles].sort().join(',') : '<none>',
    since(node.metadata?.['creationTimestamp'], now),
    str(info.kubeletVersion),
    address('InternalIP'),
    address('ExternalIP'),
    str(info.osImage) || '<unknown>',
    str(info.kernelVersion) || '<unknown>',
    str(info.containerRuntimeVersion) || '<unknown>',
  ];
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart: number | undefined;
}

function later(a: number | undefined, b: unknown): number | undefined {
  const t = timeOf(b);
  return t !== undefined && (a === undefined || t > a) ? t : a;
}

/** printPod's READY, STATUS and RESTARTS: init containers first, then app containers last to first. */
function summarizePod(pod: KubeObject): PodSummary {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const conditions = arr(status.conditions);
  const restartable = new Set(arr(spec.initContainers).filter((c) => c.restartPolicy === 'Always').map((c) => str(c.name)));
  const initSpecs = arr(spec.initContainers);
  const total = arr(spec.containers).length + restartable.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  let reason = str(status.reason) || str(status.phase);
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const inits = arr(status.initContainerStatuses);
  for (const [i, cs] of inits.entries()) {
    const terminated = obj(obj(cs.lastState).terminated);
    restarts += num(cs.restartCount);
    lastRestart = later(lastRestart, terminated.finishedAt);
    const sidecar = restartable.has(str(cs.name));
    if (sidecar) {
      sidecarRestarts += num(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, terminated.finishedAt);
    }
    const state = obj(cs.state);
    const done = obj(state.terminated);
    const waiting = obj(state.waiting);
    if (state.terminated !== undefined && num(done.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (state.terminated !== undefined) {
      reason = str(done.reason) ? `Init:${str(done.reason)}` : num(done.signal) !== 0 ? `Init:Signal:${num(done.signal)}` : `Init:ExitCode:${num(done.exitCode)}`;
    } else if (str(waiting.reason) && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditions.some((c) => c.type === 'Initialized' && c.status === 'True')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let running = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += num(cs.restartCount);
      lastRestart = later(lastRestart, obj(obj(cs.lastState).terminated).finishedAt);
      const state = obj(cs.state);
      const waiting = obj(state.waiting);
      const done = obj(state.terminated);
      if (str(waiting.reason)) reason = str(waiting.reason);
      else if (state.terminated !== undefined && str(done.reason)) reason = str(done.reason);
      else if (state.terminated !== undefined) reason = num(done.signal) !== 0 ? `Signal:${num(done.signal)}` : `ExitCode:${num(done.exitCode)}`;
      else if (cs.ready === true && state.running !== undefined) {
        running = true;
        ready++;
      }
    }
    if (reason === 'Completed' && running) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.['deletionTimestamp']) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }
  return { ready, total, reason, restarts, lastRestart };
}

function podCells(pod: KubeObject, now: number): unknown[] {
  const s = summarizePod(pod);
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const gates = arr(spec.readinessGates);
  const conditions = arr(status.conditions);
  const gatesTrue = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return [
    pod.metadata?.name ?? '',
    `${s.ready}/${s.total}`,
    s.reason,
    s.restarts !== 0 && s.lastRestart !== undefined ? `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)` : String(s.restarts),
    since(pod.metadata?.['creationTimestamp'], now),
    str(arr(status.podIPs)[0]?.ip) || '<none>',
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    gates.length > 0 ? `${gatesTrue}/${gates.length}` : '<none>',
  ];
}

function eventCells(event: KubeObject, now: number): unknown[] {
  const first = timeOf(event['firstTimestamp']) !== undefined ? since(event['firstTimestamp'], now) : since(event['eventTime'], now);
  let last = timeOf(event['lastTimestamp']) !== undefined ? since(event['lastTimestamp'], now) : first;
  let count = num(event['count']);
  const series = event['series'];
  if (series && typeof series === 'object') {
    last = since(obj(series).lastObservedTime, now);
    count = num(obj(series).count);
  } else if (count === 0) {
    count = 1; // Singleton events of the events.k8s.io API carry no count.
  }
  const involved = obj(event['involvedObject']);
  const kind = str(involved.kind).toLowerCase();
  const source = obj(event['source']);
  const component = str(source.component) || str(event['reportingComponent']) || str(event['reportingController']);
  const host = str(source.host) || str(event['reportingInstance']);
  return [
    last,
    str(event['type']),
    str(event['reason']),
    str(involved.name) ? `${kind}/${str(involved.name)}` : kind,
    str(involved.fieldPath),
    host ? `${component}, ${host}` : component,
    str(event['message']).trim(),
    first,
    count,
    event.metadata?.name ?? '',
  ];
}

const PRINTERS: Record<ServedResource, (o: KubeObject, now: number) => unknown[]> = { nodes: nodeCells, pods: podCells, events: eventCells };

function rowConditions(resource: ServedResource, o: KubeObject): Json[] | undefined {
  if (resource !== 'pods') return undefined;
  const phase = obj(o.status).phase;
  if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}

function rowObject(o: KubeObject, req: TableRequest, kind: string): unknown {
  if (req.includeObject === 'None') return undefined;
  if (req.includeObject === 'Object') return { kind, apiVersion: 'v1', ...o };
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${req.version}`, metadata: o.metadata ?? {} };
}

/** A Table of `items` with the list's (or the object's) metadata. */
export function toTable(resource: ServedResource, kind: string, items: readonly KubeObject[], metadata: Json, req: TableRequest, now: number): Json {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${req.version}`,
    metadata,
    columnDefinitions: COLUMNS[resource].map((c) => ({ ...c })),
    rows: items.map((o) => {
      const conditions = rowConditions(resource, o);
      const object = rowObject(o, req, kind);
      return { cells: PRINTERS[resource](o, now), ...(conditions ? { conditions } : {}), ...(object ? { object } : {}) };
    }),
  };
}
