import type { AzureGateway } from '../azure/ports.js';
import { isAzureError } from '../azure/errors.js';
import type { AgentPool, Cluster } from '../azure/types.js';
import type { Report } from '../engine/types.js';
import { accountSetCommand, az, type ShellCommand } from './command.js';
import {
  nodeImageLine, plural, poolList, readCluster, readPools, requireAddressed, verifyingChecks, withAddressed,
} from './common.js';
import type { ReconcileClusterOperation } from './reconcile.operation.js';
import { PlanError, type Plan, type PlanOptions, type PlanWarning, type Remediation, type RemediationEnv } from './types.js';

/** The PUT of the cluster as read: shared by reconcile and delete-registry-and-reconcile. */
export async function reconcileOperation(azure: AzureGateway, cluster: Cluster, pools: AgentPool[]): Promise<ReconcileClusterOperation> {
  let body: Record<string, unknown>;
  try {
    body = (await azure.previewReconcile(cluster.id)).body;
  } catch (e) {
    throw new PlanError(`cannot prepare the reconcile of ${cluster.name}: ${isAzureError(e) ? e.describe() : (e as Error).message}`);
  }
  return {
    kind: 'reconcile-cluster',
    clusterId: cluster.id,
    body,
    summary: `the cluster exactly as read (read-only fields removed, ${plural(pools.length, 'agent pool')}; ${nodeImageLine(pools)}); nothing else changes`,
  };
}

export function reconcileCommand(cluster: Cluster): ShellCommand {
  return az('aks', 'update', '-g', cluster.resourceGroup, '-n', cluster.name);
}

export function reconcileImpact(cluster: Cluster, pools: AgentPool[]): string[] {
  const nodes = pools.reduce((n, p) => n + p.count, 0);
  return [
    `PUT of cluster ${cluster.name} as read: AKS re-creates the missing AKS-managed parts (bootstrap registry, its MCR cache rule, private endpoint, privatelink.azurecr.io zone, VNet link, A records) in ${cluster.nodeResourceGroup}`,
    `agent pools ${poolList(pools)} keep their configuration and node image; no node (${plural(nodes, 'node')} in all) is reimaged or restarted`,
  ];
}

export const reconcile: Remediation = {
  id: 'reconcile',
  title: 'Reconcile the cluster (az aks update)',
  words: {
    title: 'Reconcile the cluster',
    phrase: 'reconcile the cluster',
    description: 'Sends the cluster back to AKS exactly as read (az aks update), so AKS recreates its managed registry, private endpoint and DNS.',
  },
  risk: 'reversible',
  automated: true,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'reconcile');
    const cluster = await readCluster(env.azure, report.cluster);
    const pools = await readPools(env.azure, cluster);
    const warnings: PlanWarning[] = [];
    if (cluster.provisioningState !== 'Succeeded') {
      warnings.push({
        code: 'provisioning-state',
        text: `the cluster's provisioningState is ${cluster.provisioningState}: the apply will wait for you to run it again once it is Succeeded`,
      });
    }
    if (report.registryMode === 'byo') {
      warnings.push({ code: 'byo-not-repaired', text: 'this cluster uses its own (BYO) registry: a reconcile does not create or repair the customer\'s registry, endpoint or DNS' });
    }
    warnings.push({ code: 'no-concurrent-operations', text: 'run no other operation on the cluster meanwhile: AKS rejects concurrent operations (409)' });
    return {
      remediation: 'reconcile',
      title: reconcile.title,
      automated: true,
      risk: 'reversible',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary: `Send the cluster ${cluster.name} back to AKS exactly as read; AKS then re-creates the AKS-managed resources it finds missing (${addresses.join(', ')} failing).`,
      operations: [await reconcileOperation(env.azure, cluster, pools)],
      azCommands: [accountSetCommand(cluster.subscriptionId), reconcileCommand(cluster)],
      impact: reconcileImpact(cluster, pools),
      expectedDuration: '3–10 minutes',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'reconcile')),
      addresses,
      warnings,
      parameters: { clusterId: cluster.id },
    };
  },
};
