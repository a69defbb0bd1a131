import type { Bundle, KubeObject } from '../bundle/types.js';
import { findResource } from './arm.js';

/**
 * The read side of the emulated Kubernetes API server: the few v1 lists aks-netiso reads, with
 * field selectors and limit/continue paging as kube-apiserver implements them.
 */

/** The AKS AAD server application: the audience of tokens kubelogin gets for any AKS cluster. */
export const AKS_AAD_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

export interface KubeAnswer {
  status: number;
  body: unknown;
}

export function kubeStatus(code: number, reason: string, message: string, details?: Record<string, unknown>): KubeAnswer {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code },
  };
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

export function kubeReason(code: number): string {
  return REASONS[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

/** Claims of a JWT without verifying it (an emulator does not hold the signing keys). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length < 2 || !parts[1]) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function clusterHasAad(bundle: Bundle): boolean {
  const cluster = findResource(bundle, bundle.cluster);
  const aad = cluster?.properties?.['aadProfile'];
  return !!aad && typeof aad === 'object';
}

/**
 * The user a bearer token authenticates as, or undefined (401). The static token maps to
 * `clusterUser`; on Entra ID clusters a token for the AKS server application maps to its upn/oid.
 */
export function kubeUser(bundle: Bundle, authorization: string | undefined, kubeToken: string): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  const token = match?.[1];
  if (!token) return undefined;
  if (token === kubeToken) return 'clusterUser';
  if (!clusterHasAad(bundle)) return undefined;
  const claims = jwtClaims(token);
  if (!claims) return undefined;
  const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
  const accepted = audiences.some((a) => a === AKS_AAD_SERVER_APP_ID || a === `spn:${AKS_AAD_SERVER_APP_ID}`);
  if (!accepted) return undefined;
  const name = claims['upn'] ?? claims['unique_name'] ?? claims['preferred_username'] ?? claims['oid'] ?? claims['sub'];
  return typeof name === 'string' ? name : 'aad-user';
}

/** `resource` and `namespace` the request addresses, for Forbidden messages. */
export function kubeTarget(path: string): { resource: string; namespace?: string | undefined; name?: string | undefined } {
  const parts = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  // /api/v1/namespaces/NS/pods[/NAME] or /api/v1/pods or /apis/G/V/...
  const rest = parts[0] === 'apis' ? parts.slice(3) : parts.slice(2);
  if (rest[0] === 'namespaces' && rest.length >= 3) return { resource: rest[2] ?? '', namespace: rest[1], name: rest[3] };
  return { resource: rest[0] ?? (parts[0] === 'version' ? 'version' : ''), name: rest[1] };
}

/** The message kube-apiserver gives RBAC denials. */
export function forbiddenMessage(user: string, method: string, path: string): string {
  const { resource, namespace, name } = kubeTarget(path);
  const verb = method.toUpperCase() === 'GET' ? (name ? 'get' : 'list') : method.toLowerCase();
  const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const subject = name ? `${resource} "${name}"` : resource;
  return `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "" ${where}`;
}

interface Requirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

const FIELDS: Record<string, readonly string[]> = {
  events: [
    'involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'involvedObject.uid',
    'involvedObject.fieldPath', 'involvedObject.apiVersion', 'involvedObject.resourceVersion',
    'reason', 'reportingComponent', 'source', 'type', 'metadata.name', 'metadata.namespace',
  ],
  pods: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  nodes: ['metadata.name', 'spec.unschedulable'],
};

/** Parses `a=b,c!=d,e==f`; throws with kube-apiserver's wording on a bad selector. */
export function parseFieldSelector(selector: string, resource: string): Requirement[] {
  const allowed = FIELDS[resource] ?? ['metadata.name', 'metadata.namespace'];
  const out: Requirement[] = [];
  for (const term of selector.split(',').map((t) => t.trim()).filter(Boolean)) {
    const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!m) throw new Error(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = m[1] ?? '';
    if (!allowed.includes(field)) throw new Error(`field label not supported: ${field}`);
    out.push({ field, op: m[2] === '!=' ? '!=' : '=', value: m[3] ?? '' });
  }
  return out;
}

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') {
    const source = obj['source'] as Record<string, unknown> | undefined;
    const component = source?.['component'] ?? obj['reportingComponent'];
    return typeof component === 'string' ? component : '';
  }
  let cur: unknown = obj;
  for (const key of field.split('.')) {
    if (!cur || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[key];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return '';
}

function matchesFields(obj: KubeObject, requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}

/** Equality-based label selectors (`a=b`, `a!=b`, `a`, `!a`): enough for kubectl-style reads. */
function matchesLabels(obj: KubeObject, selector: string): boolean {
  const labels = (obj.metadata?.['labels'] ?? {}) as Record<string, unknown>;
  return selector.split(',').map((t) => t.trim()).filter(Boolean).every((term) => {
    const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!m) return term.startsWith('!') ? !(term.slice(1) in labels) : term in labels;
    const actual = labels[m[1] ?? ''];
    return (actual === m[3]) === (m[2] !== '!=');
  });
}

const LIST_KINDS: Record<string, string> = { nodes: 'NodeList', pods: 'PodList', events: 'EventList' };

export interface KubeListContext {
  bundle: Bundle;
  /** A counter bumped on every write, served as the list resourceVersion. */
  resourceVersion: string;
  pageSize: number;
}

interface ContinueToken {
  rv: string;
  start: number;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeContinue(raw: string): ContinueToken | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!parsed || typeof parsed !== 'object') return undefined;
    const { rv, start } = parsed as Record<string, unknown>;
    return typeof rv === 'string' && typeof start === 'number' && Number.isInteger(start) && start >= 0 ? { rv, start } : undefined;
  } catch {
    return undefined;
  }
}

function collection(bundle: Bundle, resource: string): KubeObject[] | undefined {
  const k = bundle.kubernetes;
  if (resource === 'nodes') return k.nodes ?? [];
  if (resource === 'pods') return k.pods ?? [];
  if (resource === 'events') return k.events ?? [];
  return undefined;
}

function kubeVersion(bundle: Bundle): string {
  if (bundle.kubernetes.version) return bundle.kubernetes.version.startsWith('v') ? bundle.kubernetes.version : `v${bundle.kubernetes.version}`;
  const props = findResource(bundle, bundle.cluster)?.properties ?? {};
  const v = props['currentKubernetesVersion'] ?? props['kubernetesVersion'];
  const text = typeof v === 'string' && v ? v : '1.31.2';
  const full = /^\d+\.\d+$/.test(text) ? `${text}.0` : text;
  return `v${full}`;
}

/** GET on a Kubernetes path (already authenticated). */
export function kubeGet(ctx: KubeListContext, path: string, query: URLSearchParams): KubeAnswer {
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'version') {
    const gitVersion = kubeVersion(ctx.bundle);
    const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
    return {
      status: 200,
      body: {
        major: m?.[1] ?? '1', minor: m?.[2] ?? '31', gitVersion, gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean', buildDate: '2026-10-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
      },
    };
  }
  if (parts.length === 1 && parts[0] === 'api') {
    return { status: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.224.0.4:443' }] } };
  }
  if (parts.length === 1 && parts[0] === 'apis') {
    return { status: 200, body: { kind: 'APIGroupList', apiVersion: 'v1', groups: [] } };
  }
  if (parts[0] !== 'api' || parts[1] !== 'v1') return notFoundStatus();
  const rest = parts.slice(2);
  let namespace: string | undefined;
  let resource: string | undefined;
  let name: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest.length <= 4) {
    namespace = rest[1];
    resource = rest[2];
    name = rest[3];
  } else if (rest.length >= 1 && rest.length <= 2) {
    resource = rest[0];
    name = rest[1];
  }
  if (!resource) return notFoundStatus();
  if (resource === 'nodes' && namespace !== undefined) return notFoundStatus();
  const all = collection(ctx.bundle, resource);
  if (!all) return notFoundStatus();
  const inNamespace = namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  if (name !== undefined) {
    const found = inNamespace.find((o) => o.metadata?.name === name);
    if (found) return { status: 200, body: found };
    return kubeStatus(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
  }

  let items = inNamespace;
  const fieldSelector = query.get('fieldSelector');
  if (fieldSelector) {
    let requirements: Requirement[];
    try {
      requirements = parseFieldSelector(fieldSelector, resource);
    } catch (e) {
      return kubeStatus(400, 'BadRequest', (e as Error).message);
    }
    items = items.filter((o) => matchesFields(o, requirements));
  }
  const labelSelector = query.get('labelSelector');
  if (labelSelector) items = items.filter((o) => matchesLabels(o, labelSelector));

  let start = 0;
  const rawContinue = query.get('continue');
  if (rawContinue) {
    const token = decodeContinue(rawContinue);
    if (!token) return kubeStatus(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    if (token.rv !== ctx.resourceVersion) {
      return kubeStatus(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
    }
    start = token.start;
  }
  const rawLimit = query.get('limit');
  // The server may return fewer than `limit` items (with a continue token): the emulator's page size caps it.
  const limit = rawLimit && /^\d+$/.test(rawLimit) && Number(rawLimit) > 0 ? Math.min(Number(rawLimit), Math.max(1, ctx.pageSize)) : undefined;
  const page = limit === undefined ? items.slice(start) : items.slice(start, start + limit);
  const end = start + page.length;
  const metadata: Record<string, unknown> = { resourceVersion: ctx.resourceVersion };
  if (limit !== undefined && end < items.length) {
    metadata['continue'] = encodeContinue({ rv: ctx.resourceVersion, start: end });
    metadata['remainingItemCount'] = items.length - end;
  }
  return { status: 200, body: { kind: LIST_KINDS[resource] ?? 'List', apiVersion: 'v1', metadata, items: page } };
}

function notFoundStatus(): KubeAnswer {
  return kubeStatus(404, 'NotFound', 'the server could not find the requested resource');
}
