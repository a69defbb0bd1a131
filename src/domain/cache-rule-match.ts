import type { CacheRule } from '../azure/types.js';
import type { ProposedCacheRule } from '../core/report.js';
import { DOCKER_HUB, normaliseRegistryHost, referenceSuffix, repositoryPath, type ImageRef } from './image-ref.js';

export const MCR_SOURCE = 'mcr.microsoft.com/*';
export const MCR_TARGET = 'aks-managed-repository/*';
/** Clusters set up before March 2025 map MCR to the registry's root. */
export const LEGACY_MCR_TARGET = '*';
export const MCR_RULE_NAME = 'aks-managed-mcr';

type RuleRepos = Pick<CacheRule, 'sourceRepository' | 'targetRepository'>;

/** ACR cache rule repositories take a trailing `*` only; it matches any deeper path. */
function globMatch(pattern: string, value: string): boolean {
  const p = pattern.trim().toLowerCase();
  const v = value.trim().toLowerCase();
  if (p === '*') return v.length > 0;
  if (p.endsWith('/*')) return v.startsWith(p.slice(0, -1)) && v.length > p.length - 1;
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return p === v;
}

/** A rule's source in the same normal form as an image's `registry/repository`. */
function normaliseSource(source: string): string {
  const s = source.trim().toLowerCase();
  const slash = s.indexOf('/');
  if (slash < 0) return s;
  const host = normaliseRegistryHost(s.slice(0, slash));
  const repo = s.slice(slash + 1);
  return host === DOCKER_HUB && !repo.includes('/') && repo !== '*' ? `${host}/library/${repo}` : `${host}/${repo}`;
}

/** Whether the rule's `sourceRepository` caches this image's upstream repository. */
export function ruleCovers(rule: RuleRepos, image: ImageRef): boolean {
  if (!rule.sourceRepository) return false;
  return globMatch(normaliseSource(rule.sourceRepository), repositoryPath(image));
}

/** Whether the rule serves `repository` (a path inside the registry) through its `targetRepository`. */
export function targetCovers(rule: RuleRepos, repository: string): boolean {
  if (!rule.targetRepository) return false;
  return globMatch(rule.targetRepository, repository);
}

/** The repository inside the registry a rule with this exact source should use. */
export function proposedTarget(image: ImageRef): string {
  return image.registry === DOCKER_HUB && image.repository.startsWith('library/')
    ? image.repository.slice('library/'.length)
    : image.repository;
}

const NAME_MIN = 5;
const NAME_MAX = 50;

/** ACR rule names: 5–50 characters, letters, digits and dashes. */
export function isValidCacheRuleName(name: string): boolean {
  return name.length >= NAME_MIN && name.length <= NAME_MAX && /^[A-Za-z0-9-]+$/.test(name);
}

function ruleNameFor(image: ImageRef, existing: readonly string[]): string {
  const hostLabel = image.registry === DOCKER_HUB ? 'dockerhub' : image.registry.replace(/:\d+$/, '').replace(/\.(io|com|org|net|dev)$/, '');
  const base = `${hostLabel}-${proposedTarget(image)}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let name = base.length < NAME_MIN ? `cache-${base}` : base;
  name = name.slice(0, NAME_MAX).replace(/-+$/, '');
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = `${name.slice(0, NAME_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The cache rule that makes this image pullable through the registry: the exact upstream
 * repository as source, a same-named target (Docker Hub's `library/` dropped, as `az acr cache
 * create -s docker.io/library/nginx -t nginx` does), and the reference the workload must use.
 */
export function proposeCacheRule(image: ImageRef, registryLoginServer: string, existingRuleNames: readonly string[]): ProposedCacheRule {
  const target = proposedTarget(image);
  return {
    name: ruleNameFor(image, existingRuleNames),
    sourceRepository: repositoryPath(image),
    targetRepository: target,
    newImage: `${registryLoginServer.toLowerCase()}/${target}${referenceSuffix(image)}`,
    images: [],
  };
}

/** The MCR rule in its current form; proposed for BYO registries that lack it. */
export function proposedMcrRule(): ProposedCacheRule {
  return { name: MCR_RULE_NAME, sourceRepository: MCR_SOURCE, targetRepository: MCR_TARGET, newImage: '', images: [] };
}

export type McrRuleState = 'current' | 'legacy' | 'wrongTarget' | 'notSucceeded' | 'missing';

export interface McrRuleVerdict {
  state: McrRuleState;
  /** The rule the verdict is about (the best one found), when any has the MCR source. */
  rule?: CacheRule | undefined;
}

function isMcrSource(rule: CacheRule): boolean {
  return (rule.sourceRepository ?? '').trim().toLowerCase() === MCR_SOURCE;
}

function isSucceeded(rule: CacheRule): boolean {
  return (rule.provisioningState ?? '').toLowerCase() === 'succeeded';
}

/** The best MCR rule among the registry's rules; the name does not matter, source and target do. */
export function mcrRuleVerdict(rules: readonly CacheRule[]): McrRuleVerdict {
  const mcr = rules.filter(isMcrSource);
  const target = (r: CacheRule): string => (r.targetRepository ?? '').trim().toLowerCase();
  const ok = mcr.filter(isSucceeded);
  const current = ok.find((r) => target(r) === MCR_TARGET);
  if (current) return { state: 'current', rule: current };
  const legacy = ok.find((r) => target(r) === LEGACY_MCR_TARGET);
  if (legacy) return { state: 'legacy', rule: legacy };
  const wrong = ok[0];
  if (wrong) return { state: 'wrongTarget', rule: wrong };
  const pending = mcr[0];
  if (pending) return { state: 'notSucceeded', rule: pending };
  return { state: 'missing' };
}
