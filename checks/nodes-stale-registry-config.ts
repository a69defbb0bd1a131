import type { CacheRule, Registry } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { Evidence, Finding, ImagePullFailure } from '../src/engine/types.js';
import { mcrRuleVerdict } from '../src/domain/cache-rule-match.js';
import { isAcrHost, isMcrHost } from '../src/domain/image-ref.js';
import { isRegistryHost } from '../src/domain/registry-hosts.js';
import { gatherKube, pullFailuresOrUnavailable, type KubeGathered } from './pods-image-pull-failures.js';

export interface NodesStaleRegistryConfigGathered extends KubeGathered {
  registry: Registry | undefined;
  rules: CacheRule[];
}

interface StalePull {
  failure: ImagePullFailure;
  why: 'otherRegistry' | 'mcrDirect';
}

function groupByPool(pulls: readonly StalePull[]): { pool: string; nodes: string[] }[] {
  const pools = new Map<string, Set<string>>();
  for (const { failure } of pulls) {
    if (!failure.pool) continue;
    const set = pools.get(failure.pool) ?? new Set<string>();
    if (failure.node) set.add(failure.node);
    pools.set(failure.pool, set);
  }
  return [...pools.entries()].map(([pool, nodes]) => ({ pool, nodes: [...nodes].sort() })).sort((a, b) => a.pool.localeCompare(b.pool));
}

export function judgeNodesStaleRegistryConfig(g: NodesStaleRegistryConfigGathered): Finding {
  const r = pullFailuresOrUnavailable(g);
  if ('unavailable' in r) return r.unavailable;
  const registry = g.registry;
  if (!registry) return { status: 'skip', summary: 'no registry to compare the nodes with', evidence: [], remediations: [] };
  // A missing or broken MCR rule makes the mirror answer 404 and containerd fall back to MCR:
  // the same symptom as a node that was never configured, and not the nodes' fault.
  const verdict = mcrRuleVerdict(g.rules);
  const chainHealthy = verdict.state === 'current' || verdict.state === 'legacy';
  const stale: StalePull[] = [];
  const mcrNotBlamed: ImagePullFailure[] = [];
  for (const f of r.failures) {
    const host = f.attemptedHost;
    if (isAcrHost(host) && !isRegistryHost(registry, host)) stale.push({ failure: f, why: 'otherRegistry' });
    else if (isMcrHost(host)) {
      if (chainHealthy) stale.push({ failure: f, why: 'mcrDirect' });
      else mcrNotBlamed.push(f);
    }
  }
  const notes: Evidence[] = mcrNotBlamed.length
    ? [{ note: `${mcrNotBlamed.length} pull(s) timed out or failed at MCR directly; with the MCR cache rule ${verdict.state === 'missing' ? 'missing' : 'not usable'} that is containerd's fallback after the registry's 404, which points at the cache rule, not the nodes` }]
    : [];
  if (stale.length === 0) {
    const login = registry.loginServer ?? registry.name;
    return {
      status: 'pass',
      summary: mcrNotBlamed.length
        ? 'no node pulls through an old registry; MCR fallback failures point at the cache rule, not the nodes'
        : `no node pulls through a registry other than ${login}`,
      evidence: notes,
      remediations: [],
      data: { registryId: registry.id },
    };
  }
  const stalePools = groupByPool(stale);
  const hosts = [...new Set(stale.map((s) => (s.why === 'mcrDirect' ? `${s.failure.attemptedHost ?? 'MCR'} directly` : (s.failure.attemptedHost ?? '?'))))];
  const nodeNames = [...new Set(stale.map((s) => s.failure.node).filter((n): n is string => !!n))].sort();
  const poolWords = stalePools.map((p) => `${p.pool} (${p.nodes.join(', ') || 'nodes unknown'})`).join(', ');
  const evidence: Evidence[] = [
    ...stale.map((s) => ({
      resourceId: s.failure.node ? `node/${s.failure.node}` : undefined,
      field: 'attemptedHost',
      expected: registry.loginServer ?? registry.name,
      actual: `${s.failure.attemptedHost ?? '?'} (${s.failure.namespace}/${s.failure.pod} ${s.failure.container}: ${s.failure.failureKind})`,
    })),
    ...notes,
  ];
  const unpooled = stale.filter((s) => !s.failure.pool).length;
  return {
    status: 'fail',
    summary:
      `nodes still pull through ${hosts.join(', ')} instead of ${registry.loginServer ?? registry.name}: ` +
      `${poolWords || nodeNames.join(', ') || 'nodes unknown'}; a node image upgrade of ${stalePools.length ? `pool(s) ${stalePools.map((p) => p.pool).join(', ')}` : 'their pools'} rewrites their registry configuration` +
      (unpooled ? ` (${unpooled} pull(s) on nodes of unknown pool)` : ''),
    evidence,
    remediations: stalePools.length ? ['upgrade-node-image'] : [],
    data: { registryId: registry.id, stalePools },
  };
}

export const nodesStaleRegistryConfigCheck = defineCheck<NodesStaleRegistryConfigGathered>({
  id: 'nodes.stale-registry-config',
  title: 'Nodes pull through the current registry',
  dependsOn: ['registry.exists'],
  guide: 'Issue 2',
  async gather(ctx) {
    const [kube, lookup, rules] = await Promise.all([gatherKube(ctx), ctx.registry(), ctx.cacheRules()]);
    return { ...kube, registry: lookup.registry, rules };
  },
  judge: judgeNodesStaleRegistryConfig,
});
