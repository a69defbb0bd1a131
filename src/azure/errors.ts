/**
 * What can go wrong talking to ARM, as values the checks can turn into findings.
 * The SDK's RestError never leaves src/azure/: the gateway converts it with `toAzureError`,
 * and the transport names network and protocol faults itself (`faults.ts`).
 */
export type AzureErrorKind =
  | 'notFound'
  | 'forbidden'
  | 'throttled'
  | 'conflict'
  | 'badRequest'
  /** 5xx answers, still failing after the retries. */
  | 'transient'
  /** Refused connection, unknown host name, no route. */
  | 'unreachable'
  /** A request got no (complete) answer within the request timeout. */
  | 'timeout'
  /** The diagnosis deadline (`--timeout`) passed while the request was unfinished. */
  | 'deadline'
  /** The certificate could not be verified: unknown CA, another host's name, expired. */
  | 'tls'
  /** A proxy answered instead of ARM: 407, or a proxy's error page. */
  | 'proxy'
  /** The connection was reset before or in the middle of the answer. */
  | 'connectionReset'
  /** An answer that is not ARM's: invalid JSON, an HTML page. */
  | 'badResponse'
  | 'authentication'
  | 'refusedHost'
  | 'other';

export interface AzureErrorInit {
  kind: AzureErrorKind;
  message: string;
  statusCode?: number | undefined;
  /** ARM's error code, e.g. `ResourceNotFound`, `AuthorizationFailed`, or a system code (`ECONNRESET`). */
  code?: string | undefined;
  /** `x-ms-request-id` (or `x-ms-correlation-request-id`) of the failing call. */
  requestId?: string | undefined;
  /** For forbidden: the permission ARM named, e.g. `Microsoft.ContainerRegistry/registries/read`. */
  action?: string | undefined;
  /** The resource or scope the call was about, when known. */
  resourceId?: string | undefined;
  /** The HTTP method and URL path of the failing call. */
  operation?: string | undefined;
  /** `host[:port]` the failing request went to. */
  host?: string | undefined;
  /** How many times the request was sent. */
  attempts?: number | undefined;
  /** For throttled: how long ARM asked to wait. */
  retryAfterMs?: number | undefined;
  /** What this error was made from (an SDK or socket error), for `--debug`. */
  cause?: unknown;
}

export class AzureError extends Error {
  readonly kind: AzureErrorKind;
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly action: string | undefined;
  readonly resourceId: string | undefined;
  readonly operation: string | undefined;
  readonly host: string | undefined;
  readonly attempts: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: AzureErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AzureError';
    this.kind = init.kind;
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.requestId = init.requestId;
    this.action = init.action;
    this.resourceId = init.resourceId;
    this.operation = init.operation;
    this.host = init.host;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The same error with context filled in where it has none (what it already knows stays). */
  with(extra: Partial<AzureErrorInit>): AzureError {
    const init: AzureErrorInit = {
      kind: this.kind, message: this.message, statusCode: this.statusCode, code: this.code, requestId: this.requestId,
      action: this.action, resourceId: this.resourceId, operation: this.operation, host: this.host, attempts: this.attempts,
      retryAfterMs: this.retryAfterMs, cause: this.cause,
    };
    for (const [k, v] of Object.entries(extra) as [keyof AzureErrorInit, unknown][]) {
      if (v !== undefined && init[k] === undefined) (init as unknown as Record<string, unknown>)[k] = v;
    }
    return new AzureError(init);
  }

  /** One line for a human: what failed and what to do. */
  describe(): string {
    const rid = this.requestId && !this.message.includes(this.requestId) ? ` (request id ${this.requestId})` : '';
    switch (this.kind) {
      case 'forbidden':
        return this.action
          ? `permission denied: the signed-in identity lacks ${this.action}${rid}`
          : `permission denied: ${this.message}${rid}`;
      case 'notFound':
        return `not found: ${this.resourceId ?? this.message}${rid}`;
      case 'throttled':
        return this.retryAfterMs !== undefined || this.message.startsWith('ARM is throttling')
          ? `${this.message}${rid}`
          : `ARM throttled the request and retries did not help; try again in a minute${rid}`;
      case 'authentication':
        return `sign-in failed: ${this.message}${/az login/.test(this.message) ? '' : ". Run 'az login' or pass --access-token"}`;
      case 'unreachable':
        return this.message.startsWith('cannot reach') ? this.message : `cannot reach Azure Resource Manager: ${this.message}`;
      default:
        return `${this.message}${rid}`;
    }
  }
}

export function isAzureError(e: unknown): e is AzureError {
  return e instanceof AzureError;
}

/** ARM's AuthorizationFailed message names the action: "...does not have authorization to perform action 'X' over scope 'Y'...". */
export function actionFromMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const m = /perform action '([^']+)'/i.exec(message) ?? /action[:\s]+'?([A-Za-z]+\.[A-Za-z]+\/[\w./]+)'?/i.exec(message);
  return m?.[1];
}

/** The chain of causes of an error, one entry per level, for `--debug`. */
export function causeChain(e: unknown, max = 6): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  const seen = new Set<unknown>();
  while (cur !== undefined && cur !== null && out.length < max && !seen.has(cur)) {
    seen.add(cur);
    if (cur instanceof Error) {
      const code = (cur as { code?: unknown }).code;
      out.push(`${cur.name}${typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : ''}: ${cur.message.split('\n', 1)[0] ?? ''}`);
      const nested: unknown = cur instanceof AggregateError ? (cur.errors as unknown[])[0] : undefined;
      cur = cur.cause ?? nested;
    } else {
      out.push(typeof cur === 'string' ? cur : JSON.stringify(cur) ?? typeof cur);
      break;
    }
  }
  return out;
}
