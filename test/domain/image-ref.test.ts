import { describe, expect, it } from 'vitest';
import { ImageRefError, imageRegistryOf, isAcrHost, isMcrHost, parseImageRef, referenceSuffix } from '../../src/domain/image-ref.js';

const DIGEST = 'sha256:4732fbf30a7a20805be784b71b36ed84a49d4c4fc8c9a2e0d237401d1fa51042';

describe('parseImageRef', () => {
  it.each([
    { image: 'nginx', registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined, explicit: false },
    { image: 'nginx:1.25', registry: 'docker.io', repository: 'library/nginx', tag: '1.25', digest: undefined, explicit: false },
    { image: 'bitnami/redis:7.2', registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2', digest: undefined, explicit: false },
    { image: 'docker.io/library/busybox:1.36', registry: 'docker.io', repository: 'library/busybox', tag: '1.36', digest: undefined, explicit: true },
    { image: 'docker.io/nginx', registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined, explicit: true },
    { image: 'index.docker.io/library/nginx:latest', registry: 'docker.io', repository: 'library/nginx', tag: 'latest', digest: undefined, explicit: true },
    { image: 'mcr.microsoft.com/oss/kubernetes/pause:3.6', registry: 'mcr.microsoft.com', repository: 'oss/kubernetes/pause', tag: '3.6', digest: undefined, explicit: true },
    { image: 'MyAcr.azurecr.io/aks-managed-repository/oss/kubernetes/coredns:v1.11.1', registry: 'myacr.azurecr.io', repository: 'aks-managed-repository/oss/kubernetes/coredns', tag: 'v1.11.1', digest: undefined, explicit: true },
    { image: 'ghcr.io/fluxcd/source-controller:v1.2.0', registry: 'ghcr.io', repository: 'fluxcd/source-controller', tag: 'v1.2.0', digest: undefined, explicit: true },
    { image: 'registry.k8s.io/ingress-nginx/controller:v1.9.4@' + DIGEST, registry: 'registry.k8s.io', repository: 'ingress-nginx/controller', tag: 'v1.9.4', digest: DIGEST, explicit: true },
    { image: `quay.io/jetstack/cert-manager-controller@${DIGEST}`, registry: 'quay.io', repository: 'jetstack/cert-manager-controller', tag: undefined, digest: DIGEST, explicit: true },
    { image: 'localhost:5000/team/app:dev', registry: 'localhost:5000', repository: 'team/app', tag: 'dev', digest: undefined, explicit: true },
    { image: 'localhost/app', registry: 'localhost', repository: 'app', tag: undefined, digest: undefined, explicit: true },
    { image: '10.78.0.228:5000/monitorms', registry: '10.78.0.228:5000', repository: 'monitorms', tag: undefined, digest: undefined, explicit: true },
  ])('$image', ({ image, registry, repository, tag, digest, explicit }) => {
    expect(parseImageRef(image)).toEqual({ registry, repository, tag, digest, registryExplicit: explicit });
  });

  it.each(['', '   ', 'nginx latest', 'Nginx', 'docker.io/', 'nginx:', 'nginx@sha256:xyz', 'a//b'])('rejects %j with a one-line error', (image) => {
    expect(() => parseImageRef(image)).toThrow(ImageRefError);
    try {
      parseImageRef(image);
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('gives the tag or digest suffix with latest by default', () => {
    expect(referenceSuffix(parseImageRef('nginx'))).toBe(':latest');
    expect(referenceSuffix(parseImageRef('nginx:1.25'))).toBe(':1.25');
    expect(referenceSuffix(parseImageRef(`nginx@${DIGEST}`))).toBe(`@${DIGEST}`);
  });

  it('reports the registry of an unparseable image from its first component', () => {
    expect(imageRegistryOf('Quay.io/Bad Name')).toBe('quay.io');
    expect(imageRegistryOf('nginx')).toBe('docker.io');
  });
});

describe('registry host kinds', () => {
  it.each([
    ['mcr.microsoft.com', true, false],
    ['eastus.data.mcr.microsoft.com', true, false],
    ['myacr.azurecr.io', false, true],
    ['myacr.eastus.data.azurecr.io', false, true],
    ['MyAcr.AzureCR.io:443', false, true],
    ['azurecr.io', false, false],
    ['registry-1.docker.io', false, false],
    ['notmcr.microsoft.com.evil.io', false, false],
  ])('%s → mcr %s, acr %s', (host, mcr, acr) => {
    expect(isMcrHost(host)).toBe(mcr);
    expect(isAcrHost(host)).toBe(acr);
  });
});
