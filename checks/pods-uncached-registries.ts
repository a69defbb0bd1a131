import type { CacheRule, Registry } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { Evidence, Finding, ProposedCacheRule, RemediationId } from '../src/engine/types.js';
import { proposeCacheRule, proposedTarget, ruleCovers, targetCovers } from '../src/domain/cache-rule-match.js';
import { isMcrHost, referenceSuffix, repositoryPath, tryParseImageRef } from '../src/domain/image-ref.js';
import { isRegistryHost } from '../src/domain/registry-hosts.js';
import { gatherKube, pullFailuresOrUnavailable, type KubeGathered } from './pods-image-pull-failures.js';

export interface PodsUncachedRegistriesGathered extends KubeGathered {
  registry: Registry | undefined;
  rules: CacheRule[];
}

/** An image a rule already caches, still referenced at its upstream registry. */
export interface ImageRewrite {
  image: string;
  newImage: string;
  rule: string;
}

export function judgePodsUncachedRegistries(g: PodsUncachedRegistriesGathered): Finding {
  const r = pullFailuresOrUnavailable(g);
  if ('unavailable' in r) return r.unavailable;
  const registry = g.registry;
  if (!registry) return { status: 'skip', summary: 'no registry to compare the images with', evidence: [], remediations: [] };
  const login = (registry.loginServer ?? `${registry.name}.azurecr.io`).toLowerCase();
  const proposals = new Map<string, ProposedCacheRule>();
  const rewrites = new Map<string, ImageRewrite>();
  const untargeted = new Map<string, string[]>();
  const names = g.rules.map((x) => x.name);
  for (const f of r.failures) {
    const ref = tryParseImageRef(f.image);
    // MCR images go through the MCR rule: registry.mcr-cache-rule judges that path.
    if (!ref || isMcrHost(ref.registry)) continue;
    if (isRegistryHost(registry, ref.registry)) {
      // Images pushed to the registry need no rule; only the registry's own 404 says nothing serves it.
      if (f.failureKind !== 'notFound' || g.rules.some((rule) => targetCovers(rule, ref.repository))) continue;
      const list = untargeted.get(ref.repository) ?? [];
      if (!list.includes(f.image)) list.push(f.image);
      untargeted.set(ref.repository, list);
      continue;
    }
    const covering = g.rules.find((rule) => ruleCovers(rule, ref));
    if (covering) {
      // Isolated nodes mirror only MCR: the workload must name the registry to use the rule.
      const target = covering.targetRepository ?? proposedTarget(ref);
      const suffix = repositoryPath(ref).slice((covering.sourceRepository ?? '').replace(/\*$/, '').length);
      const repo = target.endsWith('*') ? `${target.slice(0, -1)}${suffix}` : target;
      rewrites.set(f.image, { image: f.image, newImage: `${login}/${repo.replace(/^\/+/, '')}${referenceSuffix(ref)}`, rule: covering.name });
      continue;
    }
    const key = repositoryPath(ref);
    const existing = proposals.get(key);
    if (existing) {
      if (!existing.images.includes(f.image)) existing.images.push(f.image);
      continue;
    }
    const proposal = proposeCacheRule(ref, login, [...names, ...[...proposals.values()].map((p) => p.name)]);
    proposal.images.push(f.image);
    proposals.set(key, proposal);
  }
  const proposedRules = [...proposals.values()];
  const evidence: Evidence[] = [
    ...proposedRules.map((p) => ({
      resourceId: registry.id,
      field: 'cacheRules',
      expected: `${p.name}: ${p.sourceRepository} → ${p.targetRepository}`,
      actual: `none covers ${p.images.join(', ')}; then use ${p.newImage}`,
    })),
    ...[...rewrites.values()].map((w) => ({ note: `${w.image} is cached by rule ${w.rule} but the workload names the upstream registry: use ${w.newImage}` })),
    ...[...untargeted.entries()].map(([repo, images]) => ({
      resourceId: registry.id,
      field: 'cacheRules[].targetRepository',
      expected: `a rule whose target covers ${repo}, or the image pushed to ${login}`,
      actual: `none (${images.join(', ')})`,
    })),
  ];
  const data = { registryId: registry.id, proposedRules, rewrites: [...rewrites.values()], untargetedRepositories: [...untargeted.keys()] };
  if (evidence.length === 0) {
    return { status: 'pass', summary: r.failures.length ? 'every failing image is from MCR or covered by a cache rule' : 'no failing pulls', evidence: [], remediations: [], data };
  }
  const parts: string[] = [];
  if (proposedRules.length) parts.push(`no cache rule covers ${proposedRules.map((p) => p.sourceRepository).join(', ')}: add ${proposedRules.map((p) => `${p.name} (${p.sourceRepository} → ${p.targetRepository})`).join(', ')} and use ${proposedRules.map((p) => p.newImage).join(', ')}`);
  if (rewrites.size) parts.push(`workloads name upstream registries for cached images: use ${[...rewrites.values()].map((w) => w.newImage).join(', ')}`);
  if (untargeted.size) parts.push(`${login} has no rule or image for ${[...untargeted.keys()].join(', ')}`);
  const remediations: RemediationId[] = proposedRules.length ? ['create-cache-rule'] : [];
  return { status: 'fail', summary: parts.join('; '), evidence, remediations, data };
}

export const podsUncachedRegistriesCheck = defineCheck<PodsUncachedRegistriesGathered>({
  id: 'pods.uncached-registries',
  title: 'Failing images from registries no cache rule covers',
  dependsOn: ['registry.exists'],
  guide: 'Issue 1',
  async gather(ctx) {
    const [kube, lookup, rules] = await Promise.all([gatherKube(ctx), ctx.registry(), ctx.cacheRules()]);
    return { ...kube, registry: lookup.registry, rules };
  },
  judge: judgePodsUncachedRegistries,
});
