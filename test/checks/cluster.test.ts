import { describe, expect, it } from 'vitest';
import { clusterNetworkIsolatedCheck } from '../../checks/cluster-network-isolated.js';
import { clusterReadableCheck } from '../../checks/cluster-readable.js';
import { clusterSupportedConfigurationCheck } from '../../checks/cluster-supported-configuration.js';
import type { CheckStatus } from '../../src/engine/types.js';
import { CLUSTER_ID, cluster } from './fixtures.js';
import { rendered } from '../helpers/registry.js';

// Each judge with the summary the engine renders from its finding's code and params.
const judgeClusterNetworkIsolated = rendered(clusterNetworkIsolatedCheck);
const judgeClusterReadable = rendered(clusterReadableCheck);
const judgeClusterSupportedConfiguration = rendered(clusterSupportedConfigurationCheck);

describe('cluster.readable', () => {
  it('fails with the id when the cluster is not found', () => {
    const f = judgeClusterReadable({ clusterId: CLUSTER_ID, cluster: undefined });
    expect(f.status).toBe('fail');
    expect(f.summary).toBe(`cluster not found: ${CLUSTER_ID}`);
    expect(f.remediations).toEqual([]);
  });
  it.each([
    ['Succeeded', 'pass'],
    ['Updating', 'warn'],
    ['Failed', 'warn'],
  ] as const)('provisioningState %s → %s', (state, status) => {
    expect(judgeClusterReadable({ clusterId: CLUSTER_ID, cluster: cluster({ provisioningState: state }) }).status).toBe(status);
  });
});

describe('cluster.network-isolated', () => {
  it.each([
    { artifactSource: 'Cache', outboundType: 'none', status: 'pass', isolated: true },
    { artifactSource: 'Cache', outboundType: 'block', status: 'pass', isolated: true },
    { artifactSource: 'cache', outboundType: 'None', status: 'pass', isolated: true },
    // Cache alone: the nodes pull through the registry, which is judged, but egress is open.
    { artifactSource: 'Cache', outboundType: 'loadBalancer', status: 'pass', isolated: false },
    { artifactSource: 'Cache', outboundType: 'userDefinedRouting', status: 'pass', isolated: false },
    { artifactSource: 'Direct', outboundType: 'none', status: 'fail', isolated: false },
    { artifactSource: undefined, outboundType: 'loadBalancer', status: 'fail', isolated: false },
  ] as { artifactSource: string | undefined; outboundType: string; status: CheckStatus; isolated: boolean }[])('$artifactSource/$outboundType → $status', ({ artifactSource, outboundType, status, isolated }) => {
    const f = judgeClusterNetworkIsolated({ cluster: cluster({ artifactSource, outboundType }) });
    expect(f.status).toBe(status);
    expect(f.remediations).toEqual([]);
    expect(f.data?.networkIsolated).toBe(isolated);
    if (status === 'fail') expect(f.summary).toContain('not network isolated');
    if (f.code === 'cluster.network-isolated/egress-open') expect(f.summary).toContain(`nodes pull through the cache, with egress via ${outboundType}`);
    expect(f.evidence.map((e) => e.field)).toEqual(['bootstrapProfile.artifactSource', 'networkProfile.outboundType']);
  });
});

describe('cluster.supported-configuration', () => {
  const base = cluster();
  it.each([
    { name: 'supported', c: base, status: 'pass', words: [] },
    { name: 'old Kubernetes', c: cluster({ kubernetesVersion: '1.29.9' }), status: 'fail', words: ['Kubernetes 1.29.9'] },
    { name: 'old pool', c: cluster({ agentPools: [{ ...base.agentPools[0]!, orchestratorVersion: '1.28.5' }] }), status: 'fail', words: ['pool system runs Kubernetes 1.28.5'] },
    { name: 'Windows pool', c: cluster({ agentPools: [...base.agentPools, { name: 'win1', count: 2, osType: 'Windows', enableNodePublicIp: false }] }), status: 'fail', words: ['Windows node pools (win1)'] },
    { name: 'Unmanaged channel', c: cluster({ nodeOsUpgradeChannel: 'Unmanaged' }), status: 'fail', words: ['Unmanaged'] },
    { name: 'SecurityPatch channel', c: cluster({ nodeOsUpgradeChannel: 'SecurityPatch' }), status: 'pass', words: [] },
    { name: 'None channel', c: cluster({ nodeOsUpgradeChannel: 'None' }), status: 'pass', words: [] },
    { name: 'NodeImage channel', c: cluster({ nodeOsUpgradeChannel: 'NodeImage' }), status: 'pass', words: [] },
    { name: 'unmanaged channel as ARM may case it', c: cluster({ nodeOsUpgradeChannel: 'unmanaged' }), status: 'fail', words: ['Unmanaged'] },
    { name: 'kubenet', c: cluster({ networkPlugin: 'kubenet' }), status: 'fail', words: ['kubenet'] },
    { name: 'public API server', c: cluster({ enablePrivateCluster: false, enableVnetIntegration: false }), status: 'fail', words: ['public API server'] },
    { name: 'API server VNet integration', c: cluster({ enablePrivateCluster: false, enableVnetIntegration: true }), status: 'pass', words: [] },
    { name: 'service principal', c: cluster({ servicePrincipalClientId: '1f2e3d4c-0000-4000-8000-00000000abcd' }), status: 'fail', words: ['service principal'] },
    { name: 'node public IP', c: cluster({ agentPools: [{ ...base.agentPools[0]!, enableNodePublicIp: true }] }), status: 'warn', words: ['node public IPs on system'] },
    {
      name: 'every violation listed',
      c: cluster({ kubernetesVersion: '1.29.2', networkPlugin: 'kubenet', nodeOsUpgradeChannel: 'Unmanaged', enablePrivateCluster: false }),
      status: 'fail',
      words: ['Kubernetes 1.29.2', 'kubenet', 'Unmanaged', 'public API server'],
    },
  ] as { name: string; c: ReturnType<typeof cluster>; status: CheckStatus; words: string[] }[])('$name → $status', ({ c, status, words }) => {
    const f = judgeClusterSupportedConfiguration({ cluster: c });
    expect(f.status).toBe(status);
    expect(f.remediations).toEqual([]);
    for (const w of words) expect(f.summary).toContain(w);
    if (status !== 'pass') expect(f.evidence.length).toBeGreaterThanOrEqual(words.length);
  });
});
