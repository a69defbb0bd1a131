import { Box, Text } from 'ink';
import type { Screen, UiState } from '../state.js';
import { truncate } from './text.js';
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

const FOOTERS: Record<Screen, string> = {
  clusters: 'type to filter  ↑↓ move  Enter diagnose  Esc clear  Ctrl-C quit',
  run: '↑↓ move  Enter details  f fix  d dry run  r rerun  e export  ? help  q quit',
  details: '↑↓ scroll  Esc back  f fix  d dry run  e export  ? help  q quit',
  plan: '↑↓ scroll  Enter/y confirm  Esc back  ? help  q quit',
  confirm: 'y apply  n/Esc cancel  Ctrl-C quit',
  fixing: 'applying…  q/Ctrl-C quit (asks first; the Azure operation keeps running)',
  'fix-result': 'Enter/Esc back  r rerun  e export  ? help  q quit',
  scenarios: '↑↓ move  Enter switch  Esc back  q quit',
};

export function Footer(props: { state: UiState; width: number; demo: boolean }): React.JSX.Element {
  let text = FOOTERS[props.state.screen];
  // The footer must fit 80 columns: in demo mode the scenario key replaces the obvious arrows.
  if (props.state.screen === 'run' && props.demo) text = 'Enter details  f fix  d dry run  r rerun  e export  s scenario  ? help  q quit';
  if (props.state.screen === 'confirm' && props.state.plan.plan?.risk === 'destructive') text = 'type the cluster name  Enter apply  Esc cancel  Ctrl-C quit';
  if (props.state.help) text = '? or Esc closes the help';
  return (
    <Text dimColor wrap="truncate">
      {truncate(text, props.width)}
    </Text>
  );
}

/** The notice area: an export shows both paths whole, on their own lines. */
export function noticeLines(state: UiState): string[] {
  const n = state.notice;
  if (!n) return [''];
  if (state.exported && n.text.startsWith('Exported')) return [`Exported Markdown: ${state.exported.markdown}`, `Exported JSON:     ${state.exported.json}`];
  return [n.text];
}

export function NoticeLine(props: { state: UiState; width: number }): React.JSX.Element {
  const c = useColor();
  const kind = props.state.notice?.kind;
  return (
    <>
      {noticeLines(props.state).map((l, i) => (
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
