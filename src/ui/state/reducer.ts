import type { EngineEvent, Report } from '../../engine/types.js';
import { GROUP_ORDER, groupOf } from '../wording.js';
import type { CheckRow, FixState, UiAction, UiState } from './model.js';
import { filteredClusters } from './selectors.js';

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
      return { ...state, exported: action.paths, notice: { kind: 'info', text: `Exported: ${action.paths.markdown} and ${action.paths.json}`, about: 'export' } };
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
