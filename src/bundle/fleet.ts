import { BUNDLE_SCHEMA, type Bundle } from './types.js';
import { BundleError, bundleProblems } from './validate.js';

const CLUSTER_TYPE = 'microsoft.containerservice/managedclusters';

/**
 * A fleet bundle (`scan --bundle`): bundle@1 holding many clusters' resources, whose `cluster`
 * and `kubernetes` may be absent. Filled in for the emulator (the first cluster; Kubernetes not
 * reachable), then validated as any bundle.
 */
export function parseFleetBundle(text: string, source = 'bundle'): Bundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BundleError(source, [{ path: '$', message: `not valid JSON (${(e as Error).message})` }]);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const arm = Array.isArray(o.arm) ? (o.arm as unknown[]) : [];
    const first = arm.find((r): r is { id: string } => {
      const t = (r as { type?: unknown } | null)?.type;
      return typeof t === 'string' && t.toLowerCase() === CLUSTER_TYPE && typeof (r as { id?: unknown }).id === 'string';
    });
    if (o.cluster === undefined) {
      if (!first) throw new BundleError(source, [{ path: '$.arm', message: 'a fleet bundle without `cluster` must hold at least one managed cluster' }]);
      o.cluster = first.id;
    }
    o.schema ??= BUNDLE_SCHEMA;
    o.kubernetes ??= { reachable: false, reason: 'a fleet bundle holds no Kubernetes objects' };
  }
  const problems = bundleProblems(value);
  if (problems.length > 0) throw new BundleError(source, problems);
  return value as Bundle;
}

/** The managed cluster ids a bundle holds. */
export function bundleClusterIds(bundle: Bundle): string[] {
  return bundle.arm.filter((r) => r.type.toLowerCase() === CLUSTER_TYPE).map((r) => r.id);
}
