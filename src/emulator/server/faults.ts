import type { Fault } from '../api.js';

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
}

export interface Faults {
  add(fault: Fault): () => void;
  clear(): void;
  /** The first matching fault, counted against its `times`. */
  take(request: FaultRequest): Fault | undefined;
  latencyMs(): number;
  setLatency(ms: number): void;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

export function faultMatches(fault: Fault, method: string, pathWithQuery: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (typeof fault.path === 'string') return pathWithQuery.toLowerCase().includes(fault.path.toLowerCase());
  fault.path.lastIndex = 0;
  return fault.path.test(pathWithQuery);
}

export function createFaults(initialLatencyMs = 0): Faults {
  const active: ActiveFault[] = [];
  let latency = Math.max(0, initialLatencyMs);
  return {
    add(fault) {
      const entry: ActiveFault = { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY };
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
    take({ method, pathWithQuery, write }) {
      for (let i = 0; i < active.length; i++) {
        const entry = active[i];
        if (!entry) continue;
        if (entry.fault.kind === 'lroFailed' && !write) continue;
        if (!faultMatches(entry.fault, method, pathWithQuery)) continue;
        entry.remaining -= 1;
        if (entry.remaining <= 0) active.splice(i, 1);
        return entry.fault;
      }
      return undefined;
    },
    latencyMs: () => latency,
    setLatency(ms) {
      latency = Math.max(0, ms);
    },
  };
}
