import { describe, expect, it } from 'vitest';
import { armAction, armGet, isCollectionPath, listCollection, notFound, pathSegments } from '../../src/emulator/arm.js';
import { parseDuration } from '../../src/emulator/duration.js';
import { forbiddenMessage, kubeUser, parseFieldSelector } from '../../src/emulator/kube.js';
import { createKubeApi } from '../../src/emulator/kube-api.js';
import { CLUSTER_ID, NODE_RG, PE_ID, REGISTRY, REGISTRY_ID, RG, SUB, ZONE_ID, fixtureBundle, unsignedJwt } from './server-fixture.js';

describe('parseDuration', () => {
  it.each([
    ['50ms', 50],
    ['1s', 1000],
    ['1.5s', 1500],
    ['0', 0],
    ['250', 250],
    [' 20 ms ', 20],
    ['2m', 120_000],
    ['10MS', 10],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'fast', '-5ms', '5h', '1e3', '50 ms extra', '2 hours', '7200s'])('rejects %j with one clear line', (text) => {
    expect(() => parseDuration(text)).toThrowError(/^invalid duration "/);
    try {
      parseDuration(text);
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

describe('ARM paths', () => {
  it.each([
    [`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters`, true],
    [CLUSTER_ID, false],
    [`${CLUSTER_ID}/agentPools`, true],
    [`${ZONE_ID}/A`, true],
    [`${ZONE_ID}/A/${REGISTRY}`, false],
    [`${REGISTRY_ID}/providers/Microsoft.Authorization/roleAssignments`, true],
    [`/subscriptions/${SUB}/resourceGroups/${RG}`, false],
  ])('%s is a collection: %s', (path, expected) => {
    expect(isCollectionPath(pathSegments(path))).toBe(expected);
  });

  it.each([
    ['GET', `${REGISTRY_ID}/cacheRules`, 'Microsoft.ContainerRegistry/registries/cacheRules/read', REGISTRY_ID],
    ['GET', `${REGISTRY_ID}/cacheRules/aks-managed-mcr`, 'Microsoft.ContainerRegistry/registries/cacheRules/read', `${REGISTRY_ID}/cacheRules/aks-managed-mcr`],
    ['PUT', `${REGISTRY_ID}/cacheRules/x`, 'Microsoft.ContainerRegistry/registries/cacheRules/write', `${REGISTRY_ID}/cacheRules/x`],
    ['DELETE', REGISTRY_ID, 'Microsoft.ContainerRegistry/registries/delete', REGISTRY_ID],
    ['GET', `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries`, 'Microsoft.ContainerRegistry/registries/read', `/subscriptions/${SUB}/resourceGroups/${NODE_RG}`],
    ['GET', `/subscriptions/${SUB}/providers/Microsoft.Network/privateEndpoints`, 'Microsoft.Network/privateEndpoints/read', `/subscriptions/${SUB}`],
    ['GET', `${ZONE_ID}/A`, 'Microsoft.Network/privateDnsZones/A/read', ZONE_ID],
    ['GET', `${ZONE_ID}/ALL`, 'Microsoft.Network/privateDnsZones/recordsets/read', ZONE_ID],
    ['GET', `${REGISTRY_ID}/providers/Microsoft.Authorization/roleAssignments`, 'Microsoft.Authorization/roleAssignments/read', REGISTRY_ID],
    ['POST', `${CLUSTER_ID}/listClusterUserCredential`, 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action', CLUSTER_ID],
    ['POST', `${CLUSTER_ID}/agentPools/nodepool1/upgradeNodeImageVersion`, 'Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action', `${CLUSTER_ID}/agentPools/nodepool1`],
    ['GET', `/subscriptions/${SUB}/resourceGroups/${RG}`, 'Microsoft.Resources/subscriptions/resourceGroups/read', `/subscriptions/${SUB}/resourceGroups/${RG}`],
  ])('%s %s needs %s over its scope', (method, path, action, scope) => {
    expect(armAction(method, path)).toEqual({ action, scope });
  });

  it('404 messages name the type and resource group as ARM does', () => {
    const bundle = fixtureBundle();
    expect(notFound(bundle, `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/x`).error).toEqual({
      code: 'ResourceNotFound',
      message: `The Resource 'Microsoft.ContainerRegistry/registries/x' under resource group '${NODE_RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    });
    expect(notFound(bundle, `/subscriptions/${SUB}/resourceGroups/gone/providers/Microsoft.ContainerRegistry/registries/x`).error).toEqual({
      code: 'ResourceGroupNotFound',
      message: "Resource group 'gone' could not be found.",
    });
  });

  it('derives lists from ids: children, subscription-wide, record sets, inherited role assignments', () => {
    const bundle = fixtureBundle();
    const names = (path: string): string[] | undefined => listCollection(bundle, path)?.map((r) => r.name);
    expect(names(`${PE_ID}/privateDnsZoneGroups`)).toEqual(['default']);
    expect(names(`${ZONE_ID.toUpperCase()}/virtualNetworkLinks`)).toEqual(['aks-vnet-link']);
    expect(names(`${ZONE_ID}/A`)).toEqual([REGISTRY, `${REGISTRY}.eastus.data`]);
    expect(names(`${ZONE_ID}/SOA`)).toEqual(['@']);
    expect(names(`/subscriptions/${SUB}/providers/Microsoft.Network/privateDnsZones`)).toEqual(['privatelink.azurecr.io']);
    // A subscription-wide list never includes extension resources such as role assignments.
    expect(names(`/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/registries`)).toHaveLength(3);
    expect(names(`/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Authorization/roleAssignments`)).toHaveLength(2);
    expect(names(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`)).toHaveLength(3);
    expect(names(`${REGISTRY_ID}/cacheRules/aks-managed-mcr/nothing`)).toEqual([]);
    expect(names(`/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/missing/cacheRules`)).toBeUndefined();
  });

  it('pages with $skiptoken nextLinks, keeping the other query parameters', () => {
    const bundle = fixtureBundle();
    const path = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries`;
    const first = armGet(bundle, { baseUrl: 'https://127.0.0.1:1234', path, query: new URLSearchParams('api-version=2025-04-01'), pageSize: 2 });
    expect(first).toMatchObject({ status: 200, body: { nextLink: `https://127.0.0.1:1234${path}?api-version=2025-04-01&$skiptoken=2` } });
    const second = armGet(bundle, { baseUrl: 'https://127.0.0.1:1234', path, query: new URLSearchParams('api-version=2025-04-01&$skiptoken=2'), pageSize: 2 });
    expect(second.status).toBe(200);
    expect((second as { body: { value: unknown[]; nextLink?: string } }).body.value).toHaveLength(1);
    expect((second as { body: { nextLink?: string } }).body.nextLink).toBeUndefined();
  });
});

describe('Kubernetes reads', () => {
  const api = createKubeApi(fixtureBundle());
  const get = (path: string, query: URLSearchParams) => api.get({ path, query });

  it.each([
    ['involvedObject.kind=Pod,type=Warning', 3],
    ['involvedObject.kind==Pod,type!=Warning', 1],
    ['reason=BackOff', 1],
    ['involvedObject.namespace=default,involvedObject.name=hello-7d9c8b6f5-q2w3e', 3],
    ['type=Warning,involvedObject.kind!=Pod', 1],
    ['source=kubelet', 5],
    ['', 5],
  ])('events fieldSelector %j → %d', (selector, count) => {
    const answer = get('/api/v1/events', new URLSearchParams({ fieldSelector: selector }));
    expect((answer.body as { items: unknown[] }).items).toHaveLength(count);
  });

  it('rejects unknown field labels and unreadable selectors', () => {
    expect(() => parseFieldSelector('involvedObject.color=red', 'events')).toThrow('field label not supported: involvedObject.color');
    expect(() => parseFieldSelector('justtext', 'events')).toThrow(/invalid selector/);
    expect(parseFieldSelector('spec.nodeName=aks-1,status.phase!=Running', 'pods')).toEqual([
      { field: 'spec.nodeName', op: '=', value: 'aks-1' },
      { field: 'status.phase', op: '!=', value: 'Running' },
    ]);
  });

  it('pages with continue tokens: the rest of the list, no page cap below the limit', () => {
    const first = get('/api/v1/pods', new URLSearchParams({ limit: '3' })).body as { metadata: { continue?: string; remainingItemCount?: number } };
    expect(first.metadata.remainingItemCount).toBe(2);
    const token = first.metadata.continue ?? '';
    const rest = get('/api/v1/pods', new URLSearchParams({ limit: '3', continue: token })).body as { items: unknown[]; metadata: { continue?: string } };
    expect(rest.items).toHaveLength(2);
    expect(rest.metadata.continue).toBeUndefined();
  });

  it('serves single objects and 404s the rest with Status objects', () => {
    expect(get('/api/v1/namespaces/default/pods/web-5b6c7d8e9-r4t5y', new URLSearchParams()).status).toBe(200);
    expect(get('/api/v1/namespaces/default/pods/nope', new URLSearchParams()).body).toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found' });
    expect(get('/api/v1/secrets', new URLSearchParams()).status).toBe(404);
    expect(get('/apis/apps/v1/deployments', new URLSearchParams()).status).toBe(404);
    expect(get('/api/v1/namespaces/apps/pods', new URLSearchParams()).body).toMatchObject({ kind: 'PodList', items: [{ metadata: { name: 'api-6c7d8e9f0-u6i7o' } }] });
  });

  it('words RBAC denials like kube-apiserver', () => {
    expect(forbiddenMessage('clusterUser', 'GET', '/api/v1/pods')).toBe('pods is forbidden: User "clusterUser" cannot list resource "pods" in API group "" at the cluster scope');
    expect(forbiddenMessage('u', 'GET', '/api/v1/namespaces/kube-system/events')).toBe('events is forbidden: User "u" cannot list resource "events" in API group "" in the namespace "kube-system"');
    expect(forbiddenMessage('u', 'GET', '/api/v1/nodes/aks-1')).toBe('nodes "aks-1" is forbidden: User "u" cannot get resource "nodes" in API group "" at the cluster scope');
  });

  it('authenticates the static token, and AKS-audience JWTs only on Entra ID clusters', () => {
    const jwt = unsignedJwt({ aud: '6dae42f8-4368-4678-94ff-3960e28e3630', upn: 'alice@contoso.example' });
    expect(kubeUser(fixtureBundle(), 'Bearer tok', 'tok')).toBe('clusterUser');
    expect(kubeUser(fixtureBundle(), undefined, 'tok')).toBeUndefined();
    expect(kubeUser(fixtureBundle(), `Bearer ${jwt}`, 'tok')).toBeUndefined();
    expect(kubeUser(fixtureBundle({ aad: true }), `Bearer ${jwt}`, 'tok')).toBe('alice@contoso.example');
    expect(kubeUser(fixtureBundle({ aad: true }), `Bearer ${unsignedJwt({ aud: 'https://management.azure.com' })}`, 'tok')).toBeUndefined();
    expect(kubeUser(fixtureBundle({ aad: true }), 'Bearer not.a-jwt', 'tok')).toBeUndefined();
  });
});
