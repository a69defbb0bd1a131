import { createContext, useContext } from 'react';
import { Text } from 'ink';

export interface Theme {
  noColor: boolean;
}

export const ThemeContext = createContext<Theme>({ noColor: false });

/** https://no-color.org: any non-empty value turns colour off. */
export function noColorFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env['NO_COLOR'] ?? '') !== '';
}

/** Returns the colour, or undefined when colour is off, so no colour prop ever reaches ink. */
export function useColor(): (color: string | undefined) => string | undefined {
  const { noColor } = useContext(ThemeContext);
  return (color) => (noColor ? undefined : color);
}

/** One pre-laid-out line of a scrolled view. */
export interface Line {
  text: string;
  color?: string | undefined;
  bold?: boolean | undefined;
  dim?: boolean | undefined;
}

export function Lines(props: { lines: Line[] }): React.JSX.Element {
  const c = useColor();
  return (
    <>
      {props.lines.map((l, i) => (
        <Text key={i} wrap="truncate" color={c(l.color)} bold={l.bold} dimColor={l.dim}>
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </>
  );
}

/** The window of a scrolled list of `total` lines starting at `scroll`, `height` high. */
export function windowOf(total: number, scroll: number, height: number): { start: number; end: number } {
  const h = Math.max(1, height);
  const start = Math.max(0, Math.min(scroll, total - h));
  return { start, end: Math.min(total, start + h) };
}

/** A window that keeps `selected` visible, for selectable lists. */
export function windowAround(total: number, selected: number, height: number): { start: number; end: number } {
  const h = Math.max(1, height);
  if (total <= h) return { start: 0, end: total };
  const start = Math.max(0, Math.min(selected - Math.floor(h / 2), total - h));
  return { start, end: start + h };
}

export function Scrolled(props: { lines: Line[]; scroll: number; height: number }): React.JSX.Element {
  const { lines, height } = props;
  if (lines.length <= height) return <Lines lines={lines} />;
  const { start, end } = windowOf(lines.length, props.scroll, height - 1);
  return (
    <>
      <Lines lines={lines.slice(start, end)} />
      <Text dimColor wrap="truncate">
        {`── lines ${start + 1}–${end} of ${lines.length} (j/k, PgUp/PgDn scroll) ──`}
      </Text>
    </>
  );
}

/** The largest useful scroll offset for a view of `total` lines in `height` rows. */
export function maxScroll(total: number, height: number): number {
  return total <= height ? 0 : total - (height - 1);
}
