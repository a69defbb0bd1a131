/**
 * Azure Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`,
 * sent through an SDK client's pipeline (token, host guard, transport retries, 429 Retry-After
 * within the cap) without `@azure/arm-resourcegraph` (see docs/toolchain.md: it declares node >= 22).
 * This file adds what Resource Graph has and ARM has not: `$skipToken` paging and the per-user
 * quota headers, which it obeys by waiting for the window to reset before the quota runs out.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { AzureError, type AzureErrorInit } from './errors.js';
import { retryAfterMs } from './faults.js';
import type { CountedRequest, PipelineRequest, PipelineResponse, RequestScope } from './pipeline.js';

export const RESOURCE_GRAPH_API_VERSION = '2024-04-01';
export const RESOURCE_GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';
/** Resource Graph's largest `$top`. */
export const RESOURCE_GRAPH_MAX_TOP = 1000;
/** No query of ours needs more pages than this; a service that keeps answering a skip token is a bug. */
const MAX_PAGES = 500;

/** Which subscriptions a query reads: both empty means every subscription the credential sees. */
export interface ResourceGraphScope {
  subscriptions?: readonly string[] | undefined;
  managementGroups?: readonly string[] | undefined;
}

export interface ResourceGraphStats {
  /** POSTs answered (each page is one query, as Resource Graph's quota counts them). */
  queries: number;
  /** 429 answers to Resource Graph queries (each attempt counts). */
  throttled: number;
  /** Times a query waited for the quota window to reset before sending. */
  quotaWaits: number;
  quotaWaitMs: number;
}

/** Why a Resource Graph query failed. */
export type ResourceGraphFailure = 'invalidQuery' | 'forbidden' | 'throttled' | 'badRequest' | 'failed';

export interface ResourceGraphErrorDetail { code?: string | undefined; message?: string | undefined }

/** A failed query: an AzureError (so it maps and describes like the rest) that also says which query and why. */
export class ResourceGraphError extends AzureError {
  readonly failure: ResourceGraphFailure;
  readonly query: string;
  readonly details: ResourceGraphErrorDetail[];
  constructor(init: AzureErrorInit & { failure: ResourceGraphFailure; query: string; details?: ResourceGraphErrorDetail[] | undefined }) {
    super(init);
    this.name = 'ResourceGraphError';
    this.failure = init.failure;
    this.query = init.query;
    this.details = init.details ?? [];
  }
}

export function isResourceGraphError(e: unknown): e is ResourceGraphError {
  return e instanceof ResourceGraphError;
}

export interface ResourceGraphDeps {
  /** Sends one request through the gateway's pipeline (an SDK client's `sendRequest`). */
  send(request: PipelineRequest): Promise<PipelineResponse>;
  /** `https://host[:port]` of ARM (Resource Graph is served by the same host). */
  endpoint: string;
  /** The pipeline's scope store, so this query's 429s are counted apart from ARM's. */
  requestScope: AsyncLocalStorage<RequestScope>;
  /** What cancels a request sent now (the run's deadline, closing). */
  signal(): AbortSignal;
  /** Queries in flight at once (default 2): the quota is per user, not per connection. */
  concurrency?: number | undefined;
  /** Page size (default and most: 1000). */
  top?: number | undefined;
  debug?: ((line: string) => void) | undefined;
}

export interface ResourceGraph {
  /** Every row of the query over the scope, all pages. The query must project `id` to page. */
  query<Row = Record<string, unknown>>(kql: string, scope?: ResourceGraphScope, name?: string): Promise<Row[]>;
  stats(): ResourceGraphStats;
}

interface Page {
  totalRecords?: number;
  count?: number;
  resultTruncated?: string;
  $skipToken?: string;
  data?: unknown;
}

/** `hh:mm:ss` (fractions allowed) as ms; undefined when not that shape. */
export function parseQuotaResetsAfter(value: string | null | undefined): number | undefined {
  const m = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec((value ?? '').trim());
  if (!m) return undefined;
  return Math.round(((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000);
}

function quotaOf(response: PipelineResponse): { remaining?: number; resetsAfterMs?: number } {
  const raw = response.headers.get('x-ms-user-quota-remaining');
  const remaining = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  const resetsAfterMs = parseQuotaResetsAfter(response.headers.get('x-ms-user-quota-resets-after'));
  return { ...(remaining !== undefined ? { remaining } : {}), ...(resetsAfterMs !== undefined ? { resetsAfterMs } : {}) };
}

function failureOf(status: number, code: string | undefined, details: ResourceGraphErrorDetail[]): ResourceGraphFailure {
  if (status === 400 && (code === 'InvalidQuery' || details.some((d) => d.code === 'InvalidQuery'))) return 'invalidQuery';
  if (status === 400) return 'badRequest';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 429) return 'throttled';
  return 'failed';
}

const KIND: Record<ResourceGraphFailure, AzureErrorInit['kind']> = {
  invalidQuery: 'badRequest', badRequest: 'badRequest', forbidden: 'forbidden', throttled: 'throttled', failed: 'other',
};

function errorFrom(response: PipelineResponse, query: string): ResourceGraphError {
  let body: { error?: { code?: string; message?: string; details?: ResourceGraphErrorDetail[] } } = {};
  try {
    body = JSON.parse(response.bodyAsText ?? '{}') as typeof body;
  } catch {
    body = {};
  }
  const details = Array.isArray(body.error?.details) ? body.error.details : [];
  const failure = failureOf(response.status, body.error?.code, details);
  const said = details.map((d) => d.message).filter((m): m is string => !!m && m !== body.error?.message);
  const message = [body.error?.message ?? `Resource Graph answered ${response.status}`, ...said].join(' ');
  return new ResourceGraphError({
    kind: response.status >= 500 ? 'transient' : KIND[failure],
    failure,
    query,
    details,
    statusCode: response.status,
    code: failure === 'invalidQuery' ? 'InvalidQuery' : body.error?.code,
    message,
    requestId: response.headers.get('x-ms-request-id') ?? undefined,
    action: failure === 'forbidden' ? 'Microsoft.ResourceGraph/resources/read' : undefined,
    retryAfterMs: response.status === 429 ? retryAfterMs({ get: (n) => response.headers.get(n) ?? undefined }) : undefined,
    operation: `POST ${RESOURCE_GRAPH_PATH}`,
  });
}

export function createResourceGraph(deps: ResourceGraphDeps): ResourceGraph {
  const stats: ResourceGraphStats = { queries: 0, throttled: 0, quotaWaits: 0, quotaWaitMs: 0 };
  const url = `${deps.endpoint.replace(/\/+$/, '')}${RESOURCE_GRAPH_PATH}?api-version=${RESOURCE_GRAPH_API_VERSION}`;
  const top = Math.min(RESOURCE_GRAPH_MAX_TOP, Math.max(1, deps.top ?? RESOURCE_GRAPH_MAX_TOP));
  const concurrency = Math.max(1, deps.concurrency ?? 2);
  /** The quota as last reported: queries left in the window, and when (epoch ms) the window resets. */
  let quota: { remaining: number; resetsAt: number } | undefined;
  let inFlight = 0;
  const waiting: (() => void)[] = [];

  /** Waits for a slot: fewer than `concurrency` in flight, and the quota not spent by those in flight. */
  async function acquire(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      if (quota && Date.now() >= quota.resetsAt) quota = undefined;
      const spent = quota !== undefined && quota.remaining - inFlight <= 0;
      if (!spent && inFlight < concurrency) {
        inFlight++;
        return;
      }
      if (spent && quota && inFlight === 0) {
        const wait = Math.max(0, quota.resetsAt - Date.now());
        deps.debug?.(`Resource Graph quota spent: waiting ${wait} ms for it to reset`);
        stats.quotaWaits++;
        stats.quotaWaitMs += wait;
        await sleep(wait, undefined, { signal });
        quota = undefined;
        continue;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(): void {
    inFlight--;
    waiting.shift()?.();
  }

  function note(response: PipelineResponse): void {
    const q = quotaOf(response);
    if (q.remaining === undefined) return;
    const resetsAt = Date.now() + (q.resetsAfterMs ?? 1000);
    // The lowest count wins within a window: answers may arrive out of order.
    if (!quota || resetsAt > quota.resetsAt + 1000 || q.remaining < quota.remaining) quota = { remaining: q.remaining, resetsAt };
  }

  async function page(kql: string, scope: ResourceGraphScope, name: string, skipToken: string | undefined): Promise<Page> {
    const signal = deps.signal();
    await acquire(signal);
    const counted: CountedRequest = { kind: 'counted', throttled: 0 };
    try {
      const body = {
        ...(scope.subscriptions && scope.subscriptions.length > 0 ? { subscriptions: [...scope.subscriptions] } : {}),
        ...(scope.managementGroups && scope.managementGroups.length > 0 ? { managementGroups: [...scope.managementGroups] } : {}),
        query: kql,
        options: { $top: top, ...(skipToken ? { $skipToken: skipToken } : {}), resultFormat: 'objectArray' },
      };
      const request = createPipelineRequest({
        url,
        method: 'POST',
        body: JSON.stringify(body),
        headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
        abortSignal: signal,
      });
      const response = await deps.requestScope.run(counted, () => deps.send(request));
      stats.queries++;
      note(response);
      if (response.status !== 200) throw errorFrom(response, name);
      try {
        return JSON.parse(response.bodyAsText ?? '{}') as Page;
      } catch (e) {
        throw new ResourceGraphError({ kind: 'badResponse', failure: 'failed', query: name, message: `Resource Graph's answer to ${name} is not JSON`, cause: e });
      }
    } finally {
      stats.throttled += counted.throttled;
      release();
    }
  }

  return {
    async query<Row>(kql: string, scope: ResourceGraphScope = {}, name = 'query'): Promise<Row[]> {
      const rows: Row[] = [];
      let skipToken: string | undefined;
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        const answer = await page(kql, scope, name, skipToken);
        if (Array.isArray(answer.data)) rows.push(...(answer.data as Row[]));
        skipToken = typeof answer.$skipToken === 'string' && answer.$skipToken.length > 0 ? answer.$skipToken : undefined;
        if (!skipToken) {
          if (answer.resultTruncated === 'true') {
            throw new ResourceGraphError({
              kind: 'badRequest', failure: 'badRequest', query: name,
              message: `Resource Graph truncated the answer to ${name} at ${rows.length} rows without a skip token: the query must project id`,
            });
          }
          return rows;
        }
      }
      throw new ResourceGraphError({ kind: 'other', failure: 'failed', query: name, message: `Resource Graph kept paging ${name} past ${MAX_PAGES} pages` });
    },
    stats: () => ({ ...stats }),
  };
}
