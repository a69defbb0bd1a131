import { isAzureError } from '../azure/errors.js';
import { refusal } from './fix-result.js';
import type { OperationKind } from './operation.js';

/** The PUT of the cluster exactly as read: AKS re-creates the managed parts it finds missing. */
export interface ReconcileClusterOperation {
  readonly kind: 'reconcile-cluster';
  clusterId: string;
  /** The body as serialised when planned (read-only fields removed). */
  body: Record<string, unknown>;
  summary: string;
}

/** The first path where two JSON values differ, for "the cluster changed since the plan". */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return path || '(body)';
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const d = firstDifference(ao[k], bo[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return undefined;
}

export const reconcileClusterOperation: OperationKind<ReconcileClusterOperation> = {
  kind: 'reconcile-cluster',
  describe: (op) => ({ method: 'PUT', resourceId: op.clusterId, sdkCall: 'managedClusters.beginCreateOrUpdate', bodySummary: op.summary, body: op.body }),
  send: (azure, op, options) => azure.reconcileCluster(op.clusterId, options),
  // The PUT sends what is there at apply time: refuse when that is no longer what was previewed.
  recheck: async (op, { azure }) => {
    try {
      const fresh = await azure.previewReconcile(op.clusterId);
      const diff = firstDifference(op.body, fresh.body);
      if (!diff) return undefined;
      return refusal(
        'cluster-changed',
        `the cluster changed since the plan was made (${diff}); plan again so the reconcile sends what is there now. Nothing was changed`,
        { path: diff },
      );
    } catch (e) {
      const why = isAzureError(e) ? e.describe() : e instanceof Error ? e.message : String(e);
      return refusal('cluster-unreadable', `pre-flight: cannot read the cluster for the reconcile: ${why}; nothing was changed`);
    }
  },
};
