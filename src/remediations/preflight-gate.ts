import { isAzureError } from '../azure/errors.js';
import type { AzureGateway } from '../azure/ports.js';
import type { PolicyCheckRequest } from '../azure/preflight-reads.js';
import { tryParseResourceId } from '../azure/resource-id.js';
import {
  judgePreflight, preflightBlocked, rbacAction, topLevelResource,
  type ManagementLock, type PermissionEntry, type PolicyDenial, type PreflightItem, type PreflightTarget, type Reading,
} from '../domain/preflight.js';
import { az, renderCommand, type ShellCommand } from './command.js';
import { refusal, type Refusal } from './fix-result.js';
import { describeOperation, kindOf } from './operations.js';
import type { Plan } from './types.js';

/*
 * Pre-flight of a plan, before anyone is asked to confirm it: can each write run at all? Reads
 * the locks, the caller's permissions, Azure Policy and node resource group lockdown (each scope
 * once, all at once), judges them (src/domain/preflight.ts) and words the items with how to
 * unblock each one.
 */

/** The api-version each PUT is sent with, for checkPolicyRestrictions. */
const PUT_API_VERSIONS: Record<string, string> = {
  'microsoft.containerservice/managedclusters': '2026-04-01',
  'microsoft.containerregistry/registries/cacherules': '2025-11-01',
};

function failed(e: unknown): { ok: false; missingAction?: string | undefined; message: string } {
  if (isAzureError(e)) return { ok: false, missingAction: e.kind === 'forbidden' ? e.action : undefined, message: e.describe() };
  return { ok: false, message: e instanceof Error ? e.message : String(e) };
}

async function settle<T>(p: Promise<T>): Promise<Reading<T>> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return failed(e);
  }
}

function resourceGroupScope(id: string): string | undefined {
  const parsed = tryParseResourceId(id);
  return parsed?.resourceGroup ? `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}` : undefined;
}

interface Planned {
  target: PreflightTarget;
  policy?: PolicyCheckRequest | undefined;
}

function plannedTargets(plan: Plan, nodeResourceGroup: string): Planned[] {
  const out: Planned[] = [];
  plan.operations.forEach((op, operation) => {
    if (!kindOf(op).send) return;
    const d = describeOperation(op);
    const parsed = tryParseResourceId(d.resourceId);
    if (!parsed) return;
    const top = topLevelResource(d.resourceId);
    const type = [parsed.provider ?? '', ...parsed.types].join('/');
    const rg = resourceGroupScope(d.resourceId);
    const onCluster = type.toLowerCase().startsWith('microsoft.containerservice/managedclusters');
    const aksManagedGroup = onCluster && nodeResourceGroup ? `/subscriptions/${parsed.subscriptionId}/resourceGroups/${nodeResourceGroup}` : undefined;
    const lockScopes = [`/subscriptions/${parsed.subscriptionId}`, ...(rg ? [rg] : []), top, ...(aksManagedGroup ? [aksManagedGroup] : [])];
    const apiVersion = PUT_API_VERSIONS[type.toLowerCase()];
    const policy: PolicyCheckRequest | undefined =
      d.method === 'PUT' && rg && apiVersion
        ? {
            resourceGroupScope: rg,
            resourceContent: { ...(d.body ?? {}), type, name: parsed.name },
            apiVersion,
            ...(parsed.types.length > 1 ? { scope: top } : {}),
          }
        : undefined;
    out.push({
      target: {
        operation,
        method: d.method,
        resourceId: d.resourceId,
        action: rbacAction(d.method, d.resourceId, d.postAction),
        lockScopes,
        permissionScope: top,
        policyChecked: !!policy,
        inNodeResourceGroup: !!parsed.resourceGroup && nodeResourceGroup.length > 0 && parsed.resourceGroup.toLowerCase() === nodeResourceGroup.toLowerCase(),
        aksManagedGroup,
      },
      policy,
    });
  });
  return out;
}

/**
 * The pre-flight items of a plan (undefined for a guided plan, or a gateway that cannot read
 * them). Every distinct scope is read once, and all reads run at the same time.
 */
export async function gatherPreflight(plan: Plan, azure: AzureGateway): Promise<PreflightItem[] | undefined> {
  const { locksAt, permissionsAt, policyDenials } = azure;
  if (!plan.automated || !locksAt || !permissionsAt || !policyDenials) return undefined;
  const cluster = await settle(azure.cluster(plan.clusterId));
  const nodeResourceGroup = cluster.ok ? (cluster.value?.nodeResourceGroup ?? '') : '';
  const planned = plannedTargets(plan, nodeResourceGroup);
  if (planned.length === 0) return undefined;
  const key = (s: string): string => s.toLowerCase();
  const lockReads = new Map<string, Promise<Reading<ManagementLock[]>>>();
  const permissionReads = new Map<string, Promise<Reading<PermissionEntry[]>>>();
  const policyReads = new Map<number, Promise<Reading<PolicyDenial[]>>>();
  for (const { target, policy } of planned) {
    for (const s of target.lockScopes) if (!lockReads.has(key(s))) lockReads.set(key(s), settle(locksAt(s)));
    if (!permissionReads.has(key(target.permissionScope))) permissionReads.set(key(target.permissionScope), settle(permissionsAt(target.permissionScope)));
    if (policy) policyReads.set(target.operation, settle(policyDenials(policy)));
  }
  const resolve = async <K, T>(m: Map<K, Promise<T>>): Promise<Map<K, T>> => new Map(await Promise.all([...m].map(async ([k, p]) => [k, await p] as const)));
  const [locks, permissions, policies] = await Promise.all([resolve(lockReads), resolve(permissionReads), resolve(policyReads)]);
  const missing: Reading<never> = { ok: false, message: 'not read' };
  return judgePreflight(
    planned.map((p) => p.target),
    {
      locks: (s) => locks.get(key(s)) ?? missing,
      permissions: (s) => permissions.get(key(s)) ?? missing,
      policy: (i) => policies.get(i),
      lockdown: cluster.ok ? { ok: true, value: cluster.value?.nodeResourceGroupRestrictionLevel } : cluster,
    },
  );
}

/** The plan with its pre-flight attached (unchanged when there is none). */
export async function withPreflight(plan: Plan, azure: AzureGateway): Promise<Plan> {
  const items = await gatherPreflight(plan, azure);
  return items ? { ...plan, preflight: items } : plan;
}

function scopeWords(scope: string): string {
  const parsed = tryParseResourceId(scope);
  if (!parsed) return scope;
  if (parsed.types.length === 0) return parsed.resourceGroup ? `resource group ${parsed.resourceGroup}` : `subscription ${parsed.subscriptionId}`;
  const type = (parsed.types.at(-1) ?? 'resource').toLowerCase();
  const word = type === 'managedclusters' ? 'cluster' : type === 'agentpools' ? 'agent pool' : type.replace(/ies$/, 'y').replace(/s$/, '');
  return `${word} ${parsed.name}`;
}

/** The built-in role to ask for, by the action's provider. */
export function roleFor(action: string): string {
  const ns = action.split('/')[0]?.toLowerCase() ?? '';
  if (ns === 'microsoft.containerservice') return 'Azure Kubernetes Service Contributor Role';
  if (ns === 'microsoft.authorization') return 'Role Based Access Control Administrator';
  return 'Contributor';
}

function lockDeleteCommand(lockName: string, scope: string): ShellCommand {
  const parsed = tryParseResourceId(scope);
  if (!parsed) return az('lock', 'delete', '--name', lockName);
  if (parsed.types.length === 0) return parsed.resourceGroup ? az('lock', 'delete', '--name', lockName, '--resource-group', parsed.resourceGroup) : az('lock', 'delete', '--name', lockName);
  return az('lock', 'delete', '--ids', `${scope}/providers/Microsoft.Authorization/locks/${lockName}`);
}

function couldNotRead(what: string, p: Record<string, string>): string {
  return `could not read ${what}: ${p['missingAction'] ? `the signed-in identity lacks ${p['missingAction']}` : (p['message'] ?? 'unknown error')}`;
}

/** One item in words, and the commands that unblock it (empty unless it is blocked). */
export function describePreflightItem(item: PreflightItem, plan: Plan): { text: string; unblock: ShellCommand[] } {
  const p = item.params;
  switch (item.code) {
    case 'not-locked':
      return { text: `no lock stops this ${p['method'] ?? 'write'}`, unblock: [] };
    case 'locked': {
      const stops = p['through'] === 'aks-operation'
        ? (p['level'] === 'ReadOnly' ? "the writes AKS itself makes there for this operation" : 'the node deletes of a node image upgrade')
        : p['level'] === 'ReadOnly' ? 'every write, POST actions included' : 'deletes';
      return {
        text: `${p['level']} lock "${p['lockName']}" on ${scopeWords(p['scope'] ?? '')} stops ${stops}${p['notes'] ? ` (notes: ${p['notes']})` : ''}; ask its owner to remove it for the fix`,
        unblock: [lockDeleteCommand(p['lockName'] ?? '', p['scope'] ?? '')],
      };
    }
    case 'locks-unreadable':
      return { text: couldNotRead('the management locks', p), unblock: [] };
    case 'permitted':
      return { text: `you are allowed ${p['action']} on ${scopeWords(p['scope'] ?? '')}`, unblock: [] };
    case 'not-permitted': {
      const role = roleFor(p['action'] ?? '');
      return {
        text: `you lack ${p['action']} on ${scopeWords(p['scope'] ?? '')}; ask for a role that grants it (e.g. ${role}) at that scope`,
        unblock: [az('role', 'assignment', 'create', '--assignee', '<your-user-or-app-id>', '--role', role, '--scope', p['scope'] ?? '')],
      };
    }
    case 'permissions-unreadable':
      return { text: couldNotRead(`whether you may ${p['action'] ?? 'write'}`, p), unblock: [] };
    case 'policy-allows':
      return { text: 'Azure Policy allows this PUT body', unblock: [] };
    case 'policy-denies': {
      const assignment = p['policyAssignmentId'] ?? '';
      const name = p['policyAssignmentName'] ?? assignment.split('/').pop() ?? 'policy';
      const scope = topLevelResource(p['resourceId'] ?? '');
      return {
        text: `policy assignment "${name}" denies this resource (${assignment}${p['reason'] ? `: ${p['reason']}` : ''}); ask for a policy exemption`,
        unblock: [az('policy', 'exemption', 'create', '--name', `${name}-aks-netiso-fix`, '--policy-assignment', assignment, '--exemption-category', 'Waiver', '--scope', scope)],
      };
    }
    case 'policy-unreadable':
      return { text: couldNotRead('Azure Policy (checkPolicyRestrictions)', p), unblock: [] };
    case 'lockdown-off':
      return { text: `node resource group lockdown is ${p['restrictionLevel'] ?? 'Unrestricted'}`, unblock: [] };
    case 'lockdown-read-only': {
      const cluster = tryParseResourceId(plan.clusterId);
      const rg = cluster?.resourceGroup ?? 'RG';
      const name = cluster?.name ?? plan.clusterName;
      const fix = ['aks-netiso', 'fix', plan.remediation, '-g', rg, '-n', name, ...(plan.risk === 'destructive' ? ['--confirm', plan.clusterName] : [])];
      return {
        text: 'node resource group lockdown is ReadOnly: AKS\'s deny assignment stops this write into the node resource group. Guided: lift the lockdown, run the fix, then restore it',
        unblock: [
          az('aks', 'update', '-g', rg, '-n', name, '--nrg-lockdown-restriction-level', 'Unrestricted'),
          { argv: fix },
          az('aks', 'update', '-g', rg, '-n', name, '--nrg-lockdown-restriction-level', 'ReadOnly'),
        ],
      };
    }
    case 'lockdown-unreadable':
      return { text: couldNotRead('node resource group lockdown', p), unblock: [] };
  }
}

/** What `fix --output json` writes of one item. */
export interface PreflightItemJson extends PreflightItem {
  text: string;
  unblock: string[];
}

export function preflightToJson(plan: Plan): PreflightItemJson[] | undefined {
  return plan.preflight?.map((item) => {
    const d = describePreflightItem(item, plan);
    return { ...item, text: d.text, unblock: d.unblock.map(renderCommand) };
  });
}

/** The refusal of a plan pre-flight found blocked: what blocks, and how to unblock each. */
export function preflightRefusal(plan: Plan): Refusal | undefined {
  const blocked = preflightBlocked(plan.preflight);
  if (blocked.length === 0) return undefined;
  const parts = blocked.map((item) => {
    const d = describePreflightItem(item, plan);
    const op = plan.operations[item.operation];
    const what = op ? `${describeOperation(op).method} ${tryParseResourceId(describeOperation(op).resourceId)?.name ?? ''}`.trim() : 'the write';
    return `${what}: ${d.text}${d.unblock.length > 0 ? `; to unblock: ${d.unblock.map(renderCommand).join(' && ')}` : ''}`;
  });
  const first = blocked[0];
  return refusal('preflight-blocked', `pre-flight: this plan cannot run. ${parts.join('. ')}. Nothing was sent`, {
    blocked: blocked.length,
    ...(first ? { aspect: first.aspect, preflightCode: first.code } : {}),
  });
}
