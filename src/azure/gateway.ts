/**
 * The ARM gateway: the real SDK clients behind the narrow AzureGateway port. Reads come from
 * the table in `reads.ts` and are memoised (the promise is stored, so concurrent callers share
 * one request); writes are long-running operations (`lro.ts`); every request goes through the
 * pipeline of `pipeline.ts` (host guard, deadlines, retries, faults in words). SDK types stay in
 * this folder.
 */
import type { TokenCredential } from '@azure/identity';
import { AzureError, causeChain, isAzureError } from './errors.js';
import { toAzureError } from './map-error.js';
import { decodeJwtClaims, principalFromToken } from './credentials.js';
import { createSdkClients } from './clients.js';
import { readActivityLog } from './activity-log.js';
import { createResourceGraph } from './resource-graph.js';
import { createWrites } from './lro.js';
import { createPipeline, type RecordedResponse, type RetrySettings } from './pipeline.js';
import type { AzureReads, ManagedAzureGateway, RunScope } from './ports.js';
import { parseKind, READS, type ReadSpec } from './reads.js';
import { idKey } from './resource-id.js';
import { createTransport } from './transport.js';

export type { RecordedResponse } from './pipeline.js';

export interface AzureGatewayOptions {
  credential: TokenCredential;
  /** `https://host[:port]`: the only host requests may go to. */
  armEndpoint: string;
  /** Token scope; defaults to `<armEndpoint>/.default`. */
  scope?: string | undefined;
  /** PEM of a private CA to trust for the endpoint (the emulator, a TLS-inspecting proxy). */
  caPem?: string | undefined;
  retry?: RetrySettings | undefined;
  /** Per request, covering connect, TLS and the whole body; default 15 s (`--request-timeout`). */
  requestTimeoutMs?: number | undefined;
  /** The longest Retry-After waited for; default 10 s. Longer ends the read as throttled. */
  throttleCapMs?: number | undefined;
  /** Requests in flight to ARM at once; default 8. */
  concurrency?: number | undefined;
  /** Poll interval of long-running operations; default 2000 (the SDK's). */
  lroPollIntervalMs?: number | undefined;
  /** Every final ARM response (after retries), with its raw body: `capture` writes bundles from these. */
  onResponse?: ((r: RecordedResponse) => void) | undefined;
  /** Honour HTTPS_PROXY/NO_PROXY (default); the embedded emulator on loopback never goes through a proxy. */
  envProxy?: boolean | undefined;
  /** `--debug`: one line per attempt (status, request id, time) and each fault's chain of causes. */
  debug?: ((line: string) => void) | undefined;
  /** Resource Graph page size (`$top`); default and most 1000. */
  resourceGraphTop?: number | undefined;
}

/** The AKS Entra ID server application: its tokens open Entra-enabled clusters without kubelogin. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const DEFAULT_THROTTLE_CAP_MS = 10_000;
const DEFAULT_CONCURRENCY = 8;

function withAction(err: AzureError, action: string | undefined): AzureError {
  if (err.kind !== 'forbidden' || err.action || !action) return err;
  return err.with({ action });
}

export function createAzureGateway(options: AzureGatewayOptions): ManagedAzureGateway {
  let endpointUrl: URL;
  try {
    endpointUrl = new URL(options.armEndpoint);
  } catch {
    throw new Error(`the ARM endpoint "${options.armEndpoint}" is not a URL`);
  }
  const endpoint = endpointUrl.origin;
  const scope = options.scope ?? `${endpoint}/.default`;
  const credential = options.credential;
  const closing = new AbortController();
  let run: RunScope | undefined;
  /** What cancels a request sent now: the run (deadline), else only closing. */
  const signal = (): AbortSignal => (run?.signal ? AbortSignal.any([run.signal, closing.signal]) : closing.signal);

  const transport = createTransport({ caPem: options.caPem, envProxy: options.envProxy });
  const pipeline = createPipeline({
    allowedHost: endpointUrl.host.toLowerCase(),
    transport,
    caFile: options.caPem !== undefined,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retry: options.retry,
    throttleCapMs: options.throttleCapMs ?? DEFAULT_THROTTLE_CAP_MS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    deadline: () => run?.deadline,
    fallbackSignal: closing.signal,
    onResponse: options.onResponse,
    debug: options.debug,
  });
  const { stats, readScope } = pipeline;
  const sdk = createSdkClients({ credential, endpoint, scope, policies: pipeline.policies });
  const memo = new Map<string, Promise<unknown>>();

  function memoised<T>(key: string, load: () => Promise<T>): Promise<T> {
    const k = idKey(key);
    const existing = memo.get(k);
    if (existing) return existing as Promise<T>;
    const p = load();
    memo.set(k, p);
    return p;
  }

  /** What a failed read says: the deadline's own words when it passed, else the mapped fault. */
  function readFailure(e: unknown, cancel: AbortSignal, resourceId: string): AzureError {
    let err: AzureError;
    if (cancel.aborted && !isAzureError(e)) {
      const reason: unknown = cancel.reason;
      const message = reason instanceof Error ? reason.message : 'the read was cancelled';
      err = new AzureError({ kind: closing.signal.aborted ? 'other' : 'deadline', message, resourceId, code: 'Aborted', cause: e });
    } else {
      err = toAzureError(e, { resourceId });
    }
    if (options.debug && err.kind !== 'notFound' && !closing.signal.aborted) {
      options.debug(`${err.kind} for ${resourceId}: ${err.message}${err.requestId ? ` (request id ${err.requestId})` : ''}`);
      const chain = causeChain(err.cause);
      if (chain.length > 0) options.debug(`  caused by: ${chain.join(' <- ')}`);
    }
    return err;
  }

  function runRead<A extends unknown[], T>(name: string, spec: ReadSpec<A, T>, args: A): Promise<T> {
    const about = spec.about(...args);
    return memoised(`${name}:${about}`, async () => {
      const found: { forbiddenAction?: string | undefined } = {};
      const cancel = signal();
      try {
        return await readScope.run(found, () => spec.load(sdk, { abortSignal: cancel }, ...args));
      } catch (e) {
        const err = withAction(readFailure(e, cancel, about), found.forbiddenAction);
        if (err.kind === 'notFound') return spec.absent;
        throw err;
      }
    });
  }

  const reads = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [name, spec] of Object.entries(READS) as [string, ReadSpec<unknown[], unknown>][]) {
    reads[name] = (...args: unknown[]) => runRead(name, spec, args);
  }

  const gateway: ManagedAzureGateway = {
    ...(reads as unknown as AzureReads),
    ...createWrites({ sdk, credential, requestScope: pipeline.requestScope, pollMs: options.lroPollIntervalMs ?? 2000, signal }),

    activityLog: (subscriptionId, resourceGroup) =>
      memoised(`activityLog:${subscriptionId}/${resourceGroup}`, async () => {
        const cancel = signal();
        try {
          return await readActivityLog(sdk, endpoint, subscriptionId, resourceGroup, new Date(), cancel);
        } catch (e) {
          throw readFailure(e, cancel, `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`);
        }
      }),

    // Any subscription's client will do: the request names no subscription, only the pipeline is used.
    resourceGraph: createResourceGraph({
      send: (request) => sdk.network('00000000-0000-0000-0000-000000000000').sendRequest(request),
      endpoint,
      requestScope: pipeline.requestScope,
      signal,
      top: options.resourceGraphTop,
      debug: options.debug,
    }),

    stats: () => ({ ...stats }),
    pendingHosts: () => pipeline.pendingHosts(),

    async principal() {
      try {
        const token = await credential.getToken(scope, { abortSignal: signal() });
        return token ? principalFromToken(token.token) : undefined;
      } catch {
        return undefined;
      }
    },

    clusterUserKubeconfig: (clusterId) => memoised(`kubeconfig:${clusterId}`, async () => {
      const id = parseKind(clusterId, 'cluster');
      const cancel = signal();
      let creds;
      try {
        creds = await sdk.containerService(id.subscriptionId).managedClusters.listClusterUserCredentials(id.resourceGroup, id.name, { abortSignal: cancel });
      } catch (e) {
        throw readFailure(e, cancel, clusterId).with({ operation: `POST ${clusterId}/listClusterUserCredential` });
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
        token = await credential.getToken(`${AKS_SERVER_APP_ID}/.default`, { abortSignal: signal() });
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

    beginRun(scopeOfRun) {
      run = scopeOfRun;
    },

    clearCache() {
      memo.clear();
      pipeline.clearSeen();
    },

    close() {
      if (!closing.signal.aborted) closing.abort(new Error('the session was closed'));
      transport.close();
    },
  };
  return gateway;
}
