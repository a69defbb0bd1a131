import { BUNDLE_SCHEMA, type ArmResource, type Bundle, type BundleKubernetes, type KubeObject } from '../bundle/types.js';
import { idKey, tryParseResourceId } from '../azure/resource-id.js';
import { stripCredentials } from './secrets.js';

/** One ARM response as the gateway's recorder saw it (same shape as src/azure/gateway.ts). */
export interface RecordedArmResponse {
  method: string;
  url: string;
  status: number;
  bodyText: string;
}

/** One Kubernetes API response as the kube gateway's recorder saw it. */
export interface RecordedKubeResponseLike {
  path: string;
  status: number;
  bodyText: string;
}

export interface BuildBundleInput {
  clusterId: string;
  arm: readonly RecordedArmResponse[];
  kube: { reachable: boolean; reason?: string | undefined; responses: readonly RecordedKubeResponseLike[] };
  description?: string | undefined;
  now?: Date | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isArmResource(v: unknown): v is ArmResource {
  return (
    isRecord(v) &&
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.type === 'string' &&
    v.type.length > 0 &&
    tryParseResourceId(v.id) !== undefined
  );
}

/**
 * Actions (POST) and their responses hold credentials (`listClusterUserCredentials`,
 * `listCredentials`, `listKeys`…) or operation status, never a resource state: only GETs count.
 * The path test also guards against a recorder that reports an action with another method.
 */
const ACTION_PATH = /\/(list[A-Za-z]*|regenerate[A-Za-z]*|getAccessToken|generateCredentials|runCommand|resetServicePrincipalProfile|resetAADProfile|rotateClusterCertificates)$/i;

function pathOf(url: string): string {
  try {
    return new URL(url, 'https://localhost').pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Every resource an ARM GET answer holds: the resource itself, or the items of a list page. */
function armResourcesOf(r: RecordedArmResponse): { resources: ArmResource[]; single: boolean } {
  const none = { resources: [], single: false };
  if (r.method.toUpperCase() !== 'GET' || !isOk(r.status)) return none;
  if (ACTION_PATH.test(pathOf(r.url))) return none;
  // Long-running-operation status polls (`…/operations/…`, `…/asyncoperations/…`) are not state.
  if (/\/(azure-?async)?operations?(results)?\//i.test(pathOf(r.url)) || /operationStatuses|asyncoperations/i.test(pathOf(r.url))) return none;
  const body = parseJson(r.bodyText);
  if (!isRecord(body)) return none;
  if (Array.isArray(body.value) && body.id === undefined) {
    return { resources: body.value.filter(isArmResource), single: false };
  }
  return isArmResource(body) ? { resources: [body], single: true } : none;
}

/**
 * The parent a successful child list proves to exist (`…/privateDnsZones/Z/A`, `…/registries/R/replications`)
 * when the diagnosis never read the parent itself: a stub with its id, name and type, so the
 * replay answers that list as live did instead of 404 for a missing parent.
 */
function parentProvenBy(r: RecordedArmResponse): ArmResource | undefined {
  // The Activity Log's `eventtypes/management/values` is a query, not a child of a resource.
  if (r.method.toUpperCase() !== 'GET' || !isOk(r.status) || ACTIVITY_LOG_PATH.test(pathOf(r.url))) return undefined;
  const body = parseJson(r.bodyText);
  if (!isRecord(body) || !Array.isArray(body.value) || body.id !== undefined) return undefined;
  const segments = pathOf(r.url).split('/').filter(Boolean);
  const p = segments.map((x) => x.toLowerCase()).lastIndexOf('providers');
  const rest = segments.length - (p + 2);
  // namespace, then type/name pairs of the parent, then the child collection's type.
  if (p < 0 || rest < 3 || rest % 2 !== 1) return undefined;
  const parent = segments.slice(0, -1);
  const id = `/${parent.map((x) => decodeURIComponent(x)).join('/')}`;
  if (!tryParseResourceId(id)) return undefined;
  const types = parent.slice(p + 2).filter((_, i) => i % 2 === 0);
  return { id, name: decodeURIComponent(parent[parent.length - 1] ?? ''), type: [parent[p + 1] ?? '', ...types].join('/'), properties: {} };
}

const ACTIVITY_LOG_PATH = /\/providers\/Microsoft\.Insights\/eventtypes\/management\/values$/i;

/** The Activity Log events the diagnosis read, as the API returned them, oldest first, each once. */
function activityLogOf(responses: readonly RecordedArmResponse[]): Record<string, unknown>[] {
  const byId = new Map<string, Record<string, unknown>>();
  for (const r of responses) {
    if (r.method.toUpperCase() !== 'GET' || !isOk(r.status) || !ACTIVITY_LOG_PATH.test(pathOf(r.url))) continue;
    const body = parseJson(r.bodyText);
    if (!isRecord(body) || !Array.isArray(body.value)) continue;
    for (const e of body.value) {
      if (!isRecord(e) || typeof e.eventTimestamp !== 'string') continue;
      const key = typeof e.eventDataId === 'string' ? e.eventDataId : JSON.stringify(e);
      byId.set(key, e);
    }
  }
  return [...byId.values()].sort((a, b) => Date.parse(String(a.eventTimestamp)) - Date.parse(String(b.eventTimestamp)));
}

const PERMISSIONS_PATH = /\/providers\/Microsoft\.Authorization\/permissions$/i;

/** The effective-permissions answers pre-flight read, each with the scope it was read at (the last answer per scope). */
function permissionsAnswersOf(responses: readonly RecordedArmResponse[]): { scope: string; value: unknown[] }[] {
  const byScope = new Map<string, { scope: string; value: unknown[] }>();
  for (const r of responses) {
    const path = pathOf(r.url);
    if (r.method.toUpperCase() !== 'GET' || !isOk(r.status) || !PERMISSIONS_PATH.test(path)) continue;
    const body = parseJson(r.bodyText);
    if (!isRecord(body) || !Array.isArray(body.value)) continue;
    const scope = decodeURIComponent(path.replace(PERMISSIONS_PATH, ''));
    byScope.set(idKey(scope), { scope, value: body.value.filter(isRecord) });
  }
  return [...byScope.values()].sort((a, b) => (idKey(a.scope) < idKey(b.scope) ? -1 : 1));
}

type KubeKind = 'nodes' | 'pods' | 'events';

/** Which list a Kubernetes answer is, by its `kind`, else by its path. */
function kubeListKind(path: string, body: Record<string, unknown>): KubeKind | undefined {
  switch (body.kind) {
    case 'NodeList':
      return 'nodes';
    case 'PodList':
      return 'pods';
    case 'EventList':
      return 'events';
    default:
      break;
  }
  const p = path.split('?')[0] ?? path;
  if (/\/nodes$/.test(p)) return 'nodes';
  if (/\/pods$/.test(p)) return 'pods';
  if (/\/events$/.test(p)) return 'events';
  return undefined;
}

function kubeItemKey(o: KubeObject): string {
  const md = o.metadata ?? {};
  const uid = typeof md.uid === 'string' ? md.uid : undefined;
  return uid ?? `${md.namespace ?? ''}/${md.name ?? ''}`;
}

/** Kubernetes lists as `kubectl get -o json` returns their items (pages merged, in server order). */
function kubernetesOf(input: BuildBundleInput['kube']): BundleKubernetes {
  if (!input.reachable) {
    return { reachable: false, ...(input.reason ? { reason: input.reason } : {}) };
  }
  const lists: Partial<Record<KubeKind, Map<string, KubeObject>>> = {};
  let version: string | undefined;
  for (const r of input.responses) {
    if (!isOk(r.status)) continue;
    const body = parseJson(r.bodyText);
    if (!isRecord(body)) continue;
    if ((r.path.split('?')[0] ?? '') === '/version') {
      if (typeof body.gitVersion === 'string') version = body.gitVersion;
      continue;
    }
    if (!Array.isArray(body.items)) continue;
    const kind = kubeListKind(r.path, body);
    if (!kind) continue;
    const items = (lists[kind] ??= new Map<string, KubeObject>());
    for (const item of body.items) {
      if (!isRecord(item) || !isRecord(item.metadata) || typeof item.metadata.name !== 'string') continue;
      const obj = stripCredentials(item) as KubeObject;
      const key = kubeItemKey(obj);
      if (!items.has(key)) items.set(key, obj);
    }
  }
  const out: BundleKubernetes = { reachable: true };
  if (version) out.version = version;
  // A list never read successfully stays absent rather than pretending the cluster has none.
  if (lists.nodes) out.nodes = [...lists.nodes.values()];
  if (lists.pods) out.pods = [...lists.pods.values()];
  if (lists.events) out.events = [...lists.events.values()];
  return out;
}

/**
 * The bundle holding exactly what a diagnosis read: the ARM resources of the successful GETs
 * (lists split into their items), de-duplicated by id and sorted by id, each as the REST API
 * returned it minus anything credential-like, and the Kubernetes nodes, pods and events.
 */
export function buildBundle(input: BuildBundleInput): Bundle {
  // A resource read on its own beats the same resource seen in a list: some list APIs return less.
  const byId = new Map<string, { resource: ArmResource; single: boolean }>();
  for (const r of input.arm) {
    const { resources, single } = armResourcesOf(r);
    for (const resource of resources) {
      const k = idKey(resource.id);
      const seen = byId.get(k);
      if (!seen || (single && !seen.single)) byId.set(k, { resource, single });
    }
  }
  for (const r of input.arm) {
    const parent = parentProvenBy(r);
    if (parent && !byId.has(idKey(parent.id))) byId.set(idKey(parent.id), { resource: parent, single: false });
  }
  const arm = [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => stripCredentials(v.resource));
  const clusterEntry = byId.get(idKey(input.clusterId));
  const bundle: Bundle = {
    schema: BUNDLE_SCHEMA,
    ...(input.description !== undefined ? { description: input.description } : {}),
    capturedAt: (input.now ?? new Date()).toISOString(),
    cluster: clusterEntry?.resource.id ?? input.clusterId,
    arm,
    kubernetes: kubernetesOf(input.kube),
  };
  const activityLog = activityLogOf(input.arm);
  if (activityLog.length > 0) bundle['activityLog'] = activityLog;
  const permissionsAnswers = permissionsAnswersOf(input.arm);
  if (permissionsAnswers.length > 0) bundle['permissionsAnswers'] = permissionsAnswers;
  return bundle;
}
