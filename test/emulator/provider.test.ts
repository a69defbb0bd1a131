import { describe, expect, it } from 'vitest';
import type { ArmResource, Bundle } from '../../src/bundle/types.js';
import { idKey, sameId } from '../../src/azure/resource-id.js';
import { applyWrite, refreshPulls } from '../../src/emulator/provider.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import { addNginxWorkload } from '../../src/emulator/scenarios/byo.js';
import { failWorkload } from '../../src/emulator/scenarios/common.js';
import { LATEST_NODE_IMAGE, pullError } from '../../src/emulator/scenarios/build.js';

/** The state without eTags: AKS moves a cluster's and a pool's eTag on every write, a no-op one too. */
function stateOf(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'eTag' ? undefined : v));
}

const MANAGED_REGISTRY = '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d/resourceGroups/MC_rg-prod_aks-prod_eastus2/providers/Microsoft.ContainerRegistry/registries/aksbootstrap3f9c1e2a';
const BYO_REGISTRY = '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d/resourceGroups/rg-registry/providers/Microsoft.ContainerRegistry/registries/contosoprodacr';

function scenario(name: string): Bundle {
  const s = findScenario(name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s.build();
}

function props(r: ArmResource | undefined): Record<string, unknown> {
  return r?.properties ?? {};
}

function get(b: Bundle, id: string): ArmResource | undefined {
  return b.arm.find((r) => sameId(r.id, id));
}

function ofType(b: Bundle, type: string): ArmResource[] {
  return b.arm.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

function failing(b: Bundle): string[] {
  const out: string[] = [];
  for (const pod of b.kubernetes.pods ?? []) {
    const status = (pod.status ?? {}) as Record<string, { name: string; state?: { waiting?: { reason?: string } } }[] | undefined>;
    for (const cs of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
      const reason = cs.state?.waiting?.reason;
      if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') out.push(`${pod.metadata?.namespace}/${pod.metadata?.name}/${cs.name}`);
    }
  }
  return out.sort();
}

function podNode(b: Bundle, key: string): string {
  const [ns, name] = key.split('/');
  const pod = (b.kubernetes.pods ?? []).find((p) => p.metadata?.namespace === ns && p.metadata?.name === name);
  return String((pod?.spec as { nodeName?: string } | undefined)?.nodeName);
}

/** What `az aks update` sends back: the cluster as read, without the fields ARM computes. */
function reconcileBody(b: Bundle): Record<string, unknown> {
  const cluster = get(b, b.cluster) as ArmResource;
  const p = structuredClone(props(cluster));
  for (const k of ['provisioningState', 'powerState', 'currentKubernetesVersion', 'privateFQDN', 'azurePortalFQDN', 'resourceUID']) delete p[k];
  for (const pool of p.agentPoolProfiles as Record<string, unknown>[]) {
    delete pool.provisioningState;
    delete pool.powerState;
    delete pool.currentOrchestratorVersion;
  }
  return { location: cluster.location, tags: cluster.tags, sku: cluster.sku, identity: { type: 'SystemAssigned' }, properties: p };
}

function reconcile(b: Bundle): ReturnType<typeof applyWrite> {
  return applyWrite(b, { method: 'PUT', id: b.cluster, body: reconcileBody(b) });
}

/**
 * The managed chain as the checks will judge it, written independently of the provider: the
 * registry with its MCR rule, an Approved endpoint whose NIC IPs the two A records of a zone
 * linked to the cluster VNet hold, and the endpoint's zone group.
 */
function managedChain(b: Bundle): Record<string, unknown> {
  const registry = get(b, MANAGED_REGISTRY);
  const rules = b.arm.filter((r) => idKey(r.id).startsWith(idKey(MANAGED_REGISTRY) + '/cacherules/')).map((r) => props(r));
  const pe = ofType(b, 'Microsoft.Network/privateEndpoints').find((e) =>
    (props(e).privateLinkServiceConnections as { properties: { privateLinkServiceId: string; privateLinkServiceConnectionState: { status: string } } }[]).some(
      (c) => sameId(c.properties.privateLinkServiceId, MANAGED_REGISTRY) && c.properties.privateLinkServiceConnectionState.status === 'Approved',
    ));
  const nic = get(b, String((props(pe).networkInterfaces as { id: string }[] | undefined)?.[0]?.id));
  const ips = Object.fromEntries(
    ((props(nic).ipConfigurations as { properties: { privateIPAddress: string; privateLinkConnectionProperties: { requiredMemberName: string } } }[] | undefined) ?? [])
      .map((c) => [c.properties.privateLinkConnectionProperties.requiredMemberName, c.properties.privateIPAddress]),
  );
  const zone = ofType(b, 'Microsoft.Network/privateDnsZones').find((z) => z.name === 'privatelink.azurecr.io');
  const link = ofType(b, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').find((l) => zone && idKey(l.id).startsWith(idKey(zone.id) + '/'));
  const record = (name: string): unknown => (props(get(b, `${zone?.id ?? ''}/A/${name}`)).aRecords as { ipv4Address: string }[] | undefined)?.map((a) => a.ipv4Address);
  const group = pe ? ofType(b, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups').find((g) => idKey(g.id).startsWith(idKey(pe.id) + '/')) : undefined;
  const connections = (props(registry).privateEndpointConnections as { properties: { privateEndpoint: { id: string } } }[] | undefined) ?? [];
  return {
    registry: registry ? { sku: (registry.sku as { name: string }).name, state: props(registry).provisioningState, publicNetworkAccess: props(registry).publicNetworkAccess } : null,
    mcrRule: rules.some((r) => r.sourceRepository === 'mcr.microsoft.com/*' && r.targetRepository === 'aks-managed-repository/*' && r.provisioningState === 'Succeeded'),
    endpoint: !!pe,
    registryListsEndpoint: !!pe && connections.some((c) => sameId(c.properties.privateEndpoint.id, pe.id)),
    nicIps: Object.keys(ips).sort(),
    linked: (props(link).virtualNetwork as { id: string } | undefined)?.id.toLowerCase().endsWith('/virtualnetworks/aks-vnet-12345678') && props(link).virtualNetworkLinkState === 'Completed',
    registryRecord: record('aksbootstrap3f9c1e2a'),
    dataRecord: record('aksbootstrap3f9c1e2a.eastus2.data'),
    expectedRecords: [[ips.registry], [ips.registry_data_eastus2]],
    zoneGroup: !!group,
  };
}

function expectHealthyManagedChain(b: Bundle): void {
  const chain = managedChain(b);
  expect(chain).toMatchObject({
    registry: { sku: 'Premium', state: 'Succeeded', publicNetworkAccess: 'Disabled' },
    mcrRule: true,
    endpoint: true,
    registryListsEndpoint: true,
    nicIps: ['registry', 'registry_data_eastus2'],
    linked: true,
    zoneGroup: true,
  });
  expect([chain.registryRecord, chain.dataRecord]).toEqual(chain.expectedRecords);
}

describe('reconcile of a managed cluster', () => {
  it.each([
    'managed-registry-deleted',
    'managed-endpoint-deleted',
    'managed-dns-zone-deleted',
    'managed-dns-link-deleted',
    'managed-dns-record-wrong-ip',
  ])('%s: recreates what is missing, with the NIC\'s IPs, and the pulls heal', (name) => {
    const b = scenario(name);
    expect(failing(b).length).toBeGreaterThan(0);
    const outcome = reconcile(b);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expectHealthyManagedChain(b);
    expect(failing(b)).toEqual([]);
    // No pull events are left behind for the healed containers.
    expect((b.kubernetes.events ?? []).filter((e) => e.type === 'Warning')).toEqual([]);
    // AcrPull for the kubelet identity comes back with a recreated registry (anonymous pull is off).
    expect(ofType(b, 'Microsoft.Authorization/roleAssignments').some((r) => idKey(r.id).startsWith(idKey(MANAGED_REGISTRY) + '/'))).toBe(true);
  });

  it('corrects a wrong A record to the endpoint NIC address', () => {
    const b = scenario('managed-dns-record-wrong-ip');
    reconcile(b);
    const record = get(b, '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d/resourcegroups/mc_rg-prod_aks-prod_eastus2/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io/A/aksbootstrap3f9c1e2a');
    expect(props(record).aRecords).toEqual([{ ipv4Address: '10.224.0.12' }]);
  });

  it('replaces the endpoint a registry deletion left Disconnected, with free addresses', () => {
    const b = scenario('managed-registry-deleted');
    reconcile(b);
    const endpoints = ofType(b, 'Microsoft.Network/privateEndpoints');
    expect(endpoints).toHaveLength(1);
    const nics = ofType(b, 'Microsoft.Network/networkInterfaces');
    expect(nics).toHaveLength(1);
    const nodeIps = (b.kubernetes.nodes ?? []).map((n) => (n.status as { addresses: { type: string; address: string }[] }).addresses[0]?.address);
    const ips = (props(nics[0]).ipConfigurations as { properties: { privateIPAddress: string } }[]).map((c) => c.properties.privateIPAddress);
    expect(ips).toHaveLength(2);
    for (const ip of ips) {
      expect(ip).toMatch(/^10\.224\.0\.\d+$/);
      expect(nodeIps).not.toContain(ip);
    }
  });

  it('keeps the fields ARM computes and the node image version as they were', () => {
    const b = scenario('healthy-managed');
    const body = reconcileBody(b) as { properties: Record<string, unknown> };
    body.properties.provisioningState = 'Creating';
    body.properties.nodeResourceGroup = 'somewhere-else';
    (body.properties.agentPoolProfiles as Record<string, unknown>[])[0]!.nodeImageVersion = 'AKSUbuntu-2204gen2containerd-202401.01.0';
    body.properties.kubernetesVersion = '1.32.7';
    const outcome = applyWrite(b, { method: 'PUT', id: b.cluster, body });
    expect(outcome.ok).toBe(true);
    const p = props(get(b, b.cluster));
    expect(p.provisioningState).toBe('Succeeded');
    expect(p.nodeResourceGroup).toBe('MC_rg-prod_aks-prod_eastus2');
    expect(p.privateFQDN).toMatch(/privatelink\.eastus2\.azmk8s\.io$/);
    expect((p.agentPoolProfiles as Record<string, unknown>[])[0]).toMatchObject({ nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.15.0', provisioningState: 'Succeeded', powerState: { code: 'Running' } });
  });

  it('does not bring back a cache rule deleted from a registry that still exists (the guide: delete the registry, then reconcile)', () => {
    const b = scenario('managed-cache-rule-deleted');
    const before = failing(b);
    reconcile(b);
    expect(managedChain(b).mcrRule).toBe(false);
    expect(failing(b)).toEqual(before);

    expect(applyWrite(b, { method: 'DELETE', id: MANAGED_REGISTRY })).toEqual({ ok: true, status: 200 });
    expect(failing(b)).toEqual(before);
    reconcile(b);
    expectHealthyManagedChain(b);
    expect(failing(b)).toEqual([]);
  });

  it('is a no-op the second time', () => {
    const b = scenario('managed-registry-deleted');
    reconcile(b);
    const once = stateOf(b);
    expect(reconcile(b)).toMatchObject({ ok: true, status: 200 });
    expect(stateOf(b)).toBe(once);
  });

  it('on a healthy cluster changes nothing at all', () => {
    const b = scenario('healthy-managed');
    const before = stateOf(b.arm);
    reconcile(b);
    expect(stateOf(b.arm)).toBe(before);
  });
});

describe('reconcile of a BYO cluster', () => {
  it.each(['byo-missing-cache-rule', 'byo-dns-link-deleted', 'byo-endpoint-pending', 'healthy-byo'])('%s: touches nothing on the registry side', (name) => {
    const b = scenario(name);
    const registrySide = (x: Bundle): string => JSON.stringify(x.arm.filter((r) => !idKey(r.id).startsWith(idKey(x.cluster))));
    const before = registrySide(b);
    const failures = failing(b);
    expect(reconcile(b).ok).toBe(true);
    expect(registrySide(b)).toBe(before);
    expect(failing(b)).toEqual(failures);
  });

  it('not network isolated: a reconcile creates no registry', () => {
    const b = scenario('not-network-isolated');
    reconcile(b);
    expect(ofType(b, 'Microsoft.ContainerRegistry/registries')).toEqual([]);
  });
});

describe('registry delete', () => {
  it('deletes the registry with its cache rules and role assignments, and disconnects its endpoint', () => {
    const b = scenario('healthy-managed');
    const outcome = applyWrite(b, { method: 'DELETE', id: MANAGED_REGISTRY.toLowerCase() });
    expect(outcome).toEqual({ ok: true, status: 200 });
    expect(b.arm.filter((r) => idKey(r.id).startsWith(idKey(MANAGED_REGISTRY)))).toEqual([]);
    const pe = ofType(b, 'Microsoft.Network/privateEndpoints')[0];
    const conn = (props(pe).privateLinkServiceConnections as { properties: { privateLinkServiceConnectionState: { status: string } } }[])[0];
    expect(conn?.properties.privateLinkServiceConnectionState.status).toBe('Disconnected');
    // What already runs keeps running: a write never invents a pull failure.
    expect(failing(b)).toEqual([]);
    expect(applyWrite(b, { method: 'DELETE', id: MANAGED_REGISTRY })).toEqual({ ok: true, status: 204 });
  });
});

describe('private endpoint delete', () => {
  it('takes its NIC, zone group and the records the group wrote, and leaves the registry\'s connection list', () => {
    const b = scenario('healthy-managed');
    const pe = ofType(b, 'Microsoft.Network/privateEndpoints')[0] as ArmResource;
    expect(applyWrite(b, { method: 'DELETE', id: pe.id })).toEqual({ ok: true, status: 200 });
    expect(ofType(b, 'Microsoft.Network/networkInterfaces')).toEqual([]);
    expect(ofType(b, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups')).toEqual([]);
    expect(ofType(b, 'Microsoft.Network/privateDnsZones/A')).toEqual([]);
    expect(props(get(b, MANAGED_REGISTRY)).privateEndpointConnections).toEqual([]);
    // The zone and its link are not the endpoint's: they stay.
    expect(ofType(b, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks')).toHaveLength(1);
    reconcile(b);
    expectHealthyManagedChain(b);
  });
});

describe('node image upgrade', () => {
  const upgrade = (b: Bundle, pool: string): ReturnType<typeof applyWrite> =>
    applyWrite(b, { method: 'POST', id: `${b.cluster}/agentPools/${pool}`, action: 'upgradeNodeImageVersion' });

  it('switched to isolated: heals the upgraded pool only, then the other', () => {
    const b = scenario('switched-to-isolated-stale-nodes');
    const before = failing(b);
    const onPool = (keys: string[], pool: string): string[] => keys.filter((k) => podNode(b, k).startsWith(`aks-${pool}-`));
    expect(onPool(before, 'user1').length).toBeGreaterThan(0);
    expect(onPool(before, 'system').length).toBeGreaterThan(0);

    const outcome = upgrade(b, 'user1');
    expect(outcome).toMatchObject({ ok: true, status: 202, resource: { name: 'user1', type: 'Microsoft.ContainerService/managedClusters/agentPools' } });
    expect(failing(b)).toEqual(onPool(before, 'system'));
    const state = b['x-emulator'] as { nodeRegistry: Record<string, string | null> };
    for (const node of b.kubernetes.nodes ?? []) {
      const name = String(node.metadata?.name);
      const labels = node.metadata?.labels as Record<string, string>;
      if (name.startsWith('aks-user1-')) {
        expect(state.nodeRegistry[name]).toBe('aksbootstrap3f9c1e2a.azurecr.io');
        expect(labels['kubernetes.azure.com/node-image-version']).toBe(LATEST_NODE_IMAGE);
        expect(Date.parse(String(node.metadata?.creationTimestamp))).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
      } else {
        expect(state.nodeRegistry[name]).toBeNull();
      }
    }
    expect(props(get(b, `${b.cluster}/agentPools/user1`)).nodeImageVersion).toBe(LATEST_NODE_IMAGE);

    upgrade(b, 'system');
    expect(failing(b)).toEqual([]);
  });

  it('registry id changed: upgrading the already-current pool is a no-op; the stale pool heals', () => {
    const b = scenario('registry-id-changed-stale-nodes');
    const before = stateOf(b);
    expect(upgrade(b, 'system')).toMatchObject({ ok: true, status: 202 });
    expect(stateOf(b)).toBe(before);
    expect(failing(b).length).toBeGreaterThan(0);
    upgrade(b, 'user1');
    expect(failing(b)).toEqual([]);
    const once = stateOf(b);
    upgrade(b, 'user1');
    expect(stateOf(b)).toBe(once);
  });

  it('answers 404 for an unknown pool and 400 for an unknown action', () => {
    const b = scenario('healthy-managed');
    expect(upgrade(b, 'nosuchpool')).toMatchObject({ ok: false, status: 404 });
    expect(applyWrite(b, { method: 'POST', id: b.cluster, action: 'rotateClusterCertificates' })).toMatchObject({ ok: false, status: 400, code: 'InvalidAction' });
  });
});

describe('cache rules', () => {
  const putRule = (b: Bundle, name: string, source: string, target: string): ReturnType<typeof applyWrite> =>
    applyWrite(b, { method: 'PUT', id: `${BYO_REGISTRY}/cacheRules/${name}`, body: { properties: { sourceRepository: source, targetRepository: target } } });

  it('BYO: the MCR rule makes the MCR images pull', () => {
    const b = scenario('byo-missing-cache-rule');
    expect(failing(b).length).toBeGreaterThan(0);
    const outcome = putRule(b, 'aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*');
    expect(outcome).toMatchObject({ ok: true, status: 201, resource: { properties: { provisioningState: 'Succeeded', sourceRepository: 'mcr.microsoft.com/*' } } });
    expect(failing(b)).toEqual([]);
    const once = stateOf(b);
    expect(putRule(b, 'aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*')).toMatchObject({ ok: true, status: 200 });
    expect(stateOf(b)).toBe(once);
  });

  it('a docker.io rule heals only the images it covers, referenced through the registry', () => {
    const b = scenario('dockerhub-image-uncached');
    addNginxWorkload(b, 'contosoprodacr.azurecr.io/nginx:1.27', 'web-acr');
    addNginxWorkload(b, 'contosoprodacr.azurecr.io/redis:7.4', 'cache-acr');
    failWorkload(b, 'shop', 'web-acr-', 'nginx', (image) => pullError.notFound(image));
    failWorkload(b, 'shop', 'cache-acr-', 'nginx', (image) => pullError.notFound(image));
    const before = failing(b);
    expect(before).toHaveLength(6);

    putRule(b, 'docker-io-library-nginx', 'docker.io/library/nginx', 'nginx');
    const after = failing(b);
    // The registry path now serves nginx; redis has no rule; `nginx:1.27` still goes to Docker Hub.
    expect(after.filter((k) => k.includes('/web-acr-'))).toEqual([]);
    expect(after.filter((k) => k.includes('/cache-acr-'))).toHaveLength(2);
    expect(after.filter((k) => /\/web-6b8d9f7c5-/.test(k))).toHaveLength(2);
  });

  it('refuses a rule on a registry that does not exist', () => {
    const b = scenario('healthy-byo');
    const outcome = applyWrite(b, { method: 'PUT', id: `${BYO_REGISTRY}x/cacheRules/r1`, body: { properties: { sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx' } } });
    expect(outcome).toMatchObject({ ok: false, status: 404, code: 'ParentResourceNotFound' });
  });
});

describe('pull authorisation and DNS written by the customer', () => {
  it('an AcrPull assignment for the kubelet identity heals the 401s', () => {
    const b = scenario('anonymous-pull-off-no-acrpull');
    const cluster = props(get(b, b.cluster)) as { identityProfile: { kubeletidentity: { objectId: string } } };
    const id = `${BYO_REGISTRY}/providers/Microsoft.Authorization/roleAssignments/0b5e7a8c-3d1f-4e2a-9c6b-8f7d2e1a4c3b`;
    const outcome = applyWrite(b, {
      method: 'PUT', id,
      body: { properties: { roleDefinitionId: '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d', principalId: cluster.identityProfile.kubeletidentity.objectId, principalType: 'ServicePrincipal' } },
    });
    expect(outcome).toMatchObject({ ok: true, status: 201, resource: { type: 'Microsoft.Authorization/roleAssignments' } });
    expect(failing(b)).toEqual([]);
  });

  it('an assignment for someone else heals nothing', () => {
    const b = scenario('anonymous-pull-off-no-acrpull');
    const before = failing(b);
    applyWrite(b, {
      method: 'PUT', id: `${BYO_REGISTRY}/providers/Microsoft.Authorization/roleAssignments/1c2d3e4f-0000-4000-8000-000000000001`,
      body: { properties: { roleDefinitionId: '/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d', principalId: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(failing(b)).toEqual(before);
  });

  it('the missing data record, added back, heals the blob downloads', () => {
    const b = scenario('byo-dns-record-missing');
    const zone = ofType(b, 'Microsoft.Network/privateDnsZones')[0] as ArmResource;
    const outcome = applyWrite(b, { method: 'PUT', id: `${zone.id}/A/contosoprodacr.eastus2.data`, body: { properties: { ttl: 3600, aRecords: [{ ipv4Address: '10.10.8.5' }] } } });
    expect(outcome).toMatchObject({ ok: true, status: 201 });
    expect(failing(b)).toEqual([]);
  });

  it('a record with the wrong address heals nothing', () => {
    const b = scenario('byo-dns-record-missing');
    const before = failing(b);
    const zone = ofType(b, 'Microsoft.Network/privateDnsZones')[0] as ArmResource;
    applyWrite(b, { method: 'PUT', id: `${zone.id}/A/contosoprodacr.eastus2.data`, body: { properties: { ttl: 3600, aRecords: [{ ipv4Address: '10.10.8.9' }] } } });
    expect(failing(b)).toEqual(before);
  });
});

describe('refreshPulls', () => {
  it('leaves an unreachable cluster and a bundle without failures untouched', () => {
    for (const name of ['kube-unreachable', 'healthy-managed', 'healthy-byo']) {
      const b = scenario(name);
      const before = JSON.stringify(b);
      refreshPulls(b);
      expect(JSON.stringify(b), name).toBe(before);
    }
  });

  it('heals nothing while the root cause is still there', () => {
    for (const name of ['managed-cache-rule-deleted', 'byo-endpoint-pending', 'switched-to-isolated-stale-nodes', 'dockerhub-image-uncached']) {
      const b = scenario(name);
      const before = JSON.stringify(b);
      refreshPulls(b);
      expect(JSON.stringify(b), name).toBe(before);
    }
  });

  it('marks a healed pod Running and Ready, keeping the restart count', () => {
    const b = scenario('managed-registry-deleted');
    reconcile(b);
    const pod = (b.kubernetes.pods ?? []).find((p) => String(p.metadata?.name).startsWith('orders-'));
    const status = pod?.status as { phase: string; conditions: { type: string; status: string }[]; initContainerStatuses: Record<string, unknown>[]; containerStatuses: Record<string, unknown>[] };
    expect(status.phase).toBe('Running');
    expect(status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(status.initContainerStatuses[0]).toMatchObject({ ready: true, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } });
    expect(status.containerStatuses[0]).toMatchObject({ ready: true, started: true, state: { running: {} } });
  });
});
