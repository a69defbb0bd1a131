import { Box, Text } from 'ink';
import { confirmQuestion } from '../../remediations/confirm.js';
import { canPlan, type UiState } from '../state.js';
import { truncate, wrap } from './text.js';
import { useColor } from './theme.js';

function clusterName(state: UiState): string {
  const r = state.run.report;
  if (r?.clusterName) return r.clusterName;
  const id = state.clusterId ?? r?.cluster;
  return id ? (id.split('/').pop() ?? id) : state.screen === 'clusters' ? '(none chosen)' : '…';
}

export function Header(props: { state: UiState; width: number; demo: boolean }): React.JSX.Element {
  const c = useColor();
  const { state } = props;
  const r = state.run.report;
  const parts = [`cluster ${clusterName(state)}`];
  if (props.demo && state.scenarios.current) parts.push(`demo: ${state.scenarios.current}`);
  if (r && r.networkIsolated !== null) parts.push(r.networkIsolated ? 'isolated' : 'not isolated');
  if (r) parts.push(`registry ${r.registryMode}${r.registry ? ` ${r.registry.name}` : ''}`);
  return (
    <Text wrap="truncate">
      <Text bold color={c('cyan')}>
        aks-netiso
      </Text>{' '}
      {truncate(parts.join(' · '), Math.max(10, props.width - 11))}
    </Text>
  );
}

/**
 * The keys that do something on the current screen, in its current state: a key the footer
 * names must never be a no-op.
 */
export function footerText(state: UiState, demo: boolean): string {
  if (state.help) return '? or Esc closes the help';
  const fix = canPlan(state) ? ['f fix', 'd dry run'] : [];
  const rerun = state.run.status === 'running' ? [] : ['r rerun'];
  const exportKey = state.run.report ? ['e export'] : [];
  const keys = ((): string[] => {
    switch (state.screen) {
      case 'clusters':
        return ['type to filter', '↑↓ move', 'Enter diagnose', 'Esc clear', 'Ctrl-C quit'];
      case 'run': {
        // The footer must fit 80 columns: in demo mode the scenario key replaces the obvious arrows.
        const scenario = demo && state.run.status !== 'running' ? ['s scenario'] : [];
        const details = state.run.rows[state.selected]?.result ? ['Enter details'] : [];
        return [...(scenario.length > 0 && fix.length > 0 ? [] : ['↑↓ move']), ...details, ...fix, ...rerun, ...exportKey, ...scenario, '? help', 'q quit'];
      }
      case 'details':
        return ['↑↓ scroll', 'Esc back', ...fix, ...rerun, ...exportKey, '? help', 'q quit'];
      case 'plan': {
        const p = state.plan;
        if (p.status === 'loading') return ['planning…', 'Esc back', ...rerun, '? help', 'q quit'];
        if (p.status !== 'ready' || !p.plan) return ['Esc back', ...rerun, '? help', 'q quit'];
        if (p.dryRun) return ['↑↓ scroll', 'Esc back', ...rerun, '? help', 'q quit'];
        if (!p.plan.automated) return ['↑↓ scroll', 'r diagnose again', 'Esc back', '? help', 'q quit'];
        return ['↑↓ scroll', 'Enter/y confirm', 'Esc back', '? help', 'q quit'];
      }
      case 'confirm':
        if (state.plan.plan && confirmQuestion(state.plan.plan).kind === 'cluster-name') return ['type the cluster name', 'Enter apply', 'Esc cancel', 'Ctrl-C quit'];
        return ['y apply', 'n/Esc cancel', 'Ctrl-C quit'];
      case 'fixing':
        return ['applying…', 'q/Ctrl-C quit (asks first; the Azure operation keeps running)'];
      case 'fix-result':
        return ['Enter/Esc back', '↑↓ scroll', 'r rerun', ...exportKey, '? help', 'q quit'];
      case 'scenarios':
        if (state.scenarios.switching) return ['switching…', 'Esc back', 'q quit'];
        return ['↑↓ move', 'Enter switch', 'Esc back', 'q quit'];
    }
  })();
  return keys.join('  ');
}

export function Footer(props: { state: UiState; width: number; demo: boolean }): React.JSX.Element {
  return (
    <Text dimColor wrap="truncate">
      {truncate(footerText(props.state, props.demo), props.width)}
    </Text>
  );
}

/** The notice area: an export shows both paths whole, on their own lines. */
export function noticeLines(state: UiState, width: number): string[] {
  const n = state.notice;
  if (!n) return [''];
  if (state.exported && n.about === 'export') return [`Exported Markdown: ${state.exported.markdown}`, `Exported JSON:     ${state.exported.json}`];
  // Advice (a root cause without an automatic fix) is a sentence or two: wrap it, within reason.
  const lines = wrap(n.text, width);
  if (lines.length <= MAX_NOTICE_LINES) return lines;
  return [...lines.slice(0, MAX_NOTICE_LINES - 1), truncate(`${lines[MAX_NOTICE_LINES - 1] ?? ''} …`, width)];
}

const MAX_NOTICE_LINES = 3;

export function NoticeLine(props: { state: UiState; width: number }): React.JSX.Element {
  const c = useColor();
  const kind = props.state.notice?.kind;
  return (
    <>
      {noticeLines(props.state, props.width).map((l, i) => (
        <Text key={i} wrap="truncate" color={c(kind === 'error' ? 'red' : 'cyan')}>
          {l === '' ? ' ' : truncate(l, props.width)}
        </Text>
      ))}
    </>
  );
}

export function QuitPrompt(props: { width: number }): React.JSX.Element {
  const c = useColor();
  return (
    <Box borderStyle="round" borderColor={c('yellow')} paddingX={1} width={props.width} flexDirection="column">
      <Text bold>A fix is still running. Quit anyway? (y/n)</Text>
      <Text wrap="wrap">Quitting stops watching it; it does not cancel the operation in Azure.</Text>
    </Box>
  );
}
