import { describe, expect, it } from 'vitest';
import { planToJson, renderFixResultJson, renderFixResultText, renderPlanText } from '../../src/output/plan.js';
import { renderCommand } from '../../src/remediations/command.js';
import { describeOperation } from '../../src/remediations/operations.js';
import type { FixResult, Plan } from '../../src/remediations/types.js';
import { stripAnsi } from '../../src/output/format.js';
import { PLAN_FIXTURES, expectGolden, loadPlan, loadPlanJson, loadReport } from './golden.js';

// eslint-disable-next-line no-control-regex
const ESC = /\u001b/;

function result(over: Partial<FixResult>): FixResult {
  return {
    remediation: 'delete-registry-and-reconcile',
    plan: loadPlan('plan-delete-registry-and-reconcile'),
    outcome: 'applied',
    verification: 'fixed',
    code: 'verified-fixed',
    reason: 'The registry was deleted and the cluster reconciled; the affected checks pass.',
    auditLog: '.local/state/aks-netiso/audit.jsonl',
    ...over,
  };
}

describe('renderPlanText', () => {
  it.each(PLAN_FIXTURES)('%s matches its golden file (no colour and colour)', (name) => {
    const plan = loadPlan(name);
    const plain = renderPlanText(plan, { color: false });
    const colored = renderPlanText(plan, { color: true });
    expect(plain).not.toMatch(ESC);
    expect(colored).toMatch(ESC);
    expect(stripAnsi(colored)).toBe(plain);
    expectGolden(`plan/${name}.txt`, plain);
    expectGolden(`plan/${name}.color.txt`, colored);
    // And the JSON of the plan, byte for byte what it was before plans held typed operations.
    expectGolden(`plan/${name}.json`, `${JSON.stringify(planToJson(plan), null, 2)}\n`);
  });

  it('shows every operation with method, id and SDK call, and the az commands unwrapped', () => {
    const plan = loadPlan('plan-delete-registry-and-reconcile');
    const text = renderPlanText(plan, { color: false });
    for (const [i, op] of plan.operations.map(describeOperation).entries()) {
      expect(text).toContain(`  ${i + 1}. ${op.method} ${op.resourceId}\n     ${op.sdkCall}\n`);
    }
    for (const c of plan.azCommands.map(renderCommand)) expect(text).toContain(`\n  ${c}\n`);
    expect(text).toContain('Risk:     destructive: deletes a resource; type the cluster name to confirm');
  });

  it.each<[string, Plan['risk'], boolean, boolean]>([
    ['destructive automated', 'destructive', true, true],
    ['disruptive automated', 'disruptive', true, false],
    ['destructive guided', 'destructive', false, false],
  ])('%s: confirmation note %s', (_why, risk, automated, note) => {
    const plan: Plan = { ...loadPlan('plan-delete-registry-and-reconcile'), risk, automated };
    const text = renderPlanText(plan, { color: false });
    expect(text.includes('To confirm, type the cluster name (aks-shop-prod)')).toBe(note);
  });

  it('a guided plan says the customer runs the commands', () => {
    const text = renderPlanText(loadPlan('plan-repair-private-dns'), { color: false });
    expect(text).toContain('Mode:     guided: you run the commands below on your own resources');
    expect(text).toContain('Commands to run (ready to copy)');
    expect(text).not.toContain('ARM operations');
  });
});

describe('renderFixResultText', () => {
  it.each<[string, Partial<FixResult>, string[]]>([
    ['applied and fixed', {}, ['Outcome:      applied', 'Verification: fixed: the affected checks pass now', 'Audit log:    .local/state/aks-netiso/audit.jsonl']],
    ['dry run', { outcome: 'dry-run', verification: null, auditLog: null, reason: '--dry-run was given' }, ['Outcome:      dry run: nothing was changed', 'Reason:       --dry-run was given']],
    [
      'refused',
      { plan: null, outcome: 'refused', verification: null, auditLog: null, reason: 'Registry acrshopprod is not the AKS-managed registry: refusing to delete it.' },
      ['Outcome:      refused: nothing was changed', 'Reason:       Registry acrshopprod is not the AKS-managed registry: refusing to'],
    ],
    [
      'interrupted',
      { outcome: 'interrupted', verification: 'could-not-verify', reason: 'Interrupted; the operation keeps running in Azure.' },
      ['Outcome:      interrupted', 'Verification: could not verify'],
    ],
  ])('%s', (_why, over, expected) => {
    const text = renderFixResultText(result(over), { color: false });
    for (const e of expected) expect(text).toContain(e);
    expect(text).not.toMatch(ESC);
  });

  it('lists what is still wrong after a fix that did not fix', () => {
    const after = loadReport('managed-cache-rule-deleted');
    const text = renderFixResultText(result({ verification: 'not-fixed', after }), { color: false });
    expect(text).toContain('Still found after the fix');
    expect(text).toContain("Root cause: the managed registry's MCR cache rule was deleted or is broken");
  });

  it('colour only adds escape codes', () => {
    const r = result({ outcome: 'failed', verification: null, reason: 'The operation failed: Conflict (409).' });
    expect(stripAnsi(renderFixResultText(r, { color: true }))).toBe(renderFixResultText(r, { color: false }));
  });
});

describe('renderFixResultJson', () => {
  it('has exactly the six keys of issue 4, in order, and drops the verification report', () => {
    const json = renderFixResultJson(result({ after: loadReport('healthy') }));
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['remediation', 'plan', 'outcome', 'verification', 'reason', 'auditLog']);
    expect(parsed.plan).toEqual(loadPlanJson('plan-delete-registry-and-reconcile'));
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('writes null for a refused fix with no plan', () => {
    const parsed = JSON.parse(renderFixResultJson(result({ plan: null, outcome: 'refused', verification: null, auditLog: null }))) as Record<string, unknown>;
    expect(parsed).toMatchObject({ plan: null, outcome: 'refused', verification: null, auditLog: null });
  });

  it('orders plan keys the same whatever order the plan was built in', () => {
    const plan = loadPlan('plan-upgrade-node-image');
    const reversed = Object.fromEntries(Object.entries(plan).reverse()) as unknown as Plan;
    expect(renderFixResultJson(result({ plan: reversed }))).toBe(renderFixResultJson(result({ plan })));
  });
});
