import type { Fault } from './api.js';
import { parseDuration } from './duration.js';

/**
 * The grammar of `--emulator-fault SPEC`, a pure parser (no I/O):
 *
 *   SPEC    := FAULT | SCOPE ':' TARGET [ '@' N [ '+' ] ] ':' FAULT
 *   SCOPE   := '*' | 'arm' | 'kube' | GET | PUT | POST | PATCH | DELETE | HEAD
 *   TARGET  := '*' | a resource type (`registries`, `cacheRules`, `pods`…, the last type segment of the path)
 *            | a path glob starting with '/' (`*` matches anything, slashes included; the query is not matched)
 *   FAULT   := hang | tls-stall | drip | reset | badjson | status:CODE[:retry-after=SECONDS]
 *            | html:CODE | latency:DURATION
 *
 * `@N` faults only the Nth matching request, `@N+` the Nth and all after. A bare FAULT matches every request.
 * `tls-stall` happens before any request is seen, so its matcher can only be `*:*` (with `@N`: the Nth connection).
 */

export const FAULT_SPEC_HELP = [
  'SPEC is [SCOPE:TARGET[@N[+]]:]FAULT, repeatable; the first matching SPEC applies.',
  'SCOPE: * | arm | kube | GET | PUT | POST | PATCH | DELETE | HEAD.',
  'TARGET: * | a resource type (registries, cacheRules, privateDnsZones, pods…) | a path glob (/subscriptions/*/privateDnsZones*).',
  '@N: only the Nth matching request; @N+: the Nth and after.',
  'FAULT: hang | tls-stall | drip | reset | badjson | status:CODE[:retry-after=SECONDS] | html:CODE | latency:DURATION.',
  'e.g. GET:registries:hang, kube:pods:reset, *:/subscriptions/*/privateDnsZones*:status:429:retry-after=3600, arm:*@2:badjson',
].join(' ');

const METHODS = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD'] as const;
const BARE_FAULTS = ['hang', 'tls-stall', 'drip', 'reset', 'badjson'] as const;
const FAULT_WORDS = new Set<string>([...BARE_FAULTS, 'status', 'html', 'latency']);

export class FaultSpecError extends Error {
  constructor(spec: string, reason: string) {
    super(`invalid --emulator-fault "${spec}": ${reason}`);
    this.name = 'FaultSpecError';
  }
}

function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  // Anchored on the path; an optional query may follow.
  return new RegExp(`^/*${body.replace(/^\/+/, '')}(?:\\?.*)?$`, 'i');
}

function httpCode(spec: string, text: string | undefined, what: string, min: number): number {
  if (text === undefined || !/^\d{3}$/.test(text)) throw new FaultSpecError(spec, `${what} needs a 3-digit HTTP status, e.g. ${what}:503`);
  const code = Number(text);
  if (code < min || code > 599) throw new FaultSpecError(spec, `${what}:${text}: the status must be from ${min} to 599`);
  return code;
}

function parseFault(spec: string, words: string[]): Pick<Fault, 'kind' | 'status' | 'retryAfterSeconds' | 'delayMs'> {
  const [name = '', ...args] = words;
  const word = name.toLowerCase();
  const noArgs = (): void => {
    if (args.length > 0) throw new FaultSpecError(spec, `${word} takes no argument; got "${args.join(':')}"`);
  };
  switch (word) {
    case 'hang':
    case 'tls-stall':
    case 'drip':
    case 'reset':
    case 'badjson':
      noArgs();
      return { kind: word };
    case 'status': {
      const status = httpCode(spec, args[0], 'status', 400);
      if (args.length > 2) throw new FaultSpecError(spec, `status takes a code and an optional retry-after=SECONDS; got "${args.join(':')}"`);
      if (args[1] === undefined) return { kind: 'status', status };
      const retry = /^retry-after=(\d+)$/i.exec(args[1]);
      if (!retry) throw new FaultSpecError(spec, `"${args[1]}": use retry-after=SECONDS, e.g. retry-after=3600`);
      return { kind: 'status', status, retryAfterSeconds: Number(retry[1]) };
    }
    case 'html':
      if (args.length > 1) throw new FaultSpecError(spec, `html takes one status code; got "${args.join(':')}"`);
      return { kind: 'html', status: httpCode(spec, args[0], 'html', 200) };
    case 'latency': {
      if (args.length !== 1 || !args[0]) throw new FaultSpecError(spec, 'latency needs a duration, e.g. latency:2s');
      try {
        return { kind: 'latency', delayMs: parseDuration(args[0]) };
      } catch (e) {
        throw new FaultSpecError(spec, (e as Error).message);
      }
    }
    default:
      throw new FaultSpecError(spec, `unknown fault "${name}": use one of ${[...BARE_FAULTS, 'status:CODE', 'html:CODE', 'latency:DURATION'].join(', ')}`);
  }
}

/** Parses one SPEC to an emulator fault; throws a FaultSpecError saying what is wrong. */
export function parseFaultSpec(spec: string): Fault {
  const text = spec.trim();
  if (text.length === 0) throw new FaultSpecError(spec, 'it is empty; e.g. GET:registries:hang');
  const parts = text.split(':');
  const first = (parts[0] ?? '').toLowerCase();
  let scope = '*';
  let target = '*';
  let faultWords = parts;
  if (!FAULT_WORDS.has(first)) {
    if (parts.length < 3) throw new FaultSpecError(spec, 'expected SCOPE:TARGET:FAULT or a bare FAULT, e.g. GET:registries:hang');
    scope = parts[0] ?? '';
    target = parts[1] ?? '';
    faultWords = parts.slice(2);
  }
  const fault: Fault = { ...parseFault(spec, faultWords), path: '' };

  const nth = /^(.*?)@(\d+)(\+?)$/.exec(target);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1) throw new FaultSpecError(spec, '@N counts from 1');
    target = nth[1] ?? '';
    fault.skip = n - 1;
    if (nth[3] !== '+') fault.times = 1;
  } else if (target.includes('@')) {
    throw new FaultSpecError(spec, `"${target}": @ takes a number, e.g. registries@2 or registries@2+`);
  }

  const upperScope = scope.toUpperCase();
  if (scope === '*') {
    // any method, both APIs
  } else if (scope.toLowerCase() === 'arm' || scope.toLowerCase() === 'kube') {
    fault.api = scope.toLowerCase() as 'arm' | 'kube';
  } else if ((METHODS as readonly string[]).includes(upperScope)) {
    fault.method = upperScope;
  } else {
    throw new FaultSpecError(spec, `unknown scope "${scope}": use *, arm, kube or an HTTP method (${METHODS.join(', ')})`);
  }

  if (target === '' ) throw new FaultSpecError(spec, 'the target is empty: use *, a resource type or a path glob');
  if (target.startsWith('/')) {
    fault.path = globToRegExp(target);
  } else if (target !== '*') {
    if (!/^[A-Za-z][A-Za-z0-9.-]*$/.test(target)) {
      throw new FaultSpecError(spec, `"${target}" is neither *, a resource type (letters, e.g. registries) nor a path glob starting with /`);
    }
    fault.resourceType = target;
  }

  if (fault.kind === 'tls-stall' && (fault.api || fault.method || fault.resourceType || target !== '*')) {
    throw new FaultSpecError(spec, 'tls-stall stalls the handshake before any request is seen: use tls-stall or *:*@N:tls-stall');
  }
  return fault;
}

/**
 * The resource type a request addresses: the last type segment of its path. ARM:
 * `…/providers/Microsoft.Network/privateDnsZones/z/virtualNetworkLinks/l` is `virtualNetworkLinks`;
 * Kubernetes: `/api/v1/namespaces/ns/pods` is `pods`. Empty for discovery paths.
 */
export function requestResourceType(api: 'arm' | 'kube', pathWithQuery: string): string {
  const path = pathWithQuery.split('?')[0] ?? '';
  let segments = path.split('/').filter((s) => s.length > 0);
  if (api === 'kube') {
    if (segments[0] === 'api') segments = segments.slice(2);
    else if (segments[0] === 'apis') segments = segments.slice(3);
    else return '';
  } else {
    const lower = segments.map((s) => s.toLowerCase());
    const providers = lower.lastIndexOf('providers');
    if (providers >= 0) segments = segments.slice(providers + 2);
  }
  if (segments.length === 0) return '';
  return segments[Math.floor((segments.length - 1) / 2) * 2] ?? '';
}
