/** What aks-netiso sees of Kubernetes: small shapes mapped from v1 objects in src/kube/. */

export interface KubeNode {
  name: string;
  /** `kubernetes.azure.com/agentpool` (or `agentpool`) label. */
  pool?: string | undefined;
  nodeImageVersion?: string | undefined;
  kubeletVersion?: string | undefined;
  osImage?: string | undefined;
  createdAt?: string | undefined;
  ready: boolean;
  labels: Record<string, string>;
}

export interface KubeContainerStatus {
  name: string;
  image: string;
  init: boolean;
  ready: boolean;
  /** `state.waiting.reason`, e.g. `ErrImagePull`, `ImagePullBackOff`. */
  waitingReason?: string | undefined;
  waitingMessage?: string | undefined;
  running: boolean;
}

export interface KubePod {
  namespace: string;
  name: string;
  uid?: string | undefined;
  nodeName?: string | undefined;
  phase?: string | undefined;
  /** The controller owning it (`metadata.ownerReferences[controller]`), e.g. ReplicaSet web-6b8d9f7c5. */
  owner?: { kind: string; name: string } | undefined;
  /** `metadata.labels['pod-template-hash']`: names the Deployment behind a ReplicaSet. */
  podTemplateHash?: string | undefined;
  containers: KubeContainerStatus[];
}

export interface KubeEvent {
  namespace: string;
  name: string;
  type?: string | undefined;
  reason?: string | undefined;
  message?: string | undefined;
  count?: number | undefined;
  involvedObject: { kind?: string | undefined; name?: string | undefined; namespace?: string | undefined; fieldPath?: string | undefined };
  firstTimestamp?: string | undefined;
  lastTimestamp?: string | undefined;
  /** `source.host` or `reportingInstance`: the node that emitted it. */
  host?: string | undefined;
}

/**
 * Why a Kubernetes read failed. `deadline`: the diagnosis deadline passed; `tls`: the server's
 * certificate could not be verified; `proxy`: a proxy refused or answered instead;
 * `badResponse`: an answer that is not the API server's (HTML, invalid JSON).
 */
import type { KubeFailureReason } from '../core/ids.js';
export type { KubeFailureReason };

export type KubeResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: KubeFailureReason; message: string };

export interface KubeReads {
  /** `GET /version`: also the cheapest reachability probe. */
  version(): Promise<KubeResult<{ gitVersion: string }>>;
  nodes(): Promise<KubeResult<KubeNode[]>>;
  /** All namespaces, paged with limit/continue. */
  pods(): Promise<KubeResult<KubePod[]>>;
  /** Warning events about pods, all namespaces (fieldSelector involvedObject.kind=Pod,type=Warning). */
  podWarningEvents(): Promise<KubeResult<KubeEvent[]>>;
  stats(): { requests: number };
}

/** The gateway as the session owns it: it can name the hosts still being waited for. */
export interface ManagedKubeReads extends KubeReads {
  pendingHosts(): string[];
}
