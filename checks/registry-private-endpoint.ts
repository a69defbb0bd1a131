import type { Registry } from '../src/azure/types.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { FindingFacets } from '../src/core/report.js';
import type { ClusterNetwork, RegistryEndpoint } from '../src/domain/facts.js';
import { assessEndpoint } from '../src/domain/private-endpoint.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface RegistryPrivateEndpointGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  endpoints: RegistryEndpoint[];
  network: ClusterNetwork;
}

export interface RegistryPrivateEndpointData extends FindingFacets {
  endpointId?: string | undefined;
}

type Connected = { endpoint: string; registry: string; manual: boolean };
const connected = (p: Connected, via: string): string =>
  `private endpoint ${p.endpoint} connects to ${p.registry} (Approved${p.manual ? ', manual connection' : ''}) from ${via}`;

export const registryPrivateEndpointMessages = {
  'registry.private-endpoint/no-registry': () => 'no registry to inspect',
  'registry.private-endpoint/none': (p: { registry: string }) => `no private endpoint connects to registry ${p.registry}: the nodes cannot reach it`,
  'registry.private-endpoint/connected': (p: Connected & { peered: boolean }) => connected(p, p.peered ? 'a VNet peered with the cluster VNet' : 'the cluster VNet'),
  'registry.private-endpoint/connected-vnet-unknown': (p: Connected) => connected(p, 'a VNet (the cluster VNet could not be determined)'),
  'registry.private-endpoint/unusable': (p: { registry: string; endpoint: string; problems: { field: string | null; actual: string | null }[] }) =>
    `no usable private endpoint to registry ${p.registry}: ${p.endpoint} has ${p.problems.map((x) => `${x.field?.split('.').pop() ?? x.field} ${x.actual ?? ''}`.trim()).join(', ')}`,
};

export type RegistryPrivateEndpointFinding = FindingOf<typeof registryPrivateEndpointMessages, RegistryPrivateEndpointData>;

export function judgeRegistryPrivateEndpoint({ mode, registry, endpoints, network }: RegistryPrivateEndpointGathered): RegistryPrivateEndpointFinding {
  if (!registry) return { status: 'skip', code: 'registry.private-endpoint/no-registry', params: {}, evidence: [], remediations: [] };
  const remediations = chainRemediation(mode, 'recreate-private-endpoint');
  if (endpoints.length === 0) {
    const stale = registry.privateEndpointConnections.length;
    return {
      status: 'fail',
      code: 'registry.private-endpoint/none',
      params: { registry: registry.name },
      evidence: [{ resourceId: registry.id, field: 'privateEndpointConnections', expected: 'an Approved endpoint with groupIds registry', actual: stale ? `${stale} connection(s) to endpoints that no longer exist` : 'none' }],
      remediations,
      data: { registryId: registry.id },
    };
  }
  const assessed = endpoints.map((e) => assessEndpoint(e, registry.id, network));
  const good = assessed.find((a) => a.problems.length === 0);
  if (good) {
    const pe = good.endpoint.endpoint;
    const params = { endpoint: pe.name, registry: registry.name, manual: !!good.connection?.manual };
    const rest = { evidence: [{ resourceId: pe.id, field: 'subnet.id', actual: pe.subnetId }], remediations: [], data: { registryId: registry.id, endpointId: pe.id } };
    return good.placement === 'unknown'
      ? { status: 'warn', code: 'registry.private-endpoint/connected-vnet-unknown', params, ...rest }
      : { status: 'pass', code: 'registry.private-endpoint/connected', params: { ...params, peered: good.placement === 'peeredVnet' }, ...rest };
  }
  const first = assessed[0] as (typeof assessed)[number];
  return {
    status: 'fail',
    code: 'registry.private-endpoint/unusable',
    params: { registry: registry.name, endpoint: first.endpoint.endpoint.name, problems: first.problems.map((p) => ({ field: p.field ?? null, actual: p.actual ?? null })) },
    evidence: assessed.flatMap((a) => a.problems),
    remediations,
    data: { registryId: registry.id, endpointId: first.endpoint.endpoint.id },
  };
}

export const registryPrivateEndpointCheck = defineCheck({
  id: 'registry.private-endpoint',
  title: 'A private endpoint connects the cluster VNet to the registry',
  dependsOn: ['registry.exists'],
  guide: 'Issue 1, Issue 3',
  guideIssue: { managed: 3, any: 1 },
  historyOperations: ['Microsoft.Network/privateEndpoints/delete', 'Microsoft.Network/privateEndpoints/write', 'Microsoft.ContainerRegistry/registries/privateEndpointConnections/delete', 'Microsoft.ContainerRegistry/registries/privateEndpointConnections/write'],
  causePhrase: {
    managed: "the managed registry's private endpoint was deleted or is broken",
    any: "the registry's private endpoint is missing, not approved or outside the cluster VNet",
  },
  verifies: ['reconcile', 'delete-registry-and-reconcile', 'recreate-private-endpoint'],
  rootCause: { chain: 'registry', explains: ['dns.records', 'pods.image-pull-failures', 'nodes.stale-registry-config'] },
  // The guide and the on-call engineer treat the endpoint as its own step.
  display: { group: 'endpoint' },
  messages: registryPrivateEndpointMessages,
  async gather(ctx): Promise<RegistryPrivateEndpointGathered> {
    const [lookup, endpoints, network] = await Promise.all([ctx.registry(), ctx.registryEndpoints(), ctx.network()]);
    return { mode: lookup.mode, registry: lookup.registry, endpoints, network };
  },
  judge: judgeRegistryPrivateEndpoint,
});
