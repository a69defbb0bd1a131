/**
 * The policies every ARM client of a gateway shares: the host guard, the observer (duplicate
 * fetches, writes' exchanges, 403 bodies, the capture recorder) and the transport policy that
 * owns each attempt: per-host concurrency, a timeout covering connect, TLS and the whole body,
 * retries within the diagnosis deadline, Retry-After up to a cap, and faults named in words.
 * The SDK's own retry policy is set to zero retries: its throttling strategy would sleep for
 * any Retry-After (an hour, silently) and its backoff knows no deadline.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerServiceClientOptionalParams } from '@azure/arm-containerservice';
import pLimit from 'p-limit';
import { AzureError, actionFromMessage, causeChain, isAzureError } from './errors.js';
import {
  hostOf, rateLimitRemaining, responseFault, retryAfterMs, serverFault, throttleFault, timeoutFault, transportFault,
  type AttemptContext, type SeenResponse,
} from './faults.js';
import { AttemptTrace, TRACE_OPTION, type Transport } from './transport.js';

// The policy shapes, taken from the SDK's own options so no pipeline package is imported here.
export type AdditionalPolicy = NonNullable<ContainerServiceClientOptionalParams['additionalPolicies']>[number];
export type PipelinePolicy = AdditionalPolicy['policy'];
export type PipelineRequest = Parameters<PipelinePolicy['sendRequest']>[0];
export type PipelineResponse = Awaited<ReturnType<PipelinePolicy['sendRequest']>>;

export interface RecordedResponse { method: string; url: string; status: number; bodyText: string }

/** What one write saw of its HTTP exchanges (collected by the pipeline through AsyncLocalStorage). */
export interface OperationTracker {
  kind: 'write';
  requestIds: string[];
  correlationId?: string | undefined;
  operationUrl?: string | undefined;
  accepted: boolean;
  /** From the latest poll answer's body. */
  armStatus?: string | undefined;
  percentComplete?: number | undefined;
  armError?: { code?: string | undefined; message: string } | undefined;
  onAccepted?: ((accepted: { requestId?: string | undefined; correlationId?: string | undefined; operationUrl?: string | undefined }) => void) | undefined;
}

/** A deliberate fresh read (writes re-read state): not a duplicate fetch. */
export interface FreshRead { kind: 'fresh' }

/** A request whose 429 answers are counted on their own (Resource Graph counts its throttles apart from ARM's). */
export interface CountedRequest { kind: 'counted'; throttled: number }

export type RequestScope = OperationTracker | FreshRead | CountedRequest;

/**
 * A read's 403 answer, as ARM sent it. The newer SDKs replace a failed list page's message
 * with "Pagination failed with unexpected statusCode 403", losing the permission ARM named;
 * the pipeline sees the body, so the read can still say which action is missing.
 */
export interface ReadScope { forbiddenAction?: string | undefined }

export interface RetrySettings { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number }

export interface PipelineOptions {
  /** `host[:port]` requests may go to. */
  allowedHost: string;
  transport: Transport;
  caFile: boolean;
  requestTimeoutMs: number;
  retry: RetrySettings | undefined;
  /** The longest Retry-After honoured; a longer one ends the read as throttled. */
  throttleCapMs: number;
  /** Requests in flight at once to ARM. */
  concurrency: number;
  /** When the current diagnosis must be done (epoch ms), if it has a deadline. */
  deadline: () => number | undefined;
  /** Cancels everything (the gateway is closing) when the caller passed no signal of its own. */
  fallbackSignal: AbortSignal;
  onResponse?: ((r: RecordedResponse) => void) | undefined;
  debug?: ((line: string) => void) | undefined;
}

export interface PipelineStats {
  /** HTTP requests sent (retries included). */
  requests: number;
  /** Same GET URL fetched more than once in this run. Should always be 0. */
  duplicateFetches: number;
  /** Answers that were 429 Too Many Requests. */
  throttled: number;
}

export interface Pipeline {
  policies: AdditionalPolicy[];
  stats: PipelineStats;
  requestScope: AsyncLocalStorage<RequestScope>;
  readScope: AsyncLocalStorage<ReadScope>;
  /** Hosts with a request not yet finished (sent, queued or waiting to retry). */
  pendingHosts(): string[];
  /** Forget which GETs were seen (a new diagnosis). */
  clearSeen(): void;
}

const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 1000;
const DEFAULT_MAX_RETRY_DELAY_MS = 64_000;
/** Below this many remaining reads (`x-ms-ratelimit-remaining-*`), requests go one at a time, spaced. */
const RATE_LIMIT_LOW_WATER = 25;
const RATE_LIMIT_SPACING_MS = 300;

/** SDK-like exponential backoff with jitter: half fixed, half random. */
function backoffMs(attempt: number, retry: RetrySettings | undefined): number {
  const base = retry?.retryDelayInMs ?? DEFAULT_RETRY_DELAY_MS;
  const max = retry?.maxRetryDelayInMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  const exp = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return exp / 2 + Math.random() * (exp / 2);
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

type Decision =
  | { response: PipelineResponse; retryInMs?: undefined }
  /** Another attempt may help: `error` is what to say if none is made, else the response is returned. */
  | { retryInMs: number; response?: PipelineResponse | undefined; error?: AzureError | undefined };

export function createPipeline(o: PipelineOptions): Pipeline {
  const stats: PipelineStats = { requests: 0, duplicateFetches: 0, throttled: 0 };
  const seenGets = new Set<string>();
  const requestScope = new AsyncLocalStorage<RequestScope>();
  const readScope = new AsyncLocalStorage<ReadScope>();
  const pending = new Map<string, number>();
  const limit = pLimit(Math.max(1, o.concurrency));
  const maxRetries = o.retry?.maxRetries ?? DEFAULT_RETRIES;
  let slowDown = false;
  let nextSlot = 0;

  const guard = (url: string, method: string): void => {
    const host = hostOf(url).toLowerCase();
    if (host !== o.allowedHost) {
      throw new AzureError({
        kind: 'refusedHost',
        message: `refused to send ${method} to ${host}: only the configured ARM endpoint ${o.allowedHost} is allowed`,
        operation: `${method} ${url}`,
      });
    }
  };

  const hostGuardPolicy: PipelinePolicy = {
    name: 'aksNetisoHostGuard',
    sendRequest(request, next) {
      guard(request.url, request.method);
      return next(request);
    },
  };

  const observePolicy: PipelinePolicy = {
    name: 'aksNetisoObserve',
    async sendRequest(request, next) {
      const current = requestScope.getStore();
      if (request.method === 'GET' && !current) {
        const key = request.url.toLowerCase();
        if (seenGets.has(key)) stats.duplicateFetches++;
        else seenGets.add(key);
      }
      const response = await next(request);
      if (current?.kind === 'write') observeWrite(current, request, response);
      if (response.status === 403) {
        const read = readScope.getStore();
        if (read && !read.forbiddenAction) read.forbiddenAction = actionFromMessage(response.bodyAsText ?? undefined);
      }
      o.onResponse?.({ method: request.method, url: request.url, status: response.status, bodyText: response.bodyAsText ?? '' });
      return response;
    },
  };

  /** When ARM says few reads remain, wait for this request's slot. */
  async function rateGate(signal: AbortSignal): Promise<void> {
    if (!slowDown) return;
    const now = Date.now();
    const wait = Math.max(0, nextSlot - now);
    nextSlot = Math.max(now, nextSlot) + RATE_LIMIT_SPACING_MS;
    if (wait > 0) await sleep(wait, undefined, { signal });
  }

  function noteRateLimit(response: PipelineResponse): void {
    const remaining = rateLimitRemaining(response.headers);
    if (remaining === undefined) return;
    const low = remaining < RATE_LIMIT_LOW_WATER;
    if (low && !slowDown) o.debug?.(`ARM says ${remaining} requests remain before it throttles: sending one at a time, ${RATE_LIMIT_SPACING_MS} ms apart`);
    slowDown = low;
  }

  async function attempt(request: PipelineRequest, next: (r: PipelineRequest) => Promise<PipelineResponse>, ctx: AttemptContext, outer: AbortSignal): Promise<Decision> {
    await rateGate(outer);
    guard(request.url, request.method);
    stats.requests++;
    const timeout = AbortSignal.timeout(o.requestTimeoutMs);
    const trace = new AttemptTrace();
    request.abortSignal = AbortSignal.any([outer, timeout]);
    request.agent = o.transport.agentFor(request.url);
    request.requestOverrides = { ...request.requestOverrides, [TRACE_OPTION]: trace };
    const began = performance.now();
    const took = (): string => `${Math.round(performance.now() - began)} ms`;
    let response: PipelineResponse;
    try {
      response = await next(request);
    } catch (e) {
      o.debug?.(`${request.method} ${request.url} attempt ${ctx.attempts}: no answer after ${took()}: ${causeChain(e).join(' <- ')}`);
      if (outer.aborted) throw e;
      if (timeout.aborted) throw timeoutFault(ctx, trace.stage(), o.requestTimeoutMs, trace.bytes);
      if (isAzureError(e)) throw e;
      const fault = transportFault(ctx, e, trace.bytes);
      if (fault.retryable) return { retryInMs: backoffMs(ctx.attempts, o.retry), error: fault.error };
      throw fault.error;
    } finally {
      request.abortSignal = outer;
    }
    const seen: SeenResponse = { status: response.status, headers: { get: (n) => response.headers.get(n) }, bodyText: response.bodyAsText ?? '' };
    const rid = response.headers.get('x-ms-request-id');
    o.debug?.(`${request.method} ${request.url} attempt ${ctx.attempts}: ${response.status} ${response.headers.get('content-type') ?? '-'} in ${took()}${rid ? ` (request id ${rid})` : ''}`);
    noteRateLimit(response);
    if (response.status === 429) stats.throttled++;
    const bad = responseFault(ctx, seen);
    if (bad) throw bad;
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(seen.headers);
      if (wait !== undefined) {
        if (wait > o.throttleCapMs) throw throttleFault(ctx, seen, wait, 'cap');
        const deadline = o.deadline();
        if (deadline !== undefined && Date.now() + wait > deadline) throw throttleFault(ctx, seen, wait, 'deadline');
        return { retryInMs: wait, response, error: response.status === 503 ? serverFault(ctx, seen) : undefined };
      }
    }
    if (isRetryableStatus(response.status)) return { retryInMs: backoffMs(ctx.attempts, o.retry), response, error: serverFault(ctx, seen) };
    return { response };
  }

  const transportPolicy: PipelinePolicy = {
    name: 'aksNetisoTransport',
    async sendRequest(request, next) {
      const outer = request.abortSignal instanceof AbortSignal ? request.abortSignal : o.fallbackSignal;
      const host = hostOf(request.url);
      const ctx: AttemptContext = { method: request.method, url: request.url, attempts: 0, proxy: o.transport.proxyFor(request.url), caFile: o.caFile };
      pending.set(host, (pending.get(host) ?? 0) + 1);
      const scope = requestScope.getStore();
      try {
        for (;;) {
          ctx.attempts++;
          ctx.url = request.url;
          const d = await limit(() => attempt(request, next, ctx, outer));
          if (scope?.kind === 'counted' && d.response?.status === 429) scope.throttled++;
          if (d.retryInMs === undefined) return d.response;
          const deadline = o.deadline();
          const spent = ctx.attempts > maxRetries;
          if (spent || (deadline !== undefined && Date.now() + d.retryInMs > deadline)) {
            if (d.response && d.response.status === 429) return d.response;
            if (d.error) throw d.error;
            if (d.response) return d.response;
          }
          await sleep(d.retryInMs, undefined, { signal: outer });
        }
      } finally {
        const left = (pending.get(host) ?? 1) - 1;
        if (left > 0) pending.set(host, left);
        else pending.delete(host);
      }
    },
  };

  return {
    policies: [
      { policy: hostGuardPolicy, position: 'perCall' },
      { policy: observePolicy, position: 'perCall' },
      { policy: transportPolicy, position: 'perRetry' },
    ],
    stats,
    requestScope,
    readScope,
    pendingHosts: () => [...pending.keys()],
    clearSeen: () => seenGets.clear(),
  };
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function observeWrite(t: OperationTracker, request: PipelineRequest, response: PipelineResponse): void {
  const rid = response.headers.get('x-ms-request-id');
  if (rid && !t.requestIds.includes(rid)) t.requestIds.push(rid);
  t.correlationId ??= response.headers.get('x-ms-correlation-request-id') ?? undefined;
  if (!t.accepted && request.method !== 'GET' && response.status >= 200 && response.status < 300) {
    t.accepted = true;
    t.operationUrl = response.headers.get('azure-asyncoperation') ?? response.headers.get('location') ?? undefined;
    try {
      t.onAccepted?.({ requestId: rid ?? undefined, correlationId: t.correlationId, operationUrl: t.operationUrl });
    } catch {
      // A failing audit/UI callback must not make an accepted write look refused.
    }
    return;
  }
  if (t.accepted && request.method === 'GET' && response.bodyAsText) {
    try {
      const body = asRecord(JSON.parse(response.bodyAsText));
      if (typeof body?.status === 'string') t.armStatus = body.status;
      if (typeof body?.percentComplete === 'number') t.percentComplete = body.percentComplete;
      const err = asRecord(body?.error);
      if (err && typeof err.message === 'string') {
        t.armError = { code: typeof err.code === 'string' ? err.code : undefined, message: err.message };
      }
    } catch {
      // A non-JSON poll answer carries no status: the poller's own state is used.
    }
  }
}
