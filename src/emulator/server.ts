import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArmResource, Bundle } from '../bundle/types.js';
import { idKey, tryParseResourceId } from '../azure/resource-id.js';
import type { EmulatorOptions, Fault, RequestLogEntry, RunningEmulator, WrittenEnv } from './api.js';
import { armAction, armGet, findResource, notFound, pathSegments, type ArmError } from './arm.js';
import { loopbackCertificate } from './cert.js';
import { forbiddenMessage, jwtClaims, kubeReason, kubeStatus, kubeUser, type KubeAnswer } from './kube.js';
import { createKubeApi } from './kube-api.js';
import { buildKubeconfig } from './access-config.js';
import { applyWrite, type WriteRequest } from './provider.js';

/** Provisioning states that mean an operation is running (a write must wait: 409). */
const BUSY_STATES = new Set(['updating', 'creating', 'deleting', 'upgrading', 'scaling', 'starting', 'stopping', 'upgradingnodeimageversion', 'migrating', 'canceling']);
const DEFAULT_PRINCIPAL = { name: 'demo@emulator.local', objectId: '00000000-0000-0000-0000-0000000000de' };
const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

/** A long-running operation the emulator accepted. */
interface Operation {
  id: string;
  method: WriteRequest['method'];
  /** The resource the write addressed. */
  resourceId: string;
  polls: number;
  done: boolean;
  failure?: ArmError | undefined;
  startTime: string;
  endTime?: string | undefined;
  /** Provisioning states set while running: restored on failure, `Succeeded` on success. */
  marks: Array<{ id: string; prior: unknown; final: 'Succeeded' | 'restore' }>;
  /** The body of the final `Location` answer (POST actions). */
  finalBody?: unknown;
  /** How AKS names it in a 409 (`update managed cluster`). */
  words: string;
  /** True when it holds the cluster (cluster and agent pool operations). */
  clusterScoped: boolean;
}

interface Reply {
  status: number;
  headers?: Record<string, string> | undefined;
  body?: unknown;
}

function isKubePath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/apis' || pathname.startsWith('/apis/')
    || pathname === '/version' || pathname === '/healthz' || pathname === '/readyz' || pathname === '/livez' || pathname.startsWith('/openapi');
}

function isWriteMethod(method: string): method is WriteRequest['method'] {
  return method === 'PUT' || method === 'PATCH' || method === 'DELETE' || method === 'POST';
}

function faultMatches(fault: Fault, method: string, pathWithQuery: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (typeof fault.path === 'string') return pathWithQuery.toLowerCase().includes(fault.path.toLowerCase());
  fault.path.lastIndex = 0;
  return fault.path.test(pathWithQuery);
}

function principalOf(authorization: string | undefined): { name: string; objectId: string } {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const claims = token ? jwtClaims(token) : undefined;
  if (!claims) return DEFAULT_PRINCIPAL;
  const name = claims['upn'] ?? claims['unique_name'] ?? claims['appid'] ?? claims['sub'];
  const oid = claims['oid'];
  return { name: typeof name === 'string' ? name : DEFAULT_PRINCIPAL.name, objectId: typeof oid === 'string' ? oid : DEFAULT_PRINCIPAL.objectId };
}

function propertiesOf(resource: ArmResource): Record<string, unknown> {
  if (!resource.properties || typeof resource.properties !== 'object') resource.properties = {};
  return resource.properties;
}

function provisioningState(resource: ArmResource | undefined): string | undefined {
  const state = resource?.properties?.['provisioningState'];
  return typeof state === 'string' ? state : undefined;
}

/** Operation words for the 409 message, as AKS names its operations. */
function operationWords(method: WriteRequest['method'], id: string, action: string | undefined): string {
  const child = /\/agentpools\/[^/]+$/i.test(id);
  if (action) return action.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (method === 'DELETE') return child ? 'delete agent pool' : 'delete managed cluster';
  return child ? 'update agent pool' : 'update managed cluster';
}

/** Binds a port on 127.0.0.1 and closes it again, so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const address = probe.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts the emulator: one HTTPS server on 127.0.0.1 (ephemeral port) serving the bundle as
 * Azure Resource Manager (`/subscriptions/…`) and as the Kubernetes API (`/api`, `/apis`, `/version`).
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const bundle: Bundle = structuredClone(options.bundle);
  const { key, cert } = loopbackCertificate();
  const pageSize = Math.max(1, options.pageSize ?? 50);
  const lroPolls = Math.max(0, options.lroPolls ?? 1);
  const kubeToken = `emulator-${randomBytes(16).toString('hex')}`;
  const t0 = performance.now();
  const requests: RequestLogEntry[] = [];
  const faults: ActiveFault[] = [];
  const operations = new Map<string, Operation>();
  const sockets = new Set<Socket>();
  let latencyMs = Math.max(0, options.latencyMs ?? 0);
  const kube = createKubeApi(bundle, { continueTtlMs: options.kubeContinueTtlMs });
  let baseUrl = '';
  let closing: Promise<void> | undefined;
  const refusedPort = await closedPort();

  const clusterKey = idKey(bundle.cluster);
  const subscriptionId = tryParseResourceId(bundle.cluster)?.subscriptionId ?? '00000000-0000-0000-0000-000000000000';

  function takeFault(method: string, pathWithQuery: string, write: boolean): Fault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const active = faults[i];
      if (!active) continue;
      if (active.fault.kind === 'lroFailed' && !write) continue;
      if (!faultMatches(active.fault, method, pathWithQuery)) continue;
      active.remaining -= 1;
      if (active.remaining <= 0) faults.splice(i, 1);
      return active.fault;
    }
    return undefined;
  }

  function armErrorReply(status: number, error: ArmError, headers?: Record<string, string>): Reply {
    return { status, headers, body: { error } };
  }

  function defaultArmError(status: number, method: string, path: string, authorization: string | undefined): ArmError {
    switch (status) {
      case 400:
        return { code: 'BadRequest', message: 'The request is invalid.' };
      case 401:
        return { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
      case 403: {
        const { action, scope } = armAction(method, path);
        const who = principalOf(authorization);
        return {
          code: 'AuthorizationFailed',
          message: `The client '${who.name}' with object id '${who.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        };
      }
      case 404:
        return notFound(bundle, path).error;
      case 409:
        return { code: 'Conflict', message: 'The request conflicts with the current state of the resource.' };
      case 429:
        return {
          code: 'TooManyRequests',
          message: 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, refer to - https://aka.ms/srpthrottlinglimits',
        };
      case 503:
        return { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Please retry the request in a few seconds.' };
      default:
        return {
          code: status >= 500 ? 'InternalServerError' : 'BadRequest',
          message: `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', subscription id '${subscriptionId}', tracking id '${randomUUID()}', request correlation id '${randomUUID()}'.`,
        };
    }
  }

  const operationUrlCache = new WeakMap<Operation, { asyncOperation: string; location: string }>();

  /** Computed once per operation: a deleted resource must not move its operation's URLs. */
  function operationUrls(op: Operation): { asyncOperation: string; location: string } {
    const cachedUrls = operationUrlCache.get(op);
    if (cachedUrls) return cachedUrls;
    const parsed = tryParseResourceId(op.resourceId);
    const namespace = parsed?.provider ?? 'Microsoft.Resources';
    const resource = parsed ? findResource(bundle, parsed.id) : undefined;
    const location = typeof resource?.location === 'string' ? resource.location.replace(/\s+/g, '').toLowerCase() : 'eastus';
    const sub = parsed?.subscriptionId ?? subscriptionId;
    const prefix = `${baseUrl}/subscriptions/${sub}/providers/${namespace}/locations/${location}`;
    const urls = {
      asyncOperation: `${prefix}/operations/${op.id}?api-version=2025-01-01`,
      location: `${prefix}/operationresults/${op.id}?api-version=2025-01-01`,
    };
    operationUrlCache.set(op, urls);
    return urls;
  }

  function mark(op: Operation, id: string, state: string): void {
    const resource = findResource(bundle, id);
    if (!resource) return;
    const props = propertiesOf(resource);
    op.marks.push({ id, prior: props['provisioningState'], final: op.failure ? 'restore' : 'Succeeded' });
    props['provisioningState'] = state;
  }

  function complete(op: Operation): void {
    op.done = true;
    op.endTime = new Date().toISOString();
    // Unwind in reverse so a resource marked twice ends at its first prior value.
    for (const m of [...op.marks].reverse()) {
      const resource = findResource(bundle, m.id);
      if (!resource) continue;
      const props = propertiesOf(resource);
      if (m.final === 'restore') {
        if (m.prior === undefined) delete props['provisioningState'];
        else props['provisioningState'] = m.prior;
      } else {
        props['provisioningState'] = 'Succeeded';
      }
    }
    if (op.method === 'POST' || op.method === 'PATCH') {
      op.finalBody = findResource(bundle, op.resourceId) ?? op.finalBody;
    }
  }

  function advance(op: Operation): void {
    if (op.done) return;
    op.polls += 1;
    if (op.polls > lroPolls) complete(op);
  }

  function credentials(clusterId: string, admin: boolean): Reply {
    const cluster = findResource(bundle, clusterId);
    const parsed = tryParseResourceId(clusterId);
    if (!cluster || !parsed || parsed.fullType.toLowerCase() !== 'microsoft.containerservice/managedclusters') {
      const nf = notFound(bundle, clusterId);
      return armErrorReply(nf.status, nf.error);
    }
    const props = cluster.properties ?? {};
    const aad = props['aadProfile'];
    const tenant = aad && typeof aad === 'object' ? (aad as Record<string, unknown>)['tenantID'] : undefined;
    const aadTenantId = aad && typeof aad === 'object' && !admin
      ? (typeof tenant === 'string' ? tenant : '00000000-0000-0000-0000-000000000000')
      : undefined;
    if (admin && props['disableLocalAccounts'] === true) {
      return armErrorReply(400, { code: 'BadRequest', message: 'Getting static credential is not allowed because this cluster is set to disable local accounts.' });
    }
    const yaml = buildKubeconfig({
      clusterName: cluster.name,
      resourceGroup: parsed.resourceGroup ?? '',
      server: kubeServer(),
      caPem: cert,
      token: kubeToken,
      aadTenantId,
    });
    return { status: 200, body: { kubeconfigs: [{ name: admin ? 'clusterAdmin' : 'clusterUser', value: Buffer.from(yaml, 'utf8').toString('base64') }] } };
  }

  function kubeServer(): string {
    return bundle.kubernetes.reachable ? baseUrl : `https://127.0.0.1:${refusedPort}`;
  }

  function armWrite(method: WriteRequest['method'], path: string, body: unknown, lroFailed: Fault | undefined): Reply {
    const segments = pathSegments(path);
    let action: string | undefined;
    let idSegments = segments;
    if (method === 'POST') {
      action = segments[segments.length - 1];
      idSegments = segments.slice(0, -1);
    }
    const id = `/${idSegments.join('/')}`;
    const parsed = tryParseResourceId(id);
    if (!parsed || parsed.types.length === 0) {
      return armErrorReply(400, { code: 'InvalidResourceId', message: `The resource path '${path}' is not a valid Azure Resource Manager resource id.` });
    }
    const lowerAction = action?.toLowerCase();
    if (lowerAction === 'listclusterusercredential' || lowerAction === 'listclusteradmincredential') {
      return credentials(id, lowerAction === 'listclusteradmincredential');
    }
    // The parent must exist (ARM answers this before the resource provider sees the request).
    if (parsed.types.length >= 2) {
      const parentPath = id.split('/').slice(0, -2).join('/');
      if (!findResource(bundle, parentPath)) {
        const parentName = parsed.names[parsed.names.length - 2] ?? '';
        return armErrorReply(404, { code: 'ParentResourceNotFound', message: `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.` });
      }
    } else if (parsed.resourceGroup !== undefined && method !== 'DELETE') {
      const rgNotFound = notFound(bundle, `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}/providers/x/y/z`);
      if (rgNotFound.error.code === 'ResourceGroupNotFound') return armErrorReply(404, rgNotFound.error);
    }
    if ((method === 'POST' || method === 'PATCH') && !findResource(bundle, id)) {
      const nf = notFound(bundle, id);
      return armErrorReply(nf.status, nf.error);
    }
    const key = idKey(id);
    const clusterScoped = key === clusterKey || key.startsWith(`${clusterKey}/`);
    const cluster = clusterScoped ? findResource(bundle, bundle.cluster) : undefined;
    if (cluster && BUSY_STATES.has((provisioningState(cluster) ?? '').toLowerCase())) {
      const running = [...operations.values()].find((o) => !o.done && o.clusterScoped);
      const words = running?.words ?? `${(provisioningState(cluster) ?? 'updating').toLowerCase()} managed cluster`;
      return armErrorReply(409, {
        code: 'OperationNotAllowed',
        message: `Operation is not allowed because there's an in progress ${words} operation. Please wait for it to finish before starting a new operation.`,
      });
    }
    for (const op of operations.values()) {
      if (!op.done && idKey(op.resourceId) === key) {
        return armErrorReply(409, { code: 'AnotherOperationInProgress', message: `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${operationUrls(op).asyncOperation}.` });
      }
    }

    const op: Operation = {
      id: randomUUID(),
      method,
      resourceId: parsed.id,
      polls: 0,
      done: false,
      startTime: new Date().toISOString(),
      marks: [],
      words: operationWords(method, id, action),
      clusterScoped: !!cluster,
    };
    // Fix the operation's URLs while the resource (and its location) still exists.
    operationUrls(op);
    let status: number;
    if (lroFailed) {
      op.failure = {
        code: lroFailed.code ?? 'InternalOperationError',
        message: lroFailed.message ?? 'The operation failed: the emulator was told to fail it (lroFailed fault). The resource was left unchanged.',
      };
      status = method === 'PUT' ? 201 : 202;
      op.finalBody = body;
    } else {
      const outcome = kube.track(() => applyWrite(bundle, { method, id: parsed.id, action, body }));
      if (!outcome.ok) return armErrorReply(outcome.status, { code: outcome.code, message: outcome.message });
      // Deleting what is not there is a synchronous no-op in ARM.
      if (method === 'DELETE' && outcome.status === 204) return { status: 204 };
      status = method === 'PUT' ? 201 : 202;
      op.finalBody = outcome.resource ?? findResource(bundle, parsed.id);
      if (method === 'PUT' || method === 'PATCH') mark(op, parsed.id, outcome.status === 201 ? 'Creating' : 'Updating');
      if (method === 'POST' && lowerAction === 'upgradenodeimageversion') mark(op, parsed.id, 'UpgradingNodeImageVersion');
    }
    if (cluster && key !== clusterKey) mark(op, bundle.cluster, 'Updating');
    else if (cluster && key === clusterKey && method !== 'DELETE' && !op.marks.some((m) => idKey(m.id) === clusterKey)) mark(op, bundle.cluster, 'Updating');
    operations.set(op.id, op);
    const urls = operationUrls(op);
    const initialBody = method === 'DELETE' || method === 'POST' ? undefined : (findResource(bundle, parsed.id) ?? body);
    switch (method) {
      case 'PUT':
        return { status, headers: { 'Azure-AsyncOperation': urls.asyncOperation }, body: initialBody };
      case 'PATCH':
        return { status, headers: { 'Azure-AsyncOperation': urls.asyncOperation }, body: initialBody };
      case 'POST':
        return { status, headers: { 'Azure-AsyncOperation': urls.asyncOperation, Location: urls.location } };
      case 'DELETE':
        return { status, headers: { Location: urls.location } };
    }
  }

  /** GET of an operation's `Azure-AsyncOperation` or `Location` URL, or undefined when not one. */
  function operationPoll(segments: readonly string[]): Reply | undefined {
    const n = segments.length;
    if (n < 8 || segments[n - 4]?.toLowerCase() !== 'locations') return undefined;
    const kind = segments[n - 2]?.toLowerCase();
    if (kind !== 'operations' && kind !== 'operationresults') return undefined;
    const op = operations.get(segments[n - 1] ?? '');
    if (!op) return armErrorReply(404, { code: 'OperationNotFound', message: `The operation '${segments[n - 1] ?? ''}' was not found.` });
    advance(op);
    const urls = operationUrls(op);
    if (kind === 'operations') {
      const status = !op.done ? 'InProgress' : op.failure ? 'Failed' : 'Succeeded';
      return {
        status: 200,
        body: {
          id: new URL(urls.asyncOperation).pathname,
          name: op.id,
          status,
          startTime: op.startTime,
          ...(op.endTime ? { endTime: op.endTime } : {}),
          ...(op.failure ? { error: op.failure } : {}),
        },
      };
    }
    if (!op.done) return { status: 202, headers: { Location: urls.location } };
    if (op.failure) return armErrorReply(400, op.failure);
    if (op.method === 'DELETE') return { status: 204 };
    return { status: 200, body: op.finalBody ?? {} };
  }

  function handleArm(method: string, url: URL, body: unknown, fault: Fault | undefined, authorization: string | undefined): Reply {
    if (!authorization || !/^Bearer\s+\S+/i.test(authorization)) {
      return armErrorReply(401, { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." });
    }
    if (!url.searchParams.has('api-version')) {
      return armErrorReply(400, { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' });
    }
    const segments = pathSegments(url.pathname);
    if (method === 'GET' || method === 'HEAD') {
      const poll = operationPoll(segments);
      if (poll) return poll;
      const result = armGet(bundle, { baseUrl, path: url.pathname.replace(/\/+$/, ''), query: url.searchParams, pageSize });
      return 'error' in result ? armErrorReply(result.status, result.error) : { status: 200, body: result.body };
    }
    if (isWriteMethod(method)) {
      return armWrite(method, url.pathname.replace(/\/+$/, ''), body, fault?.kind === 'lroFailed' ? fault : undefined);
    }
    return armErrorReply(405, { code: 'MethodNotAllowed', message: `The HTTP method '${method}' is not supported.` });
  }

  function handleKube(method: string, url: URL, authorization: string | undefined, accept: string | undefined): KubeAnswer {
    if (!bundle.kubernetes.reachable) return kubeStatus(404, 'NotFound', 'the server could not find the requested resource');
    if (!kubeUser(bundle, authorization, kubeToken)) return kubeStatus(401, 'Unauthorized', 'Unauthorized');
    if (method !== 'GET') return kubeStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return kube.get({ path: url.pathname, query: url.searchParams, accept });
  }

  function faultReply(api: 'arm' | 'kube', fault: Fault, method: string, url: URL, authorization: string | undefined): Reply {
    const status = fault.status ?? 500;
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
    if (api === 'kube') {
      const user = kubeUser(bundle, authorization, kubeToken) ?? 'system:anonymous';
      const message = fault.message ?? (status === 403 ? forbiddenMessage(user, method, url.pathname) : status === 401 ? 'Unauthorized' : `the emulator was told to answer ${status}`);
      const answer = kubeStatus(status, fault.code ?? kubeReason(status), message);
      return { status: answer.status, headers, body: answer.body };
    }
    const defaults = defaultArmError(status, method, url.pathname, authorization);
    return armErrorReply(status, { code: fault.code ?? defaults.code, message: fault.message ?? defaults.message }, headers);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY_BYTES) throw new Error('request body too large');
      chunks.push(buf);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Settles a request's log entry; set by handle(), called by send() so the log is final when the client has the answer. */
  const settlers = new WeakMap<ServerResponse, (status: number) => void>();

  function send(res: ServerResponse, api: 'arm' | 'kube', reply: Reply, req: IncomingMessage): void {
    if (res.destroyed) return;
    settlers.get(res)?.(reply.status);
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (api === 'arm') {
      headers['x-ms-request-id'] = randomUUID();
      const correlation = req.headers['x-ms-correlation-request-id'];
      headers['x-ms-correlation-request-id'] = typeof correlation === 'string' ? correlation : randomUUID();
      const clientRequestId = req.headers['x-ms-client-request-id'];
      if (typeof clientRequestId === 'string') headers['x-ms-client-request-id'] = clientRequestId;
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, { ...headers, 'Content-Length': '0' });
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = performance.now() - t0;
    const method = (req.method ?? 'GET').toUpperCase();
    const pathWithQuery = req.url ?? '/';
    // `{scope}` paths arrive as `//subscriptions/…` (the SDKs do not strip the scope's slash): not a host.
    const url = new URL(pathWithQuery.replace(/^\/{2,}/, '/'), 'https://127.0.0.1');
    const api: 'arm' | 'kube' = isKubePath(url.pathname) ? 'kube' : 'arm';
    // Logged on arrival (status 0 until answered), so in-flight and hung requests show too.
    const entry: RequestLogEntry = { api, method, path: pathWithQuery, status: 0, start, end: start };
    requests.push(entry);
    let settled = false;
    const settle = (status: number): void => {
      if (settled) return;
      settled = true;
      entry.status = status;
      entry.end = performance.now() - t0;
    };
    settlers.set(res, settle);
    res.once('close', () => settle(res.writableFinished ? res.statusCode : 0));

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      send(res, api, armErrorReply(413, { code: 'RequestEntityTooLarge', message: 'The request content is too large.' }), req);
      return;
    }
    let body: unknown;
    let badJson: string | undefined;
    if (rawBody.trim().length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch (e) {
        badJson = (e as Error).message;
      }
    }
    if (body !== undefined && method !== 'GET') entry.body = body;

    if (latencyMs > 0) await sleep(latencyMs);
    if (closing) {
      req.socket.destroy();
      return;
    }
    const authorization = req.headers.authorization;
    const fault = takeFault(method, pathWithQuery, api === 'arm' && isWriteMethod(method));
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      send(res, api, faultReply(api, fault, method, url, authorization), req);
      return;
    }
    if (api === 'kube') {
      entry.user = kubeUser(bundle, authorization, kubeToken);
      const answer = handleKube(method, url, authorization, req.headers.accept);
      send(res, api, { status: answer.status, headers: answer.contentType ? { 'Content-Type': answer.contentType } : undefined, body: answer.body }, req);
      return;
    }
    if (badJson !== undefined && method !== 'GET') {
      send(res, api, armErrorReply(400, { code: 'InvalidRequestContent', message: `The request content was invalid and could not be deserialized: '${badJson}'.` }), req);
      return;
    }
    send(res, api, handleArm(method, url, body, fault, authorization), req);
  }

  const server = createHttpsServer({ key, cert, keepAlive: true }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the emulator must show up as a 500 in the client, not crash the process.
      if (!res.headersSent && !res.destroyed) {
        const error = { code: 'InternalServerError', message: `emulator error: ${(e as Error).message}` };
        send(res, 'arm', armErrorReply(500, error), req);
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // TLS handshake failures (a client that does not trust the CA) are the client's error to report.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  baseUrl = `https://127.0.0.1:${port}`;

  function kubeconfigYaml(): string {
    const parsed = tryParseResourceId(bundle.cluster);
    return buildKubeconfig({
      clusterName: parsed?.name ?? 'emulated-cluster',
      resourceGroup: parsed?.resourceGroup ?? 'rg',
      server: kubeServer(),
      caPem: cert,
      token: kubeToken,
    });
  }

  const running: RunningEmulator = {
    url: baseUrl,
    caPem: cert,
    kubeToken,
    bundle,
    requests,
    kubeconfigYaml,
    addFault(fault: Fault): () => void {
      const active: ActiveFault = { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY };
      // `times: 0` is a fault that never fires, not one that fires forever.
      if (active.remaining > 0) faults.push(active);
      return () => {
        const at = faults.indexOf(active);
        if (at >= 0) faults.splice(at, 1);
      };
    },
    clearFaults(): void {
      faults.length = 0;
    },
    setLatency(ms: number): void {
      latencyMs = Math.max(0, ms);
    },
    async writeEnv(dir: string): Promise<WrittenEnv> {
      await mkdir(dir, { recursive: true });
      const kubeconfig = join(dir, 'kubeconfig');
      const caCertificate = join(dir, 'ca.pem');
      await writeFile(kubeconfig, kubeconfigYaml(), { encoding: 'utf8', mode: 0o600 });
      await writeFile(caCertificate, cert, 'utf8');
      return { armEndpoint: baseUrl, kubeconfig, caCertificate, subscriptionId, clusterId: bundle.cluster };
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
  return running;
}
