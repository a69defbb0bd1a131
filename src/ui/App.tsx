import ansiEscapes from 'ansi-escapes';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, render, useApp, useInput } from 'ink';
import type { Key } from 'ink';
import type { UiServices } from './services.js';
import { exitCodeOf, initialUiState, interpretKey, splitKeys, uiReducer, type UiAction, type UiCommand, type UiState } from './state.js';
import { ClusterPicker } from './components/ClusterPicker.js';
import { Confirm } from './components/Confirm.js';
import { detailLines, Details } from './components/Details.js';
import { FixProgress } from './components/FixProgress.js';
import { fixResultLines, FixResultView } from './components/FixResultView.js';
import { Footer, Header, NoticeLine, noticeLines, QuitPrompt } from './components/Chrome.js';
import { Help } from './components/Help.js';
import { planLines, PlanView } from './components/PlanView.js';
import { RunScreen, runListHeight } from './components/RunScreen.js';
import { ScenarioPicker } from './components/ScenarioPicker.js';
import { useTerminalSize } from './use-terminal-size.js';
import { maxScroll, noColorFromEnv, ThemeContext } from './components/theme.js';

export interface AppProps {
  services: UiServices;
  initialClusterId?: string | undefined;
  onExit?: ((code: number) => void) | undefined;
  /** Overrides of the terminal size and NO_COLOR, for tests. */
  width?: number | undefined;
  height?: number | undefined;
  noColor?: boolean | undefined;
  /** Opened from the fleet view: Esc on the check list goes back to it. */
  onBack?: (() => void) | undefined;
  /** Opened with `f` from the fleet view: the fix plan of the first root cause follows the diagnosis. */
  autoFix?: boolean | undefined;
}

/** A one-line message for anything a service threw: the UI never shows a stack trace. */
export function errorMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}

/** Rows the body may use: header, notice and footer take theirs, and one row stays free so ink never scrolls the terminal. */
function bodyHeight(state: UiState, columns: number, rows: number): number {
  const quit = state.quitPrompt ? 4 : 0;
  return Math.max(6, rows - 3 - noticeLines(state, columns).length - quit);
}

/** How far the current scrolled view can go, so j at the bottom does not build up hidden scroll. */
function scrollLimit(state: UiState, columns: number, rows: number): number {
  const h = bodyHeight(state, columns, rows);
  switch (state.screen) {
    case 'details': {
      const r = state.run.rows[state.selected]?.result;
      return r ? maxScroll(detailLines(r, state.run.report, columns).length, h) : 0;
    }
    case 'plan': {
      const p = state.plan.plan;
      return p ? maxScroll(planLines(p, state.plan.dryRun, columns).length, h) : 0;
    }
    case 'fix-result':
      return maxScroll(fixResultLines(state, columns).length, h - 1);
    default:
      return 0;
  }
}

/**
 * Lines PgUp/PgDn move on the current screen: what it shows at once, less one line of overlap.
 * A scrolled view that overflows gives one row to its `lines x–y of n` indicator.
 */
export function pageSize(state: UiState, columns: number, rows: number): number {
  const h = bodyHeight(state, columns, rows);
  switch (state.screen) {
    case 'run':
      return Math.max(1, runListHeight(state, columns, h) - 1);
    case 'clusters':
      return Math.max(1, h - 3 - 1);
    case 'fix-result':
      return Math.max(1, h - 1 - 2);
    default:
      return Math.max(1, h - 2);
  }
}

export function App(props: AppProps): React.JSX.Element {
  const { services } = props;
  const app = useApp();
  const { columns, rows } = useTerminalSize(props.width, props.height);
  const width = Math.max(40, columns);
  const demo = (services.scenarios?.length ?? 0) > 0 && !!services.switchScenario;

  const initial = useRef<UiState | undefined>(undefined);
  initial.current ??= initialUiState({
    clusterId: props.initialClusterId,
    canPickCluster: !!services.listClusters,
    scenarios: services.scenarios,
    currentScenario: services.currentScenario?.(),
  });
  // The ref is the truth for key handling: keys arriving in one burst each see the state the
  // previous one produced, which a closure over React state would not.
  const stateRef = useRef<UiState>(initial.current);
  const [state, setState] = useState<UiState>(initial.current);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const exitedRef = useRef(false);
  const autoFixRef = useRef(props.autoFix === true);

  const dispatch = useCallback((action: UiAction) => {
    stateRef.current = uiReducer(stateRef.current, action);
    setState(stateRef.current);
  }, []);

  const run = useCallback(
    async (cmd: UiCommand): Promise<void> => {
      switch (cmd.kind) {
        case 'diagnose': {
          dispatch({ type: 'diagnose-started' });
          const runId = stateRef.current.run.runId;
          try {
            const report = await services.diagnose((event) => dispatch({ type: 'engine', runId, event }));
            const s = stateRef.current;
            if (s.run.runId === runId && s.run.status === 'running') {
              dispatch({ type: 'engine', runId, event: { type: 'run-finished', report } });
            }
            if (autoFixRef.current) {
              autoFixRef.current = false;
              const outcome = interpretKey(stateRef.current, { input: 'f' });
              for (const a of outcome.actions) dispatch(a);
              for (const c of outcome.commands) void run(c);
            }
          } catch (e) {
            dispatch({ type: 'diagnose-failed', runId, message: errorMessage(e) });
          }
          return;
        }
        case 'load-clusters': {
          const list = services.listClusters;
          if (!list) return;
          dispatch({ type: 'clusters-loading' });
          try {
            dispatch({ type: 'clusters-loaded', clusters: await list() });
          } catch (e) {
            dispatch({ type: 'clusters-failed', message: errorMessage(e) });
          }
          return;
        }
        case 'select-cluster':
          try {
            services.selectCluster?.(cmd.clusterId);
          } catch (e) {
            dispatch({ type: 'notice', kind: 'error', text: errorMessage(e) });
          }
          return;
        case 'plan': {
          const report = stateRef.current.run.report;
          if (!report) return;
          try {
            dispatch({ type: 'plan-ready', plan: await services.plan(cmd.remediation, report) });
          } catch (e) {
            dispatch({ type: 'plan-failed', message: errorMessage(e) });
          }
          return;
        }
        case 'apply': {
          const s = stateRef.current;
          const plan = s.plan.plan;
          const report = s.run.report;
          if (!plan || !report || s.fix.status === 'running') return;
          const controller = new AbortController();
          abortRef.current = controller;
          dispatch({ type: 'fix-started', before: report });
          try {
            const result = await services.apply(plan, report, {
              onProgress: (progress) => dispatch({ type: 'fix-progress', progress }),
              confirmation: cmd.confirmation,
              signal: controller.signal,
            });
            dispatch({ type: 'fix-result', result });
          } catch (e) {
            dispatch({ type: 'fix-failed', message: errorMessage(e) });
          } finally {
            abortRef.current = undefined;
          }
          return;
        }
        case 'export': {
          const report = stateRef.current.run.report;
          if (!report) return;
          try {
            dispatch({ type: 'export-done', paths: await services.exportReport(report) });
          } catch (e) {
            dispatch({ type: 'notice', kind: 'error', text: `Export failed: ${errorMessage(e)}` });
          }
          return;
        }
        case 'switch-scenario': {
          const switchTo = services.switchScenario;
          if (!switchTo) return;
          try {
            await switchTo(cmd.name);
            dispatch({ type: 'scenario-switched', name: services.currentScenario?.() ?? cmd.name });
          } catch (e) {
            dispatch({ type: 'scenario-failed', message: `Could not switch scenario: ${errorMessage(e)}` });
            return;
          }
          await run({ kind: 'diagnose' });
          return;
        }
        case 'quit': {
          if (exitedRef.current) return;
          exitedRef.current = true;
          const code = exitCodeOf(stateRef.current);
          // Stops our polling and lets apply() audit the interruption; the ARM operation itself goes on.
          abortRef.current?.abort();
          props.onExit?.(code);
          app.exit();
          return;
        }
      }
    },
    [services, dispatch, props, app],
  );

  const runCommand = useCallback(
    (cmd: UiCommand) => {
      run(cmd).catch((e: unknown) => dispatch({ type: 'notice', kind: 'error', text: errorMessage(e) }));
    },
    [run, dispatch],
  );

  useEffect(() => {
    runCommand(stateRef.current.screen === 'clusters' ? { kind: 'load-clusters' } : { kind: 'diagnose' });
    // Runs once: the first diagnosis or the cluster list.
  }, []);

  const sizeRef = useRef({ columns: width, rows });
  sizeRef.current = { columns: width, rows };

  useInput((input: string, key: Key) => {
    for (const k of splitKeys(input, key)) {
      const s = stateRef.current;
      if (props.onBack && k.escape && s.screen === 'run' && !s.help && !s.quitPrompt) {
        props.onBack();
        return;
      }
      const { columns: cols, rows: height } = sizeRef.current;
      const outcome = interpretKey(s, k, { canSwitchScenario: demo, maxScroll: scrollLimit(s, cols, height), page: pageSize(s, cols, height) });
      for (const a of outcome.actions) dispatch(a);
      for (const c of outcome.commands) runCommand(c);
    }
  });

  const body = bodyHeight(state, width, rows);
  return (
    <ThemeContext.Provider value={{ noColor: props.noColor ?? noColorFromEnv() }}>
      <Box flexDirection="column" width={width}>
        <Header state={state} width={width} demo={demo} />
        <Box flexDirection="column" height={body}>
          {state.help ? <Help width={width} demo={demo} /> : <ScreenBody state={state} width={width} height={body} />}
        </Box>
        {state.quitPrompt ? <QuitPrompt width={width} /> : null}
        <NoticeLine state={state} width={width} />
        <Footer state={state} width={width} demo={demo} />
      </Box>
    </ThemeContext.Provider>
  );
}

function ScreenBody(props: { state: UiState; width: number; height: number }): React.JSX.Element {
  switch (props.state.screen) {
    case 'clusters':
      return <ClusterPicker {...props} />;
    case 'run':
      return <RunScreen {...props} />;
    case 'details':
      return <Details {...props} />;
    case 'plan':
      return <PlanView {...props} />;
    case 'confirm':
      return <Confirm state={props.state} width={props.width} />;
    case 'fixing':
      return <FixProgress state={props.state} width={props.width} />;
    case 'fix-result':
      return <FixResultView {...props} />;
    case 'scenarios':
      return <ScenarioPicker {...props} />;
  }
}

export interface RunTuiOptions {
  initialClusterId?: string | undefined;
  noColor?: boolean | undefined;
  stdin?: NodeJS.ReadStream | undefined;
  stdout?: NodeJS.WriteStream | undefined;
  /** ink routes console output above the UI; tests running inside a patched console turn this off. */
  patchConsole?: boolean | undefined;
}

/**
 * Renders the TUI on the terminal and resolves with the exit code when the user quits.
 * Ctrl-C is handled by the App (it must ask first while a fix runs), so ink's own handler is off.
 */
export async function runTui(services: UiServices, opts: RunTuiOptions = {}): Promise<number> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY) throw new Error('the terminal UI needs an interactive terminal (stdin is not a TTY); use the plain commands instead');
  let code = 0;
  // A full-screen view on the alternate screen, like less or htop: frames are drawn from the
  // top-left corner, so whatever the shell printed before cannot push them into scrolling,
  // and the shell's screen comes back untouched on exit.
  stdout.write(ALT_SCREEN_ON);
  try {
    const instance = render(
      <App services={services} initialClusterId={opts.initialClusterId} noColor={opts.noColor} onExit={(c) => (code = c)} />,
      { exitOnCtrlC: false, stdin, stdout, patchConsole: opts.patchConsole ?? true },
    );
    await instance.waitUntilExit();
  } finally {
    stdout.write(ALT_SCREEN_OFF);
  }
  return code;
}

const ALT_SCREEN_ON = `${ansiEscapes.enterAlternativeScreen}${ansiEscapes.cursorTo(0, 0)}${ansiEscapes.eraseScreen}`;
const ALT_SCREEN_OFF = ansiEscapes.exitAlternativeScreen;
