/**
 * Can a planned write run at all? The pure judge of pre-flight: management locks, the caller's
 * effective permissions, Azure Policy and node resource group lockdown, each judged from
 * payloads shaped like ARM's answers. Items are codes with params; the words are rendered by
 * the remediations' pre-flight gate, never matched on.
 */

export type LockLevel = 'CanNotDelete' | 'ReadOnly';

/** One `Microsoft.Authorization/locks` item as ARM lists it, with the scope it sits at. */
export interface ManagementLock {
  id: string;
  name: string;
  level: LockLevel;
  notes?: string | undefined;
  /** The id before `/providers/Microsoft.Authorization/locks/…`. */
  scope: string;
}

/** One entry of `GET {scope}/providers/Microsoft.Authorization/permissions`. */
export interface PermissionEntry {
  actions: string[];
  notActions: string[];
}

/** A policy that denies the proposed resource, as checkPolicyRestrictions names it. */
export interface PolicyDenial {
  policyAssignmentId: string;
  policyDefinitionId?: string | undefined;
  /** The assignment's name (or display name) when the answer carries one. */
  policyAssignmentName?: string | undefined;
  reason?: string | undefined;
}

/** What a read gave: its value, or why it could not be read (the permission it lacked). */
export type Reading<T> = { ok: true; value: T } | { ok: false; missingAction?: string | undefined; message: string };

export type WriteMethod = 'PUT' | 'DELETE' | 'POST' | 'PATCH';

/** One planned write, as pre-flight needs to see it. */
export interface PreflightTarget {
  /** Index into the plan's operations. */
  operation: number;
  method: WriteMethod;
  resourceId: string;
  /** The RBAC action ARM checks, e.g. `Microsoft.ContainerRegistry/registries/delete`. */
  action: string;
  /** The scopes whose locks are read: subscription, resource group, the (top-level) resource. */
  lockScopes: string[];
  /** Where the effective permissions are read (the top-level resource). */
  permissionScope: string;
  /** PUTs are checked against Azure Policy with their body. */
  policyChecked: boolean;
  /** The write lands in the cluster's node resource group. */
  inNodeResourceGroup: boolean;
  /**
   * A write to the cluster or its pools: AKS then writes into this (node) resource group itself,
   * so a ReadOnly lock there (or a CanNotDelete one, for a node image upgrade that replaces nodes) breaks it.
   */
  aksManagedGroup?: string | undefined;
}

export interface PreflightReadings {
  locks(scope: string): Reading<ManagementLock[]>;
  permissions(scope: string): Reading<PermissionEntry[]>;
  /** The denials of the operation's PUT body; absent when not checked. */
  policy(operation: number): Reading<PolicyDenial[]> | undefined;
  /** `nodeResourceGroupProfile.restrictionLevel` of the cluster (undefined: not set, Unrestricted). */
  lockdown: Reading<string | undefined>;
}

export type PreflightAspect = 'lock' | 'permission' | 'policy' | 'lockdown';
export type PreflightStatus = 'pass' | 'blocked' | 'unknown';
export type PreflightCode =
  | 'not-locked'
  | 'locked'
  | 'locks-unreadable'
  | 'permitted'
  | 'not-permitted'
  | 'permissions-unreadable'
  | 'policy-allows'
  | 'policy-denies'
  | 'policy-unreadable'
  | 'lockdown-off'
  | 'lockdown-read-only'
  | 'lockdown-unreadable';

export interface PreflightItem {
  operation: number;
  aspect: PreflightAspect;
  status: PreflightStatus;
  code: PreflightCode;
  /** What the words are made from: lock name/scope/level/notes, action, scope, assignment, missingAction. */
  params: Record<string, string>;
}

const PROVIDERS = '/providers/';

function lower(s: string): string {
  return s.toLowerCase().replace(/\/+$/, '');
}

/** `scope` is `id` or one of its ancestors (case-insensitive, segment-wise). */
export function isAtOrAbove(scope: string, id: string): boolean {
  const s = lower(scope);
  const i = lower(id);
  return i === s || i.startsWith(`${s}/`);
}

/** An RBAC pattern against an action: case-insensitive, `*` spans any characters including `/`. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/**
 * Allowed when some entry has a matching `actions` pattern and no matching `notActions` pattern
 * in that same entry: entries are a union; NotActions subtracts within its entry, it is no deny.
 */
export function isActionAllowed(entries: readonly PermissionEntry[], action: string): boolean {
  return entries.some((e) => e.actions.some((p) => actionMatches(p, action)) && !e.notActions.some((p) => actionMatches(p, action)));
}

/** The scope a lock id sits at. */
export function lockScopeOf(lockId: string): string {
  const at = lockId.toLowerCase().lastIndexOf('/providers/microsoft.authorization/locks/');
  return at < 0 ? lockId : lockId.slice(0, at);
}

/** Does this lock stop this write? ReadOnly stops every write (POST actions too); CanNotDelete stops deletes. */
export function lockBlocks(lock: Pick<ManagementLock, 'level' | 'scope'>, method: WriteMethod, resourceId: string): boolean {
  const above = isAtOrAbove(lock.scope, resourceId);
  // Deleting a resource deletes what is below it: a lock on a child stops the delete too.
  const below = method === 'DELETE' && isAtOrAbove(resourceId, lock.scope);
  if (!above && !below) return false;
  return lock.level === 'ReadOnly' || method === 'DELETE';
}

/** A lock in (or on) the node resource group stops what AKS itself must write there for this operation. */
function breaksAks(lock: ManagementLock, t: PreflightTarget): boolean {
  if (!t.aksManagedGroup || !isAtOrAbove(t.aksManagedGroup, lock.scope)) return false;
  return lock.level === 'ReadOnly' || t.method === 'POST';
}

function readFailure(r: { missingAction?: string | undefined; message: string }): Record<string, string> {
  return r.missingAction ? { missingAction: r.missingAction, message: r.message } : { message: r.message };
}

function judgeLocks(t: PreflightTarget, readings: PreflightReadings): PreflightItem[] {
  const seen = new Set<string>();
  const blocking: ManagementLock[] = [];
  let failed: { missingAction?: string | undefined; message: string } | undefined;
  for (const scope of t.lockScopes) {
    const r = readings.locks(scope);
    if (!r.ok) {
      failed ??= r;
      continue;
    }
    for (const lock of r.value) {
      const k = lower(lock.id);
      if (seen.has(k)) continue;
      seen.add(k);
      if (lockBlocks(lock, t.method, t.resourceId) || breaksAks(lock, t)) blocking.push(lock);
    }
  }
  const base = { operation: t.operation, aspect: 'lock' as const };
  if (blocking.length > 0) {
    // ReadOnly first: the most restrictive lock wins and is named first.
    blocking.sort((a, b) => (a.level === b.level ? 0 : a.level === 'ReadOnly' ? -1 : 1));
    return blocking.map((l) => ({
      ...base,
      status: 'blocked' as const,
      code: 'locked' as const,
      params: {
        lockId: l.id, lockName: l.name, level: l.level, scope: l.scope, method: t.method,
        ...(l.notes ? { notes: l.notes } : {}),
        ...(lockBlocks(l, t.method, t.resourceId) ? {} : { through: 'aks-operation' }),
      },
    }));
  }
  if (failed) return [{ ...base, status: 'unknown', code: 'locks-unreadable', params: readFailure(failed) }];
  return [{ ...base, status: 'pass', code: 'not-locked', params: { method: t.method } }];
}

function judgePermission(t: PreflightTarget, readings: PreflightReadings): PreflightItem {
  const r = readings.permissions(t.permissionScope);
  const base = { operation: t.operation, aspect: 'permission' as const };
  if (!r.ok) return { ...base, status: 'unknown', code: 'permissions-unreadable', params: { action: t.action, scope: t.permissionScope, ...readFailure(r) } };
  return isActionAllowed(r.value, t.action)
    ? { ...base, status: 'pass', code: 'permitted', params: { action: t.action, scope: t.permissionScope } }
    : { ...base, status: 'blocked', code: 'not-permitted', params: { action: t.action, scope: t.permissionScope } };
}

function judgePolicy(t: PreflightTarget, readings: PreflightReadings): PreflightItem[] {
  if (!t.policyChecked) return [];
  const r = readings.policy(t.operation);
  if (!r) return [];
  const base = { operation: t.operation, aspect: 'policy' as const };
  if (!r.ok) return [{ ...base, status: 'unknown', code: 'policy-unreadable', params: readFailure(r) }];
  if (r.value.length === 0) return [{ ...base, status: 'pass', code: 'policy-allows', params: {} }];
  return r.value.map((d) => ({
    ...base,
    status: 'blocked' as const,
    code: 'policy-denies' as const,
    params: {
      policyAssignmentId: d.policyAssignmentId,
      resourceId: t.resourceId,
      ...(d.policyAssignmentName ? { policyAssignmentName: d.policyAssignmentName } : {}),
      ...(d.policyDefinitionId ? { policyDefinitionId: d.policyDefinitionId } : {}),
      ...(d.reason ? { reason: d.reason } : {}),
    },
  }));
}

function judgeLockdown(t: PreflightTarget, readings: PreflightReadings): PreflightItem[] {
  if (!t.inNodeResourceGroup) return [];
  const r = readings.lockdown;
  const base = { operation: t.operation, aspect: 'lockdown' as const };
  if (!r.ok) return [{ ...base, status: 'unknown', code: 'lockdown-unreadable', params: readFailure(r) }];
  return (r.value ?? '').toLowerCase() === 'readonly'
    ? [{ ...base, status: 'blocked', code: 'lockdown-read-only', params: { resourceId: t.resourceId } }]
    : [{ ...base, status: 'pass', code: 'lockdown-off', params: { restrictionLevel: r.value ?? 'Unrestricted' } }];
}

/** Every item of every target, in operation order: locks, permission, policy, lockdown. */
export function judgePreflight(targets: readonly PreflightTarget[], readings: PreflightReadings): PreflightItem[] {
  return targets.flatMap((t) => [...judgeLocks(t, readings), judgePermission(t, readings), ...judgePolicy(t, readings), ...judgeLockdown(t, readings)]);
}

/** The RBAC action of a write: `…/write`, `…/delete`, or `…/<postAction>/action`. */
export function rbacAction(method: WriteMethod, resourceId: string, postAction?: string): string {
  const at = resourceId.toLowerCase().lastIndexOf(PROVIDERS);
  const segments = at < 0 ? [] : resourceId.slice(at + PROVIDERS.length).split('/');
  const ns = segments[0] ?? 'Microsoft.Resources';
  const types: string[] = [];
  for (let i = 1; i < segments.length; i += 2) types.push(segments[i] ?? '');
  const type = [ns, ...types].join('/');
  if (method === 'POST') return `${type}/${postAction ?? 'unknown'}/action`;
  return `${type}/${method === 'DELETE' ? 'delete' : 'write'}`;
}

/** The top-level resource of an id: `…/providers/NS/type/name` (a child's parent resource). */
export function topLevelResource(resourceId: string): string {
  const at = resourceId.toLowerCase().indexOf(PROVIDERS);
  if (at < 0) return resourceId;
  const parts = resourceId.slice(at + PROVIDERS.length).split('/');
  return `${resourceId.slice(0, at)}${PROVIDERS}${parts.slice(0, 3).join('/')}`;
}

export function preflightBlocked(items: readonly PreflightItem[] | undefined): PreflightItem[] {
  return (items ?? []).filter((i) => i.status === 'blocked');
}

export function preflightUnknown(items: readonly PreflightItem[] | undefined): PreflightItem[] {
  return (items ?? []).filter((i) => i.status === 'unknown');
}
