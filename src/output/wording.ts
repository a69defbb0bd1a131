import { tryParseResourceId } from '../azure/resource-id.js';
import { REMEDIATION_IDS, type CheckId, type CheckStatus, type GuideIssue, type RegistryMode, type RemediationId } from '../core/ids.js';
import type { Report, RootCause } from '../core/report.js';
import { fixCommands } from '../remediations/fix-command.js';
import { REMEDIATIONS } from '../remediations/index.js';
import type { Outcome, RemediationWords, Risk, Verification } from '../remediations/types.js';

// The fix command lines live with the remediations; writers keep importing them from here.
export { clusterArgs, fixCommandGroups, fixCommands } from '../remediations/fix-command.js';

/*
 * The words every writer (and the TUI) uses, in one place so that a report, a ticket and the
 * screen never describe the same finding differently.
 */

export const STATUS_SYMBOL: Record<CheckStatus, string> = {
  pass: '✔',
  fail: '✖',
  warn: '⚠',
  skip: '–',
  error: '!',
};

/** For terminals and logs that cannot show the symbols above. */
export const STATUS_SYMBOL_ASCII: Record<CheckStatus, string> = {
  pass: '+',
  fail: 'x',
  warn: '!',
  skip: '-',
  error: 'E',
};

export const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warning',
  skip: 'skipped',
  error: 'could not check',
};

export function statusSymbol(status: CheckStatus, ascii = false): string {
  return (ascii ? STATUS_SYMBOL_ASCII : STATUS_SYMBOL)[status];
}

function wordsOf<K extends keyof RemediationWords>(key: K): Record<RemediationId, string> {
  return Object.fromEntries(REMEDIATION_IDS.map((id) => [id, REMEDIATIONS[id].words[key]])) as Record<RemediationId, string>;
}

/** Each remediation's own words (its file owns them), as the writers look them up. */
export const REMEDIATION_TITLE: Record<RemediationId, string> = wordsOf('title');

/** The fix as the tail of a sentence: "Fix: <this>." */
export const REMEDIATION_PHRASE: Record<RemediationId, string> = wordsOf('phrase');

/** One line: what the remediation does and why that helps. */
export const REMEDIATION_DESCRIPTION: Record<RemediationId, string> = wordsOf('description');

export const RISK_WORDS: Record<Risk, string> = {
  reversible: 'reversible: safe to run again, changes nothing that cannot be put back',
  disruptive: 'disruptive: nodes or workloads are affected while it runs',
  destructive: 'destructive: deletes a resource; type the cluster name to confirm',
};

export const OUTCOME_WORDS: Record<Outcome, string> = {
  applied: 'applied',
  'dry-run': 'dry run: nothing was changed',
  refused: 'refused: nothing was changed',
  failed: 'failed',
  interrupted: 'interrupted',
  unknown: 'unknown: the operation may still be running',
};

export const VERIFICATION_WORDS: Record<Verification, string> = {
  fixed: 'fixed: the affected checks pass now',
  'not-fixed': 'not fixed: the affected checks still fail',
  'could-not-verify': 'could not verify: the affected checks could not be run again',
};

export function guideReference(issue: GuideIssue): string {
  return `guide Issue ${issue}`;
}

/** A check's `guide` field ("Issue 1, Issue 3") as the reader sees it. */
export function guideText(guide: string | undefined): string | undefined {
  const g = guide?.trim();
  return g ? `guide ${g}` : undefined;
}

/** What a root cause means, in plain words: the phrase its check declares, in the report's registry mode. */
export function causePhrase(rc: RootCause): string {
  return rc.cause ?? sentenceEnd(rc.summary);
}

function sentenceEnd(s: string): string {
  return s.replace(/[.\s]+$/u, '');
}

/**
 * One sentence an engineer paged at night can act on, e.g.
 * "Root cause: the managed registry's MCR cache rule was deleted or is broken (guide Issue 3).
 *  Fix: delete the managed registry and reconcile (`aks-netiso fix delete-registry-and-reconcile -g …`)."
 * With `command: false` the command is left out (the text writer prints it on its own lines).
 */
export function rootCauseSentence(rc: RootCause, report: Report, opts: { command?: boolean } = {}): string {
  const guide = rc.guideIssue === null ? '' : ` (${guideReference(rc.guideIssue)})`;
  const cause = `Root cause: ${causePhrase(rc)}${guide}.`;
  // Advice when the check declares it, not a repeat of the finding printed under the sentence.
  if (rc.remediation === null) return `${cause} No automatic fix: ${rc.advice ?? sentenceEnd(rc.summary)}.`;
  const commands = fixCommands(rc.remediation, report, rc.checkId);
  const shown = commands[0];
  const more = commands.length > 1 ? `, and ${commands.length - 1} more` : '';
  const command = opts.command === false || shown === undefined ? '' : ` (\`${shown}\`${more})`;
  return `${cause} Fix: ${REMEDIATION_PHRASE[rc.remediation]}${command}.`;
}

/** The group a check belongs to in JUnit class names and table headings: the id's prefix. */
export function checkGroup(id: CheckId): string {
  return id.split('.')[0] ?? id;
}

/** The cluster's name: from the report, else the last segment of its id. */
export function clusterNameOf(report: Report): string {
  return report.clusterName ?? tryParseResourceId(report.cluster)?.name ?? report.cluster;
}

export function registryModeWords(mode: RegistryMode): string {
  switch (mode) {
    case 'managed':
      return 'AKS-managed registry';
    case 'byo':
      return 'bring-your-own registry';
    default:
      return 'registry mode unknown';
  }
}

export function isolationWords(networkIsolated: boolean | null): string {
  if (networkIsolated === null) return 'network isolation unknown';
  return networkIsolated ? 'network isolated' : 'not network isolated';
}

/** What to say instead of root causes when there are none. */
export function noRootCauseSentence(report: Report): string {
  const errored = report.checks.filter((c) => c.status === 'error').map((c) => c.id);
  const failed = report.checks.some((c) => c.status === 'fail');
  const warnings = report.checks.filter((c) => c.status === 'warn').length;
  if (errored.length > 0) {
    const what = errored.length === 1 ? 'a check' : `${errored.length} checks`;
    return `No root cause could be named: ${what} could not complete (${errored.join(', ')}); see the reason below.`;
  }
  if (failed) return 'No root cause could be named; see the checks below.';
  const skipped = report.checks.filter((c) => c.status === 'skip').map((c) => c.id);
  const notes = [
    warnings > 0 ? (warnings === 1 ? 'one warning' : `${warnings} warnings`) : undefined,
    skipped.length > 0 ? `${skipped.length === 1 ? 'one check' : `${skipped.length} checks`} skipped: ${skipped.join(', ')}` : undefined,
  ].filter((n) => n !== undefined);
  if (notes.length > 0) return `No problems found in what could be checked (${notes.join('; ')}; see below).`;
  return 'No problems found: every check passed.';
}
