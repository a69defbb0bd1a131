/**
 * ARM resource ids. ARM is case-insensitive about ids and returns them in varying case
 * (`resourcegroups`, `MC_rg_cluster_eastus` vs `mc_rg_cluster_eastus`), so every comparison
 * goes through `sameId` and every map is keyed by `idKey`.
 */
export interface ResourceId {
  /** The id as given, trimmed, without a trailing slash. */
  readonly id: string;
  readonly subscriptionId: string;
  /** Absent for subscription-scoped resources. */
  readonly resourceGroup: string | undefined;
  /** `Microsoft.ContainerRegistry` (as written in the id). */
  readonly provider: string | undefined;
  /** Type segments, e.g. `['registries', 'cacheRules']`. */
  readonly types: readonly string[];
  /** Name segments, parallel to `types`. */
  readonly names: readonly string[];
  /** The last name (the resource's own name). */
  readonly name: string;
  /** `Microsoft.ContainerRegistry/registries/cacheRules`. */
  readonly fullType: string;
}

export class ResourceIdError extends Error {
  constructor(readonly input: string, why: string) {
    super(`not a valid Azure resource id (${why}): ${input}`);
    this.name = 'ResourceIdError';
  }
}

/**
 * Parses `/subscriptions/S/resourceGroups/RG/providers/NS/type/name[/childType/childName…]`.
 * Extension resources (`…/providers/Microsoft.Authorization/roleAssignments/GUID` under another
 * resource) parse as their innermost provider segment.
 */
export function parseResourceId(input: string): ResourceId {
  const id = input.trim().replace(/\/+$/, '');
  if (!id.startsWith('/')) throw new ResourceIdError(input, 'it must start with /subscriptions/');
  const parts = id.slice(1).split('/');
  if (parts.some((p) => p.length === 0)) throw new ResourceIdError(input, 'it has an empty segment');
  if (parts[0]?.toLowerCase() !== 'subscriptions' || parts.length < 2) {
    throw new ResourceIdError(input, 'it must start with /subscriptions/');
  }
  const subscriptionId = parts[1] as string;
  let i = 2;
  let resourceGroup: string | undefined;
  if (parts[i]?.toLowerCase() === 'resourcegroups') {
    resourceGroup = parts[i + 1];
    if (!resourceGroup) throw new ResourceIdError(input, 'the resource group name is missing');
    i += 2;
  }
  // Find the last `providers` segment: extension resources nest one provider inside another.
  let providerAt = -1;
  for (let j = i; j < parts.length; j++) if (parts[j]?.toLowerCase() === 'providers') providerAt = j;
  if (providerAt === -1) {
    if (i !== parts.length) throw new ResourceIdError(input, `unexpected segment "${parts[i]}"`);
    return {
      id, subscriptionId, resourceGroup, provider: undefined, types: [], names: [],
      name: resourceGroup ?? subscriptionId,
      fullType: resourceGroup ? 'Microsoft.Resources/resourceGroups' : 'Microsoft.Resources/subscriptions',
    };
  }
  const provider = parts[providerAt + 1];
  if (!provider) throw new ResourceIdError(input, 'the provider namespace is missing');
  const rest = parts.slice(providerAt + 2);
  if (rest.length === 0 || rest.length % 2 !== 0) {
    throw new ResourceIdError(input, 'resource types and names must come in pairs');
  }
  const types: string[] = [];
  const names: string[] = [];
  for (let j = 0; j < rest.length; j += 2) {
    types.push(rest[j] as string);
    names.push(rest[j + 1] as string);
  }
  return {
    id, subscriptionId, resourceGroup, provider, types, names,
    name: names[names.length - 1] as string,
    fullType: [provider, ...types].join('/'),
  };
}

/** Returns the parsed id, or undefined when the input is not a resource id. */
export function tryParseResourceId(input: string | undefined | null): ResourceId | undefined {
  if (!input) return undefined;
  try {
    return parseResourceId(input);
  } catch {
    return undefined;
  }
}

/** The key to use in maps and sets of ids. */
export function idKey(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

export function sameId(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  return idKey(a) === idKey(b);
}

export function sameName(a: string | undefined | null, b: string | undefined | null): boolean {
  if (a == null || b == null) return false;
  return a.toLowerCase() === b.toLowerCase();
}

/** The parent resource of a child id (`…/registries/r/cacheRules/x` → `…/registries/r`). */
export function parentId(id: string): string | undefined {
  const parsed = tryParseResourceId(id);
  if (!parsed || parsed.types.length < 2) return undefined;
  const parts = parsed.id.split('/');
  return parts.slice(0, -2).join('/');
}

/** True when `id` lies in resource group `rg` of subscription `sub` (case-insensitive). */
export function inResourceGroup(id: string, subscriptionId: string, resourceGroup: string): boolean {
  const p = tryParseResourceId(id);
  return !!p && sameName(p.subscriptionId, subscriptionId) && sameName(p.resourceGroup, resourceGroup);
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function managedClusterId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}
