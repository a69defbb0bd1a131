import type { PrivateLinkConnection, Registry } from '../src/azure/types.js';
import { sameId } from '../src/azure/resource-id.js';
import { defineCheck } from '../src/engine/check.js';
import type { ClusterNetwork, RegistryEndpoint } from '../src/engine/context.js';
import type { Evidence, Finding, RegistryMode } from '../src/engine/types.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { subnetPlacement, vnetOfSubnet, type SubnetPlacement } from '../src/domain/vnet.js';

export interface RegistryPrivateEndpointGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  endpoints: RegistryEndpoint[];
  network: ClusterNetwork;
}

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

/** Everything wrong with one endpoint, as evidence rows; empty when it serves the cluster. */
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

export function judgeRegistryPrivateEndpoint({ mode, registry, endpoints, network }: RegistryPrivateEndpointGathered): Finding {
  if (!registry) return { status: 'skip', summary: 'no registry to inspect', evidence: [], remediations: [] };
  const remediations = chainRemediation(mode, 'recreate-private-endpoint');
  if (endpoints.length === 0) {
    return {
      status: 'fail',
      summary: `no private endpoint connects to registry ${registry.name}: the nodes cannot reach it`,
      evidence: [{ resourceId: registry.id, field: 'privateEndpointConnections', expected: 'an Approved endpoint with groupIds registry', actual: registry.privateEndpointConnections.length ? `${registry.privateEndpointConnections.length} connection(s) to endpoints that no longer exist` : 'none' }],
      remediations,
      data: { registryId: registry.id },
    };
  }
  const assessed = endpoints.map((e) => assessEndpoint(e, registry.id, network));
  const good = assessed.find((a) => a.problems.length === 0);
  if (good) {
    const pe = good.endpoint.endpoint;
    const via = good.placement === 'peeredVnet' ? 'a VNet peered with the cluster VNet' : good.placement === 'unknown' ? 'a VNet (the cluster VNet could not be determined)' : 'the cluster VNet';
    const finding: Finding = {
      status: good.placement === 'unknown' ? 'warn' : 'pass',
      summary: `private endpoint ${pe.name} connects to ${registry.name} (Approved${good.connection?.manual ? ', manual connection' : ''}) from ${via}`,
      evidence: [{ resourceId: pe.id, field: 'subnet.id', actual: pe.subnetId }],
      remediations: [],
      data: { registryId: registry.id, endpointId: pe.id },
    };
    return finding;
  }
  const evidence = assessed.flatMap((a) => a.problems);
  const first = assessed[0] as EndpointAssessment;
  const words = first.problems.map((p) => `${p.field?.split('.').pop() ?? p.field} ${p.actual ?? ''}`.trim()).join(', ');
  return {
    status: 'fail',
    summary: `no usable private endpoint to registry ${registry.name}: ${first.endpoint.endpoint.name} has ${words}`,
    evidence,
    remediations,
    data: { registryId: registry.id, endpointId: first.endpoint.endpoint.id },
  };
}

export const registryPrivateEndpointCheck = defineCheck<RegistryPrivateEndpointGathered>({
  id: 'registry.private-endpoint',
  title: 'A private endpoint connects the cluster VNet to the registry',
  dependsOn: ['registry.exists'],
  guide: 'Issue 1, Issue 3',
  async gather(ctx) {
    const [lookup, endpoints, network] = await Promise.all([ctx.registry(), ctx.registryEndpoints(), ctx.network()]);
    return { mode: lookup.mode, registry: lookup.registry, endpoints, network };
  },
  judge: judgeRegistryPrivateEndpoint,
});
