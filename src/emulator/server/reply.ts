import { randomUUID } from 'node:crypto';
import type { Bundle } from '../../bundle/types.js';
import { jwtClaims } from '../kube.js';
import { armAction, notFound, type ArmError } from '../arm.js';

/** An answer before it is written to the socket. */
export interface Reply {
  status: number;
  headers?: Record<string, string> | undefined;
  body?: unknown;
}

const DEFAULT_PRINCIPAL = { name: 'demo@emulator.local', objectId: '00000000-0000-0000-0000-0000000000de' };

export function armErrorReply(status: number, error: ArmError, headers?: Record<string, string>): Reply {
  return { status, headers, body: { error } };
}

/** Who an ARM bearer token names (its claims are read, never verified), for 403 messages. */
export function principalOf(authorization: string | undefined): { name: string; objectId: string } {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const claims = token ? jwtClaims(token) : undefined;
  if (!claims) return DEFAULT_PRINCIPAL;
  const name = claims['upn'] ?? claims['unique_name'] ?? claims['appid'] ?? claims['sub'];
  const oid = claims['oid'];
  return { name: typeof name === 'string' ? name : DEFAULT_PRINCIPAL.name, objectId: typeof oid === 'string' ? oid : DEFAULT_PRINCIPAL.objectId };
}

/** The error ARM gives for a status, worded as ARM words it (used by scripted faults). */
export function defaultArmError(bundle: Bundle, subscriptionId: string, status: number, method: string, path: string, authorization: string | undefined): ArmError {
  switch (status) {
    case 400:
      return { code: 'BadRequest', message: 'The request is invalid.' };
    case 401:
      return { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
    case 403: {
      const { action, scope } = armAction(method, path);
      const who = principalOf(authorization);
      return {
        code: 'AuthorizationFailed',
        message: `The client '${who.name}' with object id '${who.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      };
    }
    case 404:
      return notFound(bundle, path).error;
    case 409:
      return { code: 'Conflict', message: 'The request conflicts with the current state of the resource.' };
    case 429:
      return {
        code: 'TooManyRequests',
        message: 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, refer to - https://aka.ms/srpthrottlinglimits',
      };
    case 503:
      return { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Please retry the request in a few seconds.' };
    default:
      return {
        code: status >= 500 ? 'InternalServerError' : 'BadRequest',
        message: `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', subscription id '${subscriptionId}', tracking id '${randomUUID()}', request correlation id '${randomUUID()}'.`,
      };
  }
}
