import type { ClusterSummary } from '../../azure/types.js';
import { isNetworkIsolated } from '../../domain/network-isolation.js';
import { exitCodeOf as diagnoseExitCode } from '../../engine/run.js';
import type { CheckId, CheckStatus, RemediationId, Report } from '../../engine/types.js';
import { offeredRemediation } from '../../remediations/offer.js';
import { rootCauseSentence } from '../wording.js';
import type { ClusterPickerState, UiState } from './model.js';

/*
 * What the screens and the key map read from the state. The domain rules (what is isolated,
 * which registry mode, which fix to offer, what the exit code is) are the domain's and the
 * engine's functions, not copies.
 */

export { isNetworkIsolated } from '../../domain/network-isolation.js';
export { registryModeOf as registryModeOfSummary } from '../../domain/registry-mode.js';

export function sortClusters(items: ClusterSummary[]): ClusterSummary[] {
  return [...items].sort((a, b) => Number(isNetworkIsolated(b)) - Number(isNetworkIsolated(a)) || a.name.localeCompare(b.name));
}

export function filteredClusters(picker: ClusterPickerState): ClusterSummary[] {
  const f = picker.filter.trim().toLowerCase();
  const items = sortClusters(picker.items);
  if (!f) return items;
  return items.filter((c) => `${c.name} ${c.resourceGroup} ${c.location}`.toLowerCase().includes(f));
}

/** The remediation `f`/`d` act on: the selected finding's, else the first root cause's. */
export function remediationFor(state: UiState): RemediationId | undefined {
  const report = state.run.report;
  if (!report) return undefined;
  return offeredRemediation(report, state.run.rows[state.selected]?.id);
}

/**
 * Why `f`/`d` have nothing to plan, and what to do instead: the root-cause sentence of the
 * report carries the advice for a cause without an automatic fix.
 */
export function noFixNotice(state: UiState, report: Report): string {
  if (diagnoseExitCode(report) === 0) return 'Nothing to fix: no check fails.';
  const row = state.run.rows[state.selected]?.result;
  const rc = state.run.rootCauses.find((c) => c.checkId === row?.id) ?? state.run.rootCauses[0];
  if (rc) return rootCauseSentence(rc, report);
  return 'No automatic fix is known for the failing checks; open one (Enter) for its evidence.';
}

/** True when `f` and `d` would plan something now, so the footer offers them only then. */
export function canPlan(state: UiState): boolean {
  return state.run.status === 'finished' && remediationFor(state) !== undefined;
}

export interface StatusChange {
  id: CheckId;
  title: string;
  before: CheckStatus | undefined;
  after: CheckStatus;
}

/** The checks whose status differs between two reports, in the order of the later one. */
export function changedChecks(before: Report | undefined, after: Report | undefined): StatusChange[] {
  if (!after) return [];
  const prior = new Map((before?.checks ?? []).map((c) => [c.id, c.status]));
  return after.checks
    .filter((c) => prior.get(c.id) !== c.status)
    .map((c) => ({ id: c.id, title: c.title, before: prior.get(c.id), after: c.status }));
}

/**
 * The process exit code when the user quits: that of `diagnose` for the report on screen (0
 * healthy, 1 a problem found, 3 the diagnosis could not complete); 3 when the diagnosis failed;
 * 130 when quitting abandons a running fix.
 */
export function exitCodeOf(state: UiState): number {
  if (state.fix.status === 'running') return 130;
  if (state.run.status === 'failed') return 3;
  const report = state.run.report;
  return report ? diagnoseExitCode(report) : 0;
}
