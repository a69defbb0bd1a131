import type { Cluster } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { RegistryLookup } from '../src/engine/context.js';
import type { Finding } from '../src/engine/types.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';

export interface RegistryExistsGathered {
  cluster: Cluster | undefined;
  lookup: RegistryLookup;
}

export function judgeRegistryExists({ cluster, lookup }: RegistryExistsGathered): Finding {
  const { mode, registry } = lookup;
  const field = mode === 'byo' ? 'bootstrapProfile.containerRegistryId' : 'registry in the node resource group';
  if (registry) {
    return {
      status: 'pass',
      summary: `${mode === 'managed' ? 'the AKS-managed' : 'the BYO'} registry ${registry.name} exists (${registry.loginServer ?? 'no login server'})`,
      evidence: [{ resourceId: registry.id, field, expected: 'exists', actual: 'exists' }],
      remediations: [],
      data: { registryId: registry.id },
    };
  }
  const why = lookup.missingReason ?? 'the registry was not found';
  const resourceId = lookup.expectedId ?? cluster?.id;
  if (mode === 'managed') {
    return {
      status: 'fail',
      summary: `the AKS-managed bootstrap registry is missing (${why}): reconcile the cluster to recreate it`,
      evidence: [{ resourceId, field, expected: 'a registry whose name contains "bootstrap"', actual: 'not found' }],
      remediations: chainRemediation(mode, 'reconcile'),
      data: { registryId: lookup.expectedId },
    };
  }
  // A BYO registry holds the customer's images: never offer to create or delete it.
  return {
    status: 'fail',
    summary:
      `the registry the nodes pull through does not exist (${why}): point containerRegistryId at an existing Premium registry ` +
      `(az aks update --bootstrap-artifact-source Cache --bootstrap-container-registry-resource-id ID) or recreate the registry`,
    evidence: [{ resourceId, field, expected: 'an existing registry', actual: 'not found' }],
    remediations: [],
    data: { registryId: lookup.expectedId },
  };
}

export const registryExistsCheck = defineCheck<RegistryExistsGathered>({
  id: 'registry.exists',
  title: 'The bootstrap registry exists',
  dependsOn: ['cluster.network-isolated'],
  guide: 'Issue 1, Issue 3',
  async gather(ctx) {
    const [cluster, lookup] = await Promise.all([ctx.cluster(), ctx.registry()]);
    return { cluster, lookup };
  },
  judge: judgeRegistryExists,
});
