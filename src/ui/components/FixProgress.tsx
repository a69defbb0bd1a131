import { Box, Text } from 'ink';
import { describeOperation } from '../../remediations/operations.js';
import type { UiState } from '../state.js';
import { formatElapsed } from '../wording.js';
import { Spinner, useTicker } from './Spinner.js';
import { shortResource, truncate } from './text.js';
import { useColor } from './theme.js';

function Elapsed(): React.JSX.Element {
  const ms = useTicker(500);
  return <Text dimColor>elapsed {formatElapsed(ms)}</Text>;
}

export function FixProgress(props: { state: UiState; width: number }): React.JSX.Element {
  const c = useColor();
  const plan = props.state.plan.plan;
  const fix = props.state.fix;
  const ops = (plan?.operations ?? []).map(describeOperation);
  const allDone = ops.length > 0 && fix.operations.length === ops.length && fix.operations.every((o) => o?.status === 'Succeeded');
  return (
    <Box flexDirection="column" width={props.width}>
      <Box>
        <Text bold wrap="truncate">
          Applying: {plan?.title ?? 'the fix'} on {plan?.clusterName ?? 'the cluster'}{' '}
        </Text>
        <Elapsed />
      </Box>
      {plan ? <Text dimColor>Expected duration: {plan.expectedDuration}</Text> : null}
      <Text> </Text>
      {ops.map((op, i) => {
        const p = fix.operations[i];
        const label = truncate(`${i + 1}. ${op.method} ${shortResource(op.resourceId)}`, Math.max(20, props.width - 34));
        const status = p?.status ?? 'waiting';
        const detail = p ? `${status}${p.percentComplete !== undefined ? ` ${p.percentComplete}%` : ''} · ${formatElapsed(p.elapsedMs)}` : 'waiting';
        const icon =
          status === 'Succeeded' ? (
            <Text color={c('green')}>✔</Text>
          ) : status === 'Failed' || status === 'Canceled' ? (
            <Text color={c('red')}>✖</Text>
          ) : p ? (
            <Spinner />
          ) : (
            <Text dimColor>·</Text>
          );
        return (
          <Text key={i} wrap="truncate">
            {icon} {label} <Text dimColor>{detail}</Text>
          </Text>
        );
      })}
      {allDone ? (
        <Box>
          <Spinner label="Operations finished; diagnosing again to verify…" />
        </Box>
      ) : null}
      <Text> </Text>
      <Text color={c('yellow')} wrap="wrap">
        Ctrl-C does not cancel the operation in Azure: it keeps running there. Quitting only stops watching it.
      </Text>
    </Box>
  );
}
