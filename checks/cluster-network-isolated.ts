import type { Cluster } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { Evidence, Finding } from '../src/engine/types.js';

export interface ClusterNetworkIsolatedGathered {
  cluster: Cluster | undefined;
}

const ISOLATED_OUTBOUND = new Set(['none', 'block']);

export function judgeClusterNetworkIsolated({ cluster }: ClusterNetworkIsolatedGathered): Finding {
  if (!cluster) return { status: 'skip', summary: 'the cluster could not be read', evidence: [], remediations: [] };
  const source = cluster.artifactSource ?? '(not set)';
  const outbound = cluster.outboundType ?? '(not set)';
  const evidence: Evidence[] = [
    { resourceId: cluster.id, field: 'bootstrapProfile.artifactSource', expected: 'Cache', actual: source },
    { resourceId: cluster.id, field: 'networkProfile.outboundType', expected: 'none or block', actual: outbound },
  ];
  const cache = source.toLowerCase() === 'cache';
  const closed = ISOLATED_OUTBOUND.has(outbound.toLowerCase());
  if (cache && closed) {
    return { status: 'pass', summary: `network isolated: artifactSource Cache, outboundType ${outbound}`, evidence, remediations: [] };
  }
  if (cache) {
    return {
      status: 'warn',
      summary: `artifactSource is Cache but outboundType is ${outbound}: egress is open, so the cluster is not really network isolated`,
      evidence,
      remediations: [],
    };
  }
  return {
    status: 'fail',
    summary: `not network isolated (artifactSource ${source}, outboundType ${outbound}): these checks do not apply`,
    evidence,
    remediations: [],
  };
}

export const clusterNetworkIsolatedCheck = defineCheck<ClusterNetworkIsolatedGathered>({
  id: 'cluster.network-isolated',
  title: 'The cluster is network isolated',
  dependsOn: ['cluster.readable'],
  async gather(ctx) {
    return { cluster: await ctx.cluster() };
  },
  judge: judgeClusterNetworkIsolated,
});
