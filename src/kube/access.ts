import { accessSync, constants as fsConstants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type User } from '@kubernetes/client-node';
import { getProxyForUrl } from 'proxy-from-env';
import type { AzureGateway } from '../azure/ports.js';

/** Where the Kubernetes credentials come from. */
export interface KubeTarget {
  /** `--kubeconfig`. */
  kubeconfigPath?: string | undefined;
  /** Kubeconfig text (from ARM, or a test). Wins over the path. */
  kubeconfigYaml?: string | undefined;
  /** `--context`. */
  context?: string | undefined;
  /** Replaces the context's user with a bearer-token user. */
  bearerToken?: string | undefined;
}

/** A kubeconfig that cannot be used: the message is one line for the user. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

function readable(path: string): string | undefined {
  try {
    accessSync(path, fsConstants.R_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? (e as Error).message);
  }
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n', 1)[0] ?? m;
}

/** Replaces the current context's user with a plain bearer-token user (no exec plugin, no kubelogin). */
function useTokenUser(kc: KubeConfig, token: string): void {
  const ctx = kc.getContextObject(kc.getCurrentContext());
  if (!ctx) throw new KubeConfigError('the kubeconfig has no current context to attach a token to');
  const user: User = { name: ctx.user, token };
  kc.users = [...kc.users.filter((u) => u.name !== ctx.user), user];
}

function finish(kc: KubeConfig, source: string, target: KubeTarget): KubeConfig {
  if (target.context !== undefined) {
    if (!kc.getContextObject(target.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new KubeConfigError(`context "${target.context}" is not in ${source}${names.length ? ` (contexts: ${names.join(', ')})` : ' (it has no contexts)'}`);
    }
    kc.setCurrentContext(target.context);
  }
  const current = kc.getCurrentContext();
  if (!current || !kc.getContextObject(current)) {
    throw new KubeConfigError(`${source} has no current context: pass --context NAME`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new KubeConfigError(`context "${current}" in ${source} names no cluster with a server URL`);
  if (target.bearerToken) useTokenUser(kc, target.bearerToken);
  return kc;
}

/**
 * `--kubeconfig`, else `KUBECONFIG` (a list, merged as kubectl does), else `~/.kube/config`.
 * @throws KubeConfigError for an unreadable or invalid file and for an unknown context.
 */
export function loadKubeConfig(target: KubeTarget): KubeConfig {
  const kc = new KubeConfig();
  if (target.kubeconfigYaml !== undefined) {
    try {
      kc.loadFromString(target.kubeconfigYaml);
    } catch (e) {
      throw new KubeConfigError(`invalid kubeconfig: ${firstLine(e)}`);
    }
    return finish(kc, 'the kubeconfig', target);
  }
  let paths: string[];
  let source: string;
  if (target.kubeconfigPath !== undefined) {
    paths = [target.kubeconfigPath];
    source = target.kubeconfigPath;
  } else if (process.env.KUBECONFIG) {
    paths = process.env.KUBECONFIG.split(delimiter).filter((p) => p.length > 0);
    source = `KUBECONFIG (${process.env.KUBECONFIG})`;
  } else {
    paths = [join(homedir(), '.kube', 'config')];
    source = paths[0] as string;
  }
  const usable = paths.filter((p) => readable(p) === undefined);
  if (usable.length === 0) {
    const first = paths[0] ?? '';
    const why = readable(first) ?? 'no such file';
    throw new KubeConfigError(`cannot read kubeconfig ${target.kubeconfigPath !== undefined ? first : source}: ${why}`);
  }
  try {
    kc.loadFromFile(usable[0] as string);
    for (const p of usable.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(p);
      // kubectl's rule: the first file to set a value wins, so later files only add.
      kc.mergeConfig(more, true);
    }
  } catch (e) {
    throw new KubeConfigError(`invalid kubeconfig ${source}: ${firstLine(e)}`);
  }
  return finish(kc, source, target);
}

/** True for users that need an exec plugin or auth provider to get a token (kubelogin, legacy azure). */
function needsTokenPlugin(user: User | null): boolean {
  if (!user) return false;
  if (user.token || user.certData || user.certFile) return false;
  return user.exec !== undefined || user.authProvider !== undefined;
}

/**
 * The cluster's user kubeconfig from ARM (listClusterUserCredentials). On Entra ID clusters it
 * names a kubelogin exec user; that user is replaced with a token for the AKS server app from
 * the same Azure credential, so kubelogin need not be installed.
 */
export async function kubeConfigFromArm(azure: AzureGateway, clusterId: string): Promise<KubeConfig> {
  const yaml = await azure.clusterUserKubeconfig(clusterId);
  const kc = loadKubeConfig({ kubeconfigYaml: yaml });
  if (needsTokenPlugin(kc.getCurrentUser())) useTokenUser(kc, await azure.aksServerToken());
  return kc;
}

/**
 * HTTPS_PROXY/NO_PROXY for the API server, as for ARM: client-node only knows the kubeconfig's
 * `proxy-url`, so a proxy from the environment is written there (a `proxy-url` already set wins).
 * Returns the proxy used, if any.
 */
export function applyEnvProxy(kc: KubeConfig): string | undefined {
  const current = kc.getCurrentCluster();
  if (!current || current.proxyUrl) return current?.proxyUrl;
  const proxy = getProxyForUrl(current.server) || undefined;
  if (!proxy) return undefined;
  kc.clusters = kc.clusters.map((c) => (c.name === current.name ? { ...c, proxyUrl: proxy } : c));
  return proxy;
}
