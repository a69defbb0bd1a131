import type { Cluster, Registry, RoleAssignment } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { Evidence, Finding, RegistryMode, RemediationId } from '../src/engine/types.js';
import { pullGrants } from '../src/domain/acr-pull.js';

export interface RegistryConfigurationGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  cluster: Cluster | undefined;
  roleAssignments: RoleAssignment[];
}

interface Item {
  severity: 'fail' | 'warn' | 'ok';
  words: string;
  evidence: Evidence;
}

export function judgeRegistryConfiguration(g: RegistryConfigurationGathered): Finding {
  const r = g.registry;
  if (!r) return { status: 'skip', summary: 'no registry to inspect', evidence: [], remediations: [] };
  const items: Item[] = [];
  const remediations: RemediationId[] = [];
  const sku = r.sku ?? '(unknown)';
  items.push({
    severity: sku.toLowerCase() === 'premium' ? 'ok' : 'fail',
    words: `SKU ${sku} (Premium is required for private endpoints and cache rules)`,
    evidence: { resourceId: r.id, field: 'sku.name', expected: 'Premium', actual: sku },
  });
  const state = r.provisioningState ?? '(unknown)';
  items.push({
    severity: state.toLowerCase() === 'succeeded' ? 'ok' : 'fail',
    words: `provisioningState ${state}`,
    evidence: { resourceId: r.id, field: 'provisioningState', expected: 'Succeeded', actual: state },
  });
  const pna = r.publicNetworkAccess ?? '(not set)';
  items.push({
    severity: pna.toLowerCase() === 'enabled' ? 'warn' : 'ok',
    words: 'public network access is Enabled (nodes use the private endpoint; the registry is exposed needlessly)',
    evidence: { resourceId: r.id, field: 'publicNetworkAccess', expected: 'Disabled', actual: pna },
  });
  if (g.mode === 'byo' && (r.azureAdAuthenticationAsArmPolicy ?? '').toLowerCase() === 'disabled') {
    items.push({
      severity: 'fail',
      words: 'azureADAuthenticationAsArmPolicy is disabled, which network isolated clusters do not support with a BYO registry',
      evidence: { resourceId: r.id, field: 'policies.azureADAuthenticationAsArmPolicy.status', expected: 'enabled', actual: 'disabled' },
    });
  }
  if (r.anonymousPullEnabled) {
    items.push({ severity: 'ok', words: 'anonymous pull is on', evidence: { resourceId: r.id, field: 'anonymousPullEnabled', actual: 'true' } });
  } else {
    const principal = g.cluster?.kubeletIdentity?.objectId;
    if (!principal) {
      items.push({
        severity: 'warn',
        words: 'anonymous pull is off and the cluster has no kubelet identity to check AcrPull for',
        evidence: { resourceId: g.cluster?.id, field: 'identityProfile.kubeletidentity.objectId', expected: 'a managed identity', actual: '(none)' },
      });
    } else {
      const grants = pullGrants(g.roleAssignments, principal, r.id);
      const first = grants[0];
      if (first) {
        items.push({
          severity: 'ok',
          words: `the kubelet identity has ${first.role}`,
          evidence: { resourceId: first.assignment.id, field: 'roleDefinitionId', expected: `AcrPull for ${principal}`, actual: `${first.role} at ${first.scope}` },
        });
      } else {
        items.push({
          severity: 'fail',
          words: `anonymous pull is off and the kubelet identity ${principal} has no AcrPull on the registry, so pulls fail with 401`,
          evidence: { resourceId: r.id, field: 'roleAssignments (AcrPull)', expected: `AcrPull for kubelet identity ${principal}`, actual: 'none' },
        });
        remediations.push('grant-acr-pull');
      }
    }
  }
  const evidence = items.map((i) => i.evidence);
  const fails = items.filter((i) => i.severity === 'fail');
  const warns = items.filter((i) => i.severity === 'warn');
  const data = { registryId: r.id };
  if (fails.length) return { status: 'fail', summary: `registry ${r.name}: ${fails.map((i) => i.words).join('; ')}`, evidence, remediations, data };
  if (warns.length) return { status: 'warn', summary: `registry ${r.name}: ${warns.map((i) => i.words).join('; ')}`, evidence, remediations, data };
  const pull = r.anonymousPullEnabled ? 'anonymous pull on' : 'kubelet identity has AcrPull';
  return { status: 'pass', summary: `registry ${r.name} is Premium, Succeeded, public access ${pna}, ${pull}`, evidence, remediations, data };
}

export const registryConfigurationCheck = defineCheck<RegistryConfigurationGathered>({
  id: 'registry.configuration',
  title: 'The registry is configured for network isolated pulls',
  dependsOn: ['registry.exists'],
  async gather(ctx) {
    const [lookup, cluster, roleAssignments] = await Promise.all([ctx.registry(), ctx.cluster(), ctx.registryRoleAssignments()]);
    return { mode: lookup.mode, registry: lookup.registry, cluster, roleAssignments };
  },
  judge: judgeRegistryConfiguration,
});
