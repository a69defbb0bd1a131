import { confirmQuestion, promptKey } from '../../remediations/confirm.js';
import type { UiAction, UiCommand, UiState } from './model.js';
import { filteredClusters, noFixNotice, remediationFor } from './selectors.js';

/*
 * The key map: what one key means on the current screen, as actions for the reducer and
 * commands for the App to run. Pure, so the whole map is table-tested.
 */

/** One key as the UI sees it: a single character or a named key. */
export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  tab?: boolean;
}

/**
 * ink hands several characters typed (or sent by tmux) in one chunk to a single `useInput`
 * call: split them so each is handled against the state the previous one produced.
 */
export function splitKeys(input: string, key: Omit<KeyPress, 'input'>): KeyPress[] {
  const named = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.return || key.escape || key.backspace || key.delete || key.ctrl || key.tab;
  if (named || input.length <= 1) return [{ ...key, input }];
  return [...input].map((ch) => {
    if (ch === '\r' || ch === '\n') return { input: '', return: true };
    if (ch === '\x7f' || ch === '\b') return { input: '', backspace: true };
    if (ch === '\t') return { input: '', tab: true };
    return { input: ch };
  });
}

export interface KeyOutcome {
  actions: UiAction[];
  commands: UiCommand[];
}

const none: KeyOutcome = { actions: [], commands: [] };

function notice(text: string, kind: 'info' | 'error' = 'info'): KeyOutcome {
  return { actions: [{ type: 'notice', kind, text }], commands: [] };
}

function requestPlan(state: UiState, dryRun: boolean): KeyOutcome {
  if (state.run.status === 'running') return notice('The diagnosis is still running; wait for it to finish.');
  if (!state.run.report) return notice('Nothing to fix yet: run a diagnosis first (r).');
  const remediation = remediationFor(state);
  if (!remediation) return notice(noFixNotice(state, state.run.report));
  return { actions: [{ type: 'plan-requested', remediation, dryRun }], commands: [{ kind: 'plan', remediation, dryRun }] };
}

function rerun(state: UiState): KeyOutcome {
  if (state.run.status === 'running') return notice('The diagnosis is already running.');
  return { actions: [], commands: [{ kind: 'diagnose' }] };
}

/** `r` away from the run screen: back to the checks, then diagnose again. */
function backAndRerun(state: UiState): KeyOutcome {
  const outcome = rerun(state);
  if (outcome.commands.length === 0) return outcome;
  return { actions: [{ type: 'back' }], commands: outcome.commands };
}

function quit(state: UiState): KeyOutcome {
  if (state.fix.status === 'running') return { actions: [{ type: 'quit-prompt', open: true }], commands: [] };
  return { actions: [], commands: [{ kind: 'quit' }] };
}

function isUp(k: KeyPress): boolean {
  return !!k.upArrow || k.input === 'k';
}
function isDown(k: KeyPress): boolean {
  return !!k.downArrow || k.input === 'j';
}

/** The confirmation screen: the shared prompt model says what the key means. */
function confirmKey(state: UiState, k: KeyPress): KeyOutcome {
  const plan = state.plan.plan;
  if (k.escape) return { actions: [{ type: 'back' }], commands: [] };
  if (!plan) return none;
  const step = promptKey({ question: confirmQuestion(plan), input: state.confirm.input }, k);
  switch (step.kind) {
    case 'append':
      return { actions: [{ type: 'confirm-input', text: step.text }], commands: [] };
    case 'erase':
      return { actions: [{ type: 'confirm-backspace' }], commands: [] };
    case 'yes':
      return { actions: [], commands: [step.confirmation === undefined ? { kind: 'apply' } : { kind: 'apply', confirmation: step.confirmation }] };
    // Here a wrong name is told and may be typed again; nothing was sent.
    case 'wrong-name':
      return { actions: [{ type: 'confirm-refused', message: step.message }], commands: [] };
    case 'no':
    case 'cancel':
      return { actions: [{ type: 'back' }], commands: [] };
    case 'none':
      return none;
  }
}

export interface InterpretOptions {
  canSwitchScenario?: boolean | undefined;
  maxScroll?: number | undefined;
  /** Lines PgUp/PgDn move: what the current screen shows at once, less a line of overlap. */
  page?: number | undefined;
}

const DEFAULT_PAGE = 10;

/**
 * Maps one key to what it means on the current screen. Pure, so the whole key map is
 * table-tested; the App applies the actions, then runs the commands.
 */
export function interpretKey(state: UiState, k: KeyPress, opts: InterpretOptions = {}): KeyOutcome {
  const scroll = (delta: number): KeyOutcome => ({ actions: [{ type: 'scroll', delta, max: opts.maxScroll }], commands: [] });
  const page = Math.max(1, opts.page ?? DEFAULT_PAGE);
  if (k.ctrl && k.input === 'c') {
    if (state.quitPrompt) return { actions: [], commands: [{ kind: 'quit' }] };
    return quit(state);
  }
  if (state.quitPrompt) {
    if (k.input === 'y' || k.input === 'Y') return { actions: [], commands: [{ kind: 'quit' }] };
    if (k.input === 'n' || k.input === 'N' || k.escape) return { actions: [{ type: 'quit-prompt', open: false }], commands: [] };
    return none;
  }
  if (state.help) {
    if (k.escape || k.input === '?' || k.input === 'q' || k.return) return { actions: [{ type: 'help-toggle' }], commands: [] };
    return none;
  }

  // Text entry screens take printable keys as text.
  if (state.screen === 'clusters') {
    if (k.upArrow) return { actions: [{ type: 'move', delta: -1 }], commands: [] };
    if (k.downArrow) return { actions: [{ type: 'move', delta: 1 }], commands: [] };
    if (k.pageUp) return { actions: [{ type: 'move', delta: -page }], commands: [] };
    if (k.pageDown) return { actions: [{ type: 'move', delta: page }], commands: [] };
    if (k.backspace || k.delete) return { actions: [{ type: 'cluster-filter-backspace' }], commands: [] };
    if (k.escape) return state.clusters.filter ? { actions: [{ type: 'cluster-filter-clear' }], commands: [] } : { actions: [], commands: [{ kind: 'quit' }] };
    if (k.return) {
      const chosen = filteredClusters(state.clusters)[state.clusters.selected];
      if (!chosen) return none;
      return { actions: [{ type: 'cluster-chosen', clusterId: chosen.id }], commands: [{ kind: 'select-cluster', clusterId: chosen.id }, { kind: 'diagnose' }] };
    }
    if (k.input === '?' && state.clusters.filter === '') return { actions: [{ type: 'help-toggle' }], commands: [] };
    if (k.input && !k.ctrl && !k.tab) return { actions: [{ type: 'cluster-filter', text: k.input }], commands: [] };
    return none;
  }

  if (state.screen === 'confirm') return confirmKey(state, k);

  if (k.input === '?') return { actions: [{ type: 'help-toggle' }], commands: [] };
  if (k.input === 'q') return quit(state);

  switch (state.screen) {
    case 'run':
      if (isUp(k)) return { actions: [{ type: 'move', delta: -1 }], commands: [] };
      if (isDown(k)) return { actions: [{ type: 'move', delta: 1 }], commands: [] };
      if (k.home || k.input === 'g') return { actions: [{ type: 'move-to', where: 'first' }], commands: [] };
      if (k.end || k.input === 'G') return { actions: [{ type: 'move-to', where: 'last' }], commands: [] };
      if (k.pageUp) return { actions: [{ type: 'move', delta: -page }], commands: [] };
      if (k.pageDown) return { actions: [{ type: 'move', delta: page }], commands: [] };
      if (k.return) {
        const row = state.run.rows[state.selected];
        if (!row?.result) return notice('That check has not finished yet.');
        return { actions: [{ type: 'open-details' }], commands: [] };
      }
      if (k.input === 'r') return rerun(state);
      if (k.input === 'f') return requestPlan(state, false);
      if (k.input === 'd') return requestPlan(state, true);
      if (k.input === 'e') {
        if (!state.run.report) return notice('Nothing to export yet: the diagnosis has not finished.');
        return { actions: [], commands: [{ kind: 'export' }] };
      }
      if (k.input === 's') {
        if (!opts.canSwitchScenario || state.scenarios.available.length === 0) return notice('Scenarios exist only in demo mode.');
        if (state.run.status === 'running') return notice('The diagnosis is still running; wait for it to finish.');
        return { actions: [{ type: 'scenario-picker-open' }], commands: [] };
      }
      return none;
    case 'details':
      if (k.escape || k.backspace) return { actions: [{ type: 'back' }], commands: [] };
      if (isUp(k)) return scroll(-1);
      if (isDown(k)) return scroll(1);
      if (k.pageUp) return scroll(-page);
      if (k.pageDown || k.input === ' ') return scroll(page);
      if (k.input === 'f') return requestPlan(state, false);
      if (k.input === 'd') return requestPlan(state, true);
      if (k.input === 'e') return state.run.report ? { actions: [], commands: [{ kind: 'export' }] } : none;
      if (k.input === 'r') return backAndRerun(state);
      return none;
    case 'plan':
      if (k.escape || k.input === 'n') return { actions: [{ type: 'back' }], commands: [] };
      if (isUp(k)) return scroll(-1);
      if (isDown(k)) return scroll(1);
      if (k.pageUp) return scroll(-page);
      if (k.pageDown || k.input === ' ') return scroll(page);
      if (k.input === 'r') return backAndRerun(state);
      if (k.return || k.input === 'y' || k.input === 'f') {
        const p = state.plan;
        if (p.status !== 'ready' || !p.plan) return none;
        if (p.dryRun) return notice('Dry run: nothing will be changed. To apply it, press Esc, then f.');
        if (!p.plan.automated) return notice('This fix is guided: run the commands shown yourself, then press r to diagnose again.');
        // Blocked by pre-flight: no confirmation to ask; the core refuses it (audited), nothing is sent.
        if (p.plan.preflight?.some((i) => i.status === 'blocked')) return { actions: [], commands: [{ kind: 'apply' }] };
        return { actions: [{ type: 'confirm-open' }], commands: [] };
      }
      return none;
    case 'fixing':
      return none;
    case 'fix-result':
      if (k.escape || k.return) return { actions: [{ type: 'back' }], commands: [] };
      if (isUp(k)) return scroll(-1);
      if (isDown(k)) return scroll(1);
      if (k.pageUp) return scroll(-page);
      if (k.pageDown || k.input === ' ') return scroll(page);
      if (k.input === 'r') return { actions: [{ type: 'back' }], commands: [{ kind: 'diagnose' }] };
      if (k.input === 'e') return state.run.report ? { actions: [], commands: [{ kind: 'export' }] } : none;
      return none;
    case 'scenarios':
      if (k.escape) return { actions: [{ type: 'back' }], commands: [] };
      if (state.scenarios.switching) return none;
      if (isUp(k)) return { actions: [{ type: 'move', delta: -1 }], commands: [] };
      if (isDown(k)) return { actions: [{ type: 'move', delta: 1 }], commands: [] };
      if (k.return) {
        const s = state.scenarios.available[state.scenarios.selected];
        if (!s) return none;
        return { actions: [{ type: 'scenario-switching', name: s.name }], commands: [{ kind: 'switch-scenario', name: s.name }] };
      }
      return none;
  }
}
