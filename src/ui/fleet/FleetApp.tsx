import ansiEscapes from 'ansi-escapes';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, render, Text, useApp, useInput } from 'ink';
import type { Key } from 'ink';
import { App, errorMessage } from '../App.js';
import { splitKeys } from '../state/keys.js';
import type { UiServices } from '../services.js';
import { pad } from '../components/text.js';
import { noColorFromEnv, ThemeContext, useColor, windowAround } from '../components/theme.js';
import { Spinner } from '../components/Spinner.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { countByStatus, type FleetCluster, type FleetClusterStatus } from '../../fleet/report.js';
import { fleetKey, fleetReducer, fleetUiExitCode, initialFleetState, visibleClusters, type FleetUiAction, type FleetUiCommand, type FleetUiState } from './state.js';
import type { FleetUiServices } from './services.js';

const STATUS: Record<FleetClusterStatus, { symbol: string; word: string; color: string | undefined }> = {
  problem: { symbol: '✖', word: 'problem', color: 'red' },
  error: { symbol: '!', word: 'error', color: 'magenta' },
  'not-isolated': { symbol: '–', word: 'not isolated', color: undefined },
  healthy: { symbol: '✔', word: 'healthy', color: 'green' },
};

export interface FleetAppProps {
  services: FleetUiServices;
  onExit?: ((code: number) => void) | undefined;
  width?: number | undefined;
  height?: number | undefined;
  noColor?: boolean | undefined;
}

function rootCauseWords(c: FleetCluster): string {
  if (c.error !== undefined) return c.error;
  const first = c.rootCauses[0];
  if (!first) return '';
  const more = c.rootCauses.length > 1 ? ` (+${c.rootCauses.length - 1})` : '';
  return `${first.checkId}${first.remediation ? ` → ${first.remediation}` : ''}${more}`;
}

function FleetList(props: { state: FleetUiState; width: number; height: number }): React.JSX.Element {
  const c = useColor();
  const { state, width } = props;
  const items = visibleClusters(state);
  const nameW = Math.max(10, Math.floor(width * 0.22));
  const rgW = Math.max(10, Math.floor(width * 0.2));
  const statusW = 14;
  const { start, end } = windowAround(items.length, state.selected, props.height - 3);
  const filterLine = state.filtering || state.filter !== '' ? (
    <Text wrap="truncate">
      filter: <Text color={c('cyan')}>{state.filter}</Text>
      {state.filtering ? <Text inverse> </Text> : null}
      <Text dimColor>{`  ${items.length} of ${state.report?.clusters.length ?? 0}`}</Text>
    </Text>
  ) : (
    <Text dimColor wrap="truncate">
      Most severe first · / filter · Enter open · f fix
    </Text>
  );
  return (
    <Box flexDirection="column" width={width}>
      {filterLine}
      <Text dimColor wrap="truncate">
        {'  '}
        {pad('STATUS', statusW)} {pad('CLUSTER', nameW)} {pad('RESOURCE GROUP', rgW)} ROOT CAUSE
      </Text>
      {items.length === 0 ? <Text dimColor>{(state.report?.clusters.length ?? 0) === 0 ? '  No clusters in the scope.' : '  No cluster matches the filter.'}</Text> : null}
      {items.slice(start, end).map((cl, i) => {
        const on = start + i === state.selected;
        const s = STATUS[cl.status];
        return (
          <Text key={cl.cluster} wrap="truncate" inverse={on} bold={on}>
            {on ? '› ' : '  '}
            <Text color={c(s.color)}>{pad(`${s.symbol} ${s.word}`, statusW)}</Text> {pad(cl.name, nameW)} {pad(cl.resourceGroup, rgW)} {rootCauseWords(cl)}
          </Text>
        );
      })}
      {items.length > end - start ? <Text dimColor>{`  ${start + 1}–${end} of ${items.length}`}</Text> : null}
    </Box>
  );
}

function headerText(state: FleetUiState): string {
  const r = state.report;
  if (!r) return 'aks-netiso fleet';
  const counts = countByStatus(r.clusters);
  const subs = new Set(r.clusters.map((c) => c.subscriptionId)).size;
  const parts = (['problem', 'error', 'not-isolated', 'healthy'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${STATUS[s].word}`);
  return `aks-netiso fleet · ${r.clusters.length} clusters in ${subs} subscription${subs === 1 ? '' : 's'} · ${parts.join(' · ')}`;
}

export function FleetApp(props: FleetAppProps): React.JSX.Element {
  const { services } = props;
  const app = useApp();
  const { columns, rows } = useTerminalSize(props.width, props.height);
  const width = Math.max(40, columns);
  const stateRef = useRef<FleetUiState>(initialFleetState());
  const [state, setState] = useState<FleetUiState>(stateRef.current);
  const [cluster, setCluster] = useState<{ clusterId: string; services: UiServices; close(): Promise<void> } | undefined>(undefined);
  const clusterRef = useRef(cluster);
  clusterRef.current = cluster;
  const exited = useRef(false);

  const dispatch = useCallback((a: FleetUiAction) => {
    stateRef.current = fleetReducer(stateRef.current, a);
    setState(stateRef.current);
  }, []);

  const quit = useCallback(
    (code: number) => {
      if (exited.current) return;
      exited.current = true;
      props.onExit?.(code);
      app.exit();
    },
    [app, props],
  );

  const runCommand = useCallback(
    (cmd: FleetUiCommand): void => {
      switch (cmd.kind) {
        case 'scan': {
          dispatch({ type: 'scan-started' });
          const scanId = stateRef.current.scanId;
          services.scan((done, total) => dispatch({ type: 'scan-progress', scanId, done, total })).then(
            (report) => dispatch({ type: 'scan-finished', scanId, report }),
            (e: unknown) => dispatch({ type: 'scan-failed', scanId, message: errorMessage(e) }),
          );
          return;
        }
        case 'open':
          services.openCluster(cmd.clusterId).then(
            (opened) => {
              if (stateRef.current.opened?.clusterId !== cmd.clusterId) {
                void opened.close();
                return;
              }
              setCluster({ clusterId: cmd.clusterId, ...opened });
              dispatch({ type: 'opened', clusterId: cmd.clusterId });
            },
            (e: unknown) => dispatch({ type: 'open-failed', clusterId: cmd.clusterId, message: errorMessage(e) }),
          );
          return;
        case 'quit':
          quit(fleetUiExitCode(stateRef.current));
          return;
      }
    },
    [services, dispatch, quit],
  );

  useEffect(() => {
    runCommand({ kind: 'scan' });
    // Once: the first scan.
  }, []);

  const back = useCallback(() => {
    const open = clusterRef.current;
    setCluster(undefined);
    dispatch({ type: 'back' });
    void open?.close();
  }, [dispatch]);

  useInput(
    (input: string, key: Key) => {
      for (const k of splitKeys(input, key)) {
        const outcome = fleetKey(stateRef.current, k, Math.max(1, rows - 6));
        for (const a of outcome.actions) dispatch(a);
        for (const c of outcome.commands) runCommand(c);
      }
    },
    { isActive: !(state.opened?.status === 'open' && cluster) },
  );

  if (state.opened?.status === 'open' && cluster) {
    return (
      <App
        key={cluster.clusterId}
        services={cluster.services}
        initialClusterId={cluster.clusterId}
        onBack={back}
        autoFix={state.opened.autoFix}
        width={props.width}
        height={props.height}
        noColor={props.noColor}
        onExit={(code) => {
          // q inside a cluster ends the program: with the fleet's code, unless a fix was interrupted.
          exited.current = true;
          props.onExit?.(code === 130 ? code : fleetUiExitCode(stateRef.current));
        }}
      />
    );
  }

  const body = Math.max(6, rows - 3);
  let content: React.JSX.Element;
  if (state.opened) {
    content =
      state.opened.status === 'failed' ? (
        <Text wrap="wrap">{`Could not open the cluster: ${state.opened.error ?? 'unknown error'} (Esc: back to the fleet)`}</Text>
      ) : (
        <Spinner label="Opening the cluster…" />
      );
  } else if (state.status === 'scanning') {
    const p = state.progress;
    content = <Spinner label={p.total > 0 ? `Scanning the fleet… ${p.done}/${p.total} clusters` : 'Reading the inventory (Resource Graph)…'} showElapsed />;
  } else if (state.status === 'failed') {
    content = <Text wrap="wrap">{`The scan could not complete: ${state.error ?? 'unknown error'} (r: scan again, q: quit)`}</Text>;
  } else {
    content = <FleetList state={state} width={width} height={body} />;
  }
  return (
    <ThemeContext.Provider value={{ noColor: props.noColor ?? noColorFromEnv() }}>
      <Box flexDirection="column" width={width}>
        <Text bold wrap="truncate">
          {headerText(state)}
        </Text>
        <Box flexDirection="column" height={body}>
          {content}
        </Box>
        <Text dimColor wrap="truncate">
          {state.filtering ? 'type to filter · Enter done · Esc clear' : '↑↓ move · / filter · Enter open · f fix · r rescan · q quit'}
        </Text>
      </Box>
    </ThemeContext.Provider>
  );
}

/** The fleet view on the terminal; resolves with the exit code when the user quits. */
export async function runFleetTui(services: FleetUiServices, opts: { stdin?: NodeJS.ReadStream; stdout?: NodeJS.WriteStream } = {}): Promise<number> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY) throw new Error('the fleet view needs an interactive terminal; use scan --output text|json|markdown|junit instead');
  let code = 0;
  stdout.write(`${ansiEscapes.enterAlternativeScreen}${ansiEscapes.cursorTo(0, 0)}${ansiEscapes.eraseScreen}`);
  try {
    const instance = render(<FleetApp services={services} onExit={(c) => (code = c)} />, { exitOnCtrlC: false, stdin, stdout, patchConsole: true });
    await instance.waitUntilExit();
  } finally {
    stdout.write(ansiEscapes.exitAlternativeScreen);
  }
  return code;
}
