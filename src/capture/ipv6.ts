import { isIPv6 } from 'node:net';

/**
 * Something that may be an IPv6 address inside free text: hex groups with at least two colons,
 * not touching more hex, colons or dots (so a time like 21:46:19.4 or a MAC-like run never
 * yields a shorter match). Validate a match with `parseIpv6`.
 */
export const IPV6_CANDIDATE_IN_TEXT = '(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:.])';

/** The eight 16-bit groups of an IPv6 address (no embedded IPv4, no zone), or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  if (!isIPv6(text) || text.includes('.') || text.includes('%')) return undefined;
  const [head = '', tail] = text.split('::');
  const part = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = part(head);
  if (tail === undefined) return left.length === 8 ? left : undefined;
  const right = part(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

export type Ipv6Class = 'preserved' | 'private' | 'public';

/** `::` and `::1` stay; ULA (fc00::/7) and link-local (fe80::/10) are private; the rest public. */
export function ipv6Class(groups: readonly number[]): Ipv6Class {
  const first = groups[0] ?? 0;
  if (groups.slice(0, 7).every((g) => g === 0) && (groups[7] ?? 0) <= 1) return 'preserved';
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'private';
  return 'public';
}
