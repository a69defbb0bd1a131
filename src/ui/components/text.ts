import stringWidth from 'string-width';
import { quotedWords, type ShellCommand } from '../../remediations/command.js';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Width in terminal cells, as ink measures it (string-width): a CJK character or an emoji is two. */
export function cells(s: string): number {
  return stringWidth(s);
}

/**
 * The longest start of `text` that fits in `width` cells. With `advance`, at least one
 * character even when it does not fit, so that cutting a long word always moves on.
 */
function fitting(text: string, width: number, advance = true): string {
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if ((out !== '' || !advance) && used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
}

/**
 * Cuts a string to `width` display cells, marking the cut with an ellipsis. Not cli-truncate:
 * cut inside a wide character (CJK, emoji), it gives one cell more than asked (5.2.0 measured).
 */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (cells(s) <= width) return s;
  return `${fitting(s, width - 1, false)}…`;
}

export function pad(s: string, width: number): string {
  const t = truncate(s, width);
  return t + ' '.repeat(Math.max(0, width - cells(t)));
}

export function padStart(s: string, width: number): string {
  const t = truncate(s, width);
  return ' '.repeat(Math.max(0, width - cells(t))) + t;
}

/**
 * Hard-wraps text to `width` cells, breaking at spaces when it can and inside long tokens
 * (resource ids, az commands) when it cannot: scrolled views count lines, so every line
 * must be known before rendering.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const w = Math.max(8, width);
  const ind = cells(indent) * 2 < w ? indent : '';
  const out: string[] = [];
  for (const para of text.split('\n')) {
    const start = out.length;
    const leading = /^\s*/u.exec(para)?.[0] ?? '';
    let line = '';
    for (const word of para.split(/\s+/u).filter((x) => x.length > 0)) {
      const lead = out.length > start ? ind : line === '' ? leading : '';
      const candidate = line ? `${line} ${word}` : lead + word;
      if (cells(candidate) <= w) {
        line = candidate;
        continue;
      }
      // A token longer than a whole line (an image reference, a resource id) is cut where the
      // line ends rather than leaving a short label alone on its own line.
      const tooLong = cells(word) > w - cells(ind);
      let chunk: string;
      if (tooLong) {
        chunk = candidate;
      } else {
        if (line) out.push(line);
        chunk = (out.length > start ? ind : '') + word;
      }
      while (cells(chunk) > w) {
        const head = fitting(chunk, w);
        out.push(head);
        chunk = ind + chunk.slice(head.length);
      }
      line = chunk;
    }
    out.push(line);
  }
  return out;
}

/** The readable tail of an ARM id: `registries/aksbootstrap1a2b/cacheRules/aks-managed-mcr`. */
export function shortResource(id: string | undefined): string {
  if (!id) return '';
  const lower = id.toLowerCase();
  const at = lower.lastIndexOf('/providers/');
  if (at < 0) return id;
  const rest = id.slice(at + '/providers/'.length).split('/');
  return rest.slice(1).join('/');
}

/** Lays out rows as fixed-width columns; the last column takes what is left. */
export function table(rows: string[][], widths: number[], total: number): string[] {
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 1, 0);
  const last = Math.max(6, total - fixed);
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? truncate(cell, last) : pad(cell, widths[i] ?? 10)))
      .join(' ')
      .trimEnd(),
  );
}

/**
 * Lays a shell command out in `width` cells so that copying the lines gives the same command:
 * lines end in a backslash (a POSIX line continuation), continuation lines are indented only
 * between words, and a word too long for any line (a resource id) is split with a backslash and
 * continued at column 0, which the shell joins back without a space. Single-quoted words are
 * never split (a backslash is literal inside quotes); such a word may overflow.
 */
export function commandLayout(command: ShellCommand, width: number, first = '$ ', rest = '    '): string[] {
  const w = Math.max(16, width);
  const len = cells;
  const lines: string[] = [];
  let line = first;
  let lineHasWord = false;
  for (const { text: word, singleQuoted } of quotedWords(command)) {
    const sep = lineHasWord ? ' ' : '';
    // Room is kept for the trailing " \" of a line that continues.
    if (len(line) + len(sep) + len(word) + 2 <= w) {
      line += sep + word;
      lineHasWord = true;
      continue;
    }
    if (lineHasWord) {
      lines.push(`${line} \\`);
      line = rest;
      if (len(line) + len(word) + 2 <= w) {
        line += word;
        lineHasWord = true;
        continue;
      }
    }
    if (singleQuoted) {
      line += word;
      lineHasWord = true;
      continue;
    }
    // Too long for a whole line: split it, continuing at column 0 so no space enters the word.
    let remaining = word;
    while (remaining.length > 0) {
      if (len(remaining) <= w - len(line)) {
        line += remaining;
        remaining = '';
      } else {
        const piece = fitting(remaining, Math.max(1, w - len(line) - 1));
        lines.push(`${line}${piece}\\`);
        remaining = remaining.slice(piece.length);
        line = '';
      }
    }
    lineHasWord = true;
  }
  lines.push(line);
  return lines;
}
