import type { Cluster, Registry, RoleAssignment } from '../src/azure/types.js';
import type { RegistryMode, RemediationId } from '../src/core/ids.js';
import type { Evidence } from '../src/core/report.js';
import { ABAC_MODE, isAbacRegistry, pullGrants, pullRoleFor } from '../src/domain/acr-pull.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface RegistryConfigurationGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  cluster: Cluster | undefined;
  roleAssignments: RoleAssignment[];
}

/** A setting of the registry that breaks (or weakens) pulls from isolated nodes. */
export type RegistryProblem =
  | { kind: 'sku'; sku: string }
  | { kind: 'provisioning-state'; state: string }
  | { kind: 'public-network-access' }
  | { kind: 'authentication-as-arm-disabled' }
  | { kind: 'no-kubelet-identity' }
  | { kind: 'no-acr-pull'; principalId: string }
  | { kind: 'no-repository-role'; principalId: string; ignoredRoles: string[] }
  | { kind: 'repository-condition'; role: string };

function words(p: RegistryProblem): string {
  switch (p.kind) {
    case 'sku':
      return `SKU ${p.sku} (Premium is required for private endpoints and cache rules)`;
    case 'provisioning-state':
      return `provisioningState ${p.state}`;
    case 'public-network-access':
      return 'public network access is Enabled (nodes use the private endpoint; the registry is exposed needlessly)';
    case 'authentication-as-arm-disabled':
      return 'azureADAuthenticationAsArmPolicy is disabled (often by an Azure Policy), which network isolated clusters do not support with a BYO registry: the nodes cannot sign in';
    case 'no-kubelet-identity':
      return 'anonymous pull is off and the cluster has no kubelet identity to check AcrPull for';
    case 'no-acr-pull':
      return `anonymous pull is off and the kubelet identity ${p.principalId} has no AcrPull on the registry, so pulls fail with 401`;
    case 'repository-condition':
      return `the kubelet identity's ${p.role} assignment carries an ABAC condition: it must allow the repositories the nodes pull (aks-managed-repository/* and the cache rules' targets), or those pulls get 401`;
    case 'no-repository-role':
      return (
        `the registry is in ${ABAC_MODE} mode and the kubelet identity ${p.principalId} holds none of the repository roles it honours ` +
        `(Container Registry Repository Reader, Writer or Contributor), so pulls fail with 401` +
        (p.ignoredRoles.length ? `; its ${p.ignoredRoles.join(', ')} is ignored in this mode` : '')
      );
  }
}

export const registryConfigurationMessages = {
  'registry.configuration/no-registry': () => 'no registry to inspect',
  'registry.configuration/misconfigured': (p: { registry: string; problems: RegistryProblem[] }) => `registry ${p.registry}: ${p.problems.map(words).join('; ')}`,
  'registry.configuration/warnings': (p: { registry: string; problems: RegistryProblem[] }) => `registry ${p.registry}: ${p.problems.map(words).join('; ')}`,
  'registry.configuration/configured': (p: { registry: string; publicNetworkAccess: string; anonymousPull: boolean; pullRole?: string }) =>
    `registry ${p.registry} is Premium, Succeeded, public access ${p.publicNetworkAccess}, ${p.anonymousPull ? 'anonymous pull on' : `kubelet identity has ${p.pullRole ?? 'AcrPull'}`}`,
};

export type RegistryConfigurationFinding = FindingOf<typeof registryConfigurationMessages>;

interface Item {
  severity: 'fail' | 'warn' | 'ok';
  problem?: RegistryProblem;
  evidence: Evidence;
}

export function judgeRegistryConfiguration(g: RegistryConfigurationGathered): RegistryConfigurationFinding {
  const r = g.registry;
  if (!r) return { status: 'skip', code: 'registry.configuration/no-registry', params: {}, evidence: [], remediations: [] };
  const items: Item[] = [];
  const remediations: RemediationId[] = [];
  const sku = r.sku ?? '(unknown)';
  items.push({
    severity: sku.toLowerCase() === 'premium' ? 'ok' : 'fail',
    problem: { kind: 'sku', sku },
    evidence: { resourceId: r.id, field: 'sku.name', expected: 'Premium', actual: sku },
  });
  const state = r.provisioningState ?? '(unknown)';
  items.push({
    severity: state.toLowerCase() === 'succeeded' ? 'ok' : 'fail',
    problem: { kind: 'provisioning-state', state },
    evidence: { resourceId: r.id, field: 'provisioningState', expected: 'Succeeded', actual: state },
  });
  const pna = r.publicNetworkAccess ?? '(not set)';
  items.push({
    severity: pna.toLowerCase() === 'enabled' ? 'warn' : 'ok',
    problem: { kind: 'public-network-access' },
    evidence: { resourceId: r.id, field: 'publicNetworkAccess', expected: 'Disabled', actual: pna },
  });
  if (g.mode === 'byo' && (r.azureAdAuthenticationAsArmPolicy ?? '').toLowerCase() === 'disabled') {
    items.push({
      severity: 'fail',
      problem: { kind: 'authentication-as-arm-disabled' },
      evidence: { resourceId: r.id, field: 'policies.azureADAuthenticationAsArmPolicy.status', expected: 'enabled', actual: 'disabled' },
    });
    // No role helps while the nodes cannot sign in: this fix comes first.
    remediations.push('enable-authentication-as-arm');
  }
  const abac = isAbacRegistry(r);
  const pullRole = pullRoleFor(r).name;
  let grantedBy: string | undefined;
  if (r.anonymousPullEnabled) {
    items.push({ severity: 'ok', evidence: { resourceId: r.id, field: 'anonymousPullEnabled', actual: 'true' } });
  } else {
    const principal = g.cluster?.kubeletIdentity?.objectId;
    if (!principal) {
      items.push({
        severity: 'warn',
        problem: { kind: 'no-kubelet-identity' },
        evidence: { resourceId: g.cluster?.id, field: 'identityProfile.kubeletidentity.objectId', expected: 'a managed identity', actual: '(none)' },
      });
    } else {
      const grants = pullGrants(g.roleAssignments, principal, r.id, abac);
      // An unconditional grant covers every repository; a conditional one only those its condition names.
      const first = grants.find((x) => !x.assignment.condition) ?? grants[0];
      if (first) {
        grantedBy = first.role;
        items.push({
          severity: 'ok',
          evidence: { resourceId: first.assignment.id, field: 'roleDefinitionId', expected: `${pullRole} for ${principal}`, actual: `${first.role} at ${first.scope}` },
        });
        if (abac && first.assignment.condition) {
          items.push({
            severity: 'warn',
            problem: { kind: 'repository-condition', role: first.role },
            evidence: { resourceId: first.assignment.id, field: 'condition', expected: 'none, or one that allows aks-managed-repository/* and the cache rules\' targets', actual: first.assignment.condition },
          });
        }
      } else {
        // What the identity holds that this mode ignores (AcrPull on an ABAC registry), to say so.
        const ignoredRoles = abac ? [...new Set(pullGrants(g.roleAssignments, principal, r.id, false).map((x) => x.role))] : [];
        const held = ignoredRoles.length ? ignoredRoles.join(', ') : 'none';
        items.push({
          severity: 'fail',
          problem: abac ? { kind: 'no-repository-role', principalId: principal, ignoredRoles } : { kind: 'no-acr-pull', principalId: principal },
          evidence: abac
            ? { resourceId: r.id, field: `roleAssignments (roleAssignmentMode ${r.roleAssignmentMode ?? ABAC_MODE})`, expected: `${pullRole} (or Repository Writer/Contributor) for kubelet identity ${principal}`, actual: held }
            : { resourceId: r.id, field: 'roleAssignments (AcrPull)', expected: `AcrPull for kubelet identity ${principal}`, actual: 'none' },
        });
        remediations.push('grant-acr-pull');
      }
    }
  }
  const evidence = items.map((i) => i.evidence);
  const problems = (severity: Item['severity']): RegistryProblem[] => items.flatMap((i) => (i.severity === severity && i.problem ? [i.problem] : []));
  const data = { registryId: r.id };
  const fails = problems('fail');
  if (fails.length) return { status: 'fail', code: 'registry.configuration/misconfigured', params: { registry: r.name, problems: fails }, evidence, remediations, data };
  const warns = problems('warn');
  if (warns.length) return { status: 'warn', code: 'registry.configuration/warnings', params: { registry: r.name, problems: warns }, evidence, remediations, data };
  return {
    status: 'pass',
    code: 'registry.configuration/configured',
    params: { registry: r.name, publicNetworkAccess: pna, anonymousPull: !!r.anonymousPullEnabled, ...(grantedBy ? { pullRole: grantedBy } : {}) },
    evidence,
    remediations,
    data,
  };
}

export const registryConfigurationCheck = defineCheck({
  id: 'registry.configuration',
  title: 'The registry is configured for network isolated pulls',
  dependsOn: ['registry.exists'],
  guideIssue: { any: 1 },
  historyOperations: ['Microsoft.ContainerRegistry/registries/write'],
  causePhrase: { any: 'the registry is not configured the way network isolation needs' },
  noFixAdvice: 'change the registry settings listed below',
  verifies: ['grant-acr-pull', 'enable-authentication-as-arm'],
  rootCause: { chain: 'registry' },
  messages: registryConfigurationMessages,
  async gather(ctx): Promise<RegistryConfigurationGathered> {
    const [lookup, cluster, roleAssignments] = await Promise.all([ctx.registry(), ctx.cluster(), ctx.registryRoleAssignments()]);
    return { mode: lookup.mode, registry: lookup.registry, cluster, roleAssignments };
  },
  judge: judgeRegistryConfiguration,
});
