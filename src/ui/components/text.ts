/** Cuts a string to `width` display cells, marking the cut with an ellipsis. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...s];
  if (chars.length <= width) return s;
  if (width === 1) return '…';
  return `${chars.slice(0, width - 1).join('')}…`;
}

export function pad(s: string, width: number): string {
  const t = truncate(s, width);
  return t + ' '.repeat(Math.max(0, width - [...t].length));
}

export function padStart(s: string, width: number): string {
  const t = truncate(s, width);
  return ' '.repeat(Math.max(0, width - [...t].length)) + t;
}

/**
 * Hard-wraps text to `width` cells, breaking at spaces when it can and inside long tokens
 * (resource ids, az commands) when it cannot: scrolled views count lines, so every line
 * must be known before rendering.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const w = Math.max(8, width);
  const ind = indent.length * 2 < w ? indent : '';
  const len = (x: string): number => [...x].length;
  const out: string[] = [];
  for (const para of text.split('\n')) {
    const start = out.length;
    const leading = /^\s*/u.exec(para)?.[0] ?? '';
    let line = '';
    for (const word of para.split(/\s+/u).filter((x) => x.length > 0)) {
      const lead = out.length > start ? ind : line === '' ? leading : '';
      const candidate = line ? `${line} ${word}` : lead + word;
      if (len(candidate) <= w) {
        line = candidate;
        continue;
      }
      // A token longer than a whole line (an image reference, a resource id) is cut where the
      // line ends rather than leaving a short label alone on its own line.
      const tooLong = len(word) > w - len(ind);
      let chunk: string[];
      if (tooLong) {
        chunk = [...candidate];
      } else {
        if (line) out.push(line);
        chunk = [...((out.length > start ? ind : '') + word)];
      }
      while (chunk.length > w) {
        out.push(chunk.slice(0, w).join(''));
        chunk = [...ind, ...chunk.slice(w)];
      }
      line = chunk.join('');
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
