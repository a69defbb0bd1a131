import type { Cluster } from '../azure/types.js';

const ISOLATED_OUTBOUND = new Set(['none', 'block']);

/**
 * Network isolated: images come through the cache (`artifactSource Cache`) and egress is closed
 * (`outboundType none` or `block`). Takes any read of the cluster that has the two fields, the
 * cluster list's summaries included.
 */
export function isNetworkIsolated(cluster: Pick<Cluster, 'artifactSource' | 'outboundType'>): boolean {
  return (cluster.artifactSource ?? '').toLowerCase() === 'cache' && ISOLATED_OUTBOUND.has((cluster.outboundType ?? '').toLowerCase());
}
