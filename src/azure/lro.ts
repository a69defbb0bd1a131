/**
 * The writes: long-running operations driven to their end with progress, and the reconcile
 * preview (the PUT body serialised by the SDK itself, never sent). The pipeline's write
 * tracker sees every exchange, so a result names its request ids and operation URL.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { ContainerServiceClient, type ManagedCluster } from '@azure/arm-containerservice';
import { AzureError } from './errors.js';
import { toAzureError } from './map-error.js';
import type { SdkClients } from './clients.js';
import type { OperationTracker, PipelinePolicy, RequestScope } from './pipeline.js';
import type { AzureWrites, ReconcilePreview, WriteOptions } from './ports.js';
import { parseKind, type GroupedId } from './reads.js';
import type { TokenCredential } from '@azure/identity';
import type { OperationProgress, OperationResult } from './types.js';

const IN_PROGRESS_STATES = new Set(['creating', 'updating', 'upgrading', 'deleting', 'scaling', 'starting', 'stopping', 'migrating', 'canceling', 'reconciling']);

class PreviewCaptured extends Error {
  constructor(readonly body: unknown) {
    super('preview captured');
  }
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** An ARM provisioning or operation status that ends the operation. */
function isTerminal(status: string): boolean {
  return ['succeeded', 'failed', 'canceled', 'cancelled'].includes(status.toLowerCase());
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

interface PollerLike {
  onProgress(cb: (state: { status: string }) => void): () => void;
  pollUntilDone(o?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface WriteDeps {
  sdk: SdkClients;
  credential: TokenCredential;
  requestScope: AsyncLocalStorage<RequestScope>;
  pollMs: number;
  /** Cancels requests when the gateway closes. */
  signal: () => AbortSignal;
}

export function createWrites(d: WriteDeps): AzureWrites {
  const { sdk, requestScope, pollMs } = d;
  const clusterId = (id: string): GroupedId => parseKind(id, 'cluster');
  const registryId = (id: string): GroupedId => parseKind(id, 'registry');

  async function freshCluster(id: string): Promise<{ model: ManagedCluster; id: GroupedId }> {
    const parsed = clusterId(id);
    try {
      const model = await requestScope.run({ kind: 'fresh' }, () => sdk.containerService(parsed.subscriptionId).managedClusters.get(parsed.resourceGroup, parsed.name, { abortSignal: d.signal() }));
      return { model, id: parsed };
    } catch (e) {
      throw toAzureError(e, { resourceId: id, operation: `GET ${id}` });
    }
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
    // Ctrl-C (the caller's signal) and the gateway closing both cancel; only Ctrl-C is reported as such.
    const cancel = signal ? AbortSignal.any([signal, d.signal()]) : d.signal();
    const elapsed = (): number => Math.round(performance.now() - began);
    const result = (status: OperationResult['status'], error?: OperationResult['error']): OperationResult => ({
      status, requestIds: [...tracker.requestIds], correlationId: tracker.correlationId, error, elapsedMs: elapsed(),
    });
    return requestScope.run(tracker, async () => {
      let poller: PollerLike;
      try {
        poller = await start({ updateIntervalInMs: pollMs, abortSignal: cancel });
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
        await poller.pollUntilDone({ abortSignal: cancel });
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
        // No terminal status from ARM: only the following failed, not (as far as we know) the operation.
        return { ...result(status, { code: mapped.code, message: mapped.message }), lostContact: tracker.armStatus === undefined || !isTerminal(tracker.armStatus) };
      } finally {
        stop();
      }
    });
  }

  let previewClient: ContainerServiceClient | undefined;
  /** Serialises the PUT body exactly as the SDK would send it, without sending it. */
  async function serialisedReconcileBody(id: GroupedId, model: ManagedCluster): Promise<Record<string, unknown>> {
    const capture: PipelinePolicy = {
      name: 'aksNetisoCapturePut',
      sendRequest(request) {
        const body = request.body;
        let parsed: unknown = body;
        if (typeof body === 'string') parsed = JSON.parse(body) as unknown;
        throw new PreviewCaptured(parsed);
      },
    };
    previewClient ??= new ContainerServiceClient(d.credential, id.subscriptionId, sdk.modularOptions([{ policy: capture, position: 'perCall' }]));
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

  return {
    async previewReconcile(id): Promise<ReconcilePreview> {
      const { model, id: parsed } = await freshCluster(id);
      return { method: 'PUT', resourceId: parsed.id, body: await serialisedReconcileBody(parsed, model) };
    },

    async reconcileCluster(id, writeOptions) {
      const { model, id: parsed } = await freshCluster(id);
      const state = model.provisioningState ?? '';
      if (IN_PROGRESS_STATES.has(state.toLowerCase())) {
        throw new AzureError({
          kind: 'conflict',
          message: `the cluster is ${state}: another operation is in progress; wait for it to finish before reconciling`,
          resourceId: parsed.id, code: 'OperationNotAllowed',
        });
      }
      return runOperation(parsed.id, `PUT ${parsed.id}`, (o) => sdk.containerService(parsed.subscriptionId).managedClusters.beginCreateOrUpdate(parsed.resourceGroup, parsed.name, model, o), writeOptions);
    },

    deleteRegistry(id, writeOptions) {
      const parsed = registryId(id);
      return runOperation(parsed.id, `DELETE ${parsed.id}`, (o) => sdk.registry(parsed.subscriptionId).registries.beginDelete(parsed.resourceGroup, parsed.name, o), writeOptions);
    },

    createCacheRule(id, ruleName, rule, writeOptions) {
      const parsed = registryId(id);
      const ruleId = `${parsed.id}/cacheRules/${ruleName}`;
      return runOperation(ruleId, `PUT ${ruleId}`, (o) => sdk.registry(parsed.subscriptionId).cacheRules.beginCreate(
        parsed.resourceGroup, parsed.name, ruleName,
        { sourceRepository: rule.sourceRepository, targetRepository: rule.targetRepository, ...(rule.credentialSetResourceId ? { credentialSetResourceId: rule.credentialSetResourceId } : {}) }, o,
      ), writeOptions);
    },

    upgradeNodeImage(id, poolName, writeOptions) {
      const parsed = clusterId(id);
      const poolId = `${parsed.id}/agentPools/${poolName}`;
      return runOperation(poolId, `POST ${poolId}/upgradeNodeImageVersion`, (o) => sdk.containerService(parsed.subscriptionId).agentPools.beginUpgradeNodeImageVersion(parsed.resourceGroup, parsed.name, poolName, o), writeOptions);
    },
  };
}
