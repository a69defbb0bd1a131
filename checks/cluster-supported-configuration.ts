import type { Cluster } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { Evidence, Finding } from '../src/engine/types.js';

export interface ClusterSupportedConfigurationGathered {
  cluster: Cluster | undefined;
}

const MIN_MINOR = 30;

/** `1.29.7` → 29 for major 1; undefined for anything unparseable. */
function minorOf(version: string | undefined): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return undefined;
  return Number(m[1]) > 1 ? Number.POSITIVE_INFINITY : Number(m[2]);
}

interface Violation extends Evidence {
  /** A node public IP is not in the unsupported list but re-opens egress: a warning. */
  severity: 'fail' | 'warn';
  words: string;
}

function violationsOf(c: Cluster): Violation[] {
  const v: Violation[] = [];
  const minor = minorOf(c.kubernetesVersion);
  if (minor !== undefined && minor < MIN_MINOR) {
    v.push({ severity: 'fail', words: `Kubernetes ${c.kubernetesVersion} (needs 1.30 or later)`, resourceId: c.id, field: 'kubernetesVersion', expected: '>= 1.30', actual: c.kubernetesVersion });
  }
  for (const p of c.agentPools) {
    const pm = minorOf(p.orchestratorVersion);
    if (pm !== undefined && pm < MIN_MINOR) {
      v.push({ severity: 'fail', words: `pool ${p.name} runs Kubernetes ${p.orchestratorVersion}`, resourceId: c.id, field: `agentPoolProfiles[${p.name}].orchestratorVersion`, expected: '>= 1.30', actual: p.orchestratorVersion });
    }
  }
  const windows = c.agentPools.filter((p) => p.osType.toLowerCase() === 'windows');
  if (windows.length) {
    v.push({ severity: 'fail', words: `Windows node pools (${windows.map((p) => p.name).join(', ')})`, resourceId: c.id, field: 'agentPoolProfiles[].osType', expected: 'Linux only', actual: windows.map((p) => `${p.name}: Windows`).join(', ') });
  }
  if ((c.nodeOsUpgradeChannel ?? '').toLowerCase() === 'unmanaged') {
    v.push({ severity: 'fail', words: 'node OS upgrade channel Unmanaged', resourceId: c.id, field: 'autoUpgradeProfile.nodeOSUpgradeChannel', expected: 'NodeImage, None or SecurityPatch', actual: c.nodeOsUpgradeChannel });
  }
  if ((c.networkPlugin ?? '').toLowerCase() === 'kubenet') {
    v.push({ severity: 'fail', words: 'kubenet networking', resourceId: c.id, field: 'networkProfile.networkPlugin', expected: 'azure or none', actual: c.networkPlugin });
  }
  if (!c.enablePrivateCluster && !c.enableVnetIntegration) {
    v.push({ severity: 'fail', words: 'a public API server', resourceId: c.id, field: 'apiServerAccessProfile', expected: 'enablePrivateCluster or enableVnetIntegration', actual: 'neither' });
  }
  const sp = c.servicePrincipalClientId;
  if (sp && sp.toLowerCase() !== 'msi') {
    v.push({ severity: 'fail', words: 'a service principal identity (BootstrapArtifactSourceNotAllowed)', resourceId: c.id, field: 'servicePrincipalProfile.clientId', expected: 'msi (managed identity)', actual: sp });
  }
  const publicIp = c.agentPools.filter((p) => p.enableNodePublicIp);
  if (publicIp.length) {
    v.push({ severity: 'warn', words: `node public IPs on ${publicIp.map((p) => p.name).join(', ')} (re-opens egress)`, resourceId: c.id, field: 'agentPoolProfiles[].enableNodePublicIP', expected: 'false', actual: publicIp.map((p) => `${p.name}: true`).join(', ') });
  }
  return v;
}

export function judgeClusterSupportedConfiguration({ cluster }: ClusterSupportedConfigurationGathered): Finding {
  if (!cluster) return { status: 'skip', summary: 'the cluster could not be read', evidence: [], remediations: [] };
  const all = violationsOf(cluster);
  const evidence: Evidence[] = all.map(({ resourceId, field, expected, actual }) => ({ resourceId, field, expected, actual }));
  const fails = all.filter((x) => x.severity === 'fail');
  if (fails.length) {
    return { status: 'fail', summary: `unsupported for network isolated clusters: ${fails.map((x) => x.words).join('; ')}`, evidence, remediations: [] };
  }
  if (all.length) {
    return { status: 'warn', summary: `supported, but: ${all.map((x) => x.words).join('; ')}`, evidence, remediations: [] };
  }
  return {
    status: 'pass',
    summary: `supported: Kubernetes ${cluster.kubernetesVersion ?? '?'}, Linux pools only, private API server, managed identity`,
    evidence: [],
    remediations: [],
  };
}

export const clusterSupportedConfigurationCheck = defineCheck<ClusterSupportedConfigurationGathered>({
  id: 'cluster.supported-configuration',
  title: 'The cluster configuration is supported with network isolation',
  dependsOn: ['cluster.network-isolated'],
  async gather(ctx) {
    return { cluster: await ctx.cluster() };
  },
  judge: judgeClusterSupportedConfiguration,
});
