import type { ArmResource, Bundle } from '../../bundle/types.js';
import { BUNDLE_SCHEMA } from '../../bundle/types.js';
import { BYO_LAYOUT, CAPTURED_AT, CLUSTER_NAME, CLUSTER_RG, MANAGED_LAYOUT, SUBSCRIPTION, guid, hex } from '../fixtures/ids.js';
import { acrPullAssignment, props } from './build.js';
import { SCENARIOS } from './index.js';
import type { Scenario, ScenarioExpectation } from './types.js';

/**
 * `fleet:N`: N network isolated estates (cluster, managed or BYO registry, private endpoint and
 * NIC, `privatelink.azurecr.io` zone, link and A records, VNet) over ceil(N/50) subscriptions,
 * cluster i in subscription floor(i/50). Cluster i takes slot i mod 20 of FLEET_CYCLE: a library
 * scenario whose Azure resources it copies, so each broken cluster has the root cause a single
 * diagnosis of that scenario gives (`fleetMembers(n)` lists them, for the scan's tests).
 *
 * Fast and lean at N = 1000: each slot's resources are built once as JSON text, and a cluster is
 * that text with its names swapped, parsed (about 20 resources, 22 KB of JSON a cluster). Scale set
 * instances and the Kubernetes side are left out: the API server is unreachable (one emulated
 * API server cannot be a thousand clusters), so diagnoses of a member run the Azure-side checks.
 */

/** A slot's kind: a library scenario's name, or `public-network-access-enabled` (healthy, with a warning). */
export type FleetKind = string;

/** The 20 slots: 7 healthy (one with a warning), 12 broken in each known way, 1 not isolated. */
export const FLEET_CYCLE: readonly FleetKind[] = [
  'healthy-managed', 'healthy-byo', 'healthy-managed', 'managed-registry-deleted',
  'healthy-managed', 'managed-endpoint-deleted', 'healthy-legacy-cache-rule', 'managed-cache-rule-deleted',
  'public-network-access-enabled', 'managed-dns-zone-deleted', 'healthy-byo', 'managed-dns-link-deleted',
  'healthy-managed', 'managed-dns-record-wrong-ip', 'byo-missing-cache-rule', 'byo-endpoint-pending',
  'byo-dns-record-missing', 'byo-dns-link-deleted', 'anonymous-pull-off-no-acrpull', 'not-network-isolated',
];

export const CLUSTERS_PER_SUBSCRIPTION = 50;
export const MAX_FLEET_SIZE = 10_000;

export interface FleetMember {
  index: number;
  name: string;
  clusterId: string;
  subscriptionId: string;
  resourceGroup: string;
  kind: FleetKind;
  mode: 'managed' | 'byo';
  networkIsolated: boolean;
  /** What a single diagnosis concludes, most upstream first; [] when healthy. */
  rootCauses: ScenarioExpectation[];
}

export function fleetSubscription(s: number): string {
  return guid(`fleet-subscription:${s}`);
}

const pad = (i: number): string => String(i).padStart(4, '0');

function sourceScenario(kind: FleetKind): Scenario {
  const name = kind === 'public-network-access-enabled' ? 'healthy-managed' : kind;
  // index.ts imports this file too: SCENARIOS is read at call time, when both are loaded.
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`fleet scenario: the library has no scenario ${name}`);
  return s;
}

function modeOf(kind: FleetKind): 'managed' | 'byo' {
  return /byo|anonymous-pull/.test(kind) ? 'byo' : 'managed';
}

export function fleetMember(index: number): FleetMember {
  const kind = FLEET_CYCLE[index % FLEET_CYCLE.length] ?? 'healthy-managed';
  const subscriptionId = fleetSubscription(Math.floor(index / CLUSTERS_PER_SUBSCRIPTION));
  const name = `aks-fleet-${pad(index)}`;
  const resourceGroup = `rg-fleet-${pad(index)}`;
  return {
    index,
    name,
    clusterId: `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    subscriptionId,
    resourceGroup,
    kind,
    mode: modeOf(kind),
    networkIsolated: kind !== 'not-network-isolated',
    rootCauses: kind === 'public-network-access-enabled' ? [] : sourceScenario(kind).rootCauses,
  };
}

/** Every member of fleet:n, without building any resource. */
export function fleetMembers(n: number): FleetMember[] {
  return Array.from({ length: n }, (_, i) => fleetMember(i));
}

const templates = new Map<FleetKind, string>();

/** A slot's Azure resources as JSON text (scale set instances dropped), built once per process. */
function template(kind: FleetKind): string {
  let t = templates.get(kind);
  if (t === undefined) {
    const b = sourceScenario(kind).build();
    if (kind === 'public-network-access-enabled') {
      const registry = b.arm.find((r) => r.type.toLowerCase() === 'microsoft.containerregistry/registries');
      if (registry) props(registry).publicNetworkAccess = 'Enabled';
    }
    const arm = b.arm.filter((r) => r.type.toLowerCase() !== 'microsoft.compute/virtualmachinescalesets/virtualmachines');
    t = JSON.stringify(arm);
    templates.set(kind, t);
  }
  return t;
}

/** The names a template is built with, and what member i calls them. */
function swaps(m: FleetMember): [string, string][] {
  const h = hex(`fleet-registry:${m.index}`, 8);
  return [
    [SUBSCRIPTION, m.subscriptionId],
    [MANAGED_LAYOUT.registryName, `aksbootstrap${h}`],
    [BYO_LAYOUT.registryName, `fleetacr${h}`],
    [BYO_LAYOUT.registryRg, `rg-registry-${pad(m.index)}`],
    [CLUSTER_RG, m.resourceGroup],
    [CLUSTER_NAME, m.name],
    [guid('kubelet-object'), guid(`kubelet-object:${m.index}`)],
    [guid('kubelet-client'), guid(`kubelet-client:${m.index}`)],
    [guid('cluster-identity'), guid(`cluster-identity:${m.index}`)],
    // Role assignment names are tenant-unique GUIDs.
    [acrPullAssignment(MANAGED_LAYOUT).name, guid(`fleet-acrpull:${m.index}`)],
    [acrPullAssignment(BYO_LAYOUT).name, guid(`fleet-acrpull:${m.index}`)],
  ];
}

/** Member i's resources, fresh objects. */
export function memberResources(m: FleetMember): ArmResource[] {
  let text = template(m.kind);
  for (const [from, to] of swaps(m)) text = text.split(from).join(to);
  return JSON.parse(text) as ArmResource[];
}

export function buildFleet(n: number): Bundle {
  const arm: ArmResource[] = [];
  for (let i = 0; i < n; i++) {
    for (const r of memberResources(fleetMember(i))) arm.push(r);
  }
  return {
    schema: BUNDLE_SCHEMA,
    description: `fleet of ${n} network isolated clusters over ${Math.ceil(n / CLUSTERS_PER_SUBSCRIPTION)} subscriptions (scenario fleet:${n})`,
    capturedAt: CAPTURED_AT,
    cluster: fleetMember(0).clusterId,
    arm,
    kubernetes: { reachable: false, reason: 'the fleet scenario serves Azure Resource Manager and Resource Graph only' },
    'x-emulator': { nodeRegistry: {} },
  };
}

/** `fleet:N` (1 ≤ N ≤ 10,000) as a scenario; undefined for any other name. */
export function fleetScenario(name: string): Scenario | undefined {
  const m = /^fleet:(\d+)$/.exec(name);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isInteger(n) || n < 1 || n > MAX_FLEET_SIZE) return undefined;
  return {
    name,
    description: `A fleet of ${n} network isolated clusters over ${Math.ceil(n / CLUSTERS_PER_SUBSCRIPTION)} subscriptions, a fixed share broken in each known way`,
    build: () => buildFleet(n),
    // The bundle's `cluster` is member 0, a healthy managed cluster.
    rootCauses: [],
  };
}
