import { describe, expect, it } from 'vitest';
import { planLines } from '../../src/ui/components/PlanView.js';
import { initialUiState, interpretKey, uiReducer, type UiAction, type UiState } from '../../src/ui/state.js';
import type { PreflightItem } from '../../src/domain/preflight.js';
import { CACHE_RULE_DELETED_REPORT, CLUSTER_ID, DELETE_AND_RECONCILE_PLAN } from './fixtures.js';

/* The UI's plan screen: "can this run?" before the confirm; a blocked plan is never asked about. */

const locked: PreflightItem = { operation: 0, aspect: 'lock', status: 'blocked', code: 'locked', params: { lockName: 'keep', level: 'CanNotDelete', scope: '/subscriptions/s/resourceGroups/MC_rg', method: 'DELETE' } };
const unknown: PreflightItem = { operation: 1, aspect: 'permission', status: 'unknown', code: 'permissions-unreadable', params: { action: 'Microsoft.ContainerService/managedClusters/write', scope: '/x', missingAction: 'Microsoft.Authorization/permissions/read', message: '403' } };
const pass: PreflightItem = { operation: 1, aspect: 'lock', status: 'pass', code: 'not-locked', params: { method: 'PUT' } };

function planned(preflight: PreflightItem[]): UiState {
  const started = uiReducer(initialUiState({ clusterId: CLUSTER_ID }), { type: 'diagnose-started' });
  const events: UiAction[] = [
    { type: 'engine', runId: started.run.runId, event: { type: 'run-finished', report: CACHE_RULE_DELETED_REPORT } },
    { type: 'plan-requested', remediation: 'delete-registry-and-reconcile', dryRun: false },
    { type: 'plan-ready', plan: { ...DELETE_AND_RECONCILE_PLAN, preflight } },
  ];
  const state = events.reduce(uiReducer, started);
  expect(state.screen).toBe('plan');
  return state;
}

describe('UI plan screen pre-flight', () => {
  it('shows "Can this run?" with each item and the unblock command, and says a blocked plan is refused', () => {
    const text = planLines({ ...DELETE_AND_RECONCILE_PLAN, preflight: [locked, pass] }, false, 120).map((l) => l.text).join('\n');
    expect(text).toContain('Can this run? (pre-flight: locks, permissions, policy, lockdown)');
    expect(text).toContain('✗ 1. lock: CanNotDelete lock "keep" on resource group MC_rg stops deletes');
    expect(text).toContain('az lock delete --name keep --resource-group MC_rg');
    expect(text).toContain('✓ 2. lock: no lock stops this PUT');
    expect(text).toContain('Blocked by pre-flight: this plan cannot run.');
  });

  it('names the unknown items in the line that leads to the confirmation', () => {
    const text = planLines({ ...DELETE_AND_RECONCILE_PLAN, preflight: [unknown] }, false, 200).map((l) => l.text).join('\n');
    expect(text).toContain('? 2. permission: could not read whether you may Microsoft.ContainerService/managedClusters/write: the signed-in identity lacks Microsoft.Authorization/permissions/read');
    expect(text).toContain('Pre-flight could not check 1 item (marked ?): confirming accepts that.');
  });

  it('Enter on a blocked plan applies without a confirmation (the core refuses it); otherwise it opens the confirmation', () => {
    expect(interpretKey(planned([locked]), { input: '', return: true })).toEqual({ actions: [], commands: [{ kind: 'apply' }] });
    expect(interpretKey(planned([pass, unknown]), { input: '', return: true })).toEqual({ actions: [{ type: 'confirm-open' }], commands: [] });
  });
});
