import type { ArmResource, Bundle } from '../bundle/types.js';
import { idKey } from '../azure/resource-id.js';

/**
 * Lookups over the served state by id, by collection and by scope, so a fleet of thousands of
 * resources answers each request without scanning them all. Derived, never authoritative: it is
 * rebuilt whenever `bundle.arm` is another array, another length or ends in another resource (writes
 * replace the array or push to it; a PUT over an existing resource keeps its id in place), and
 * every hit is checked against the resource it points at.
 */
export interface ArmIndex {
  readonly arm: ArmResource[];
  readonly length: number;
  readonly last: ArmResource | undefined;
  /** idKey → position. */
  readonly byKey: Map<string, number>;
  /** idKey of a resource's collection (its id without the last segment) → positions. */
  readonly byCollection: Map<string, number[]>;
  /** `/subscriptions/{s}/resourcegroups/{rg}/` (lower case) of every resource. */
  readonly resourceGroups: Set<string>;
  /** Subscription ids (lower case) of every resource. */
  readonly subscriptions: Set<string>;
  /** Positions of role assignments, by the scope they are assigned at (lower case). */
  readonly roleAssignments: Map<string, number[]>;
}

const cache = new WeakMap<Bundle, ArmIndex>();
const ROLE_ASSIGNMENTS = '/providers/microsoft.authorization/roleassignments/';
const RG_PREFIX = /^\/subscriptions\/([^/]+)\/(?:resourcegroups\/([^/]+)\/)?/;

function build(bundle: Bundle): ArmIndex {
  const arm = bundle.arm;
  const byKey = new Map<string, number>();
  const byCollection = new Map<string, number[]>();
  const resourceGroups = new Set<string>();
  const subscriptions = new Set<string>();
  const roleAssignments = new Map<string, number[]>();
  arm.forEach((r, i) => {
    const k = idKey(r.id);
    if (!byKey.has(k)) byKey.set(k, i);
    const collection = k.slice(0, k.lastIndexOf('/'));
    const list = byCollection.get(collection);
    if (list) list.push(i);
    else byCollection.set(collection, [i]);
    const m = RG_PREFIX.exec(k);
    if (m) {
      subscriptions.add(m[1] ?? '');
      if (m[2] !== undefined) resourceGroups.add(`/subscriptions/${m[1] ?? ''}/resourcegroups/${m[2]}/`);
    }
    const at = k.lastIndexOf(ROLE_ASSIGNMENTS);
    if (at >= 0) {
      const scope = k.slice(0, at);
      const list = roleAssignments.get(scope);
      if (list) list.push(i);
      else roleAssignments.set(scope, [i]);
    }
  });
  return { arm, length: arm.length, last: arm[arm.length - 1], byKey, byCollection, resourceGroups, subscriptions, roleAssignments };
}

export function armIndex(bundle: Bundle): ArmIndex {
  const ix = cache.get(bundle);
  if (ix && ix.arm === bundle.arm && ix.length === bundle.arm.length && ix.last === bundle.arm[bundle.arm.length - 1]) return ix;
  const fresh = build(bundle);
  cache.set(bundle, fresh);
  return fresh;
}

/** Positions → resources, dropping any that no longer match (then the caller's answer is rebuilt). */
function resolve(bundle: Bundle, positions: readonly number[], key: (k: string) => boolean): ArmResource[] | undefined {
  const out: ArmResource[] = [];
  for (const i of positions) {
    const r = bundle.arm[i];
    if (!r || !key(idKey(r.id))) return undefined;
    out.push(r);
  }
  return out;
}

export function indexedFind(bundle: Bundle, id: string): ArmResource | undefined {
  const k = idKey(id);
  for (let attempt = 0; attempt < 2; attempt++) {
    const ix = armIndex(bundle);
    const i = ix.byKey.get(k);
    if (i === undefined) return undefined;
    const r = bundle.arm[i];
    if (r && idKey(r.id) === k) return r;
    cache.delete(bundle);
  }
  return bundle.arm.find((r) => idKey(r.id) === k);
}

/** The resources whose id is `collectionKey/NAME` (collectionKey as idKey gives it). */
export function indexedCollection(bundle: Bundle, collectionKey: string): ArmResource[] {
  const matches = (k: string): boolean => k.slice(0, k.lastIndexOf('/')) === collectionKey;
  const found = resolve(bundle, armIndex(bundle).byCollection.get(collectionKey) ?? [], matches);
  if (found) return found;
  cache.delete(bundle);
  return bundle.arm.filter((r) => matches(idKey(r.id)));
}

/** Role assignments whose scope (lower case) passes `scope`. */
export function indexedRoleAssignments(bundle: Bundle, scope: (assignmentScope: string) => boolean): ArmResource[] {
  const out: ArmResource[] = [];
  for (const [at, positions] of armIndex(bundle).roleAssignments) {
    if (!scope(at)) continue;
    const found = resolve(bundle, positions, (k) => k.startsWith(`${at}${ROLE_ASSIGNMENTS}`));
    if (!found) {
      cache.delete(bundle);
      return bundle.arm.filter((r) => {
        const k = idKey(r.id);
        const i = k.lastIndexOf(ROLE_ASSIGNMENTS);
        return i >= 0 && scope(k.slice(0, i));
      });
    }
    out.push(...found);
  }
  return out;
}

export function hasResourceGroup(bundle: Bundle, subscriptionId: string, resourceGroup: string): boolean {
  return armIndex(bundle).resourceGroups.has(`/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/`.toLowerCase());
}

export function hasSubscription(bundle: Bundle, subscriptionId: string): boolean {
  return armIndex(bundle).subscriptions.has(subscriptionId.toLowerCase());
}
