import { parentId, sameId } from '../azure/resource-id.js';
import type { ClusterNetwork } from './facts.js';

export type SubnetPlacement = 'clusterVnet' | 'peeredVnet' | 'elsewhere' | 'unknown';

/** The VNet a subnet id belongs to (`…/virtualNetworks/V/subnets/S` → `…/virtualNetworks/V`). */
export function vnetOfSubnet(subnetId: string | undefined): string | undefined {
  return subnetId ? parentId(subnetId) : undefined;
}

/**
 * Where a subnet sits relative to the cluster: in one of its VNets, in a VNet peered with one
 * (a peering that is not `Connected` carries no traffic), or elsewhere. `unknown` when the
 * cluster's VNets could not be determined.
 */
export function subnetPlacement(subnetId: string | undefined, network: ClusterNetwork): SubnetPlacement {
  const vnet = vnetOfSubnet(subnetId);
  if (!vnet) return 'elsewhere';
  if (network.vnets.length === 0) return 'unknown';
  if (network.vnets.some((v) => sameId(v.id, vnet))) return 'clusterVnet';
  const peered = network.vnets.some((v) =>
    v.peerings.some((p) => sameId(p.remoteVirtualNetworkId, vnet) && (p.peeringState ?? 'Connected').toLowerCase() === 'connected'),
  );
  return peered ? 'peeredVnet' : 'elsewhere';
}
