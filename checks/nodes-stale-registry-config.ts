import type { CacheRule, Registry } from '../src/azure/types.js';
import type { Evidence, ImagePullFailure, StalePool } from '../src/core/report.js';
import { mcrRuleVerdict } from '../src/domain/cache-rule-match.js';
import { isAcrHost, isMcrHost } from '../src/domain/image-ref.js';
import { KUBE_MESSAGES, gatherKube, pullFailuresOrUnavailable, type KubeGathered } from '../src/domain/kube-access.js';
import { isRegistryHost } from '../src/domain/registry-hosts.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface NodesStaleRegistryConfigGathered extends KubeGathered {
  registry: Registry | undefined;
  rules: CacheRule[];
}

interface StalePull {
  failure: ImagePullFailure;
  why: 'otherRegistry' | 'mcrDirect';
}

type Stale = {
  /** The hosts the stale nodes pulled through (`… directly` for MCR itself). */
  hosts: string[];
  registry: string;
  pools: { pool: string; nodes: string[] }[];
  nodes: string[];
  /** Stale pulls on nodes whose pool is unknown. */
  unpooled: number;
};

function staleWords(p: Stale): string {
  const poolWords = p.pools.map((x) => `${x.pool} (${x.nodes.join(', ') || 'nodes unknown'})`).join(', ');
  return (
    `nodes still pull through ${p.hosts.join(', ')} instead of ${p.registry}: ` +
    `${poolWords || p.nodes.join(', ') || 'nodes unknown'}; a node image upgrade of ${p.pools.length ? `pool(s) ${p.pools.map((x) => x.pool).join(', ')}` : 'their pools'} rewrites their registry configuration` +
    (p.unpooled ? ` (${p.unpooled} pull(s) on nodes of unknown pool)` : '')
  );
}

export const nodesStaleRegistryConfigMessages = {
  ...KUBE_MESSAGES,
  'nodes.stale-registry-config/no-registry': () => 'no registry to compare the nodes with',
  'nodes.stale-registry-config/current': (p: { loginServer: string }) => `no node pulls through a registry other than ${p.loginServer}`,
  'nodes.stale-registry-config/mcr-fallback': () => 'no node pulls through an old registry; MCR fallback failures point at the cache rule, not the nodes',
  'nodes.stale-registry-config/stale': (p: Stale) => staleWords(p),
};

export type NodesStaleRegistryConfigFinding = FindingOf<typeof nodesStaleRegistryConfigMessages>;

function groupByPool(pulls: readonly StalePull[]): StalePool[] {
  const pools = new Map<string, Set<string>>();
  for (const { failure } of pulls) {
    if (!failure.pool) continue;
    const set = pools.get(failure.pool) ?? new Set<string>();
    if (failure.node) set.add(failure.node);
    pools.set(failure.pool, set);
  }
  return [...pools.entries()].map(([pool, nodes]) => ({ pool, nodes: [...nodes].sort() })).sort((a, b) => a.pool.localeCompare(b.pool));
}

export function judgeNodesStaleRegistryConfig(g: NodesStaleRegistryConfigGathered): NodesStaleRegistryConfigFinding {
  const r = pullFailuresOrUnavailable(g);
  if ('unavailable' in r) return r.unavailable;
  const registry = g.registry;
  if (!registry) return { status: 'skip', code: 'nodes.stale-registry-config/no-registry', params: {}, evidence: [], remediations: [] };
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
  const login = registry.loginServer ?? registry.name;
  if (stale.length === 0) {
    return mcrNotBlamed.length
      ? { status: 'pass', code: 'nodes.stale-registry-config/mcr-fallback', params: {}, evidence: notes, remediations: [], data: { registryId: registry.id } }
      : { status: 'pass', code: 'nodes.stale-registry-config/current', params: { loginServer: login }, evidence: notes, remediations: [], data: { registryId: registry.id } };
  }
  const stalePools = groupByPool(stale);
  const evidence: Evidence[] = [
    ...stale.map((s) => ({
      resourceId: s.failure.node ? `node/${s.failure.node}` : undefined,
      field: 'attemptedHost',
      expected: login,
      actual: `${s.failure.attemptedHost ?? '?'} (${s.failure.namespace}/${s.failure.pod} ${s.failure.container}: ${s.failure.failureKind})`,
    })),
    ...notes,
  ];
  const params: Stale = {
    hosts: [...new Set(stale.map((s) => (s.why === 'mcrDirect' ? `${s.failure.attemptedHost ?? 'MCR'} directly` : (s.failure.attemptedHost ?? '?'))))],
    registry: login,
    pools: stalePools,
    nodes: [...new Set(stale.map((s) => s.failure.node).filter((n): n is string => !!n))].sort(),
    unpooled: stale.filter((s) => !s.failure.pool).length,
  };
  return {
    status: 'fail',
    code: 'nodes.stale-registry-config/stale',
    params,
    evidence,
    remediations: stalePools.length ? ['upgrade-node-image'] : [],
    data: { registryId: registry.id, stalePools },
  };
}

export const nodesStaleRegistryConfigCheck = defineCheck({
  id: 'nodes.stale-registry-config',
  title: 'Nodes pull through the current registry',
  dependsOn: ['registry.exists'],
  guide: 'Issue 2',
  guideIssue: { any: 2 },
  causePhrase: { any: 'nodes still pull through an old registry configuration' },
  // A broken or unknown registry chain looks exactly like unconfigured nodes: blame the chain first.
  verifies: ['upgrade-node-image'],
  rootCause: { explainedBy: { chain: 'registry' } },
  messages: nodesStaleRegistryConfigMessages,
  async gather(ctx): Promise<NodesStaleRegistryConfigGathered> {
    const [kube, lookup, rules] = await Promise.all([gatherKube(ctx), ctx.registry(), ctx.cacheRules()]);
    return { ...kube, registry: lookup.registry, rules };
  },
  judge: judgeNodesStaleRegistryConfig,
});
