import type { CheckId, GuideIssue, PerMode, RemediationId } from './ids.js';
import type { CheckDisplay, Finding, FindingFacets, FindingParams } from './report.js';

/**
 * The messages of a check: one function per code, rendering the finding's words from its
 * params. The one place a check's prose lives. Params are JSON values written as type literals
 * (`(p: { registry: string }) => …`): an interface has no index signature, so a finding could
 * not carry it as `params`.
 */
// A function of any parameter type: the table's entries each take their own params.
export type MessageTable = { readonly [code: string]: (params: never) => string };

/** The params a message function takes (an empty object for one that takes none). */
export type ParamsOf<F> = F extends () => string ? Record<string, never> : F extends (params: infer P) => string ? P : never;

/** The findings a check with these messages can return: each code with its own params. */
export type FindingOf<M extends MessageTable, D extends FindingFacets = FindingFacets> = {
  [K in keyof M & string]: ParamsOf<M[K]> extends FindingParams ? Finding<K, ParamsOf<M[K]>, D> : never;
}[keyof M & string];

/**
 * What a check's failure means for root-cause selection, as data the generic algorithm in
 * engine/root-causes.ts reads (no rule there names a check).
 */
export interface RootCauseRules {
  /** A failure here is the only root cause: nothing after it can be judged (the cluster unreadable). */
  readonly exclusive?: boolean | undefined;
  /** The chain of links this check belongs to, e.g. `registry` (the path a pull takes). */
  readonly chain?: string | undefined;
  /**
   * Checks later in the registry that this one's failure explains when it is a root cause: they
   * are not root causes then (a missing registry explains a missing cache rule).
   */
  readonly explains?: readonly CheckId[] | undefined;
  /**
   * Not a root cause while any of these fails or errors: a check, or every link of a chain
   * (stale nodes are not blamed while the registry chain is broken or unknown).
   */
  readonly explainedBy?: { readonly checks?: readonly CheckId[] | undefined; readonly chain?: string | undefined } | undefined;
  /** A root cause only when nothing else is, and without its remediation (unexplained symptoms). */
  readonly fallback?: boolean | undefined;
}

/** What a check declares about itself, besides how it gathers and judges. */
export interface CheckDeclarations {
  readonly id: CheckId;
  readonly title: string;
  /** Checks that must have passed (or warned) for this one to run; otherwise it is `skip`. */
  readonly dependsOn: readonly CheckId[];
  /** Where the troubleshooting guide covers it, e.g. `Issue 1, Issue 3`. */
  readonly guide?: string | undefined;
  /** The guide issue a root cause found by this check is, per registry mode; none when absent. */
  readonly guideIssue?: PerMode<GuideIssue | null> | undefined;
  /** What its failure means, for the root-cause headline ("Root cause: <this>"), per registry mode. */
  readonly causePhrase: PerMode<string>;
  /** What to do when its failure is a root cause with no remediation: advice, not a repeat of the finding. */
  readonly noFixAdvice?: string | undefined;
  readonly rootCause?: RootCauseRules | undefined;
  /** Run again after these remediations to verify them (besides the failing checks a plan addresses). */
  readonly verifies?: readonly RemediationId[] | undefined;
  /**
   * Facets a failing finding of this check implies when it carries none itself: what a remediation
   * plans from (a broken MCR rule implies the MCR cache rule to create).
   */
  readonly impliedFacets?: FindingFacets | undefined;
  /** An `error` here means the diagnosis could not complete at all (exit 3). */
  readonly required?: boolean | undefined;
  /** How the UI lists it and what its details show. */
  readonly display?: CheckDisplay | undefined;
  /** Per-check timeout; the engine's default applies when absent. */
  readonly timeoutMs?: number | undefined;
  /**
   * Activity Log operation names (`Microsoft.ContainerRegistry/registries/delete`, …) that would
   * explain this check's failure: its root cause carries who did them and when.
   */
  readonly historyOperations?: readonly string[] | undefined;
}

/**
 * One check: `gather` reads through the diagnosis context (memoised, concurrent-safe) and
 * returns plain data; `judge` is pure and turns that data into a coded finding, whose words
 * `messages` renders. Expected conditions are findings from `judge`; only faults (an
 * AzureError such as 403, a timeout, a bug) escape `gather`, and the engine turns those into
 * `error`. `Ctx` is the context type of the engine that runs it.
 */
export interface Check<G, D extends FindingFacets, M extends MessageTable, Ctx> extends CheckDeclarations {
  readonly messages: M;
  gather(ctx: Ctx): Promise<G>;
  judge(gathered: G): FindingOf<M, D>;
}

/** Renders a finding's message from its code and params: the summary a report carries. */
export function renderMessage(messages: MessageTable, finding: { code: string; params: FindingParams }): string {
  const message = messages[finding.code] as ((params: FindingParams) => string) | undefined;
  if (!message) throw new Error(`no message for finding code ${finding.code}`);
  return message(finding.params);
}

/** The codes a check can return, as its message table declares them. */
export function codesOf(check: { readonly messages: MessageTable }): string[] {
  return Object.keys(check.messages);
}
