import { Box, Text } from 'ink';
import { pad } from './text.js';
import { useColor } from './theme.js';

export const HELP_KEYS: [string, string][] = [
  ['↑/↓ or k/j', 'move the selection; scroll details and plans'],
  ['PgUp/PgDn g/G', 'scroll a page; first / last check'],
  ['Enter', 'open the selected check: evidence and pull failures'],
  ['Esc', 'back (details, plan, confirmation, scenarios, fix result)'],
  ['f', 'fix: plan → confirm → apply → verify (selected finding or root cause)'],
  ['d', 'dry run: show the plan only, change nothing'],
  ['r', 'run the diagnosis again'],
  ['e', 'export the report as Markdown and JSON files'],
  ['s', 'switch scenario (demo mode)'],
  ['?', 'this help'],
  ['q / Ctrl-C', 'quit (asks first while a fix is running)'],
];

export function Help(props: { width: number; demo: boolean }): React.JSX.Element {
  const c = useColor();
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={c('cyan')} paddingX={1} width={props.width}>
      <Text bold>Keys</Text>
      {HELP_KEYS.filter(([k]) => props.demo || k !== 's').map(([k, what]) => (
        <Text key={k} wrap="truncate">
          <Text bold color={c('cyan')}>
            {pad(k, 15)}
          </Text>
          {what}
        </Text>
      ))}
      <Text dimColor wrap="truncate">
        Cluster picker: type to filter, Backspace, Esc clears. Press ? or Esc to close.
      </Text>
    </Box>
  );
}
