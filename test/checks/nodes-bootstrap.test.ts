import { describe, expect, it } from 'vitest';
import { judgeNodesBootstrap, nodesBootstrapCheck } from '../../checks/nodes-bootstrap.js';
import { renderMessage } from '../../src/core/check.js';
import { CSE_OK, cseFailed, healthyScaleSets, poolScaleSet, rawInstance, vmExtensionError } from './scale-sets.js';

describe('nodes.bootstrap judge', () => {
  it('skips when no pool scale set was read (a bundle captured before scale sets were recorded)', () => {
    expect(judgeNodesBootstrap({ scaleSets: [] })).toMatchObject({ status: 'skip', code: 'nodes.bootstrap/no-scale-sets' });
  });
  it('passes when every instance of every pool bootstrapped', () => {
    const f = judgeNodesBootstrap({ scaleSets: healthyScaleSets() });
    expect(f).toMatchObject({ status: 'pass', code: 'nodes.bootstrap/joined', params: { scaleSets: 2, instances: 4 } });
  });
  it.each([
    [207, 'artifact-pull'],
    [208, 'artifact-pull'],
    [210, 'imds'],
    [211, 'registry-unreachable'],
    [212, 'registry-refused-identity'],
    [50, 'outbound'],
    [52, 'api-server-name'],
    [99, 'other'],
  ] as const)('names exit status %i of a failed vmssCSE as %s', (exit, cause) => {
    const scaleSets = [
      poolScaleSet('system', [rawInstance('system', 0, CSE_OK)]),
      poolScaleSet('user1', [rawInstance('user1', 0, CSE_OK), rawInstance('user1', 3, cseFailed(exit), [vmExtensionError(exit)])]),
    ];
    const f = judgeNodesBootstrap({ scaleSets });
    expect(f.status).toBe('fail');
    if (f.code !== 'nodes.bootstrap/failed') throw new Error(f.code);
    expect(f.params.failures).toEqual([
      { pool: 'user1', scaleSet: 'aks-user1-31415926-vmss', instanceId: '3', computerName: 'aks-user1-31415926-vmss000003', exitStatus: exit, cause },
    ]);
    expect(f.params.instances).toBe(3);
    expect(f.remediations).toEqual(['upgrade-node-image']);
    expect(f.data?.stalePools).toEqual([{ pool: 'user1', nodes: ['aks-user1-31415926-vmss000003'] }]);
    expect(f.evidence[0]?.resourceId).toMatch(/\/resourcegroups\/MC_RG-CONTOSO_AKS-CONTOSO_EASTUS\/.*\/virtualMachines\/3$/);
    const words = renderMessage(nodesBootstrapCheck.messages, f);
    expect(words).toContain('aks-user1-31415926-vmss instance 3');
    expect(words).toContain(`exit status ${exit}`);
  });
  it('reads the exit status from the VM status when the extension lists none (VMExtensionProvisioningError)', () => {
    const f = judgeNodesBootstrap({ scaleSets: [poolScaleSet('user1', [rawInstance('user1', 0, undefined, [vmExtensionError(211)])])] });
    expect(f).toMatchObject({ status: 'fail', params: { failures: [{ exitStatus: 211, cause: 'registry-unreachable' }] } });
  });
  it('does not fail an instance whose vmssCSE is still transitioning', () => {
    const f = judgeNodesBootstrap({ scaleSets: [poolScaleSet('user1', [rawInstance('user1', 0, { code: 'ProvisioningState/transitioning', level: 'Info', displayStatus: 'Transitioning' })])] });
    expect(f.status).toBe('pass');
  });
  it('lists every failed instance across pools, sorted by pool', () => {
    const scaleSets = [
      poolScaleSet('zeta', [rawInstance('zeta', 0, cseFailed(212))]),
      poolScaleSet('alpha', [rawInstance('alpha', 1, cseFailed(211)), rawInstance('alpha', 0, cseFailed(211))]),
    ];
    const f = judgeNodesBootstrap({ scaleSets });
    if (f.code !== 'nodes.bootstrap/failed') throw new Error(f.code);
    expect(f.params.pools).toEqual(['alpha', 'zeta']);
    expect(f.data?.stalePools).toEqual([
      { pool: 'alpha', nodes: ['aks-alpha-31415926-vmss000000', 'aks-alpha-31415926-vmss000001'] },
      { pool: 'zeta', nodes: ['aks-zeta-31415926-vmss000000'] },
    ]);
  });
  it('is explained by the registry chain and runs on ARM alone', () => {
    expect(nodesBootstrapCheck.rootCause).toEqual({ explainedBy: { chain: 'registry' } });
    expect(nodesBootstrapCheck.dependsOn).toEqual(['cluster.network-isolated']);
  });
});
