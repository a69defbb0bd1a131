import { parentId, sameId, tryParseResourceId } from '../azure/resource-id.js';
import type { Cluster, VirtualNetwork } from '../azure/types.js';
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

/** Where the cluster's nodes sit: the VNet and subnet a new private endpoint or DNS link goes to. */
export interface NodeSubnet {
  vnetId?: string | undefined;
  vnetName: string;
  vnetResourceGroup: string;
  subnetName: string;
}

/**
 * The VNet and subnet of the cluster's nodes: the pools' vnetSubnetID, else the first VNet of
 * the AKS-managed ones (`vnets`: the diagnosis's ClusterNetwork, read in the node resource group).
 */
export function nodeSubnet(cluster: Pick<Cluster, 'agentPools' | 'resourceGroup' | 'nodeResourceGroup'>, vnets: readonly VirtualNetwork[]): NodeSubnet {
  const subnetId = cluster.agentPools.find((p) => p.vnetSubnetId)?.vnetSubnetId;
  const subnet = tryParseResourceId(subnetId);
  if (subnetId && subnet && subnet.names.length >= 2) {
    return {
      vnetId: parentId(subnetId),
      vnetName: subnet.names[0] as string,
      vnetResourceGroup: subnet.resourceGroup ?? cluster.resourceGroup,
      subnetName: subnet.name,
    };
  }
  const vnet = vnets[0];
  return {
    vnetId: vnet?.id,
    vnetName: vnet?.name ?? 'VNET_NAME',
    vnetResourceGroup: vnet?.resourceGroup ?? cluster.nodeResourceGroup,
    subnetName: vnet?.subnets[0]?.name ?? 'aks-subnet',
  };
}
