import { describe, expect, it } from 'vitest';
import {
  actionMatches, isActionAllowed, judgePreflight, lockBlocks, rbacAction, topLevelResource,
  type ManagementLock, type PermissionEntry, type PolicyDenial, type PreflightReadings, type PreflightTarget, type Reading,
} from '../../src/domain/preflight.js';
import { mapLock, mapPolicyRestrictions } from '../../src/azure/preflight-reads.js';

const SUB = '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d';
const NRG = `${SUB}/resourceGroups/MC_rg-prod_aks-prod_eastus2`;
const ACR = `${NRG}/providers/Microsoft.ContainerRegistry/registries/aksbootstrap3f9c1e2a`;
const RULE = `${ACR}/cacheRules/aks-managed-mcr`;

describe('RBAC action matching (actions/notActions per entry, wildcards, case-insensitive)', () => {
  it.each([
    ['*', 'Microsoft.ContainerRegistry/registries/delete', true],
    ['Microsoft.ContainerRegistry/*', 'Microsoft.ContainerRegistry/registries/cacheRules/write', true],
    ['microsoft.containerregistry/registries/*/write', 'Microsoft.ContainerRegistry/registries/cacheRules/write', true],
    ['Microsoft.ContainerRegistry/registries/read', 'Microsoft.ContainerRegistry/registries/delete', false],
    ['*/read', 'Microsoft.ContainerService/managedClusters/write', false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  const reader: PermissionEntry = { actions: ['*/read'], notActions: [] };
  const contributorNoDelete: PermissionEntry = { actions: ['*'], notActions: ['Microsoft.ContainerRegistry/registries/delete'] };
  const acrDeleter: PermissionEntry = { actions: ['Microsoft.ContainerRegistry/registries/delete'], notActions: [] };
  it.each([
    [[contributorNoDelete], 'Microsoft.ContainerRegistry/registries/delete', false],
    [[contributorNoDelete], 'Microsoft.ContainerRegistry/registries/cacheRules/write', true],
    // NotActions is no deny: another entry (another role) can still grant the action.
    [[contributorNoDelete, acrDeleter], 'Microsoft.ContainerRegistry/registries/delete', true],
    [[reader], 'Microsoft.ContainerService/managedClusters/write', false],
    [[], 'Microsoft.ContainerService/managedClusters/write', false],
  ] as const)('%j allows %s: %s', (entries, action, expected) => {
    expect(isActionAllowed(entries, action)).toBe(expected);
  });
});

describe('locks and actions', () => {
  it.each([
    ['CanNotDelete', NRG, 'DELETE', ACR, true],
    ['CanNotDelete', NRG, 'PUT', RULE, false],
    ['ReadOnly', NRG, 'PUT', RULE, true],
    ['ReadOnly', NRG, 'POST', ACR, true],
    ['ReadOnly', `${SUB}/resourceGroups/rg-prod`, 'PUT', RULE, false],
    // A lock on a child stops deleting its parent.
    ['CanNotDelete', RULE, 'DELETE', ACR, true],
    ['ReadOnly', RULE, 'PUT', ACR, false],
  ] as const)('%s at %s vs %s %s → blocks %s', (level, scope, method, id, expected) => {
    expect(lockBlocks({ level, scope }, method, id)).toBe(expected);
  });

  it('maps an ARM lock item and names the RBAC action of each write', () => {
    expect(mapLock({ id: `${NRG}/providers/Microsoft.Authorization/locks/keep`, name: 'keep', type: 'Microsoft.Authorization/locks', properties: { level: 'CanNotDelete', notes: 'n', owners: [] } }))
      .toEqual({ id: `${NRG}/providers/Microsoft.Authorization/locks/keep`, name: 'keep', level: 'CanNotDelete', notes: 'n', scope: NRG });
    expect(rbacAction('DELETE', ACR)).toBe('Microsoft.ContainerRegistry/registries/delete');
    expect(rbacAction('PUT', RULE)).toBe('Microsoft.ContainerRegistry/registries/cacheRules/write');
    expect(rbacAction('POST', `${SUB}/resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod/agentPools/user1`, 'upgradeNodeImageVersion'))
      .toBe('Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action');
    expect(topLevelResource(RULE)).toBe(ACR);
  });

  it('maps checkPolicyRestrictions: Deny evaluations and Deny field restrictions, not Audit', () => {
    const a = `${SUB}/providers/Microsoft.Authorization/policyAssignments/deny-acr-cache-rules`;
    const b = `${SUB}/providers/Microsoft.Authorization/policyAssignments/require-tags`;
    expect(mapPolicyRestrictions({
      fieldRestrictions: [{ field: 'tags.owner', restrictions: [{ result: 'Deny', values: [], policy: { policyAssignmentId: b, policyDefinitionId: '/d/2' }, reason: 'owner tag required' }, { result: 'Audit', policy: { policyAssignmentId: `${b}x` } }] }],
      contentEvaluationResult: { policyEvaluations: [
        { policyInfo: { policyAssignmentId: a, policyDefinitionId: '/d/1' }, evaluationResult: 'NonCompliant', effectDetails: { policyEffect: 'Deny' } },
        { policyInfo: { policyAssignmentId: `${a}-audit` }, evaluationResult: 'NonCompliant', effectDetails: { policyEffect: 'Audit' } },
      ] },
    })).toEqual([
      { policyAssignmentId: a, policyDefinitionId: '/d/1', policyAssignmentName: 'deny-acr-cache-rules' },
      { policyAssignmentId: b, policyDefinitionId: '/d/2', reason: 'owner tag required', policyAssignmentName: 'require-tags' },
    ]);
  });
});

describe('judgePreflight', () => {
  const del: PreflightTarget = {
    operation: 0, method: 'DELETE', resourceId: ACR, action: 'Microsoft.ContainerRegistry/registries/delete',
    lockScopes: [SUB, NRG, ACR], permissionScope: ACR, policyChecked: false, inNodeResourceGroup: true,
  };
  const put: PreflightTarget = { ...del, operation: 1, method: 'PUT', resourceId: RULE, action: 'Microsoft.ContainerRegistry/registries/cacheRules/write', policyChecked: true };
  const ok = <T>(value: T): Reading<T> => ({ ok: true, value });
  function readings(o: { locks?: ManagementLock[]; perms?: PermissionEntry[]; denials?: PolicyDenial[]; lockdown?: string; lockRead?: Reading<ManagementLock[]> } = {}): PreflightReadings {
    return {
      locks: (scope) => o.lockRead ?? ok((o.locks ?? []).filter((l) => l.scope === scope)),
      permissions: () => ok(o.perms ?? [{ actions: ['*'], notActions: [] }]),
      policy: (i) => (i === 1 ? ok(o.denials ?? []) : undefined),
      lockdown: ok(o.lockdown),
    };
  }
  const lock = (level: ManagementLock['level'], scope: string): ManagementLock => ({ id: `${scope}/providers/Microsoft.Authorization/locks/l`, name: 'l', level, scope });
  const statusOf = (r: PreflightReadings): string[] => judgePreflight([del, put], r).map((i) => `${i.operation}:${i.aspect}:${i.status}`);

  it.each([
    ['nothing in the way', readings(), ['0:lock:pass', '0:permission:pass', '0:lockdown:pass', '1:lock:pass', '1:permission:pass', '1:policy:pass', '1:lockdown:pass']],
    ['CanNotDelete on the node resource group', readings({ locks: [lock('CanNotDelete', NRG)] }), ['0:lock:blocked', '0:permission:pass', '0:lockdown:pass', '1:lock:pass', '1:permission:pass', '1:policy:pass', '1:lockdown:pass']],
    ['ReadOnly on the subscription', readings({ locks: [lock('ReadOnly', SUB)] }), ['0:lock:blocked', '0:permission:pass', '0:lockdown:pass', '1:lock:blocked', '1:permission:pass', '1:policy:pass', '1:lockdown:pass']],
    ['no delete permission', readings({ perms: [{ actions: ['*'], notActions: ['Microsoft.ContainerRegistry/registries/delete'] }] }), ['0:lock:pass', '0:permission:blocked', '0:lockdown:pass', '1:lock:pass', '1:permission:pass', '1:policy:pass', '1:lockdown:pass']],
    ['a policy Deny', readings({ denials: [{ policyAssignmentId: '/a' }] }), ['0:lock:pass', '0:permission:pass', '0:lockdown:pass', '1:lock:pass', '1:permission:pass', '1:policy:blocked', '1:lockdown:pass']],
    ['lockdown ReadOnly', readings({ lockdown: 'ReadOnly' }), ['0:lock:pass', '0:permission:pass', '0:lockdown:blocked', '1:lock:pass', '1:permission:pass', '1:policy:pass', '1:lockdown:blocked']],
    ['locks unreadable', readings({ lockRead: { ok: false, missingAction: 'Microsoft.Authorization/locks/read', message: '403' } }), ['0:lock:unknown', '0:permission:pass', '0:lockdown:pass', '1:lock:unknown', '1:permission:pass', '1:policy:pass', '1:lockdown:pass']],
  ] as const)('%s', (_name, r, expected) => {
    expect(statusOf(r)).toEqual(expected);
  });

  it.each([
    ['ReadOnly', 'PUT', 'blocked'],
    ['CanNotDelete', 'PUT', 'pass'],
    ['CanNotDelete', 'POST', 'blocked'],
  ] as const)('a %s lock in the node resource group vs a cluster %s (AKS writes there itself): %s', (level, method, status) => {
    const CLUSTER = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
    const target: PreflightTarget = {
      operation: 0, method, resourceId: method === 'POST' ? `${CLUSTER}/agentPools/user1` : CLUSTER, action: 'x',
      lockScopes: [SUB, `${SUB}/resourceGroups/rg-prod`, CLUSTER, NRG], permissionScope: CLUSTER, policyChecked: false, inNodeResourceGroup: false, aksManagedGroup: NRG,
    };
    const [item] = judgePreflight([target], readings({ locks: [lock(level, NRG)] }));
    expect(item?.status).toBe(status);
    if (status === 'blocked') expect(item?.params['through']).toBe('aks-operation');
  });

  it('an unreadable lock list is unknown and names the missing permission; a blocking lock names itself', () => {
    const unknown = judgePreflight([del], readings({ lockRead: { ok: false, missingAction: 'Microsoft.Authorization/locks/read', message: '403' } }))[0];
    expect(unknown).toMatchObject({ status: 'unknown', code: 'locks-unreadable', params: { missingAction: 'Microsoft.Authorization/locks/read' } });
    const blocked = judgePreflight([del], readings({ locks: [{ ...lock('CanNotDelete', NRG), notes: 'keep' }] }))[0];
    expect(blocked).toMatchObject({ status: 'blocked', code: 'locked', params: { lockName: 'l', level: 'CanNotDelete', scope: NRG, notes: 'keep' } });
  });
});
