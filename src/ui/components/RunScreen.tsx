import { memo } from 'react';
import { Box, Text } from 'ink';
import type { CheckResult } from '../../engine/types.js';
import type { CheckRow, UiState } from '../state.js';
import { STATUS_COLOR, STATUS_SYMBOL, noRootCauseSentence, rootCauseSentence } from '../wording.js';
import { historyLines } from '../../output/history.js';
import { Spinner } from './Spinner.js';
import { pad, padStart, truncate, wrap } from './text.js';
import { useColor, windowAround } from './theme.js';

const GROUP_WIDTH = 9;
const TIME_WIDTH = 8;

/** The root-cause panel's lines, so the run screen can budget its height before rendering. */
type PanelLine = { text: string; kind: 'cause' | 'history' | 'hint' | 'ok' };

export function rootCausePanelLines(state: UiState, width: number): PanelLine[] {
  const inner = Math.max(20, width - 4);
  const run = state.run;
  const report = run.report;
  // The sentences need the finished report (registry mode, the checks' data); the engine sends
  // the root causes right before it, so the panel appears with the run's end.
  if (!report || run.status !== 'finished') return [];
  if (run.rootCauses.length > 0) {
    const lines: PanelLine[] = run.rootCauses.flatMap((rc) => [
      ...wrap(rootCauseSentence(rc, report), inner).map((text): PanelLine => ({ text, kind: 'cause' })),
      // Who changed it (the Activity Log), from the finished report's root causes.
      ...historyLines(report.rootCauses.find((r) => r.checkId === rc.checkId) ?? rc).flatMap((h) => wrap(`  ${h}`, inner)).map((text): PanelLine => ({ text, kind: 'history' })),
    ]);
    const fixable = run.rootCauses.some((rc) => rc.remediation !== null);
    lines.push({ text: truncate(fixable ? 'f: fix it (plan, confirm, apply, verify) · d: dry run · Enter: details' : 'Enter: details of the selected check', inner), kind: 'hint' });
    return lines;
  }
  const problems = report.checks.some((c) => c.status === 'fail' || c.status === 'error');
  return wrap(noRootCauseSentence(report), inner).map((text): PanelLine => ({ text, kind: problems ? 'hint' : 'ok' }));
}

export function RootCausePanel(props: { state: UiState; width: number }): React.JSX.Element | null {
  const c = useColor();
  const lines = rootCausePanelLines(props.state, props.width);
  if (lines.length === 0) return null;
  const hasCause = props.state.run.rootCauses.length > 0;
  return (
    <Box borderStyle="round" borderColor={c(hasCause ? 'red' : 'green')} flexDirection="column" paddingX={1} width={props.width}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate" bold={l.kind === 'cause'} color={c(l.kind === 'cause' ? 'red' : l.kind === 'ok' ? 'green' : undefined)} dimColor={l.kind === 'hint'}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}

function describe(result: CheckResult): string {
  return result.status === 'pass' ? result.title : `${result.title}: ${result.summary}`;
}

interface CheckLineProps {
  row: CheckRow;
  selected: boolean;
  groupLabel: string;
  width: number;
}

/**
 * Memoised: a finished row keeps the same props, so React skips it and the terminal line stays
 * as it was while the spinner of the running check ticks.
 */
export const CheckLine = memo(function CheckLine(props: CheckLineProps): React.JSX.Element {
  const c = useColor();
  const { row, selected, width } = props;
  const titleWidth = Math.max(10, width - 2 - 2 - GROUP_WIDTH - TIME_WIDTH - 1);
  const pointer = selected ? '› ' : '  ';
  const group = pad(props.groupLabel, GROUP_WIDTH);
  if (row.phase === 'done' && row.result) {
    const r = row.result;
    return (
      <Text wrap="truncate" bold={selected} inverse={selected}>
        {pointer}
        <Text color={c(STATUS_COLOR[r.status])}>{STATUS_SYMBOL[r.status]}</Text> {group}
        {pad(describe(r), titleWidth)} {padStart(`${r.durationMs} ms`, TIME_WIDTH)}
      </Text>
    );
  }
  if (row.phase === 'running') {
    return (
      <Text wrap="truncate" bold={selected} inverse={selected}>
        {pointer}
        <Spinner /> {group}
        {pad(row.title, titleWidth)} <Spinner showElapsed />
      </Text>
    );
  }
  return (
    <Text wrap="truncate" dimColor bold={selected} inverse={selected}>
      {pointer}· {group}
      {pad(row.title, titleWidth)}
    </Text>
  );
});

export function statusLine(state: UiState): string {
  const run = state.run;
  const done = run.rows.filter((r) => r.phase === 'done').length;
  switch (run.status) {
    case 'idle':
      return 'Starting the diagnosis…';
    case 'running':
      return run.rows.length === 0 ? 'Reading the cluster…' : `Diagnosing: ${done}/${run.rows.length} checks done`;
    case 'failed':
      return `The diagnosis could not complete: ${run.error ?? 'unknown error'}`;
    case 'finished': {
      const s = run.report?.stats;
      const counts = ['fail', 'error', 'warn', 'pass', 'skip']
        .map((st) => [st, run.rows.filter((r) => r.result?.status === st).length] as const)
        .filter(([, n]) => n > 0)
        .map(([st, n]) => `${n} ${st}`)
        .join(', ');
      return `Diagnosis finished: ${counts}${s ? ` · ${s.durationMs} ms, ${s.armRequests} ARM + ${s.kubeRequests} kube calls` : ''}`;
    }
  }
}

/** Rows the check list gets: the body less the root-cause panel (with its border) and the status line. */
export function runListHeight(state: UiState, width: number, height: number): number {
  const panel = rootCausePanelLines(state, width);
  const panelHeight = panel.length > 0 ? panel.length + 2 : 0;
  return Math.max(3, height - panelHeight - 1);
}

export function RunScreen(props: { state: UiState; width: number; height: number }): React.JSX.Element {
  const c = useColor();
  const { state, width, height } = props;
  const listHeight = runListHeight(state, width, height);
  const rows = state.run.rows;
  const { start, end } = windowAround(rows.length, state.selected, listHeight);
  const status = statusLine(state);
  return (
    <Box flexDirection="column" width={width}>
      <RootCausePanel state={state} width={width} />
      <Box>
        {state.run.status === 'running' ? <Spinner /> : null}
        <Text wrap="truncate" color={c(state.run.status === 'failed' ? 'red' : undefined)} dimColor={state.run.status !== 'failed'}>
          {state.run.status === 'running' ? ' ' : ''}
          {rows.length > listHeight ? `[${start + 1}–${end} of ${rows.length}] ` : ''}
          {status}
        </Text>
      </Box>
      {rows.slice(start, end).map((row, i) => {
        const index = start + i;
        const prev = rows[index - 1];
        const groupLabel = index === start || prev?.group !== row.group ? row.group : '';
        return <CheckLine key={row.id} row={row} selected={index === state.selected} groupLabel={groupLabel} width={width} />;
      })}
    </Box>
  );
}
