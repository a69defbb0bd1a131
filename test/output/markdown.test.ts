import { describe, expect, it } from 'vitest';
import { escapeMarkdown, inlineCode, renderMarkdown } from '../../src/output/markdown.js';
import type { ImagePullFailure, Report } from '../../src/engine/types.js';
import { PLAN_FIXTURES, REPORT_FIXTURES, expectGolden, loadPlan, loadReport } from './golden.js';
import { renderCommand } from '../../src/remediations/command.js';

/** Cells of a GFM table row: split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/);
}

/** Every table in the document has the same number of cells in each row as in its header. */
function tableShapes(md: string): { header: number; rows: number[] }[] {
  const tables: { header: number; rows: number[] }[] = [];
  let current: { header: number; rows: number[] } | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      const n = cells(line).length;
      if (!current) tables.push((current = { header: n, rows: [] }));
      else current.rows.push(n);
    } else {
      current = undefined;
    }
  }
  return tables;
}

describe('renderMarkdown', () => {
  it.each(REPORT_FIXTURES)('%s matches its golden file', (name) => {
    expectGolden(`markdown/${name}.md`, renderMarkdown(loadReport(name)));
  });

  it('with plans matches its golden file and carries each plan\'s az commands', () => {
    const plans = PLAN_FIXTURES.map(loadPlan);
    const md = renderMarkdown(loadReport('managed-cache-rule-deleted'), { plans });
    expectGolden('markdown/managed-cache-rule-deleted.with-plans.md', md);
    for (const p of plans) for (const c of p.azCommands.map(renderCommand)) expect(md).toContain(`\n${c}\n`);
  });

  it.each(REPORT_FIXTURES)('%s: every table row has as many cells as its header', (name) => {
    const md = renderMarkdown(loadReport(name), { plans: PLAN_FIXTURES.map(loadPlan) });
    const shapes = tableShapes(md);
    expect(shapes.length).toBeGreaterThan(0);
    for (const t of shapes) for (const r of t.rows) expect(r).toBe(t.header);
  });

  it('titles the ticket with the cluster name and leads with the root cause and its command', () => {
    const md = renderMarkdown(loadReport('managed-cache-rule-deleted'));
    expect(md.startsWith('# aks-netiso diagnosis: aks-shop-prod\n')).toBe(true);
    const rc = md.indexOf('## Root cause');
    expect(rc).toBeGreaterThan(0);
    expect(md.indexOf('aks-netiso fix delete-registry-and-reconcile -g rg-shop-prod')).toBeGreaterThan(rc);
    expect(md.indexOf('## Checks')).toBeGreaterThan(md.indexOf('aks-netiso fix delete-registry-and-reconcile'));
  });

  it('gives an evidence section to every check that did not pass, and only to those', () => {
    const report = loadReport('kube-unreachable');
    const md = renderMarkdown(report);
    for (const c of report.checks) {
      const heading = md.includes(`### `) && md.includes(`\`${c.id}\`: ${escapeMarkdown(c.title)}`);
      expect(heading, c.id).toBe(c.status !== 'pass');
    }
  });

  it('escapes pipes and backticks in pull failures so the table holds', () => {
    const base = loadReport('managed-cache-rule-deleted');
    const first = base.imagePullFailures[0] as ImagePullFailure;
    const report: Report = {
      ...base,
      imagePullFailures: [
        { ...first, image: 'registry.example/odd|name:`tag`', message: 'failed: a | b `quoted` *bold* <html>\nsecond line' },
      ],
    };
    const md = renderMarkdown(report);
    const row = md.split('\n').find((l) => l.includes('odd'));
    expect(row).toBeDefined();
    expect(cells(row ?? '')).toHaveLength(7);
    expect(row).toContain('`` registry.example/odd\\|name:`tag` ``');
    expect(row).toContain('failed: a \\| b \\`quoted\\` \\*bold\\* \\<html\\> second line');
  });

  it.each([
    ['plain', '`plain`'],
    ['has `tick`', '`` has `tick` ``'],
    ['``double``', '``` ``double`` ```'],
    ['`edge', '`` `edge ``'],
  ])('inlineCode(%j) = %s', (input, out) => {
    expect(inlineCode(input)).toBe(out);
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['MC_rg_x', 'MC\\_rg\\_x'],
    ['[link](x)', '\\[link\\](x)'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two lines'],
  ])('escapeMarkdown(%j) = %s', (input, out) => {
    expect(escapeMarkdown(input)).toBe(out);
  });

  it('fences code blocks longer than any backtick run inside', () => {
    const plan = { ...loadPlan('plan-repair-private-dns'), azCommands: [{ argv: ['echo', { shell: '```not a fence```' }] }] };
    const md = renderMarkdown(loadReport('healthy'), { plans: [plan] });
    expect(md).toContain('````sh\necho ```not a fence```\n````');
  });
});
