import type { Fault } from '../api.js';
import { requestResourceType } from '../fault-spec.js';

/**
 * Per-request faults: scripted answers (a status, a reset, a hang, a failed operation) and the
 * injected latency. The server asks `take` once per request; anything that wants to fault a
 * request (tests, `--emulator-fault`) goes through `add`.
 */
export interface FaultRequest {
  method: string;
  /** Path with query, as received. */
  pathWithQuery: string;
  /** An ARM write: only those can take an `lroFailed` fault. */
  write: boolean;
  /** Which API the path belongs to (default arm). */
  api?: 'arm' | 'kube' | undefined;
}

export interface Faults {
  add(fault: Fault): () => void;
  clear(): void;
  /** The first matching fault, counted against its `times`. */
  take(request: FaultRequest): Fault | undefined;
  /** A `tls-stall` fault for a new connection, counted against its `skip` and `times`. */
  takeConnection(): Fault | undefined;
  latencyMs(): number;
  setLatency(ms: number): void;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
  skip: number;
}

export function faultMatches(fault: Fault, method: string, pathWithQuery: string, api: 'arm' | 'kube' = 'arm'): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (fault.api && fault.api !== api) return false;
  if (fault.resourceType && fault.resourceType.toLowerCase() !== requestResourceType(api, pathWithQuery).toLowerCase()) return false;
  if (typeof fault.path === 'string') return pathWithQuery.toLowerCase().includes(fault.path.toLowerCase());
  fault.path.lastIndex = 0;
  return fault.path.test(pathWithQuery);
}

export function createFaults(initialLatencyMs = 0): Faults {
  const active: ActiveFault[] = [];
  let latency = Math.max(0, initialLatencyMs);
  /** The first active fault that applies, after its `skip` matching requests went through. */
  const takeFirst = (applies: (fault: Fault) => boolean): Fault | undefined => {
    for (let i = 0; i < active.length; i++) {
      const entry = active[i];
      if (!entry || !applies(entry.fault)) continue;
      if (entry.skip > 0) {
        entry.skip -= 1;
        continue;
      }
      entry.remaining -= 1;
      if (entry.remaining <= 0) active.splice(i, 1);
      return entry.fault;
    }
    return undefined;
  };
  return {
    add(fault) {
      const entry: ActiveFault = { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY, skip: Math.max(0, fault.skip ?? 0) };
      // `times: 0` is a fault that never fires, not one that fires forever.
      if (entry.remaining > 0) active.push(entry);
      return () => {
        const at = active.indexOf(entry);
        if (at >= 0) active.splice(at, 1);
      };
    },
    clear() {
      active.length = 0;
    },
    take({ method, pathWithQuery, write, api }) {
      return takeFirst((fault) => fault.kind !== 'tls-stall' && (fault.kind !== 'lroFailed' || write) && faultMatches(fault, method, pathWithQuery, api));
    },
    takeConnection() {
      return takeFirst((fault) => fault.kind === 'tls-stall');
    },
    latencyMs: () => latency,
    setLatency(ms) {
      latency = Math.max(0, ms);
    },
  };
}
