import type { AzureGateway } from '../azure/ports.js';
import type { Cluster, NetworkInterface, PrivateEndpoint, Registry } from '../azure/types.js';
import { sameId } from '../azure/resource-id.js';
import type { DiagnosisFacts } from '../domain/facts.js';
import { nodeSubnet, type NodeSubnet } from '../domain/vnet.js';
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

export type ClusterVnet = NodeSubnet;

/**
 * The VNet and subnet of the cluster's nodes, from the diagnosis's network when it resolved one
 * (the same VNets the checks judged); read only when planning without a diagnosis snapshot.
 */
export async function clusterVnet(azure: AzureGateway, cluster: Cluster, facts?: DiagnosisFacts): Promise<ClusterVnet> {
  const pooled = cluster.agentPools.some((p) => p.vnetSubnetId);
  const vnets = pooled ? [] : (facts?.network?.vnets ?? (await quietly(azure.virtualNetworksInResourceGroup(cluster.subscriptionId, cluster.nodeResourceGroup), [])));
  return nodeSubnet(cluster, vnets);
}

export async function readRegistryFor(azure: AzureGateway, report: Report, cluster: Cluster, remediation: string, checkIds: Parameters<typeof registryIdFrom>[1]): Promise<Registry> {
  const registryId = registryIdFrom(report, checkIds, cluster);
  if (!registryId) throw new PlanError(`${remediation}: the diagnosis found no registry; the registry must exist before this fix can be planned`);
  const registry = await quietly(azure.registry(registryId), undefined);
  if (!registry) throw new PlanError(`${remediation}: the registry ${registryId} cannot be read or does not exist; the registry must exist before this fix can be planned`);
  return registry;
}

export interface RegistryEndpointIps {
  endpoint: PrivateEndpoint;
  /** Record relative name (`myacr`, `myacr.eastus2.data`) → the NIC's private IP. */
  records: Map<string, string>;
}

/** The records each endpoint's NICs call for. */
function withRecords(endpoint: PrivateEndpoint, nics: readonly NetworkInterface[], registry: Registry): RegistryEndpointIps {
  // The records as the diagnosis expects them: one derivation, in src/domain/dns.ts.
  const records = new Map<string, string>();
  for (const r of expectedRecords(nics, registry, endpoint.customDnsConfigs)) records.set(r.name, r.ip);
  return { endpoint, records };
}

/**
 * The endpoints whose connection targets the registry, with the A records they call for: the
 * diagnosis's endpoints and NICs when it resolved them for this registry, else read.
 */
export async function registryEndpoints(azure: AzureGateway, registry: Registry, cluster: Cluster, facts?: DiagnosisFacts): Promise<RegistryEndpointIps[]> {
  const known = facts?.registryEndpoints;
  if (known && sameId(facts.registry?.registry?.id, registry.id)) return known.map((e) => withRecords(e.endpoint, e.nics, registry));
  const all = await quietly(azure.privateEndpointsInSubscription(cluster.subscriptionId), []);
  const mine = all.filter((e) => e.connections.some((c) => sameId(c.privateLinkServiceId, registry.id)));
  const out: RegistryEndpointIps[] = [];
  for (const endpoint of mine) {
    const nics: NetworkInterface[] = [];
    for (const nicId of endpoint.networkInterfaceIds) {
      const nic = await quietly(azure.networkInterface(nicId), undefined);
      if (nic) nics.push(nic);
    }
    out.push(withRecords(endpoint, nics, registry));
  }
  return out;
}

export const PRIVATELINK_ZONE = ACR_PRIVATE_ZONE;
