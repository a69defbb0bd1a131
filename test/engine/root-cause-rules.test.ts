import { describe, expect, it } from 'vitest';
import type { CheckDeclarations, RootCauseRules } from '../../src/core/check.js';
import type { CheckStatus, RegistryMode } from '../../src/core/ids.js';
import type { CheckResult } from '../../src/core/report.js';
import { chooseRootCauses } from '../../src/engine/root-causes.js';
import { CHECKS } from '../helpers/registry.js';

/*
 * The root-cause algorithm over declarations alone: synthetic checks (a.one, b.two, …) with
 * the rules a check may declare, so the algorithm is pinned independently of the real registry.
 */

function declare(id: string, rootCause: RootCauseRules = {}, extra: Partial<CheckDeclarations> = {}): CheckDeclarations {
  return { id, title: id, dependsOn: [], causePhrase: { any: `${id} is broken`, managed: `${id} (managed) is broken` }, rootCause, ...extra };
}

const REGISTRY: CheckDeclarations[] = [
  declare('a.gate', { exclusive: true }, { noFixAdvice: 'fix the gate by hand' }),
  declare('b.link', { chain: 'c', explains: ['b.later', 'f.symptom'] }, { guideIssue: { managed: 3, any: 1 } }),
  declare('b.other-link', { chain: 'c' }),
  declare('b.later'),
  declare('e.blamed-last', { explainedBy: { chain: 'c' } }, { guideIssue: { any: 2 } }),
  declare('e.named', { explainedBy: { checks: ['b.later'] } }),
  declare('f.symptom', { fallback: true, explainedBy: { chain: 'c' } }),
];

type Row = Partial<Record<string, CheckStatus>>;

function results(row: Row): CheckResult[] {
  return REGISTRY.map((c) => {
    const status = row[c.id] ?? 'pass';
    return { id: c.id, title: c.title, status, summary: `${c.id} is ${status}.`, evidence: [], remediations: status === 'fail' ? ['reconcile'] : [], durationMs: 0 };
  });
}

const cases: { name: string; row: Row; mode?: RegistryMode; expected: string[] }[] = [
  { name: 'all pass: none', row: {}, expected: [] },
  { name: 'warnings are not causes', row: { 'b.link': 'warn', 'f.symptom': 'warn' }, expected: [] },
  { name: 'an exclusive failure is the only cause', row: { 'a.gate': 'fail', 'b.link': 'fail', 'f.symptom': 'fail' }, expected: ['a.gate'] },
  { name: 'an exclusive error is not a cause', row: { 'a.gate': 'error', 'b.later': 'fail' }, expected: ['b.later'] },
  { name: 'each failing check in registry order', row: { 'b.other-link': 'fail', 'b.later': 'fail' }, expected: ['b.other-link', 'b.later'] },
  { name: 'explains removes what comes after', row: { 'b.link': 'fail', 'b.later': 'fail', 'f.symptom': 'fail' }, expected: ['b.link'] },
  { name: 'explainedBy a chain: blamed only while every link is known good', row: { 'e.blamed-last': 'fail' }, expected: ['e.blamed-last'] },
  { name: 'explainedBy a chain: not while a link fails', row: { 'b.other-link': 'fail', 'e.blamed-last': 'fail' }, expected: ['b.other-link'] },
  { name: 'explainedBy a chain: nor while a link errors', row: { 'b.other-link': 'error', 'e.blamed-last': 'fail' }, expected: [] },
  { name: 'explainedBy a check that fails', row: { 'b.later': 'fail', 'e.named': 'fail' }, expected: ['b.later'] },
  { name: 'explainedBy a check that errors', row: { 'b.later': 'error', 'e.named': 'fail' }, expected: [] },
  { name: 'a fallback alone is the cause', row: { 'f.symptom': 'fail' }, expected: ['f.symptom'] },
  { name: 'a fallback yields to any other cause', row: { 'b.later': 'fail', 'f.symptom': 'fail' }, expected: ['b.later'] },
  { name: 'a fallback is not blamed while its explainer is unknown', row: { 'b.link': 'error', 'f.symptom': 'fail' }, expected: [] },
];

describe('chooseRootCauses over declarations', () => {
  it.each(cases)('$name', ({ row, mode, expected }) => {
    expect(chooseRootCauses(results(row), mode ?? 'byo', REGISTRY).map((rc) => rc.checkId)).toEqual(expected);
  });

  it('carries the declared guide issue and cause phrase of the mode, the summary and the first remediation', () => {
    const row = { 'b.link': 'fail' } as const;
    expect(chooseRootCauses(results(row), 'managed', REGISTRY)).toEqual([
      { checkId: 'b.link', guideIssue: 3, summary: 'b.link is fail.', remediation: 'reconcile', cause: 'b.link (managed) is broken' },
    ]);
    expect(chooseRootCauses(results(row), 'byo', REGISTRY)[0]).toMatchObject({ guideIssue: 1, cause: 'b.link is broken' });
    expect(chooseRootCauses(results({ 'b.later': 'fail' }), 'byo', REGISTRY)[0]?.guideIssue).toBeNull();
  });

  it('a fallback cause drops its remediation; advice is given only when nothing fixes the cause', () => {
    expect(chooseRootCauses(results({ 'f.symptom': 'fail' }), 'byo', REGISTRY)[0]).toMatchObject({ remediation: null });
    const gate = results({ 'a.gate': 'fail' }).map((r) => (r.id === 'a.gate' ? { ...r, remediations: [] } : r));
    expect(chooseRootCauses(gate, 'byo', REGISTRY)[0]).toMatchObject({ remediation: null, advice: 'fix the gate by hand' });
    expect(chooseRootCauses(results({ 'a.gate': 'fail' }), 'byo', REGISTRY)[0]?.advice).toBeUndefined();
  });

  it('a result of a check the registry does not declare is a plain cause without a phrase', () => {
    const extra: CheckResult = { id: 'z.unknown', title: 'z', status: 'fail', summary: 'z failed', evidence: [], remediations: [], durationMs: 0 };
    expect(chooseRootCauses([...results({}), extra], 'byo', REGISTRY)).toEqual([{ checkId: 'z.unknown', guideIssue: null, summary: 'z failed', remediation: null }]);
  });
});

describe('the real declarations', () => {
  const row = (over: Row): CheckResult[] =>
    CHECKS.map((c) => ({ id: c.id, title: c.title, status: over[c.id] ?? 'pass', summary: `${c.id}.`, evidence: [], remediations: [], durationMs: 0 }));

  it.each([
    ['registry.exists', 'managed', 'the AKS-managed bootstrap registry was deleted', "point the cluster's containerRegistryId at an existing registry, or recreate that registry"],
    ['registry.exists', 'byo', "the cluster's registry does not exist", "point the cluster's containerRegistryId at an existing registry, or recreate that registry"],
    ['cluster.supported-configuration', 'managed', 'the cluster uses a configuration network isolation does not support', 'change the unsupported settings listed below; network isolation cannot work until then'],
    ['dns.zone', 'managed', 'the private DNS zone privatelink.azurecr.io was deleted', undefined],
    ['dns.zone', 'unknown', 'the private DNS zone privatelink.azurecr.io is missing', undefined],
  ] as const)('%s in %s mode: "%s"', (id, mode, cause, advice) => {
    const rc = chooseRootCauses(row({ [id]: 'fail' }), mode, CHECKS)[0];
    expect(rc).toMatchObject({ checkId: id, cause });
    expect(rc?.advice).toBe(advice);
  });
});
