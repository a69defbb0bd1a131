import type { AgentPool } from '../azure/types.js';
import type { Report } from '../engine/types.js';
import { accountSetCommand, az } from './command.js';
import { plural, poolList, readCluster, readPools, requireAddressed, verifyingChecks, withAddressed } from './common.js';
import type { UpgradeNodeImageOperation } from './upgrade-node-image.operation.js';
import { PlanError, type Plan, type PlanOptions, type PlanWarning, type Remediation, type RemediationEnv } from './types.js';

/** The stale pools of the finding, or the pools the operator named (which must exist). */
export function choosePools(report: Report, pools: AgentPool[], requested: string[] | undefined): { pool: AgentPool; staleNodes: string[] }[] {
  // Stale nodes, and the instances that never joined (a reimage provisions them again): any check's stalePools facet.
  const stale = report.checks.flatMap((c) => c.data?.stalePools ?? []);
  const staleNodesOf = (name: string): string[] => stale.find((s) => s.pool.toLowerCase() === name.toLowerCase())?.nodes ?? [];
  const valid = pools.map((p) => p.name).join(', ');
  if (requested && requested.length > 0) {
    const chosen: { pool: AgentPool; staleNodes: string[] }[] = [];
    for (const name of requested) {
      const pool = pools.find((p) => p.name.toLowerCase() === name.toLowerCase());
      if (!pool) throw new PlanError(`unknown pool "${name}"; the cluster's pools are: ${valid || '(none)'}`);
      if (!chosen.some((c) => c.pool.name === pool.name)) chosen.push({ pool, staleNodes: staleNodesOf(pool.name) });
    }
    return chosen;
  }
  const chosen: { pool: AgentPool; staleNodes: string[] }[] = [];
  for (const s of stale) {
    const pool = pools.find((p) => p.name.toLowerCase() === s.pool.toLowerCase());
    if (!pool) throw new PlanError(`the diagnosis names pool "${s.pool}", which the cluster no longer has (pools: ${valid || 'none'}); pass --pool`);
    if (!chosen.some((c) => c.pool.name === pool.name)) chosen.push({ pool, staleNodes: s.nodes });
  }
  if (chosen.length === 0) throw new PlanError(`the diagnosis names no stale pool; pass --pool P (pools: ${valid || 'none'})`);
  return chosen;
}

export const upgradeNodeImage: Remediation = {
  id: 'upgrade-node-image',
  title: 'Upgrade the node image of the affected pools',
  words: {
    title: 'Upgrade the node image of the affected pools',
    phrase: 'upgrade the node image of the affected pools',
    description: 'Reimages the nodes of the affected pools so they are provisioned again with the current registry configuration.',
  },
  risk: 'disruptive',
  automated: true,
  fixFlags: ({ stalePools }) => [stalePools.map((p) => ['--pool', p.pool])],
  async plan(report: Report, env: RemediationEnv, options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'upgrade-node-image');
    const verifying = verifyingChecks(env, 'upgrade-node-image');
    const cluster = await readCluster(env.azure, report.cluster);
    const pools = await readPools(env.azure, cluster);
    const chosen = choosePools(report, pools, options.pools);
    const nodes = chosen.reduce((n, c) => n + c.pool.count, 0);
    const staleCount = chosen.reduce((n, c) => n + c.staleNodes.length, 0);
    const poolWord = chosen.length === 1 ? 'pool' : 'pools';
    const warnings: PlanWarning[] = [
      { code: 'evicts-pods', text: 'pods on these nodes are evicted and restarted elsewhere; a PodDisruptionBudget that allows no eviction blocks the drain' },
      { code: 'pools-in-turn', text: 'the pools are upgraded one after another: AKS runs one operation on a cluster at a time' },
    ];
    const system = chosen.filter((c) => (c.pool.mode ?? '').toLowerCase() === 'system');
    if (system.length > 0) {
      warnings.push({ code: 'system-pool', text: `${system.map((c) => c.pool.name).join(', ')} is a System pool: cluster add-ons (CoreDNS, konnectivity) move while it drains` });
    }
    const notStale = chosen.filter((c) => c.staleNodes.length === 0).map((c) => c.pool.name);
    if (notStale.length > 0) {
      warnings.push({ code: 'pool-not-stale', text: `the diagnosis found no stale node in ${notStale.join(', ')}: upgrading it is your choice, not needed for the fix` });
    }
    return {
      remediation: 'upgrade-node-image',
      title: upgradeNodeImage.title,
      automated: true,
      risk: 'disruptive',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary:
        `Nodes keep the registry they were provisioned with; only a new node image writes the cluster's current registry into containerd and the kubelet. ` +
        `Upgrade the node image of ${poolWord} ${chosen.map((c) => c.pool.name).join(', ')}.`,
      operations: chosen.map((c): UpgradeNodeImageOperation => ({
        kind: 'upgrade-node-image',
        clusterId: cluster.id,
        pool: c.pool.name,
        poolId: c.pool.id,
        summary: `node image upgrade of pool ${c.pool.name} (${plural(c.pool.count, 'node')}, now ${c.pool.nodeImageVersion ?? 'unknown image'}); no body`,
      })),
      azCommands: [
        accountSetCommand(cluster.subscriptionId),
        ...chosen.map((c) => az('aks', 'nodepool', 'upgrade', '-g', cluster.resourceGroup, '--cluster-name', cluster.name, '-n', c.pool.name, '--node-image-only')),
      ],
      impact: [
        `node image upgrade of ${poolWord} ${poolList(chosen.map((c) => c.pool))}; nodes are cordoned, drained and reimaged in surge batches`,
        `${plural(staleCount, 'stale node')} of ${plural(nodes, 'node')} in ${chosen.length === 1 ? 'this pool' : 'these pools'}: ${chosen.filter((c) => c.staleNodes.length > 0).map((c) => `${c.pool.name}: ${c.staleNodes.join(', ')}`).join('; ') || 'none named by the diagnosis'}`,
      ],
      expectedDuration: `${Math.max(10, chosen.length * 5 + nodes * 2)}–${Math.max(20, chosen.length * 10 + nodes * 5)} minutes (about 2–5 minutes per node, pools one after another)`,
      // A check that only ARM can judge (instances that never joined) verifies on its own: the API server may be unreachable.
      verifyChecks: addresses.length > 0 && !addresses.some((a) => verifying.includes(a)) ? addresses : withAddressed(addresses, verifying),
      addresses,
      warnings,
      parameters: { pools: chosen.map((c) => c.pool.name) },
    };
  },
};
