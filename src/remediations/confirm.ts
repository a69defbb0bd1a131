import type { Plan } from './types.js';

/*
 * The confirmation prompt, as one pure model for every front end (the `fix` command, the
 * terminal UI, the playbook stepper) and for the core's own check in applyPlan: what is asked,
 * what counts as yes, how a typed cluster name is judged, and what cancels. The front ends
 * only render it and say what a wrong name leads to there.
 */

/** A destructive plan needs the cluster's name typed; any other plan a yes. */
export type ConfirmQuestion = { kind: 'yes-no' } | { kind: 'cluster-name'; clusterName: string };

export function confirmQuestion(plan: Pick<Plan, 'risk' | 'clusterName'>): ConfirmQuestion {
  return plan.risk === 'destructive' ? { kind: 'cluster-name', clusterName: plan.clusterName } : { kind: 'yes-no' };
}

/** What counts as yes to a y/N question; everything else, the empty default included, is no. */
export function isYes(answer: string): boolean {
  return /^y(es)?$/i.test(answer.trim());
}

/** The typed name must be the cluster's name exactly: no trimming, no case folding. */
export function isClusterName(plan: Pick<Plan, 'clusterName'>, typed: string | undefined): boolean {
  return typed === plan.clusterName;
}

/** What a wrong name is told, at a prompt that asks again. */
export function wrongNameMessage(typed: string, clusterName: string): string {
  return `"${typed}" is not the cluster name ${clusterName}; nothing was changed.`;
}

export interface PromptState {
  question: ConfirmQuestion;
  /** What has been typed so far (the cluster name). */
  input: string;
}

/** One key as the prompt sees it (the same shape ink's `useInput` gives). */
export interface PromptKey {
  input: string;
  return?: boolean | undefined;
  escape?: boolean | undefined;
  backspace?: boolean | undefined;
  delete?: boolean | undefined;
  ctrl?: boolean | undefined;
  tab?: boolean | undefined;
}

/** What a key (or a line) does to the prompt. */
export type PromptStep =
  | { kind: 'append'; text: string }
  | { kind: 'erase' }
  /** Confirmed: `confirmation` is the typed name of a destructive plan. */
  | { kind: 'yes'; confirmation?: string | undefined }
  | { kind: 'wrong-name'; typed: string; message: string }
  | { kind: 'no' }
  /** Ctrl-C or Ctrl-D (end of input): nothing is applied. */
  | { kind: 'cancel' }
  | { kind: 'none' };

function isCancel(key: PromptKey): boolean {
  return !!key.ctrl && (key.input === 'c' || key.input === 'd');
}

/** For the key-by-key front ends (the terminal UI and the playbook stepper). */
export function promptKey(state: PromptState, key: PromptKey): PromptStep {
  if (isCancel(key)) return { kind: 'cancel' };
  if (key.escape) return { kind: 'no' };
  const q = state.question;
  if (q.kind === 'yes-no') {
    if (key.input === 'y' || key.input === 'Y') return { kind: 'yes' };
    if (key.input === 'n' || key.input === 'N' || key.input === 'q') return { kind: 'no' };
    return { kind: 'none' };
  }
  if (key.backspace || key.delete) return { kind: 'erase' };
  if (key.return) return nameAnswer(q.clusterName, state.input);
  if (key.input && !key.ctrl && !key.tab) return { kind: 'append', text: key.input };
  return { kind: 'none' };
}

/** For the line-by-line front end (`fix` at a terminal): `undefined` is Ctrl-C or Ctrl-D. */
export function promptLine(question: ConfirmQuestion, line: string | undefined): PromptStep {
  if (line === undefined) return { kind: 'cancel' };
  if (question.kind === 'yes-no') return isYes(line) ? { kind: 'yes' } : { kind: 'no' };
  return nameAnswer(question.clusterName, line.trim());
}

function nameAnswer(clusterName: string, typed: string): PromptStep {
  if (isClusterName({ clusterName }, typed)) return { kind: 'yes', confirmation: typed };
  return { kind: 'wrong-name', typed, message: wrongNameMessage(typed, clusterName) };
}
