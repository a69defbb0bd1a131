import type { Evidence, StalePool } from '../src/core/report.js';
import type { PoolScaleSet } from '../src/domain/facts.js';
import { CSE_EXTENSION, bootstrapOutcome, type BootstrapCause } from '../src/domain/node-bootstrap.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface NodesBootstrapGathered {
  scaleSets: PoolScaleSet[];
}

type FailedInstance = {
  pool: string;
  scaleSet: string;
  instanceId: string;
  /** The node name it would have joined as. */
  computerName: string | null;
  exitStatus: number | null;
  cause: BootstrapCause;
};

type Failed = { failures: FailedInstance[]; instances: number; pools: string[] };

/** What each exit status points at, and where to look: the words of this check only. */
const CAUSE_WORDS: Record<BootstrapCause, string> = {
  'artifact-pull': 'the Kubernetes node binaries or the credential provider could not be pulled through the registry (look at the cache rule and the registry)',
  imds: 'the instance metadata service did not answer (look at the node networking)',
  'registry-unreachable': 'the registry was unreachable while the node signed in (look at the private endpoint and DNS)',
  'registry-refused-identity': "the registry refused the node's identity (look at the kubelet identity's pull role and authentication-as-ARM)",
  outbound: 'the outbound connectivity check failed (look at egress)',
  'api-server-name': "the API server's name did not resolve (look at custom DNS)",
  other: 'the node provisioning script failed',
};

function failureWords(f: FailedInstance): string {
  const exit = f.exitStatus === null ? 'no exit status' : `exit status ${f.exitStatus}`;
  return `${f.scaleSet} instance ${f.instanceId}${f.computerName ? ` (${f.computerName})` : ''} in pool ${f.pool}: ${exit}, ${CAUSE_WORDS[f.cause]}`;
}

export const nodesBootstrapMessages = {
  'nodes.bootstrap/no-scale-sets': () => 'no scale set of the agent pools was found in the node resource group',
  'nodes.bootstrap/joined': (p: { scaleSets: number; instances: number }) =>
    `every instance of ${p.scaleSets} scale set(s) bootstrapped (${p.instances} instance(s), ${CSE_EXTENSION} succeeded)`,
  'nodes.bootstrap/failed': (p: Failed) =>
    `${p.failures.length} of ${p.instances} instance(s) failed to bootstrap and never joined the cluster: ${p.failures.map(failureWords).join('; ')}`,
};

export type NodesBootstrapFinding = FindingOf<typeof nodesBootstrapMessages>;

export function judgeNodesBootstrap(g: NodesBootstrapGathered): NodesBootstrapFinding {
  if (g.scaleSets.length === 0) return { status: 'skip', code: 'nodes.bootstrap/no-scale-sets', params: {}, evidence: [], remediations: [] };
  const failures: FailedInstance[] = [];
  const evidence: Evidence[] = [];
  let instances = 0;
  for (const { scaleSet, instances: list } of g.scaleSets) {
    for (const instance of list) {
      instances++;
      const outcome = bootstrapOutcome(instance);
      if (outcome.state !== 'failed') continue;
      failures.push({
        pool: scaleSet.poolName ?? scaleSet.name,
        scaleSet: scaleSet.name,
        instanceId: instance.instanceId,
        computerName: instance.computerName ?? null,
        exitStatus: outcome.exitStatus,
        cause: outcome.cause ?? 'other',
      });
      evidence.push({
        resourceId: instance.id,
        field: `properties.instanceView.extensions[${CSE_EXTENSION}].statuses`,
        expected: 'ProvisioningState/succeeded',
        actual: `${outcome.status?.code ?? 'failed'}: ${(outcome.status?.message ?? '').split('\n')[0] ?? ''}`,
      });
    }
  }
  if (failures.length === 0) {
    return { status: 'pass', code: 'nodes.bootstrap/joined', params: { scaleSets: g.scaleSets.length, instances }, evidence: [], remediations: [] };
  }
  const byPool = new Map<string, string[]>();
  for (const f of failures) byPool.set(f.pool, [...(byPool.get(f.pool) ?? []), ...(f.computerName ? [f.computerName] : [])]);
  const stalePools: StalePool[] = [...byPool.entries()].map(([pool, nodes]) => ({ pool, nodes: nodes.sort() })).sort((a, b) => a.pool.localeCompare(b.pool));
  return {
    status: 'fail',
    code: 'nodes.bootstrap/failed',
    params: { failures, instances, pools: stalePools.map((p) => p.pool) },
    evidence,
    // Once the cause is gone, only a reimage provisions the failed instances again.
    remediations: ['upgrade-node-image'],
    data: { stalePools },
  };
}

export const nodesBootstrapCheck = defineCheck({
  id: 'nodes.bootstrap',
  title: 'New nodes bootstrap through the registry',
  // Scale sets are ARM resources: this runs with the API server unreachable too.
  dependsOn: ['cluster.network-isolated'],
  causePhrase: { any: 'new nodes failed to bootstrap and never joined the cluster' },
  // Nodes bootstrap through the registry chain: a broken or unknown link there is the cause.
  rootCause: { explainedBy: { chain: 'registry' } },
  messages: nodesBootstrapMessages,
  async gather(ctx): Promise<NodesBootstrapGathered> {
    return { scaleSets: await ctx.scaleSets() };
  },
  judge: judgeNodesBootstrap,
});
