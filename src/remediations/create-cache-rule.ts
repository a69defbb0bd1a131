import { isAzureError } from '../azure/errors.js';
import type { CacheRule, Registry } from '../azure/types.js';
import { isAksManagedRegistry } from '../domain/registry-mode.js';
import type { CheckDeclarations } from '../core/check.js';
import type { Report } from '../engine/types.js';
import { accountSetCommand, az, renderCommand } from './command.js';
import { nameOf, plural, readCluster, registryIdFrom, requireAddressed, resourceGroupOf, verifyingChecks } from './common.js';
import type { PutCacheRuleOperation } from './cache-rule.operation.js';
import { createDockerHubCredentialSetCommands, dockerHubCredentialSet, isDockerHubSource } from './docker-hub-credentials.js';
import { PlanError, type Plan, type PlanOptions, type PlanWarning, type Remediation, type RemediationEnv } from './types.js';


export interface CacheRuleSpec {
  name: string;
  sourceRepository: string;
  targetRepository: string;
  /** The image reference workloads must use afterwards (non-MCR rules). */
  newImage?: string | undefined;
}

/** ACR: 5–50 characters, letters, digits and dashes. */
const RULE_NAME = /^[A-Za-z0-9-]{5,50}$/;
/** A registry host followed by a repository path, optionally ending in a `/*` wildcard. */
const SOURCE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?\/([a-z0-9._\-/]+|\*)(\/\*)?$/;
const TARGET = /^([a-z0-9]+([._-][a-z0-9]+)*)(\/[a-z0-9]+([._-][a-z0-9]+)*)*(\/\*)?$|^\*$/;

/** `docker.io/library/nginx` → `docker-io-library-nginx` (a valid ACR rule name). */
export function ruleNameFor(source: string): string {
  const base = source.replace(/\/\*$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const name = base.slice(0, 50).replace(/-+$/, '');
  return name.length >= 5 ? name : `${name}-rule`.slice(0, 50);
}

export function validateRule(rule: CacheRuleSpec): void {
  if (!SOURCE.test(rule.sourceRepository)) {
    throw new PlanError(`--source "${rule.sourceRepository}" is not a repository of a registry: write it as HOST/REPOSITORY, e.g. docker.io/library/nginx (or mcr.microsoft.com/*)`);
  }
  if (!TARGET.test(rule.targetRepository)) {
    throw new PlanError(`--target "${rule.targetRepository}" is not a valid repository name: lower-case letters, digits, . _ - and /, e.g. nginx`);
  }
  if (!RULE_NAME.test(rule.name)) {
    throw new PlanError(`--rule-name "${rule.name}" is not a valid cache rule name: 5 to 50 letters, digits or dashes`);
  }
  if (rule.sourceRepository.endsWith('*') !== rule.targetRepository.endsWith('*')) {
    throw new PlanError(`source ${rule.sourceRepository} and target ${rule.targetRepository} must both end in a wildcard, or neither`);
  }
}

/**
 * The rules to create: the options when given, else what the findings propose, else what their
 * checks declare a failure implies (the MCR rule).
 */
export function rulesToCreate(report: Report, addresses: readonly string[], options: PlanOptions, checks: readonly CheckDeclarations[] = []): CacheRuleSpec[] {
  if (options.source !== undefined || options.target !== undefined) {
    if (!options.source || !options.target) throw new PlanError('create-cache-rule needs both --source and --target');
    const source = options.source;
    // The finding may know the image reference workloads must use; keep it for the warning.
    const proposed = report.checks.flatMap((c) => c.data?.proposedRules ?? []).find((p) => p.sourceRepository === source && p.targetRepository === options.target);
    return [{ name: options.ruleName ?? ruleNameFor(source), sourceRepository: source, targetRepository: options.target, newImage: proposed?.newImage }];
  }
  const rules: CacheRuleSpec[] = [];
  const add = (r: CacheRuleSpec): void => {
    if (!rules.some((x) => x.name.toLowerCase() === r.name.toLowerCase() || x.sourceRepository === r.sourceRepository)) rules.push(r);
  };
  for (const id of addresses) {
    const check = report.checks.find((c) => c.id === id);
    const own = check?.data?.proposedRules ?? [];
    const proposed = own.length > 0 ? own : (checks.find((c) => c.id === id)?.impliedFacets?.proposedRules ?? []);
    for (const p of own) add({ name: p.name, sourceRepository: p.sourceRepository, targetRepository: p.targetRepository, newImage: p.newImage });
    // An implied rule is the check's default (the MCR rule), with no image reference to keep.
    if (own.length === 0) for (const p of proposed) add({ name: p.name, sourceRepository: p.sourceRepository, targetRepository: p.targetRepository });
  }
  if (options.ruleName !== undefined) {
    if (rules.length !== 1) throw new PlanError(`--rule-name needs exactly one rule, but the diagnosis proposes ${rules.length}; give --source and --target too`);
    const only = rules[0] as CacheRuleSpec;
    rules[0] = { ...only, name: options.ruleName };
  }
  if (rules.length === 0) throw new PlanError('create-cache-rule: the diagnosis proposes no rule; give --source HOST/REPO --target REPO');
  return rules;
}

export const createCacheRule: Remediation = {
  id: 'create-cache-rule',
  title: 'Create a cache rule in the registry',
  words: {
    title: 'Create a cache rule',
    phrase: 'create the missing cache rule',
    description: 'Adds a cache rule to the registry so the nodes can pull images of a registry it does not cover yet.',
  },
  risk: 'reversible',
  automated: true,
  // One command line per proposed rule: each `fix create-cache-rule` creates one.
  fixFlags: ({ proposedRules }) =>
    proposedRules.length === 0
      ? [[]]
      : proposedRules.map((r) => [['--source', r.sourceRepository], ['--target', r.targetRepository], ['--rule-name', r.name]]),
  async plan(report: Report, env: RemediationEnv, options: PlanOptions): Promise<Plan> {
    const explicit = options.source !== undefined || options.target !== undefined;
    // With explicit --source/--target the operator states the rule; without, a finding must call for it.
    const addresses = explicit
      ? (() => {
          try {
            return requireAddressed(report, 'create-cache-rule');
          } catch {
            return [];
          }
        })()
      : requireAddressed(report, 'create-cache-rule');
    const rules = rulesToCreate(report, addresses, options, env.checks);
    for (const r of rules) validateRule(r);
    const cluster = await readCluster(env.azure, report.cluster);
    const registryId = registryIdFrom(report, addresses, cluster);
    if (!registryId) throw new PlanError('create-cache-rule: the diagnosis found no registry to add the rule to');
    let registry: Registry | undefined;
    let existing: CacheRule[] = [];
    try {
      registry = await env.azure.registry(registryId);
      if (registry) existing = await env.azure.cacheRules(registry.id);
    } catch (e) {
      throw new PlanError(`cannot read the registry ${registryId}: ${isAzureError(e) ? e.describe() : (e as Error).message}`);
    }
    if (!registry) throw new PlanError(`the registry ${registryId} does not exist; a cache rule needs its registry first`);
    const managed = isAksManagedRegistry(registry.id, cluster);
    const warnings: PlanWarning[] = [];
    for (const r of rules) {
      const sameName = existing.find((x) => x.name.toLowerCase() === r.name.toLowerCase());
      if (sameName) {
        throw new PlanError(`registry ${registry.name} already has a cache rule named ${sameName.name} (${sameName.sourceRepository ?? '?'} → ${sameName.targetRepository ?? '?'}); choose another --rule-name`);
      }
      const sameSource = existing.find((x) => x.sourceRepository === r.sourceRepository && x.provisioningState !== 'Failed');
      if (sameSource) {
        throw new PlanError(`registry ${registry.name} already caches ${r.sourceRepository} (rule ${sameSource.name} → ${sameSource.targetRepository ?? '?'}); ACR allows one rule per source`);
      }
      if (managed && r.sourceRepository.startsWith('mcr.microsoft.com')) {
        throw new PlanError(`${registry.name} is the AKS-managed registry: its MCR rule belongs to AKS; use delete-registry-and-reconcile instead`);
      }
    }
    if (managed) warnings.push({ code: 'aks-may-replace-rule', text: `${registry.name} is AKS-managed: AKS may replace it (and this rule) when it re-creates the registry` });
    const login = registry.loginServer ?? `${registry.name}.azurecr.io`;
    for (const r of rules) {
      if (!r.sourceRepository.startsWith('mcr.microsoft.com')) {
        const ref = r.newImage ?? `${login}/${r.targetRepository.replace(/\/\*$/, '/…')}:TAG`;
        warnings.push({ code: 'reference-through-registry', text: `workloads must then reference the image through the registry: ${ref} (the nodes only redirect MCR)` });
      }
    }
    // Docker Hub rules sign in with a credential set: an existing one, or one the plan creates first (guided).
    const dockerHub = rules.some((r) => isDockerHubSource(r.sourceRepository)) ? dockerHubCredentialSet(registry, existing, env.facts) : undefined;
    const credentialSetFor = (r: CacheRuleSpec): string | undefined => (dockerHub && isDockerHubSource(r.sourceRepository) ? dockerHub.id : undefined);
    if (dockerHub && !dockerHub.exists) {
      warnings.push({
        code: 'docker-hub-credentials',
        text: `ACR refuses a Docker Hub cache rule without a credential set (EnforceDockerAuthentication): create ${dockerHub.name} first with the commands below (VAULT: your Key Vault; DOCKERHUB_USERNAME and DOCKERHUB_TOKEN: a Docker Hub user and access token), then confirm`,
      });
    }
    const registryRg = resourceGroupOf(registry.id) ?? registry.resourceGroup;
    const ruleWords = rules.map((r) => `${r.name} (${r.sourceRepository} → ${r.targetRepository})`).join(', ');
    // The failing findings whose proposed rules cover failing images: the images this plan makes pullable.
    const covering = report.checks.filter((c) => c.status === 'fail' && (c.data?.proposedRules ?? []).some((p) => p.images.length > 0));
    return {
      remediation: 'create-cache-rule',
      title: createCacheRule.title,
      automated: true,
      risk: 'reversible',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary: `Add ${plural(rules.length, 'cache rule')} to ${registry.name} so it pulls ${rules.map((r) => r.sourceRepository).join(', ')} on the nodes' behalf: ${ruleWords}.`,
      operations: rules.map((r): PutCacheRuleOperation => ({
        kind: 'put-cache-rule',
        registryId: registry.id,
        ruleName: r.name,
        sourceRepository: r.sourceRepository,
        targetRepository: r.targetRepository,
        credentialSetResourceId: credentialSetFor(r),
        summary: `sourceRepository ${r.sourceRepository}, targetRepository ${r.targetRepository}, ${credentialSetFor(r) ? `credential set ${nameOf(credentialSetFor(r) ?? '')}` : 'no credential set'}`,
      })),
      azCommands: [
        accountSetCommand(cluster.subscriptionId),
        ...(dockerHub && !dockerHub.exists ? createDockerHubCredentialSetCommands(registry, dockerHub) : []),
        ...rules.map((r) => {
          const set = credentialSetFor(r);
          return az('acr', 'cache', 'create', '-r', nameOf(registry.id), '-g', registryRg, '-n', r.name, '-s', r.sourceRepository, '-t', r.targetRepository, ...(set ? ['-c', nameOf(set)] : []));
        }),
      ],
      impact: [
        `adds ${plural(rules.length, 'cache rule')} to registry ${registry.name} in ${registryRg} (it has ${plural(existing.length, 'rule')} today); nothing else changes, no node restarts`,
        ...(covering.length > 0
          ? [`covers the failing images: ${rules.flatMap((r) => covering.flatMap((c) => c.data?.proposedRules?.find((p) => p.sourceRepository === r.sourceRepository)?.images ?? [])).join(', ') || 'see the finding'}`]
          : []),
        `to undo: ${rules.map((r) => renderCommand(az('acr', 'cache', 'delete', '-r', nameOf(registry.id), '-g', registryRg, '-n', r.name, '--yes'))).join(' ; ')}`,
      ],
      expectedDuration: '1–2 minutes',
      verifyChecks: addresses.length > 0 ? addresses : verifyingChecks(env, 'create-cache-rule'),
      addresses,
      warnings,
      parameters: {
        registryId: registry.id,
        rules: rules.map((r) => ({ name: r.name, sourceRepository: r.sourceRepository, targetRepository: r.targetRepository, ...(credentialSetFor(r) ? { credentialSetResourceId: credentialSetFor(r) } : {}) })),
        ...(dockerHub ? { credentialSet: { id: dockerHub.id, name: dockerHub.name, exists: dockerHub.exists } } : {}),
      },
    };
  },
};
