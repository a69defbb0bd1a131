import type { Bundle } from '../../bundle/types.js';
import type { Fault } from '../api.js';
import { forbiddenMessage, kubeReason, kubeStatus, kubeUser, type KubeAnswer } from '../kube.js';
import type { KubeApi } from '../kube-api.js';

/**
 * The hand-off to the emulated Kubernetes API server (kube.ts): which paths are Kubernetes,
 * who the token is, and the answer. Everything Kubernetes-specific lives behind `kubeGet`.
 */
export interface KubeContext {
  bundle: Bundle;
  token: string;
  /** Lists, tables, discovery and continue tokens (kube-api.ts). */
  kube: KubeApi;
}

export function isKubePath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/apis' || pathname.startsWith('/apis/')
    || pathname === '/version' || pathname === '/healthz' || pathname === '/readyz' || pathname === '/livez' || pathname.startsWith('/openapi');
}

export function kubeRequestUser(ctx: KubeContext, authorization: string | undefined): string | undefined {
  return kubeUser(ctx.bundle, authorization, ctx.token);
}

/** One Kubernetes request as the router hands it over (headers included, e.g. `Accept: …;as=Table`). */
export interface KubeRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function handleKube(ctx: KubeContext, request: KubeRequest): KubeAnswer {
  const { method, url, authorization } = request;
  if (!ctx.bundle.kubernetes.reachable) return kubeStatus(404, 'NotFound', 'the server could not find the requested resource');
  if (!kubeUser(ctx.bundle, authorization, ctx.token)) return kubeStatus(401, 'Unauthorized', 'Unauthorized');
  if (method !== 'GET') return kubeStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const accept = request.headers['accept'];
  return ctx.kube.get({ path: url.pathname, query: url.searchParams, accept: typeof accept === 'string' ? accept : undefined });
}

/** A scripted `status` fault answered as kube-apiserver answers: a Status object. */
export function kubeFaultAnswer(ctx: KubeContext, fault: Fault, method: string, url: URL, authorization: string | undefined): KubeAnswer {
  const status = fault.status ?? 500;
  const user = kubeUser(ctx.bundle, authorization, ctx.token) ?? 'system:anonymous';
  const message = fault.message ?? (status === 403 ? forbiddenMessage(user, method, url.pathname) : status === 401 ? 'Unauthorized' : `the emulator was told to answer ${status}`);
  return kubeStatus(status, fault.code ?? kubeReason(status), message);
}
