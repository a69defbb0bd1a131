/**
 * What can go wrong talking to ARM, as values the checks can turn into findings.
 * The SDK's RestError never leaves src/azure/: the gateway converts it with `toAzureError`.
 */
export type AzureErrorKind =
  | 'notFound'
  | 'forbidden'
  | 'throttled'
  | 'conflict'
  | 'badRequest'
  | 'transient'
  | 'unreachable'
  | 'authentication'
  | 'refusedHost'
  | 'other';

export interface AzureErrorInit {
  kind: AzureErrorKind;
  message: string;
  statusCode?: number | undefined;
  /** ARM's error code, e.g. `ResourceNotFound`, `AuthorizationFailed`. */
  code?: string | undefined;
  /** `x-ms-request-id` (or `x-ms-correlation-request-id`) of the failing call. */
  requestId?: string | undefined;
  /** For forbidden: the permission ARM named, e.g. `Microsoft.ContainerRegistry/registries/read`. */
  action?: string | undefined;
  /** The resource or scope the call was about, when known. */
  resourceId?: string | undefined;
  /** The HTTP method and URL path of the failing call. */
  operation?: string | undefined;
}

export class AzureError extends Error {
  readonly kind: AzureErrorKind;
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly action: string | undefined;
  readonly resourceId: string | undefined;
  readonly operation: string | undefined;

  constructor(init: AzureErrorInit) {
    super(init.message);
    this.name = 'AzureError';
    this.kind = init.kind;
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.requestId = init.requestId;
    this.action = init.action;
    this.resourceId = init.resourceId;
    this.operation = init.operation;
  }

  /** One line for a human: what failed and what to do. */
  describe(): string {
    const rid = this.requestId ? ` (request id ${this.requestId})` : '';
    switch (this.kind) {
      case 'forbidden':
        return this.action
          ? `permission denied: the signed-in identity lacks ${this.action}${rid}`
          : `permission denied: ${this.message}${rid}`;
      case 'notFound':
        return `not found: ${this.resourceId ?? this.message}${rid}`;
      case 'throttled':
        return `ARM throttled the request and retries did not help; try again in a minute${rid}`;
      case 'authentication':
        return `sign-in failed: ${this.message}${/az login/.test(this.message) ? '' : ". Run 'az login' or pass --access-token"}`;
      case 'unreachable':
        return `cannot reach Azure Resource Manager: ${this.message}`;
      case 'refusedHost':
        return this.message;
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
