import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { escapeXmlAttr, escapeXmlText, renderJunit } from '../../src/output/junit.js';
import type { Report } from '../../src/engine/types.js';
import { REPORT_FIXTURES, expectGolden, fixturePath, loadReport } from './golden.js';

const XSD = readFileSync(fixturePath('junit/JUnit.xsd'), 'utf8');

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: { fileName: 'report.xml', contents: xml },
    schema: { fileName: 'JUnit.xsd', contents: XSD },
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

function attr(xml: string, element: string, name: string): string | undefined {
  const m = new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml);
  return m?.[1];
}

describe('renderJunit', () => {
  it.each(REPORT_FIXTURES)('%s is valid against the Ant JUnit schema and matches its golden file', async (name) => {
    const xml = renderJunit(loadReport(name));
    const { valid, errors } = await validate(xml);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expectGolden(`junit/${name}.xml`, xml);
  });

  it('the validator does reject a document outside the schema', async () => {
    const xml = renderJunit(loadReport('healthy')).replace('  <system-err></system-err>\n', '');
    const { valid, errors } = await validate(xml);
    expect(valid).toBe(false);
    expect(errors.join('\n')).toMatch(/system-err/);
  });

  it.each([
    ['healthy', { tests: '13', failures: '0', errors: '0', skipped: '0' }],
    ['managed-cache-rule-deleted', { tests: '13', failures: '2', errors: '0', skipped: '0' }],
    ['kube-unreachable', { tests: '13', failures: '1', errors: '0', skipped: '4' }],
    ['permission-error', { tests: '13', failures: '1', errors: '1', skipped: '1' }],
    ['byo-uncached-registry', { tests: '13', failures: '2', errors: '0', skipped: '0' }],
  ] as const)('%s counts %j', (name, counts) => {
    const xml = renderJunit(loadReport(name));
    for (const [k, v] of Object.entries(counts)) expect(attr(xml, 'testsuite', k)).toBe(v);
    expect(xml.match(/<testcase /g)?.length).toBe(13);
    expect(xml.match(/<failure /g)?.length ?? 0).toBe(Number(counts.failures));
    expect(xml.match(/<error /g)?.length ?? 0).toBe(Number(counts.errors));
    expect(xml.match(/<skipped /g)?.length ?? 0).toBe(Number(counts.skipped));
  });

  it('names each test case after its check and groups by the id prefix', () => {
    const xml = renderJunit(loadReport('managed-cache-rule-deleted'));
    expect(xml).toContain('<testcase classname="aks-netiso.registry" name="registry.mcr-cache-rule" time="0.035">');
    expect(xml).toContain('<testsuite name="aks-netiso" timestamp="2026-11-21T09:42:17"');
    expect(xml).toContain('time="0.468">');
  });

  it('puts the evidence and the fix command in the failure, the missing permission in the error', () => {
    const failed = renderJunit(loadReport('managed-cache-rule-deleted'));
    expect(failed).toContain('expected: mcr.microsoft.com/*');
    expect(failed).toContain('aks-netiso fix delete-registry-and-reconcile -g rg-shop-prod -n aks-shop-prod');
    const errored = renderJunit(loadReport('permission-error'));
    expect(errored).toMatch(/<error message="[^"]*Microsoft\.ContainerRegistry\/registries\/cacheRules\/read[^"]*" type="error">/);
  });

  it('escapes markup, quotes and control characters and stays valid', async () => {
    const base = loadReport('managed-cache-rule-deleted');
    const nasty = 'a <b> & "c" \'d\' ]]> \u0007bell\nnext line';
    const report: Report = {
      ...base,
      cluster: `${base.cluster}`,
      checks: base.checks.map((c) =>
        c.id === 'registry.mcr-cache-rule' ? { ...c, summary: nasty, evidence: [{ note: nasty }] } : c,
      ),
    };
    const xml = renderJunit(report);
    const { valid, errors } = await validate(xml);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(xml).toContain('message="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; ]]&gt; \ufffdbell&#10;next line"');
    expect(xml).toContain('note:     a &lt;b&gt; &amp; "c" \'d\' ]]&gt; \ufffdbell\nnext line');
  });

  it.each([
    ['a&b', 'a&amp;b', 'a&amp;b'],
    ['<x>', '&lt;x&gt;', '&lt;x&gt;'],
    ['"q"', '"q"', '&quot;q&quot;'],
    ['tab\there', 'tab\there', 'tab&#9;here'],
    ['nul\u0000', 'nul\ufffd', 'nul\ufffd'],
  ])('escapes %j', (input, text, attribute) => {
    expect(escapeXmlText(input)).toBe(text);
    expect(escapeXmlAttr(input)).toBe(attribute);
  });

  it('falls back to the given time when the report has none, without a zone', () => {
    const { generatedAt: _drop, ...rest } = loadReport('healthy');
    const xml = renderJunit(rest, { now: new Date('2026-01-02T03:04:05.678Z') });
    expect(attr(xml, 'testsuite', 'timestamp')).toBe('2026-01-02T03:04:05');
  });
});
