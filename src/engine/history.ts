import type { ActivityLogReads } from '../azure/ports.js';
import type { CheckDeclarations } from '../core/check.js';
import type { HistoryEntry, HistoryNote, RootCause } from '../core/report.js';
import { tryParseResourceId } from '../azure/resource-id.js';
import { isAzureError } from '../azure/errors.js';
import type { Cluster } from '../azure/types.js';

/**
 * Who changed it: the Activity Log behind root causes about a missing or changed resource. The
 * queries start as soon as the cluster is known (concurrently with the checks, not after them),
 * one per resource group the diagnosis looks in (the cluster's, its node resource group, a BYO
 * registry's), and their events are matched to root causes by the operations a check declares.
 */
export type HistoryResult = { entries: HistoryEntry[] } | { note: HistoryNote };

export function startHistory(azure: Partial<ActivityLogReads>, cluster: Promise<Cluster | undefined>): Promise<HistoryResult> {
  const read = azure.activityLog?.bind(azure);
  if (!read) return Promise.resolve({ note: 'unavailable' });
  const p = (async (): Promise<HistoryResult> => {
    const c = await cluster;
    const id = c ? tryParseResourceId(c.id) : undefined;
    if (!c || !id) return { note: 'unavailable' };
    const groups = new Map<string, { sub: string; rg: string }>();
    const add = (sub: string | undefined, rg: string | undefined): void => {
      if (sub && rg) groups.set(`${sub}/${rg}`.toLowerCase(), { sub, rg });
    };
    add(id.subscriptionId, id.resourceGroup);
    add(id.subscriptionId, c.nodeResourceGroup);
    const byo = c.containerRegistryId ? tryParseResourceId(c.containerRegistryId) : undefined;
    add(byo?.subscriptionId, byo?.resourceGroup);
    const answers = await Promise.allSettled([...groups.values()].map((g) => read(g.sub, g.rg)));
    const entries = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
    const denied = answers.some((a) => a.status === 'rejected' && isAzureError(a.reason) && a.reason.kind === 'forbidden');
    if (entries.length === 0 && answers.some((a) => a.status === 'rejected')) return { note: denied ? 'no-permission' : 'unavailable' };
    return { entries };
  })();
  return p.catch((): HistoryResult => ({ note: 'unavailable' }));
}

/** Root causes with their history: the declared operations' ended events, newest first, or a note why there are none. */
export function attachHistory(rootCauses: readonly RootCause[], checks: readonly CheckDeclarations[], found: HistoryResult): RootCause[] {
  const declared = new Map(checks.map((c) => [c.id, c]));
  return rootCauses.map((rc) => {
    const ops = declared.get(rc.checkId)?.historyOperations;
    if (!ops || ops.length === 0) return rc;
    if ('note' in found) return { ...rc, history: [], historyNote: found.note };
    const wanted = new Set(ops.map((o) => o.toLowerCase()));
    const history = found.entries
      .filter((e) => wanted.has(e.operation.toLowerCase()))
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
    return history.length > 0 ? { ...rc, history } : { ...rc, history: [], historyNote: 'none-in-retention' };
  });
}
