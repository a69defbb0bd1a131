import { Box, Text } from 'ink';
import type { UiState } from '../state.js';
import { Spinner } from './Spinner.js';
import { cells, pad, truncate } from './text.js';
import { useColor, windowAround } from './theme.js';

export function ScenarioPicker(props: { state: UiState; width: number; height: number }): React.JSX.Element {
  const c = useColor();
  const { available, selected, current, switching } = props.state.scenarios;
  const nameW = Math.min(34, Math.max(12, ...available.map((s) => cells(s.name))));
  const { start, end } = windowAround(available.length, selected, props.height - 2);
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold>Demo scenarios: Enter switches and diagnoses, Esc goes back</Text>
      {available.slice(start, end).map((s, i) => {
        const index = start + i;
        const on = index === selected;
        return (
          <Text key={s.name} wrap="truncate" inverse={on} bold={on}>
            {on ? '› ' : '  '}
            <Text color={c(s.name === current ? 'green' : undefined)}>{pad(s.name, nameW)}</Text>{' '}
            {truncate(`${s.name === current ? '(current) ' : ''}${s.description}`, Math.max(10, props.width - nameW - 6))}
          </Text>
        );
      })}
      {switching ? <Spinner label="Switching scenario…" /> : null}
    </Box>
  );
}
