import type { ActivityLogReads, AzureReads } from '../azure/ports.js';
import type { CheckDeclarations } from '../core/check.js';
import type { HistoryEntry, HistoryNote, RootCause } from '../core/report.js';
import { idKey, tryParseResourceId } from '../azure/resource-id.js';
import { isAzureError } from '../azure/errors.js';
import type { DiagnosisContext } from './context.js';

/**
 * Who changed it: the Activity Log behind root causes about a missing or changed resource. The
 * queries start as soon as what they cover is known, concurrently with the checks (not after
 * them), one per resource group at most: first the groups the cluster names (its own, its node
 * resource group, a BYO registry's), then, as its VNets, the zones and the endpoints to its
 * registry become known, the groups they live in elsewhere (a hub's DNS zone and its links, a
 * customer's VNet or endpoint group). The queries have a lane of their own in the ARM pipeline,
 * so they never hold the checks' reads back. A group
 * is read whole (`resourceGroupName eq`) when what may have gone is unnamed (a deleted link or
 * endpoint, a registry's children); a group holding only one resource the diagnosis names by id
 * is narrowed to it (`resourceUri eq`). Events are matched to root causes by the operations a
 * check declares, and only those about the diagnosis's own resources are kept.
 */
export type HistoryResult = { entries: HistoryEntry[] } | { note: HistoryNote };

/** The facts the queries are derived from (the diagnosis context's, memoised: no extra reads). */
export type HistoryFacts = Pick<DiagnosisContext, 'cluster'> & Partial<Pick<DiagnosisContext, 'registry' | 'network' | 'registryEndpoints' | 'dnsZones'>>;

/** One query: a resource group, read whole or narrowed to one resource. */
export interface HistoryQuery {
  subscriptionId: string;
  resourceGroup: string;
  resourceUri?: string | undefined;
}

const ACR_ZONE = 'privatelink.azurecr.io';

/** Plans queries per resource group: whole groups, or the one resource id a group is known by. */
export class HistoryPlan {
  private readonly groups = new Map<string, { sub: string; rg: string; whole: boolean; ids: Map<string, string>; sent: boolean }>();

  private group(id: { subscriptionId: string; resourceGroup?: string | undefined } | undefined): { sub: string; rg: string; whole: boolean; ids: Map<string, string>; sent: boolean } | undefined {
    if (!id?.subscriptionId || !id.resourceGroup) return undefined;
    const k = `${id.subscriptionId}/${id.resourceGroup}`.toLowerCase();
    let g = this.groups.get(k);
    if (!g) {
      g = { sub: id.subscriptionId, rg: id.resourceGroup, whole: false, ids: new Map(), sent: false };
      this.groups.set(k, g);
    }
    return g;
  }

  /** Everything in the group may matter (unnamed or child resources). */
  wholeGroup(subscriptionId: string | undefined, resourceGroup: string | undefined): void {
    const g = this.group(subscriptionId ? { subscriptionId, resourceGroup } : undefined);
    if (g) g.whole = true;
  }

  /** One resource the diagnosis names by id (its own events only, not its children's). */
  resource(resourceId: string | undefined): void {
    const id = resourceId ? tryParseResourceId(resourceId) : undefined;
    const g = this.group(id);
    if (g && id) g.ids.set(idKey(id.id), id.id);
  }

  /** The queries for groups not asked yet (with `wholeOnly`, only those read whole); each group is asked once. */
  take(wholeOnly = false): HistoryQuery[] {
    const out: HistoryQuery[] = [];
    for (const g of this.groups.values()) {
      if (g.sent || (wholeOnly && !g.whole)) continue;
      g.sent = true;
      const only = !g.whole && g.ids.size === 1 ? [...g.ids.values()][0] : undefined;
      out.push({ subscriptionId: g.sub, resourceGroup: g.rg, ...(only ? { resourceUri: only } : {}) });
    }
    return out;
  }
}

function under(id: string | undefined, parent: string | undefined): boolean {
  if (!id || !parent) return false;
  const a = idKey(id);
  const p = idKey(parent);
  return a === p || a.startsWith(`${p}/`);
}

/**
 * Whether an event is about the diagnosis's resources: the cluster itself, the registry (and its
 * children) once known, `privatelink.azurecr.io` zones (and their links and records), endpoints.
 * Other clusters' writes in a shared group, other zones' links in a hub, stay out.
 */
function relevant(e: HistoryEntry, clusterId: string, registryId: string | undefined): boolean {
  const op = e.operation.toLowerCase();
  const rid = e.resourceId;
  if (!rid) return true;
  if (op.startsWith('microsoft.containerservice/managedclusters/')) return under(rid, clusterId);
  if (op.startsWith('microsoft.containerregistry/registries/')) return registryId ? under(rid, registryId) : true;
  if (op.startsWith('microsoft.network/privatednszones/')) return tryParseResourceId(rid)?.id.toLowerCase().includes(`/privatednszones/${ACR_ZONE}`) ?? false;
  return true;
}

/** The reads the early stage looks at: the subscription lists the context prefetches (memoised, so no extra requests). */
export type HistoryReads = Partial<ActivityLogReads & Pick<AzureReads, 'privateDnsZonesInSubscription' | 'privateEndpointsInSubscription'>>;

/**
 * Starts the queries, in three stages so none waits longer than it must: the cluster's groups at
 * once; the groups of its VNets, of the subscription's `privatelink.azurecr.io` zones and of the
 * endpoints to its registry as soon as those lists (prefetched from the start) and the registry are
 * known; then only groups not asked yet, of zones and endpoints a zone group or the registry names,
 * once the diagnosis resolves them. `checksDone` settles when every check has finished: a fact still
 * unresolved then (a hung read, or one no check needed) is not waited for.
 */
export function startHistory(azure: HistoryReads, facts: HistoryFacts, checksDone?: Promise<unknown>): Promise<HistoryResult> {
  const read = azure.activityLog?.bind(azure);
  if (!read) return Promise.resolve({ note: 'unavailable' });
  const stop = checksDone?.then(() => undefined, () => undefined);
  const quiet = <T>(p: Promise<T> | undefined): Promise<T | undefined> => {
    const settled = (p ?? Promise.resolve(undefined)).catch(() => undefined);
    return stop ? Promise.race([settled, stop]) : settled;
  };
  const p = (async (): Promise<HistoryResult> => {
    const c = await facts.cluster();
    const id = c ? tryParseResourceId(c.id) : undefined;
    if (!c || !id) return { note: 'unavailable' };
    const plan = new HistoryPlan();
    const asked: Promise<PromiseSettledResult<HistoryEntry[]>[]>[] = [];
    const ask = (qs: HistoryQuery[]): void => {
      asked.push(Promise.allSettled(qs.map((q) => read(q.subscriptionId, q.resourceGroup, q.resourceUri))));
    };
    const whole = (resourceId: string | undefined): void => {
      const r = resourceId ? tryParseResourceId(resourceId) : undefined;
      plan.wholeGroup(r?.subscriptionId, r?.resourceGroup);
    };
    // 1. What the cluster names, beside the checks' first reads.
    plan.wholeGroup(id.subscriptionId, id.resourceGroup);
    plan.wholeGroup(id.subscriptionId, c.nodeResourceGroup);
    whole(c.containerRegistryId);
    ask(plan.take());
    // 2. Where the VNets, zones and endpoints live, when elsewhere (a hub, a customer's group):
    //    read whole where something unnamed may have gone (a link, a record, an endpoint), else
    //    narrowed to the one endpoint the group is known by. A group is asked once: should stage 3
    //    find more in a group asked for one resource (a zone no list showed), it is not asked again.
    //    Each whole group is asked the moment its list answers (the zones' with the first reads).
    const [lookup, , , listedEndpoints] = await Promise.all([
      quiet(facts.registry?.()),
      quiet(facts.network?.()).then((network) => {
        for (const v of network?.vnets ?? []) whole(v.id);
        ask(plan.take(true));
      }),
      quiet(azure.privateDnsZonesInSubscription?.(id.subscriptionId)).then((zones) => {
        for (const z of zones ?? []) if (z.name.toLowerCase() === ACR_ZONE) whole(z.id);
        ask(plan.take(true));
      }),
      quiet(azure.privateEndpointsInSubscription?.(id.subscriptionId)),
    ]);
    const registryId = lookup?.registry?.id ?? lookup?.expectedId;
    for (const pe of listedEndpoints ?? []) if (registryId && pe.connections.some((x) => under(x.privateLinkServiceId, registryId))) plan.resource(pe.id);
    ask(plan.take());
    // 3. Zones and endpoints only a zone group or the registry names, in groups not asked yet.
    const [endpoints, zones] = await Promise.all([quiet(facts.registryEndpoints?.()), quiet(facts.dnsZones?.())]);
    for (const z of zones ?? []) whole(z.zone.id);
    const seenZones = new Set((zones ?? []).map((z) => idKey(z.zone.id)));
    for (const e of endpoints ?? []) {
      plan.resource(e.endpoint.id);
      for (const zid of e.zoneGroups.flatMap((g) => g.privateDnsZoneIds)) if (!seenZones.has(idKey(zid))) plan.resource(zid);
    }
    for (const conn of lookup?.registry?.privateEndpointConnections ?? []) plan.resource(conn.privateEndpointId);
    ask(plan.take());
    const answers = (await Promise.all(asked)).flat();
    const seen = new Set<string>();
    const entries = answers
      .flatMap((a) => (a.status === 'fulfilled' ? a.value : []))
      .filter((e) => relevant(e, c.id, registryId))
      .filter((e) => {
        const k = `${e.correlationId}|${e.operation}|${e.resourceId ?? ''}|${e.time}`.toLowerCase();
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
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
