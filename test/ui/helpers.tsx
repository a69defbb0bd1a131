import { render } from 'ink-testing-library';
import { expect, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { UiServices } from '../../src/ui/services.js';

export const KEY = {
  enter: '\r',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  ctrlC: '\u0003',
  backspace: '\u007F',
};

export const WIDTH = 80;
export const HEIGHT = 24;

export type Rendered = ReturnType<typeof render> & { exits: number[] };

export function renderApp(services: UiServices, props: { initialClusterId?: string; width?: number; height?: number; noColor?: boolean } = {}): Rendered {
  const exits: number[] = [];
  const r = render(
    <App
      services={services}
      initialClusterId={props.initialClusterId}
      width={props.width ?? WIDTH}
      height={props.height ?? HEIGHT}
      noColor={props.noColor ?? true}
      onExit={(code) => exits.push(code)}
    />,
  );
  return Object.assign(r, { exits });
}

export function frame(r: Rendered): string {
  return r.lastFrame() ?? '';
}

/** The frame's text with panel borders removed and whitespace collapsed, for sentence matching. */
export function flat(r: Rendered): string {
  return frame(r)
    .replace(/[│╭╮╰╯─┌┐└┘]/gu, ' ')
    .replace(/\s+/gu, ' ');
}

export async function until(r: Rendered, text: string | RegExp): Promise<void> {
  await vi.waitFor(
    () => {
      const f = flat(r);
      if (typeof text === 'string') expect(f).toContain(text);
      else expect(f).toMatch(text);
    },
    { timeout: 10_000, interval: 10 },
  );
}

/** Writes keys, then waits until the frame shows `text`. */
export async function press(r: Rendered, keys: string, text: string | RegExp): Promise<void> {
  r.stdin.write(keys);
  await until(r, text);
}

/** Lets ink process input and re-render when nothing visible is expected to appear. */
export async function settle(ms = 40): Promise<void> {
  await new Promise((res) => setTimeout(res, ms));
}

/** The last line of the frame: the footer's key hints. */
export function footer(r: Rendered): string {
  return (frame(r).split('\n').at(-1) ?? '').trim();
}

export function selectedLine(r: Rendered): string {
  return frame(r).split('\n').find((l) => l.startsWith('›')) ?? '';
}

/** The layout fits an 80×24 terminal with a row to spare, so ink never scrolls the screen. */
export function expectFits(r: Rendered, width = WIDTH, height = HEIGHT): void {
  const lines = frame(r).split('\n');
  expect(lines.length).toBeLessThan(height);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
}
