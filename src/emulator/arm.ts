import type { ArmResource, Bundle } from '../bundle/types.js';
import { idKey, tryParseResourceId } from '../azure/resource-id.js';
import { RECORD_TYPES } from './provider/dns.js';
import { hasResourceGroup, hasSubscription, indexedCollection, indexedFind, indexedRoleAssignments } from './arm-index.js';

/**
 * The read side of the emulated Azure Resource Manager: GET by id and the list collections ARM
 * derives from ids. Pure functions of the live bundle, so server.ts only does HTTP.
 */

export interface ArmError {
  code: string;
  message: string;
}

export type ArmReadResult =
  | { status: 200; body: unknown }
  | { status: number; error: ArmError };


/** Path segments without empty ones, URL-decoded. */
export function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** Index of the last `providers` segment, or -1. */
function lastProviders(segments: readonly string[]): number {
  return segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
}

/**
 * A path names a collection when, after its last `providers/NS`, type and name segments do not
 * pair up (`…/registries` or `…/registries/r/cacheRules`).
 */
export function isCollectionPath(segments: readonly string[]): boolean {
  const p = lastProviders(segments);
  if (p < 0) return false;
  const afterNamespace = segments.length - (p + 2);
  return afterNamespace > 0 && afterNamespace % 2 === 1;
}

/**
 * The RBAC action ARM would check for this request, e.g.
 * `Microsoft.ContainerRegistry/registries/cacheRules/read` or
 * `Microsoft.ContainerService/managedClusters/listClusterUserCredential/action`.
 */
export function armAction(method: string, path: string): { action: string; scope: string } {
  const segments = pathSegments(path);
  const upper = method.toUpperCase();
  let actionName: string | undefined;
  let resourceSegments = segments;
  if (upper === 'POST' && segments.length > 0) {
    actionName = segments[segments.length - 1];
    resourceSegments = segments.slice(0, -1);
  }
  const p = lastProviders(resourceSegments);
  const collection = upper !== 'POST' && isCollectionPath(resourceSegments);
  let type: string;
  if (p < 0) {
    const lowered = resourceSegments.map((s) => s.toLowerCase());
    type = lowered.includes('resourcegroups') ? 'Microsoft.Resources/subscriptions/resourceGroups' : 'Microsoft.Resources/subscriptions';
  } else {
    const ns = resourceSegments[p + 1] ?? '';
    const types: string[] = [];
    for (let i = p + 2; i < resourceSegments.length; i += 2) {
      const t = resourceSegments[i] ?? '';
      types.push(t === 'ALL' ? 'recordsets' : t);
    }
    type = [ns, ...types].join('/');
  }
  const verb = actionName ? `${actionName}/action` : upper === 'GET' || upper === 'HEAD' ? 'read' : upper === 'DELETE' ? 'delete' : 'write';
  // A list is authorised on the scope that holds the collection.
  let scopeParts = resourceSegments;
  if (collection) {
    const parent = resourceSegments.slice(0, -1);
    scopeParts = parent.length === p + 2 ? resourceSegments.slice(0, p) : parent;
  }
  return { action: `${type}/${verb}`, scope: `/${scopeParts.join('/')}` };
}

function resourceGroupExists(bundle: Bundle, subscriptionId: string, resourceGroup: string): boolean {
  const prefix = `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/`.toLowerCase();
  return hasResourceGroup(bundle, subscriptionId, resourceGroup) || idKey(bundle.cluster).startsWith(prefix);
}

/** 404 for a missing resource, shaped like ARM's own answers. */
export function notFound(bundle: Bundle, path: string): { status: 404; error: ArmError } {
  const segments = pathSegments(path);
  const lowered = segments.map((s) => s.toLowerCase());
  const subscriptionId = segments[1] ?? '';
  const rgAt = lowered.indexOf('resourcegroups');
  const resourceGroup = rgAt >= 0 ? segments[rgAt + 1] : undefined;
  if (resourceGroup !== undefined && !resourceGroupExists(bundle, subscriptionId, resourceGroup)) {
    return { status: 404, error: { code: 'ResourceGroupNotFound', message: `Resource group '${resourceGroup}' could not be found.` } };
  }
  const p = lastProviders(segments);
  let described: string;
  if (p < 0) {
    described = segments.slice(2).join('/');
  } else {
    const parts = segments.slice(p + 1);
    described = parts.join('/');
  }
  const where = resourceGroup !== undefined ? ` under resource group '${resourceGroup}'` : '';
  return {
    status: 404,
    error: {
      code: 'ResourceNotFound',
      message: `The Resource '${described}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    },
  };
}

export function findResource(bundle: Bundle, id: string): ArmResource | undefined {
  return indexedFind(bundle, id);
}

/**
 * The role-assignment filters ARM supports: `atScope()` (at or above the scope, not below) and
 * `principalId eq '{id}'` / `assignedTo('{id}')` (that principal's, at, above or below), joined by `and`.
 */
export function roleAssignmentFilter(raw: string | undefined): { atScope: boolean; principalId?: string | undefined } {
  const out: { atScope: boolean; principalId?: string | undefined } = { atScope: false };
  if (!raw) return out;
  for (const term of raw.split(/\s+and\s+/i).map((t) => t.trim())) {
    const principal = /^(?:principalId\s+eq\s+'?([^'\s)]+)'?|assignedTo\('([^']+)'\))$/i.exec(term);
    if (/^atScope\(\)$/i.test(term)) out.atScope = true;
    else if (principal) out.principalId = (principal[1] ?? principal[2] ?? '').toLowerCase();
    else throw new ArmFilterError(raw);
  }
  return out;
}

/** A `$filter` the emulated list does not support (a 400, not a silently ignored filter). */
export class ArmFilterError extends Error {
  constructor(readonly filter: string) {
    super(`The $filter '${filter}' is not supported: use atScope(), principalId eq '{id}' or assignedTo('{id}').`);
  }
}

/** What the collection at `path` holds, or undefined when its parent does not exist. */
export function listCollection(bundle: Bundle, path: string, query?: URLSearchParams): ArmResource[] | undefined {
  const segments = pathSegments(path);
  const collectionKey = idKey(`/${segments.join('/')}`);
  const p = lastProviders(segments);
  const ns = (segments[p + 1] ?? '').toLowerCase();
  const lastType = (segments[segments.length - 1] ?? '').toLowerCase();

  // Role assignments: at the scope, below it, and inherited from its parents ($filter narrows).
  if (ns === 'microsoft.authorization' && lastType === 'roleassignments' && segments.length === p + 3) {
    const scopeKey = idKey(`/${segments.slice(0, p).join('/')}`);
    const filter = roleAssignmentFilter(query?.get('$filter') ?? undefined);
    const near = (s: string): boolean => s === scopeKey || scopeKey.startsWith(`${s}/`) || s.startsWith(`${scopeKey}/`);
    return indexedRoleAssignments(bundle, near).filter((r) => {
      const k = idKey(r.id);
      const at = k.lastIndexOf('/providers/microsoft.authorization/roleassignments/');
      if (at < 0) return false;
      const assignmentScope = k.slice(0, at);
      const above = assignmentScope === scopeKey || scopeKey.startsWith(`${assignmentScope}/`);
      if (!above && !(assignmentScope.startsWith(`${scopeKey}/`) && !filter.atScope)) return false;
      const principal = r.properties?.['principalId'];
      return filter.principalId === undefined || (typeof principal === 'string' && principal.toLowerCase() === filter.principalId);
    });
  }

  const parentSegments = segments.slice(0, -1);
  const parentIsScope = parentSegments.length === p + 2 || p < 0;
  if (!parentIsScope) {
    // A child collection: its parent resource must exist.
    const parentId = `/${parentSegments.join('/')}`;
    if (!findResource(bundle, parentId)) return undefined;
    // `…/privateDnsZones/Z/ALL`: every record set of the zone.
    if (lastType === 'all' && (parentSegments[parentSegments.length - 2] ?? '').toLowerCase() === 'privatednszones') {
      const zoneKey = idKey(parentId);
      return bundle.arm.filter((r) => {
        const k = idKey(r.id);
        if (!k.startsWith(`${zoneKey}/`)) return false;
        const rest = k.slice(zoneKey.length + 1).split('/');
        return rest.length === 2 && RECORD_TYPES.has(rest[0] ?? '');
      });
    }
    return indexedCollection(bundle, collectionKey);
  }

  const lowered = segments.map((s) => s.toLowerCase());
  const inResourceGroup = lowered[2] === 'resourcegroups';
  if (inResourceGroup) {
    const subscriptionId = segments[1] ?? '';
    const resourceGroup = segments[3] ?? '';
    if (!resourceGroupExists(bundle, subscriptionId, resourceGroup)) return undefined;
    return indexedCollection(bundle, collectionKey);
  }
  // Subscription-wide list of a top-level type, across resource groups.
  const subscriptionKey = (segments[1] ?? '').toLowerCase();
  const type = `${segments[p + 1] ?? ''}/${segments[p + 2] ?? ''}`.toLowerCase();
  return bundle.arm.filter((r) => {
    const parsed = tryParseResourceId(r.id);
    return !!parsed && parsed.subscriptionId.toLowerCase() === subscriptionKey && parsed.types.length === 1 && parsed.fullType.toLowerCase() === type
      && !/\/providers\/.*\/providers\//i.test(r.id);
  });
}

/** A synthetic resource group / subscription, so `GET /subscriptions/S/resourceGroups/RG` works. */
function scopeResource(bundle: Bundle, segments: readonly string[]): unknown {
  const lowered = segments.map((s) => s.toLowerCase());
  const subscriptionId = segments[1] ?? '';
  if (segments.length === 2 && lowered[0] === 'subscriptions') {
    const known = hasSubscription(bundle, subscriptionId);
    if (!known) return undefined;
    return { id: `/subscriptions/${subscriptionId}`, subscriptionId, displayName: 'Emulated subscription', state: 'Enabled' };
  }
  if (segments.length === 4 && lowered[2] === 'resourcegroups') {
    const resourceGroup = segments[3] ?? '';
    if (!resourceGroupExists(bundle, subscriptionId, resourceGroup)) return undefined;
    const member = bundle.arm.find((r) => tryParseResourceId(r.id)?.resourceGroup?.toLowerCase() === resourceGroup.toLowerCase());
    return {
      id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
      name: resourceGroup,
      type: 'Microsoft.Resources/resourceGroups',
      location: member?.location ?? 'eastus',
      properties: { provisioningState: 'Succeeded' },
    };
  }
  return undefined;
}

export interface PageRequest {
  /** Base URL of the emulator, for absolute nextLinks. */
  baseUrl: string;
  path: string;
  query: URLSearchParams;
  pageSize: number;
}

/** GET of a resource or a collection. */
export function armGet(bundle: Bundle, page: PageRequest): ArmReadResult {
  const segments = pathSegments(page.path);
  if (segments[0]?.toLowerCase() !== 'subscriptions' || segments.length < 2) {
    return { status: 400, error: { code: 'InvalidResourceId', message: `The resource path '${page.path}' is not a valid Azure Resource Manager path.` } };
  }
  if (isCollectionPath(segments)) {
    let items: ArmResource[] | undefined;
    try {
      items = listCollection(bundle, page.path, page.query);
    } catch (e) {
      if (e instanceof ArmFilterError) return { status: 400, error: { code: 'BadRequest', message: e.message } };
      throw e;
    }
    if (!items) return notFound(bundle, `/${segments.slice(0, -1).join('/')}`);
    return { status: 200, body: pageOf(items, page) };
  }
  if (lastProviders(segments) < 0) {
    const scope = scopeResource(bundle, segments);
    return scope ? { status: 200, body: scope } : notFound(bundle, page.path);
  }
  const resource = findResource(bundle, `/${segments.join('/')}`);
  return resource ? { status: 200, body: resource } : notFound(bundle, page.path);
}

function pageOf(items: readonly unknown[], page: PageRequest): { value: unknown[]; nextLink?: string } {
  const raw = page.query.get('$skiptoken');
  const offset = raw && /^\d+$/.test(raw) ? Number(raw) : 0;
  const size = Math.max(1, page.pageSize);
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const next = new URLSearchParams(page.query);
  next.delete('$skiptoken');
  // ARM writes `$skiptoken` unescaped; URLSearchParams would turn `$` into `%24`.
  const rest = next.toString();
  return { value, nextLink: `${page.baseUrl}${page.path}?${rest ? `${rest}&` : ''}$skiptoken=${offset + size}` };
}
