import type { CacheRule, Registry } from '../src/azure/types.js';
import type { RemediationId } from '../src/core/ids.js';
import type { Evidence, FindingFacets, ImageRewrite, ProposedCacheRule } from '../src/core/report.js';
import { proposeCacheRule, proposedTarget, ruleCovers, targetCovers } from '../src/domain/cache-rule-match.js';
import { isMcrHost, referenceSuffix, repositoryPath, tryParseImageRef } from '../src/domain/image-ref.js';
import { KUBE_MESSAGES, gatherKube, pullFailuresOrUnavailable, type KubeGathered } from '../src/domain/kube-access.js';
import { isRegistryHost } from '../src/domain/registry-hosts.js';
import { sameWorkload, workloadOf } from '../src/domain/workload.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface PodsUncachedRegistriesGathered extends KubeGathered {
  registry: Registry | undefined;
  rules: CacheRule[];
}

export type { ImageRewrite } from '../src/core/report.js';

export interface PodsUncachedRegistriesData extends FindingFacets {
  rewrites?: ImageRewrite[] | undefined;
  untargetedRepositories?: string[] | undefined;
}

type Uncached = {
  loginServer: string;
  proposals: { name: string; sourceRepository: string; targetRepository: string; newImage: string }[];
  rewrites: string[];
  untargeted: string[];
};

function uncachedWords(p: Uncached): string {
  const parts: string[] = [];
  const { proposals } = p;
  if (proposals.length) {
    parts.push(
      `no cache rule covers ${proposals.map((x) => x.sourceRepository).join(', ')}: add ${proposals.map((x) => `${x.name} (${x.sourceRepository} → ${x.targetRepository})`).join(', ')} and use ${proposals.map((x) => x.newImage).join(', ')}`,
    );
  }
  if (p.rewrites.length) {
    parts.push(`the nodes mirror only mcr.microsoft.com, so workloads that name an upstream registry bypass the cache rules that cover them: use ${p.rewrites.join(', ')}`);
  }
  if (p.untargeted.length) parts.push(`${p.loginServer} has no rule or image for ${p.untargeted.join(', ')}`);
  return parts.join('; ');
}

export const podsUncachedRegistriesMessages = {
  ...KUBE_MESSAGES,
  'pods.uncached-registries/no-registry': () => 'no registry to compare the images with',
  'pods.uncached-registries/no-failures': () => 'no failing pulls',
  'pods.uncached-registries/all-covered': () => 'every failing image is from MCR or covered by a cache rule',
  'pods.uncached-registries/uncached': (p: Uncached) => uncachedWords(p),
};

export type PodsUncachedRegistriesFinding = FindingOf<typeof podsUncachedRegistriesMessages, PodsUncachedRegistriesData>;

export function judgePodsUncachedRegistries(g: PodsUncachedRegistriesGathered): PodsUncachedRegistriesFinding {
  const r = pullFailuresOrUnavailable(g);
  if ('unavailable' in r) return r.unavailable;
  const registry = g.registry;
  if (!registry) return { status: 'skip', code: 'pods.uncached-registries/no-registry', params: {}, evidence: [], remediations: [] };
  const login = (registry.loginServer ?? `${registry.name}.azurecr.io`).toLowerCase();
  const proposals = new Map<string, ProposedCacheRule>();
  const rewrites = new Map<string, ImageRewrite>();
  const untargeted = new Map<string, string[]>();
  const names = g.rules.map((x) => x.name);
  const pods = g.pods.ok ? g.pods.value : [];
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
      const pod = pods.find((p) => p.namespace === f.namespace && p.name === f.pod);
      const workload = workloadOf(pod ?? { namespace: f.namespace, name: f.pod }, f.container);
      const rewrite = rewrites.get(f.image) ?? { image: f.image, newImage: `${login}/${repo.replace(/^\/+/, '')}${referenceSuffix(ref)}`, rule: covering.name, workloads: [] };
      if (!rewrite.workloads.some((w) => sameWorkload(w, workload))) rewrite.workloads.push(workload);
      rewrites.set(f.image, rewrite);
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
    ...[...rewrites.values()].map((w) => ({
      note: `${w.image} is cached by rule ${w.rule} but ${w.workloads.map((x) => `${x.kind.toLowerCase()}/${x.name} (namespace ${x.namespace}, container ${x.container})`).join(', ')} names the upstream registry: use ${w.newImage}`,
    })),
    ...[...untargeted.entries()].map(([repo, images]) => ({
      resourceId: registry.id,
      field: 'cacheRules[].targetRepository',
      expected: `a rule whose target covers ${repo}, or the image pushed to ${login}`,
      actual: `none (${images.join(', ')})`,
    })),
  ];
  const imageRewrites = [...rewrites.values()];
  const data = { registryId: registry.id, proposedRules, rewrites: imageRewrites, imageRewrites, untargetedRepositories: [...untargeted.keys()] };
  if (evidence.length === 0) {
    const code = r.failures.length ? 'pods.uncached-registries/all-covered' : 'pods.uncached-registries/no-failures';
    return { status: 'pass', code, params: {}, evidence: [], remediations: [], data };
  }
  const remediations: RemediationId[] = [
    ...(proposedRules.length ? ['create-cache-rule' as const] : []),
    ...(imageRewrites.length ? ['use-cached-image-reference' as const] : []),
  ];
  const params: Uncached = {
    loginServer: login,
    proposals: proposedRules.map(({ name, sourceRepository, targetRepository, newImage }) => ({ name, sourceRepository, targetRepository, newImage })),
    rewrites: [...rewrites.values()].map((w) => w.newImage),
    untargeted: [...untargeted.keys()],
  };
  return { status: 'fail', code: 'pods.uncached-registries/uncached', params, evidence, remediations, data };
}

export const podsUncachedRegistriesCheck = defineCheck({
  id: 'pods.uncached-registries',
  title: 'Failing images from registries no cache rule covers',
  dependsOn: ['registry.exists'],
  guide: 'Issue 1',
  guideIssue: { any: 1 },
  // No fix of the registry chain makes these pullable: their own root cause.
  causePhrase: { any: 'pods pull images from upstream registries the nodes cannot reach (only MCR is mirrored through the registry)' },
  verifies: ['use-cached-image-reference'],
  display: { pullFailures: 'outside-mcr' },
  messages: podsUncachedRegistriesMessages,
  async gather(ctx): Promise<PodsUncachedRegistriesGathered> {
    const [kube, lookup, rules] = await Promise.all([gatherKube(ctx), ctx.registry(), ctx.cacheRules()]);
    return { ...kube, registry: lookup.registry, rules };
  },
  judge: judgePodsUncachedRegistries,
});
