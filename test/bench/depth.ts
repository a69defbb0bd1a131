import type { RequestLogEntry } from '../../src/emulator/api.js';

/** Longest chain of requests where each started only after the previous one ended. */
export function criticalPathDepth(entries: readonly RequestLogEntry[]): number {
  // Status 0: still unanswered when the diagnosis returned (a prefetch nobody waited for).
  const sorted = entries.filter((e) => e.status !== 0).sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  let best = 0;
  sorted.forEach((e, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) {
      const prev = sorted[j];
      if (prev && prev.end <= e.start) d = Math.max(d, (depth[j] ?? 0) + 1);
    }
    depth[i] = d;
    best = Math.max(best, d);
  });
  return best;
}
