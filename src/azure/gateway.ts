/**
 * The ARM gateway: the five real SDK clients behind the narrow AzureGateway port. Reads are
 * memoised (the promise is stored, so concurrent callers share one request), writes are
 * long-running operations driven to their end with progress. SDK types stay in this folder.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ContainerServiceClient, type ContainerServiceClientOptionalParams, type ManagedCluster } from '@azure/arm-containerservice';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/identity';
import { AzureError, actionFromMessage } from './errors.js';
import { toAzureError } from './map-error.js';
import { decodeJwtClaims, principalFromToken } from './credentials.js';
import {
  mapAgentPool, mapARecordSet, mapCacheRule, mapCluster, mapClusterSummary, mapNetworkInterface, mapPrivateDnsZone,
  mapPrivateEndpoint, mapRegistry, mapRoleAssignment, mapVirtualNetwork, mapVirtualNetworkLink, mapZoneGroup,
} from './map.js';
import type { AzureGateway, ReconcilePreview, WriteOptions } from './ports.js';
import { idKey, parseResourceId, type ResourceId } from './resource-id.js';
import type { OperationProgress, OperationResult } from './types.js';

export interface RecordedResponse { method: string; url: string; status: number; bodyText: string }

export interface AzureGatewayOptions {
  credential: TokenCredential;
  /** `https://host[:port]`: the only host requests may go to. */
  armEndpoint: string;
  /** Token scope; defaults to `<armEndpoint>/.default`. */
  scope?: string | undefined;
  /** PEM of a private CA to trust for the endpoint (the emulator, a TLS-inspecting proxy). */
  caPem?: string | undefined;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number } | undefined;
  /** Poll interval of long-running operations; default 2000 (the SDK's). */
  lroPollIntervalMs?: number | undefined;
  /** Every final ARM response (after retries), with its raw body: `capture` writes bundles from these. */
  onResponse?: ((r: RecordedResponse) => void) | undefined;
}

/** The AKS Entra ID server application: its tokens open Entra-enabled clusters without kubelogin. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

// The policy shapes, taken from the SDK's own options so no pipeline package is imported here.
type AdditionalPolicy = NonNullable<ContainerServiceClientOptionalParams['additionalPolicies']>[number];
type PipelinePolicy = AdditionalPolicy['policy'];
type PipelineRequest = Parameters<PipelinePolicy['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy['sendRequest']>>;

/** What one write saw of its HTTP exchanges (collected by the pipeline through AsyncLocalStorage). */
interface OperationTracker {
  kind: 'write';
  requestIds: string[];
  correlationId?: string | undefined;
  operationUrl?: string | undefined;
  accepted: boolean;
  /** From the latest poll answer's body. */
  armStatus?: string | undefined;
  percentComplete?: number | undefined;
  armError?: { code?: string | undefined; message: string } | undefined;
  onAccepted?: WriteOptions['onAccepted'];
}

/** A deliberate fresh read (writes re-read state): not a duplicate fetch. */
interface FreshRead { kind: 'fresh' }

type RequestScope = OperationTracker | FreshRead;

interface Clients {
  containerService?: ContainerServiceClient;
  registry?: ContainerRegistryManagementClient;
  network?: NetworkManagementClient;
  dns?: PrivateDnsManagementClient;
  authorization?: AuthorizationManagementClient;
}

const IN_PROGRESS_STATES = new Set(['creating', 'updating', 'upgrading', 'deleting', 'scaling', 'starting', 'stopping', 'migrating', 'canceling', 'reconciling']);

class PreviewCaptured extends Error {
  constructor(readonly body: unknown) {
    super('preview captured');
  }
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function armStatusOf(status: string, fromBody: string | undefined): string {
  if (fromBody) return fromBody;
  switch (status) {
    case 'succeeded': return 'Succeeded';
    case 'failed': return 'Failed';
    case 'canceled': return 'Canceled';
    default: return 'InProgress';
  }
}

function requireType(id: ResourceId, fullType: string, what: string): void {
  if (id.fullType.toLowerCase() !== fullType.toLowerCase()) {
    throw new AzureError({ kind: 'badRequest', message: `${id.id} is not a ${what} id (expected type ${fullType})`, resourceId: id.id });
  }
}

function parseId(id: string, fullType: string, what: string): ResourceId & { resourceGroup: string } {
  let parsed: ResourceId;
  try {
    parsed = parseResourceId(id);
  } catch (e) {
    throw new AzureError({ kind: 'badRequest', message: (e as Error).message, resourceId: id });
  }
  requireType(parsed, fullType, what);
  if (!parsed.resourceGroup) throw new AzureError({ kind: 'badRequest', message: `${id} has no resource group`, resourceId: id });
  return parsed as ResourceId & { resourceGroup: string };
}

async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

export function createAzureGateway(options: AzureGatewayOptions): AzureGateway {
  let endpointUrl: URL;
  try {
    endpointUrl = new URL(options.armEndpoint);
  } catch {
    throw new Error(`the ARM endpoint "${options.armEndpoint}" is not a URL`);
  }
  const endpoint = endpointUrl.origin;
  const allowedHost = endpointUrl.host.toLowerCase();
  const scope = options.scope ?? `${endpoint}/.default`;
  const pollMs = options.lroPollIntervalMs ?? 2000;
  const credential = options.credential;

  const stats = { requests: 0, duplicateFetches: 0 };
  const seenGets = new Set<string>();
  const memo = new Map<string, Promise<unknown>>();
  const requestScope = new AsyncLocalStorage<RequestScope>();
  /**
   * A read's 403 answer, as ARM sent it. The newer SDKs replace a failed list page's message
   * with "Pagination failed with unexpected statusCode 403", losing the permission ARM named;
   * the pipeline sees the body, so the read can still say which action is missing.
   */
  const readScope = new AsyncLocalStorage<{ forbiddenAction?: string | undefined }>();
  const clientsBySubscription = new Map<string, Clients>();

  const guard = (request: PipelineRequest): void => {
    let host: string;
    try {
      host = new URL(request.url).host.toLowerCase();
    } catch {
      host = request.url;
    }
    if (host !== allowedHost) {
      throw new AzureError({
        kind: 'refusedHost',
        message: `refused to send ${request.method} to ${host}: only the configured ARM endpoint ${allowedHost} is allowed`,
        operation: `${request.method} ${request.url}`,
      });
    }
  };

  const hostGuardPolicy: PipelinePolicy = {
    name: 'aksNetisoHostGuard',
    sendRequest(request, next) {
      guard(request);
      return next(request);
    },
  };

  const observePolicy: PipelinePolicy = {
    name: 'aksNetisoObserve',
    async sendRequest(request, next) {
      const current = requestScope.getStore();
      if (request.method === 'GET' && !current) {
        const key = request.url.toLowerCase();
        if (seenGets.has(key)) stats.duplicateFetches++;
        else seenGets.add(key);
      }
      const response = await next(request);
      if (current?.kind === 'write') observeWrite(current, request, response);
      if (response.status === 403) {
        const read = readScope.getStore();
        if (read && !read.forbiddenAction) read.forbiddenAction = actionFromMessage(response.bodyAsText ?? undefined);
      }
      options.onResponse?.({ method: request.method, url: request.url, status: response.status, bodyText: response.bodyAsText ?? '' });
      return response;
    },
  };

  // After the retry policy: sees every attempt, and re-checks hosts a redirect may have changed.
  const countPolicy: PipelinePolicy = {
    name: 'aksNetisoCount',
    sendRequest(request, next) {
      guard(request);
      stats.requests++;
      return next(request);
    },
  };

  const additionalPolicies: AdditionalPolicy[] = [
    { policy: hostGuardPolicy, position: 'perCall' },
    { policy: observePolicy, position: 'perCall' },
    { policy: countPolicy, position: 'perRetry' },
  ];
  const retryOptions = options.retry ? { ...options.retry } : undefined;
  const tlsOptions = options.caPem ? { ca: options.caPem } : undefined;
  const modularOptions = (extra: AdditionalPolicy[] = []): ContainerServiceClientOptionalParams => ({
    endpoint,
    credentials: { scopes: [scope] },
    retryOptions,
    tlsOptions,
    additionalPolicies: [...additionalPolicies, ...extra],
  });
  // The older clients build URLs from `$host` and ignore `endpoint` for that: set both.
  const classicOptions = { endpoint, $host: endpoint, credentialScopes: [scope], retryOptions, tlsOptions, additionalPolicies };

  function clients(subscriptionId: string): Clients {
    const key = subscriptionId.toLowerCase();
    let c = clientsBySubscription.get(key);
    if (!c) {
      c = {};
      clientsBySubscription.set(key, c);
    }
    return c;
  }
  const containerService = (sub: string): ContainerServiceClient => {
    const c = clients(sub);
    return (c.containerService ??= new ContainerServiceClient(credential, sub, modularOptions()));
  };
  const registryClient = (sub: string): ContainerRegistryManagementClient => {
    const c = clients(sub);
    return (c.registry ??= new ContainerRegistryManagementClient(credential, sub, modularOptions()));
  };
  const network = (sub: string): NetworkManagementClient => {
    const c = clients(sub);
    return (c.network ??= new NetworkManagementClient(credential, sub, classicOptions));
  };
  const dns = (sub: string): PrivateDnsManagementClient => {
    const c = clients(sub);
    return (c.dns ??= new PrivateDnsManagementClient(credential, sub, classicOptions));
  };
  const authorization = (sub: string): AuthorizationManagementClient => {
    const c = clients(sub);
    return (c.authorization ??= new AuthorizationManagementClient(credential, sub, classicOptions));
  };

  function observeWrite(t: OperationTracker, request: PipelineRequest, response: PipelineResponse): void {
    const rid = response.headers.get('x-ms-request-id');
    if (rid && !t.requestIds.includes(rid)) t.requestIds.push(rid);
    t.correlationId ??= response.headers.get('x-ms-correlation-request-id') ?? undefined;
    if (!t.accepted && request.method !== 'GET' && response.status >= 200 && response.status < 300) {
      t.accepted = true;
      t.operationUrl = response.headers.get('azure-asyncoperation') ?? response.headers.get('location') ?? undefined;
      try {
        t.onAccepted?.({ requestId: rid ?? undefined, correlationId: t.correlationId, operationUrl: t.operationUrl });
      } catch {
        // A failing audit/UI callback must not make an accepted write look refused.
      }
      return;
    }
    if (t.accepted && request.method === 'GET' && response.bodyAsText) {
      try {
        const body = asRecord(JSON.parse(response.bodyAsText));
        if (typeof body?.status === 'string') t.armStatus = body.status;
        if (typeof body?.percentComplete === 'number') t.percentComplete = body.percentComplete;
        const err = asRecord(body?.error);
        if (err && typeof err.message === 'string') {
          t.armError = { code: typeof err.code === 'string' ? err.code : undefined, message: err.message };
        }
      } catch {
        // A non-JSON poll answer carries no status: the poller's own state is used.
      }
    }
  }

  function memoised<T>(key: string, load: () => Promise<T>): Promise<T> {
    const k = idKey(key);
    const existing = memo.get(k);
    if (existing) return existing as Promise<T>;
    const p = load();
    memo.set(k, p);
    return p;
  }

  function withAction(err: AzureError, action: string | undefined): AzureError {
    if (err.kind !== 'forbidden' || err.action || !action) return err;
    return new AzureError({
      kind: err.kind, message: err.message, statusCode: err.statusCode, code: err.code, requestId: err.requestId,
      action, resourceId: err.resourceId, operation: err.operation,
    });
  }

  /** A by-id read: undefined on 404 (absence is a finding). */
  function byId<T>(kind: string, id: string, load: () => Promise<T>): Promise<T | undefined> {
    return memoised(`${kind}:${id}`, async () => {
      const scope: { forbiddenAction?: string | undefined } = {};
      try {
        return await readScope.run(scope, load);
      } catch (e) {
        const err = withAction(toAzureError(e, { resourceId: id }), scope.forbiddenAction);
        if (err.kind === 'notFound') return undefined;
        throw err;
      }
    });
  }

  /** A list read, every page: an absent scope (404) holds nothing. */
  function list<T>(kind: string, scopeKey: string, load: () => Promise<T[]>): Promise<T[]> {
    return memoised(`${kind}:${scopeKey}`, async () => {
      const scope: { forbiddenAction?: string | undefined } = {};
      try {
        return await readScope.run(scope, load);
      } catch (e) {
        const err = withAction(toAzureError(e, { resourceId: scopeKey }), scope.forbiddenAction);
        if (err.kind === 'notFound') return [];
        throw err;
      }
    });
  }

  async function freshCluster(clusterId: string): Promise<{ model: ManagedCluster; id: ResourceId & { resourceGroup: string } }> {
    const id = parseId(clusterId, 'Microsoft.ContainerService/managedClusters', 'managed cluster');
    try {
      const model = await requestScope.run({ kind: 'fresh' }, () => containerService(id.subscriptionId).managedClusters.get(id.resourceGroup, id.name));
      return { model, id };
    } catch (e) {
      throw toAzureError(e, { resourceId: clusterId, operation: `GET ${clusterId}` });
    }
  }

  interface PollerLike {
    onProgress(cb: (state: { status: string }) => void): () => void;
    pollUntilDone(o?: { abortSignal?: AbortSignal }): Promise<unknown>;
  }

  async function runOperation(
    resourceId: string,
    operation: string,
    start: (sdkOptions: { updateIntervalInMs: number; abortSignal?: AbortSignal }) => Promise<PollerLike>,
    writeOptions: WriteOptions = {},
  ): Promise<OperationResult> {
    const began = performance.now();
    const tracker: OperationTracker = { kind: 'write', requestIds: [], accepted: false, onAccepted: writeOptions.onAccepted };
    const signal = writeOptions.abortSignal;
    const elapsed = (): number => Math.round(performance.now() - began);
    const result = (status: OperationResult['status'], error?: OperationResult['error']): OperationResult => ({
      status, requestIds: [...tracker.requestIds], correlationId: tracker.correlationId, error, elapsedMs: elapsed(),
    });
    return requestScope.run(tracker, async () => {
      let poller: PollerLike;
      try {
        poller = await start({ updateIntervalInMs: pollMs, ...(signal ? { abortSignal: signal } : {}) });
      } catch (e) {
        if (signal?.aborted && !tracker.accepted) {
          return result('Canceled', { code: 'Aborted', message: 'cancelled before Azure accepted the request: nothing was changed' });
        }
        throw toAzureError(e, { resourceId, operation });
      }
      const stop = poller.onProgress((state) => {
        const progress: OperationProgress = {
          status: armStatusOf(state.status, tracker.armStatus),
          elapsedMs: elapsed(),
          percentComplete: tracker.percentComplete,
        };
        try {
          writeOptions.onProgress?.(progress);
        } catch {
          // Same: progress display problems never abort the operation.
        }
      });
      try {
        await poller.pollUntilDone(signal ? { abortSignal: signal } : undefined);
        return result('Succeeded');
      } catch (e) {
        if (signal?.aborted) {
          const where = tracker.operationUrl ? `; follow it at ${tracker.operationUrl}` : '';
          return result('Canceled', { code: 'Aborted', message: `stopped waiting: the operation continues in Azure${where}` });
        }
        if (!tracker.accepted) throw toAzureError(e, { resourceId, operation });
        const status = tracker.armStatus?.toLowerCase() === 'canceled' ? 'Canceled' : 'Failed';
        if (tracker.armError) return result(status, tracker.armError);
        const mapped = toAzureError(e, { resourceId, operation });
        return result(status, { code: mapped.code, message: mapped.message });
      } finally {
        stop();
      }
    });
  }

  let previewClient: ContainerServiceClient | undefined;
  /** Serialises the PUT body exactly as the SDK would send it, without sending it. */
  async function serialisedReconcileBody(id: ResourceId & { resourceGroup: string }, model: ManagedCluster): Promise<Record<string, unknown>> {
    const capture: PipelinePolicy = {
      name: 'aksNetisoCapturePut',
      sendRequest(request) {
        const body = request.body;
        let parsed: unknown = body;
        if (typeof body === 'string') parsed = JSON.parse(body) as unknown;
        throw new PreviewCaptured(parsed);
      },
    };
    previewClient ??= new ContainerServiceClient(credential, id.subscriptionId, {
      ...modularOptions([{ policy: capture, position: 'perCall' }]),
      retryOptions: { maxRetries: 0 },
    });
    try {
      // The preview client is per gateway but the subscription is per call: it goes in the URL only.
      const client = previewClient;
      await requestScope.run({ kind: 'fresh' }, () => client.managedClusters.beginCreateOrUpdate(id.resourceGroup, id.name, model, { updateIntervalInMs: pollMs }));
    } catch (e) {
      if (e instanceof PreviewCaptured) return asRecord(e.body) ?? {};
      throw toAzureError(e, { resourceId: id.id });
    }
    throw new Error('the SDK sent no request for the reconcile preview');
  }

  const gateway: AzureGateway = {
    cluster: (clusterId) => byId('cluster', clusterId, async () => {
      const id = parseId(clusterId, 'Microsoft.ContainerService/managedClusters', 'managed cluster');
      return mapCluster(await containerService(id.subscriptionId).managedClusters.get(id.resourceGroup, id.name), clusterId);
    }),

    clustersInSubscription: (subscriptionId) => list('clusters', subscriptionId, async () =>
      (await collect(containerService(subscriptionId).managedClusters.list())).map(mapClusterSummary)),

    agentPools: (clusterId) => list('agentPools', clusterId, async () => {
      const id = parseId(clusterId, 'Microsoft.ContainerService/managedClusters', 'managed cluster');
      return (await collect(containerService(id.subscriptionId).agentPools.list(id.resourceGroup, id.name))).map((p) => mapAgentPool(p, clusterId));
    }),

    registry: (registryId) => byId('registry', registryId, async () => {
      const id = parseId(registryId, 'Microsoft.ContainerRegistry/registries', 'container registry');
      return mapRegistry(await registryClient(id.subscriptionId).registries.get(id.resourceGroup, id.name), registryId);
    }),

    registriesInResourceGroup: (subscriptionId, resourceGroup) => list('registries', `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`, async () =>
      (await collect(registryClient(subscriptionId).registries.listByResourceGroup(resourceGroup))).map((r) => mapRegistry(r, r.id ?? ''))),

    cacheRules: (registryId) => list('cacheRules', registryId, async () => {
      const id = parseId(registryId, 'Microsoft.ContainerRegistry/registries', 'container registry');
      return (await collect(registryClient(id.subscriptionId).cacheRules.list(id.resourceGroup, id.name))).map((r) => mapCacheRule(r, registryId));
    }),

    privateEndpointsInResourceGroup: (subscriptionId, resourceGroup) => list('privateEndpoints', `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`, async () =>
      (await collect(network(subscriptionId).privateEndpoints.list(resourceGroup))).map((e) => mapPrivateEndpoint(e, e.id ?? ''))),

    privateEndpointsInSubscription: (subscriptionId) => list('privateEndpoints', `/subscriptions/${subscriptionId}`, async () =>
      (await collect(network(subscriptionId).privateEndpoints.listBySubscription())).map((e) => mapPrivateEndpoint(e, e.id ?? ''))),

    privateEndpoint: (endpointId) => byId('privateEndpoint', endpointId, async () => {
      const id = parseId(endpointId, 'Microsoft.Network/privateEndpoints', 'private endpoint');
      return mapPrivateEndpoint(await network(id.subscriptionId).privateEndpoints.get(id.resourceGroup, id.name), endpointId);
    }),

    privateDnsZoneGroups: (endpointId) => list('privateDnsZoneGroups', endpointId, async () => {
      const id = parseId(endpointId, 'Microsoft.Network/privateEndpoints', 'private endpoint');
      return (await collect(network(id.subscriptionId).privateDnsZoneGroups.list(id.name, id.resourceGroup))).map((g) => mapZoneGroup(g, endpointId));
    }),

    networkInterface: (nicId) => byId('networkInterface', nicId, async () => {
      const id = parseId(nicId, 'Microsoft.Network/networkInterfaces', 'network interface');
      return mapNetworkInterface(await network(id.subscriptionId).networkInterfaces.get(id.resourceGroup, id.name), nicId);
    }),

    virtualNetwork: (vnetId) => byId('virtualNetwork', vnetId, async () => {
      const id = parseId(vnetId, 'Microsoft.Network/virtualNetworks', 'virtual network');
      return mapVirtualNetwork(await network(id.subscriptionId).virtualNetworks.get(id.resourceGroup, id.name), vnetId);
    }),

    virtualNetworksInResourceGroup: (subscriptionId, resourceGroup) => list('virtualNetworks', `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`, async () =>
      (await collect(network(subscriptionId).virtualNetworks.list(resourceGroup))).map((v) => mapVirtualNetwork(v, v.id ?? ''))),

    privateDnsZone: (zoneId) => byId('privateDnsZone', zoneId, async () => {
      const id = parseId(zoneId, 'Microsoft.Network/privateDnsZones', 'private DNS zone');
      return mapPrivateDnsZone(await dns(id.subscriptionId).privateZones.get(id.resourceGroup, id.name), zoneId);
    }),

    privateDnsZonesInResourceGroup: (subscriptionId, resourceGroup) => list('privateDnsZones', `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`, async () =>
      (await collect(dns(subscriptionId).privateZones.listByResourceGroup(resourceGroup))).map((z) => mapPrivateDnsZone(z, z.id ?? ''))),

    privateDnsZonesInSubscription: (subscriptionId) => list('privateDnsZones', `/subscriptions/${subscriptionId}`, async () =>
      (await collect(dns(subscriptionId).privateZones.list())).map((z) => mapPrivateDnsZone(z, z.id ?? ''))),

    virtualNetworkLinks: (zoneId) => list('virtualNetworkLinks', zoneId, async () => {
      const id = parseId(zoneId, 'Microsoft.Network/privateDnsZones', 'private DNS zone');
      return (await collect(dns(id.subscriptionId).virtualNetworkLinks.list(id.resourceGroup, id.name))).map((l) => mapVirtualNetworkLink(l, zoneId));
    }),

    aRecordSets: (zoneId) => list('aRecordSets', zoneId, async () => {
      const id = parseId(zoneId, 'Microsoft.Network/privateDnsZones', 'private DNS zone');
      return (await collect(dns(id.subscriptionId).recordSets.listByType(id.resourceGroup, id.name, 'A'))).map((r) => mapARecordSet(r, zoneId));
    }),

    roleAssignmentsForScope: (scopeId) => list('roleAssignments', scopeId, async () => {
      let parsed: ResourceId;
      try {
        parsed = parseResourceId(scopeId);
      } catch (e) {
        throw new AzureError({ kind: 'badRequest', message: (e as Error).message, resourceId: scopeId });
      }
      // The SDK's URL template is `/{scope}/providers/…` with the scope unescaped.
      const bare = parsed.id.replace(/^\/+/, '');
      return (await collect(authorization(parsed.subscriptionId).roleAssignments.listForScope(bare))).map(mapRoleAssignment);
    }),

    async previewReconcile(clusterId): Promise<ReconcilePreview> {
      const { model, id } = await freshCluster(clusterId);
      return { method: 'PUT', resourceId: id.id, body: await serialisedReconcileBody(id, model) };
    },

    async reconcileCluster(clusterId, writeOptions) {
      const { model, id } = await freshCluster(clusterId);
      const state = model.provisioningState ?? '';
      if (IN_PROGRESS_STATES.has(state.toLowerCase())) {
        throw new AzureError({
          kind: 'conflict',
          message: `the cluster is ${state}: another operation is in progress; wait for it to finish before reconciling`,
          resourceId: id.id, code: 'OperationNotAllowed',
        });
      }
      return runOperation(id.id, `PUT ${id.id}`, (o) => containerService(id.subscriptionId).managedClusters.beginCreateOrUpdate(id.resourceGroup, id.name, model, o), writeOptions);
    },

    deleteRegistry(registryId, writeOptions) {
      const id = parseId(registryId, 'Microsoft.ContainerRegistry/registries', 'container registry');
      return runOperation(id.id, `DELETE ${id.id}`, (o) => registryClient(id.subscriptionId).registries.beginDelete(id.resourceGroup, id.name, o), writeOptions);
    },

    createCacheRule(registryId, ruleName, rule, writeOptions) {
      const id = parseId(registryId, 'Microsoft.ContainerRegistry/registries', 'container registry');
      const ruleId = `${id.id}/cacheRules/${ruleName}`;
      return runOperation(ruleId, `PUT ${ruleId}`, (o) => registryClient(id.subscriptionId).cacheRules.beginCreate(
        id.resourceGroup, id.name, ruleName, { sourceRepository: rule.sourceRepository, targetRepository: rule.targetRepository }, o,
      ), writeOptions);
    },

    upgradeNodeImage(clusterId, poolName, writeOptions) {
      const id = parseId(clusterId, 'Microsoft.ContainerService/managedClusters', 'managed cluster');
      const poolId = `${id.id}/agentPools/${poolName}`;
      return runOperation(poolId, `POST ${poolId}/upgradeNodeImageVersion`, (o) => containerService(id.subscriptionId).agentPools.beginUpgradeNodeImageVersion(id.resourceGroup, id.name, poolName, o), writeOptions);
    },

    stats: () => ({ ...stats }),

    async principal() {
      try {
        const token = await credential.getToken(scope);
        return token ? principalFromToken(token.token) : undefined;
      } catch {
        return undefined;
      }
    },

    clusterUserKubeconfig: (clusterId) => memoised(`kubeconfig:${clusterId}`, async () => {
      const id = parseId(clusterId, 'Microsoft.ContainerService/managedClusters', 'managed cluster');
      let creds;
      try {
        creds = await containerService(id.subscriptionId).managedClusters.listClusterUserCredentials(id.resourceGroup, id.name);
      } catch (e) {
        throw toAzureError(e, { resourceId: clusterId, operation: `POST ${clusterId}/listClusterUserCredential` });
      }
      const value = creds.kubeconfigs?.[0]?.value;
      if (!value || value.length === 0) {
        throw new AzureError({ kind: 'other', message: 'listClusterUserCredentials returned no kubeconfig', resourceId: clusterId });
      }
      return Buffer.from(value).toString('utf8');
    }),

    async aksServerToken() {
      let token;
      try {
        token = await credential.getToken(`${AKS_SERVER_APP_ID}/.default`);
      } catch (e) {
        throw toAzureError(e);
      }
      if (!token) {
        throw new AzureError({ kind: 'authentication', message: 'no token for the AKS server application; run \'az login\' or pass --kubeconfig' });
      }
      // A pre-fetched --access-token is for ARM: say so rather than let the API server answer 401.
      const aud = decodeJwtClaims(token.token)?.aud;
      const audiences = (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === 'string');
      if (audiences.length > 0 && !audiences.some((a) => a === AKS_SERVER_APP_ID || a === `spn:${AKS_SERVER_APP_ID}`)) {
        throw new AzureError({
          kind: 'authentication',
          message: `the access token is for ${audiences.join(', ')}, not the AKS server application (${AKS_SERVER_APP_ID}) an Entra ID cluster needs; pass --kubeconfig, or sign in with 'az login' instead of --access-token`,
        });
      }
      return token.token;
    },

    clearCache() {
      memo.clear();
      seenGets.clear();
    },
  };
  return gateway;
}
