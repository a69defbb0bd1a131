/**
 * Transport and protocol faults in words: each becomes one AzureError whose message names the
 * host, what happened and what to do. Pure functions over what the pipeline saw of an attempt,
 * so every sentence is table-tested without a network.
 */
import { AzureError } from './errors.js';
import type { ConnectionStage } from './transport.js';

/** What the pipeline knows about the request that failed. */
export interface AttemptContext {
  method: string;
  url: string;
  /** How many times it was sent, this one included. */
  attempts: number;
  /** The proxy it went through (credentials removed). */
  proxy?: string | undefined;
  /** Whether a CA was given with --ca-file. */
  caFile?: boolean | undefined;
}

export interface HeaderReader { get(name: string): string | undefined }

const UNKNOWN_CA = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);
const CERT_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EADDRNOTAVAIL']);
/** Codes worth another attempt: the next connection may well work. */
const RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** `GET /subscriptions/…/managedClusters/aks` (no query string: api-version is noise here). */
export function operationOf(method: string, url: string): string {
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return `${method} ${url}`;
  }
}

/** 250 ms, 1.5 s, 15 s, 5 min, 1 h. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  const min = s / 60;
  if (min < 60) return `${Math.round(min)} min`;
  const h = min / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
}

/** How long a 429/503 asks to wait: `retry-after-ms`, `x-ms-retry-after-ms`, or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMs(headers: HeaderReader, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers.get(name);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  }
  const ra = headers.get('retry-after')?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The lowest `x-ms-ratelimit-remaining-*` count of an answer: how many reads ARM will still take. */
export function rateLimitRemaining(headers: Iterable<[string, string]>): number | undefined {
  let min: number | undefined;
  for (const [name, value] of headers) {
    if (!name.toLowerCase().startsWith('x-ms-ratelimit-remaining-')) continue;
    const n = Number(value);
    if (Number.isInteger(n) && n >= 0) min = min === undefined ? n : Math.min(min, n);
  }
  return min;
}

function attemptsNote(n: number): string {
  return n > 1 ? `, ${n} attempts` : '';
}

/** Why a request got no complete answer in time, from how far its connection got. */
export function timeoutFault(ctx: AttemptContext, stage: ConnectionStage, timeoutMs: number, bodyBytes: number): AzureError {
  const host = hostOf(ctx.url);
  const op = operationOf(ctx.method, ctx.url);
  const within = formatDuration(timeoutMs);
  const messages: Record<ConnectionStage, string> = {
    connecting: `no answer from ${host} within ${within}: the TCP connection was never accepted; check the network, a firewall or --arm-endpoint`,
    proxy: `no answer within ${within} from the proxy at ${ctx.proxy ?? 'HTTPS_PROXY'} while it connected to ${host}; check HTTPS_PROXY/NO_PROXY`,
    tls: `no answer from ${host} within ${within}: the connection was accepted but the TLS handshake never finished; a proxy or firewall holding TLS connections?`,
    waiting: `no answer from ${host} within ${within}: connected, but nothing came back for ${op}; ARM or a proxy is not answering (--request-timeout sets the limit)`,
    body: `no complete answer from ${host} within ${within}: the answer to ${op} was still arriving (${bodyBytes} bytes so far); a slow link or a proxy trickling the answer?`,
  };
  return new AzureError({ kind: 'timeout', message: messages[stage], host, operation: op, attempts: ctx.attempts, code: 'ETIMEDOUT' });
}

/** A thrown transport error (no HTTP answer), and whether another attempt may help. */
export function transportFault(ctx: AttemptContext, e: unknown, bodyBytes: number): { error: AzureError; retryable: boolean } {
  const host = hostOf(ctx.url);
  const op = operationOf(ctx.method, ctx.url);
  const rec = (e ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof rec.code === 'string' ? rec.code : undefined;
  const raw = typeof rec.message === 'string' ? rec.message.split('\n', 1)[0] ?? '' : String(e);
  const base = { host, operation: op, attempts: ctx.attempts, code, cause: e };
  const via = ctx.proxy ? ` through the proxy at ${ctx.proxy}` : '';

  if (code && UNKNOWN_CA.has(code)) {
    const what = ctx.caFile
      ? 'its certificate is not signed by the CA in --ca-file'
      : 'its certificate is signed by a CA this machine does not trust';
    return { retryable: false, error: new AzureError({ ...base, kind: 'tls', message: `TLS verification of ${host} failed: ${what} (${code}); a proxy inspecting TLS? pass --ca-file or NODE_EXTRA_CA_CERTS with that CA` }) };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { retryable: false, error: new AzureError({ ...base, kind: 'tls', message: `TLS verification of ${host} failed: the certificate is for another host name (${raw}); check --arm-endpoint, or something else answers for that name` }) };
  }
  if (code && CERT_DATES.has(code)) {
    return { retryable: false, error: new AzureError({ ...base, kind: 'tls', message: `TLS verification of ${host} failed: the certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (${code}); check the clock of this machine, or a proxy's certificate` }) };
  }
  if (code === 'EPROTO' || (code?.startsWith('ERR_SSL_') ?? false)) {
    const plain = /wrong version number|packet length too long|http request/i.test(raw);
    return { retryable: false, error: new AzureError({ ...base, kind: 'tls', message: plain
      ? `TLS with ${host} failed: the server does not speak TLS on that port (${raw}); check --arm-endpoint`
      : `TLS with ${host} failed (${code}: ${raw})` }) };
  }
  if (code === 'PARSE_ERROR' && /reading response/i.test(raw)) {
    // The client read the status line, then lost the connection while reading the body.
    return { retryable: false, error: new AzureError({ ...base, kind: 'connectionReset', code: 'ECONNRESET', message: `${host} dropped the connection in the middle of the answer to ${op} (${bodyBytes} bytes received)${via}; a proxy or firewall cutting connections?` }) };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(raw)) {
    return { retryable: true, error: new AzureError({ ...base, kind: 'connectionReset', code: code ?? 'ECONNRESET', message: `${host} reset the connection before answering ${op} (${code ?? 'ECONNRESET'}${attemptsNote(ctx.attempts)})${via}; a proxy or firewall between you and Azure?` }) };
  }
  if (code && UNREACHABLE.has(code)) {
    const target = ctx.proxy ? `the proxy at ${ctx.proxy}` : host;
    const fix = ctx.proxy ? 'check HTTPS_PROXY/NO_PROXY' : 'check the network or --arm-endpoint';
    const what = code === 'ECONNREFUSED' ? `${target} refused the connection`
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `the name ${ctx.proxy ? hostOf(ctx.proxy) : host.replace(/:\d+$/, '')} does not resolve`
        : code === 'ETIMEDOUT' ? `${target} did not accept the connection`
          : `there is no route to ${target}`;
    return { retryable: RETRYABLE.has(code), error: new AzureError({ ...base, kind: 'unreachable', message: `cannot reach Azure Resource Manager: ${what} (${code}${attemptsNote(ctx.attempts)}); ${fix}` }) };
  }
  return {
    retryable: code !== undefined && RETRYABLE.has(code),
    error: new AzureError({ ...base, kind: 'unreachable', message: `cannot reach Azure Resource Manager at ${host}: ${raw}${code && !raw.includes(code) ? ` (${code})` : ''}` }),
  };
}

function looksLikeHtml(contentType: string | undefined, body: string): boolean {
  return /text\/html|application\/xhtml/i.test(contentType ?? '') || /^\s*(<!doctype html|<html|<head|<body|<title)/i.test(body);
}

function htmlTitle(body: string): string | undefined {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(body) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(body);
  const t = m?.[1]?.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 120) : undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 407: 'Proxy Authentication Required', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export interface SeenResponse {
  status: number;
  headers: HeaderReader;
  bodyText: string;
}

/**
 * An answer that is not ARM's: a proxy asking for credentials, an HTML page, a body that is not
 * JSON. Undefined for anything ARM could have sent (JSON, or no body).
 */
export function responseFault(ctx: AttemptContext, r: SeenResponse): AzureError | undefined {
  const host = hostOf(ctx.url);
  const op = operationOf(ctx.method, ctx.url);
  const base = { host, operation: op, attempts: ctx.attempts, statusCode: r.status, requestId: r.headers.get('x-ms-request-id') ?? undefined };
  if (r.status === 407) {
    const realm = /realm="?([^",]+)"?/i.exec(r.headers.get('proxy-authenticate') ?? '')?.[1];
    const who = ctx.proxy ? `the proxy at ${ctx.proxy}` : `a proxy between you and ${host}`;
    const fix = ctx.proxy ? 'put its user and password in HTTPS_PROXY (http://user:password@host:port), or add the host to NO_PROXY' : 'set HTTPS_PROXY to it with a user and password (http://user:password@host:port)';
    return new AzureError({ ...base, kind: 'proxy', code: 'ProxyAuthenticationRequired', message: `${who} needs authentication (407 Proxy Authentication Required${realm ? `, realm "${realm}"` : ''}): ${fix}` });
  }
  const body = r.bodyText;
  if (body.trim().length === 0) return undefined;
  const contentType = r.headers.get('content-type');
  if (looksLikeHtml(contentType, body)) {
    const title = htmlTitle(body) ?? `${r.status} ${STATUS_TEXT[r.status] ?? ''}`.trim();
    const label = title.includes(String(r.status)) ? title : `${r.status} ${title}`;
    return new AzureError({ ...base, kind: 'badResponse', code: 'HtmlAnswer', message: `got an HTML page with ${label}, not an ARM answer: a proxy between you and Azure? (from ${host} for ${op})` });
  }
  try {
    JSON.parse(body);
    return undefined;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return new AzureError({ ...base, kind: 'badResponse', code: 'InvalidJson', cause: e, message: `ARM sent an invalid JSON body for ${op} (${r.status}, ${Buffer.byteLength(body)} bytes: ${why}); a proxy cutting answers short?` });
  }
}

/** A throttled read ARM wants us to wait on longer than we may. */
export function throttleFault(ctx: AttemptContext, r: SeenResponse, waitMs: number | undefined, why: 'cap' | 'deadline' | 'retries', now = Date.now()): AzureError {
  const op = operationOf(ctx.method, ctx.url);
  const after = waitMs === undefined ? 'a while' : `${formatDuration(waitMs)} (at ${new Date(now + waitMs).toISOString().slice(11, 19)} UTC)`;
  const tail = why === 'deadline' ? ', past the diagnosis deadline' : why === 'retries' ? `; still throttled after ${ctx.attempts} attempts` : '';
  return new AzureError({
    kind: 'throttled', statusCode: r.status, code: armErrorCode(r.bodyText) ?? 'TooManyRequests', host: hostOf(ctx.url), operation: op, attempts: ctx.attempts,
    requestId: r.headers.get('x-ms-request-id') ?? undefined, retryAfterMs: waitMs,
    message: `ARM is throttling ${op}: retry after ${after}${tail}`,
  });
}

/** A 5xx that retries did not cure: ARM's code and request id, or the status alone. */
export function serverFault(ctx: AttemptContext, r: SeenResponse): AzureError {
  const op = operationOf(ctx.method, ctx.url);
  const { code, message } = armError(r.bodyText);
  const requestId = r.headers.get('x-ms-request-id') ?? undefined;
  const status = `${r.status}${code ? ` ${code}` : STATUS_TEXT[r.status] ? ` ${STATUS_TEXT[r.status]}` : ''}`;
  const said = message ? ` ("${message.split('\n', 1)[0]?.slice(0, 200) ?? ''}")` : '';
  return new AzureError({
    kind: 'transient', statusCode: r.status, code, requestId, host: hostOf(ctx.url), operation: op, attempts: ctx.attempts,
    message: `ARM kept failing ${op}: ${status}${said} after ${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}${requestId ? ` (request id ${requestId})` : ''}; Azure may be degraded: try again later`,
  });
}

function armError(body: string): { code?: string | undefined; message?: string | undefined } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown };
    const c = parsed.error?.code ?? parsed.code;
    const m = parsed.error?.message ?? parsed.message;
    return { code: typeof c === 'string' ? c : undefined, message: typeof m === 'string' ? m : undefined };
  } catch {
    return {};
  }
}

function armErrorCode(body: string): string | undefined {
  return armError(body).code;
}
