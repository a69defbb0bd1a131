import { cleanup } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { wrap as wrapReport } from '../../src/output/format.js';
import type { Report } from '../../src/engine/types.js';
import { pad, truncate, wrap } from '../../src/ui/components/text.js';
import { CACHE_RULE_DELETED_REPORT, CLUSTER_ID, fakeServices } from './fixtures.js';
import { frame, renderApp, until } from './helpers.js';

/**
 * Text with wide characters (CJK, emoji: two terminal cells each) must be laid out as ink and
 * the terminal measure it. Counting characters instead, a padded column or a wrapped line came
 * out up to twice as wide as it was meant to be, and ink then cut it off at the screen's edge.
 */

afterEach(() => cleanup());

const WIDE = 'イメージのプルに失敗しました 🚀 レジストリ aksbootstrap7f3e2a のキャッシュ規則がありません';

describe('measured in cells', () => {
  it.each([1, 2, 3, 8, 13, 20, 33])('truncate and pad to %i cells', (width) => {
    expect(stringWidth(truncate(WIDE, width))).toBeLessThanOrEqual(width);
    expect(stringWidth(pad(WIDE, width))).toBe(width);
    expect(stringWidth(pad('短い', width))).toBe(width);
  });

  it.each([12, 20, 31])('the screen wrap keeps every line within %i cells and loses no character', (width) => {
    const lines = wrap(WIDE, width, '  ');
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
    expect(lines.join('').replace(/\s+/gu, '')).toBe(WIDE.replace(/\s+/gu, ''));
  });

  // Words are never cut in reports (they must stay copyable): the widths here fit the longest word.
  it.each([16, 20, 31])('the report wrap keeps every line of words within %i cells', (width) => {
    const words = 'レジストリ キャッシュ規則 プライベート エンドポイント 🚀🚀 名前解決 ノードイメージ';
    const lines = wrapReport(words, width);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
    expect(lines.join(' ')).toBe(words);
  });
});

describe('the run screen with a wide summary', () => {
  it('keeps each row within the terminal and its duration column in place', async () => {
    const report: Report = {
      ...CACHE_RULE_DELETED_REPORT,
      checks: CACHE_RULE_DELETED_REPORT.checks.map((c) => (c.id === 'registry.mcr-cache-rule' ? { ...c, summary: WIDE } : c)),
    };
    const { services } = fakeServices({ reports: [report] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    const lines = frame(r).split('\n');
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    const row = lines.find((l) => l.includes('イメージ')) ?? '';
    expect(row).toMatch(/\d+ ms$/u);
    // The duration column ends where it does on every other row.
    const other = lines.find((l) => l.includes('The bootstrap registry exists')) ?? '';
    expect(stringWidth(row)).toBe(stringWidth(other));
  });
});
