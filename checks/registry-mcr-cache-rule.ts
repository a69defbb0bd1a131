import type { CacheRule, Registry } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { Evidence, Finding, RegistryMode, RemediationId } from '../src/engine/types.js';
import { MCR_SOURCE, MCR_TARGET, mcrRuleVerdict, proposedMcrRule } from '../src/domain/cache-rule-match.js';

export interface RegistryMcrCacheRuleGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  rules: CacheRule[];
}

function ruleEvidence(rule: CacheRule): Evidence[] {
  return [
    { resourceId: rule.id, field: 'sourceRepository', expected: MCR_SOURCE, actual: rule.sourceRepository ?? '(not set)' },
    { resourceId: rule.id, field: 'targetRepository', expected: MCR_TARGET, actual: rule.targetRepository ?? '(not set)' },
    { resourceId: rule.id, field: 'provisioningState', expected: 'Succeeded', actual: rule.provisioningState ?? '(not set)' },
  ];
}

export function judgeRegistryMcrCacheRule({ mode, registry, rules }: RegistryMcrCacheRuleGathered): Finding {
  if (!registry) return { status: 'skip', summary: 'no registry to inspect', evidence: [], remediations: [] };
  const verdict = mcrRuleVerdict(rules);
  const rule = verdict.rule;
  const data = { registryId: registry.id, ruleId: rule?.id };
  if (verdict.state === 'current' && rule) {
    return { status: 'pass', summary: `cache rule ${rule.name} maps ${MCR_SOURCE} to ${MCR_TARGET} (Succeeded)`, evidence: ruleEvidence(rule), remediations: [], data };
  }
  if (verdict.state === 'legacy' && rule) {
    return {
      status: 'warn',
      summary:
        `cache rule ${rule.name} maps ${MCR_SOURCE} to the legacy target * (clusters set up before March 2025): ` +
        `it works, but new AKS versions expect ${MCR_TARGET}`,
      evidence: ruleEvidence(rule),
      remediations: [],
      data,
    };
  }
  // AKS recreates a managed registry with its rule; a rule cannot be re-pointed in place.
  const remediations: RemediationId[] = mode === 'managed' ? ['delete-registry-and-reconcile'] : mode === 'byo' ? ['create-cache-rule'] : [];
  const fixData = mode === 'byo' ? { ...data, proposedRules: [proposedMcrRule()] } : data;
  const problem =
    verdict.state === 'missing'
      ? `no cache rule maps ${MCR_SOURCE} in registry ${registry.name}`
      : verdict.state === 'notSucceeded'
        ? `cache rule ${rule?.name ?? '?'} for ${MCR_SOURCE} is ${rule?.provisioningState ?? 'in no state'}, not Succeeded`
        : `cache rule ${rule?.name ?? '?'} maps ${MCR_SOURCE} to ${rule?.targetRepository ?? '(no target)'} instead of ${MCR_TARGET}`;
  const evidence: Evidence[] = rule
    ? ruleEvidence(rule)
    : [{ resourceId: registry.id, field: 'cacheRules', expected: `a rule ${MCR_SOURCE} → ${MCR_TARGET}`, actual: rules.length ? rules.map((r) => `${r.name}: ${r.sourceRepository ?? '?'} → ${r.targetRepository ?? '?'}`).join(', ') : 'no cache rules' }];
  return {
    status: 'fail',
    summary: `${problem}: nodes cannot pull MCR images through the registry`,
    evidence,
    remediations,
    data: fixData,
  };
}

export const registryMcrCacheRuleCheck = defineCheck<RegistryMcrCacheRuleGathered>({
  id: 'registry.mcr-cache-rule',
  title: 'The registry caches MCR for the nodes',
  dependsOn: ['registry.exists'],
  guide: 'Issue 1, Issue 3',
  async gather(ctx) {
    const [lookup, rules] = await Promise.all([ctx.registry(), ctx.cacheRules()]);
    return { mode: lookup.mode, registry: lookup.registry, rules };
  },
  judge: judgeRegistryMcrCacheRule,
});
