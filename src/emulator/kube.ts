import type { Bundle, KubeObject } from '../bundle/types.js';
import { findResource } from './arm.js';

/**
 * What every request to the emulated Kubernetes API server shares: who the token is, the Status
 * bodies of errors, and field/label selectors as kube-apiserver parses them. The reads
 * themselves are in kube-api.ts.
 */

/** The AKS AAD server application: the audience of tokens kubelogin gets for any AKS cluster. */
export const AKS_AAD_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

export interface KubeAnswer {
  status: number;
  body: unknown;
  /** When not plain JSON, e.g. `application/json;as=Table;v=v1;g=meta.k8s.io`. */
  contentType?: string | undefined;
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

export interface Requirement {
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

export function matchesFields(obj: KubeObject, requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}

/** Equality-based label selectors (`a=b`, `a!=b`, `a`, `!a`): enough for kubectl-style reads. */
export function matchesLabels(obj: KubeObject, selector: string): boolean {
  const labels = (obj.metadata?.['labels'] ?? {}) as Record<string, unknown>;
  return selector.split(',').map((t) => t.trim()).filter(Boolean).every((term) => {
    const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!m) return term.startsWith('!') ? !(term.slice(1) in labels) : term in labels;
    const actual = labels[m[1] ?? ''];
    return (actual === m[3]) === (m[2] !== '!=');
  });
}
