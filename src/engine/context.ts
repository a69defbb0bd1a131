import type { ARecordSet, CacheRule, Cluster, RegistryReplication, RoleAssignment, VirtualNetworkLink } from '../azure/types.js';
import type { ClusterNetwork, FoundZone, PoolScaleSet, RegistryCredentialSet, RegistryEndpoint, RegistryLookup, ZoneSearch } from '../domain/facts.js';
import type { KubeEvent, KubeNode, KubePod, KubeResult } from '../kube/types.js';

export type { ClusterNetwork, DiagnosisFacts, FoundZone, PoolScaleSet, RegistryCredentialSet, RegistryEndpoint, RegistryLookup, ZoneFoundVia, ZoneSearch } from '../domain/facts.js';

/**
 * What checks read, derived from the gateways and memoised per run. The context prefetches
 * independent reads as soon as their inputs are known, so chains of checks wait on reads
 * already in flight.
 */
export interface DiagnosisContext {
  readonly clusterId: string;
  cluster(): Promise<Cluster | undefined>;
  registry(): Promise<RegistryLookup>;
  cacheRules(): Promise<CacheRule[]>;
  /** The credential sets the cache rules name (one GET each; none when no rule names one). */
  credentialSets(): Promise<RegistryCredentialSet[]>;
  network(): Promise<ClusterNetwork>;
  /** Private endpoints (resource group and subscription) whose connection targets the registry. */
  registryEndpoints(): Promise<RegistryEndpoint[]>;
  /** `privatelink.azurecr.io` zones found where the cluster resolves from. */
  dnsZones(): Promise<FoundZone[]>;
  /** How the zones were found (zone-group zones that are gone, other clusters' zones left alone). */
  zoneSearch(): Promise<ZoneSearch>;
  /** The registry's replications, home region included ([] without a registry). */
  registryReplications(): Promise<RegistryReplication[]>;
  zoneLinks(zoneId: string): Promise<VirtualNetworkLink[]>;
  zoneRecords(zoneId: string): Promise<ARecordSet[]>;
  registryRoleAssignments(): Promise<RoleAssignment[]>;
  /** The agent pools' scale sets in the node resource group, with instance views ([] when the cluster is unreadable). */
  scaleSets(): Promise<PoolScaleSet[]>;
  /** Kubernetes reads; `notConfigured` when the run is `--no-kube`. */
  nodes(): Promise<KubeResult<KubeNode[]>>;
  pods(): Promise<KubeResult<KubePod[]>>;
  podWarningEvents(): Promise<KubeResult<KubeEvent[]>>;
}
