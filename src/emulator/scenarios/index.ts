import { BYO_SCENARIOS } from './byo.js';
import { MANAGED_SCENARIOS } from './managed.js';
import { NODE_SCENARIOS } from './nodes.js';
import { OTHER_SCENARIOS } from './other.js';
import { HISTORY_SCENARIOS } from './history.js';
import { fleetScenario } from './fleet.js';
import { REGISTRY_ACCESS_SCENARIOS } from './registry-access.js';
import { PREFLIGHT_SCENARIOS } from './preflight.js';
import { ESTATE_SCENARIOS } from './estate.js';
import { ESTATE_RECORD_SCENARIOS } from './estate-records.js';
import { ESTATE_DNS_SCENARIOS } from './estate-dns.js';
import type { Scenario } from './types.js';

export type { Scenario, ScenarioExpectation } from './types.js';
export { buildFleet, fleetMember, fleetMembers, type FleetMember } from './fleet.js';

/** The order `aks-netiso scenarios` lists them: healthy ones first, then the guide's issues. */
const ORDER = [
  'healthy-managed', 'healthy-byo', 'healthy-legacy-cache-rule', 'managed-registry-configured-id', 'healthy-multi-pool',
  'managed-registry-deleted', 'managed-endpoint-deleted', 'managed-cache-rule-deleted', 'managed-dns-zone-deleted',
  'managed-dns-link-deleted', 'managed-dns-record-wrong-ip', 'byo-missing-cache-rule', 'byo-endpoint-pending',
  'byo-dns-record-missing', 'byo-dns-link-deleted', 'dockerhub-image-uncached', 'registry-id-changed-stale-nodes',
  'entra-id-stale-nodes', 'switched-to-isolated-stale-nodes', 'anonymous-pull-off-no-acrpull', 'not-network-isolated', 'unsupported-configuration',
  'kube-unreachable', 'kube-unreachable-cache-rule-deleted',
  'scale-out-endpoint-deleted', 'new-pool-bootstrap-refused', 'kube-unreachable-bootstrap-failed',
  'abac-registry-healthy', 'cache-only-egress-healthy', 'abac-registry-acrpull-only', 'auth-as-arm-disabled',
  'dockerhub-direct-reference-with-rule', 'uncached-upstream-no-rule', 'credential-set-unhealthy',
  'hub-custom-dns-healthy', 'domain-label-healthy', 'geo-replica-healthy', 'endpoint-in-peered-vnet-healthy', 'many-clusters-healthy',
  'spoke-only-link-with-hub-dns', 'hub-forwarder-resolves-publicly', 'custom-dns-server-unknown', 'geo-replica-record-missing', 'many-clusters-zone-deleted',
  'history-registry-deleted-by-person', 'history-cache-rule-deleted-by-pipeline', 'history-dns-link-deleted-long-ago', 'history-log-read-denied', 'history-hub-link-deleted-by-pipeline',
  'preflight-nrg-delete-lock', 'preflight-cluster-rg-read-only-lock', 'preflight-no-registry-delete-permission', 'preflight-policy-denies-cache-rules', 'preflight-nrg-lockdown', 'preflight-locks-unreadable',
];

const all = [...MANAGED_SCENARIOS, ...BYO_SCENARIOS, ...OTHER_SCENARIOS, ...NODE_SCENARIOS, ...HISTORY_SCENARIOS, ...REGISTRY_ACCESS_SCENARIOS, ...PREFLIGHT_SCENARIOS, ...ESTATE_SCENARIOS, ...ESTATE_RECORD_SCENARIOS, ...ESTATE_DNS_SCENARIOS];
const rank = (s: Scenario): number => {
  const i = ORDER.indexOf(s.name);
  return i < 0 ? ORDER.length : i;
};

/** The scenario library. */
export const SCENARIOS: readonly Scenario[] = [...all].sort((a, b) => rank(a) - rank(b));

export const DEFAULT_SCENARIO = 'managed-cache-rule-deleted';

/** A scenario of the library, or a generated fleet (`fleet:N`, see fleet.ts). */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name) ?? fleetScenario(name);
}
