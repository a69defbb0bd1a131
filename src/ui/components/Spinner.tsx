import { useEffect, useState } from 'react';
import { Text } from 'ink';
import { useColor } from './theme.js';
import { formatElapsed } from '../wording.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Ticks on its own so that only the spinner re-renders, never the finished rows around it. */
export function useTicker(intervalMs = 100): number {
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(startedAt);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now - startedAt;
}

export function Spinner(props: { showElapsed?: boolean; label?: string }): React.JSX.Element {
  const elapsed = useTicker();
  const c = useColor();
  const frame = FRAMES[Math.floor(elapsed / 100) % FRAMES.length] ?? '·';
  return (
    <Text color={c('cyan')}>
      {frame}
      {props.label ? ` ${props.label}` : ''}
      {props.showElapsed ? ` ${formatElapsed(elapsed)}` : ''}
    </Text>
  );
}
