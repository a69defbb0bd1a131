import type { CheckId, CheckResult, GuideIssue, RegistryMode, RootCause } from './types.js';

/** The registry chain: a broken link here explains pull failures and clears the nodes. */
const CHAIN: readonly CheckId[] = [
  'registry.exists',
  'registry.configuration',
  'registry.mcr-cache-rule',
  'registry.private-endpoint',
  'dns.zone',
  'dns.vnet-link',
  'dns.records',
];

/** What each failing check explains when it is itself a root cause (beyond its skipped dependants). */
const EXPLAINS: Partial<Record<CheckId, readonly CheckId[]>> = {
  'registry.exists': ['registry.configuration', 'registry.mcr-cache-rule', 'registry.private-endpoint', 'dns.zone', 'dns.vnet-link', 'dns.records', 'pods.image-pull-failures', 'pods.uncached-registries', 'nodes.stale-registry-config'],
  'registry.private-endpoint': ['dns.records', 'pods.image-pull-failures', 'nodes.stale-registry-config'],
  'dns.zone': ['dns.vnet-link', 'dns.records', 'pods.image-pull-failures', 'nodes.stale-registry-config'],
};

function guideIssueOf(id: CheckId, mode: RegistryMode): GuideIssue | null {
  switch (id) {
    case 'registry.exists':
    case 'registry.mcr-cache-rule':
    case 'registry.private-endpoint':
      // Issue 3 is the managed registry's resources deleted; Issue 1 a BYO registry not set up.
      return mode === 'managed' ? 3 : 1;
    case 'dns.zone':
    case 'dns.vnet-link':
    case 'dns.records':
      return mode === 'managed' ? 3 : 1;
    case 'registry.configuration':
    case 'pods.image-pull-failures':
    case 'pods.uncached-registries':
      return 1;
    case 'nodes.stale-registry-config':
      return 2;
    default:
      return null;
  }
}

/**
 * From the findings, the fewest that explain the rest, most upstream first:
 * - a cluster that cannot be read or is not network isolated is the only root cause;
 * - each failing link of the registry chain is one (its skipped dependants are explained by it);
 *   the registry's absence also explains pull failures, uncached images and node symptoms;
 * - stale node configuration only when the chain itself is healthy (a missing MCR cache rule
 *   makes containerd fall back to MCR, which looks exactly like a node that was never
 *   configured: the chain is blamed first);
 * - uncached non-MCR registries are their own root cause (no chain fix makes them pullable);
 * - pull failures nothing else explains are reported as such, without a remediation, unless a
 *   check that could have explained them errored (then we do not know).
 */
export function chooseRootCauses(results: readonly CheckResult[], mode: RegistryMode): RootCause[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const failing = (id: CheckId): CheckResult | undefined => {
    const r = byId.get(id);
    return r?.status === 'fail' ? r : undefined;
  };
  const make = (r: CheckResult): RootCause => ({
    checkId: r.id,
    guideIssue: guideIssueOf(r.id, mode),
    summary: r.summary,
    remediation: r.remediations[0] ?? null,
  });

  for (const gate of ['cluster.readable', 'cluster.network-isolated'] as const) {
    const r = failing(gate);
    if (r) return [make(r)];
  }

  const causes: CheckResult[] = [];
  const explained = new Set<CheckId>();
  const supported = failing('cluster.supported-configuration');
  if (supported) causes.push(supported);

  for (const id of CHAIN) {
    const r = failing(id);
    if (!r || explained.has(id)) continue;
    causes.push(r);
    for (const e of EXPLAINS[id] ?? []) explained.add(e);
  }
  const chainBroken = CHAIN.some((id) => failing(id));
  const chainUnknown = CHAIN.some((id) => byId.get(id)?.status === 'error');

  const uncached = failing('pods.uncached-registries');
  if (uncached && !explained.has('pods.uncached-registries')) causes.push(uncached);

  const stale = failing('nodes.stale-registry-config');
  if (stale && !chainBroken && !chainUnknown && !explained.has('nodes.stale-registry-config')) causes.push(stale);

  const pulls = failing('pods.image-pull-failures');
  if (pulls && causes.length === 0 && !chainUnknown && !supported) {
    causes.push({ ...pulls, remediations: [] });
  }
  return causes.map(make);
}
