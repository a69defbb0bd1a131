import { AZURE_DNS, DOCKER_HUB_IP, MCR_IP, fullReference, hex } from '../fixtures/ids.js';

function repoAndTag(fullRef: string): { host: string; repo: string; tag: string } {
  const slash = fullRef.indexOf('/');
  const host = fullRef.slice(0, slash);
  const rest = fullRef.slice(slash + 1);
  const at = rest.indexOf('@');
  if (at >= 0) return { host, repo: rest.slice(0, at), tag: rest.slice(at + 1) };
  const colon = rest.lastIndexOf(':');
  return colon >= 0 ? { host, repo: rest.slice(0, colon), tag: rest.slice(colon + 1) } : { host, repo: rest, tag: 'latest' };
}

/** containerd's error texts (reference §4, §5): what the kubelet reports after "Failed to pull image". */
export const pullError = {
  /** No mirror served it (no cache rule: 404, skipped) and the MCR fallback has no egress. */
  mcrTimeout(image: string): string {
    const ref = fullReference(image);
    const { repo, tag } = repoAndTag(ref);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "https://mcr.microsoft.com/v2/${repo}/manifests/${tag}": dial tcp ${MCR_IP}:443: i/o timeout`;
  },
  /** A public registry without a mirror: straight to it, and no egress. */
  directTimeout(image: string, ip = DOCKER_HUB_IP): string {
    const ref = fullReference(image);
    const { host, repo, tag } = repoAndTag(ref);
    const h = host === 'docker.io' ? 'registry-1.docker.io' : host;
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "https://${h}/v2/${repo}/manifests/${tag}": dial tcp ${ip}:443: i/o timeout`;
  },
  mirrorUrl(image: string, acrHost: string, legacy = false): string {
    const ref = fullReference(image);
    const { host, repo, tag } = repoAndTag(ref);
    return `https://${acrHost}/v2/${legacy ? '' : 'aks-managed-repository/'}${repo}/manifests/${tag}?ns=${host}`;
  },
  /** The registry host does not resolve (deleted registry, stale node pointing at an old one). */
  mirrorLookup(image: string, acrHost: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "${pullError.mirrorUrl(image, acrHost)}": dial tcp: lookup ${acrHost} on ${AZURE_DNS}:53: no such host`;
  },
  /** The registry host resolves to an address nothing answers on (public IP without egress, wrong record). */
  mirrorTimeout(image: string, acrHost: string, ip: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "${pullError.mirrorUrl(image, acrHost)}": dial tcp ${ip}:443: i/o timeout`;
  },
  /** Public endpoint reached while public access is disabled: the classic missing-VNet-link symptom. */
  mirror403(image: string, acrHost: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": unexpected status from HEAD request to ${pullError.mirrorUrl(image, acrHost)}: 403 Forbidden`;
  },
  /** Anonymous pull off and no AcrPull for the kubelet identity. */
  token401(image: string, acrHost: string): string {
    const ref = fullReference(image);
    const { repo } = repoAndTag(ref);
    const onAcr = ref.startsWith(acrHost + '/');
    const scopeRepo = onAcr ? repo : `aks-managed-repository/${repo}`;
    return `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://${acrHost}/oauth2/token?scope=repository%3A${encodeURIComponent(scopeRepo)}%3Apull&service=${acrHost}: 401 Unauthorized`;
  },
  /** An image referenced through the registry that no cache rule covers and nobody pushed. */
  notFound(image: string): string {
    const ref = fullReference(image);
    return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
  },
  /** The manifest came through the login server, the blob download hits the unresolvable data endpoint. */
  dataLookup(image: string, acrHost: string, dataHostName: string): string {
    const ref = fullReference(image);
    return `failed to pull and unpack image "${ref}": failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://${dataHostName}/docker/registry/v2/blobs/sha256/${hex(image, 2)}/${hex(image, 64)}/data?se=2026-11-21T10%3A20%3A00Z&sig=REDACTED&sp=r&spr=https&sr=b&sv=2018-03-28&regid=${hex(acrHost, 32)}": dial tcp: lookup ${dataHostName} on ${AZURE_DNS}:53: no such host`;
  },
};
