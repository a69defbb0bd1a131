/**
 * The Kubernetes gateway over @kubernetes/client-node. Every failure is a KubeResult value,
 * never an exception: a network isolated cluster's API server is private and often unreachable
 * from where the tool runs, and that is a finding, not a crash.
 */
import {
  ApiException, CoreV1Api, Observable, VersionApi,
  type CoreV1Event, type KubeConfig, type ObservableMiddleware, type RequestContext, type ResponseContext,
  type V1Container, type V1ContainerStatus, type V1Node, type V1Pod,
} from '@kubernetes/client-node';
import { getProxyForUrl } from 'proxy-from-env';
import { redactProxy } from '../azure/transport.js';
import type { KubeContainerStatus, KubeEvent, KubeFailureReason, KubeNode, KubePod, KubeReads, KubeResult, ManagedKubeReads } from './types.js';

export interface RecordedKubeResponse { path: string; status: number; bodyText: string }

export const DEFAULT_KUBE_TIMEOUT_MS = 15_000;

export interface KubeGatewayOptions {
  /** Per request, covering connect, TLS and the whole body; default 15 s. */
  timeoutMs?: number | undefined;
  /** The diagnosis: when it aborts, every unfinished request is cancelled with its reason. */
  signal?: AbortSignal | undefined;
  /** `--debug`: one line per failed call with its chain of causes. */
  debug?: ((line: string) => void) | undefined;
  /** `limit` of paged lists; default 500. */
  pageSize?: number | undefined;
  /** Every response with its raw JSON body: `capture` writes bundles from these. */
  onResponse?: ((r: RecordedKubeResponse) => void) | undefined;
}

const POOL_LABELS = ['kubernetes.azure.com/agentpool', 'agentpool'];
const NODE_IMAGE_LABEL = 'kubernetes.azure.com/node-image-version';
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE']);
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
]);
export const POD_WARNING_EVENTS_SELECTOR = 'involvedObject.kind=Pod,type=Warning';

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

function isoTime(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function errorCode(e: unknown, known: Set<string> = UNREACHABLE_CODES, depth = 0): string | undefined {
  const rec = asRecord(e);
  if (!rec || depth > 4) return undefined;
  for (const k of ['code', 'errno']) {
    const v = rec[k];
    if (typeof v === 'string' && known.has(v)) return v;
  }
  const nested = Array.isArray(rec.errors) ? (rec.errors as unknown[]) : [];
  for (const n of [rec.cause, ...nested]) {
    const c = errorCode(n, known, depth + 1);
    if (c) return c;
  }
  return undefined;
}

/** Every message down the chain of causes (node-fetch wraps socket errors in a FetchError). */
function messages(e: unknown, depth = 0): string[] {
  const rec = asRecord(e);
  if (!rec || depth > 4) return [];
  const m = typeof rec.message === 'string' ? [rec.message] : [];
  return [...m, ...messages(rec.cause, depth + 1)];
}

function htmlTitle(text: string): string | undefined {
  if (!/^\s*(<!doctype html|<html|<head|<body|<title)/i.test(text)) return undefined;
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(text) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(text);
  return m?.[1]?.replace(/\s+/g, ' ').trim() || 'an error page';
}

function isAbort(e: unknown): boolean {
  const rec = asRecord(e);
  if (!rec) return false;
  if (rec.name === 'AbortError' || rec.name === 'TimeoutError' || rec.type === 'aborted') return true;
  return rec.cause !== undefined && rec.cause !== e && isAbort(rec.cause);
}

/** The `message` of a Kubernetes Status body (client-node hands 4xx bodies over as raw text). */
function statusMessage(body: unknown): string | undefined {
  let rec = asRecord(body);
  if (typeof body === 'string') {
    try {
      rec = asRecord(JSON.parse(body));
    } catch {
      return body.trim() || undefined;
    }
  }
  const m = rec?.message;
  return typeof m === 'string' ? m : undefined;
}

function fail<T>(reason: KubeFailureReason, message: string): KubeResult<T> {
  return { ok: false, reason, message };
}

export function toKubeFailure<T>(e: unknown, server: string, timeoutMs: number, run?: AbortSignal): KubeResult<T> {
  if (run?.aborted) {
    const reason: unknown = run.reason;
    return fail('deadline', reason instanceof Error ? reason.message : `the diagnosis was cancelled before the API server at ${server} answered`);
  }
  if (e instanceof ApiException) {
    if (typeof e.body === 'string') {
      const title = htmlTitle(e.body);
      if (title) return fail('badResponse', `got an HTML page with ${title.includes(String(e.code)) ? title : `${e.code} ${title}`}, not a Kubernetes answer: a proxy between you and the API server at ${server}?`);
    }
    const detail = statusMessage(e.body);
    if (e.code === 401) return fail('unauthorized', `the API server at ${server} rejected the credentials (401 Unauthorized)${detail ? `: ${detail}` : ''}`);
    if (e.code === 403) return fail('forbidden', detail ?? `the API server at ${server} denied the request (403 Forbidden)`);
    return fail('other', `the API server at ${server} answered ${e.code}${detail ? `: ${detail}` : ''}`);
  }
  if (isAbort(e)) {
    return fail('timeout', `the API server at ${server} did not answer within ${timeoutMs / 1000} s`);
  }
  const tls = errorCode(e, TLS_CODES);
  if (tls) {
    const what = tls === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'the certificate is for another host name'
      : tls === 'CERT_HAS_EXPIRED' || tls === 'CERT_NOT_YET_VALID' ? 'the certificate is outside its validity dates'
        : 'its certificate is not signed by the kubeconfig\'s certificate authority';
    return fail('tls', `TLS verification of the API server at ${server} failed: ${what} (${tls}); a proxy inspecting TLS? check the kubeconfig's certificate-authority-data, HTTPS_PROXY and NO_PROXY`);
  }
  const said = messages(e).join(' | ');
  if (/\b407\b/.test(said) && /proxy|bad response/i.test(said)) {
    return fail('proxy', `the proxy at ${proxyName(server)} needs authentication (407 Proxy Authentication Required) to reach the API server at ${server}: put its user and password in HTTPS_PROXY, or add the API server to NO_PROXY`);
  }
  if (/invalid json|unexpected (end|token)|json at position/i.test(said)) {
    return fail('badResponse', `the API server at ${server} sent an invalid JSON body (${said.split(' | ', 1)[0] ?? said}); a proxy cutting answers short?`);
  }
  const code = errorCode(e);
  if (code) {
    const what = code === 'ECONNREFUSED' ? 'refused the connection'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'has a name that does not resolve from here'
        : code === 'ECONNRESET' ? 'reset the connection'
          : `could not be reached (${code})`;
    return fail('unreachable', `the API server at ${server} ${what}: a network isolated cluster's API server is private; run from inside the VNet or pass --kubeconfig`);
  }
  const message = e instanceof Error ? e.message : String(e);
  return fail('other', `talking to the API server at ${server} failed: ${message.split('\n', 1)[0] ?? message}`);
}

export function mapNode(n: V1Node): KubeNode {
  const labels = { ...(n.metadata?.labels ?? {}) };
  const pool = POOL_LABELS.map((l) => labels[l]).find((v) => v !== undefined && v.length > 0);
  return {
    name: n.metadata?.name ?? '',
    pool,
    nodeImageVersion: labels[NODE_IMAGE_LABEL],
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
    osImage: n.status?.nodeInfo?.osImage,
    createdAt: isoTime(n.metadata?.creationTimestamp),
    ready: (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    labels,
  };
}

function containerStatus(spec: V1Container | undefined, status: V1ContainerStatus | undefined, init: boolean): KubeContainerStatus {
  return {
    name: spec?.name ?? status?.name ?? '',
    // The reference as written in the pod spec: that is what the node tried to pull.
    image: spec?.image ?? status?.image ?? '',
    init,
    ready: status?.ready ?? false,
    waitingReason: status?.state?.waiting?.reason,
    waitingMessage: status?.state?.waiting?.message,
    running: status?.state?.running !== undefined,
  };
}

function containersOf(specs: V1Container[] | undefined, statuses: V1ContainerStatus[] | undefined, init: boolean): KubeContainerStatus[] {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  const out = (specs ?? []).map((c) => containerStatus(c, byName.get(c.name), init));
  // A status without a spec (never expected, but kept rather than lost).
  for (const s of statuses ?? []) if (!(specs ?? []).some((c) => c.name === s.name)) out.push(containerStatus(undefined, s, init));
  return out;
}

export function mapPod(p: V1Pod): KubePod {
  const refs = p.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    uid: p.metadata?.uid,
    nodeName: p.spec?.nodeName,
    phase: p.status?.phase,
    owner: ref ? { kind: ref.kind, name: ref.name } : undefined,
    podTemplateHash: p.metadata?.labels?.['pod-template-hash'],
    containers: [
      ...containersOf(p.spec?.initContainers, p.status?.initContainerStatuses, true),
      ...containersOf(p.spec?.containers, p.status?.containerStatuses, false),
    ],
  };
}

export function mapEvent(e: CoreV1Event): KubeEvent {
  return {
    namespace: e.metadata?.namespace ?? '',
    name: e.metadata?.name ?? '',
    type: e.type,
    reason: e.reason,
    message: e.message,
    count: e.count,
    involvedObject: {
      kind: e.involvedObject?.kind,
      name: e.involvedObject?.name,
      namespace: e.involvedObject?.namespace,
      fieldPath: e.involvedObject?.fieldPath,
    },
    firstTimestamp: isoTime(e.firstTimestamp) ?? isoTime(e.eventTime),
    lastTimestamp: isoTime(e.lastTimestamp) ?? isoTime(e.eventTime),
    host: e.source?.host ?? e.reportingInstance,
  };
}

/** A KubeReads whose every call says why Kubernetes is not available (no kubeconfig, --no-kube). */
export function notConfiguredKube(message: string): KubeReads {
  const no = <T>(): Promise<KubeResult<T>> => Promise.resolve({ ok: false, reason: 'notConfigured', message });
  return { version: no, nodes: no, pods: no, podWarningEvents: no, stats: () => ({ requests: 0 }) };
}

function proxyName(server: string): string {
  return proxyForServer(server) ?? 'HTTPS_PROXY';
}

/** The proxy (credentials removed) HTTPS_PROXY/NO_PROXY name for a server URL. */
export function proxyForServer(server: string): string | undefined {
  const p = getProxyForUrl(server);
  return p ? redactProxy(p) : undefined;
}

export function createKubeGateway(kc: KubeConfig, opts: KubeGatewayOptions = {}): ManagedKubeReads {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS;
  const run = opts.signal;
  const pageSize = opts.pageSize ?? 500;
  const server = kc.getCurrentCluster()?.server ?? 'the configured server';
  const core = kc.makeApiClient(CoreV1Api);
  const versionApi = kc.makeApiClient(VersionApi);
  let requests = 0;
  let inFlight = 0;
  const host = ((): string => {
    try {
      return new URL(server).host;
    } catch {
      return server;
    }
  })();
  const memo = new Map<string, Promise<KubeResult<unknown>>>();

  /** Per call: its own timeout, the request count, and the recorder (which needs the URL from `pre`). */
  function callOptions(): { middleware: ObservableMiddleware[]; middlewareMergeStrategy: 'append' } {
    let path = '';
    const middleware: ObservableMiddleware = {
      pre(ctx: RequestContext): Observable<RequestContext> {
        requests++;
        const timeout = AbortSignal.timeout(timeoutMs);
        ctx.setSignal(run ? AbortSignal.any([run, timeout]) : timeout);
        try {
          const u = new URL(ctx.getUrl());
          path = `${u.pathname}${u.search}`;
        } catch {
          path = ctx.getUrl();
        }
        return new Observable(Promise.resolve(ctx));
      },
      post(ctx: ResponseContext): Observable<ResponseContext> {
        const record = opts.onResponse;
        if (!record) return new Observable(Promise.resolve(ctx));
        // The body can be read once: read it here and hand the client a replayable copy.
        return new Observable(ctx.body.text().then((text) => {
          record({ path, status: ctx.httpStatusCode, bodyText: text });
          ctx.body = { text: () => Promise.resolve(text), binary: () => Promise.resolve(Buffer.from(text, 'utf8')) };
          return ctx;
        }));
      },
    };
    return { middleware: [middleware], middlewareMergeStrategy: 'append' };
  }

  function once<T>(key: string, load: () => Promise<T>): Promise<KubeResult<T>> {
    let p = memo.get(key) as Promise<KubeResult<T>> | undefined;
    if (!p) {
      inFlight++;
      p = load().then(
        (value): KubeResult<T> => ({ ok: true, value }),
        (e: unknown) => {
          const failure = toKubeFailure<T>(e, server, timeoutMs, run);
          if (!failure.ok) opts.debug?.(`kubernetes ${key}: ${failure.reason}: ${failure.message}; caused by: ${messages(e).join(' <- ')}`);
          return failure;
        },
      ).finally(() => {
        inFlight--;
      });
      memo.set(key, p);
    }
    return p;
  }

  async function paged<T>(page: (cont: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>): Promise<T[]> {
    const all: T[] = [];
    let cont: string | undefined;
    // A server that keeps answering with a continue token forever must not hang the run.
    for (let i = 0; i < 10_000; i++) {
      const res = await page(cont);
      all.push(...res.items);
      cont = res.metadata?._continue || undefined;
      if (!cont) return all;
    }
    throw new Error('the API server kept returning continue tokens; giving up');
  }

  return {
    version: () => once('version', async () => {
      const v = await versionApi.getCode(undefined, callOptions());
      return { gitVersion: v.gitVersion };
    }),
    nodes: () => once('nodes', async () =>
      (await paged((cont) => core.listNode({ limit: pageSize, _continue: cont }, callOptions()))).map(mapNode)),
    pods: () => once('pods', async () =>
      (await paged((cont) => core.listPodForAllNamespaces({ limit: pageSize, _continue: cont }, callOptions()))).map(mapPod)),
    podWarningEvents: () => once('events', async () =>
      (await paged((cont) => core.listEventForAllNamespaces({ fieldSelector: POD_WARNING_EVENTS_SELECTOR, limit: pageSize, _continue: cont }, callOptions()))).map(mapEvent)),
    stats: () => ({ requests }),
    pendingHosts: () => (inFlight > 0 ? [host] : []),
  };
}
