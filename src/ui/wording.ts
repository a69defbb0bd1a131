import type { CheckStatus } from '../core/ids.js';
import type { CheckOutline, Report, RootCause } from '../core/report.js';

import { rootCauseSentence as reportRootCauseSentence } from '../output/wording.js';

/*
 * The shared words (symbols, remediation titles, risk, root-cause sentences) come from
 * src/output/wording.ts so that the screen and the written reports never describe a finding
 * differently; only what is specific to the screen (colours, grouping, times) lives here.
 */
export { OUTCOME_WORDS, REMEDIATION_TITLE, RISK_WORDS, STATUS_SYMBOL, VERIFICATION_WORDS, noRootCauseSentence } from '../output/wording.js';

export const STATUS_COLOR: Record<CheckStatus, string> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  skip: 'gray',
  error: 'magenta',
};

/** The order the run screen groups checks in, with the heading shown for each group. */
export const CHECK_GROUPS: { prefix: string; label: string }[] = [
  { prefix: 'cluster', label: 'cluster' },
  { prefix: 'registry', label: 'registry' },
  { prefix: 'endpoint', label: 'endpoint' },
  { prefix: 'dns', label: 'DNS' },
  { prefix: 'pods', label: 'pods' },
  { prefix: 'nodes', label: 'nodes' },
];

/**
 * The group a check is listed under: the one it declares (the private endpoint check is a
 * `registry.*` id, but the guide treats the endpoint as its own step), else its id's prefix.
 */
export function groupOf(check: Pick<CheckOutline, 'id' | 'display'>): string {
  const prefix = check.display?.group ?? check.id.split('.')[0] ?? check.id;
  return CHECK_GROUPS.find((g) => g.prefix === prefix)?.label ?? prefix;
}

export const GROUP_ORDER: string[] = CHECK_GROUPS.map((g) => g.label);

/**
 * The report's sentence without the command line (the screen offers `f` instead), e.g.
 * "Root cause: the managed registry's MCR cache rule was deleted or is broken (guide Issue 3). Fix: delete the managed registry and reconcile."
 */
export function rootCauseSentence(rc: RootCause, report: Report): string {
  return reportRootCauseSentence(rc, report, { command: false });
}

export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
