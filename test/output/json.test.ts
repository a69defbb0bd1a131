import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/output/json.js';
import { reportJsonSchema } from '../../src/output/report-schema.js';
import { openEmulatorSession } from '../helpers/registry.js';
import type { Report } from '../../src/engine/types.js';
import { REPORT_FIXTURES, loadReport } from './golden.js';

// formats.md, report@1: the required keys, in the order the contract writes them.
const TOP = ['schema', 'cluster', 'networkIsolated', 'registryMode', 'checks', 'rootCauses', 'imagePullFailures', 'stats'];
const CHECK = ['id', 'status', 'title', 'summary', 'evidence', 'remediations'];
const ROOT_CAUSE = ['checkId', 'guideIssue', 'summary', 'remediation'];
const PULL = ['namespace', 'pod', 'container', 'image', 'imageRegistry', 'attemptedHost', 'failureKind', 'message'];
const STATS = ['armRequests', 'kubeRequests', 'durationMs'];

type Obj = Record<string, unknown>;

function leadingKeys(o: unknown, n: number): string[] {
  return Object.keys(o as Obj).slice(0, n);
}

describe('renderJson', () => {
  it.each(REPORT_FIXTURES)('%s round-trips to the same report', (name) => {
    const report = loadReport(name);
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it.each(REPORT_FIXTURES)('%s has report@1 keys first, in contract order', (name) => {
    const parsed = JSON.parse(renderJson(loadReport(name))) as Obj;
    expect(parsed.schema).toBe('aks-netiso/report@1');
    expect(leadingKeys(parsed, TOP.length)).toEqual(TOP);
    expect(leadingKeys(parsed.stats, STATS.length)).toEqual(STATS);
    for (const c of parsed.checks as Obj[]) expect(leadingKeys(c, CHECK.length)).toEqual(CHECK);
    for (const r of parsed.rootCauses as Obj[]) expect(leadingKeys(r, ROOT_CAUSE.length)).toEqual(ROOT_CAUSE);
    for (const f of parsed.imagePullFailures as Obj[]) expect(leadingKeys(f, PULL.length)).toEqual(PULL);
  });

  it('orders keys the same whatever order the report was built in', () => {
    const report = loadReport('byo-uncached-registry');
    const shuffled = Object.fromEntries(Object.entries(report).reverse()) as unknown as Report;
    shuffled.checks = report.checks.map((c) => Object.fromEntries(Object.entries(c).reverse()) as unknown as Report['checks'][number]);
    expect(renderJson(shuffled)).toBe(renderJson(report));
  });

  it('is pretty-printed with two spaces and ends with one newline', () => {
    const text = renderJson(loadReport('healthy'));
    expect(text.startsWith('{\n  "schema": "aks-netiso/report@1",\n  "cluster": ')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes null, never drops, the nullable contract fields', () => {
    const base = loadReport('managed-cache-rule-deleted');
    const report: Report = {
      ...base,
      networkIsolated: null,
      registryMode: 'unknown',
      rootCauses: [{ checkId: 'pods.image-pull-failures', guideIssue: null, summary: 'x', remediation: null }],
      imagePullFailures: base.imagePullFailures.map((f) => ({ ...f, attemptedHost: null })),
    };
    const parsed = JSON.parse(renderJson(report)) as Obj;
    expect(parsed.networkIsolated).toBeNull();
    expect((parsed.rootCauses as Obj[])[0]).toEqual({ checkId: 'pods.image-pull-failures', guideIssue: null, summary: 'x', remediation: null });
    expect((parsed.imagePullFailures as Obj[]).every((f) => 'attemptedHost' in f && f.attemptedHost === null)).toBe(true);
  });

  it('drops undefined optional fields instead of writing them', () => {
    const base = loadReport('healthy');
    const report: Report = { ...base, clusterName: undefined, registry: undefined, generatedAt: undefined };
    const parsed = JSON.parse(renderJson(report)) as Obj;
    expect(Object.keys(parsed)).toEqual(TOP);
  });
});

describe('report@1 schema', () => {
  it('the published docs/report.schema.json is up to date (npx tsx scripts/report-schema.ts)', async () => {
    const onDisk: unknown = JSON.parse(await readFile(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });

  it('a live report carries each finding\'s code and params after the contract keys, and no UI hints', async () => {
    const s = await openEmulatorSession({ scenario: 'managed-cache-rule-deleted' });
    try {
      const parsed = JSON.parse(renderJson(await s.diagnose())) as { checks: Obj[]; rootCauses: Obj[] };
      for (const c of parsed.checks) {
        expect(leadingKeys(c, CHECK.length)).toEqual(CHECK);
        expect(c.code).toMatch(/^[a-z]+\.[a-z-]+\/[a-z-]+$|^(kube|engine)\/[a-z-]+$/);
        expect(c.params).toBeTypeOf('object');
        expect(c).not.toHaveProperty('display');
      }
      const rule = parsed.checks.find((c) => c.id === 'registry.mcr-cache-rule');
      expect(rule).toMatchObject({ code: 'registry.mcr-cache-rule/missing', params: { registry: expect.stringMatching(/bootstrap/) as unknown } });
      expect(Object.keys(rule ?? {}).slice(-3)).toEqual(['code', 'params', 'data']);
      expect(parsed.rootCauses[0]).toMatchObject({ cause: "the managed registry's MCR cache rule was deleted or is broken" });
    } finally {
      await s.close();
    }
  });

  it('refuses to write what is not a report@1 (a wrong status), rather than a document consumers cannot read', () => {
    const report = loadReport('healthy');
    const bad = { ...report, checks: report.checks.map((c, i) => (i === 0 ? { ...c, status: 'broken' } : c)) } as unknown as Report;
    expect(() => renderJson(bad)).toThrow(/status/);
  });
});
