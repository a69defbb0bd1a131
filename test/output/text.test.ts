import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/output/text.js';
import { stripAnsi, visibleLength } from '../../src/output/format.js';
import type { ImagePullFailure, Report } from '../../src/engine/types.js';
import { REPORT_FIXTURES, expectGolden, loadReport } from './golden.js';

// eslint-disable-next-line no-control-regex
const ESC = /\u001b/;

describe('renderText', () => {
  it.each(REPORT_FIXTURES)('%s matches its golden file (no colour)', (name) => {
    expectGolden(`text/${name}.txt`, renderText(loadReport(name), { color: false }));
  });

  it.each(['managed-cache-rule-deleted', 'permission-error'] as const)('%s matches its golden file (colour)', (name) => {
    expectGolden(`text/${name}.color.txt`, renderText(loadReport(name), { color: true }));
  });

  it.each(REPORT_FIXTURES)('%s: color false emits no escape codes; color true only adds them', (name) => {
    const plain = renderText(loadReport(name), { color: false });
    const colored = renderText(loadReport(name), { color: true });
    expect(plain).not.toMatch(ESC);
    expect(colored).toMatch(ESC);
    expect(stripAnsi(colored)).toBe(plain);
  });

  it.each(REPORT_FIXTURES.flatMap((n) => [80, 60].map((w) => [n, w] as const)))('%s fits %i columns', (name, width) => {
    const text = renderText(loadReport(name), { color: true, width });
    for (const line of text.split('\n')) {
      // A subscription id with its flag is the only unit too long to fit at narrow widths: it must not be split.
      if (line.includes('--subscription')) continue;
      if (visibleLength(line) <= width) continue;
      // Longer only when it holds one unbreakable word (an image, a permission) after its label.
      const plain = stripAnsi(line);
      expect(plain, line).toMatch(/^\s*(?:\S{1,8}\s+)?\S+$/);
      expect(Math.max(...plain.trim().split(/\s+/).map((w) => w.length)), line).toBeGreaterThan(width - 40);
    }
  });

  it('puts the root cause and its command before the checks, then pulls, then stats', () => {
    const text = renderText(loadReport('managed-cache-rule-deleted'), { color: false });
    const rc = text.indexOf("Root cause: the managed registry's MCR cache rule was deleted or is broken");
    const cmd = text.indexOf('aks-netiso fix delete-registry-and-reconcile -g rg-shop-prod');
    const checks = text.indexOf('\nChecks\n');
    const pulls = text.indexOf('Failing image pulls (7)');
    const stats = text.indexOf('15 ARM requests · 3 Kubernetes requests · 468 ms');
    expect([rc, cmd, checks, pulls, stats].every((i) => i >= 0)).toBe(true);
    expect(rc < cmd && cmd < checks && checks < pulls && pulls < stats).toBe(true);
  });

  it('lists every check with its symbol and id', () => {
    const report = loadReport('kube-unreachable');
    const lines = renderText(report, { color: false }).split('\n');
    const symbols = { pass: '✔', fail: '✖', warn: '⚠', skip: '–', error: '!' };
    for (const c of report.checks) {
      expect(lines.some((l) => l.startsWith(`  ${symbols[c.status]} ${c.id} `)), c.id).toBe(true);
    }
  });

  it('ascii symbols replace the unicode ones', () => {
    const text = renderText(loadReport('permission-error'), { color: false, ascii: true });
    expect(text).toContain('  E registry.mcr-cache-rule ');
    expect(text).toContain('  + cluster.readable ');
    expect(text).not.toMatch(/[✔✖⚠]/);
  });

  it.each([
    [1, 6],
    [5, 2],
    [7, 0],
  ])('caps failing pulls at %i with "… and %i more"', (max, more) => {
    const text = renderText(loadReport('managed-cache-rule-deleted'), { color: false, maxPulls: max });
    expect((text.match(/^ {4}image {2}/gm) ?? []).length).toBe(Math.min(max, 7));
    if (more > 0) expect(text).toContain(`  … and ${more} more\n`);
    else expect(text).not.toContain('… and');
  });

  it('says which host was tried, or that none was named', () => {
    const base = loadReport('managed-cache-rule-deleted');
    const first = base.imagePullFailures[0] as ImagePullFailure;
    const report: Report = { ...base, imagePullFailures: [{ ...first, attemptedHost: null, failureKind: 'other' }] };
    expect(renderText(report, { color: false })).toContain('    tried  no host named in the message · other\n');
  });

  it('explains an empty root-cause list', () => {
    expect(renderText(loadReport('healthy'), { color: false })).toContain('✔ No problems found: every check passed.');
    expect(renderText(loadReport('permission-error'), { color: false })).toContain(
      '⚠ No root cause could be named: a check could not complete\n  (registry.mcr-cache-rule); see the reason below.',
    );
  });

  it('keeps "Issue N" together and the command copyable when wrapping', () => {
    const text = renderText(loadReport('byo-uncached-registry'), { color: false });
    expect(text).not.toMatch(/Issue\n/);
    expect(text).toContain(
      [
        '    aks-netiso fix create-cache-rule -g rg-shop-prod -n aks-shop-prod \\',
        '      --subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f \\',
        '      --source docker.io/library/nginx --target docker/nginx \\',
        '      --rule-name docker-nginx',
      ].join('\n'),
    );
  });

  it('ends with exactly one newline and falls back to 80 columns for nonsense widths', () => {
    const r = loadReport('healthy');
    const text = renderText(r, { color: false, width: Number.NaN });
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
    expect(text).toBe(renderText(r, { color: false }));
  });
});
