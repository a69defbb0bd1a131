import { describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaultSpec, requestResourceType } from '../../src/emulator/fault-spec.js';
import { createFaults, faultMatches } from '../../src/emulator/server/faults.js';

const SUB = '/subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg/providers';
const REGISTRY = `${SUB}/Microsoft.ContainerRegistry/registries/acr?api-version=2023-07-01`;
const CACHE_RULES = `${SUB}/Microsoft.ContainerRegistry/registries/acr/cacheRules?api-version=2023-07-01`;
const ZONE = `${SUB}/Microsoft.Network/privateDnsZones/privatelink.azurecr.io?api-version=2020-06-01`;
const LINKS = `${SUB}/Microsoft.Network/privateDnsZones/privatelink.azurecr.io/virtualNetworkLinks?api-version=2020-06-01`;
const ROLES = `/${SUB}/Microsoft.ContainerRegistry/registries/acr/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`;
const PODS = '/api/v1/namespaces/default/pods?limit=50';

describe('parseFaultSpec: the grammar', () => {
  const good: Array<[string, Partial<ReturnType<typeof parseFaultSpec>>]> = [
    ['hang', { kind: 'hang', path: '' }],
    ['tls-stall', { kind: 'tls-stall' }],
    ['*:*@2:tls-stall', { kind: 'tls-stall', skip: 1, times: 1 }],
    ['GET:registries:hang', { kind: 'hang', method: 'GET', resourceType: 'registries' }],
    ['get:registries:drip', { kind: 'drip', method: 'GET', resourceType: 'registries' }],
    ['kube:pods:reset', { kind: 'reset', api: 'kube', resourceType: 'pods' }],
    ['arm:*:badjson', { kind: 'badjson', api: 'arm' }],
    ['status:503', { kind: 'status', status: 503 }],
    ['*:/subscriptions/*/privateDnsZones*:status:429:retry-after=3600', { kind: 'status', status: 429, retryAfterSeconds: 3600 }],
    ['PUT:cacheRules:status:409', { kind: 'status', status: 409, method: 'PUT', resourceType: 'cacheRules' }],
    ['html:502', { kind: 'html', status: 502 }],
    ['arm:managedClusters@3+:latency:1.5s', { kind: 'latency', delayMs: 1500, api: 'arm', resourceType: 'managedClusters', skip: 2 }],
    ['GET:registries@1:hang', { kind: 'hang', skip: 0, times: 1 }],
  ];
  it.each(good)('%s', (spec, expected) => {
    expect(parseFaultSpec(spec)).toMatchObject(expected);
  });

  it('@N+ fires on every request from the Nth on', () => {
    expect(parseFaultSpec('GET:registries@2+:hang').times).toBeUndefined();
  });

  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['explode', /expected SCOPE:TARGET:FAULT/],
    ['GET:registries:explode', /unknown fault "explode"/],
    ['FETCH:registries:hang', /unknown scope "FETCH"/],
    ['GET::hang', /target is empty/],
    ['GET:reg#istries:hang', /neither \*, a resource type/],
    ['GET:registries@0:hang', /counts from 1/],
    ['GET:registries@x:hang', /@ takes a number/],
    ['hang:now', /hang takes no argument/],
    ['status', /3-digit HTTP status/],
    ['status:200', /from 400 to 599/],
    ['status:42x', /3-digit/],
    ['status:429:retry=5', /retry-after=SECONDS/],
    ['status:429:retry-after=5:x', /optional retry-after/],
    ['html:99', /3-digit/],
    ['html:502:x', /one status code/],
    ['latency', /needs a duration/],
    ['latency:soon', /invalid duration "soon"/],
    ['latency:90m', /at most 1 hour/],
    ['GET:registries:tls-stall', /before any request is seen/],
    ['kube:*:tls-stall', /before any request is seen/],
  ];
  it.each(bad)('rejects %j', (spec, reason) => {
    expect(() => parseFaultSpec(spec)).toThrow(FaultSpecError);
    expect(() => parseFaultSpec(spec)).toThrow(reason);
    expect(() => parseFaultSpec(spec)).toThrow(`invalid --emulator-fault "${spec}"`);
  });
});

describe('requestResourceType', () => {
  const cases: Array<['arm' | 'kube', string, string]> = [
    ['arm', REGISTRY, 'registries'],
    ['arm', CACHE_RULES, 'cacheRules'],
    ['arm', ZONE, 'privateDnsZones'],
    ['arm', LINKS, 'virtualNetworkLinks'],
    ['arm', `${SUB}/Microsoft.Network/privateDnsZones/z/A/acr?api-version=1`, 'A'],
    ['arm', ROLES, 'roleAssignments'],
    ['arm', `${SUB}/Microsoft.ContainerService/managedClusters/aks/agentPools`, 'agentPools'],
    ['arm', '/subscriptions/s/resourceGroups/rg', 'resourceGroups'],
    ['kube', PODS, 'pods'],
    ['kube', '/api/v1/nodes/n1', 'nodes'],
    ['kube', '/api/v1/namespaces/default/events', 'events'],
    ['kube', '/apis/apps/v1/namespaces/kube-system/deployments', 'deployments'],
    ['kube', '/version', ''],
  ];
  it.each(cases)('%s %s → %s', (api, path, type) => {
    expect(requestResourceType(api, path)).toBe(type);
  });
});

describe('a parsed spec against requests', () => {
  const matches = (spec: string, method: string, path: string, api: 'arm' | 'kube' = 'arm'): boolean => faultMatches(parseFaultSpec(spec), method, path, api);
  const table: Array<[string, string, string, 'arm' | 'kube', boolean]> = [
    ['GET:registries:hang', 'GET', REGISTRY, 'arm', true],
    ['GET:registries:hang', 'GET', CACHE_RULES, 'arm', false],
    ['GET:registries:hang', 'PUT', REGISTRY, 'arm', false],
    ['kube:pods:reset', 'GET', PODS, 'kube', true],
    ['kube:pods:reset', 'GET', PODS, 'arm', false],
    ['arm:*:badjson', 'GET', PODS, 'kube', false],
    ['*:/subscriptions/*/privateDnsZones*:status:429', 'GET', ZONE, 'arm', true],
    ['*:/subscriptions/*/privateDnsZones*:status:429', 'GET', LINKS, 'arm', true],
    ['*:/subscriptions/*/privateDnsZones*:status:429', 'GET', REGISTRY, 'arm', false],
    ['*:/subscriptions/*/roleAssignments:status:403', 'GET', ROLES, 'arm', true],
    ['hang', 'DELETE', REGISTRY, 'arm', true],
  ];
  it.each(table)('%s on %s %s (%s) → %s', (spec, method, path, api, expected) => {
    expect(matches(spec, method, path, api)).toBe(expected);
  });

  it('@2 lets the first matching request through and faults only the second', () => {
    const faults = createFaults();
    faults.add(parseFaultSpec('GET:registries@2:hang'));
    const request = { method: 'GET', pathWithQuery: REGISTRY, write: false, api: 'arm' as const };
    expect(faults.take({ ...request, pathWithQuery: CACHE_RULES })).toBeUndefined();
    expect(faults.take(request)).toBeUndefined();
    expect(faults.take(request)?.kind).toBe('hang');
    expect(faults.take(request)).toBeUndefined();
  });

  it('tls-stall is taken per connection, never per request', () => {
    const faults = createFaults();
    faults.add(parseFaultSpec('*:*@2:tls-stall'));
    expect(faults.take({ method: 'GET', pathWithQuery: REGISTRY, write: false })).toBeUndefined();
    expect(faults.takeConnection()).toBeUndefined();
    expect(faults.takeConnection()?.kind).toBe('tls-stall');
    expect(faults.takeConnection()).toBeUndefined();
  });
});
