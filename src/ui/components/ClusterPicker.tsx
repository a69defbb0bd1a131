import { Box, Text } from 'ink';
import { filteredClusters, isNetworkIsolated, registryModeOfSummary, type UiState } from '../state.js';
import { Spinner } from './Spinner.js';
import { pad } from './text.js';
import { useColor, windowAround } from './theme.js';

export function ClusterPicker(props: { state: UiState; width: number; height: number }): React.JSX.Element {
  const c = useColor();
  const picker = props.state.clusters;
  if (picker.status === 'loading' || picker.status === 'idle') return <Spinner label="Listing the subscription's clusters…" />;
  if (picker.status === 'error') {
    return (
      <Box flexDirection="column">
        <Text color={c('red')} wrap="wrap">
          The clusters could not be listed: {picker.error ?? 'unknown error'}
        </Text>
        <Text dimColor>Ctrl-C quits; pass --cluster to diagnose one directly.</Text>
      </Box>
    );
  }
  const items = filteredClusters(picker);
  const nameW = Math.max(12, Math.floor(props.width * 0.28));
  const rgW = Math.max(10, Math.floor(props.width * 0.24));
  const { start, end } = windowAround(items.length, picker.selected, props.height - 3);
  return (
    <Box flexDirection="column" width={props.width}>
      <Text wrap="truncate">
        <Text bold>Choose a cluster</Text> (network isolated first) · filter: <Text color={c('cyan')}>{picker.filter}</Text>
        <Text inverse> </Text>
      </Text>
      <Text dimColor wrap="truncate">
        {'  '}
        {pad('NAME', nameW)} {pad('RESOURCE GROUP', rgW)} {pad('ISOLATED', 9)} {pad('REGISTRY', 9)} K8S
      </Text>
      {items.length === 0 ? <Text dimColor>{picker.items.length === 0 ? '  No clusters in this subscription.' : '  No cluster matches the filter.'}</Text> : null}
      {items.slice(start, end).map((cl, i) => {
        const on = start + i === picker.selected;
        const isolated = isNetworkIsolated(cl);
        return (
          <Text key={cl.id} wrap="truncate" inverse={on} bold={on}>
            {on ? '› ' : '  '}
            {pad(cl.name, nameW)} {pad(cl.resourceGroup, rgW)} <Text color={c(isolated ? 'green' : undefined)}>{pad(isolated ? 'yes' : 'no', 9)}</Text>{' '}
            {pad(registryModeOfSummary(cl), 9)} {cl.kubernetesVersion ?? '?'}
          </Text>
        );
      })}
      {items.length > end - start ? (
        <Text dimColor>
          {'  '}
          {start + 1}–{end} of {items.length}
        </Text>
      ) : null}
    </Box>
  );
}
