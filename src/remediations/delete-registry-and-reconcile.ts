import { isAzureError } from '../azure/errors.js';
import type { CacheRule, Registry } from '../azure/types.js';
import { isAksManagedRegistry } from '../domain/registry-mode.js';
import type { Report } from '../engine/types.js';
import { accountSetCommand, az } from './command.js';
import {
  addressedChecks, nameOf, plural, readCluster, readPools, registryIdFrom, requireAddressed,
  resourceGroupOf, verifyingChecks, withAddressed,
} from './common.js';
import { reconcileCommand, reconcileImpact, reconcileOperation } from './reconcile.js';
import { PlanError, type Plan, type PlanOptions, type Remediation, type RemediationEnv } from './types.js';

export const deleteRegistryAndReconcile: Remediation = {
  id: 'delete-registry-and-reconcile',
  title: 'Delete the AKS-managed bootstrap registry, then reconcile',
  words: {
    title: 'Delete the managed registry and reconcile',
    phrase: 'delete the managed registry and reconcile',
    description: 'Deletes the AKS-managed bootstrap registry, then reconciles, so AKS recreates it with its MCR cache rule.',
  },
  risk: 'destructive',
  automated: true,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const cluster = await readCluster(env.azure, report.cluster);
    // The BYO refusal comes first, whatever the diagnosis suggests: it is the one that protects data.
    const registryId = registryIdFrom(report, addressedChecks(report, 'delete-registry-and-reconcile'), cluster);
    if (registryId && !isAksManagedRegistry(registryId, cluster)) {
      throw new PlanError(
        `delete-registry-and-reconcile applies only to an AKS-managed registry (name containing "bootstrap" in the node resource group ${cluster.nodeResourceGroup}); ` +
          `this cluster uses its own registry ${registryId}, which aks-netiso never deletes: it holds the customer's images`,
      );
    }
    const addresses = requireAddressed(report, 'delete-registry-and-reconcile');
    if (!registryId) {
      throw new PlanError('delete-registry-and-reconcile: the diagnosis names no registry, so there is nothing aks-netiso may delete');
    }
    let registry: Registry | undefined;
    let rules: CacheRule[] = [];
    try {
      registry = await env.azure.registry(registryId);
      if (registry) rules = await env.azure.cacheRules(registry.id);
    } catch (e) {
      throw new PlanError(`cannot read the registry ${registryId}: ${isAzureError(e) ? e.describe() : (e as Error).message}`);
    }
    if (!registry) {
      throw new PlanError(`the registry ${registryId} no longer exists; run reconcile instead (it re-creates the AKS-managed registry)`);
    }
    const pools = await readPools(env.azure, cluster);
    const registryRg = resourceGroupOf(registry.id) ?? cluster.nodeResourceGroup;
    const ruleWords = rules.length === 0
      ? 'no cache rules'
      : `${plural(rules.length, 'cache rule')}: ${rules.map((r) => `${r.name} (${r.sourceRepository ?? '?'} → ${r.targetRepository ?? '?'})`).join(', ')}`;
    return {
      remediation: 'delete-registry-and-reconcile',
      title: deleteRegistryAndReconcile.title,
      automated: true,
      risk: 'destructive',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary:
        `The AKS-managed registry ${registry.name} no longer serves MCR correctly (${addresses.join(', ')} failing) and AKS does not repair a registry that exists. ` +
        `Deleting it lets the reconcile re-create it with the right cache rule.`,
      operations: [
        {
          kind: 'delete-registry',
          registryId: registry.id,
          summary: `delete the AKS-managed registry ${registry.name} in ${registryRg} (with ${ruleWords})`,
        },
        await reconcileOperation(env.azure, cluster, pools),
      ],
      azCommands: [
        accountSetCommand(cluster.subscriptionId),
        az('acr', 'delete', '-g', registryRg, '-n', nameOf(registry.id), '--yes'),
        reconcileCommand(cluster),
      ],
      impact: [
        `deletes registry ${registry.name} (${registry.loginServer ?? `${registry.name}.azurecr.io`}) in ${registryRg}, with ${ruleWords}; its cached images are pulled again from MCR on demand`,
        ...reconcileImpact(cluster, pools),
        'between the delete and the end of the reconcile, images not already on a node cannot be pulled',
      ],
      expectedDuration: '5–15 minutes',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'delete-registry-and-reconcile')),
      addresses,
      warnings: [
        { code: 'destructive-confirm', text: `destructive: confirm by typing the cluster name (${cluster.name})` },
        { code: 'pulls-fail-meanwhile', text: 'pods that need an image not yet on their node fail to start until the reconcile finishes' },
        { code: 'managed-registry-only', text: 'aks-netiso deletes only this AKS-managed registry; it never deletes a registry outside the node resource group' },
      ],
      parameters: { registryId: registry.id },
    };
  },
};
