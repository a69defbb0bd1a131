import type { ClusterSummary } from '../../src/azure/types.js';
import type { CheckId, CheckResult, EngineEvent, Report, RemediationId } from '../../src/engine/types.js';
import type { CheckDisplay } from '../../src/core/report.js';
import type { ApplyProgress, FixResult, Plan } from '../../src/remediations/types.js';
import type { UiServices } from '../../src/ui/services.js';
import { az } from '../../src/remediations/command.js';
import { checkById, rootCauseOf } from '../helpers/registry.js';

export const SUB = '3f2a9c1e-8d4b-4c6a-9e1f-2b7d5a0c8e41';
export const CLUSTER_NAME = 'aks-prod-weu';
export const RG = 'rg-aks-prod';
export const NODE_RG = 'MC_rg-aks-prod_aks-prod-weu_westeurope';
export const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER_NAME}`;
export const REGISTRY_NAME = 'aksbootstrap7f3e2a';
export const REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY_NAME}`;
const PE_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/privateEndpoints/${REGISTRY_NAME}-pe`;
const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;

const TITLES = {
  'cluster.readable': 'The cluster can be read',
  'cluster.network-isolated': 'The cluster is network isolated',
  'cluster.supported-configuration': 'The configuration is supported',
  'registry.exists': 'The bootstrap registry exists',
  'registry.configuration': 'The registry is configured for the nodes',
  'registry.mcr-cache-rule': 'The registry caches MCR for the nodes',
  'registry.private-endpoint': 'A private endpoint reaches the registry',
  'dns.zone': 'The privatelink.azurecr.io zone exists',
  'dns.vnet-link': 'The zone is linked to the cluster VNet',
  'dns.records': 'The registry A records match the endpoint',
  'pods.image-pull-failures': 'Pods pull their images',
  'pods.uncached-registries': 'Every failing image has a cache rule',
  'nodes.stale-registry-config': 'Nodes pull through the current registry',
} satisfies Record<CheckId, string>;
type FixtureCheckId = keyof typeof TITLES;

const ORDER = Object.keys(TITLES) as FixtureCheckId[];

/** How the registry's check is shown (the private endpoint is its own step, pods list their pulls). */
const displayOf = (id: CheckId): { display?: CheckDisplay } => {
  const display = checkById(id).display;
  return display ? { display } : {};
};

function pass(id: FixtureCheckId, summary: string, durationMs = 40): CheckResult {
  return { id, title: TITLES[id], status: 'pass', summary, evidence: [], remediations: [], durationMs, ...displayOf(id) };
}

const HEALTHY_CHECKS: CheckResult[] = [
  pass('cluster.readable', `read managed cluster ${CLUSTER_NAME} (provisioningState Succeeded)`, 182),
  pass('cluster.network-isolated', 'artifactSource Cache, outboundType none', 1),
  pass('cluster.supported-configuration', 'Kubernetes 1.31.2, Linux pools only, NodeImage OS channel, Azure CNI overlay, private API server', 1),
  pass('registry.exists', `the AKS-managed registry ${REGISTRY_NAME} exists in ${NODE_RG}`, 96),
  pass('registry.configuration', 'Premium, public network access Disabled, anonymous pull on, Succeeded', 2),
  pass('registry.mcr-cache-rule', 'cache rule aks-managed-mcr maps mcr.microsoft.com/* to aks-managed-repository/* (Succeeded)', 88),
  pass('registry.private-endpoint', `private endpoint ${REGISTRY_NAME}-pe is Approved and in the cluster VNet`, 131),
  pass('dns.zone', 'zone privatelink.azurecr.io exists', 74),
  pass('dns.vnet-link', 'the zone is linked to vnet-aks-prod (Completed)', 69),
  pass('dns.records', `A records ${REGISTRY_NAME} and ${REGISTRY_NAME}.westeurope.data point at 10.224.0.7 and 10.224.0.8`, 77),
  pass('pods.image-pull-failures', 'no pod is failing to pull an image', 121),
  pass('pods.uncached-registries', 'no failing image comes from a registry without a cache rule', 1),
  pass('nodes.stale-registry-config', 'all 3 nodes were provisioned after the registry was set', 2),
];

const PULL_MESSAGE = (image: string, path: string, tag: string): string =>
  `Failed to pull image "${image}": rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://mcr.microsoft.com/v2/${path}/manifests/${tag}": dial tcp 204.79.197.219:443: i/o timeout`;

export const CACHE_RULE_DELETED_REPORT: Report = {
  schema: 'aks-netiso/report@1',
  cluster: CLUSTER_ID,
  clusterName: CLUSTER_NAME,
  networkIsolated: true,
  registryMode: 'managed',
  registry: { id: REGISTRY_ID, name: REGISTRY_NAME, loginServer: `${REGISTRY_NAME}.azurecr.io` },
  generatedAt: '2026-11-21T02:14:09Z',
  checks: HEALTHY_CHECKS.map((c): CheckResult => {
    if (c.id === 'registry.mcr-cache-rule') {
      return {
        ...c,
        status: 'fail',
        guide: 'Issue 1, Issue 3',
        summary: `no cache rule in ${REGISTRY_NAME} maps mcr.microsoft.com/*: the managed registry's MCR cache rule was deleted`,
        evidence: [
          {
            resourceId: `${REGISTRY_ID}/cacheRules/aks-managed-mcr`,
            field: 'sourceRepository',
            expected: 'mcr.microsoft.com/*',
            actual: '(no such cache rule)',
          },
          {
            resourceId: REGISTRY_ID,
            field: 'cacheRules',
            expected: 'a Succeeded rule mcr.microsoft.com/* → aks-managed-repository/*',
            actual: '0 cache rules',
          },
        ],
        remediations: ['delete-registry-and-reconcile'],
        data: { registryId: REGISTRY_ID },
      };
    }
    if (c.id === 'pods.image-pull-failures') {
      return {
        ...c,
        status: 'fail',
        guide: 'Issue 1',
        summary: '2 pods cannot pull from mcr.microsoft.com: the registry mirror did not serve them and the direct fallback times out',
        evidence: [
          { note: 'kube-system/coredns-autoscaler-5b4c7d9f8-x2k9p: Back-off pulling image "mcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11"' },
        ],
        remediations: [],
      };
    }
    return c;
  }),
  rootCauses: [
    rootCauseOf(
      {
        checkId: 'registry.mcr-cache-rule',
        guideIssue: 3,
        summary: "the managed registry's MCR cache rule was deleted",
        remediation: 'delete-registry-and-reconcile',
      },
      'managed',
    ),
  ],
  imagePullFailures: [
    {
      namespace: 'kube-system',
      pod: 'coredns-autoscaler-5b4c7d9f8-x2k9p',
      container: 'autoscaler',
      image: 'mcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11',
      imageRegistry: 'mcr.microsoft.com',
      attemptedHost: 'mcr.microsoft.com',
      failureKind: 'timeout',
      message: PULL_MESSAGE('mcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11', 'oss/kubernetes/autoscaler/cluster-proportional-autoscaler', 'v1.8.11'),
      node: 'aks-system-31415926-vmss000001',
      pool: 'system',
    },
    {
      namespace: 'shop',
      pod: 'web-7d9c6b5f4-qwz8r',
      container: 'nginx',
      image: 'mcr.microsoft.com/azurelinux/base/nginx:1.25',
      imageRegistry: 'mcr.microsoft.com',
      attemptedHost: 'mcr.microsoft.com',
      failureKind: 'timeout',
      message: PULL_MESSAGE('mcr.microsoft.com/azurelinux/base/nginx:1.25', 'azurelinux/base/nginx', '1.25'),
      node: 'aks-user1-27182818-vmss000000',
      pool: 'user1',
    },
  ],
  stats: { armRequests: 14, kubeRequests: 3, durationMs: 1402 },
};

export const HEALTHY_REPORT: Report = {
  ...CACHE_RULE_DELETED_REPORT,
  generatedAt: '2026-11-21T02:31:47Z',
  registry: { id: REGISTRY_ID.replace(REGISTRY_NAME, 'aksbootstrap9c41d0'), name: 'aksbootstrap9c41d0', loginServer: 'aksbootstrap9c41d0.azurecr.io' },
  checks: HEALTHY_CHECKS,
  rootCauses: [],
  imagePullFailures: [],
  stats: { armRequests: 14, kubeRequests: 3, durationMs: 1187 },
};

/** A second broken scenario: the managed registry's private endpoint was deleted; reconcile fixes it. */
export const ENDPOINT_DELETED_REPORT: Report = {
  ...CACHE_RULE_DELETED_REPORT,
  checks: HEALTHY_CHECKS.map((c): CheckResult => {
    if (c.id === 'registry.private-endpoint') {
      return {
        ...c,
        status: 'fail',
        guide: 'Issue 1, Issue 3',
        summary: `no private endpoint reaches ${REGISTRY_NAME}: the managed endpoint was deleted`,
        evidence: [{ resourceId: PE_ID, field: 'provisioningState', expected: 'Succeeded', actual: '(not found)' }],
        remediations: ['reconcile'],
      };
    }
    if (c.id === 'dns.records') {
      return { ...c, status: 'skip', summary: 'skipped: registry.private-endpoint failed', evidence: [{ resourceId: ZONE_ID, note: 'no endpoint to compare the records with' }] };
    }
    return c;
  }),
  rootCauses: [rootCauseOf({ checkId: 'registry.private-endpoint', guideIssue: 3, summary: `no private endpoint reaches ${REGISTRY_NAME}: the managed endpoint was deleted`, remediation: 'reconcile' }, 'managed')],
  imagePullFailures: [],
};

/** The VNet link of the private DNS zone is gone: a guided fix, the customer runs the commands. */
export const DNS_LINK_MISSING_REPORT: Report = {
  ...CACHE_RULE_DELETED_REPORT,
  checks: HEALTHY_CHECKS.map((c): CheckResult => {
    if (c.id === 'dns.vnet-link') {
      return {
        ...c,
        status: 'fail',
        guide: 'Issue 2',
        summary: 'privatelink.azurecr.io is not linked to the cluster VNet',
        evidence: [{ resourceId: ZONE_ID, field: 'virtualNetworkLinks', expected: 'a link to the cluster VNet', actual: '(none)' }],
        remediations: ['repair-private-dns'],
      };
    }
    return c;
  }),
  rootCauses: [rootCauseOf({ checkId: 'dns.vnet-link', guideIssue: 2, summary: 'privatelink.azurecr.io is not linked to the cluster VNet', remediation: 'repair-private-dns' }, 'managed')],
  imagePullFailures: [],
};

/** An unsupported configuration: a failing check with no automatic fix. */
export const UNSUPPORTED_REPORT: Report = {
  ...CACHE_RULE_DELETED_REPORT,
  checks: HEALTHY_CHECKS.map((c): CheckResult => {
    if (c.id === 'cluster.supported-configuration') {
      return { ...c, status: 'fail', summary: 'unsupported for network isolated clusters: kubenet network plugin', remediations: [] };
    }
    return c;
  }),
  rootCauses: [rootCauseOf({ checkId: 'cluster.supported-configuration', guideIssue: null, summary: 'unsupported for network isolated clusters: kubenet network plugin', remediation: null }, 'managed')],
  imagePullFailures: [],
};

export const REPAIR_DNS_PLAN: Plan = {
  remediation: 'repair-private-dns',
  title: 'Repair the private DNS zone',
  automated: false,
  risk: 'reversible',
  clusterId: CLUSTER_ID,
  clusterName: CLUSTER_NAME,
  summary: 'Links privatelink.azurecr.io to the cluster VNet so the nodes resolve the registry to its private endpoint.',
  operations: [],
  azCommands: [az('network', 'private-dns', 'link', 'vnet', 'create', '--resource-group', NODE_RG, '--zone-name', 'privatelink.azurecr.io', '--name', 'aks-link', '--virtual-network', 'aks-vnet', '--registration-enabled', 'false')],
  impact: ['name resolution of the registry changes for the nodes; nothing restarts'],
  expectedDuration: '1–2 minutes',
  verifyChecks: ['dns.vnet-link', 'dns.records'],
  warnings: [{ code: 'guided', text: 'guided: aks-netiso does not change your resources; run the commands, then diagnose again' }],
  parameters: {},
};

export const DELETE_AND_RECONCILE_PLAN: Plan = {
  remediation: 'delete-registry-and-reconcile',
  title: 'Delete the managed registry and reconcile',
  automated: true,
  risk: 'destructive',
  clusterId: CLUSTER_ID,
  clusterName: CLUSTER_NAME,
  summary: `Deletes the AKS-managed registry ${REGISTRY_NAME} (its cache rule is gone and AKS does not recreate a rule in an existing registry), then reconciles the cluster so AKS recreates the registry, its MCR cache rule, private endpoint and DNS records (guide Issue 3).`,
  operations: [
    { kind: 'delete-registry', registryId: REGISTRY_ID, summary: 'delete the AKS-managed bootstrap registry' },
    { kind: 'reconcile-cluster', clusterId: CLUSTER_ID, body: { location: 'westeurope' }, summary: 'the cluster exactly as read (reconcile)' },
  ],
  azCommands: [az('acr', 'delete', '--resource-group', NODE_RG, '--name', REGISTRY_NAME, '--yes'), az('aks', 'update', '--resource-group', RG, '--name', CLUSTER_NAME)],
  impact: [
    'new image pulls fail until AKS has recreated the registry (running pods keep running)',
    'cached images in the managed registry are discarded and pulled again from MCR through the new registry',
  ],
  expectedDuration: '10–20 minutes',
  verifyChecks: ['registry.exists', 'registry.mcr-cache-rule', 'registry.private-endpoint', 'dns.records', 'pods.image-pull-failures'],
  warnings: [{ code: 'managed-registry-only', text: 'Only the AKS-managed registry in the node resource group is deleted; aks-netiso refuses any other registry.' }],
  parameters: { registryId: REGISTRY_ID },
};

export const RECONCILE_PLAN: Plan = {
  remediation: 'reconcile',
  title: 'Reconcile the cluster',
  automated: true,
  risk: 'reversible',
  clusterId: CLUSTER_ID,
  clusterName: CLUSTER_NAME,
  summary: 'PUTs the cluster exactly as read so AKS recreates the managed private endpoint and its DNS records (guide Issue 3).',
  operations: [{ kind: 'reconcile-cluster', clusterId: CLUSTER_ID, body: { location: 'westeurope' }, summary: 'the cluster exactly as read' }],
  azCommands: [az('aks', 'update', '--resource-group', RG, '--name', CLUSTER_NAME)],
  impact: ['no node is restarted; the cluster shows Updating while AKS reconciles'],
  expectedDuration: '5–10 minutes',
  verifyChecks: ['registry.private-endpoint', 'dns.records'],
  warnings: [],
  parameters: {},
};

export const FIXED_RESULT: FixResult = {
  remediation: 'delete-registry-and-reconcile',
  plan: DELETE_AND_RECONCILE_PLAN,
  outcome: 'applied',
  verification: 'fixed',
  code: 'verified-fixed',
  reason: 'registry.mcr-cache-rule and pods.image-pull-failures pass after the fix',
  auditLog: 'aks-netiso-audit.jsonl',
  after: HEALTHY_REPORT,
};

export const CLUSTERS: ClusterSummary[] = [
  {
    id: `/subscriptions/${SUB}/resourceGroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev-neu`,
    name: 'aks-dev-neu',
    resourceGroup: 'rg-aks-dev',
    location: 'northeurope',
    kubernetesVersion: '1.30.6',
    artifactSource: 'Direct',
    outboundType: 'loadBalancer',
    nodeResourceGroup: 'MC_rg-aks-dev_aks-dev-neu_northeurope',
    provisioningState: 'Succeeded',
  },
  {
    id: CLUSTER_ID,
    name: CLUSTER_NAME,
    resourceGroup: RG,
    location: 'westeurope',
    kubernetesVersion: '1.31.2',
    artifactSource: 'Cache',
    outboundType: 'none',
    nodeResourceGroup: NODE_RG,
    provisioningState: 'Succeeded',
  },
  {
    id: `/subscriptions/${SUB}/resourceGroups/rg-payments/providers/Microsoft.ContainerService/managedClusters/aks-payments-eus`,
    name: 'aks-payments-eus',
    resourceGroup: 'rg-payments',
    location: 'eastus',
    kubernetesVersion: '1.32.0',
    artifactSource: 'Cache',
    outboundType: 'block',
    containerRegistryId: `/subscriptions/${SUB}/resourceGroups/rg-payments/providers/Microsoft.ContainerRegistry/registries/acrpaymentsprod`,
    nodeResourceGroup: 'MC_rg-payments_aks-payments-eus_eastus',
    provisioningState: 'Succeeded',
  },
];

export const SCENARIOS = [
  { name: 'managed-cache-rule-deleted', description: "the managed registry's MCR cache rule was deleted" },
  { name: 'managed-endpoint-deleted', description: "the managed registry's private endpoint was deleted" },
  { name: 'healthy', description: 'a healthy network isolated cluster' },
];

const SCENARIO_REPORTS: Record<string, Report> = {
  'managed-cache-rule-deleted': CACHE_RULE_DELETED_REPORT,
  'managed-endpoint-deleted': ENDPOINT_DELETED_REPORT,
  healthy: HEALTHY_REPORT,
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A latch a test opens to let a fake long-running call go on. */
export interface Gate {
  wait(): Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let release!: () => void;
  const p = new Promise<void>((r) => (release = r));
  return { wait: () => p, open: () => release() };
}

export interface FakeOptions {
  /** Reports returned by successive diagnose() calls; the last one repeats. */
  reports?: Report[];
  withClusters?: boolean;
  demo?: boolean;
  /** diagnose() waits on this before finishing the check with this id. */
  holdCheck?: { id: CheckId; gate: Gate };
  /** apply() waits on this after the first operation's first progress. */
  holdApply?: Gate;
  planError?: string;
  /** plan() waits on this before answering. */
  holdPlan?: Gate;
  diagnoseError?: string;
  stepMs?: number;
  /** Delay of each apply step; defaults to stepMs. */
  applyStepMs?: number;
}

export interface FakeCalls {
  diagnose: number;
  plan: { remediation: RemediationId }[];
  apply: { plan: Plan; confirmation: string | undefined; aborted: () => boolean }[];
  exports: number;
  selected: string[];
  switched: string[];
}

/** UiServices over canned data, streaming engine events with small delays like the real engine. */
export function fakeServices(opts: FakeOptions = {}): { services: UiServices; calls: FakeCalls } {
  const calls: FakeCalls = { diagnose: 0, plan: [], apply: [], exports: 0, selected: [], switched: [] };
  const step = opts.stepMs ?? 2;
  let scenario = opts.demo ? 'managed-cache-rule-deleted' : undefined;
  const nextReport = (): Report => {
    if (scenario) return SCENARIO_REPORTS[scenario] ?? CACHE_RULE_DELETED_REPORT;
    const list = opts.reports ?? [CACHE_RULE_DELETED_REPORT];
    return list[Math.min(calls.diagnose - 1, list.length - 1)] ?? CACHE_RULE_DELETED_REPORT;
  };

  const services: UiServices = {
    async diagnose(onEvent: (e: EngineEvent) => void): Promise<Report> {
      calls.diagnose++;
      const report = nextReport();
      await sleep(step);
      if (opts.diagnoseError) throw new Error(`${opts.diagnoseError}\n    at AzureGateway.cluster (src/azure/gateway.ts:42:11)`);
      onEvent({ type: 'run-started', clusterId: report.cluster, checks: ORDER.map((id) => ({ id, title: TITLES[id], dependsOn: [], ...displayOf(id) })) });
      for (const id of ORDER) {
        onEvent({ type: 'check-started', id });
        if (opts.holdCheck?.id === id) await opts.holdCheck.gate.wait();
        else await sleep(step);
        const result = report.checks.find((c) => c.id === id);
        if (result) onEvent({ type: 'check-finished', result });
      }
      onEvent({ type: 'root-causes', rootCauses: report.rootCauses });
      onEvent({ type: 'run-finished', report });
      return report;
    },
    async plan(remediation) {
      calls.plan.push({ remediation });
      await sleep(step);
      if (opts.holdPlan) await opts.holdPlan.wait();
      if (opts.planError) throw new Error(opts.planError);
      if (remediation === 'repair-private-dns') return REPAIR_DNS_PLAN;
      if (remediation === 'delete-registry-and-reconcile') return DELETE_AND_RECONCILE_PLAN;
      if (remediation === 'reconcile') return RECONCILE_PLAN;
      throw new Error(`no canned plan for ${remediation}`);
    },
    async apply(plan, _report, hooks) {
      calls.apply.push({ plan, confirmation: hooks.confirmation, aborted: () => hooks.signal?.aborted ?? false });
      const progress = (operation: number, status: string, elapsedMs: number, percentComplete?: number): void => {
        const p: ApplyProgress = { operation, progress: { status, elapsedMs, percentComplete } };
        hooks.onProgress(p);
      };
      for (let i = 0; i < plan.operations.length; i++) {
        progress(i, 'InProgress', 1200, 10);
        if (i === 0 && opts.holdApply) await opts.holdApply.wait();
        await sleep(opts.applyStepMs ?? step);
        progress(i, 'Succeeded', 61_000);
      }
      await sleep(step);
      if (plan.remediation === 'reconcile') return { ...FIXED_RESULT, remediation: 'reconcile', plan, after: HEALTHY_REPORT };
      return FIXED_RESULT;
    },
    async exportReport(report) {
      calls.exports++;
      await sleep(step);
      const base = `out/aks-netiso-${report.clusterName ?? 'report'}-2026-11-21T02-14-09`;
      return { markdown: `${base}.md`, json: `${base}.json` };
    },
  };
  if (opts.withClusters) {
    services.listClusters = async () => {
      await sleep(step);
      return CLUSTERS;
    };
    services.selectCluster = (id) => {
      calls.selected.push(id);
    };
  }
  if (opts.demo) {
    services.scenarios = SCENARIOS;
    services.currentScenario = () => scenario;
    services.switchScenario = async (name) => {
      calls.switched.push(name);
      await sleep(step);
      if (!SCENARIO_REPORTS[name]) throw new Error(`unknown scenario ${name}`);
      scenario = name;
    };
  }
  return { services, calls };
}
