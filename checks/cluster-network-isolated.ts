import type { Cluster } from '../src/azure/types.js';
import type { Evidence } from '../src/core/report.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface ClusterNetworkIsolatedGathered {
  cluster: Cluster | undefined;
}

const ISOLATED_OUTBOUND = new Set(['none', 'block']);

export const clusterNetworkIsolatedMessages = {
  'cluster.network-isolated/no-cluster': () => 'the cluster could not be read',
  'cluster.network-isolated/isolated': (p: { outboundType: string }) => `network isolated: artifactSource Cache, outboundType ${p.outboundType}`,
  'cluster.network-isolated/egress-open': (p: { outboundType: string }) =>
    `artifactSource Cache: nodes pull through the cache, with egress via ${p.outboundType} (not network isolated: outboundType is not none or block); the registry and DNS checks apply`,
  'cluster.network-isolated/not-isolated': (p: { artifactSource: string; outboundType: string }) =>
    `not network isolated (artifactSource ${p.artifactSource}, outboundType ${p.outboundType}): these checks do not apply`,
};

export type ClusterNetworkIsolatedFinding = FindingOf<typeof clusterNetworkIsolatedMessages>;

export function judgeClusterNetworkIsolated({ cluster }: ClusterNetworkIsolatedGathered): ClusterNetworkIsolatedFinding {
  if (!cluster) return { status: 'skip', code: 'cluster.network-isolated/no-cluster', params: {}, evidence: [], remediations: [] };
  const source = cluster.artifactSource ?? '(not set)';
  const outbound = cluster.outboundType ?? '(not set)';
  const evidence: Evidence[] = [
    { resourceId: cluster.id, field: 'bootstrapProfile.artifactSource', expected: 'Cache', actual: source },
    { resourceId: cluster.id, field: 'networkProfile.outboundType', expected: 'none or block', actual: outbound },
  ];
  const cache = source.toLowerCase() === 'cache';
  const closed = ISOLATED_OUTBOUND.has(outbound.toLowerCase());
  if (cache && closed) {
    return { status: 'pass', code: 'cluster.network-isolated/isolated', params: { outboundType: outbound }, evidence, remediations: [], data: { networkIsolated: true } };
  }
  if (cache) {
    // Cache alone makes nodes pull through the registry (UDR behind a firewall is common during a
    // migration): the registry chain is judged as for an isolated cluster, but it is not isolated.
    return { status: 'pass', code: 'cluster.network-isolated/egress-open', params: { outboundType: outbound }, evidence, remediations: [], data: { networkIsolated: false } };
  }
  return {
    status: 'fail',
    code: 'cluster.network-isolated/not-isolated',
    params: { artifactSource: source, outboundType: outbound },
    evidence,
    remediations: [],
    data: { networkIsolated: false },
  };
}

export const clusterNetworkIsolatedCheck = defineCheck({
  id: 'cluster.network-isolated',
  title: 'The cluster is network isolated',
  dependsOn: ['cluster.readable'],
  // Without Cache the nodes pull from public registries: no later check applies.
  rootCause: { exclusive: true },
  causePhrase: { any: 'the cluster is not network isolated' },
  noFixAdvice: 'its nodes pull from public registries directly, so the network isolation checks do not apply',
  messages: clusterNetworkIsolatedMessages,
  async gather(ctx): Promise<ClusterNetworkIsolatedGathered> {
    return { cluster: await ctx.cluster() };
  },
  judge: judgeClusterNetworkIsolated,
});
