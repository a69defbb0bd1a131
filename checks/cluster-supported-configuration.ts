import type { Cluster } from '../src/azure/types.js';
import type { Evidence } from '../src/core/report.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

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

/** One setting network isolation does not support (or, for node public IPs, undermines). */
export type Violation =
  | { kind: 'kubernetes-version'; version: string }
  | { kind: 'pool-version'; pool: string; version: string }
  | { kind: 'windows-pools'; pools: string[] }
  | { kind: 'unmanaged-os-channel' }
  | { kind: 'kubenet' }
  | { kind: 'public-api-server' }
  | { kind: 'service-principal' }
  | { kind: 'node-public-ip'; pools: string[] };

function words(v: Violation): string {
  switch (v.kind) {
    case 'kubernetes-version':
      return `Kubernetes ${v.version} (needs 1.30 or later)`;
    case 'pool-version':
      return `pool ${v.pool} runs Kubernetes ${v.version}`;
    case 'windows-pools':
      return `Windows node pools (${v.pools.join(', ')})`;
    case 'unmanaged-os-channel':
      return 'node OS upgrade channel Unmanaged';
    case 'kubenet':
      return 'kubenet networking';
    case 'public-api-server':
      return 'a public API server';
    case 'service-principal':
      return 'a service principal identity (BootstrapArtifactSourceNotAllowed)';
    case 'node-public-ip':
      return `node public IPs on ${v.pools.join(', ')} (re-opens egress)`;
  }
}

export const clusterSupportedConfigurationMessages = {
  'cluster.supported-configuration/no-cluster': () => 'the cluster could not be read',
  'cluster.supported-configuration/unsupported': (p: { violations: Violation[] }) =>
    `unsupported for network isolated clusters: ${p.violations.map(words).join('; ')}`,
  'cluster.supported-configuration/supported-with-warnings': (p: { violations: Violation[] }) => `supported, but: ${p.violations.map(words).join('; ')}`,
  'cluster.supported-configuration/supported': (p: { kubernetesVersion: string | null }) =>
    `supported: Kubernetes ${p.kubernetesVersion ?? '?'}, Linux pools only, private API server, managed identity`,
};

export type ClusterSupportedConfigurationFinding = FindingOf<typeof clusterSupportedConfigurationMessages>;

interface Found {
  violation: Violation;
  /** A node public IP is not in the unsupported list but re-opens egress: a warning. */
  severity: 'fail' | 'warn';
  evidence: Evidence;
}

function violationsOf(c: Cluster): Found[] {
  const v: Found[] = [];
  const fail = (violation: Violation, evidence: Omit<Evidence, 'resourceId'>): void => {
    v.push({ violation, severity: 'fail', evidence: { resourceId: c.id, ...evidence } });
  };
  const minor = minorOf(c.kubernetesVersion);
  if (minor !== undefined && minor < MIN_MINOR) {
    fail({ kind: 'kubernetes-version', version: c.kubernetesVersion ?? '' }, { field: 'kubernetesVersion', expected: '>= 1.30', actual: c.kubernetesVersion });
  }
  for (const p of c.agentPools) {
    const pm = minorOf(p.orchestratorVersion);
    if (pm !== undefined && pm < MIN_MINOR) {
      fail({ kind: 'pool-version', pool: p.name, version: p.orchestratorVersion ?? '' }, { field: `agentPoolProfiles[${p.name}].orchestratorVersion`, expected: '>= 1.30', actual: p.orchestratorVersion });
    }
  }
  const windows = c.agentPools.filter((p) => p.osType.toLowerCase() === 'windows');
  if (windows.length) {
    fail({ kind: 'windows-pools', pools: windows.map((p) => p.name) }, { field: 'agentPoolProfiles[].osType', expected: 'Linux only', actual: windows.map((p) => `${p.name}: Windows`).join(', ') });
  }
  if ((c.nodeOsUpgradeChannel ?? '').toLowerCase() === 'unmanaged') {
    fail({ kind: 'unmanaged-os-channel' }, { field: 'autoUpgradeProfile.nodeOSUpgradeChannel', expected: 'NodeImage, None or SecurityPatch', actual: c.nodeOsUpgradeChannel });
  }
  if ((c.networkPlugin ?? '').toLowerCase() === 'kubenet') {
    fail({ kind: 'kubenet' }, { field: 'networkProfile.networkPlugin', expected: 'azure or none', actual: c.networkPlugin });
  }
  if (!c.enablePrivateCluster && !c.enableVnetIntegration) {
    fail({ kind: 'public-api-server' }, { field: 'apiServerAccessProfile', expected: 'enablePrivateCluster or enableVnetIntegration', actual: 'neither' });
  }
  const sp = c.servicePrincipalClientId;
  if (sp && sp.toLowerCase() !== 'msi') {
    fail({ kind: 'service-principal' }, { field: 'servicePrincipalProfile.clientId', expected: 'msi (managed identity)', actual: sp });
  }
  const publicIp = c.agentPools.filter((p) => p.enableNodePublicIp);
  if (publicIp.length) {
    v.push({
      violation: { kind: 'node-public-ip', pools: publicIp.map((p) => p.name) },
      severity: 'warn',
      evidence: { resourceId: c.id, field: 'agentPoolProfiles[].enableNodePublicIP', expected: 'false', actual: publicIp.map((p) => `${p.name}: true`).join(', ') },
    });
  }
  return v;
}

export function judgeClusterSupportedConfiguration({ cluster }: ClusterSupportedConfigurationGathered): ClusterSupportedConfigurationFinding {
  if (!cluster) return { status: 'skip', code: 'cluster.supported-configuration/no-cluster', params: {}, evidence: [], remediations: [] };
  const all = violationsOf(cluster);
  const evidence = all.map((x) => x.evidence);
  const fails = all.filter((x) => x.severity === 'fail');
  if (fails.length) {
    return { status: 'fail', code: 'cluster.supported-configuration/unsupported', params: { violations: fails.map((x) => x.violation) }, evidence, remediations: [] };
  }
  if (all.length) {
    return { status: 'warn', code: 'cluster.supported-configuration/supported-with-warnings', params: { violations: all.map((x) => x.violation) }, evidence, remediations: [] };
  }
  return { status: 'pass', code: 'cluster.supported-configuration/supported', params: { kubernetesVersion: cluster.kubernetesVersion ?? null }, evidence: [], remediations: [] };
}

export const clusterSupportedConfigurationCheck = defineCheck({
  id: 'cluster.supported-configuration',
  title: 'The cluster configuration is supported with network isolation',
  dependsOn: ['cluster.network-isolated'],
  causePhrase: { any: 'the cluster uses a configuration network isolation does not support' },
  noFixAdvice: 'change the unsupported settings listed below; network isolation cannot work until then',
  messages: clusterSupportedConfigurationMessages,
  async gather(ctx): Promise<ClusterSupportedConfigurationGathered> {
    return { cluster: await ctx.cluster() };
  },
  judge: judgeClusterSupportedConfiguration,
});
