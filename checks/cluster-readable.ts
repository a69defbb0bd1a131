import type { Cluster } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { Finding } from '../src/engine/types.js';

export interface ClusterReadableGathered {
  clusterId: string;
  cluster: Cluster | undefined;
}

export function judgeClusterReadable({ clusterId, cluster }: ClusterReadableGathered): Finding {
  if (!cluster) {
    return {
      status: 'fail',
      summary: `cluster not found: ${clusterId}`,
      evidence: [{ resourceId: clusterId, field: 'id', expected: 'an existing managed cluster', actual: 'not found (404)' }],
      remediations: [],
    };
  }
  const state = cluster.provisioningState;
  const where = `${cluster.name} in ${cluster.resourceGroup} (${cluster.location})`;
  if (state.toLowerCase() !== 'succeeded') {
    // Readable, so the diagnosis goes on; but fixes refuse to run while an operation is in progress.
    return {
      status: 'warn',
      summary: `cluster ${where} is readable but its provisioningState is ${state}: an operation may be in progress or have failed`,
      evidence: [{ resourceId: cluster.id, field: 'provisioningState', expected: 'Succeeded', actual: state }],
      remediations: [],
    };
  }
  return {
    status: 'pass',
    summary: `cluster ${where} is readable, provisioningState Succeeded`,
    evidence: [{ resourceId: cluster.id, field: 'provisioningState', expected: 'Succeeded', actual: state }],
    remediations: [],
  };
}

export const clusterReadableCheck = defineCheck<ClusterReadableGathered>({
  id: 'cluster.readable',
  title: 'The cluster can be read',
  dependsOn: [],
  async gather(ctx) {
    return { clusterId: ctx.clusterId, cluster: await ctx.cluster() };
  },
  judge: judgeClusterReadable,
});
