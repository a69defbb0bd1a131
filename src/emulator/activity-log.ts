import { randomUUID } from 'node:crypto';
import type { Bundle } from '../bundle/types.js';
import { tryParseResourceId } from '../azure/resource-id.js';
import { jwtClaims } from './kube.js';
import type { ArmReadResult } from './arm.js';

/**
 * The emulated Activity Log (`Microsoft.Insights/eventtypes/management/values`): the bundle's
 * top-level `activityLog` array of EventData, ARM's `$filter` grammar (a time window first, then at
 * most one narrowing clause), 90 days of retention measured from the bundle's `capturedAt`
 * (replay) or from now, paging via nextLink, and events for every write made through the emulator.
 */

export const ACTIVITY_LOG_API_VERSION = '2015-04-01';
export const RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

export type EventData = Record<string, unknown> & { eventTimestamp: string };

const FILTER_INVALID = { code: 'BadRequest', message: '$filter searching parameters invalid. Searching parameters must contain eventTimestamp ge and eventTimestamp le, and may add one of resourceGroupName, resourceUri, resourceProvider, correlationId.' };

export function isActivityLogPath(segments: readonly string[]): boolean {
  const s = segments.map((x) => x.toLowerCase());
  return s.length === 7 && s[0] === 'subscriptions' && s[2] === 'providers' && s[3] === 'microsoft.insights' && s[4] === 'eventtypes' && s[5] === 'management' && s[6] === 'values';
}

export function activityLogOf(bundle: Bundle): EventData[] {
  if (!Array.isArray(bundle['activityLog'])) bundle['activityLog'] = [];
  return bundle['activityLog'] as EventData[];
}

/** The instant the 90 days are measured from: a replayed bundle's capture time, else now. */
function referenceTime(bundle: Bundle): number {
  const at = bundle.capturedAt ? Date.parse(bundle.capturedAt) : NaN;
  return Number.isNaN(at) ? Date.now() : at;
}

export interface ParsedFilter {
  from: number;
  to: number;
  field?: 'resourceGroupName' | 'resourceUri' | 'resourceProvider' | 'correlationId';
  value?: string;
}

const CLAUSE = /^\s*eventTimestamp\s+ge\s+'([^']+)'\s+and\s+eventTimestamp\s+le\s+'([^']+)'\s*(?:and\s+(resourceGroupName|resourceUri|resourceProvider|correlationId)\s+eq\s+'([^']*)'\s*)?$/i;

/** ARM's grammar: exactly the time window, then at most one `and <field> eq '<value>'`. */
export function parseFilter(filter: string | null): ParsedFilter | undefined {
  if (!filter) return undefined;
  const m = CLAUSE.exec(filter);
  if (!m) return undefined;
  const from = Date.parse(m[1] ?? '');
  const to = Date.parse(m[2] ?? '');
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) return undefined;
  if (!m[3]) return { from, to };
  const field = (['resourceGroupName', 'resourceUri', 'resourceProvider', 'correlationId'] as const).find((f) => f.toLowerCase() === m[3]?.toLowerCase());
  return field ? { from, to, field, value: m[4] ?? '' } : { from, to };
}

function matches(e: EventData, f: ParsedFilter): boolean {
  const t = Date.parse(e.eventTimestamp);
  if (Number.isNaN(t) || t < f.from || t > f.to) return false;
  if (!f.field) return true;
  const want = (f.value ?? '').toLowerCase();
  const str = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : typeof v === 'object' && v && typeof (v as { value?: unknown }).value === 'string' ? String((v as { value: string }).value).toLowerCase() : '');
  switch (f.field) {
    case 'resourceUri':
      return str(e['resourceId']) === want;
    case 'resourceGroupName':
      return str(e['resourceGroupName']) === want;
    case 'resourceProvider':
      return str(e['resourceProviderName']) === want;
    case 'correlationId':
      return str(e['correlationId']) === want;
  }
}

/** One page of events, newest first, or the 400 ARM sends. */
export function listActivityLog(bundle: Bundle, opts: { baseUrl: string; path: string; query: URLSearchParams; pageSize: number }): ArmReadResult {
  const filter = parseFilter(opts.query.get('$filter'));
  if (!filter) return { status: 400, error: FILTER_INVALID };
  const oldest = referenceTime(bundle) - RETENTION_DAYS * DAY_MS;
  if (filter.from < oldest - DAY_MS / 24) {
    return { status: 400, error: { code: 'BadRequest', message: `The start time of the query can't be older than ${RETENTION_DAYS} days. Please modify the start time and try again.` } };
  }
  const subscription = opts.path.split('/')[2]?.toLowerCase();
  const all = activityLogOf(bundle)
    .filter((e) => typeof e['subscriptionId'] !== 'string' || e['subscriptionId'].toLowerCase() === subscription)
    .filter((e) => matches(e, filter))
    .sort((a, b) => Date.parse(b.eventTimestamp) - Date.parse(a.eventTimestamp));
  const skip = Number(opts.query.get('$skiptoken') ?? '0') || 0;
  const page = all.slice(skip, skip + opts.pageSize);
  const body: Record<string, unknown> = { value: page };
  if (skip + opts.pageSize < all.length) {
    const next = new URLSearchParams(opts.query);
    next.set('$skiptoken', String(skip + opts.pageSize));
    body['nextLink'] = `${opts.baseUrl}${opts.path}?${next.toString()}`;
  }
  return { status: 200, body };
}

/** Whether the scenario denies reading the log (403 AuthorizationFailed for eventtypes/values/read). */
export function activityLogDenied(bundle: Bundle): boolean {
  return bundle['activityLogDenied'] === true;
}

/** The two events (BeginRequest Started, EndRequest Succeeded/Failed) ARM records for a write. */
export function recordWrite(bundle: Bundle, write: { method: string; id: string; action?: string | undefined; authorization: string | undefined; status: 'Succeeded' | 'Failed'; clientIp?: string | undefined }): void {
  const parsed = tryParseResourceId(write.id);
  if (!parsed) return;
  const token = /^Bearer\s+(\S+)$/i.exec(write.authorization ?? '')?.[1];
  const claims = (token ? jwtClaims(token) : undefined) ?? {};
  const named = [claims['upn'], claims['unique_name'], claims['appid'], claims['oid']].find((v): v is string => typeof v === 'string');
  const caller = named ?? 'demo@emulator.local';
  const type = [parsed.provider, ...parsed.types].filter(Boolean).join('/');
  const verb = write.action ? `${write.action}/action` : write.method === 'DELETE' ? 'delete' : 'write';
  const operation = `${type}/${verb}`;
  const correlationId = randomUUID();
  const now = new Date();
  const base = {
    authorization: { action: operation, scope: parsed.id },
    caller,
    channels: 'Operation',
    claims: Object.fromEntries(Object.entries(claims).filter(([, v]) => typeof v === 'string')),
    correlationId,
    httpRequest: { clientRequestId: randomUUID(), clientIpAddress: write.clientIp ?? '127.0.0.1', method: write.method },
    level: 'Informational',
    operationId: randomUUID(),
    operationName: { value: operation, localizedValue: operation },
    resourceGroupName: parsed.resourceGroup ?? '',
    resourceProviderName: { value: parsed.provider ?? '', localizedValue: parsed.provider ?? '' },
    resourceType: { value: type, localizedValue: type },
    resourceId: parsed.id,
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    subscriptionId: parsed.subscriptionId,
    tenantId: typeof claims['tid'] === 'string' ? claims['tid'] : '00000000-0000-0000-0000-000000000000',
    properties: {},
  };
  const event = (name: string, status: string, at: Date): EventData => ({
    ...base,
    eventDataId: randomUUID(),
    id: `${parsed.id}/events/${randomUUID()}/ticks/${at.getTime()}`,
    eventName: { value: name, localizedValue: name === 'BeginRequest' ? 'Begin request' : 'End request' },
    status: { value: status, localizedValue: status },
    subStatus: { value: '', localizedValue: '' },
    eventTimestamp: at.toISOString(),
    submissionTimestamp: at.toISOString(),
  });
  activityLogOf(bundle).push(event('BeginRequest', 'Started', now), event('EndRequest', write.status, new Date(now.getTime() + 1)));
}
