import { createHash, randomUUID } from 'node:crypto';
import type { Bundle } from '../../bundle/types.js';
import { principalOf, type Reply } from '../server/reply.js';
import { KqlError, parseQuery, run, type Row } from './kql.js';
import { TABLE_COLUMNS, TABLES, tableRows, type TableName } from './tables.js';

/**
 * `POST /providers/Microsoft.ResourceGraph/resources`: the query evaluated over the emulator's
 * state across subscriptions, paged with `$top`/`$skip`/`$skipToken` (a page continues only when
 * `id` is projected, as on the service), the per-user quota in `x-ms-user-quota-remaining` /
 * `x-ms-user-quota-resets-after` and a 429 past it, Resource Graph's error shapes.
 */

export const RESOURCE_GRAPH_API_VERSIONS = ['2019-04-01', '2020-04-01-preview', '2021-03-01', '2022-10-01', '2024-04-01'];
/** Resource Graph's documented example quota: 15 queries per 5 s per user. */
export const DEFAULT_RESOURCE_GRAPH_QUOTA = { queries: 15, windowMs: 5000 };
const DEFAULT_TOP = 100;
const MAX_TOP = 1000;

export interface ResourceGraphQuota { queries: number; windowMs: number }

export interface ResourceGraphState {
  quota: ResourceGraphQuota;
  /** Per user: when the current window started and how many queries it has taken. */
  windows: Map<string, { start: number; used: number }>;
  /** Queries answered (200) and refused (429), for tests and the benchmark. */
  answered: number;
  throttled: number;
  /**
   * The rows of recent queries by skip-token hash: a continuation pages the answer the first page
   * was cut from (as the service's snapshot does) instead of evaluating the query again.
   */
  snapshots: Map<string, { rows: Row[]; columns: string[]; at: number }>;
}

const SNAPSHOT_TTL_MS = 60_000;
const MAX_SNAPSHOTS = 8;

export function createResourceGraphState(quota: Partial<ResourceGraphQuota> = {}): ResourceGraphState {
  return { quota: { ...DEFAULT_RESOURCE_GRAPH_QUOTA, ...quota }, windows: new Map(), answered: 0, throttled: 0, snapshots: new Map() };
}

export function isResourceGraphPath(segments: readonly string[]): boolean {
  return segments.length === 3 && segments[0]?.toLowerCase() === 'providers' && segments[1]?.toLowerCase() === 'microsoft.resourcegraph' && segments[2]?.toLowerCase() === 'resources';
}

function hhmmss(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

function supportInfo(): string {
  return `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${randomUUID()}.`;
}

function badRequest(details: Record<string, unknown>[], headers: Record<string, string>): Reply {
  return { status: 400, headers, body: { error: { code: 'BadRequest', message: supportInfo(), details } } };
}

const WIRE_CODE: Record<KqlError['code'], string> = {
  ParserFailure: 'ParserFailure', UnsupportedOperator: 'InvalidQueryLanguage', UnknownFunction: 'InvalidQueryLanguage', UnknownName: 'UnknownName',
};

/** The 400 Resource Graph answers a query it cannot run with: `InvalidQuery`, then what failed where. */
export function invalidQuery(e: KqlError, query: string, headers: Record<string, string> = {}): Reply {
  const before = query.slice(0, e.position);
  const line = before.split('\n').length;
  const column = e.position - (before.lastIndexOf('\n') + 1);
  return badRequest([
    { code: 'InvalidQuery', message: 'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.' },
    // The service names an operator it does not run `InvalidQueryLanguage` (as it does `parse`); the message says which.
    { code: WIRE_CODE[e.code], message: e.message, line, characterPositionInLine: column, ...(e.token !== undefined ? { token: e.token } : {}) },
  ], headers);
}

interface SkipToken { h: string; o: number }

function queryHash(query: string, subscriptions: readonly string[] | undefined): string {
  return createHash('sha1').update(`${query}\n${(subscriptions ?? []).join(',').toLowerCase()}`).digest('hex').slice(0, 16);
}

function readSkipToken(raw: unknown): SkipToken | undefined {
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<SkipToken>;
    return typeof t.h === 'string' && typeof t.o === 'number' && t.o >= 0 ? { h: t.h, o: t.o } : undefined;
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Counts the query against its user's window; the headers every answer carries, and whether it is over. */
function takeQuota(state: ResourceGraphState, authorization: string | undefined, now: number): { headers: Record<string, string>; over: boolean; retryAfterMs: number } {
  const user = principalOf(authorization).objectId;
  let w = state.windows.get(user);
  if (!w || now - w.start >= state.quota.windowMs) {
    w = { start: now, used: 0 };
    state.windows.set(user, w);
  }
  const resetsInMs = w.start + state.quota.windowMs - now;
  const over = w.used >= state.quota.queries;
  if (!over) w.used++;
  const headers = {
    'x-ms-user-quota-remaining': String(Math.max(0, state.quota.queries - w.used)),
    'x-ms-user-quota-resets-after': hhmmss(resetsInMs),
  };
  return { headers, over, retryAfterMs: resetsInMs };
}

export function handleResourceGraph(bundle: Bundle, state: ResourceGraphState, method: string, apiVersion: string, body: unknown, authorization: string | undefined): Reply {
  if (method !== 'POST') return { status: 405, body: { error: { code: 'MethodNotAllowed', message: `The HTTP method '${method}' is not supported.` } } };
  if (!RESOURCE_GRAPH_API_VERSIONS.includes(apiVersion)) {
    return {
      status: 400,
      body: { error: { code: 'InvalidApiVersionParameter', message: `The api-version '${apiVersion}' is invalid. The supported versions are '${RESOURCE_GRAPH_API_VERSIONS.join(',')}'.` } },
    };
  }
  const quota = takeQuota(state, authorization, Date.now());
  if (quota.over) {
    state.throttled++;
    return {
      status: 429,
      headers: { ...quota.headers, 'Retry-After': String(Math.max(1, Math.ceil(quota.retryAfterMs / 1000))) },
      body: { error: { code: 'RateLimiting', message: `${supportInfo()} Client application has been throttled and should not attempt to repeat the request until an amount of time (indicated in the Retry-After header) has elapsed.` } },
    };
  }
  const headers = quota.headers;
  const request = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const query = str(request['query']);
  if (!query || query.trim().length === 0) return badRequest([{ code: 'InvalidQuery', message: 'The query is empty.' }], headers);
  const options = (request['options'] && typeof request['options'] === 'object' ? request['options'] : {}) as Record<string, unknown>;
  const top = options['$top'] ?? DEFAULT_TOP;
  const skip = options['$skip'] ?? 0;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > MAX_TOP || typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) {
    return badRequest([{ code: 'InvalidParameter', message: `$top must be 1 to ${MAX_TOP} and $skip 0 or more.` }], headers);
  }
  const format = options['resultFormat'] ?? 'objectArray';
  if (format !== 'objectArray') return badRequest([{ code: 'UnsupportedResultFormat', message: 'The emulated Resource Graph answers resultFormat objectArray only.' }], headers);
  // Management groups: the emulator has no hierarchy, so a management group holds every subscription.
  const subscriptions = strings(request['subscriptions']);
  const scope = subscriptions && subscriptions.length > 0 && !(strings(request['managementGroups'])?.length) ? new Set(subscriptions.map((s) => s.toLowerCase())) : undefined;

  let parsed;
  try {
    parsed = parseQuery(query);
    if (!TABLES.includes(parsed.table as TableName)) throw new KqlError('UnknownName', `Table '${parsed.table}' is not served by the emulated Resource Graph.`, 0, parsed.table);
  } catch (e) {
    if (e instanceof KqlError) return invalidQuery(e, query, headers);
    throw e;
  }
  const hash = queryHash(query, subscriptions);
  const token = readSkipToken(options['$skipToken']);
  if (options['$skipToken'] !== undefined && (!token || token.h !== hash)) {
    return badRequest([{ code: 'InvalidSkipToken', message: 'The $skipToken is invalid or belongs to another query.' }], headers);
  }
  const now = Date.now();
  for (const [k, snap] of state.snapshots) if (now - snap.at > SNAPSHOT_TTL_MS) state.snapshots.delete(k);
  let result: { rows: Row[]; columns: string[] } | undefined = token ? state.snapshots.get(hash) : undefined;
  if (!result) {
    try {
      result = run(parsed, TABLE_COLUMNS, tableRows(bundle, parsed.table as TableName, scope));
    } catch (e) {
      if (e instanceof KqlError) return invalidQuery(e, query, headers);
      throw e;
    }
    state.snapshots.delete(hash);
    state.snapshots.set(hash, { ...result, at: now });
    while (state.snapshots.size > MAX_SNAPSHOTS) state.snapshots.delete(state.snapshots.keys().next().value ?? '');
  }
  const offset = token ? token.o : skip;
  const data = result.rows.slice(offset, offset + top);
  const more = offset + data.length < result.rows.length;
  const pageable = result.columns.includes('id');
  state.answered++;
  return {
    status: 200,
    headers,
    body: {
      totalRecords: result.rows.length,
      count: data.length,
      data,
      facets: [],
      resultTruncated: more && !pageable ? 'true' : 'false',
      ...(more && pageable ? { $skipToken: Buffer.from(JSON.stringify({ h: hash, o: offset + data.length })).toString('base64url') } : {}),
    },
  };
}
