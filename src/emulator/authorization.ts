import type { ArmResource, Bundle } from '../bundle/types.js';
import { tryParseResourceId } from '../azure/resource-id.js';
import { isActionAllowed, isAtOrAbove, lockBlocks, lockScopeOf, type LockLevel, type PermissionEntry, type WriteMethod } from '../domain/preflight.js';
import { armAction, findResource, pathSegments } from './arm.js';

/**
 * What ARM decides before a resource provider sees a request, beyond the token: the caller's
 * role-based permissions (bundle `callerPermissions`), the node resource group's deny
 * assignment (`nodeResourceGroupProfile.restrictionLevel: ReadOnly`), management locks
 * (`Microsoft.Authorization/locks` entries in `arm`) and Azure Policy denies (bundle
 * `policyDenies`), plus the three APIs that read them. Pure functions of the bundle.
 */

/** One entry of bundle `callerPermissions`: what the caller may do at a scope and below. */
export interface CallerPermission {
  scope: string;
  actions: string[];
  notActions?: string[] | undefined;
}

/** One entry of bundle `policyDenies`: an assignment whose Deny effect matches a resource type under a scope. */
export interface PolicyDeny {
  scope: string;
  resourceType: string;
  policyAssignmentId: string;
  policyAssignmentName?: string | undefined;
  policyDefinitionId: string;
  policyDefinitionName?: string | undefined;
  /** The definition's display name. */
  displayName?: string | undefined;
}

/** What a gate answers instead of the router: a status and the JSON body. */
export interface GateReply {
  status: number;
  body: unknown;
}

const LOCK_TYPE = 'microsoft.authorization/locks';
const NRG_DENY_ASSIGNMENT_URL = 'https://aka.ms/aks/nrg_lockdown';

function asList<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function callerPermissionsOf(bundle: Bundle): CallerPermission[] | undefined {
  return Array.isArray(bundle['callerPermissions']) ? (bundle['callerPermissions'] as CallerPermission[]) : undefined;
}

export function policyDeniesOf(bundle: Bundle): PolicyDeny[] {
  return asList<PolicyDeny>(bundle['policyDenies']);
}

export function locksOf(bundle: Bundle): ArmResource[] {
  return bundle.arm.filter((r) => r.type.toLowerCase() === LOCK_TYPE);
}

function levelOf(lock: ArmResource): LockLevel {
  return lock.properties?.['level'] === 'ReadOnly' ? 'ReadOnly' : 'CanNotDelete';
}

/** Where the path's `providers/Microsoft.Authorization/{what}` (or PolicyInsights action) sits, or undefined. */
function extensionScope(segments: readonly string[], ns: string, type: string): string | undefined {
  const n = segments.length;
  if (n < 4) return undefined;
  if ((segments[n - 3] ?? '').toLowerCase() !== 'providers' || (segments[n - 2] ?? '').toLowerCase() !== ns || (segments[n - 1] ?? '').toLowerCase() !== type) return undefined;
  return `/${segments.slice(0, n - 3).join('/')}`;
}

/** A captured answer of the permissions API at exactly this scope (bundle `permissionsAnswers`), served as recorded. */
function recordedPermissions(bundle: Bundle, scope: string): unknown[] | undefined {
  const answers = asList<{ scope?: unknown; value?: unknown }>(bundle['permissionsAnswers']);
  const hit = answers.find((a) => typeof a.scope === 'string' && a.scope.toLowerCase().replace(/\/+$/, '') === scope.toLowerCase().replace(/\/+$/, ''));
  return hit && Array.isArray(hit.value) ? hit.value : undefined;
}

/** The effective permissions at a scope: every entry at the scope or above it. Absent = everything. */
export function permissionsAt(bundle: Bundle, scope: string): PermissionEntry[] {
  const all = callerPermissionsOf(bundle);
  if (!all) return [{ actions: ['*'], notActions: [] }];
  return all.filter((p) => isAtOrAbove(p.scope, scope)).map((p) => ({ actions: p.actions, notActions: p.notActions ?? [] }));
}

/** Locks at the scope and above it (inherited), and below it unless `atScope()` narrows to at-or-above. */
export function locksAt(bundle: Bundle, scope: string, atScopeOnly: boolean): ArmResource[] {
  return locksOf(bundle).filter((l) => {
    const at = lockScopeOf(l.id);
    return isAtOrAbove(at, scope) || (!atScopeOnly && isAtOrAbove(scope, at));
  });
}

/** The deny assignment AKS places on a locked-down node resource group. */
function lockdownDenial(bundle: Bundle, id: string, action: string, caller: { name: string; objectId: string }): GateReply | undefined {
  const cluster = findResource(bundle, bundle.cluster);
  const profile = cluster?.properties?.['nodeResourceGroupProfile'] as { restrictionLevel?: unknown } | undefined;
  if (typeof profile?.restrictionLevel !== 'string' || profile.restrictionLevel.toLowerCase() !== 'readonly') return undefined;
  const nrg = cluster?.properties?.['nodeResourceGroup'];
  const parsed = tryParseResourceId(id);
  if (typeof nrg !== 'string' || !parsed?.resourceGroup || parsed.resourceGroup.toLowerCase() !== nrg.toLowerCase()) return undefined;
  const uid = typeof cluster?.properties?.['resourceUID'] === 'string' ? (cluster.properties['resourceUID']) : '6f1e2d3c4b5a69788796a5b4c3d2e1f0';
  const denyId = uid.replace(/-/g, '').slice(0, 32).padEnd(32, '0');
  const scope = `/subscriptions/${parsed.subscriptionId}/resourceGroups/${nrg}`;
  return {
    status: 403,
    body: {
      error: {
        code: 'AuthorizationFailed',
        message:
          `The client '${caller.name}' with object id '${caller.objectId}' has permission to perform action '${action}' on scope '${id}'; ` +
          `however, the access is denied because of the deny assignment with name 'kubernetes.azure.com/${uid}: node resource group deny assignment created by Azure Kubernetes Services for nrg-lockdown, see: ${NRG_DENY_ASSIGNMENT_URL}' ` +
          `and Id '${denyId}' at scope '${scope}'.`,
      },
    },
  };
}

function policyIdentifiers(denies: readonly PolicyDeny[]): string {
  return JSON.stringify(
    denies.map((d) => ({
      policyAssignment: { name: d.policyAssignmentName ?? d.policyAssignmentId.split('/').pop() ?? '', id: d.policyAssignmentId },
      policyDefinition: { name: d.policyDefinitionName ?? d.displayName ?? d.policyDefinitionId.split('/').pop() ?? '', id: d.policyDefinitionId },
    })),
  );
}

/** The policy denies that match a resource of this type at this id (its scope at or above the id). */
export function matchingDenies(bundle: Bundle, id: string, type: string): PolicyDeny[] {
  return policyDeniesOf(bundle).filter((d) => d.resourceType.toLowerCase() === type.toLowerCase() && isAtOrAbove(d.scope, id));
}

function typeOfId(id: string): string {
  const parsed = tryParseResourceId(id);
  return parsed ? [parsed.provider ?? '', ...parsed.types].join('/') : '';
}

function policyDenial(bundle: Bundle, id: string): GateReply | undefined {
  const denies = matchingDenies(bundle, id, typeOfId(id));
  if (denies.length === 0) return undefined;
  const name = tryParseResourceId(id)?.name ?? id;
  return {
    status: 403,
    body: {
      error: {
        code: 'RequestDisallowedByPolicy',
        target: name,
        message: `Resource '${name}' was disallowed by policy. Policy identifiers: '${policyIdentifiers(denies)}'.`,
        additionalInfo: denies.map((d) => ({
          type: 'PolicyViolation',
          info: {
            policyDefinitionDisplayName: d.displayName ?? d.policyDefinitionName ?? '',
            policyDefinitionId: d.policyDefinitionId,
            policyDefinitionName: d.policyDefinitionName ?? d.policyDefinitionId.split('/').pop() ?? '',
            policyDefinitionEffect: 'deny',
            policyAssignmentId: d.policyAssignmentId,
            policyAssignmentName: d.policyAssignmentName ?? d.policyAssignmentId.split('/').pop() ?? '',
            policyAssignmentScope: d.scope,
            policyAssignmentParameters: {},
            policyExemptionIds: [],
            evaluationDetails: { evaluatedExpressions: [{ result: 'True', expressionKind: 'Field', expression: 'type', path: 'type', expressionValue: typeOfId(id), targetValue: d.resourceType, operator: 'Equals' }] },
          },
        })),
      },
    },
  };
}

/** `POST {scope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions`: the Deny evaluations of the proposed resource. */
export function checkPolicyRestrictions(bundle: Bundle, scope: string, body: unknown): GateReply {
  const details = (body as { resourceDetails?: { resourceContent?: { type?: unknown; name?: unknown }; scope?: unknown } } | undefined)?.resourceDetails;
  const type = typeof details?.resourceContent?.type === 'string' ? details.resourceContent.type : '';
  if (!type) return { status: 400, body: { error: { code: 'InvalidRequestContent', message: "The request content was invalid: 'resourceDetails.resourceContent.type' is required." } } };
  const parent = typeof details?.scope === 'string' && details.scope.length > 0 ? details.scope : scope;
  // The proposed resource sits in (or below) `parent`: a deny at or above that scope applies.
  const denies = matchingDenies(bundle, parent, type);
  return {
    status: 200,
    body: {
      fieldRestrictions: [],
      contentEvaluationResult: {
        policyEvaluations: denies.map((d) => ({
          policyInfo: { policyDefinitionId: d.policyDefinitionId, policySetDefinitionId: null, policyDefinitionReferenceId: null, policyAssignmentId: d.policyAssignmentId },
          evaluationResult: 'NonCompliant',
          evaluationDetails: { evaluatedExpressions: [{ result: 'True', expressionKind: 'Field', expression: 'type', path: 'type', expressionValue: type, targetValue: d.resourceType, operator: 'Equals' }] },
          effectDetails: { policyEffect: 'Deny' },
        })),
      },
    },
  };
}

function scopeLocked(bundle: Bundle, method: WriteMethod, id: string): GateReply | undefined {
  const blocking = locksOf(bundle).filter((l) => lockBlocks({ level: levelOf(l), scope: lockScopeOf(l.id) }, method, id));
  if (blocking.length === 0) return undefined;
  const scopes = [...new Set(blocking.map((l) => lockScopeOf(l.id)))].join(',');
  const verb = method === 'DELETE' ? 'delete' : 'write';
  return {
    status: 409,
    body: { error: { code: 'ScopeLocked', message: `The scope '${id}' cannot perform ${verb} operation because following scope(s) are locked: '${scopes}'. Please remove the lock and try again.` } },
  };
}

function lockItem(l: ArmResource): unknown {
  return { properties: { level: levelOf(l), notes: l.properties?.['notes'] ?? null, owners: l.properties?.['owners'] ?? [] }, id: l.id, type: 'Microsoft.Authorization/locks', name: l.name };
}

export interface GateRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

/**
 * The answer ARM's front door gives this request before any resource provider, or undefined to
 * go on: the three pre-flight APIs, then permissions (403), the deny assignment (403), locks (409)
 * and policy (403) for writes, in the order ARM applies them.
 */
export function authorizationGate(bundle: Bundle, req: GateRequest, principal: (a: string | undefined) => { name: string; objectId: string }): GateReply | undefined {
  const segments = pathSegments(req.path);
  const method = req.method.toUpperCase();
  const caller = principal(req.authorization);

  if (method === 'GET') {
    const permissionScope = extensionScope(segments, 'microsoft.authorization', 'permissions');
    // Anyone may read their own permissions: this read needs none.
    if (permissionScope) {
      const recorded = recordedPermissions(bundle, permissionScope);
      return { status: 200, body: { value: recorded ?? permissionsAt(bundle, permissionScope).map((p) => ({ ...p, dataActions: [], notDataActions: [] })) } };
    }
  }

  const { action, scope } = armAction(method, req.path);
  const granted = callerPermissionsOf(bundle);
  if (granted && !isActionAllowed(permissionsAt(bundle, scope), action)) {
    return {
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message: `The client '${caller.name}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        },
      },
    };
  }

  if (method === 'GET') {
    const lockScope = extensionScope(segments, 'microsoft.authorization', 'locks');
    if (lockScope) {
      const atScopeOnly = /^\s*atScope\(\)\s*$/i.test(req.query.get('$filter') ?? '');
      return { status: 200, body: { value: locksAt(bundle, lockScope, atScopeOnly).map(lockItem) } };
    }
    return undefined;
  }
  if (method === 'POST') {
    const policyScope = extensionScope(segments, 'microsoft.policyinsights', 'checkpolicyrestrictions');
    if (policyScope) return checkPolicyRestrictions(bundle, policyScope, req.body);
  }
  if (method !== 'PUT' && method !== 'PATCH' && method !== 'DELETE' && method !== 'POST') return undefined;
  const id = method === 'POST' ? `/${segments.slice(0, -1).join('/')}` : `/${segments.join('/')}`;
  if (!tryParseResourceId(id)) return undefined;
  // A lock does not lock itself: removing it is how it is lifted.
  if (typeOfId(id).toLowerCase() === LOCK_TYPE) return undefined;
  // Real ARM refuses the credential POSTs under a ReadOnly lock too (`az aks get-credentials`
  // fails). The emulator lets them through: its kubeconfig endpoint is how a replay reaches the
  // bundle's Kubernetes side, which a capture read with the customer's own kubeconfig.
  const credentials = method === 'POST' && /^listcluster(user|admin)credential$/i.test(segments.at(-1) ?? '');
  return lockdownDenial(bundle, id, action, caller) ?? (credentials ? undefined : scopeLocked(bundle, method, id)) ?? (method === 'PUT' ? policyDenial(bundle, id) : undefined);
}
