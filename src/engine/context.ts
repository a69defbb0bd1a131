import type { AzureReads } from '../azure/ports.js';
import type {
  ARecordSet, CacheRule, Cluster, NetworkInterface, PrivateDnsZone, PrivateDnsZoneGroup,
  PrivateEndpoint, Registry, RoleAssignment, VirtualNetwork, VirtualNetworkLink,
} from '../azure/types.js';
import type { KubeNode, KubeResult, KubePod, KubeEvent } from '../kube/types.js';
import type { RegistryMode } from './types.js';

/** Where the diagnosis expects the nodes' registry, and what it found there. */
export interface RegistryLookup {
  mode: RegistryMode;
  /** BYO: `containerRegistryId`. Managed: the id of the bootstrap registry found, or the configured id. */
  expectedId?: string | undefined;
  /** The registry, when it exists. */
  registry?: Registry | undefined;
  /** Managed mode without a configured id: the registries seen in the node resource group. */
  candidates: Registry[];
  /** Why no registry was found, in plain words. */
  missingReason?: string | undefined;
}

/** A private endpoint that connects to the registry, with its NIC. */
export interface RegistryEndpoint {
  endpoint: PrivateEndpoint;
  nics: NetworkInterface[];
  zoneGroups: PrivateDnsZoneGroup[];
}

export type ZoneFoundVia = 'nodeResourceGroup' | 'clusterResourceGroup' | 'subscription' | 'zoneGroup';

export interface FoundZone {
  zone: PrivateDnsZone;
  foundVia: ZoneFoundVia[];
}

/** The VNets the cluster's nodes live in (from the pools' vnetSubnetID, or the AKS-managed VNet). */
export interface ClusterNetwork {
  vnets: VirtualNetwork[];
  /** Subnet ids of the pools (empty for the AKS-managed VNet). */
  subnetIds: string[];
  /** true when the pools have no vnetSubnetID and the VNet is the managed one in the node RG. */
  managedVnet: boolean;
}

/**
 * What checks read, derived from the gateways and memoised per run. The context prefetches
 * independent reads as soon as their inputs are known, so chains of checks wait on reads
 * already in flight.
 */
export interface DiagnosisContext {
  readonly clusterId: string;
  readonly azure: AzureReads;
  cluster(): Promise<Cluster | undefined>;
  registry(): Promise<RegistryLookup>;
  cacheRules(): Promise<CacheRule[]>;
  network(): Promise<ClusterNetwork>;
  /** Private endpoints (resource group and subscription) whose connection targets the registry. */
  registryEndpoints(): Promise<RegistryEndpoint[]>;
  /** `privatelink.azurecr.io` zones found where the cluster resolves from. */
  dnsZones(): Promise<FoundZone[]>;
  zoneLinks(zoneId: string): Promise<VirtualNetworkLink[]>;
  zoneRecords(zoneId: string): Promise<ARecordSet[]>;
  registryRoleAssignments(): Promise<RoleAssignment[]>;
  /** Kubernetes reads; `notConfigured` when the run is `--no-kube`. */
  nodes(): Promise<KubeResult<KubeNode[]>>;
  pods(): Promise<KubeResult<KubePod[]>>;
  podWarningEvents(): Promise<KubeResult<KubeEvent[]>>;
}
