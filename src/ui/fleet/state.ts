import { matchesFilter, sortedBySeverity, fleetExitCode, type FleetCluster, type FleetReport } from '../../fleet/report.js';
import type { KeyPress } from '../state/keys.js';

/*
 * The fleet view's state and key map, pure (table-tested): the list of clusters most severe
 * first, a text filter, and which cluster is open in the single-cluster screens.
 */

export interface FleetUiState {
  status: 'scanning' | 'ready' | 'failed';
  progress: { done: number; total: number };
  report?: FleetReport | undefined;
  error?: string | undefined;
  filter: string;
  /** `/` was pressed: printable keys go to the filter until Enter or Esc. */
  filtering: boolean;
  selected: number;
  /** The cluster open in the single-cluster screens (its diagnosis, or `f`: its fix flow). */
  opened?: { clusterId: string; autoFix: boolean; status: 'opening' | 'open' | 'failed'; error?: string | undefined } | undefined;
  /** Bumped on each scan, so a late answer of an earlier one is dropped. */
  scanId: number;
}

export type FleetUiAction =
  | { type: 'scan-started' }
  | { type: 'scan-progress'; scanId: number; done: number; total: number }
  | { type: 'scan-finished'; scanId: number; report: FleetReport }
  | { type: 'scan-failed'; scanId: number; message: string }
  | { type: 'move'; delta: number }
  | { type: 'filter-start' }
  | { type: 'filter-end' }
  | { type: 'filter-text'; text: string }
  | { type: 'filter-backspace' }
  | { type: 'filter-clear' }
  | { type: 'open'; clusterId: string; autoFix: boolean }
  | { type: 'opened'; clusterId: string }
  | { type: 'open-failed'; clusterId: string; message: string }
  | { type: 'back' };

export type FleetUiCommand = { kind: 'scan' } | { kind: 'open'; clusterId: string; autoFix: boolean } | { kind: 'quit' };

export function initialFleetState(): FleetUiState {
  return { status: 'scanning', progress: { done: 0, total: 0 }, filter: '', filtering: false, selected: 0, scanId: 0 };
}

/** The clusters the list shows: most severe first, those matching the filter. */
export function visibleClusters(state: FleetUiState): FleetCluster[] {
  return sortedBySeverity(state.report?.clusters ?? []).filter((c) => matchesFilter(c, state.filter));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export function fleetReducer(state: FleetUiState, action: FleetUiAction): FleetUiState {
  switch (action.type) {
    case 'scan-started':
      return { ...state, status: 'scanning', progress: { done: 0, total: 0 }, error: undefined, scanId: state.scanId + 1 };
    case 'scan-progress':
      return action.scanId === state.scanId ? { ...state, progress: { done: action.done, total: action.total } } : state;
    case 'scan-finished': {
      if (action.scanId !== state.scanId) return state;
      const next = { ...state, status: 'ready' as const, report: action.report };
      return { ...next, selected: clamp(state.selected, 0, Math.max(0, visibleClusters(next).length - 1)) };
    }
    case 'scan-failed':
      return action.scanId === state.scanId ? { ...state, status: 'failed', error: action.message } : state;
    case 'move':
      return { ...state, selected: clamp(state.selected + action.delta, 0, Math.max(0, visibleClusters(state).length - 1)) };
    case 'filter-start':
      return { ...state, filtering: true };
    case 'filter-end':
      return { ...state, filtering: false };
    case 'filter-text':
      return { ...state, filter: state.filter + action.text, selected: 0 };
    case 'filter-backspace':
      return { ...state, filter: [...state.filter].slice(0, -1).join(''), selected: 0 };
    case 'filter-clear':
      return { ...state, filter: '', filtering: false, selected: 0 };
    case 'open':
      return { ...state, opened: { clusterId: action.clusterId, autoFix: action.autoFix, status: 'opening' } };
    case 'opened':
      return state.opened?.clusterId === action.clusterId ? { ...state, opened: { ...state.opened, status: 'open' } } : state;
    case 'open-failed':
      return state.opened?.clusterId === action.clusterId ? { ...state, opened: { ...state.opened, status: 'failed', error: action.message } } : state;
    case 'back':
      return { ...state, opened: undefined };
  }
}

export interface FleetKeyOutcome {
  actions: FleetUiAction[];
  commands: FleetUiCommand[];
}

const none: FleetKeyOutcome = { actions: [], commands: [] };
const act = (...actions: FleetUiAction[]): FleetKeyOutcome => ({ actions, commands: [] });

/** What one key means in the fleet list (the open cluster's screens handle their own keys). */
export function fleetKey(state: FleetUiState, k: KeyPress, page = 10): FleetKeyOutcome {
  if (k.ctrl && k.input === 'c') return { actions: [], commands: [{ kind: 'quit' }] };
  if (state.opened) {
    // Only a failed open is ours to leave; an open cluster's screens take every key.
    if (state.opened.status === 'failed' && (k.escape || k.return)) return act({ type: 'back' });
    return none;
  }
  if (state.filtering) {
    if (k.return || k.downArrow) return act({ type: 'filter-end' });
    if (k.escape) return act({ type: 'filter-clear' });
    if (k.backspace || k.delete) return act({ type: 'filter-backspace' });
    if (k.input && !k.ctrl && !k.tab) return act({ type: 'filter-text', text: k.input });
    return none;
  }
  if (k.upArrow || k.input === 'k') return act({ type: 'move', delta: -1 });
  if (k.downArrow || k.input === 'j') return act({ type: 'move', delta: 1 });
  if (k.pageUp) return act({ type: 'move', delta: -page });
  if (k.pageDown) return act({ type: 'move', delta: page });
  if (k.home || k.input === 'g') return act({ type: 'move', delta: -Number.MAX_SAFE_INTEGER });
  if (k.end || k.input === 'G') return act({ type: 'move', delta: Number.MAX_SAFE_INTEGER });
  if (k.input === '/') return act({ type: 'filter-start' });
  if (k.escape) return state.filter !== '' ? act({ type: 'filter-clear' }) : { actions: [], commands: [{ kind: 'quit' }] };
  if (k.input === 'q') return { actions: [], commands: [{ kind: 'quit' }] };
  if (k.input === 'r' && state.status !== 'scanning') return { actions: [], commands: [{ kind: 'scan' }] };
  if (k.return || k.input === 'f') {
    const chosen = visibleClusters(state)[state.selected];
    if (!chosen || state.status !== 'ready') return none;
    const autoFix = k.input === 'f';
    return { actions: [{ type: 'open', clusterId: chosen.cluster, autoFix }], commands: [{ kind: 'open', clusterId: chosen.cluster, autoFix }] };
  }
  return none;
}

/** The fleet view's exit code: the scan's (0 all healthy, 1 a problem), 3 when it could not complete. */
export function fleetUiExitCode(state: FleetUiState): number {
  if (state.status === 'failed' || !state.report) return 3;
  return fleetExitCode(state.report);
}
