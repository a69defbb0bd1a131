import type { CacheRule, Registry } from '../src/azure/types.js';
import type { RegistryMode, RemediationId } from '../src/core/ids.js';
import type { Evidence, FindingFacets } from '../src/core/report.js';
import { MCR_SOURCE, MCR_TARGET, mcrRuleVerdict, proposedMcrRule } from '../src/domain/cache-rule-match.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface RegistryMcrCacheRuleGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  rules: CacheRule[];
}

export interface RegistryMcrCacheRuleData extends FindingFacets {
  ruleId?: string | undefined;
}

const unusable = (problem: string): string => `${problem}: nodes cannot pull MCR images through the registry`;

export const registryMcrCacheRuleMessages = {
  'registry.mcr-cache-rule/no-registry': () => 'no registry to inspect',
  'registry.mcr-cache-rule/current': (p: { rule: string }) => `cache rule ${p.rule} maps ${MCR_SOURCE} to ${MCR_TARGET} (Succeeded)`,
  'registry.mcr-cache-rule/legacy': (p: { rule: string }) =>
    `cache rule ${p.rule} maps ${MCR_SOURCE} to the legacy target * (clusters set up before March 2025): ` +
    `it works, but new AKS versions expect ${MCR_TARGET}`,
  'registry.mcr-cache-rule/missing': (p: { registry: string }) => unusable(`no cache rule maps ${MCR_SOURCE} in registry ${p.registry}`),
  'registry.mcr-cache-rule/not-succeeded': (p: { rule: string; provisioningState: string | null }) =>
    unusable(`cache rule ${p.rule} for ${MCR_SOURCE} is ${p.provisioningState ?? 'in no state'}, not Succeeded`),
  'registry.mcr-cache-rule/wrong-target': (p: { rule: string; targetRepository: string | null }) =>
    unusable(`cache rule ${p.rule} maps ${MCR_SOURCE} to ${p.targetRepository ?? '(no target)'} instead of ${MCR_TARGET}`),
};

export type RegistryMcrCacheRuleFinding = FindingOf<typeof registryMcrCacheRuleMessages, RegistryMcrCacheRuleData>;

function ruleEvidence(rule: CacheRule): Evidence[] {
  return [
    { resourceId: rule.id, field: 'sourceRepository', expected: MCR_SOURCE, actual: rule.sourceRepository ?? '(not set)' },
    { resourceId: rule.id, field: 'targetRepository', expected: MCR_TARGET, actual: rule.targetRepository ?? '(not set)' },
    { resourceId: rule.id, field: 'provisioningState', expected: 'Succeeded', actual: rule.provisioningState ?? '(not set)' },
  ];
}

export function judgeRegistryMcrCacheRule({ mode, registry, rules }: RegistryMcrCacheRuleGathered): RegistryMcrCacheRuleFinding {
  if (!registry) return { status: 'skip', code: 'registry.mcr-cache-rule/no-registry', params: {}, evidence: [], remediations: [] };
  const verdict = mcrRuleVerdict(rules);
  const rule = verdict.rule;
  const data: RegistryMcrCacheRuleData = { registryId: registry.id, ruleId: rule?.id };
  if (verdict.state === 'current' && rule) {
    return { status: 'pass', code: 'registry.mcr-cache-rule/current', params: { rule: rule.name }, evidence: ruleEvidence(rule), remediations: [], data };
  }
  if (verdict.state === 'legacy' && rule) {
    return { status: 'warn', code: 'registry.mcr-cache-rule/legacy', params: { rule: rule.name }, evidence: ruleEvidence(rule), remediations: [], data };
  }
  // AKS recreates a managed registry with its rule; a rule cannot be re-pointed in place.
  const remediations: RemediationId[] = mode === 'managed' ? ['delete-registry-and-reconcile'] : mode === 'byo' ? ['create-cache-rule'] : [];
  const fixData = mode === 'byo' ? { ...data, proposedRules: [proposedMcrRule()] } : data;
  const fail = { status: 'fail' as const, remediations, data: fixData };
  if (!rule || verdict.state === 'missing') {
    const evidence: Evidence[] = rule
      ? ruleEvidence(rule)
      : [{ resourceId: registry.id, field: 'cacheRules', expected: `a rule ${MCR_SOURCE} → ${MCR_TARGET}`, actual: rules.length ? rules.map((r) => `${r.name}: ${r.sourceRepository ?? '?'} → ${r.targetRepository ?? '?'}`).join(', ') : 'no cache rules' }];
    return { ...fail, code: 'registry.mcr-cache-rule/missing', params: { registry: registry.name }, evidence };
  }
  if (verdict.state === 'notSucceeded') {
    return { ...fail, code: 'registry.mcr-cache-rule/not-succeeded', params: { rule: rule.name, provisioningState: rule.provisioningState ?? null }, evidence: ruleEvidence(rule) };
  }
  return { ...fail, code: 'registry.mcr-cache-rule/wrong-target', params: { rule: rule.name, targetRepository: rule.targetRepository ?? null }, evidence: ruleEvidence(rule) };
}

export const registryMcrCacheRuleCheck = defineCheck({
  id: 'registry.mcr-cache-rule',
  title: 'The registry caches MCR for the nodes',
  dependsOn: ['registry.exists'],
  guide: 'Issue 1, Issue 3',
  guideIssue: { managed: 3, any: 1 },
  historyOperations: ['Microsoft.ContainerRegistry/registries/cacheRules/delete', 'Microsoft.ContainerRegistry/registries/cacheRules/write', 'Microsoft.ContainerRegistry/registries/credentialSets/delete'],
  causePhrase: { managed: "the managed registry's MCR cache rule was deleted or is broken", any: 'the registry has no working cache rule for MCR' },
  verifies: ['reconcile', 'delete-registry-and-reconcile', 'create-cache-rule'],
  impliedFacets: { proposedRules: [proposedMcrRule()] },
  rootCause: { chain: 'registry' },
  messages: registryMcrCacheRuleMessages,
  async gather(ctx): Promise<RegistryMcrCacheRuleGathered> {
    const [lookup, rules] = await Promise.all([ctx.registry(), ctx.cacheRules()]);
    return { mode: lookup.mode, registry: lookup.registry, rules };
  },
  judge: judgeRegistryMcrCacheRule,
});
