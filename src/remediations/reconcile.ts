import type { AzureGateway } from '../azure/ports.js';
import { isAzureError } from '../azure/errors.js';
import type { AgentPool, Cluster } from '../azure/types.js';
import type { Report } from '../engine/types.js';
import {
  REGISTRY_CHAIN, accountSetCommand, az, nodeImageLine, plural, poolList, readCluster, readPools,
  requireAddressed, withAddressed,
} from './common.js';
import { PlanError, type Plan, type PlannedOperation, type PlanOptions, type Remediation, type RemediationEnv } from './types.js';

export const RECONCILE_SDK_CALL = 'managedClusters.beginCreateOrUpdate';

/** The PUT of the cluster as read: shared by reconcile and delete-registry-and-reconcile. */
export async function reconcileOperation(azure: AzureGateway, cluster: Cluster, pools: AgentPool[]): Promise<PlannedOperation> {
  let body: Record<string, unknown>;
  try {
    body = (await azure.previewReconcile(cluster.id)).body;
  } catch (e) {
    throw new PlanError(`cannot prepare the reconcile of ${cluster.name}: ${isAzureError(e) ? e.describe() : (e as Error).message}`);
  }
  return {
    method: 'PUT',
    resourceId: cluster.id,
    sdkCall: RECONCILE_SDK_CALL,
    bodySummary: `the cluster exactly as read (read-only fields removed, ${plural(pools.length, 'agent pool')}; ${nodeImageLine(pools)}); nothing else changes`,
    body,
  };
}

export function reconcileCommand(cluster: Cluster): string {
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
  risk: 'reversible',
  automated: true,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'reconcile');
    const cluster = await readCluster(env.azure, report.cluster);
    const pools = await readPools(env.azure, cluster);
    const warnings: string[] = [];
    if (cluster.provisioningState !== 'Succeeded') {
      warnings.push(`the cluster's provisioningState is ${cluster.provisioningState}: the apply will wait for you to run it again once it is Succeeded`);
    }
    if (report.registryMode === 'byo') {
      warnings.push('this cluster uses its own (BYO) registry: a reconcile does not create or repair the customer\'s registry, endpoint or DNS');
    }
    warnings.push('run no other operation on the cluster meanwhile: AKS rejects concurrent operations (409)');
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
      verifyChecks: withAddressed(addresses, REGISTRY_CHAIN),
      addresses,
      warnings,
      parameters: { clusterId: cluster.id },
    };
  },
};
