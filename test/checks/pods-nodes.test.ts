import { describe, expect, it } from 'vitest';
import { nodesStaleRegistryConfigCheck } from '../../checks/nodes-stale-registry-config.js';
import { podsImagePullFailuresCheck } from '../../checks/pods-image-pull-failures.js';
import { podsUncachedRegistriesCheck } from '../../checks/pods-uncached-registries.js';
import type { KubeEvent, KubePod } from '../../src/kube/types.js';
import {
  MCR_RULE, MSG, NODES, cacheRule, container, forbidden, notConfigured, ok, pod, pullEvent, registry, unreachable,
} from './fixtures.js';
import { rendered } from '../helpers/registry.js';

// Each judge with the summary the engine renders from its finding's code and params.
const judgeNodesStaleRegistryConfig = rendered(nodesStaleRegistryConfigCheck);
const judgePodsImagePullFailures = rendered(podsImagePullFailuresCheck);
const judgePodsUncachedRegistries = rendered(podsUncachedRegistriesCheck);

const PAUSE = 'mcr.microsoft.com/oss/kubernetes/pause:3.6';
const COREDNS = 'mcr.microsoft.com/oss/kubernetes/coredns:v1.11.1';

/** A pod on `node` failing to pull `image` with `error`. */
function failing(ns: string, name: string, node: string, image: string, error: string, init = false): { p: KubePod; e: KubeEvent } {
  const p = pod(ns, name, node, [container('app', image, { init })]);
  return { p, e: pullEvent(p, 'app', image, error, undefined, init) };
}

function kube(items: { p: KubePod; e: KubeEvent }[]) {
  return { pods: ok(items.map((i) => i.p)), events: ok(items.map((i) => i.e)), nodes: ok(NODES) };
}

const nginx = failing('web', 'nginx-6d4cf56db6-abcde', 'aks-user1-87654321-vmss000000', 'nginx:1.25', MSG.dockerTimeout('docker.io/library/nginx:1.25', 'library/nginx', '1.25'));
const nginx2 = failing('web', 'nginx-6d4cf56db6-fghij', 'aks-user1-87654321-vmss000001', 'docker.io/library/nginx:1.25', MSG.dockerTimeout('docker.io/library/nginx:1.25', 'library/nginx', '1.25'));
const mcrDirect = failing('kube-system', 'coredns-5d7b9c6f8-k2l3m', 'aks-user1-87654321-vmss000001', COREDNS, MSG.mcrTimeout(COREDNS, 'oss/kubernetes/coredns', 'v1.11.1'));
const oldAcr = failing('kube-system', 'konnectivity-agent-x', 'aks-system-12345678-vmss000000', PAUSE, MSG.acrTimeout('oldacr.azurecr.io', PAUSE, 'oss/kubernetes/pause', '3.6'));
const currentAcr = failing('kube-system', 'metrics-server-y', 'aks-system-12345678-vmss000000', PAUSE, MSG.acrTimeout('contosoacr.azurecr.io', PAUSE, 'oss/kubernetes/pause', '3.6'));
const initMcr = failing('jobs', 'migrate-1', 'aks-system-12345678-vmss000000', PAUSE, MSG.mcrTimeout(PAUSE, 'oss/kubernetes/pause', '3.6'), true);
const acr401 = failing('app', 'api-1', 'aks-user1-87654321-vmss000000', 'contosoacr.azurecr.io/team/api:2.0', MSG.acr401('contosoacr.azurecr.io', 'contosoacr.azurecr.io/team/api:2.0', 'team/api'));

describe('pods.image-pull-failures', () => {
  it('fails with one entry per failing container, in report@1 shape', () => {
    const f = judgePodsImagePullFailures(kube([nginx, mcrDirect, initMcr]));
    expect(f.status).toBe('fail');
    expect(f.summary).toContain('3 container(s) in 3 pod(s)');
    const pulls = f.data?.imagePullFailures as { imageRegistry: string; attemptedHost: string | null; failureKind: string; init?: boolean; pool?: string }[];
    expect(pulls.map((p) => [p.imageRegistry, p.attemptedHost, p.failureKind, p.pool, p.init])).toEqual([
      ['docker.io', 'registry-1.docker.io', 'timeout', 'user1', false],
      ['mcr.microsoft.com', 'mcr.microsoft.com', 'timeout', 'user1', false],
      ['mcr.microsoft.com', 'mcr.microsoft.com', 'timeout', 'system', true],
    ]);
    expect(f.evidence).toHaveLength(3);
    expect(f.remediations).toEqual([]);
  });
  it('passes with none', () => {
    const healthy = pod('default', 'ok', 'aks-user1-87654321-vmss000000', [container('a', 'nginx', { waitingReason: undefined, running: true, ready: true })]);
    const f = judgePodsImagePullFailures({ pods: ok([healthy]), events: ok([]), nodes: ok(NODES) });
    expect(f).toMatchObject({ status: 'pass', data: { imagePullFailures: [] } });
  });
  it.each([
    { name: 'unreachable API server', pods: unreachable, status: 'skip', words: ['unreachable', 'inside the VNet', '--kubeconfig'] },
    { name: '--no-kube', pods: notConfigured, status: 'skip', words: ['--no-kube'] },
    { name: 'forbidden', pods: forbidden, status: 'error', words: ['403'] },
  ])('$name → $status', ({ pods, status, words }) => {
    const f = judgePodsImagePullFailures({ pods, events: pods, nodes: pods });
    expect(f.status).toBe(status);
    for (const w of words) expect(f.summary).toContain(w);
  });
  it('still judges from waiting messages when events cannot be read', () => {
    const p = pod('app', 'api', 'aks-user1-87654321-vmss000000', [container('api', 'nginx', { waitingReason: 'ErrImagePull', waitingMessage: MSG.dockerTimeout('docker.io/library/nginx:latest', 'library/nginx', 'latest') })]);
    const f = judgePodsImagePullFailures({ pods: ok([p]), events: forbidden, nodes: ok(NODES) });
    expect(f.status).toBe('fail');
  });
});

describe('pods.uncached-registries', () => {
  const rules = [MCR_RULE];
  it('proposes one rule per upstream repository with the new image reference', () => {
    const f = judgePodsUncachedRegistries({ ...kube([nginx, nginx2, mcrDirect]), registry: registry(), rules });
    expect(f.status).toBe('fail');
    expect(f.remediations).toEqual(['create-cache-rule']);
    expect(f.data?.proposedRules).toEqual([
      { name: 'dockerhub-nginx', sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx', newImage: 'contosoacr.azurecr.io/nginx:1.25', images: ['nginx:1.25', 'docker.io/library/nginx:1.25'] },
    ]);
    expect(f.summary).toContain('contosoacr.azurecr.io/nginx:1.25');
  });
  it('a covering rule means the workload must use the registry reference (no rule to add)', () => {
    const f = judgePodsUncachedRegistries({ ...kube([nginx]), registry: registry(), rules: [...rules, cacheRule('dockerhub-library', 'docker.io/library/*', 'dockerhub/*')] });
    expect(f.status).toBe('fail');
    // Only MCR is mirrored on the nodes: the fix is the reference, per workload.
    expect(f.remediations).toEqual(['use-cached-image-reference']);
    expect(f.data?.proposedRules).toEqual([]);
    const rewrite = { image: 'nginx:1.25', newImage: 'contosoacr.azurecr.io/dockerhub/nginx:1.25', rule: 'dockerhub-library', workloads: [{ namespace: 'web', kind: 'Pod', name: 'nginx-6d4cf56db6-abcde', container: 'app' }] };
    expect(f.data?.rewrites).toEqual([rewrite]);
    expect(f.data?.imageRewrites).toEqual([rewrite]);
  });
  it.each([
    // Only mcr.microsoft.com is mirrored: every other upstream a rule covers is a rewrite, whatever the host.
    ['ghcr.io/contoso/api:2.1', cacheRule('ghcr-contoso', 'ghcr.io/contoso/*', 'ghcr/contoso/*'), 'contosoacr.azurecr.io/ghcr/contoso/api:2.1'],
    ['quay.io/prometheus/node-exporter:v1.8.2', cacheRule('quay-prometheus', 'quay.io/prometheus/node-exporter', 'prometheus/node-exporter'), 'contosoacr.azurecr.io/prometheus/node-exporter:v1.8.2'],
    ['registry.k8s.io/ingress-nginx/controller:v1.11.3', cacheRule('k8s-ingress', 'registry.k8s.io/ingress-nginx/*', 'k8s/ingress-nginx/*'), 'contosoacr.azurecr.io/k8s/ingress-nginx/controller:v1.11.3'],
    ['docker.io/bitnami/redis@sha256:' + 'a'.repeat(64), cacheRule('dockerhub-bitnami', 'docker.io/bitnami/*', 'bitnami/*'), 'contosoacr.azurecr.io/bitnami/redis@sha256:' + 'a'.repeat(64)],
  ])('%s under a covering rule → use-cached-image-reference with %s', (image, rule, newImage) => {
    const f1 = failing('apps', 'w-1', 'aks-user1-87654321-vmss000000', image, `failed to pull and unpack image "${image}": failed to resolve reference "${image}": dial tcp 20.1.2.3:443: i/o timeout`);
    const f = judgePodsUncachedRegistries({ ...kube([f1]), registry: registry(), rules: [...rules, rule] });
    expect(f.status).toBe('fail');
    expect(f.remediations).toEqual(['use-cached-image-reference']);
    expect(f.data?.imageRewrites?.map((r) => [r.newImage, r.rule])).toEqual([[newImage, rule.name]]);
  });
  it.each([
    // A Deployment's ReplicaSet is named <deployment>-<pod-template-hash>: the Deployment is what to change.
    { owner: { kind: 'ReplicaSet', name: 'nginx-6d4cf56db6' }, hash: '6d4cf56db6', want: { kind: 'Deployment', name: 'nginx' } },
    { owner: { kind: 'ReplicaSet', name: 'nginx-rs' }, hash: undefined, want: { kind: 'ReplicaSet', name: 'nginx-rs' } },
    { owner: { kind: 'StatefulSet', name: 'cache' }, hash: undefined, want: { kind: 'StatefulSet', name: 'cache' } },
    { owner: { kind: 'DaemonSet', name: 'agent' }, hash: undefined, want: { kind: 'DaemonSet', name: 'agent' } },
  ])('names the workload from ownerReferences: $owner.kind $owner.name → $want.kind $want.name', ({ owner, hash, want }) => {
    const owned = { ...nginx, p: { ...nginx.p, owner, podTemplateHash: hash } };
    const other = { ...nginx2, p: { ...nginx2.p, owner, podTemplateHash: hash } };
    const f = judgePodsUncachedRegistries({ ...kube([owned, other]), registry: registry(), rules: [...rules, cacheRule('dockerhub-library', 'docker.io/library/*', 'dockerhub/*')] });
    // Two images (nginx:1.25 and docker.io/library/nginx:1.25) of one workload: one rewrite each, the same workload.
    expect(f.data?.imageRewrites?.map((r) => r.workloads)).toEqual([[{ namespace: 'web', container: 'app', ...want }], [{ namespace: 'web', container: 'app', ...want }]]);
    expect(f.data?.imageRewrites?.map((r) => r.newImage)).toEqual(['contosoacr.azurecr.io/dockerhub/nginx:1.25', 'contosoacr.azurecr.io/dockerhub/nginx:1.25']);
  });
  it('an image at the registry whose repository no target covers', () => {
    const img = 'contosoacr.azurecr.io/nginx:1.25';
    const atAcr = failing('web', 'n', 'aks-user1-87654321-vmss000000', img, `failed to resolve reference "${img}": ${img}: not found`);
    const f = judgePodsUncachedRegistries({ ...kube([atAcr]), registry: registry(), rules });
    expect(f.status).toBe('fail');
    expect(f.data?.untargetedRepositories).toEqual(['nginx']);
    expect(judgePodsUncachedRegistries({ ...kube([atAcr]), registry: registry(), rules: [...rules, cacheRule('dockerhub-nginx', 'docker.io/library/nginx', 'nginx')] }).status).toBe('pass');
  });
  it('an image pushed to the registry that fails for another reason is not uncached', () => {
    const img = 'contosoacr.azurecr.io/shop/storefront:4.2.0';
    const pushed = failing('shop', 's', 'aks-user1-87654321-vmss000000', img, MSG.acrTimeout('contosoacr.azurecr.io', img, 'shop/storefront', '4.2.0'));
    expect(judgePodsUncachedRegistries({ ...kube([pushed, acr401]), registry: registry(), rules }).status).toBe('pass');
  });
  it.each([
    { name: 'only MCR images fail', items: [mcrDirect, initMcr] },
    { name: 'the registry path of MCR images', items: [acr401] .map((x) => ({ ...x, p: { ...x.p, containers: [container('app', 'contosoacr.azurecr.io/aks-managed-repository/oss/kubernetes/pause:3.6')] } })) },
    { name: 'no failures', items: [] },
  ])('$name → pass', ({ items }) => {
    expect(judgePodsUncachedRegistries({ ...kube(items), registry: registry(), rules }).status).toBe('pass');
  });
  it('skips when Kubernetes is unreachable', () => {
    expect(judgePodsUncachedRegistries({ pods: unreachable, events: unreachable, nodes: unreachable, registry: registry(), rules }).status).toBe('skip');
  });
});

describe('nodes.stale-registry-config', () => {
  it('nodes pulling through an old registry fail, naming nodes and pools', () => {
    const f = judgeNodesStaleRegistryConfig({ ...kube([oldAcr, currentAcr]), registry: registry(), rules: [MCR_RULE] });
    expect(f.status).toBe('fail');
    expect(f.remediations).toEqual(['upgrade-node-image']);
    expect(f.data?.stalePools).toEqual([{ pool: 'system', nodes: ['aks-system-12345678-vmss000000'] }]);
    expect(f.summary).toContain('oldacr.azurecr.io');
    expect(f.summary).toContain('aks-system-12345678-vmss000000');
  });
  it('an old registry data endpoint counts as stale; the current one does not', () => {
    const oldData = failing('a', 'b', 'aks-user1-87654321-vmss000000', PAUSE, 'failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://oldacr.eastus.data.azurecr.io/aks-managed-repository/x/blobs/sha256:abc": dial tcp 10.9.0.6:443: i/o timeout');
    const curData = failing('a', 'c', 'aks-user1-87654321-vmss000001', PAUSE, 'failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://contosoacr.eastus.data.azurecr.io/aks-managed-repository/x/blobs/sha256:abc": dial tcp 10.225.0.6:443: i/o timeout');
    const f = judgeNodesStaleRegistryConfig({ ...kube([oldData, curData]), registry: registry(), rules: [MCR_RULE] });
    expect(f.data?.stalePools).toEqual([{ pool: 'user1', nodes: ['aks-user1-87654321-vmss000000'] }]);
  });
  it('MCR directly with a healthy chain: stale nodes across multiple pools', () => {
    const f = judgeNodesStaleRegistryConfig({ ...kube([mcrDirect, initMcr]), registry: registry(), rules: [MCR_RULE] });
    expect(f.status).toBe('fail');
    expect(f.data?.stalePools).toEqual([
      { pool: 'system', nodes: ['aks-system-12345678-vmss000000'] },
      { pool: 'user1', nodes: ['aks-user1-87654321-vmss000001'] },
    ]);
  });
  it('legacy * rule still counts as a healthy chain', () => {
    expect(judgeNodesStaleRegistryConfig({ ...kube([mcrDirect]), registry: registry(), rules: [cacheRule('acr-cache-rule', 'mcr.microsoft.com/*', '*')] }).status).toBe('fail');
  });
  it.each([
    { name: 'MCR rule missing', rules: [] },
    { name: 'MCR rule Failed', rules: [cacheRule('aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*', 'Failed')] },
  ])('MCR timeouts with $name blame the cache rule, not the nodes', ({ rules }) => {
    const f = judgeNodesStaleRegistryConfig({ ...kube([mcrDirect]), registry: registry(), rules });
    expect(f.status).toBe('pass');
    expect(f.summary).toContain('cache rule');
    expect(f.evidence[0]?.note).toContain('fallback');
  });
  it.each([
    { name: 'pulls through the current registry', items: [currentAcr, acr401] },
    { name: 'docker.io failures are not node configuration', items: [nginx] },
    { name: 'no failures', items: [] },
  ])('$name → pass', ({ items }) => {
    expect(judgeNodesStaleRegistryConfig({ ...kube(items), registry: registry(), rules: [MCR_RULE] }).status).toBe('pass');
  });
  it('skips when Kubernetes is unreachable', () => {
    const f = judgeNodesStaleRegistryConfig({ pods: unreachable, events: unreachable, nodes: unreachable, registry: registry(), rules: [MCR_RULE] });
    expect(f.status).toBe('skip');
    expect(f.summary).toContain('--kubeconfig');
  });
});
