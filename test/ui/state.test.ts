import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/types.js';
import {
  changedChecks,
  exitCodeOf,
  filteredClusters,
  initialUiState,
  interpretKey,
  isNetworkIsolated,
  registryModeOfSummary,
  remediationFor,
  splitKeys,
  uiReducer,
  type KeyPress,
  type UiAction,
  type UiState,
} from '../../src/ui/state.js';
import { footerText } from '../../src/ui/components/Chrome.js';
import { detailLines } from '../../src/ui/components/Details.js';
import {
  CACHE_RULE_DELETED_REPORT,
  CLUSTERS,
  CLUSTER_ID,
  CLUSTER_NAME,
  DELETE_AND_RECONCILE_PLAN,
  ENDPOINT_DELETED_REPORT,
  FIXED_RESULT,
  HEALTHY_REPORT,
  RECONCILE_PLAN,
  REPAIR_DNS_PLAN,
  UNSUPPORTED_REPORT,
  SCENARIOS,
} from './fixtures.js';

const reduce = (state: UiState, ...actions: UiAction[]): UiState => actions.reduce(uiReducer, state);

/** The events a full run of the engine emits for a report. */
function eventsOf(report = CACHE_RULE_DELETED_REPORT): EngineEvent[] {
  return [
    { type: 'run-started', clusterId: report.cluster, checks: report.checks.map((c) => ({ id: c.id, title: c.title, dependsOn: [], display: c.display })) },
    ...report.checks.flatMap((c): EngineEvent[] => [{ type: 'check-started', id: c.id }, { type: 'check-finished', result: c }]),
    { type: 'root-causes', rootCauses: report.rootCauses },
    { type: 'run-finished', report },
  ];
}

function finished(report = CACHE_RULE_DELETED_REPORT): UiState {
  const s = uiReducer(initialUiState({ clusterId: CLUSTER_ID }), { type: 'diagnose-started' });
  return reduce(s, ...eventsOf(report).map((event): UiAction => ({ type: 'engine', runId: s.run.runId, event })));
}

const withSelected = (s: UiState, selected: number): UiState => ({ ...s, selected });
const indexOf = (s: UiState, id: string): number => s.run.rows.findIndex((r) => r.id === id);

describe('uiReducer: engine events', () => {
  it('builds the rows live: pending, running, done', () => {
    const s0 = uiReducer(initialUiState({ clusterId: CLUSTER_ID }), { type: 'diagnose-started' });
    const events = eventsOf();
    const started = uiReducer(s0, { type: 'engine', runId: s0.run.runId, event: events[0]! });
    expect(started.run.status).toBe('running');
    expect(started.run.rows.map((r) => r.phase)).toEqual(Array(13).fill('pending'));
    expect(started.run.rows.map((r) => r.group)).toEqual(['cluster', 'cluster', 'cluster', 'registry', 'registry', 'registry', 'endpoint', 'DNS', 'DNS', 'DNS', 'pods', 'pods', 'nodes']);
    const running = uiReducer(started, { type: 'engine', runId: s0.run.runId, event: { type: 'check-started', id: 'cluster.readable' } });
    expect(running.run.rows[0]?.phase).toBe('running');
    // Rows that did not change keep their identity, so memoised rows do not re-render.
    expect(running.run.rows[1]).toBe(started.run.rows[1]);
    const done = uiReducer(running, { type: 'engine', runId: s0.run.runId, event: { type: 'check-finished', result: CACHE_RULE_DELETED_REPORT.checks[0]! } });
    expect(done.run.rows[0]).toMatchObject({ phase: 'done', result: { status: 'pass', durationMs: 182 } });
  });

  it('ends with the report and its root causes', () => {
    const s = finished();
    expect(s.run.status).toBe('finished');
    expect(s.run.report).toBe(CACHE_RULE_DELETED_REPORT);
    expect(s.run.rootCauses).toEqual([
      {
        checkId: 'registry.mcr-cache-rule',
        guideIssue: 3,
        summary: "the managed registry's MCR cache rule was deleted",
        remediation: 'delete-registry-and-reconcile',
        cause: "the managed registry's MCR cache rule was deleted or is broken",
      },
    ]);
    expect(s.run.rows.every((r) => r.phase === 'done')).toBe(true);
  });

  it('drops events of an abandoned run', () => {
    const s = finished();
    const again = uiReducer(s, { type: 'diagnose-started' });
    const late = uiReducer(again, { type: 'engine', runId: s.run.runId, event: { type: 'run-finished', report: HEALTHY_REPORT } });
    expect(late).toBe(again);
    expect(uiReducer(again, { type: 'diagnose-failed', runId: s.run.runId, message: 'late' })).toBe(again);
  });

  it('a failed run keeps its one-line error', () => {
    const s = uiReducer(initialUiState(), { type: 'diagnose-started' });
    const f = uiReducer(s, { type: 'diagnose-failed', runId: s.run.runId, message: 'AuthorizationFailed' });
    expect(f.run).toMatchObject({ status: 'failed', error: 'AuthorizationFailed' });
  });
});

describe('uiReducer: navigation', () => {
  it.each([
    { from: 0, delta: -1, to: 0 },
    { from: 0, delta: 1, to: 1 },
    { from: 11, delta: 5, to: 12 },
    { from: 5, delta: -10, to: 0 },
  ])('move $delta from $from lands on $to', ({ from, delta, to }) => {
    expect(uiReducer(withSelected(finished(), from), { type: 'move', delta }).selected).toBe(to);
  });

  it('details open only on a finished check; Esc goes back to the same row', () => {
    const s = withSelected(finished(), 5);
    const d = uiReducer(s, { type: 'open-details' });
    expect(d.screen).toBe('details');
    expect(uiReducer(d, { type: 'back' })).toMatchObject({ screen: 'run', selected: 5 });
    const running = uiReducer(initialUiState(), { type: 'diagnose-started' });
    expect(uiReducer(running, { type: 'open-details' }).screen).toBe('run');
  });

  it('scroll clamps at zero and at the view limit', () => {
    const s = { ...finished(), screen: 'details' as const };
    expect(uiReducer(s, { type: 'scroll', delta: -3 }).scroll).toBe(0);
    expect(uiReducer(s, { type: 'scroll', delta: 50, max: 7 }).scroll).toBe(7);
  });

  it.each([
    { screen: 'details', to: 'run' },
    { screen: 'plan', to: 'run' },
    { screen: 'confirm', to: 'plan' },
    { screen: 'fix-result', to: 'run' },
    { screen: 'scenarios', to: 'run' },
    { screen: 'fixing', to: 'fixing' },
  ] as const)('back from $screen goes to $to', ({ screen, to }) => {
    expect(uiReducer({ ...finished(), screen }, { type: 'back' }).screen).toBe(to);
  });
});

describe('uiReducer: fix flow', () => {
  const planned = (dryRun: boolean, plan = DELETE_AND_RECONCILE_PLAN): UiState =>
    reduce(finished(), { type: 'plan-requested', remediation: plan.remediation, dryRun }, { type: 'plan-ready', plan });

  it('confirmation opens only for a ready, automated, non-dry-run plan', () => {
    expect(uiReducer(planned(false), { type: 'confirm-open' }).screen).toBe('confirm');
    expect(uiReducer(planned(true), { type: 'confirm-open' }).screen).toBe('plan');
    expect(uiReducer(planned(false, { ...RECONCILE_PLAN, automated: false }), { type: 'confirm-open' }).screen).toBe('plan');
    const loading = uiReducer(finished(), { type: 'plan-requested', remediation: 'reconcile', dryRun: false });
    expect(uiReducer(loading, { type: 'confirm-open' }).screen).toBe('plan');
  });

  it('a plan for another remediation, or after leaving, is ignored', () => {
    const loading = uiReducer(finished(), { type: 'plan-requested', remediation: 'reconcile', dryRun: false });
    expect(uiReducer(loading, { type: 'plan-ready', plan: DELETE_AND_RECONCILE_PLAN }).plan.status).toBe('loading');
    const left = uiReducer(loading, { type: 'back' });
    expect(uiReducer(left, { type: 'plan-ready', plan: RECONCILE_PLAN })).toBe(left);
  });

  it('typed confirmation: input, backspace, refusal clears it', () => {
    let s = uiReducer(planned(false), { type: 'confirm-open' });
    s = reduce(s, { type: 'confirm-input', text: 'aks-prod-wex' }, { type: 'confirm-backspace' }, { type: 'confirm-input', text: 'u' });
    expect(s.confirm.input).toBe(CLUSTER_NAME);
    expect(uiReducer(s, { type: 'confirm-refused', message: 'no' }).confirm).toEqual({ input: '', error: 'no' });
  });

  it('progress per operation, then the result replaces the rows with the verified report', () => {
    let s = uiReducer(uiReducer(planned(false), { type: 'confirm-open' }), { type: 'fix-started', before: CACHE_RULE_DELETED_REPORT });
    expect(s.screen).toBe('fixing');
    expect(s.fix.operations).toEqual([undefined, undefined]);
    s = uiReducer(s, { type: 'fix-progress', progress: { operation: 1, progress: { status: 'InProgress', elapsedMs: 3000 } } });
    expect(s.fix).toMatchObject({ current: 1, operations: [undefined, { status: 'InProgress', elapsedMs: 3000 }] });
    s = uiReducer(s, { type: 'fix-result', result: FIXED_RESULT });
    expect(s.screen).toBe('fix-result');
    expect(s.run.report).toBe(HEALTHY_REPORT);
    expect(s.run.rootCauses).toEqual([]);
    expect(s.run.rows.every((r) => r.result?.status === 'pass')).toBe(true);
    expect(exitCodeOf(s)).toBe(0);
  });

  it('a failed fix keeps the previous report', () => {
    const s = reduce(planned(false), { type: 'confirm-open' }, { type: 'fix-started', before: CACHE_RULE_DELETED_REPORT }, { type: 'fix-failed', message: 'RequestDisallowedByPolicy' });
    expect(s).toMatchObject({ screen: 'fix-result', fix: { status: 'failed', error: 'RequestDisallowedByPolicy' } });
    expect(s.run.report).toBe(CACHE_RULE_DELETED_REPORT);
  });
});

describe('changedChecks', () => {
  it('lists each check whose status changed, before → after', () => {
    expect(changedChecks(CACHE_RULE_DELETED_REPORT, HEALTHY_REPORT)).toEqual([
      { id: 'registry.mcr-cache-rule', title: 'The registry caches MCR for the nodes', before: 'fail', after: 'pass' },
      { id: 'pods.image-pull-failures', title: 'Pods pull their images', before: 'fail', after: 'pass' },
    ]);
    expect(changedChecks(ENDPOINT_DELETED_REPORT, HEALTHY_REPORT).map((c) => `${c.id}:${c.before}→${c.after}`)).toEqual([
      'registry.private-endpoint:fail→pass',
      'dns.records:skip→pass',
    ]);
    expect(changedChecks(HEALTHY_REPORT, HEALTHY_REPORT)).toEqual([]);
    expect(changedChecks(undefined, undefined)).toEqual([]);
  });
});

describe('cluster picker', () => {
  const picker = (filter = ''): UiState => {
    const s = reduce(initialUiState({ canPickCluster: true }), { type: 'clusters-loading' }, { type: 'clusters-loaded', clusters: CLUSTERS });
    return filter ? uiReducer(s, { type: 'cluster-filter', text: filter }) : s;
  };

  it('starts on the picker only when no cluster was given', () => {
    expect(initialUiState({ canPickCluster: true }).screen).toBe('clusters');
    expect(initialUiState({ canPickCluster: true, clusterId: CLUSTER_ID }).screen).toBe('run');
    expect(initialUiState({}).screen).toBe('run');
  });

  it('orders network isolated clusters first, then by name', () => {
    expect(filteredClusters(picker().clusters).map((c) => c.name)).toEqual(['aks-payments-eus', 'aks-prod-weu', 'aks-dev-neu']);
  });

  it.each([
    { filter: 'prod', names: ['aks-prod-weu'] },
    { filter: 'EUS', names: ['aks-payments-eus'] },
    { filter: 'europe', names: ['aks-prod-weu', 'aks-dev-neu'] },
    { filter: 'rg-aks', names: ['aks-prod-weu', 'aks-dev-neu'] },
    { filter: 'zzz', names: [] },
  ])('filter "$filter" keeps $names', ({ filter, names }) => {
    expect(filteredClusters(picker(filter).clusters).map((c) => c.name)).toEqual(names);
  });

  it('backspace and clear edit the filter and reset the selection', () => {
    const s = reduce(picker('prox'), { type: 'cluster-filter-backspace' });
    expect(s.clusters.filter).toBe('pro');
    expect(uiReducer(s, { type: 'cluster-filter-clear' }).clusters.filter).toBe('');
    const moved = uiReducer(picker(), { type: 'move', delta: 5 });
    expect(moved.clusters.selected).toBe(2);
    expect(uiReducer(moved, { type: 'cluster-filter', text: 'a' }).clusters.selected).toBe(0);
  });

  it.each([
    { name: 'aks-prod-weu', isolated: true, mode: 'managed' },
    { name: 'aks-payments-eus', isolated: true, mode: 'byo' },
    { name: 'aks-dev-neu', isolated: false, mode: 'unknown' },
  ])('$name: isolated $isolated, registry $mode', ({ name, isolated, mode }) => {
    const c = CLUSTERS.find((x) => x.name === name)!;
    expect(isNetworkIsolated(c)).toBe(isolated);
    expect(registryModeOfSummary(c)).toBe(mode);
  });

  it('a registry in the node resource group named bootstrap is managed', () => {
    const c = CLUSTERS.find((x) => x.name === 'aks-prod-weu')!;
    const id = `/subscriptions/x/resourceGroups/${c.nodeResourceGroup.toLowerCase()}/providers/Microsoft.ContainerRegistry/registries/aksBootstrap1a2b`;
    expect(registryModeOfSummary({ ...c, containerRegistryId: id.replace('/x/', `/${CLUSTER_ID.split('/')[2]}/`) })).toBe('managed');
  });
});

describe('splitKeys', () => {
  it.each([
    { input: 'j', key: {}, out: [{ input: 'j' }] },
    { input: 'jjk', key: {}, out: [{ input: 'j' }, { input: 'j' }, { input: 'k' }] },
    { input: 'aks\r', key: {}, out: [{ input: 'a' }, { input: 'k' }, { input: 's' }, { input: '', return: true }] },
    { input: 'ab\u007f', key: {}, out: [{ input: 'a' }, { input: 'b' }, { input: '', backspace: true }] },
    { input: '', key: { downArrow: true }, out: [{ input: '', downArrow: true }] },
    { input: 'c', key: { ctrl: true }, out: [{ input: 'c', ctrl: true }] },
  ])('$input', ({ input, key, out }) => {
    expect(splitKeys(input, key)).toEqual(out);
  });
});

describe('interpretKey', () => {
  const k = (input: string, extra: Omit<KeyPress, 'input'> = {}): KeyPress => ({ input, ...extra });
  const run = finished();
  const onFailing = withSelected(run, indexOf(run, 'registry.mcr-cache-rule'));
  const running = uiReducer(initialUiState({ clusterId: CLUSTER_ID }), { type: 'diagnose-started' });
  const planReady = reduce(run, { type: 'plan-requested', remediation: 'delete-registry-and-reconcile', dryRun: false }, { type: 'plan-ready', plan: DELETE_AND_RECONCILE_PLAN });
  const confirmDestructive = uiReducer(planReady, { type: 'confirm-open' });
  const confirmReversible = uiReducer(
    reduce(run, { type: 'plan-requested', remediation: 'reconcile', dryRun: false }, { type: 'plan-ready', plan: RECONCILE_PLAN }),
    { type: 'confirm-open' },
  );
  const fixing = uiReducer(confirmDestructive, { type: 'fix-started', before: CACHE_RULE_DELETED_REPORT });
  const demo = { ...run, scenarios: { ...run.scenarios, available: SCENARIOS, current: 'managed-cache-rule-deleted' } };

  it.each([
    { name: 'j moves down', state: run, key: k('j'), actions: [{ type: 'move', delta: 1 }], commands: [] },
    { name: 'up arrow moves up', state: run, key: k('', { upArrow: true }), actions: [{ type: 'move', delta: -1 }], commands: [] },
    { name: 'Enter opens details', state: run, key: k('', { return: true }), actions: [{ type: 'open-details' }], commands: [] },
    { name: 'r re-runs', state: run, key: k('r'), actions: [], commands: [{ kind: 'diagnose' }] },
    { name: 'r while running is refused', state: running, key: k('r'), actions: [{ type: 'notice', kind: 'info', text: 'The diagnosis is already running.' }], commands: [] },
    {
      name: 'f on a failing check plans its own fix',
      state: onFailing,
      key: k('f'),
      actions: [{ type: 'plan-requested', remediation: 'delete-registry-and-reconcile', dryRun: false }],
      commands: [{ kind: 'plan', remediation: 'delete-registry-and-reconcile', dryRun: false }],
    },
    {
      name: 'd plans a dry run',
      state: run,
      key: k('d'),
      actions: [{ type: 'plan-requested', remediation: 'delete-registry-and-reconcile', dryRun: true }],
      commands: [{ kind: 'plan', remediation: 'delete-registry-and-reconcile', dryRun: true }],
    },
    { name: 'e exports', state: run, key: k('e'), actions: [], commands: [{ kind: 'export' }] },
    { name: 'q quits', state: run, key: k('q'), actions: [], commands: [{ kind: 'quit' }] },
    { name: 'Ctrl-C quits', state: run, key: k('c', { ctrl: true }), actions: [], commands: [{ kind: 'quit' }] },
    { name: '? opens help', state: run, key: k('?'), actions: [{ type: 'help-toggle' }], commands: [] },
    { name: 'Esc closes help', state: { ...run, help: true }, key: k('', { escape: true }), actions: [{ type: 'help-toggle' }], commands: [] },
    { name: 'j is ignored under help', state: { ...run, help: true }, key: k('j'), actions: [], commands: [] },
    { name: 's opens scenarios in demo', state: demo, key: k('s'), actions: [{ type: 'scenario-picker-open' }], commands: [] },
    { name: 'Enter on a plan opens the confirmation', state: planReady, key: k('', { return: true }), actions: [{ type: 'confirm-open' }], commands: [] },
    { name: 'q on a destructive confirmation is text', state: confirmDestructive, key: k('q'), actions: [{ type: 'confirm-input', text: 'q' }], commands: [] },
    {
      name: 'the exact cluster name applies',
      state: { ...confirmDestructive, confirm: { input: CLUSTER_NAME } },
      key: k('', { return: true }),
      actions: [],
      commands: [{ kind: 'apply', confirmation: CLUSTER_NAME }],
    },
    {
      name: 'a different case is refused',
      state: { ...confirmDestructive, confirm: { input: 'AKS-PROD-WEU' } },
      key: k('', { return: true }),
      actions: [{ type: 'confirm-refused', message: '"AKS-PROD-WEU" is not the cluster name aks-prod-weu; nothing was changed.' }],
      commands: [],
    },
    { name: 'y applies a reversible plan', state: confirmReversible, key: k('y'), actions: [], commands: [{ kind: 'apply' }] },
    { name: 'n cancels a reversible plan', state: confirmReversible, key: k('n'), actions: [{ type: 'back' }], commands: [] },
    { name: 'q while fixing asks', state: fixing, key: k('q'), actions: [{ type: 'quit-prompt', open: true }], commands: [] },
    { name: 'Ctrl-C while fixing asks', state: fixing, key: k('c', { ctrl: true }), actions: [{ type: 'quit-prompt', open: true }], commands: [] },
    { name: 'y at the prompt quits', state: { ...fixing, quitPrompt: true }, key: k('y'), actions: [], commands: [{ kind: 'quit' }] },
    { name: 'n at the prompt stays', state: { ...fixing, quitPrompt: true }, key: k('n'), actions: [{ type: 'quit-prompt', open: false }], commands: [] },
    { name: 'j while fixing does nothing', state: fixing, key: k('j'), actions: [], commands: [] },
  ])('$name', ({ state, key, actions, commands }) => {
    expect(interpretKey(state, key, { canSwitchScenario: true })).toEqual({ actions, commands });
  });

  it('Enter in the cluster picker selects the highlighted cluster and diagnoses', () => {
    const s = reduce(initialUiState({ canPickCluster: true }), { type: 'clusters-loaded', clusters: CLUSTERS }, { type: 'move', delta: 1 });
    expect(interpretKey(s, k('', { return: true }))).toEqual({
      actions: [{ type: 'cluster-chosen', clusterId: CLUSTER_ID }],
      commands: [{ kind: 'select-cluster', clusterId: CLUSTER_ID }, { kind: 'diagnose' }],
    });
    expect(interpretKey(s, k('q'))).toEqual({ actions: [{ type: 'cluster-filter', text: 'q' }], commands: [] });
  });

  it('f falls back to the root cause when the selected check has no fix', () => {
    expect(remediationFor(withSelected(run, 0))).toBe('delete-registry-and-reconcile');
    expect(remediationFor(finished(HEALTHY_REPORT))).toBeUndefined();
    expect(remediationFor(withSelected(finished(ENDPOINT_DELETED_REPORT), 0))).toBe('reconcile');
  });
});

describe('exitCodeOf', () => {
  it.each([
    { name: 'no run yet', state: initialUiState(), code: 0 },
    { name: 'a problem found', state: finished(), code: 1 },
    { name: 'healthy', state: finished(HEALTHY_REPORT), code: 0 },
    { name: 'the diagnosis failed', state: reduce(uiReducer(initialUiState(), { type: 'diagnose-started' }), { type: 'diagnose-failed', runId: 1, message: 'x' }), code: 3 },
    { name: 'a fix still running', state: { ...finished(), fix: { status: 'running' as const, operations: [], current: 0 } }, code: 130 },
  ])('$name → $code', ({ state, code }) => {
    expect(exitCodeOf(state)).toBe(code);
  });
});

describe('hints match the keys', () => {
  const k = (input: string, extra: Omit<KeyPress, 'input'> = {}): KeyPress => ({ input, ...extra });
  const run = finished();
  const healthy = finished(HEALTHY_REPORT);
  const plan = (remediation: 'delete-registry-and-reconcile' | 'repair-private-dns', dryRun: boolean): UiState => {
    const p = remediation === 'repair-private-dns' ? REPAIR_DNS_PLAN : DELETE_AND_RECONCILE_PLAN;
    return reduce(run, { type: 'plan-requested', remediation, dryRun }, { type: 'plan-ready', plan: p });
  };
  const planning = uiReducer(run, { type: 'plan-requested', remediation: 'delete-registry-and-reconcile', dryRun: false });
  const planFailed = uiReducer(planning, { type: 'plan-failed', message: 'the cluster is Updating' });
  const details = uiReducer(run, { type: 'open-details' });
  const fixResult = reduce(uiReducer(plan('delete-registry-and-reconcile', false), { type: 'confirm-open' }), { type: 'fix-started', before: CACHE_RULE_DELETED_REPORT }, { type: 'fix-result', result: FIXED_RESULT });
  const running = uiReducer(initialUiState({ clusterId: CLUSTER_ID }), { type: 'diagnose-started' });

  it.each([
    { name: 'r on a guided plan goes back and diagnoses', state: plan('repair-private-dns', false), key: k('r'), actions: [{ type: 'back' }], commands: [{ kind: 'diagnose' }] },
    { name: 'r on a dry-run plan goes back and diagnoses', state: plan('delete-registry-and-reconcile', true), key: k('r'), actions: [{ type: 'back' }], commands: [{ kind: 'diagnose' }] },
    { name: 'r on the details goes back and diagnoses', state: details, key: k('r'), actions: [{ type: 'back' }], commands: [{ kind: 'diagnose' }] },
    { name: 'PgDn on the details scrolls a page', state: details, key: k('', { pageDown: true }), actions: [{ type: 'scroll', delta: 18, max: 40 }], commands: [] },
    { name: 'PgUp on a plan scrolls a page back', state: planning, key: k('', { pageUp: true }), actions: [{ type: 'scroll', delta: -18, max: 40 }], commands: [] },
    { name: 'PgDn on the fix result scrolls a page', state: fixResult, key: k('', { pageDown: true }), actions: [{ type: 'scroll', delta: 18, max: 40 }], commands: [] },
    { name: 'PgDn on the check list moves a page', state: run, key: k('', { pageDown: true }), actions: [{ type: 'move', delta: 18 }], commands: [] },
    {
      name: 'f on a healthy cluster: nothing to fix',
      state: healthy,
      key: k('f'),
      actions: [{ type: 'notice', kind: 'info', text: 'Nothing to fix: no check fails.' }],
      commands: [],
    },
  ])('$name', ({ state, key, actions, commands }) => {
    const out = interpretKey(state, key, { maxScroll: 40, page: 18 });
    expect(out).toEqual({ actions, commands });
  });

  it('f on a failing finding without a fix says what to do instead', () => {
    const out = interpretKey(withSelected(finished(UNSUPPORTED_REPORT), 2), k('f'));
    expect(out.commands).toEqual([]);
    const first = out.actions[0];
    expect(first?.type === 'notice' ? first.text : '').toMatch(/^Root cause: .+ No automatic fix: change the unsupported settings listed below; network isolation cannot work until then\.$/u);
  });

  // Every key the footer names must do something on that screen.
  const screens: { name: string; state: UiState; demo?: boolean }[] = [
    { name: 'run, broken', state: run },
    { name: 'run, healthy', state: healthy },
    { name: 'run, healthy, demo', state: { ...healthy, scenarios: { ...healthy.scenarios, available: SCENARIOS } }, demo: true },
    { name: 'run, diagnosing', state: running },
    { name: 'details', state: details },
    { name: 'planning', state: planning },
    { name: 'plan failed', state: planFailed },
    { name: 'dry-run plan', state: plan('delete-registry-and-reconcile', true) },
    { name: 'guided plan', state: plan('repair-private-dns', false) },
    { name: 'automated plan', state: plan('delete-registry-and-reconcile', false) },
    { name: 'fix result', state: fixResult },
  ];
  const hints: [string, KeyPress, (o: ReturnType<typeof interpretKey>) => boolean][] = [
    ['Enter/y confirm', k('y'), (o) => o.actions.some((a) => a.type === 'confirm-open')],
    ['f fix', k('f'), (o) => o.commands.some((c) => c.kind === 'plan')],
    ['d dry run', k('d'), (o) => o.commands.some((c) => c.kind === 'plan')],
    ['r rerun', k('r'), (o) => o.commands.some((c) => c.kind === 'diagnose')],
    ['r diagnose again', k('r'), (o) => o.commands.some((c) => c.kind === 'diagnose')],
    ['e export', k('e'), (o) => o.commands.some((c) => c.kind === 'export')],
    ['Enter details', k('', { return: true }), (o) => o.actions.some((a) => a.type === 'open-details')],
    ['Esc back', k('', { escape: true }), (o) => o.actions.some((a) => a.type === 'back')],
    ['s scenario', k('s'), (o) => o.actions.some((a) => a.type === 'scenario-picker-open')],
  ];
  it.each(screens)('the footer of $name names only working keys', ({ state, demo }) => {
    const text = footerText(state, demo ?? false);
    expect([...text].length).toBeLessThanOrEqual(80);
    for (const [hint, key, works] of hints) {
      if (!text.includes(hint)) continue;
      expect(works(interpretKey(state, key, { canSwitchScenario: demo ?? false })), `${hint} on ${state.screen}`).toBe(true);
    }
  });

  it('the footer offers a confirmation only on an automated plan', () => {
    expect(screens.filter((s) => footerText(s.state, false).includes('confirm')).map((s) => s.name)).toEqual(['automated plan']);
  });
});

describe('detailLines: fix hints', () => {
  it('offers f/d for the first fix of a failing check only; the others as their command', () => {
    const check = CACHE_RULE_DELETED_REPORT.checks.find((c) => c.id === 'registry.mcr-cache-rule')!;
    const lines = detailLines({ ...check, remediations: ['delete-registry-and-reconcile', 'reconcile'] }, CACHE_RULE_DELETED_REPORT, 80)
      .map((l) => l.text)
      .filter((t) => t.startsWith('Fix:') || t.startsWith('  '));
    expect(lines[0]).toBe('Fix: Delete the managed registry and reconcile · f fix, d dry run');
    expect(lines.join(' ')).toMatch(/Fix: Reconcile the cluster · run aks-netiso fix reconcile /u);
    expect(lines.join(' ')).not.toMatch(/Reconcile the cluster · f fix/u);
  });
});
