import type {
  AgentPool, ARecordSet, ScaleSet, ScaleSetInstance, CacheRule, CredentialSet, Cluster, ClusterSummary, NetworkInterface, OperationProgress,
  OperationResult, PrivateDnsZone, PrivateDnsZoneGroup, PrivateEndpoint, Registry, RegistryReplication, RoleAssignment,
  VirtualNetwork, VirtualNetworkLink,
} from './types.js';

/**
 * The reads the checks need. Every method is memoised per run by resource id / scope (one
 * resource is fetched once), safe to call concurrently, and throws `AzureError` on failure.
 * "by id" reads return `undefined` for a 404: absence is a finding, not an error.
 */
export interface AzureReads {
  cluster(clusterId: string): Promise<Cluster | undefined>;
  clustersInSubscription(subscriptionId: string): Promise<ClusterSummary[]>;
  agentPools(clusterId: string): Promise<AgentPool[]>;
  /** The virtual machine scale sets of a resource group (the node resource group). */
  scaleSetsInResourceGroup(subscriptionId: string, resourceGroup: string): Promise<ScaleSet[]>;
  /** A scale set's instances with their instance views. */
  scaleSetInstances(scaleSetId: string): Promise<ScaleSetInstance[]>;
  registry(registryId: string): Promise<Registry | undefined>;
  registriesInResourceGroup(subscriptionId: string, resourceGroup: string): Promise<Registry[]>;
  cacheRules(registryId: string): Promise<CacheRule[]>;
  /** A credential set by id (a cache rule's `credentialSetResourceId`); undefined on 404. */
  credentialSet(credentialSetId: string): Promise<CredentialSet | undefined>;
  privateEndpointsInResourceGroup(subscriptionId: string, resourceGroup: string): Promise<PrivateEndpoint[]>;
  privateEndpointsInSubscription(subscriptionId: string): Promise<PrivateEndpoint[]>;
  privateEndpoint(endpointId: string): Promise<PrivateEndpoint | undefined>;
  privateDnsZoneGroups(endpointId: string): Promise<PrivateDnsZoneGroup[]>;
  networkInterface(nicId: string): Promise<NetworkInterface | undefined>;
  virtualNetwork(vnetId: string): Promise<VirtualNetwork | undefined>;
  virtualNetworksInResourceGroup(subscriptionId: string, resourceGroup: string): Promise<VirtualNetwork[]>;
  privateDnsZone(zoneId: string): Promise<PrivateDnsZone | undefined>;
  privateDnsZonesInResourceGroup(subscriptionId: string, resourceGroup: string): Promise<PrivateDnsZone[]>;
  privateDnsZonesInSubscription(subscriptionId: string): Promise<PrivateDnsZone[]>;
  virtualNetworkLinks(zoneId: string): Promise<VirtualNetworkLink[]>;
  aRecordSets(zoneId: string): Promise<ARecordSet[]>;
  /** The zone's A record sets, or undefined when the zone itself is gone (404). */
  zoneARecords(zoneId: string): Promise<ARecordSet[] | undefined>;
  /** The registry's replications (its home region included); [] when it is gone. */
  registryReplications(registryId: string): Promise<RegistryReplication[]>;
  /** Role assignments that apply at the scope, including inherited ones (`atScope()` filter off). */
  roleAssignmentsForScope(scopeId: string): Promise<RoleAssignment[]>;
}

/** The Activity Log (optional: fakes and bundles without it answer nothing). */
export interface ActivityLogReads {
  /**
   * Ended operations in the resource group over the last 90 days, newest first; memoised per group.
   * With `resourceUri`, only that resource's (`resourceUri eq`, the narrowest query ARM takes).
   */
  activityLog(subscriptionId: string, resourceGroup: string, resourceUri?: string): Promise<import('../core/report.js').HistoryEntry[]>;
}

/**
 * What pre-flight reads before a write (optional: fakes without them plan with no pre-flight).
 * Memoised per scope / request; each throws `AzureError` (a 403 names the missing action).
 */
export interface PreflightReads {
  /** The management locks listed at a scope. */
  locksAt?: (scope: string) => Promise<import('../domain/preflight.js').ManagementLock[]>;
  /** The signed-in caller's effective permissions at a scope. */
  permissionsAt?: (scope: string) => Promise<import('../domain/preflight.js').PermissionEntry[]>;
  /** The Deny verdicts of Azure Policy for a proposed PUT body. */
  policyDenials?: (request: import('./preflight-reads.js').PolicyCheckRequest) => Promise<import('../domain/preflight.js').PolicyDenial[]>;
}

export type ProgressCallback = (progress: OperationProgress) => void;

export interface WriteOptions {
  onProgress?: ProgressCallback;
  abortSignal?: AbortSignal;
  /** Called as soon as the operation is accepted, before polling: for the audit log. */
  onAccepted?: (accepted: { requestId?: string | undefined; correlationId?: string | undefined; operationUrl?: string | undefined }) => void;
}

/** The body of a reconcile PUT, summarised for plans and the audit log. */
export interface ReconcilePreview {
  method: 'PUT';
  resourceId: string;
  /** The JSON body that will be sent (read-only fields removed). */
  body: Record<string, unknown>;
}

/**
 * The writes the remediations need, each a long-running operation driven to its end.
 * They read fresh (never memoised) state where they need it.
 */
export interface AzureWrites {
  /** Reads the cluster fresh and returns the body a reconcile would PUT, without sending it. */
  previewReconcile(clusterId: string): Promise<ReconcilePreview>;
  /** PUT of the cluster exactly as read (read-only fields removed). */
  reconcileCluster(clusterId: string, options?: WriteOptions): Promise<OperationResult>;
  deleteRegistry(registryId: string, options?: WriteOptions): Promise<OperationResult>;
  createCacheRule(
    registryId: string,
    ruleName: string,
    rule: { sourceRepository: string; targetRepository: string; credentialSetResourceId?: string | undefined },
    options?: WriteOptions,
  ): Promise<OperationResult>;
  upgradeNodeImage(clusterId: string, poolName: string, options?: WriteOptions): Promise<OperationResult>;
}

export interface AzureRequestStats {
  /** HTTP requests sent (retries included). */
  requests: number;
  /** Same GET URL fetched more than once in this run. Should always be 0. */
  duplicateFetches: number;
  /** Answers that were 429 Too Many Requests (each attempt counts); absent where not counted (test fakes). */
  throttled?: number | undefined;
}

/** One diagnosis: requests sent while it runs are cancelled by its signal and retried only until its deadline. */
export interface RunScope {
  signal?: AbortSignal | undefined;
  /** Epoch ms by which the run must be done: no retry waits past it. */
  deadline?: number | undefined;
}

export interface AzureGateway extends AzureReads, AzureWrites, ActivityLogReads, PreflightReads {
  stats(): AzureRequestStats;
  /** The signed-in principal (from the token's claims) when known, for the audit log. */
  principal(): Promise<string | undefined>;
  /** The cluster's kubeconfig for its user (listClusterUserCredentials), as YAML text. */
  clusterUserKubeconfig(clusterId: string): Promise<string>;
  /** A bearer token for the AKS Entra ID server app, for Entra-enabled clusters. */
  aksServerToken(): Promise<string>;
  /** Forget memoised reads (before verifying a fix). */
  clearCache(): void;
}

/** The gateway as its owner (the session) sees it: runs with a deadline, and a close. */
export interface ManagedAzureGateway extends AzureGateway {
  /** Requests from now on belong to this run (its signal and deadline); undefined ends it. */
  beginRun(run: RunScope | undefined): void;
  /** Hosts with a request still unfinished (sent, queued or waiting to retry), to name in a deadline. */
  pendingHosts(): string[];
  /** Cancels whatever is in flight and closes every socket: nothing keeps the process alive. */
  close(): void;
  /** Azure Resource Graph through the same credential and pipeline (the fleet scan's inventory). */
  readonly resourceGraph: import('./resource-graph.js').ResourceGraph;
}
