import type { Bundle } from '../../bundle/types.js';
import type { PreflightAspect } from '../../domain/preflight.js';
import { CLUSTER_RG, NODE_RG, SUBSCRIPTION, clusterProps } from './build.js';
import { BYO_SCENARIOS } from './byo.js';
import { MANAGED_SCENARIOS } from './managed.js';
import type { Scenario } from './types.js';

/*
 * Fixes that cannot run: a failing scenario of the library plus what stops its fix's writes in
 * ARM (a lock, a missing permission, a policy, node resource group lockdown). Pre-flight must
 * refuse the fix before anything is sent; the emulator would refuse the write anyway.
 */

const sub = `/subscriptions/${SUBSCRIPTION}`;
const rg = (name: string): string => `${sub}/resourceGroups/${name}`;

function base(name: string): Scenario {
  const s = [...MANAGED_SCENARIOS, ...BYO_SCENARIOS].find((x) => x.name === name);
  if (!s) throw new Error(`no base scenario ${name}`);
  return s;
}

export function addLock(b: Bundle, scope: string, name: string, level: 'CanNotDelete' | 'ReadOnly', notes: string): void {
  b.arm.push({ id: `${scope}/providers/Microsoft.Authorization/locks/${name}`, name, type: 'Microsoft.Authorization/locks', properties: { level, notes, owners: [] } });
}

/** A variant of `baseName` whose fix pre-flight finds blocked by `aspect`. */
function blocked(name: string, description: string, baseName: string, aspect: PreflightAspect, change: (b: Bundle) => void): Scenario {
  const from = base(baseName);
  return {
    name,
    description,
    build: () => {
      const b = from.build();
      b.description = `${b.description ?? baseName}; ${description}`;
      change(b);
      return b;
    },
    rootCauses: from.rootCauses,
    fix: from.fix,
    preflightBlocked: aspect,
  };
}

export const POLICY_ASSIGNMENT_ID = `${sub}/providers/Microsoft.Authorization/policyAssignments/deny-acr-cache-rules`;

export const PREFLIGHT_SCENARIOS: Scenario[] = [
  blocked(
    'preflight-nrg-delete-lock',
    'A CanNotDelete lock on the node resource group stops the registry delete the fix needs',
    'managed-cache-rule-deleted',
    'lock',
    (b) => addLock(b, rg(NODE_RG), 'nrg-do-not-delete', 'CanNotDelete', 'Platform team: nothing in MC_ may be deleted'),
  ),
  blocked(
    'preflight-cluster-rg-read-only-lock',
    "A ReadOnly lock on the cluster's resource group stops the reconcile PUT",
    'managed-registry-deleted',
    'lock',
    (b) => addLock(b, rg(CLUSTER_RG), 'freeze-rg-prod', 'ReadOnly', 'Change freeze until the quarter closes'),
  ),
  blocked(
    'preflight-no-registry-delete-permission',
    'The signed-in caller lacks Microsoft.ContainerRegistry/registries/delete (a custom role)',
    'managed-cache-rule-deleted',
    'permission',
    (b) => {
      b['callerPermissions'] = [{ scope: sub, actions: ['*'], notActions: ['Microsoft.ContainerRegistry/registries/delete', 'Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'] }];
    },
  ),
  blocked(
    'preflight-policy-denies-cache-rules',
    'An Azure Policy assignment denies container registry cache rules',
    'byo-missing-cache-rule',
    'policy',
    (b) => {
      b['policyDenies'] = [{
        scope: sub,
        resourceType: 'Microsoft.ContainerRegistry/registries/cacheRules',
        policyAssignmentId: POLICY_ASSIGNMENT_ID,
        policyAssignmentName: 'deny-acr-cache-rules',
        policyDefinitionId: `${sub}/providers/Microsoft.Authorization/policyDefinitions/deny-acr-cache-rules`,
        displayName: 'Container registries must not pull through cache rules',
      }];
    },
  ),
  blocked(
    'preflight-nrg-lockdown',
    'Node resource group lockdown (ReadOnly) stops the registry delete in the node resource group',
    'managed-cache-rule-deleted',
    'lockdown',
    (b) => {
      clusterProps(b)['nodeResourceGroupProfile'] = { restrictionLevel: 'ReadOnly' };
    },
  ),
  {
    // Not blocked: the locks cannot be read, so pre-flight says so and the confirmation must accept it.
    ...base('managed-registry-deleted'),
    name: 'preflight-locks-unreadable',
    description: 'The caller may not read management locks: pre-flight shows them as unknown and the fix still runs',
    build: () => {
      const b = base('managed-registry-deleted').build();
      b.description = `${b.description ?? ''}; the caller lacks Microsoft.Authorization/locks/read`;
      b['callerPermissions'] = [{ scope: sub, actions: ['*'], notActions: ['Microsoft.Authorization/locks/read'] }];
      return b;
    },
  },
];

