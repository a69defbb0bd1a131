import type { ClusterSummary, OperationProgress } from '../azure/types.js';
import { inResourceGroup, tryParseResourceId } from '../azure/resource-id.js';
import { looksLikeBootstrapName } from '../domain/registry-mode.js';
import type { CheckId, CheckResult, CheckStatus, EngineEvent, RegistryMode, RemediationId, Report, RootCause } from '../engine/types.js';
import type { ApplyProgress, FixResult, Plan } from '../remediations/types.js';
import { GROUP_ORDER, groupOf, rootCauseSentence } from './wording.js';

export type Screen = 'clusters' | 'run' | 'details' | 'plan' | 'confirm' | 'fixing' | 'fix-result' | 'scenarios';

export interface CheckRow {
  id: CheckId;
  title: string;
  group: string;
  phase: 'pending' | 'running' | 'done';
  result?: CheckResult | undefined;
}

export interface ClusterPickerState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: ClusterSummary[];
  filter: string;
  selected: number;
  error?: string | undefined;
}

export interface RunState {
  status: 'idle' | 'running' | 'finished' | 'failed';
  /** Bumped on every run so late events of an abandoned run are dropped. */
  runId: number;
  rows: CheckRow[];
  rootCauses: RootCause[];
  report?: Report | undefined;
  error?: string | undefined;
}

export interface PlanState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  remediation?: RemediationId | undefined;
  dryRun: boolean;
  plan?: Plan | undefined;
  error?: string | undefined;
}

export interface FixState {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** Latest progress of each operation, by index into plan.operations. */
  operations: (OperationProgress | undefined)[];
  current: number;
  before?: Report | undefined;
  result?: FixResult | undefined;
  error?: string | undefined;
}

export interface UiState {
  screen: Screen;
  help: boolean;
  /** Asked before quitting while a fix runs: quitting does not stop the operation in Azure. */
  quitPrompt: boolean;
  clusterId?: string | undefined;
  clusters: ClusterPickerState;
  run: RunState;
  /** Index into run.rows (display order). */
  selected: number;
  /** Scroll offset of the details and plan screens. */
  scroll: number;
  plan: PlanState;
  confirm: { input: string; error?: string | undefined };
  fix: FixState;
  scenarios: { available: { name: string; description: string }[]; selected: number; current?: string | undefined; switching: boolean };
  notice?: { kind: 'info' | 'error'; text: string } | undefined;
  exported?: { markdown: string; json: string } | undefined;
}

export type UiAction =
  | { type: 'engine'; runId: number; event: EngineEvent }
  | { type: 'diagnose-started' }
  | { type: 'diagnose-failed'; runId: number; message: string }
  | { type: 'move'; delta: number }
  | { type: 'move-to'; where: 'first' | 'last' }
  | { type: 'open-details' }
  | { type: 'back' }
  | { type: 'scroll'; delta: number; max?: number | undefined }
  | { type: 'plan-requested'; remediation: RemediationId; dryRun: boolean }
  | { type: 'plan-ready'; plan: Plan }
  | { type: 'plan-failed'; message: string }
  | { type: 'confirm-open' }
  | { type: 'confirm-input'; text: string }
  | { type: 'confirm-backspace' }
  | { type: 'confirm-refused'; message: string }
  | { type: 'fix-started'; before: Report }
  | { type: 'fix-progress'; progress: ApplyProgress }
  | { type: 'fix-result'; result: FixResult }
  | { type: 'fix-failed'; message: string }
  | { type: 'help-toggle' }
  | { type: 'quit-prompt'; open: boolean }
  | { type: 'export-done'; paths: { markdown: string; json: string } }
  | { type: 'notice'; kind: 'info' | 'error'; text: string }
  | { type: 'scenario-picker-open' }
  | { type: 'scenario-switching'; name: string }
  | { type: 'scenario-switched'; name: string }
  | { type: 'scenario-failed'; message: string }
  | { type: 'clusters-loading' }
  | { type: 'clusters-loaded'; clusters: ClusterSummary[] }
  | { type: 'clusters-failed'; message: string }
  | { type: 'cluster-filter'; text: string }
  | { type: 'cluster-filter-backspace' }
  | { type: 'cluster-filter-clear' }
  | { type: 'cluster-chosen'; clusterId: string };

/** Side effects a key asks for; the App runs them against UiServices. */
export type UiCommand =
  | { kind: 'diagnose' }
  | { kind: 'load-clusters' }
  | { kind: 'select-cluster'; clusterId: string }
  | { kind: 'plan'; remediation: RemediationId; dryRun: boolean }
  | { kind: 'apply'; confirmation?: string | undefined }
  | { kind: 'export' }
  | { kind: 'switch-scenario'; name: string }
  | { kind: 'quit' };

export interface InitialUiOptions {
  clusterId?: string | undefined;
  /** True when the program can list clusters (no cluster given). */
  canPickCluster?: boolean | undefined;
  scenarios?: { name: string; description: string }[] | undefined;
  currentScenario?: string | undefined;
}

export function initialUiState(opts: InitialUiOptions = {}): UiState {
  const picking = !opts.clusterId && !!opts.canPickCluster;
  return {
    screen: picking ? 'clusters' : 'run',
    help: false,
    quitPrompt: false,
    clusterId: opts.clusterId,
    clusters: { status: 'idle', items: [], filter: '', selected: 0 },
    run: { status: 'idle', runId: 0, rows: [], rootCauses: [] },
    selected: 0,
    scroll: 0,
    plan: { status: 'idle', dryRun: false },
    confirm: { input: '' },
    fix: { status: 'idle', operations: [], current: 0 },
    scenarios: { available: opts.scenarios ?? [], selected: 0, current: opts.currentScenario, switching: false },
  };
}

function sortRows(rows: CheckRow[]): CheckRow[] {
  // A stable sort: the engine's order inside a group is the diagnosis order.
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => GROUP_ORDER.indexOf(a.r.group) - GROUP_ORDER.indexOf(b.r.group) || a.i - b.i)
    .map((x) => x.r);
}

function rowsFromReport(report: Report): CheckRow[] {
  return sortRows(report.checks.map((c) => ({ id: c.id, title: c.title, group: groupOf(c), phase: 'done' as const, result: c })));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function reduceEngine(state: UiState, event: EngineEvent): UiState {
  const run = state.run;
  switch (event.type) {
    case 'run-started':
      return {
        ...state,
        clusterId: event.clusterId,
        selected: 0,
        run: {
          ...run,
          status: 'running',
          rows: sortRows(event.checks.map((c) => ({ id: c.id, title: c.title, group: groupOf(c), phase: 'pending' as const }))),
          rootCauses: [],
          report: undefined,
          error: undefined,
        },
      };
    case 'check-started':
      return { ...state, run: { ...run, rows: run.rows.map((r) => (r.id === event.id ? { ...r, phase: 'running' as const } : r)) } };
    case 'check-finished': {
      const known = run.rows.some((r) => r.id === event.result.id);
      const done: CheckRow = { id: event.result.id, title: event.result.title, group: groupOf(event.result), phase: 'done', result: event.result };
      const rows = known ? run.rows.map((r) => (r.id === event.result.id ? done : r)) : sortRows([...run.rows, done]);
      return { ...state, run: { ...run, rows } };
    }
    case 'root-causes':
      return { ...state, run: { ...run, rootCauses: event.rootCauses } };
    case 'run-finished': {
      const rows = rowsFromReport(event.report);
      return {
        ...state,
        clusterId: event.report.cluster,
        selected: clamp(state.selected, 0, Math.max(0, rows.length - 1)),
        run: { ...run, status: 'finished', rows, rootCauses: event.report.rootCauses, report: event.report },
      };
    }
  }
}

export function filteredClusters(picker: ClusterPickerState): ClusterSummary[] {
  const f = picker.filter.trim().toLowerCase();
  const items = sortClusters(picker.items);
  if (!f) return items;
  return items.filter((c) => `${c.name} ${c.resourceGroup} ${c.location}`.toLowerCase().includes(f));
}

export function isNetworkIsolated(c: ClusterSummary): boolean {
  const outbound = (c.outboundType ?? '').toLowerCase();
  return (c.artifactSource ?? '').toLowerCase() === 'cache' && (outbound === 'none' || outbound === 'block');
}

/** The rule of src/domain/registry-mode.ts, over the summary the cluster list gives. */
export function registryModeOfSummary(c: ClusterSummary): RegistryMode {
  if ((c.artifactSource ?? '').toLowerCase() !== 'cache') return 'unknown';
  const id = c.containerRegistryId;
  if (!id) return 'managed';
  const parsed = tryParseResourceId(id);
  if (!parsed) return 'unknown';
  return inResourceGroup(id, parsed.subscriptionId, c.nodeResourceGroup) && looksLikeBootstrapName(parsed.name) ? 'managed' : 'byo';
}

export function sortClusters(items: ClusterSummary[]): ClusterSummary[] {
  return [...items].sort((a, b) => Number(isNetworkIsolated(b)) - Number(isNetworkIsolated(a)) || a.name.localeCompare(b.name));
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  // A notice answers the last key; moving on makes it stale.
  if ((action.type === 'move' || action.type === 'open-details' || action.type === 'back') && state.notice) {
    return uiReducer({ ...state, notice: undefined, exported: undefined }, action);
  }
  switch (action.type) {
    case 'engine':
      if (action.runId !== state.run.runId) return state;
      return reduceEngine(state, action.event);
    case 'diagnose-started':
      return {
        ...state,
        screen: state.screen === 'clusters' || state.screen === 'scenarios' ? 'run' : state.screen,
        notice: undefined,
        run: { status: 'running', runId: state.run.runId + 1, rows: [], rootCauses: [], report: undefined, error: undefined },
        selected: 0,
      };
    case 'diagnose-failed':
      if (action.runId !== state.run.runId) return state;
      return { ...state, run: { ...state.run, status: 'failed', error: action.message } };
    case 'move': {
      if (state.screen === 'clusters') {
        const n = filteredClusters(state.clusters).length;
        return { ...state, clusters: { ...state.clusters, selected: clamp(state.clusters.selected + action.delta, 0, Math.max(0, n - 1)) } };
      }
      if (state.screen === 'scenarios') {
        const n = state.scenarios.available.length;
        return { ...state, scenarios: { ...state.scenarios, selected: clamp(state.scenarios.selected + action.delta, 0, Math.max(0, n - 1)) } };
      }
      if (state.screen === 'run') {
        return { ...state, selected: clamp(state.selected + action.delta, 0, Math.max(0, state.run.rows.length - 1)) };
      }
      return state;
    }
    case 'move-to':
      if (state.screen !== 'run') return state;
      return { ...state, selected: action.where === 'first' ? 0 : Math.max(0, state.run.rows.length - 1) };
    case 'open-details': {
      const row = state.run.rows[state.selected];
      if (state.screen !== 'run' || !row?.result) return state;
      return { ...state, screen: 'details', scroll: 0 };
    }
    case 'back':
      switch (state.screen) {
        case 'details':
        case 'scenarios':
          return { ...state, screen: 'run', scroll: 0 };
        case 'plan':
          return { ...state, screen: 'run', scroll: 0, plan: { status: 'idle', dryRun: false } };
        case 'confirm':
          return { ...state, screen: 'plan', confirm: { input: '' } };
        case 'fix-result':
          return { ...state, screen: 'run', scroll: 0, fix: { status: 'idle', operations: [], current: 0 }, plan: { status: 'idle', dryRun: false } };
        default:
          return state;
      }
    case 'scroll':
      return { ...state, scroll: clamp(state.scroll + action.delta, 0, action.max ?? Number.MAX_SAFE_INTEGER) };
    case 'plan-requested':
      return { ...state, screen: 'plan', scroll: 0, notice: undefined, plan: { status: 'loading', remediation: action.remediation, dryRun: action.dryRun } };
    case 'plan-ready':
      if (state.screen !== 'plan' || state.plan.remediation !== action.plan.remediation) return state;
      return { ...state, plan: { ...state.plan, status: 'ready', plan: action.plan } };
    case 'plan-failed':
      if (state.screen !== 'plan') return state;
      return { ...state, plan: { ...state.plan, status: 'error', error: action.message } };
    case 'confirm-open':
      if (state.screen !== 'plan' || state.plan.status !== 'ready' || state.plan.dryRun || !state.plan.plan?.automated) return state;
      return { ...state, screen: 'confirm', confirm: { input: '' } };
    case 'confirm-input':
      return { ...state, confirm: { input: state.confirm.input + action.text } };
    case 'confirm-backspace':
      return { ...state, confirm: { ...state.confirm, input: state.confirm.input.slice(0, -1) } };
    case 'confirm-refused':
      return { ...state, confirm: { input: '', error: action.message } };
    case 'fix-started':
      return {
        ...state,
        screen: 'fixing',
        fix: { status: 'running', operations: (state.plan.plan?.operations ?? []).map(() => undefined), current: 0, before: action.before },
      };
    case 'fix-progress': {
      const operations = [...state.fix.operations];
      operations[action.progress.operation] = action.progress.progress;
      return { ...state, fix: { ...state.fix, operations, current: action.progress.operation } };
    }
    case 'fix-result': {
      const after = action.result.after;
      const fix: FixState = { ...state.fix, status: 'done', result: action.result };
      const next: UiState = { ...state, screen: 'fix-result', quitPrompt: false, scroll: 0, fix };
      if (!after) return next;
      const rows = rowsFromReport(after);
      return {
        ...next,
        selected: clamp(state.selected, 0, Math.max(0, rows.length - 1)),
        run: { ...state.run, status: 'finished', rows, rootCauses: after.rootCauses, report: after },
      };
    }
    case 'fix-failed':
      return { ...state, screen: 'fix-result', quitPrompt: false, fix: { ...state.fix, status: 'failed', error: action.message } };
    case 'help-toggle':
      return { ...state, help: !state.help };
    case 'quit-prompt':
      return { ...state, quitPrompt: action.open };
    case 'export-done':
      return { ...state, exported: action.paths, notice: { kind: 'info', text: `Exported: ${action.paths.markdown} and ${action.paths.json}` } };
    case 'notice':
      return { ...state, notice: { kind: action.kind, text: action.text } };
    case 'scenario-picker-open': {
      if (state.scenarios.available.length === 0) return state;
      const at = state.scenarios.available.findIndex((s) => s.name === state.scenarios.current);
      return { ...state, screen: 'scenarios', scenarios: { ...state.scenarios, selected: Math.max(0, at) } };
    }
    case 'scenario-switching':
      return { ...state, scenarios: { ...state.scenarios, switching: true }, notice: { kind: 'info', text: `Switching to scenario ${action.name}…` } };
    case 'scenario-switched':
      return { ...state, screen: 'run', scenarios: { ...state.scenarios, switching: false, current: action.name }, notice: undefined };
    case 'scenario-failed':
      return { ...state, scenarios: { ...state.scenarios, switching: false }, notice: { kind: 'error', text: action.message } };
    case 'clusters-loading':
      return { ...state, clusters: { ...state.clusters, status: 'loading', error: undefined } };
    case 'clusters-loaded':
      return { ...state, clusters: { ...state.clusters, status: 'ready', items: action.clusters, selected: 0 } };
    case 'clusters-failed':
      return { ...state, clusters: { ...state.clusters, status: 'error', error: action.message } };
    case 'cluster-filter':
      return { ...state, clusters: { ...state.clusters, filter: state.clusters.filter + action.text, selected: 0 } };
    case 'cluster-filter-backspace':
      return { ...state, clusters: { ...state.clusters, filter: state.clusters.filter.slice(0, -1), selected: 0 } };
    case 'cluster-filter-clear':
      return { ...state, clusters: { ...state.clusters, filter: '', selected: 0 } };
    case 'cluster-chosen':
      return { ...state, clusterId: action.clusterId, screen: 'run' };
  }
}

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

/** The remediation `f`/`d` act on: the selected finding's, else the first root cause's. */
export function remediationFor(state: UiState): RemediationId | undefined {
  const row = state.run.rows[state.selected];
  const own = row?.result?.status !== 'pass' ? row?.result?.remediations[0] : undefined;
  if (own) return own;
  return state.run.rootCauses.find((rc) => rc.remediation !== null)?.remediation ?? undefined;
}

/**
 * Why `f`/`d` have nothing to plan, and what to do instead: the root-cause sentence of the
 * report carries the advice for a cause without an automatic fix.
 */
export function noFixNotice(state: UiState, report: Report): string {
  const failing = report.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  if (failing.length === 0) return 'Nothing to fix: no check fails.';
  const row = state.run.rows[state.selected]?.result;
  const rc = state.run.rootCauses.find((c) => c.checkId === row?.id) ?? state.run.rootCauses[0];
  if (rc) return rootCauseSentence(rc, report);
  return 'No automatic fix is known for the failing checks; open one (Enter) for its evidence.';
}

/** True when `f` and `d` would plan something now, so the footer offers them only then. */
export function canPlan(state: UiState): boolean {
  return state.run.status === 'finished' && !!state.run.report && remediationFor(state) !== undefined;
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

  if (state.screen === 'confirm') {
    const plan = state.plan.plan;
    if (k.escape) return { actions: [{ type: 'back' }], commands: [] };
    if (!plan) return none;
    if (plan.risk === 'destructive') {
      if (k.backspace || k.delete) return { actions: [{ type: 'confirm-backspace' }], commands: [] };
      if (k.return) {
        if (state.confirm.input === plan.clusterName) return { actions: [], commands: [{ kind: 'apply', confirmation: state.confirm.input }] };
        return {
          actions: [{ type: 'confirm-refused', message: `"${state.confirm.input}" is not the cluster name ${plan.clusterName}; nothing was changed.` }],
          commands: [],
        };
      }
      if (k.input && !k.ctrl && !k.tab) return { actions: [{ type: 'confirm-input', text: k.input }], commands: [] };
      return none;
    }
    if (k.input === 'y' || k.input === 'Y') return { actions: [], commands: [{ kind: 'apply' }] };
    if (k.input === 'n' || k.input === 'N' || k.input === 'q') return { actions: [{ type: 'back' }], commands: [] };
    return none;
  }

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
 * The process exit code when the user quits, following `diagnose`: 0 healthy, 1 a problem
 * found, 3 the diagnosis could not complete; 130 when quitting abandons a running fix.
 */
export function exitCodeOf(state: UiState): number {
  if (state.fix.status === 'running') return 130;
  if (state.run.status === 'failed') return 3;
  const report = state.run.report;
  if (!report) return 0;
  const problem = report.rootCauses.length > 0 || report.checks.some((c) => c.status === 'fail' || c.status === 'error');
  return problem ? 1 : 0;
}
