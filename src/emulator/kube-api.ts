import type { Bundle, KubeObject } from '../bundle/types.js';
import { discoveryDocument, isServedResource, kindOf, type ServedResource } from './kube-discovery.js';
import { kubeStatus, matchesFields, matchesLabels, parseFieldSelector, type KubeAnswer, type Requirement } from './kube.js';
import { tableContentType, tableRequest, toTable } from './kube-table.js';

/**
 * The read side of the emulated Kubernetes API server, with the state a real one keeps between
 * requests: a resourceVersion that moves only when a Kubernetes object changes, and list chunks
 * (`limit`/`continue`) served from the snapshot the first chunk saw until the token is as old as
 * an etcd compaction makes it (5 minutes), whatever else was written meanwhile.
 */

/** kube-apiserver compacts etcd every 5 minutes; a continue token of an older revision is then gone. */
export const CONTINUE_TTL_MS = 5 * 60_000;

export interface KubeApiOptions {
  /** How long a continue token stays valid (default {@link CONTINUE_TTL_MS}). */
  continueTtlMs?: number | undefined;
  /** The clock, for tests (default Date.now). */
  now?: (() => number) | undefined;
}

export interface KubeRequest {
  path: string;
  query: URLSearchParams;
  /** The Accept header: `as=Table` asks for server-side printing. */
  accept?: string | undefined;
}

export interface KubeApi {
  /** Answers a GET (already authenticated). */
  get(req: KubeRequest): KubeAnswer;
  /**
   * Runs a write that may change Kubernetes objects in place (a remediation heals pods, deletes
   * their pull events, re-provisions nodes) and gives what changed new resourceVersions, keeping
   * the state before it for the continue tokens issued against it.
   */
  track<T>(write: () => T): T;
  /** The current resourceVersion, as lists serve it. */
  resourceVersion(): string;
}

type Lists = Record<ServedResource, KubeObject[]>;

const RESOURCES: readonly ServedResource[] = ['nodes', 'pods', 'events'];
const LIST_KINDS: Record<ServedResource, string> = { nodes: 'NodeList', pods: 'PodList', events: 'EventList' };

const EXPIRED_MESSAGE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/**
 * What a continue token holds. Real tokens are base64 JSON of `{v, rv, start}` with `start` an
 * etcd key; here `start` is the offset into the snapshot, and `at` when the first chunk was
 * served (the age that decides expiry). `rv: -1` continues on the current state (inconsistent).
 */
interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: number;
  at: number;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ ...token, at: Math.floor(token.at) }), 'utf8').toString('base64url');
}

function decodeContinue(raw: string): ContinueToken | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!parsed || typeof parsed !== 'object') return undefined;
    const { v, rv, start, at } = parsed as Record<string, unknown>;
    const int = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
    if (v !== 'meta.k8s.io/v1' || !int(rv) || rv < -1 || !int(start) || start < 0 || !int(at)) return undefined;
    return { v, rv, start, at };
  } catch {
    return undefined;
  }
}

function numericVersion(o: KubeObject): number {
  const rv = o.metadata?.['resourceVersion'];
  const n = typeof rv === 'string' && /^\d+$/.test(rv) ? Number(rv) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

/** A list item as kube-apiserver serializes it: without `kind`/`apiVersion` (the list carries them). */
function listItem(o: KubeObject): KubeObject {
  if (!('kind' in o) && !('apiVersion' in o)) return o;
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = o;
  return rest;
}

const LEASE_PATH = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/kube-node-lease\/leases\/([^/]+)$/;

/** The lease a node's kubelet renews with each heartbeat (40 s, kubelet's default). */
function nodeLease(node: KubeObject): KubeObject {
  const meta = node.metadata ?? {};
  const conditions = (node['status'] as { conditions?: Array<Record<string, unknown>> } | undefined)?.conditions ?? [];
  const heartbeat = conditions.find((c) => c['type'] === 'Ready')?.['lastHeartbeatTime'];
  const beat = typeof heartbeat === 'string' ? Date.parse(heartbeat) : Number.NaN;
  // A MicroTime: RFC 3339 with microseconds.
  const renewTime = Number.isNaN(beat) ? undefined : new Date(beat).toISOString().replace(/Z$/, '000Z');
  return {
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: {
      name: meta.name,
      namespace: 'kube-node-lease',
      uid: meta['uid'],
      resourceVersion: meta['resourceVersion'],
      creationTimestamp: meta['creationTimestamp'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: meta.name, uid: meta['uid'] }],
    },
    spec: { holderIdentity: meta.name, leaseDurationSeconds: 40, ...(renewTime ? { renewTime } : {}) },
  };
}

function notFound(): KubeAnswer {
  return kubeStatus(404, 'NotFound', 'the server could not find the requested resource');
}

interface Target {
  resource: ServedResource;
  namespace?: string | undefined;
  name?: string | undefined;
}

/** `/api/v1/[namespaces/NS/]RESOURCE[/NAME]`; nodes are cluster-scoped, pods and events namespaced. */
function parseTarget(path: string): Target | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'api' || parts[1] !== 'v1') return undefined;
  const rest = parts.slice(2);
  let target: { resource?: string; namespace?: string; name?: string };
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest.length <= 4) target = { namespace: rest[1], resource: rest[2], name: rest[3] };
  else if (rest.length === 1 || (rest.length === 2 && rest[0] === 'nodes')) target = { resource: rest[0], name: rest[1] };
  else return undefined;
  if (!isServedResource(target.resource)) return undefined;
  if (target.resource === 'nodes' && target.namespace !== undefined) return undefined;
  return { resource: target.resource, namespace: target.namespace, name: target.name };
}

export function createKubeApi(bundle: Bundle, options: KubeApiOptions = {}): KubeApi {
  const ttl = options.continueTtlMs ?? CONTINUE_TTL_MS;
  const now = options.now ?? Date.now;
  /** States superseded by a write, by the resourceVersion they were served at, and since when. */
  const superseded = new Map<number, { until: number; lists: Lists }>();
  // At least every item's, as a real list's resourceVersion is (a capture keeps the cluster's own).
  let rv = RESOURCES.reduce((max, r) => live()[r].reduce((m, o) => Math.max(m, numericVersion(o)), max), 1);

  function live(): Lists {
    const k = bundle.kubernetes;
    return { nodes: k.nodes ?? [], pods: k.pods ?? [], events: k.events ?? [] };
  }

  function prune(): void {
    for (const [version, state] of superseded) if (now() - state.until > ttl) superseded.delete(version);
  }

  function track<T>(write: () => T): T {
    const previous = rv;
    const before = live();
    const prints = new Map<KubeObject, string>();
    for (const r of RESOURCES) for (const o of before[r]) prints.set(o, JSON.stringify(o));
    const kept: Lists = { nodes: [...before.nodes], pods: [...before.pods], events: [...before.events] };
    const result = write();
    const after = live();
    for (const r of RESOURCES) {
      const present = new Set(after[r]);
      if (kept[r].some((o) => !present.has(o))) rv += 1; // a deletion is a revision too
      for (const o of after[r]) {
        const old = prints.get(o);
        if (old === JSON.stringify(o)) continue;
        if (old !== undefined) {
          // It changed in place: the kept state gets it as it was.
          const at = kept[r].indexOf(o);
          if (at >= 0) kept[r][at] = JSON.parse(old) as KubeObject;
        }
        rv += 1;
        o.metadata ??= {};
        o.metadata['resourceVersion'] = String(rv);
      }
    }
    if (rv !== previous) {
      prune();
      superseded.set(previous, { until: now(), lists: kept });
    }
    return result;
  }

  /** 410 Expired as etcd3's compactedContinue: with a token that continues on the current state. */
  function expired(start: number): KubeAnswer {
    const answer = kubeStatus(410, 'Expired', EXPIRED_MESSAGE);
    const inconsistent = encodeContinue({ v: 'meta.k8s.io/v1', rv: -1, start, at: now() });
    (answer.body as { metadata: Record<string, unknown> }).metadata = { continue: inconsistent };
    return answer;
  }

  function list(target: Target, query: URLSearchParams, accept: string | undefined): KubeAnswer {
    const fieldSelector = query.get('fieldSelector') ?? '';
    const labelSelector = query.get('labelSelector') ?? '';
    let requirements: Requirement[] = [];
    try {
      requirements = parseFieldSelector(fieldSelector, target.resource);
    } catch (e) {
      return kubeStatus(400, 'BadRequest', (e as Error).message);
    }

    // A fresh list is served at the current state; a continued one at the state its first chunk saw.
    let servedAt = rv;
    let tokenRv = rv;
    let lists = live();
    let start = 0;
    let firstAt = now();
    const rawContinue = query.get('continue');
    if (rawContinue) {
      const token = decodeContinue(rawContinue);
      if (!token) return kubeStatus(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
      prune();
      const old = token.rv === -1 || token.rv === rv ? undefined : superseded.get(token.rv);
      if (now() - token.at > ttl || (token.rv !== -1 && token.rv !== rv && !old)) return expired(token.start);
      if (old) lists = old.lists;
      if (token.rv !== -1) servedAt = token.rv;
      tokenRv = token.rv;
      start = token.start;
      firstAt = token.at;
    }

    const all = lists[target.resource];
    const items = all.filter((o) => (target.namespace === undefined || o.metadata?.namespace === target.namespace)
      && (requirements.length === 0 || matchesFields(o, requirements))
      && (!labelSelector || matchesLabels(o, labelSelector)));
    const rawLimit = query.get('limit');
    // As kube-apiserver: exactly `limit` items per chunk, no server-side cap below it.
    const limit = rawLimit && /^\d+$/.test(rawLimit) && Number(rawLimit) > 0 ? Number(rawLimit) : undefined;
    const page = limit === undefined ? items.slice(start) : items.slice(start, start + limit);
    const end = start + page.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(servedAt) };
    if (limit !== undefined && end < items.length) {
      metadata['continue'] = encodeContinue({ v: 'meta.k8s.io/v1', rv: tokenRv, start: end, at: firstAt });
      // Unknown to the server when the list is filtered: it only counts what etcd holds.
      if (requirements.length === 0 && !labelSelector) metadata['remainingItemCount'] = items.length - end;
    }
    const table = tableRequest(accept, query);
    if (table) return { status: 200, body: toTable(target.resource, kindOf(target.resource), page, metadata, table, now()), contentType: tableContentType(table) };
    return { status: 200, body: { kind: LIST_KINDS[target.resource], apiVersion: 'v1', metadata, items: page.map(listItem) } };
  }

  function get(req: KubeRequest): KubeAnswer {
    if (req.query.get('watch') === 'true' || req.query.get('watch') === '1') {
      return kubeStatus(405, 'MethodNotAllowed', 'the emulated API server does not serve watches');
    }
    const doc = discoveryDocument(bundle, req.path);
    if (doc !== undefined) return { status: 200, body: doc };
    const lease = LEASE_PATH.exec(req.path);
    if (lease) {
      const node = live().nodes.find((n) => n.metadata?.name === decodeURIComponent(lease[1] ?? ''));
      return node ? { status: 200, body: nodeLease(node) } : kubeStatus(404, 'NotFound', `leases.coordination.k8s.io "${lease[1] ?? ''}" not found`, { name: lease[1], group: 'coordination.k8s.io', kind: 'leases' });
    }
    const target = parseTarget(req.path);
    if (!target) return notFound();
    if (target.name === undefined) return list(target, req.query, req.accept);
    const found = live()[target.resource].find((o) => o.metadata?.name === target.name
      && (target.namespace === undefined || o.metadata?.namespace === target.namespace));
    if (!found) return kubeStatus(404, 'NotFound', `${target.resource} "${target.name}" not found`, { name: target.name, kind: target.resource });
    const kind = kindOf(target.resource);
    const table = tableRequest(req.accept, req.query);
    if (table) {
      const own = found.metadata?.['resourceVersion'];
      const metadata = { resourceVersion: typeof own === 'string' ? own : String(rv) };
      return { status: 200, body: toTable(target.resource, kind, [found], metadata, table, now()), contentType: tableContentType(table) };
    }
    return { status: 200, body: { kind, apiVersion: 'v1', ...listItem(found) } };
  }

  return { get, track, resourceVersion: () => String(rv) };
}
