import { describe, expect, it } from 'vitest';
import { parsePullMessage } from '../../src/domain/pull-message.js';
import type { FailureKind } from '../../src/engine/types.js';

interface Row {
  source: string;
  message: string;
  host: string | null;
  kind: FailureKind;
}

// Real messages from public reports (quoted as reported; `<placeholders>` filled with a name where
// the report redacted one, since a redacted host is not a host).
const rows: Row[] = [
  {
    // https://github.com/linkerd/linkerd2/issues/7012
    source: 'linkerd/linkerd2#7012',
    message: 'Failed to pull image "cr.l5d.io/linkerd/proxy:stable-2.11.0": rpc error: code = Unknown desc = failed to pull and unpack image "cr.l5d.io/linkerd/proxy:stable-2.11.0": failed to resolve reference "cr.l5d.io/linkerd/proxy:stable-2.11.0": failed to do request: Head "https://cr.l5d.io/v2/linkerd/proxy/manifests/stable-2.11.0": dial tcp 54.70.21.136:443: i/o timeout',
    host: 'cr.l5d.io',
    kind: 'timeout',
  },
  {
    // https://github.com/microsoft/containerregistry/issues/139
    source: 'microsoft/containerregistry#139 (Head)',
    message: 'Head "https://mcr.microsoft.com/v2/dotnet/aspnet/manifests/6.0": dial tcp 204.79.197.219:443: i/o timeout',
    host: 'mcr.microsoft.com',
    kind: 'timeout',
  },
  {
    // https://github.com/microsoft/containerregistry/issues/139
    source: 'microsoft/containerregistry#139 (deadline)',
    message: 'Error response from daemon: Get "https://mcr.microsoft.com/v2/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    host: 'mcr.microsoft.com',
    kind: 'timeout',
  },
  {
    // https://github.com/Azure/acr/issues/77 (the token URL is the second URL; the first names the same host)
    source: 'Azure/acr#77',
    message: 'Error response from daemon: Get https://zapic.azurecr.io/v2/image/name/manifests/tag: Get https://zapic.azurecr.io/oauth2/token?account=zapic&scope=repository%3Aimage%2Fname%3Apull&service=zapic.azurecr.io: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    host: 'zapic.azurecr.io',
    kind: 'timeout',
  },
  {
    // https://github.com/istio/istio/issues/35186
    source: 'istio/istio#35186',
    message: 'Failed to pull image "docker.io/istio/proxyv2:1.11.2": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/istio/proxyv2:1.11.2": failed to resolve reference "docker.io/istio/proxyv2:1.11.2": failed to do request: Head "https://registry-1.docker.io/v2/istio/proxyv2/manifests/1.11.2": net/http: TLS handshake timeout',
    host: 'registry-1.docker.io',
    kind: 'timeout',
  },
  {
    // https://github.com/tfenster/BCinaB/issues/30
    source: 'tfenster/BCinaB#30',
    message: 'ERROR: Get https://arssolvendi.azurecr.io/v2/: dial tcp: lookup arssolvendi.azurecr.io: no such host',
    host: 'arssolvendi.azurecr.io',
    kind: 'dns',
  },
  {
    // https://github.com/microsoft/nav-docker/issues/57
    source: 'microsoft/nav-docker#57',
    message: 'docker: Error response from daemon: Get https://navdocker.az-azurecr.io/v2/: dial tcp: lookup navdocker.az-azurecr.io on 192.168.65.1:53: no such host',
    host: 'navdocker.az-azurecr.io',
    kind: 'dns',
  },
  {
    // https://github.com/Azure/AKS/issues/1513 (Azure DNS 168.63.129.16, as on AKS nodes)
    source: 'Azure/AKS#1513',
    message: 'Failed create pod sandbox: rpc error: code = Unknown desc = failed pulling image "mcr.microsoft.com/k8s/core/pause:1.2.0": Error response from daemon: Get https://mcr.microsoft.com/v2/: dial tcp: lookup mcr.microsoft.com on 168.63.129.16:53: no such host',
    host: 'mcr.microsoft.com',
    kind: 'dns',
  },
  {
    // The DNS-timeout shape of ../shared/reference/network-isolated-clusters.md §5 (lookup, no URL)
    source: 'reference §5, lookup timeout',
    message: 'failed to do request: Head "https://myacr.azurecr.io/v2/aks-managed-repository/oss/kubernetes/pause/manifests/3.6?ns=mcr.microsoft.com": dial tcp: lookup myacr.azurecr.io on 168.63.129.16:53: read udp 10.224.0.4:40015->168.63.129.16:53: i/o timeout',
    host: 'myacr.azurecr.io',
    kind: 'dns',
  },
  {
    // https://github.com/Azure/AKS/issues/4459 (<registryname> filled in)
    source: 'Azure/AKS#4459',
    message: 'Failed to pull image "contosoacr.azurecr.io/main/web:v5.0.0": failed to pull and unpack image "contosoacr.azurecr.io/main/web:v5.0.0": failed to resolve reference "contosoacr.azurecr.io/main/web:v5.0.0": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://contosoacr.azurecr.io/oauth2/token?scope=repository%3Amain%2Fweb%3Apull&service=contosoacr.azurecr.io: 401 Unauthorized',
    host: 'contosoacr.azurecr.io',
    kind: 'unauthorized',
  },
  {
    // https://github.com/helm/helm/issues/12189 (the aka.ms link is documentation, not the registry)
    source: 'helm/helm#12189',
    message: 'Failed to pull image "smartsitealfaacr.azurecr.io/aem6.5-authbaseimage:v2": rpc error: code = Unknown desc = Error response from daemon: Head "https://smartsitealfaacr.azurecr.io/v2/aem6.5-authbaseimage/manifests/v2": unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.',
    host: 'smartsitealfaacr.azurecr.io',
    kind: 'unauthorized',
  },
  {
    // https://github.com/microsoft/mindaro/issues/45 (kubelet multi-error, both attempts refused)
    source: 'microsoft/mindaro#45',
    message: 'Failed to pull image "bridgetokubernetes.azurecr.io/lpkremoteagent:0.1.4": [rpc error: code = Unknown desc = Error response from daemon: Get https://bridgetokubernetes.azurecr.io/v2/lpkremoteagent/manifests/0.1.4: unauthorized: Application not registered with AAD., rpc error: code = Unknown desc = Error response from daemon: Get https://bridgetokubernetes.azurecr.io/v2/lpkremoteagent/manifests/0.1.4: unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.]',
    host: 'bridgetokubernetes.azurecr.io',
    kind: 'unauthorized',
  },
  {
    // https://github.com/Esri/arcgis-gitops/issues/168 (multi-error: a 401 next to a not found; the 401 explains it)
    source: 'Esri/arcgis-gitops#168',
    message: 'Failed to pull image "arcgisenterprise248c2940cb03b8d5.azurecr.io/docker-hub/esridocker/enterprise-admin:11.4.0.6285": [failed to pull and unpack image "arcgisenterprise248c2940cb03b8d5.azurecr.io/docker-hub/esridocker/enterprise-admin:11.4.0.6285": failed to resolve reference "arcgisenterprise248c2940cb03b8d5.azurecr.io/docker-hub/esridocker/enterprise-admin:11.4.0.6285": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://arcgisenterprise248c2940cb03b8d5.azurecr.io/oauth2/token?scope=repository%3Adocker-hub%2Fesridocker%2Fenterprise-admin%3Apull&service=arcgisenterprise248c2940cb03b8d5.azurecr.io: 401 Unauthorized, rpc error: code = NotFound desc = failed to pull and unpack image "arcgisenterprise248c2940cb03b8d5.azurecr.io/docker-hub/esridocker/enterprise-admin:11.4.0.6285": failed to copy: httpReadSeeker: failed open: could not fetch content descriptor sha256:732cbede32a5c8b88862709b9e904092864ab820830e0f1ff344aaf2ecc7c69b (application/vnd.docker.image.rootfs.diff.tar.gzip) from remote: not found]',
    host: 'arcgisenterprise248c2940cb03b8d5.azurecr.io',
    kind: 'unauthorized',
  },
  {
    // https://github.com/ccampora/domain-agent-orchestrator/issues/35 (ACR firewall answer)
    source: 'ccampora/domain-agent-orchestrator#35',
    message: 'failed getting ACR token: POST https://acrmathczfwnou5pzkms.azurecr.io/oauth2/exchange -------- RESPONSE 403: 403 Forbidden ERROR CODE UNAVAILABLE { "errors": [ { "code": "DENIED", "message": "client with IP \'<redacted>\' is not allowed access. Refer https://aka.ms/acr/firewall to grant access." } ] }',
    host: 'acrmathczfwnou5pzkms.azurecr.io',
    kind: 'forbidden',
  },
  {
    // https://github.com/docker/build-push-action/issues/1214 (registry name redacted in the report: no host to name)
    source: 'docker/build-push-action#1214',
    message: 'error response from daemon: Get "https://.azurecr.io/v2/": denied: {"errors":[{"code":"DENIED","message":"client with IP \\u0027172.214.169.102\\u0027 is not allowed access. Refer https://aka.ms/acr/firewall to grant access."}]}',
    host: null,
    kind: 'forbidden',
  },
  {
    // https://github.com/Azure/aks-engine/issues/3079 (no URL in the message)
    source: 'Azure/aks-engine#3079',
    message: 'Failed to pull image "mcr.microsoft.com/cluster-proportional-autoscaler-amd64:1.1.2-r2": rpc error: code = Unknown desc = Error response from daemon: manifest for mcr.microsoft.com/cluster-proportional-autoscaler-amd64:1.1.2-r2 not found: manifest unknown: manifest unknown',
    host: null,
    kind: 'notFound',
  },
  {
    // https://github.com/kubernetes/minikube/issues/3721
    source: 'kubernetes/minikube#3721',
    message: 'failed to pull image k8s.gcr.io/kube-apiserver:v1.13.3: output: Error response from daemon: Get https://k8s.gcr.io/v2/: x509: certificate signed by unknown authority',
    host: 'k8s.gcr.io',
    kind: 'tls',
  },
  {
    // https://github.com/kubernetes/kubernetes/issues/43924 (an IP registry: where it went, not a host name)
    source: 'kubernetes/kubernetes#43924',
    message: 'Failed to pull image "10.78.0.228:5000/monitorms": Error response from daemon: {"message":"Get https://10.78.0.228:5000/v1/_ping: x509: certificate signed by unknown authority"}',
    host: null,
    kind: 'tls',
  },
  {
    // https://github.com/Azure/open-service-broker-azure/issues/700
    source: 'Azure/open-service-broker-azure#700',
    message: 'Failed to pull image "osbapublicacr.azurecr.io/microsoft/azure-service-broker:v1.6.0": rpc error: code = Unknown desc = Error response from daemon: Get https://osbapublicacr.azurecr.io/v2/microsoft/azure-service-broker/manifests/v1.6.0: received unexpected HTTP status: 500 Internal Server Error',
    host: 'osbapublicacr.azurecr.io',
    kind: 'other',
  },
  {
    // https://github.com/acorn-io/runtime/issues/721 (loopback registry on a port: an IP, so no host)
    source: 'acorn-io/runtime#721',
    message: 'ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "127.0.0.1:32257/acorn/acorn@sha256:4732fbf30a7a20805be784b71b36ed84a49d4c4fc8c9a2e0d237401d1fa51042": failed to resolve reference "127.0.0.1:32257/acorn/acorn@sha256:4732fbf30a7a20805be784b71b36ed84a49d4c4fc8c9a2e0d237401d1fa51042": failed to do request: Head "https://127.0.0.1:32257/v2/acorn/acorn/manifests/sha256:4732fbf30a7a20805be784b71b36ed84a49d4c4fc8c9a2e0d237401d1fa51042": http: server gave HTTP response to HTTPS client',
    host: null,
    kind: 'other',
  },
  {
    // https://github.com/Azure/acr/issues/594 (token exchange to the private endpoint IP timing out)
    source: 'Azure/acr#594',
    message: 'ACR dcontoso.azurecr.io rejected token exchange: failed to send token exchange request: Post https://dcontoso.azurecr.io/oauth2/exchange: dial tcp 10.201.3.5:443: i/o timeout',
    host: 'dcontoso.azurecr.io',
    kind: 'timeout',
  },
  {
    // The containerd mirror shape of reference §5: the registry answered, MCR fallback timed out
    source: 'reference §5, MCR fallback',
    message: 'Failed to pull image "mcr.microsoft.com/oss/kubernetes/pause:3.6": rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "mcr.microsoft.com/oss/kubernetes/pause:3.6": failed to resolve reference "mcr.microsoft.com/oss/kubernetes/pause:3.6": failed to do request: Head "https://mcr.microsoft.com/v2/oss/kubernetes/pause/manifests/3.6": dial tcp 20.61.99.68:443: i/o timeout',
    host: 'mcr.microsoft.com',
    kind: 'timeout',
  },
  {
    source: 'kubelet back-off text (names no host)',
    message: 'Back-off pulling image "nginx:1.25"',
    host: null,
    kind: 'other',
  },
];

describe('parsePullMessage', () => {
  it.each(rows)('$source', ({ message, host, kind }) => {
    expect(parsePullMessage(message)).toEqual({ attemptedHost: host, failureKind: kind });
  });

  it('keeps a non-default port and drops :443', () => {
    expect(parsePullMessage('Get "https://registry.example.com:5000/v2/": dial tcp 10.0.0.1:5000: i/o timeout').attemptedHost).toBe('registry.example.com:5000');
    expect(parsePullMessage('Get "https://MyAcr.AzureCR.io:443/v2/": unauthorized: authentication required').attemptedHost).toBe('myacr.azurecr.io');
  });

  it('names the first host the text names (the mirror before the fallback)', () => {
    const m = '[failed to do request: Head "https://myacr.azurecr.io/v2/aks-managed-repository/x/manifests/1?ns=mcr.microsoft.com": 403 Forbidden, Head "https://mcr.microsoft.com/v2/x/manifests/1": dial tcp 20.61.99.68:443: i/o timeout]';
    expect(parsePullMessage(m).attemptedHost).toBe('myacr.azurecr.io');
  });

  it('answers other/null for an empty message', () => {
    expect(parsePullMessage('')).toEqual({ attemptedHost: null, failureKind: 'other' });
  });
});
