import { describe, expect, it } from 'vitest';
import { formatIpv6, IPV6_CANDIDATE_IN_TEXT, ipv6Class, parseIpv6 } from '../../src/capture/ipv6.js';

describe('parseIpv6 / formatIpv6', () => {
  it.each([
    ['fd12:3456:789a:1::4', [0xfd12, 0x3456, 0x789a, 1, 0, 0, 0, 4], 'fd12:3456:789a:1::4'],
    ['FD00:0000:0000:0001:0000:0000:0000:0010', [0xfd00, 0, 0, 1, 0, 0, 0, 0x10], 'fd00:0:0:1::10'],
    ['2603:1030:20e:3::23c', [0x2603, 0x1030, 0x20e, 3, 0, 0, 0, 0x23c], '2603:1030:20e:3::23c'],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    ['fe80::20d:3aff:fe12:3456', [0xfe80, 0, 0, 0, 0x20d, 0x3aff, 0xfe12, 0x3456], 'fe80::20d:3aff:fe12:3456'],
    ['2001:db8:0:1:0:0:1:1', [0x2001, 0xdb8, 0, 1, 0, 0, 1, 1], '2001:db8:0:1::1:1'],
    ['2001:db8:1:0:1:0:0:1', [0x2001, 0xdb8, 1, 0, 1, 0, 0, 1], '2001:db8:1:0:1::1'],
    ['1:0:2:3:4:5:6:7', [1, 0, 2, 3, 4, 5, 6, 7], '1:0:2:3:4:5:6:7'],
  ])('%s', (text, groups, formatted) => {
    expect(parseIpv6(text)).toEqual(groups);
    expect(formatIpv6(groups)).toBe(formatted);
  });

  it.each(['21:46:19', '00:0d:3a:12:34:56', 'sha256:abc', '::ffff:10.0.0.1', 'fe80::1%eth0', '1::2::3', 'gggg::1'])('%s is not taken as an address', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });
});

describe('IPV6_CANDIDATE_IN_TEXT', () => {
  const candidates = (s: string): string[] => [...s.matchAll(new RegExp(IPV6_CANDIDATE_IN_TEXT, 'g'))].map((m) => m[0]).filter((m) => parseIpv6(m));
  it.each([
    ['dial tcp [fd12:3456:789a:1::4]:443: i/o timeout', ['fd12:3456:789a:1::4']],
    ['podIPs fd00:10:244::12, 10.244.0.12', ['fd00:10:244::12']],
    ['subnet fd12:3456:789a:1::/64', ['fd12:3456:789a:1::']],
    ['at 2026-11-21T21:46:19.419Z', []],
    ['mac 00:0d:3a:12:34:56 and digest sha256:0123abcd', []],
  ])('%s', (text, expected) => {
    expect(candidates(text)).toEqual(expected);
  });
});

describe('ipv6Class', () => {
  it.each([
    ['::', 'preserved'],
    ['::1', 'preserved'],
    ['fd12:3456:789a:1::4', 'private'],
    ['fc00::1', 'private'],
    ['fe80::1', 'private'],
    ['2603:1030:20e:3::23c', 'public'],
  ])('%s is %s', (text, cls) => {
    expect(ipv6Class(parseIpv6(text) ?? [])).toBe(cls);
  });
});
