import { AzureError, actionFromMessage, isAzureError, type AzureErrorKind } from './errors.js';

/** Where a failing call was going, to name it in the error. */
export interface ErrorContext {
  resourceId?: string | undefined;
  operation?: string | undefined;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT',
  'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET',
]);

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface HeaderBag { get(name: string): string | undefined }

/** The fields of an SDK RestError (core-rest-pipeline and the TypeSpec runtime share them). */
interface RestErrorLike {
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  code?: unknown;
  response?: { headers?: HeaderBag | Record<string, string>; bodyAsText?: string | null } | undefined;
  request?: { url?: string; method?: string } | undefined;
  details?: unknown;
  cause?: unknown;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

function header(e: RestErrorLike, name: string): string | undefined {
  const h = e.response?.headers;
  if (!h) return undefined;
  if (typeof (h as HeaderBag).get === 'function') return (h as HeaderBag).get(name) ?? undefined;
  const rec = h as Record<string, string>;
  return rec[name] ?? rec[name.toLowerCase()];
}

/** ARM's `{"error":{"code","message"}}`, from wherever the SDK left it. */
function armErrorBody(e: RestErrorLike): { code?: string | undefined; message?: string | undefined } {
  const fromDetails = asRecord(asRecord(e.details)?.error) ?? asRecord(e.details);
  let fromBody: Record<string, unknown> | undefined;
  const text = e.response?.bodyAsText;
  if (typeof text === 'string' && text.length > 0) {
    try {
      const parsed = asRecord(JSON.parse(text));
      fromBody = asRecord(parsed?.error) ?? parsed;
    } catch {
      fromBody = undefined;
    }
  }
  const pick = (k: string): string | undefined => {
    const a = fromDetails?.[k];
    if (typeof a === 'string') return a;
    const b = fromBody?.[k];
    return typeof b === 'string' ? b : undefined;
  };
  return { code: pick('code'), message: pick('message') };
}

function systemCode(e: unknown, depth = 0): string | undefined {
  const rec = asRecord(e);
  if (!rec || depth > 4) return undefined;
  const code = rec.code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || TLS_CODES.has(code))) return code;
  const errno = rec.errno;
  if (typeof errno === 'string' && UNREACHABLE_CODES.has(errno)) return errno;
  // AggregateError (happy eyeballs) and wrapped causes hide the real code one level down.
  const nested = Array.isArray(rec.errors) ? (rec.errors as unknown[]) : [];
  for (const n of [rec.cause, ...nested]) {
    const c = systemCode(n, depth + 1);
    if (c) return c;
  }
  return undefined;
}

function kindForStatus(status: number): AzureErrorKind {
  if (status === 404) return 'notFound';
  if (status === 403) return 'forbidden';
  if (status === 401) return 'authentication';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 400) return 'badRequest';
  if (status >= 500) return 'transient';
  return 'other';
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function operationOf(e: RestErrorLike): string | undefined {
  const url = e.request?.url;
  if (!url) return undefined;
  try {
    return `${e.request?.method ?? 'GET'} ${new URL(url).pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * The one place an SDK, identity or network failure becomes an AzureError. Already-mapped
 * errors pass through (with context filled in when missing).
 */
export function toAzureError(e: unknown, context: ErrorContext = {}): AzureError {
  if (isAzureError(e)) {
    if ((context.resourceId && !e.resourceId) || (context.operation && !e.operation)) return e.with(context);
    return e;
  }
  const err = (asRecord(e) ?? {}) as RestErrorLike;
  const name = typeof err.name === 'string' ? err.name : '';
  const rawMessage = typeof err.message === 'string' ? err.message : String(e);

  if (name === 'AggregateAuthenticationError') {
    // DefaultAzureCredential tried each credential of its chain and none worked.
    return new AzureError({
      kind: 'authentication',
      message: 'no usable Azure sign-in: DefaultAzureCredential found none (environment variables, workload or managed identity, Azure CLI, Azure Developer CLI, PowerShell)',
      code: name, resourceId: context.resourceId, operation: context.operation,
    });
  }
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationError' || name === 'AuthenticationRequiredError') {
    return new AzureError({
      kind: 'authentication',
      message: `no usable Azure sign-in (${firstLine(rawMessage)}); run 'az login' or pass --access-token`,
      code: name, resourceId: context.resourceId, operation: context.operation,
    });
  }
  if (name === 'AbortError') {
    return new AzureError({ kind: 'other', message: 'the request was cancelled', code: 'AbortError', resourceId: context.resourceId, operation: context.operation });
  }

  const status = typeof err.statusCode === 'number' ? err.statusCode : undefined;
  const requestId = header(err, 'x-ms-request-id') ?? header(err, 'x-ms-correlation-request-id');
  const operation = context.operation ?? operationOf(err);

  if (status !== undefined && status > 0) {
    const body = armErrorBody(err);
    const code = body.code ?? (typeof err.code === 'string' ? err.code : undefined);
    const message = firstLine(body.message ?? rawMessage);
    const kind = kindForStatus(status);
    return new AzureError({
      kind,
      message: kind === 'authentication'
        ? `ARM rejected the credential (${status}${code ? ` ${code}` : ''}: ${message}); run 'az login' or pass a fresh --access-token`
        : message,
      statusCode: status, code, requestId,
      action: kind === 'forbidden' ? actionFromMessage(body.message ?? rawMessage) : undefined,
      resourceId: context.resourceId, operation,
    });
  }

  const sys = systemCode(e);
  if (sys && TLS_CODES.has(sys)) {
    return new AzureError({
      kind: 'unreachable',
      message: `TLS verification of ${hostOf(err.request?.url) ?? 'the ARM endpoint'} failed (${sys}); pass --ca-file for a private CA`,
      code: sys, resourceId: context.resourceId, operation,
    });
  }
  if (sys || err.code === 'REQUEST_SEND_ERROR' || name === 'TimeoutError' || /socket hang up|timed? ?out/i.test(rawMessage)) {
    const host = hostOf(err.request?.url);
    return new AzureError({
      kind: 'unreachable',
      message: `${host ?? 'the ARM endpoint'}: ${sys ?? firstLine(rawMessage)}`,
      code: sys ?? (typeof err.code === 'string' ? err.code : undefined), requestId, resourceId: context.resourceId, operation,
    });
  }
  return new AzureError({
    kind: 'other', message: firstLine(rawMessage), code: typeof err.code === 'string' ? err.code : undefined,
    requestId, resourceId: context.resourceId, operation,
  });
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0] ?? s;
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}
