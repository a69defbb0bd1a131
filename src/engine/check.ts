import type { Check, MessageTable } from '../core/check.js';
import type { FindingFacets } from '../core/report.js';
import type { DiagnosisContext } from './context.js';

export type { CheckDeclarations, FindingOf, MessageTable, RootCauseRules } from '../core/check.js';

/** A check the engine runs: gathering through the diagnosis context. */
export type EngineCheck<G, D extends FindingFacets = FindingFacets, M extends MessageTable = MessageTable> = Check<G, D, M, DiagnosisContext>;

/** Keeps each check's gathered, data and message types while the registry holds them in one array. */
export function defineCheck<G, D extends FindingFacets, M extends MessageTable>(check: Check<G, D, M, DiagnosisContext>): Check<G, D, M, DiagnosisContext> {
  return check;
}

// A registry holds checks of different gathered types; judge receives exactly what its own gather returned.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = Check<any, any, any, DiagnosisContext>;

/** The ordered checks a program runs (`checks/index.ts`): handed down from the composition root. */
export type CheckRegistry = readonly AnyCheck[];
