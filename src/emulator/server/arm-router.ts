import type { Bundle } from '../../bundle/types.js';
import { idKey, tryParseResourceId } from '../../azure/resource-id.js';
import type { Fault } from '../api.js';
import { refuseApiVersion } from '../api-versions.js';
import { armGet, findResource, notFound, pathSegments } from '../arm.js';
import { hasSubscription } from '../arm-index.js';
import { ACTIVITY_LOG_API_VERSION, activityLogDenied, isActivityLogPath, listActivityLog, recordWrite } from '../activity-log.js';
import { applyWrite, type WriteRequest } from '../provider.js';
import { clusterCredentials, type KubeEndpoint } from './credentials.js';
import { underCluster, type Operation, type Operations } from './lro.js';
import { armErrorReply, defaultArmError, principalOf, type Reply } from './reply.js';
import { createResourceGraphState, handleResourceGraph, isResourceGraphPath, type ResourceGraphState } from '../resource-graph/route.js';

/**
 * The ARM side of the router: what ARM itself checks (token, api-version, subscription, parent,
 * a running operation), then reads through arm.ts and writes through the resource provider,
 * wrapped in the long-running-operation protocol of lro.ts.
 */
export interface ArmContext {
  bundle: Bundle;
  operations: Operations;
  kube: KubeEndpoint;
  baseUrl(): string;
  pageSize: number;
  /** Runs a write so the Kubernetes side sees what it changed (its resourceVersions move). */
  track<T>(write: () => T): T;
  /** Resource Graph's per-user quota windows (created on the first query when absent). */
  resourceGraph?: ResourceGraphState | undefined;
}

/** Provisioning states that mean an operation is running (a write must wait: 409). */
const BUSY_STATES = new Set(['updating', 'creating', 'deleting', 'upgrading', 'scaling', 'starting', 'stopping', 'upgradingnodeimageversion', 'migrating', 'canceling']);

export function isWriteMethod(method: string): method is WriteRequest['method'] {
  return method === 'PUT' || method === 'PATCH' || method === 'DELETE' || method === 'POST';
}

function provisioningState(bundle: Bundle, id: string): string | undefined {
  const state = findResource(bundle, id)?.properties?.['provisioningState'];
  return typeof state === 'string' ? state : undefined;
}

/** Operation words for the 409 message, as AKS names its operations. */
function operationWords(method: WriteRequest['method'], id: string, action: string | undefined): string {
  const child = /\/agentpools\/[^/]+$/i.test(id);
  if (action) return action.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (method === 'DELETE') return child ? 'delete agent pool' : 'delete managed cluster';
  return child ? 'update agent pool' : 'update managed cluster';
}

function knownSubscription(bundle: Bundle, subscriptionId: string): boolean {
  const s = subscriptionId.toLowerCase();
  if (tryParseResourceId(bundle.cluster)?.subscriptionId.toLowerCase() === s) return true;
  return hasSubscription(bundle, s);
}

/** Who last wrote, as ARM records it in `systemData`. */
function touchSystemData(ctx: ArmContext, id: string, authorization: string | undefined): void {
  const resource = findResource(ctx.bundle, id);
  if (!resource || !resource.systemData || typeof resource.systemData !== 'object') return;
  const who = principalOf(authorization);
  Object.assign(resource.systemData as Record<string, unknown>, { lastModifiedBy: who.name, lastModifiedByType: 'User', lastModifiedAt: new Date().toISOString() });
}

function armWrite(ctx: ArmContext, method: WriteRequest['method'], path: string, body: unknown, lroFailed: Fault | undefined, authorization: string | undefined): Reply {
  const { bundle, operations } = ctx;
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
    return clusterCredentials(bundle, ctx.kube, id, lowerAction === 'listclusteradmincredential');
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
  const existing = findResource(bundle, id);
  if ((method === 'POST' || method === 'PATCH') && !existing) {
    const nf = notFound(bundle, id);
    return armErrorReply(nf.status, nf.error);
  }
  // Deleting what is not there is a synchronous no-op in ARM.
  if (method === 'DELETE' && !existing) return { status: 204 };
  const clusterScoped = underCluster(bundle, id) && !!findResource(bundle, bundle.cluster);
  const clusterKey = idKey(bundle.cluster);
  const key = idKey(id);
  if (clusterScoped && BUSY_STATES.has((provisioningState(bundle, bundle.cluster) ?? '').toLowerCase())) {
    const running = operations.running().find((o) => o.clusterScoped);
    const words = running?.words ?? `${(provisioningState(bundle, bundle.cluster) ?? 'updating').toLowerCase()} managed cluster`;
    return armErrorReply(409, {
      code: 'OperationNotAllowed',
      message: `Operation is not allowed because there's an in progress ${words} operation. Please wait for it to finish before starting a new operation.`,
    });
  }
  const busy = operations.running().find((o) => idKey(o.resourceId) === key);
  if (busy) {
    return armErrorReply(409, { code: 'AnotherOperationInProgress', message: `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${busy.urls.asyncOperation}.` });
  }

  const op: Operation = operations.create({ method, resourceId: parsed.id, words: operationWords(method, id, action), clusterScoped });
  let status: number;
  if (lroFailed) {
    op.failure = {
      code: lroFailed.code ?? 'InternalOperationError',
      message: lroFailed.message ?? 'The operation failed: the emulator was told to fail it (lroFailed fault). The resource was left unchanged.',
    };
    status = method === 'PUT' ? (existing ? 200 : 201) : 202;
    op.finalBody = body;
    if (method === 'DELETE') operations.mark(op, parsed.id, 'Deleting');
    recordWrite(bundle, { method, id: parsed.id, action, authorization, status: 'Failed' });
  } else if (method === 'DELETE') {
    // The resource reads `Deleting` until the operation completes; then the provider deletes it.
    op.deferred = { method, id: parsed.id, body };
    recordWrite(bundle, { method, id: parsed.id, authorization, status: 'Succeeded' });
    operations.mark(op, parsed.id, 'Deleting');
    status = 202;
  } else {
    const outcome = ctx.track(() => applyWrite(bundle, { method, id: parsed.id, action, body }));
    if (!outcome.ok) return armErrorReply(outcome.status, { code: outcome.code, message: outcome.message });
    status = method === 'PUT' ? (outcome.status === 201 ? 201 : 200) : 202;
    op.finalBody = outcome.resource ?? findResource(bundle, parsed.id);
    touchSystemData(ctx, parsed.id, authorization);
    recordWrite(bundle, { method, id: parsed.id, action, authorization, status: 'Succeeded' });
    if (method === 'PUT' || method === 'PATCH') operations.mark(op, parsed.id, outcome.status === 201 ? 'Creating' : 'Updating');
    if (method === 'POST' && lowerAction === 'upgradenodeimageversion') operations.mark(op, parsed.id, 'UpgradingNodeImageVersion');
  }
  if (clusterScoped && (key !== clusterKey || (method !== 'DELETE' && !op.marks.some((m) => idKey(m.id) === clusterKey)))) {
    operations.mark(op, bundle.cluster, 'Updating');
  }
  operations.run(op);
  const headers = operations.acceptedHeaders(op);
  const initialBody = method === 'DELETE' || method === 'POST' ? undefined : (findResource(bundle, parsed.id) ?? body);
  return { status, headers, body: initialBody };
}

function activityLog(ctx: ArmContext, method: string, path: string, url: URL, authorization: string | undefined, apiVersion: string): Reply {
  if (method !== 'GET') return armErrorReply(405, { code: 'MethodNotAllowed', message: `The HTTP method '${method}' is not supported.` });
  if (apiVersion !== ACTIVITY_LOG_API_VERSION) {
    return armErrorReply(400, { code: 'NoRegisteredProviderFound', message: `No registered resource provider found for location 'global' and API version '${apiVersion}' for type 'eventtypes'. The supported api-versions are '${ACTIVITY_LOG_API_VERSION}'.` });
  }
  if (activityLogDenied(ctx.bundle)) return armErrorReply(403, defaultArmError(ctx.bundle, pathSegments(path)[1] ?? '', 403, 'GET', path, authorization));
  const result = listActivityLog(ctx.bundle, { baseUrl: ctx.baseUrl(), path, query: url.searchParams, pageSize: ctx.pageSize });
  return 'error' in result ? armErrorReply(result.status, result.error) : { status: 200, body: result.body };
}

/** One ARM request, after faults: the reply to send. */
export function handleArm(ctx: ArmContext, method: string, url: URL, body: unknown, fault: Fault | undefined, authorization: string | undefined): Reply {
  if (!authorization || !/^Bearer\s+\S+/i.test(authorization)) {
    return armErrorReply(401, { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." });
  }
  const apiVersion = url.searchParams.get('api-version');
  if (apiVersion === null) {
    return armErrorReply(400, { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' });
  }
  const path = url.pathname.replace(/\/+$/, '');
  const segments = pathSegments(path);
  if (isResourceGraphPath(segments)) return handleResourceGraph(ctx.bundle, (ctx.resourceGraph ??= createResourceGraphState()), method, apiVersion, body, authorization);
  if (segments[0]?.toLowerCase() === 'subscriptions' && segments[1] && !knownSubscription(ctx.bundle, segments[1])) {
    return armErrorReply(404, { code: 'SubscriptionNotFound', message: `The subscription '${segments[1]}' could not be found.` });
  }
  if (isActivityLogPath(segments)) return activityLog(ctx, method, path, url, authorization, apiVersion);
  const typePath = method === 'POST' ? `/${segments.slice(0, -1).join('/')}` : path;
  const refusal = refuseApiVersion(typePath, apiVersion);
  if (refusal) return armErrorReply(refusal.status, { code: refusal.code, message: refusal.message });
  ctx.operations.settle();
  if (method === 'GET' || method === 'HEAD') {
    const poll = ctx.operations.poll(segments);
    if (poll) return poll;
    const result = armGet(ctx.bundle, { baseUrl: ctx.baseUrl(), path, query: url.searchParams, pageSize: ctx.pageSize });
    return 'error' in result ? armErrorReply(result.status, result.error) : { status: 200, body: result.body };
  }
  if (isWriteMethod(method)) return armWrite(ctx, method, path, body, fault?.kind === 'lroFailed' ? fault : undefined, authorization);
  return armErrorReply(405, { code: 'MethodNotAllowed', message: `The HTTP method '${method}' is not supported.` });
}
