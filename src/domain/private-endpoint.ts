import type { PrivateLinkConnection } from '../azure/types.js';
import { sameId } from '../azure/resource-id.js';
import type { Evidence } from '../core/report.js';
import type { ClusterNetwork, RegistryEndpoint } from './facts.js';
import { subnetPlacement, vnetOfSubnet, type SubnetPlacement } from './vnet.js';

export interface EndpointAssessment {
  endpoint: RegistryEndpoint;
  connection: PrivateLinkConnection | undefined;
  placement: SubnetPlacement;
  problems: Evidence[];
}

function connectionTo(e: RegistryEndpoint, registryId: string): PrivateLinkConnection | undefined {
  const conns = e.endpoint.connections.filter((c) => sameId(c.privateLinkServiceId, registryId));
  return conns.find((c) => c.groupIds.some((g) => g.toLowerCase() === 'registry')) ?? conns[0];
}

/**
 * Everything wrong with one private endpoint to the registry, as evidence rows; empty when it
 * serves the cluster (Approved, Succeeded, `groupIds` registry, in or peered with the cluster VNet).
 */
export function assessEndpoint(e: RegistryEndpoint, registryId: string, network: ClusterNetwork): EndpointAssessment {
  const pe = e.endpoint;
  const connection = connectionTo(e, registryId);
  const problems: Evidence[] = [];
  const where = connection?.manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections';
  if (!connection) {
    problems.push({ resourceId: pe.id, field: 'privateLinkServiceConnections[].privateLinkServiceId', expected: registryId, actual: 'no connection to the registry' });
  } else {
    if (!connection.groupIds.some((g) => g.toLowerCase() === 'registry')) {
      problems.push({ resourceId: pe.id, field: `${where}[].groupIds`, expected: 'registry', actual: connection.groupIds.join(', ') || '(none)' });
    }
    const status = connection.status ?? '(not set)';
    if (status.toLowerCase() !== 'approved') {
      problems.push({ resourceId: pe.id, field: `${where}[].privateLinkServiceConnectionState.status`, expected: 'Approved', actual: status });
    }
  }
  const state = pe.provisioningState ?? '(not set)';
  if (state.toLowerCase() !== 'succeeded') problems.push({ resourceId: pe.id, field: 'provisioningState', expected: 'Succeeded', actual: state });
  const placement = subnetPlacement(pe.subnetId, network);
  if (placement === 'elsewhere') {
    problems.push({
      resourceId: pe.id,
      field: 'subnet.id',
      expected: `a subnet of ${network.vnets.map((v) => v.name).join(', ') || 'the cluster VNet'} or a VNet peered with it`,
      actual: pe.subnetId ? `a subnet of ${vnetOfSubnet(pe.subnetId) ?? pe.subnetId}` : '(no subnet)',
    });
  }
  return { endpoint: e, connection, placement, problems };
}
