import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/*
 * Small text helpers shared by the writers: wrapping and ANSI colour. Everything here is
 * pure; widths are terminal cells, measured without escape codes.
 */

export type Tone = 'green' | 'red' | 'yellow' | 'dim' | 'magenta' | 'cyan' | 'bold';

const ANSI: Record<Tone, [string, string]> = {
  green: ['\u001b[32m', '\u001b[39m'],
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  magenta: ['\u001b[35m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  bold: ['\u001b[1m', '\u001b[22m'],
};

/** A painter that is the identity when colour is off, so callers never branch on it. */
export type Paint = (tone: Tone, s: string) => string;

export function painter(color: boolean): Paint {
  return color ? (tone, s) => (s === '' ? s : `${ANSI[tone][0]}${s}${ANSI[tone][1]}`) : (_tone, s) => s;
}

export { default as stripAnsi } from 'strip-ansi';

/** Display width in terminal cells, as ink and the terminal count it (a CJK character or an emoji is two). */
export function visibleLength(s: string): number {
  return stringWidth(s);
}

/**
 * Greedy word wrap to `width` cells (wrap-ansi, which measures as ink does), breaking only at
 * plain spaces: a no-break space holds words together. A word longer than a line (a resource
 * id, a URL, a permission) stays whole on a line of its own: split, it could no longer be
 * copied; the terminal soft-wraps it instead.
 */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(10, width);
  return text.split('\n').flatMap((paragraph) => {
    const words = paragraph.split(/[ \t]+/).filter((w) => w.length > 0);
    return wrapAnsi(words.join(' '), max, { hard: false, trim: true }).split('\n');
  });
}

/** Wraps and indents: the first line after `first`, the rest after `rest` (both counted in the width). */
export function wrapIndented(text: string, width: number, first: string, rest: string = ' '.repeat(visibleLength(first))): string[] {
  const avail = width - Math.max(visibleLength(first), visibleLength(rest));
  return wrap(text, avail).map((l, i) => `${i === 0 ? first : rest}${l}`);
}

/**
 * Lays a command out over several lines with ` \` continuations so it still pastes into a
 * shell; `groups` are the units never split (a flag and its value).
 */
export function commandLines(groups: readonly string[], width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const g of groups) {
    const prefix = lines.length === 0 ? first : rest;
    if (line === '') {
      line = g;
    } else if (visibleLength(prefix) + visibleLength(line) + 1 + visibleLength(g) + 2 <= width) {
      line = `${line} ${g}`;
    } else {
      lines.push(`${prefix}${line} \\`);
      line = g;
    }
  }
  lines.push(`${lines.length === 0 ? first : rest}${line}`);
  return lines;
}

/** Keeps "Issue 3" together when wrapping; `wrap` only breaks at plain spaces. */
export function glue(s: string): string {
  return s.replace(/\bIssue (\d)/g, 'Issue\u00a0$1');
}

export function unglue(s: string): string {
  return s.replace(/\u00a0/g, ' ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
