import { randomUUID } from 'node:crypto';
import type { Bundle } from '../../bundle/types.js';
import { idKey, tryParseResourceId } from '../../azure/resource-id.js';
import { findResource, type ArmError } from '../arm.js';
import { applyWrite, type WriteRequest } from '../provider.js';
import { armErrorReply, type Reply } from './reply.js';

/**
 * Long-running operations, time-driven as on the service: an accepted write runs for
 * `durationMs` and then completes whether or not anyone polls, so a client that only reads the
 * resource sees `Updating` turn into `Succeeded`. Polls carry `Retry-After`.
 */
export interface LroSettings {
  /** How long an operation started now runs, ms. */
  durationMs: () => number;
  /** The `Retry-After` (seconds) of accepted writes and of polls while running; undefined: none. */
  retryAfterSeconds: number | undefined;
  /** Runs a write so the Kubernetes side sees what it changed (resourceVersions move). */
  track?: <T>(write: () => T) => T;
}

/** The api-version of operation URLs: the one the owning resource provider serves. */
const OPERATION_API_VERSIONS: Record<string, string> = {
  'microsoft.containerservice': '2026-04-01',
  'microsoft.containerregistry': '2025-11-01',
};

export interface Operation {
  id: string;
  method: WriteRequest['method'];
  /** The resource the write addressed. */
  resourceId: string;
  done: boolean;
  failure?: ArmError | undefined;
  startTime: string;
  endTime?: string | undefined;
  /** Provisioning states set while running: restored on failure, `Succeeded` on success. */
  marks: Array<{ id: string; prior: unknown; final: 'Succeeded' | 'restore' }>;
  /** The body of the final `Location` answer (POST actions). */
  finalBody?: unknown;
  /** A DELETE is carried out when the operation completes (the resource reads `Deleting` meanwhile). */
  deferred?: WriteRequest | undefined;
  /** How AKS names it in a 409 (`update managed cluster`). */
  words: string;
  /** True when it holds the cluster (cluster and agent pool operations). */
  clusterScoped: boolean;
  urls: { asyncOperation: string; location: string };
}

export interface StartRequest {
  method: WriteRequest['method'];
  resourceId: string;
  words: string;
  clusterScoped: boolean;
}

export interface Operations {
  /** A new running operation; its URLs are fixed now, while the resource (and its location) exists. */
  create(request: StartRequest): Operation;
  /** Sets a provisioning state for the operation's lifetime. */
  mark(op: Operation, id: string, state: string): void;
  /** Starts the clock: the operation completes `durationMs` from now. */
  run(op: Operation): void;
  /** Completes every operation whose time is up (called on each request, so answers never lag a timer). */
  settle(): void;
  running(): Operation[];
  /** The answer to a GET of an operation URL, or undefined when the path is not one. */
  poll(segments: readonly string[]): Reply | undefined;
  /** Headers of the initial answer to an accepted write. */
  acceptedHeaders(op: Operation): Record<string, string>;
  close(): void;
}

function propertiesOf(bundle: Bundle, id: string): Record<string, unknown> | undefined {
  const resource = findResource(bundle, id);
  if (!resource) return undefined;
  if (!resource.properties || typeof resource.properties !== 'object') resource.properties = {};
  return resource.properties;
}

export function createOperations(bundle: Bundle, baseUrl: () => string, settings: LroSettings, onComplete: () => void): Operations {
  const operations = new Map<string, Operation>();
  const timers = new Set<NodeJS.Timeout>();
  const due = new Map<Operation, number>();
  const fallbackSubscription = tryParseResourceId(bundle.cluster)?.subscriptionId ?? '00000000-0000-0000-0000-000000000000';

  function urlsFor(method: WriteRequest['method'], resourceId: string, id: string): Operation['urls'] {
    const parsed = tryParseResourceId(resourceId);
    const namespace = parsed?.provider ?? 'Microsoft.Resources';
    const apiVersion = OPERATION_API_VERSIONS[namespace.toLowerCase()] ?? '2025-01-01';
    // ACR answers a registry DELETE with a Location under the registry itself.
    if (method === 'DELETE' && parsed && parsed.fullType.toLowerCase() === 'microsoft.containerregistry/registries') {
      const status = `${baseUrl()}${parsed.id}/operationStatuses/registries-${id}?api-version=${apiVersion}`;
      return { asyncOperation: status, location: status };
    }
    const resource = parsed ? findResource(bundle, parsed.id) : undefined;
    const location = typeof resource?.location === 'string' ? resource.location.replace(/\s+/g, '').toLowerCase() : 'eastus';
    const prefix = `${baseUrl()}/subscriptions/${parsed?.subscriptionId ?? fallbackSubscription}/providers/${namespace}/locations/${location}`;
    return {
      asyncOperation: `${prefix}/operations/${id}?api-version=${apiVersion}`,
      location: `${prefix}/operationresults/${id}?api-version=${apiVersion}`,
    };
  }

  function complete(op: Operation): void {
    if (op.done) return;
    op.done = true;
    op.endTime = new Date().toISOString();
    due.delete(op);
    // Unwind in reverse so a resource marked twice ends at its first prior value.
    for (const m of [...op.marks].reverse()) {
      const props = propertiesOf(bundle, m.id);
      if (!props) continue;
      if (m.final === 'restore') {
        if (m.prior === undefined) delete props['provisioningState'];
        else props['provisioningState'] = m.prior;
      } else {
        props['provisioningState'] = 'Succeeded';
      }
    }
    if (op.deferred && !op.failure) {
      const deferred = op.deferred;
      const outcome = settings.track ? settings.track(() => applyWrite(bundle, deferred)) : applyWrite(bundle, deferred);
      if (!outcome.ok) op.failure = { code: outcome.code, message: outcome.message };
    }
    if (op.method === 'POST' || op.method === 'PATCH') op.finalBody = findResource(bundle, op.resourceId) ?? op.finalBody;
    onComplete();
  }

  function retryAfter(): Record<string, string> {
    return settings.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(settings.retryAfterSeconds) };
  }

  const api: Operations = {
    create(request) {
      const id = randomUUID();
      const op: Operation = {
        id, method: request.method, resourceId: request.resourceId, done: false, startTime: new Date().toISOString(),
        marks: [], words: request.words, clusterScoped: request.clusterScoped, urls: urlsFor(request.method, request.resourceId, id),
      };
      operations.set(op.id, op);
      return op;
    },
    mark(op, id, state) {
      const props = propertiesOf(bundle, id);
      if (!props) return;
      op.marks.push({ id, prior: props['provisioningState'], final: op.failure ? 'restore' : 'Succeeded' });
      props['provisioningState'] = state;
    },
    run(op) {
      const ms = Math.max(0, settings.durationMs());
      due.set(op, performance.now() + ms);
      const timer = setTimeout(() => {
        timers.delete(timer);
        complete(op);
      }, ms);
      timer.unref();
      timers.add(timer);
    },
    settle() {
      const now = performance.now();
      for (const [op, at] of [...due]) if (at <= now) complete(op);
    },
    running: () => [...operations.values()].filter((o) => !o.done),
    acceptedHeaders(op) {
      const headers: Record<string, string> = { ...retryAfter() };
      if (op.method === 'DELETE') headers['Location'] = op.urls.location;
      else headers['Azure-AsyncOperation'] = op.urls.asyncOperation;
      if (op.method === 'POST') headers['Location'] = op.urls.location;
      return headers;
    },
    poll(segments) {
      const n = segments.length;
      const last = segments[n - 1] ?? '';
      const kind = segments[n - 2]?.toLowerCase();
      let op: Operation | undefined;
      let statusBody = false;
      if (kind === 'operationstatuses' && last.toLowerCase().startsWith('registries-')) {
        op = operations.get(last.slice('registries-'.length));
        if (!op) return undefined;
      } else {
        if (n < 8 || segments[n - 4]?.toLowerCase() !== 'locations') return undefined;
        if (kind !== 'operations' && kind !== 'operationresults') return undefined;
        op = operations.get(last);
        if (!op) return armErrorReply(404, { code: 'OperationNotFound', message: `The operation '${last}' was not found.` });
        statusBody = kind === 'operations';
      }
      api.settle();
      if (statusBody) {
        const status = !op.done ? 'InProgress' : op.failure ? 'Failed' : 'Succeeded';
        return {
          status: 200,
          headers: op.done ? undefined : retryAfter(),
          body: {
            id: new URL(op.urls.asyncOperation).pathname,
            name: op.id,
            status,
            startTime: op.startTime,
            ...(op.endTime ? { endTime: op.endTime } : {}),
            ...(op.failure ? { error: op.failure } : {}),
          },
        };
      }
      if (!op.done) return { status: 202, headers: { Location: op.urls.location, ...retryAfter() } };
      if (op.failure) return armErrorReply(400, op.failure);
      if (op.method === 'DELETE') return { status: 204 };
      return { status: 200, body: op.finalBody ?? {} };
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
  return api;
}

/** True when `id` is the cluster or one of its children. */
export function underCluster(bundle: Bundle, id: string): boolean {
  const key = idKey(id);
  const clusterKey = idKey(bundle.cluster);
  return key === clusterKey || key.startsWith(`${clusterKey}/`);
}
