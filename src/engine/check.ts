import type { CheckId, Finding } from './types.js';
import type { DiagnosisContext } from './context.js';

/**
 * One check: `gather` reads through the context (memoised, concurrent-safe) and returns plain
 * data; `judge` is pure and turns that data into a Finding. Expected conditions (absent
 * resources, an unreachable API server) are findings from `judge`; only faults (an AzureError
 * such as 403, a timeout, a bug) escape `gather`, and the engine turns those into `error`.
 */
export interface Check<G = unknown> {
  readonly id: CheckId;
  readonly title: string;
  /** Checks that must have passed (or warned) for this one to run; otherwise it is `skip`. */
  readonly dependsOn: readonly CheckId[];
  /** Where the troubleshooting guide covers it, e.g. `Issue 1, Issue 3`. */
  readonly guide?: string | undefined;
  /** Per-check timeout; the engine's default applies when absent. */
  readonly timeoutMs?: number | undefined;
  gather(ctx: DiagnosisContext): Promise<G>;
  judge(gathered: G): Finding;
}

/** Keeps the gathered type of each check while letting the registry hold them in one array. */
export function defineCheck<G>(check: Check<G>): Check<G> {
  return check;
}

// A registry holds checks of different gathered types; judge receives exactly what its own gather returned.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = Check<any>;
