/**
 * The Activity Log read (`Microsoft.Insights/eventtypes/management/values`, api-version
 * 2015-04-01), sent through a real SDK client's pipeline (token, host guard, retries, faults in
 * words) and mapped to the entries a root cause's history carries.
 */
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { SdkClients } from './clients.js';
import type { HistoryEntry } from '../core/report.js';
import { AzureError } from './errors.js';

export const ACTIVITY_LOG_API_VERSION = '2015-04-01';
export const RETENTION_DAYS = 90;

/** The `Succeeded`/`Failed` end of one operation, as the history shows it. */
export type ActivityEntry = HistoryEntry & { resourceId: string };

/** The AKS resource provider's first-party app ids, whose writes are AKS's own. */
const AKS_APP_IDS = new Set(['7319c514-987d-4e9b-ac3d-d38c4f427f4c', '6dae42f8-4368-4678-94ff-3960e28e3630']);

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string') return (v as { value: string }).value;
  return undefined;
}

export function mapActivityEvent(e: Record<string, unknown>): ActivityEntry | undefined {
  const status = str(e['status']);
  if (status !== 'Succeeded' && status !== 'Failed') return undefined;
  const claims = (e['claims'] && typeof e['claims'] === 'object' ? e['claims'] : {}) as Record<string, unknown>;
  const appid = str(claims['appid']) ?? str(claims['azp']);
  const recorded = str(e['caller']) ?? appid ?? 'unknown';
  const isUser = recorded.includes('@') || str(claims['upn']) !== undefined;
  const callerKind = !isUser && appid && AKS_APP_IDS.has(appid) ? 'aks' : isUser ? 'user' : 'servicePrincipal';
  // A service principal or managed identity is named by its app id (ARM may record its object id
  // as the caller); its name from the claims, or a user-assigned identity's from its resource id.
  const caller = isUser ? recorded : (appid ?? recorded);
  const mirid = str(claims['xms_mirid']);
  const name = str(claims['name']) ?? (mirid ? mirid.split('/').filter(Boolean).at(-1) : undefined);
  const http = (e['httpRequest'] && typeof e['httpRequest'] === 'object' ? e['httpRequest'] : {}) as Record<string, unknown>;
  return {
    time: str(e['eventTimestamp']) ?? '',
    caller,
    callerKind,
    callerName: callerKind === 'user' ? undefined : name,
    operation: str(e['operationName']) ?? '',
    status,
    correlationId: str(e['correlationId']) ?? '',
    clientIp: str(http['clientIpAddress']),
    resourceId: str(e['resourceId']) ?? '',
  };
}

/**
 * The window a query asks for: the 90 days of retention measured from `asOf` (a replayed bundle's
 * `capturedAt`, whose emulator measures its retention from there) or from now, up to now (writes made
 * since the capture, such as a fix through the emulator, are in it too). A minute inside the limit, so
 * clocks a little apart never get ARM's 400.
 */
export function activityLogWindow(now: Date, asOf?: Date): { from: string; to: string } {
  const ref = asOf && !Number.isNaN(asOf.getTime()) ? asOf : now;
  const from = new Date(ref.getTime() - RETENTION_DAYS * 86_400_000 + 60_000);
  const to = new Date(Math.max(now.getTime(), ref.getTime()));
  return { from: from.toISOString(), to: to.toISOString() };
}

/** What narrows one query: the resource group, or one resource by id (`resourceUri eq`). */
export type ActivityLogScope = { resourceGroup: string; resourceUri?: string | undefined };

/** The `$filter` ARM accepts: the time window and exactly one narrowing clause. */
export function activityLogFilter(window: { from: string; to: string }, scope: ActivityLogScope): string {
  const quote = (v: string): string => v.replace(/'/g, "''");
  const narrow = scope.resourceUri ? `resourceUri eq '${quote(scope.resourceUri)}'` : `resourceGroupName eq '${quote(scope.resourceGroup)}'`;
  return `eventTimestamp ge '${window.from}' and eventTimestamp le '${window.to}' and ${narrow}`;
}

/** Every event of the scope in the window (all pages), ended operations only, newest first. */
export async function readActivityLog(sdk: SdkClients, endpoint: string, subscriptionId: string, scope: ActivityLogScope, window: { from: string; to: string }, abortSignal: AbortSignal): Promise<ActivityEntry[]> {
  const filter = activityLogFilter(window, scope);
  const client = sdk.network(subscriptionId);
  let url: string | undefined = `${endpoint.replace(/\/+$/, '')}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Insights/eventtypes/management/values?api-version=${ACTIVITY_LOG_API_VERSION}&$filter=${encodeURIComponent(filter)}`;
  const out: ActivityEntry[] = [];
  for (let pages = 0; url && pages < 50; pages++) {
    const res = await client.sendRequest(createPipelineRequest({ url, method: 'GET', abortSignal }));
    const body = JSON.parse(res.bodyAsText ?? '{}') as { value?: Record<string, unknown>[]; nextLink?: string; error?: { code?: string; message?: string } };
    if (res.status !== 200) {
      throw new AzureError({
        kind: res.status === 403 ? 'forbidden' : res.status === 400 ? 'badRequest' : 'other',
        message: body.error?.message ?? `Activity Log read answered ${res.status}`,
        code: body.error?.code,
        action: res.status === 403 ? 'Microsoft.Insights/eventtypes/values/read' : undefined,
      });
    }
    for (const e of body.value ?? []) {
      const entry = mapActivityEvent(e);
      if (entry) out.push(entry);
    }
    url = body.nextLink;
  }
  return out.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
}
