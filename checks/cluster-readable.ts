import type { Cluster } from '../src/azure/types.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface ClusterReadableGathered {
  clusterId: string;
  cluster: Cluster | undefined;
}

type Where = { name: string; resourceGroup: string; location: string };
const where = (p: Where): string => `${p.name} in ${p.resourceGroup} (${p.location})`;

export const clusterReadableMessages = {
  'cluster.readable/not-found': (p: { clusterId: string }) => `cluster not found: ${p.clusterId}`,
  'cluster.readable/not-succeeded': (p: Where & { provisioningState: string }) =>
    `cluster ${where(p)} is readable but its provisioningState is ${p.provisioningState}: an operation may be in progress or have failed`,
  'cluster.readable/readable': (p: Where) => `cluster ${where(p)} is readable, provisioningState Succeeded`,
};

export type ClusterReadableFinding = FindingOf<typeof clusterReadableMessages>;

export function judgeClusterReadable({ clusterId, cluster }: ClusterReadableGathered): ClusterReadableFinding {
  if (!cluster) {
    return {
      status: 'fail',
      code: 'cluster.readable/not-found',
      params: { clusterId },
      evidence: [{ resourceId: clusterId, field: 'id', expected: 'an existing managed cluster', actual: 'not found (404)' }],
      remediations: [],
    };
  }
  const state = cluster.provisioningState;
  const at = { name: cluster.name, resourceGroup: cluster.resourceGroup, location: cluster.location };
  const evidence = [{ resourceId: cluster.id, field: 'provisioningState', expected: 'Succeeded', actual: state }];
  if (state.toLowerCase() !== 'succeeded') {
    // Readable, so the diagnosis goes on; but fixes refuse to run while an operation is in progress.
    return { status: 'warn', code: 'cluster.readable/not-succeeded', params: { ...at, provisioningState: state }, evidence, remediations: [] };
  }
  return { status: 'pass', code: 'cluster.readable/readable', params: at, evidence, remediations: [] };
}

export const clusterReadableCheck = defineCheck({
  id: 'cluster.readable',
  title: 'The cluster can be read',
  dependsOn: [],
  // Nothing else can be judged without the cluster; an error reading it is an incomplete diagnosis.
  required: true,
  rootCause: { exclusive: true },
  causePhrase: { any: 'the cluster cannot be read' },
  noFixAdvice: 'check the cluster id and that the signed-in identity may read it',
  messages: clusterReadableMessages,
  async gather(ctx): Promise<ClusterReadableGathered> {
    return { clusterId: ctx.clusterId, cluster: await ctx.cluster() };
  },
  judge: judgeClusterReadable,
});
