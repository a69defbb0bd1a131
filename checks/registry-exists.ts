import type { Cluster } from '../src/azure/types.js';
import type { RegistryMode } from '../src/core/ids.js';
import type { RegistryLookup, RegistryMissing } from '../src/domain/facts.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface RegistryExistsGathered {
  cluster: Cluster | undefined;
  lookup: RegistryLookup;
}

function why(missing: RegistryMissing | null): string {
  switch (missing?.reason) {
    case 'cluster-unreadable':
      return 'the cluster could not be read';
    case 'not-cache':
      return 'the cluster does not pull through a registry cache (artifactSource is not Cache)';
    case 'configured-registry-missing':
      return `the registry ${missing.registryId} configured as bootstrapProfile.containerRegistryId does not exist`;
    case 'no-bootstrap-registry':
      return `no registry whose name contains "bootstrap" in the node resource group ${missing.nodeResourceGroup}${missing.found.length ? ` (found: ${missing.found.join(', ')})` : ''}`;
    default:
      return 'the registry was not found';
  }
}

export const registryExistsMessages = {
  'registry.exists/exists': (p: { mode: RegistryMode; registry: string; loginServer: string | null }) =>
    `${p.mode === 'managed' ? 'the AKS-managed' : 'the BYO'} registry ${p.registry} exists (${p.loginServer ?? 'no login server'})`,
  'registry.exists/managed-missing': (p: { missing: RegistryMissing | null }) =>
    `the AKS-managed bootstrap registry is missing (${why(p.missing)}): reconcile the cluster to recreate it`,
  'registry.exists/missing': (p: { missing: RegistryMissing | null }) =>
    `the registry the nodes pull through does not exist (${why(p.missing)}): point containerRegistryId at an existing Premium registry ` +
    `(az aks update --bootstrap-artifact-source Cache --bootstrap-container-registry-resource-id ID) or recreate the registry`,
};

export type RegistryExistsFinding = FindingOf<typeof registryExistsMessages>;

export function judgeRegistryExists({ cluster, lookup }: RegistryExistsGathered): RegistryExistsFinding {
  const { mode, registry } = lookup;
  const field = mode === 'byo' ? 'bootstrapProfile.containerRegistryId' : 'registry in the node resource group';
  if (registry) {
    return {
      status: 'pass',
      code: 'registry.exists/exists',
      params: { mode, registry: registry.name, loginServer: registry.loginServer ?? null },
      evidence: [{ resourceId: registry.id, field, expected: 'exists', actual: 'exists' }],
      remediations: [],
      data: { registryId: registry.id },
    };
  }
  const missing = lookup.missing ?? null;
  const resourceId = lookup.expectedId ?? cluster?.id;
  if (mode === 'managed') {
    return {
      status: 'fail',
      code: 'registry.exists/managed-missing',
      params: { missing },
      evidence: [{ resourceId, field, expected: 'a registry whose name contains "bootstrap"', actual: 'not found' }],
      remediations: chainRemediation(mode, 'reconcile'),
      data: { registryId: lookup.expectedId },
    };
  }
  // A BYO registry holds the customer's images: never offer to create or delete it.
  return {
    status: 'fail',
    code: 'registry.exists/missing',
    params: { missing },
    evidence: [{ resourceId, field, expected: 'an existing registry', actual: 'not found' }],
    remediations: [],
    data: { registryId: lookup.expectedId },
  };
}

export const registryExistsCheck = defineCheck({
  id: 'registry.exists',
  title: 'The bootstrap registry exists',
  dependsOn: ['cluster.network-isolated'],
  guide: 'Issue 1, Issue 3',
  // Issue 3 is the managed registry's resources deleted; Issue 1 a BYO registry not set up.
  guideIssue: { managed: 3, any: 1 },
  historyOperations: ['Microsoft.ContainerRegistry/registries/delete', 'Microsoft.ContainerService/managedClusters/write'],
  causePhrase: { managed: 'the AKS-managed bootstrap registry was deleted', any: "the cluster's registry does not exist" },
  noFixAdvice: "point the cluster's containerRegistryId at an existing registry, or recreate that registry",
  verifies: ['reconcile', 'delete-registry-and-reconcile'],
  rootCause: {
    chain: 'registry',
    // Without the registry nothing downstream can work: its absence explains them all.
    explains: [
      'registry.configuration', 'registry.mcr-cache-rule', 'registry.private-endpoint', 'dns.zone', 'dns.vnet-link', 'dns.records',
      'pods.image-pull-failures', 'pods.uncached-registries', 'nodes.stale-registry-config',
    ],
  },
  messages: registryExistsMessages,
  async gather(ctx): Promise<RegistryExistsGathered> {
    const [cluster, lookup] = await Promise.all([ctx.cluster(), ctx.registry()]);
    return { cluster, lookup };
  },
  judge: judgeRegistryExists,
});
