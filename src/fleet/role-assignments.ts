/**
 * Role assignments from Resource Graph's `authorizationresources`, so the scan reads none per
 * registry through ARM: those that can grant a pull on a registry, i.e. assigned at a registry,
 * or at a resource group, subscription, management group or the root (inherited below them).
 * Assignments on other resources (a VM, a storage account) are left out, so the page count
 * follows the fleet's registries and containers.
 */
import type { RoleAssignment } from '../azure/types.js';
import { idKey } from '../azure/resource-id.js';
import { roleAssignmentFromRow, type RawResource } from '../azure/rows.js';

export const ROLE_ASSIGNMENTS_QUERY = {
  name: 'roleAssignments',
  table: 'authorizationresources',
  kql: [
    'authorizationresources',
    "| where type =~ 'microsoft.authorization/roleassignments'",
    "| where tostring(properties.scope) contains '/providers/microsoft.containerregistry/registries/'"
      + " or not(tostring(properties.scope) contains '/providers/')"
      + " or tostring(properties.scope) startswith '/providers/microsoft.management/managementgroups/'",
    '| project id, name, type, subscriptionId, resourceGroup, properties',
    '| order by id asc',
  ].join('\n'),
} as const;

const MARK = '/providers/microsoft.authorization/roleassignments/';

/** The scope an assignment applies at: the part of its id before the role assignment segment. */
function scopeOf(row: RawResource): string {
  const at = row.id.toLowerCase().lastIndexOf(MARK);
  const fromId = at >= 0 ? row.id.slice(0, at) : undefined;
  const declared = typeof row.properties?.scope === 'string' ? row.properties.scope : undefined;
  return idKey(fromId || declared || '/') || '/';
}

/**
 * Assignments that apply at a scope as ARM's `roleAssignments.listForScope` without `atScope()`
 * lists them: at the scope, inherited from every scope above it, and those below it.
 */
export function roleAssignmentIndex(rows: readonly RawResource[]): (scopeId: string) => RoleAssignment[] {
  const entries = rows.map((row) => ({ scope: scopeOf(row), assignment: roleAssignmentFromRow(row) }));
  return (scopeId) => {
    const key = idKey(scopeId);
    return entries
      .filter(({ scope }) => scope === '/' || scope === key || key.startsWith(`${scope}/`) || scope.startsWith(`${key}/`))
      .map(({ assignment }) => assignment);
  };
}
