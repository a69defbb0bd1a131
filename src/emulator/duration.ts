const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * Parses a duration for `--emulator-latency` and friends: `50ms`, `1s`, `1.5s`, `2m`, or a bare
 * number of milliseconds (`0`, `250`). Throws a one-line Error naming the bad input otherwise.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(trimmed);
  if (!match) {
    throw new Error(`invalid duration "${text}": use a number of milliseconds or a value like 50ms, 1s, 2m`);
  }
  const value = Number(match[1]);
  const unit = (match[2] ?? 'ms').toLowerCase();
  const ms = value * (UNIT_MS[unit] ?? 1);
  if (!Number.isFinite(ms) || ms > 3_600_000) {
    throw new Error(`invalid duration "${text}": it must be at most 1 hour`);
  }
  return Math.round(ms);
}
