import type { Bundle } from '../../bundle/types.js';
import { tryParseResourceId } from '../../azure/resource-id.js';
import { buildKubeconfig } from '../access-config.js';
import { findResource, notFound } from '../arm.js';
import { armErrorReply, type Reply } from './reply.js';

/** Where the emulated API server is, with its CA and static token, for the kubeconfigs ARM hands out. */
export interface KubeEndpoint {
  /** The API server URL, or a closed port when the bundle says it is unreachable. */
  server(): string;
  caPem: string;
  token: string;
}

/** `listClusterUserCredential` / `listClusterAdminCredential`: the kubeconfig AKS returns. */
export function clusterCredentials(bundle: Bundle, endpoint: KubeEndpoint, clusterId: string, admin: boolean): Reply {
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
    server: endpoint.server(),
    caPem: endpoint.caPem,
    token: endpoint.token,
    aadTenantId,
  });
  return { status: 200, body: { kubeconfigs: [{ name: admin ? 'clusterAdmin' : 'clusterUser', value: Buffer.from(yaml, 'utf8').toString('base64') }] } };
}

/** The kubeconfig `--print-env` writes: the static-token user, whatever the cluster's auth. */
export function emulatorKubeconfig(bundle: Bundle, endpoint: KubeEndpoint): string {
  const parsed = tryParseResourceId(bundle.cluster);
  return buildKubeconfig({
    clusterName: parsed?.name ?? 'emulated-cluster',
    resourceGroup: parsed?.resourceGroup ?? 'rg',
    server: endpoint.server(),
    caPem: endpoint.caPem,
    token: endpoint.token,
  });
}
