import type { ClusterSummary, OperationProgress } from '../../azure/types.js';
import type { CheckId, CheckResult, EngineEvent, RemediationId, Report, RootCause } from '../../engine/types.js';
import type { ApplyProgress, FixResult, Plan } from '../../remediations/types.js';

/*
 * The terminal UI's state, the actions that change it and the commands keys ask for: plain
 * data, so the reducer (reducer.ts) and the key map (keys.ts) stay pure and table-tested.
 */

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
  /** The answer to the last key; `about: 'export'` marks the one an export leaves, shown with both paths. */
  notice?: { kind: 'info' | 'error'; text: string; about?: 'export' | undefined } | undefined;
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
