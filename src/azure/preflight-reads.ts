/**
 * The reads of pre-flight, sent through a real SDK client's pipeline (token, host guard,
 * retries, faults in words) without three more SDK packages: management locks
 * (api-version 2020-05-01, as `@azure/arm-locks` 2.1.0 sends), the caller's effective
 * permissions (2022-04-01, as `@azure/arm-authorization` 9.0.0 sends) and Azure Policy's
 * checkPolicyRestrictions (2024-10-01, as `@azure/arm-policyinsights` 6.0.0 sends). A non-2xx
 * answer becomes the RestError an SDK would throw, so the gateway maps it like every other read.
 */
import type { SdkClients } from './clients.js';
import { asRecord, listAllRaw, sendRaw as send, str, strings, type Json } from './raw-arm.js';
import type { ManagementLock, PermissionEntry, PolicyDenial } from '../domain/preflight.js';
import { lockScopeOf } from '../domain/preflight.js';

export const LOCKS_API_VERSION = '2020-05-01';
export const PERMISSIONS_API_VERSION = '2022-04-01';
export const POLICY_INSIGHTS_API_VERSION = '2024-10-01';

/** What checkPolicyRestrictions is asked about: the proposed resource's body, at its resource group. */
export interface PolicyCheckRequest {
  /** `/subscriptions/S/resourceGroups/RG` of the resource. */
  resourceGroupScope: string;
  /** The PUT body with its `type` and `name` (and `location` when it has one). */
  resourceContent: Record<string, unknown>;
  /** The api-version the PUT is sent with. */
  apiVersion: string;
  /** The parent resource of a child resource (a cache rule's registry). */
  scope?: string | undefined;
}

/** A list answer's items; pre-flight stops after 50 pages. */
function listAll(sdk: SdkClients, subscriptionId: string, first: string, abortSignal: AbortSignal): Promise<Json[]> {
  return listAllRaw(sdk, subscriptionId, first, abortSignal, 50);
}

function subscriptionOf(scope: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '';
}

function base(sdk: SdkClients): string {
  return sdk.endpoint.replace(/\/+$/, '');
}

export function mapLock(r: Json): ManagementLock | undefined {
  const id = str(r['id']);
  if (!id) return undefined;
  const p = asRecord(r['properties']);
  return { id, name: str(r['name']) ?? id.split('/').pop() ?? '', level: p?.['level'] === 'ReadOnly' ? 'ReadOnly' : 'CanNotDelete', notes: str(p?.['notes']), scope: lockScopeOf(id) };
}

/** The locks ARM lists at a scope (at, above and below it; the judge keeps the ones that apply). */
export async function readLocks(sdk: SdkClients, scope: string, abortSignal: AbortSignal): Promise<ManagementLock[]> {
  const url = `${base(sdk)}${scope}/providers/Microsoft.Authorization/locks?api-version=${LOCKS_API_VERSION}`;
  return (await listAll(sdk, subscriptionOf(scope), url, abortSignal)).map(mapLock).filter((l): l is ManagementLock => !!l);
}

export async function readPermissions(sdk: SdkClients, scope: string, abortSignal: AbortSignal): Promise<PermissionEntry[]> {
  const url = `${base(sdk)}${scope}/providers/Microsoft.Authorization/permissions?api-version=${PERMISSIONS_API_VERSION}`;
  return (await listAll(sdk, subscriptionOf(scope), url, abortSignal)).map((e) => ({ actions: strings(e['actions']), notActions: strings(e['notActions']) }));
}

/** The Deny verdicts of checkPolicyRestrictions: its content evaluations and its field restrictions. */
export function mapPolicyRestrictions(body: Json): PolicyDenial[] {
  const out = new Map<string, PolicyDenial>();
  const add = (d: PolicyDenial): void => {
    const k = d.policyAssignmentId.toLowerCase();
    if (!out.has(k)) out.set(k, d);
  };
  const evaluations = asRecord(body['contentEvaluationResult'])?.['policyEvaluations'];
  for (const e of Array.isArray(evaluations) ? (evaluations as unknown[]) : []) {
    const ev = asRecord(e);
    const effect = str(asRecord(ev?.['effectDetails'])?.['policyEffect']);
    const info = asRecord(ev?.['policyInfo']);
    const assignment = str(info?.['policyAssignmentId']);
    if (!assignment || effect?.toLowerCase() !== 'deny' || str(ev?.['evaluationResult'])?.toLowerCase() === 'compliant') continue;
    add({ policyAssignmentId: assignment, policyDefinitionId: str(info?.['policyDefinitionId']) });
  }
  const fields = body['fieldRestrictions'];
  for (const f of Array.isArray(fields) ? (fields as unknown[]) : []) {
    const restrictions = asRecord(f)?.['restrictions'];
    for (const r of Array.isArray(restrictions) ? (restrictions as unknown[]) : []) {
      const rr = asRecord(r);
      const policy = asRecord(rr?.['policy']);
      const assignment = str(policy?.['policyAssignmentId']);
      if (!assignment || str(rr?.['result'])?.toLowerCase() !== 'deny') continue;
      add({ policyAssignmentId: assignment, policyDefinitionId: str(policy?.['policyDefinitionId']), reason: str(rr?.['reason']) });
    }
  }
  return [...out.values()].map((d) => ({ ...d, policyAssignmentName: d.policyAssignmentId.split('/').pop() }));
}

export async function checkPolicy(sdk: SdkClients, req: PolicyCheckRequest, abortSignal: AbortSignal): Promise<PolicyDenial[]> {
  const url = `${base(sdk)}${req.resourceGroupScope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions?api-version=${POLICY_INSIGHTS_API_VERSION}`;
  const body = {
    resourceDetails: { resourceContent: req.resourceContent, apiVersion: req.apiVersion, ...(req.scope ? { scope: req.scope } : {}) },
    pendingFields: [],
    includeAuditEffect: false,
  };
  return mapPolicyRestrictions(await send(sdk, subscriptionOf(req.resourceGroupScope), 'POST', url, abortSignal, body));
}
