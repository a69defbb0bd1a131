import type { AzureGateway } from '../azure/ports.js';
import type { Cluster, NetworkInterface, PrivateEndpoint, Registry } from '../azure/types.js';
import { parentId, sameId, tryParseResourceId } from '../azure/resource-id.js';
import type { Report } from '../engine/types.js';
import { ACR_PRIVATE_ZONE, expectedRecords } from '../domain/dns.js';
import { registryIdFrom } from './common.js';
import { PlanError } from './types.js';

/** Reads that fail only make the guide less specific; they never stop it. */
export async function quietly<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch {
    return fallback;
  }
}

export interface ClusterVnet {
  vnetId?: string | undefined;
  vnetName: string;
  vnetResourceGroup: string;
  subnetName: string;
}

/** The VNet and subnet of the cluster's nodes: the pools' vnetSubnetID, else the managed VNet. */
export async function clusterVnet(azure: AzureGateway, cluster: Cluster): Promise<ClusterVnet> {
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
  const vnets = await quietly(azure.virtualNetworksInResourceGroup(cluster.subscriptionId, cluster.nodeResourceGroup), []);
  const vnet = vnets[0];
  return {
    vnetId: vnet?.id,
    vnetName: vnet?.name ?? 'VNET_NAME',
    vnetResourceGroup: vnet?.resourceGroup ?? cluster.nodeResourceGroup,
    subnetName: vnet?.subnets[0]?.name ?? 'aks-subnet',
  };
}

export async function readRegistryFor(azure: AzureGateway, report: Report, cluster: Cluster, remediation: string, checkIds: Parameters<typeof registryIdFrom>[1]): Promise<Registry> {
  const registryId = registryIdFrom(report, checkIds, cluster);
  if (!registryId) throw new PlanError(`${remediation}: the diagnosis found no registry; fix registry.exists first`);
  const registry = await quietly(azure.registry(registryId), undefined);
  if (!registry) throw new PlanError(`${remediation}: the registry ${registryId} cannot be read or does not exist; fix registry.exists first`);
  return registry;
}

export interface RegistryEndpointIps {
  endpoint: PrivateEndpoint;
  /** Record relative name (`myacr`, `myacr.eastus2.data`) → the NIC's private IP. */
  records: Map<string, string>;
}

/** The endpoints whose connection targets the registry, with the A records they call for. */
export async function registryEndpoints(azure: AzureGateway, registry: Registry, cluster: Cluster): Promise<RegistryEndpointIps[]> {
  const all = await quietly(azure.privateEndpointsInSubscription(cluster.subscriptionId), []);
  const mine = all.filter((e) => e.connections.some((c) => sameId(c.privateLinkServiceId, registry.id)));
  const out: RegistryEndpointIps[] = [];
  for (const endpoint of mine) {
    const nics: NetworkInterface[] = [];
    for (const nicId of endpoint.networkInterfaceIds) {
      const nic = await quietly(azure.networkInterface(nicId), undefined);
      if (nic) nics.push(nic);
    }
    // The records as the diagnosis expects them: one derivation, in src/domain/dns.ts.
    const records = new Map<string, string>();
    for (const r of expectedRecords(nics, registry.name)) records.set(r.name, r.ip);
    out.push({ endpoint, records });
  }
  return out;
}

export const PRIVATELINK_ZONE = ACR_PRIVATE_ZONE;
