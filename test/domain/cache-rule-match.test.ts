import { describe, expect, it } from 'vitest';
import type { CacheRule } from '../../src/azure/types.js';
import {
  isValidCacheRuleName, mcrRuleVerdict, proposeCacheRule, ruleCovers, targetCovers,
} from '../../src/domain/cache-rule-match.js';
import { parseImageRef } from '../../src/domain/image-ref.js';

const REG = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contosoacr';
const rule = (name: string, source: string, target: string, state = 'Succeeded'): CacheRule => ({
  id: `${REG}/cacheRules/${name}`, name, sourceRepository: source, targetRepository: target, provisioningState: state,
});

describe('ruleCovers', () => {
  it.each([
    { source: 'docker.io/library/*', image: 'nginx:1.25', covers: true },
    { source: 'docker.io/library/*', image: 'bitnami/redis', covers: false },
    { source: 'docker.io/library/nginx', image: 'nginx', covers: true },
    { source: 'docker.io/library/nginx', image: 'docker.io/library/nginx:1.25', covers: true },
    { source: 'docker.io/library/nginx', image: 'nginx-unprivileged', covers: false },
    { source: 'docker.io/nginx', image: 'nginx', covers: true },
    { source: 'mcr.microsoft.com/*', image: 'mcr.microsoft.com/oss/kubernetes/pause:3.6', covers: true },
    { source: 'mcr.microsoft.com/*', image: 'nginx', covers: false },
    { source: 'ghcr.io/fluxcd/*', image: 'ghcr.io/fluxcd/source-controller:v1.2.0', covers: true },
    { source: 'ghcr.io/fluxcd/*', image: 'ghcr.io/fluxcd-community/x', covers: false },
    { source: 'Quay.io/Jetstack/*', image: 'quay.io/jetstack/cert-manager-controller:v1.14.0', covers: true },
    { source: 'registry.k8s.io/ingress-nginx/controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.9.4', covers: true },
  ])('$source covers $image: $covers', ({ source, image, covers }) => {
    expect(ruleCovers({ sourceRepository: source, targetRepository: 'x' }, parseImageRef(image))).toBe(covers);
  });

  it('a rule without source covers nothing', () => {
    expect(ruleCovers({ sourceRepository: undefined }, parseImageRef('nginx'))).toBe(false);
  });
});

describe('targetCovers', () => {
  it.each([
    { target: 'aks-managed-repository/*', repo: 'aks-managed-repository/oss/kubernetes/pause', covers: true },
    { target: 'aks-managed-repository/*', repo: 'aks-managed-repository', covers: false },
    { target: '*', repo: 'anything/at/all', covers: true },
    { target: 'nginx', repo: 'nginx', covers: true },
    { target: 'nginx', repo: 'nginx/extra', covers: false },
    { target: 'dockerhub/*', repo: 'dockerhub/nginx', covers: true },
  ])('$target covers $repo: $covers', ({ target, repo, covers }) => {
    expect(targetCovers({ sourceRepository: 'x', targetRepository: target }, repo)).toBe(covers);
  });
});

describe('proposeCacheRule', () => {
  it.each([
    { image: 'nginx:1.25', name: 'dockerhub-nginx', source: 'docker.io/library/nginx', target: 'nginx', newImage: 'contosoacr.azurecr.io/nginx:1.25' },
    { image: 'bitnami/redis', name: 'dockerhub-bitnami-redis', source: 'docker.io/bitnami/redis', target: 'bitnami/redis', newImage: 'contosoacr.azurecr.io/bitnami/redis:latest' },
    { image: 'ghcr.io/fluxcd/source-controller:v1.2.0', name: 'ghcr-fluxcd-source-controller', source: 'ghcr.io/fluxcd/source-controller', target: 'fluxcd/source-controller', newImage: 'contosoacr.azurecr.io/fluxcd/source-controller:v1.2.0' },
    { image: 'registry.k8s.io/ingress-nginx/controller:v1.9.4', name: 'registry-k8s-ingress-nginx-controller', source: 'registry.k8s.io/ingress-nginx/controller', target: 'ingress-nginx/controller', newImage: 'contosoacr.azurecr.io/ingress-nginx/controller:v1.9.4' },
    { image: 'quay.io/a', name: 'quay-a', source: 'quay.io/a', target: 'a', newImage: 'contosoacr.azurecr.io/a:latest' },
  ])('$image', ({ image, name, source, target, newImage }) => {
    const p = proposeCacheRule(parseImageRef(image), 'ContosoAcr.azurecr.io', []);
    expect(p).toEqual({ name, sourceRepository: source, targetRepository: target, newImage, images: [] });
    expect(isValidCacheRuleName(p.name)).toBe(true);
  });

  it('avoids names already taken and keeps names within 50 characters', () => {
    const ref = parseImageRef('nginx:1.25');
    expect(proposeCacheRule(ref, 'contosoacr.azurecr.io', ['DockerHub-Nginx']).name).toBe('dockerhub-nginx-2');
    expect(proposeCacheRule(ref, 'contosoacr.azurecr.io', ['dockerhub-nginx', 'dockerhub-nginx-2']).name).toBe('dockerhub-nginx-3');
    const long = parseImageRef('ghcr.io/some-very-long-organisation-name/an-even-longer-repository-name/component:1');
    const p = proposeCacheRule(long, 'contosoacr.azurecr.io', []);
    expect(isValidCacheRuleName(p.name)).toBe(true);
    const again = proposeCacheRule(long, 'contosoacr.azurecr.io', [p.name]);
    expect(again.name).not.toBe(p.name);
    expect(isValidCacheRuleName(again.name)).toBe(true);
  });

  it('keeps a digest in the new reference', () => {
    const d = 'sha256:4732fbf30a7a20805be784b71b36ed84a49d4c4fc8c9a2e0d237401d1fa51042';
    expect(proposeCacheRule(parseImageRef(`nginx@${d}`), 'contosoacr.azurecr.io', []).newImage).toBe(`contosoacr.azurecr.io/nginx@${d}`);
  });
});

describe('mcrRuleVerdict', () => {
  it.each([
    { rules: [rule('aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*')], state: 'current' },
    { rules: [rule('whatever-name', 'MCR.microsoft.com/*', 'aks-managed-repository/*')], state: 'current' },
    { rules: [rule('acr-cache-rule', 'mcr.microsoft.com/*', '*')], state: 'legacy' },
    { rules: [rule('acr-cache-rule', 'mcr.microsoft.com/*', '*'), rule('aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*')], state: 'current' },
    { rules: [rule('aks-managed-mcr', 'mcr.microsoft.com/*', 'mcr/*')], state: 'wrongTarget' },
    { rules: [rule('aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*', 'Failed')], state: 'notSucceeded' },
    { rules: [rule('dockerhub', 'docker.io/library/*', 'dockerhub/*')], state: 'missing' },
    { rules: [], state: 'missing' },
  ])('$state', ({ rules, state }) => {
    expect(mcrRuleVerdict(rules).state).toBe(state);
  });
});
