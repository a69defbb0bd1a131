import { ACR_PULL_ROLE_ID, type RoleAssignment } from '../azure/types.js';
import { idKey } from '../azure/resource-id.js';

/** Built-in roles that carry `Microsoft.ContainerRegistry/registries/pull/read`. */
export const PULL_ROLES: Readonly<Record<string, string>> = {
  [ACR_PULL_ROLE_ID]: 'AcrPull',
  '8311e382-0749-4cb8-b61a-304f252e45ec': 'AcrPush',
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a3-ab88-20f7382dd24c': 'Contributor',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
};

function roleName(roleDefinitionId: string): string | undefined {
  const guid = roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
  return PULL_ROLES[guid];
}

function scopeOf(a: RoleAssignment): string {
  if (a.scope) return a.scope;
  const i = a.id.toLowerCase().indexOf('/providers/microsoft.authorization/roleassignments/');
  return i >= 0 ? a.id.slice(0, i) : a.id;
}

/** True when `scope` is the registry itself or one of its parents (resource group, subscription, root). */
function coversRegistry(scope: string, registryId: string): boolean {
  const s = idKey(scope);
  const r = idKey(registryId);
  if (s === '' || s === '/') return true;
  // Management-group scopes cannot be placed from the registry id alone; an assignment listed
  // for the registry's scope there is inherited, so it counts.
  if (s.startsWith('/providers/microsoft.management/managementgroups/')) return true;
  return r === s || r.startsWith(`${s}/`);
}

export interface PullGrant {
  assignment: RoleAssignment;
  role: string;
  scope: string;
}

/** The assignments that let `principalId` pull from the registry (at its scope or a parent scope). */
export function pullGrants(assignments: readonly RoleAssignment[], principalId: string, registryId: string): PullGrant[] {
  const out: PullGrant[] = [];
  for (const a of assignments) {
    if (a.principalId.toLowerCase() !== principalId.toLowerCase()) continue;
    const role = roleName(a.roleDefinitionId);
    const scope = scopeOf(a);
    if (role && coversRegistry(scope, registryId)) out.push({ assignment: a, role, scope });
  }
  return out;
}
