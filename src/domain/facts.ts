import type {
  ARecordSet, CacheRule, Cluster, CredentialSet, NetworkInterface, PrivateDnsZone, PrivateDnsZoneGroup,
  PrivateEndpoint, Registry, RegistryReplication, RoleAssignment, ScaleSet, ScaleSetInstance, VirtualNetwork, VirtualNetworkLink,
} from '../azure/types.js';
import type { RegistryMode } from '../core/ids.js';
import type { KubeEvent, KubeNode, KubePod, KubeResult } from '../kube/types.js';

/*
 * The facts a diagnosis derives from what it reads: the vocabulary the checks judge and the
 * remediations plan from. Types only; engine/facts.ts derives them.
 */

/** Where the diagnosis expects the nodes' registry, and what it found there. */
export interface RegistryLookup {
  mode: RegistryMode;
  /** BYO: `containerRegistryId`. Managed: the id of the bootstrap registry found, or the configured id. */
  expectedId?: string | undefined;
  /** The registry, when it exists. */
  registry?: Registry | undefined;
  /** Managed mode without a configured id: the registries seen in the node resource group. */
  candidates: Registry[];
  /** Why no registry was found. */
  missing?: RegistryMissing | undefined;
}

/** Why the diagnosis found no registry for the nodes. */
export type RegistryMissing =
  | { reason: 'cluster-unreadable' }
  /** artifactSource is not Cache: there is no bootstrap registry to find. */
  | { reason: 'not-cache' }
  | { reason: 'configured-registry-missing'; registryId: string }
  | { reason: 'no-bootstrap-registry'; nodeResourceGroup: string; found: string[] };

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

/** Which zones the diagnosis took for the cluster's, and what it left alone. */
export interface ZoneSearch {
  zones: FoundZone[];
  /** Zones named by the endpoint's DNS zone group that no longer exist (their records list answered 404). */
  gone: { zoneId: string; endpointId: string }[];
  /** `privatelink.azurecr.io` zones of the subscription taken for other clusters' (never judged). */
  unrelated: number;
}

/** The VNets the cluster's nodes live in (from the pools' vnetSubnetID, or the AKS-managed VNet). */
export interface ClusterNetwork {
  vnets: VirtualNetwork[];
  /** Subnet ids of the pools (empty for the AKS-managed VNet). */
  subnetIds: string[];
  /** true when the pools have no vnetSubnetID and the VNet is the managed one in the node RG. */
  managedVnet: boolean;
}

/** An agent pool's scale set (tag `aks-managed-poolName`) with its instances and their views. */
export interface PoolScaleSet {
  scaleSet: ScaleSet;
  instances: ScaleSetInstance[];
}

/** A credential set a cache rule names, and what reading it found (`undefined`: it does not exist). */
export interface RegistryCredentialSet {
  /** The id as the rule's `credentialSetResourceId` writes it. */
  id: string;
  credentialSet: CredentialSet | undefined;
}

/**
 * What the diagnosis resolved, as one typed snapshot: the facts the checks judged, for
 * remediations to plan from without reading them again. A fact the run never needed (or whose
 * read failed) is absent; zone links and records are keyed by zone id as read.
 */
export interface DiagnosisFacts {
  clusterId: string;
  cluster?: Cluster | undefined;
  registry?: RegistryLookup | undefined;
  cacheRules?: CacheRule[] | undefined;
  /** The credential sets the cache rules name, by id as the rule writes it (absent: 404). */
  credentialSets?: RegistryCredentialSet[] | undefined;
  registryRoleAssignments?: RoleAssignment[] | undefined;
  network?: ClusterNetwork | undefined;
  /** The registry's private endpoints, with their NICs and DNS zone groups. */
  registryEndpoints?: RegistryEndpoint[] | undefined;
  dnsZones?: FoundZone[] | undefined;
  /** How the zones were found: zone-group zones that are gone, zones left to other clusters. */
  zoneSearch?: ZoneSearch | undefined;
  /** The registry's replications (home region included). */
  registryReplications?: RegistryReplication[] | undefined;
  zoneLinks: Readonly<Record<string, VirtualNetworkLink[]>>;
  zoneRecords: Readonly<Record<string, ARecordSet[]>>;
  nodes?: KubeResult<KubeNode[]> | undefined;
  pods?: KubeResult<KubePod[]> | undefined;
  podWarningEvents?: KubeResult<KubeEvent[]> | undefined;
  /** The pools' scale sets in the node resource group, with their instance views. */
  scaleSets?: PoolScaleSet[] | undefined;
}
