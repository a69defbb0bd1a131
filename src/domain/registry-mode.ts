import type { Cluster } from '../azure/types.js';
import type { RegistryMode } from '../core/ids.js';
import { inResourceGroup, tryParseResourceId } from '../azure/resource-id.js';

/** The guide: the AKS-managed registry and endpoint are "named with the keyword bootstrap". */
export function looksLikeBootstrapName(name: string | undefined): boolean {
  return !!name && name.toLowerCase().includes('bootstrap');
}

/**
 * Managed when `containerRegistryId` is absent, or points into the node resource group at a
 * registry whose name contains `bootstrap`; BYO otherwise. `unknown` for a cluster that does
 * not pull through a cache at all.
 */
export function registryModeOf(cluster: Pick<Cluster, 'artifactSource' | 'containerRegistryId' | 'nodeResourceGroup'>): RegistryMode {
  if ((cluster.artifactSource ?? '').toLowerCase() !== 'cache') return 'unknown';
  const id = cluster.containerRegistryId;
  if (!id) return 'managed';
  const parsed = tryParseResourceId(id);
  if (!parsed) return 'unknown';
  return inResourceGroup(id, parsed.subscriptionId, cluster.nodeResourceGroup) && looksLikeBootstrapName(parsed.name)
    ? 'managed'
    : 'byo';
}

/** Only the AKS-managed registry may ever be deleted by aks-netiso. */
export function isAksManagedRegistry(registryId: string, cluster: Cluster): boolean {
  const parsed = tryParseResourceId(registryId);
  if (!parsed) return false;
  return (
    parsed.fullType.toLowerCase() === 'microsoft.containerregistry/registries' &&
    inResourceGroup(registryId, cluster.subscriptionId, cluster.nodeResourceGroup) &&
    looksLikeBootstrapName(parsed.name)
  );
}
