import { ACR_PULL_ROLE_ID, type RoleAssignment } from '../azure/types.js';
import { idKey } from '../azure/resource-id.js';

export const ABAC_MODE = 'AbacRepositoryPermissions';
export const REPOSITORY_READER_ROLE_ID = 'b93aa761-3e63-49ed-ac28-beffa264f7ac';
export const REPOSITORY_READER_ROLE = 'Container Registry Repository Reader';

/** Built-in roles that carry `Microsoft.ContainerRegistry/registries/pull/read` (registries in the default, legacy mode). */
export const PULL_ROLES: Readonly<Record<string, string>> = {
  [ACR_PULL_ROLE_ID]: 'AcrPull',
  '8311e382-0749-4cb8-b61a-304f252e45ec': 'AcrPush',
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a3-ab88-20f7382dd24c': 'Contributor',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
};

/**
 * The roles an ABAC registry (`roleAssignmentMode: AbacRepositoryPermissions`) honours for pulls:
 * it ignores AcrPull, AcrPush and AcrDelete, and Owner, Contributor and Reader give no data access.
 */
export const ABAC_PULL_ROLES: Readonly<Record<string, string>> = {
  [REPOSITORY_READER_ROLE_ID]: REPOSITORY_READER_ROLE,
  '2a1e307c-b015-4ebd-883e-5b7698a07328': 'Container Registry Repository Writer',
  '2efddaa5-3f1f-4df3-97df-af3f13818f4c': 'Container Registry Repository Contributor',
};

/** Whether the registry authorises pulls by repository-scoped (ABAC) roles only. */
export function isAbacRegistry(registry: { roleAssignmentMode?: string | undefined }): boolean {
  return (registry.roleAssignmentMode ?? '').toLowerCase() === ABAC_MODE.toLowerCase();
}

/** The role a pull grant must be, in the registry's mode: its name and role definition id. */
export function pullRoleFor(registry: { roleAssignmentMode?: string | undefined }): { name: string; id: string } {
  return isAbacRegistry(registry) ? { name: REPOSITORY_READER_ROLE, id: REPOSITORY_READER_ROLE_ID } : { name: 'AcrPull', id: ACR_PULL_ROLE_ID };
}

function roleName(roleDefinitionId: string, abac: boolean): string | undefined {
  const guid = roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
  return (abac ? ABAC_PULL_ROLES : PULL_ROLES)[guid];
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

/**
 * The assignments that let `principalId` pull from the registry (at its scope or a parent
 * scope), by the roles the registry's mode honours (`abac`: repository roles only).
 */
export function pullGrants(assignments: readonly RoleAssignment[], principalId: string, registryId: string, abac = false): PullGrant[] {
  const out: PullGrant[] = [];
  for (const a of assignments) {
    if (a.principalId.toLowerCase() !== principalId.toLowerCase()) continue;
    const role = roleName(a.roleDefinitionId, abac);
    const scope = scopeOf(a);
    if (role && coversRegistry(scope, registryId)) out.push({ assignment: a, role, scope });
  }
  return out;
}
