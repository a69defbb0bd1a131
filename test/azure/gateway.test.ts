import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import type { RecordedResponse } from '../../src/azure/gateway.js';
import type { OperationProgress } from '../../src/azure/types.js';
import { ACR_NAME, fixtureBundle, IDS, jwt, NODE_RG, rejection, RG, SUB, ScopedTestCredential, testGateway } from './helpers.js';

function armRequests(emu: RunningEmulator, method?: string): string[] {
  return emu.requests.filter((r) => r.api === 'arm' && (!method || r.method === method)).map((r) => r.path);
}

describe('Azure gateway reads (real SDK clients against the emulator)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle() });
  });
  afterAll(async () => {
    await emu.close();
  });
  afterEach(() => {
    emu.clearFaults();
  });

  it('reads every resource kind into our own types', async () => {
    const g = testGateway(emu);
    const cluster = await g.cluster(IDS.cluster);
    expect(cluster).toMatchObject({
      name: 'aks-iso-prod', subscriptionId: SUB, resourceGroup: RG, location: 'eastus2', provisioningState: 'Succeeded', powerState: 'Running',
      kubernetesVersion: '1.31.7', nodeResourceGroup: NODE_RG, artifactSource: 'Cache', outboundType: 'none', networkPlugin: 'azure',
      networkPluginMode: 'overlay', enablePrivateCluster: true, enableVnetIntegration: false, servicePrincipalClientId: 'msi',
      identityType: 'SystemAssigned', nodeOsUpgradeChannel: 'NodeImage', entraIdEnabled: false, disableLocalAccounts: false,
      kubeletIdentity: { objectId: '9e1d4b7a-3c2f-4a6e-8b5d-1f7c3e9a2d64' },
    });
    expect(cluster?.containerRegistryId).toBeUndefined();
    expect(cluster?.agentPools.map((p) => [p.name, p.mode, p.count, p.osType, p.enableNodePublicIp])).toEqual([
      ['systempool', 'System', 2, 'Linux', false], ['userpool', 'User', 3, 'Linux', false],
    ]);

    expect(await g.clustersInSubscription(SUB)).toEqual([expect.objectContaining({ name: 'aks-iso-prod', artifactSource: 'Cache', nodeResourceGroup: NODE_RG })]);
    expect((await g.agentPools(IDS.cluster)).map((p) => p.id.split('/').pop())).toEqual(['systempool', 'userpool']);

    const registry = await g.registry(IDS.registry);
    expect(registry).toMatchObject({
      name: ACR_NAME, sku: 'Premium', loginServer: `${ACR_NAME}.azurecr.io`, publicNetworkAccess: 'Disabled', anonymousPullEnabled: false,
      dataEndpointEnabled: true, dataEndpointHostNames: [`${ACR_NAME}.eastus2.data.azurecr.io`], azureAdAuthenticationAsArmPolicy: 'enabled',
    });
    expect(registry?.privateEndpointConnections).toEqual([expect.objectContaining({ privateEndpointId: IDS.endpoint, status: 'Approved' })]);
    expect((await g.registriesInResourceGroup(SUB, RG)).map((r) => r.name)).toEqual(['contosoimages']);

    expect((await g.cacheRules(IDS.registry)).map((r) => [r.name, r.sourceRepository, r.targetRepository, r.provisioningState])).toEqual([
      ['aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*', 'Succeeded'],
      ['docker-nginx', 'docker.io/library/nginx', 'nginx', 'Succeeded'],
    ]);

    const endpoint = await g.privateEndpoint(IDS.endpoint);
    expect(endpoint).toMatchObject({ subnetId: expect.stringContaining('/subnets/snet-private-endpoints') as unknown, networkInterfaceIds: [IDS.nic] });
    expect(endpoint?.connections).toEqual([{
      name: `bootstrap-pe-${ACR_NAME}`, privateLinkServiceId: IDS.registry, groupIds: ['registry'], status: 'Approved', description: 'Auto-Approved', manual: false,
    }]);
    expect((await g.privateEndpointsInResourceGroup(SUB, NODE_RG)).map((e) => e.id)).toEqual([IDS.endpoint]);
    expect((await g.privateEndpointsInSubscription(SUB)).map((e) => e.id)).toEqual([IDS.endpoint]);
    expect(await g.privateDnsZoneGroups(IDS.endpoint)).toEqual([expect.objectContaining({ name: 'default', privateDnsZoneIds: [IDS.zone] })]);

    const nic = await g.networkInterface(IDS.nic);
    expect(nic?.ipConfigurations.map((c) => [c.requiredMemberName, c.privateIpAddress])).toEqual([['registry_data_eastus2', '10.224.1.4'], ['registry', '10.224.1.5']]);

    const vnet = await g.virtualNetwork(IDS.vnet);
    expect(vnet?.addressPrefixes).toEqual(['10.224.0.0/12']);
    expect(vnet?.subnets.map((s) => [s.name, s.addressPrefix])).toEqual([['snet-nodes', '10.224.0.0/24'], ['snet-private-endpoints', '10.224.1.0/24']]);
    expect(vnet?.peerings).toEqual([expect.objectContaining({ name: 'to-hub', peeringState: 'Connected', remoteVirtualNetworkId: expect.stringContaining('vnet-hub') as unknown })]);
    expect((await g.virtualNetworksInResourceGroup(SUB, RG)).map((v) => v.name)).toEqual(['vnet-aks-iso']);

    expect(await g.privateDnsZone(IDS.zone)).toMatchObject({ name: 'privatelink.azurecr.io', numberOfRecordSets: 3, resourceGroup: NODE_RG.toLowerCase() });
    expect((await g.privateDnsZonesInResourceGroup(SUB, NODE_RG)).map((z) => z.name)).toEqual(['privatelink.azurecr.io']);
    expect((await g.privateDnsZonesInSubscription(SUB)).map((z) => z.name)).toEqual(['privatelink.azurecr.io']);
    expect(await g.virtualNetworkLinks(IDS.zone)).toEqual([expect.objectContaining({ virtualNetworkId: IDS.vnet, state: 'Completed', registrationEnabled: false })]);
    expect((await g.aRecordSets(IDS.zone)).map((r) => [r.name, r.ipv4Addresses])).toEqual([
      [ACR_NAME, ['10.224.1.5']], [`${ACR_NAME}.eastus2.data`, ['10.224.1.4']],
    ]);
    expect(await g.roleAssignmentsForScope(IDS.registry)).toEqual([expect.objectContaining({
      principalId: '9e1d4b7a-3c2f-4a6e-8b5d-1f7c3e9a2d64', roleDefinitionId: expect.stringMatching(/7f951dda-4ed3-4680-a7ca-43fe172d538d$/) as unknown,
    })]);
    expect(g.stats().duplicateFetches).toBe(0);
  });

  it('returns undefined for a missing resource read by id, and [] for a missing scope', async () => {
    const g = testGateway(emu);
    const missing = IDS.registry.replace(ACR_NAME, 'doesnotexist');
    expect(await g.registry(missing)).toBeUndefined();
    expect(await g.privateEndpoint(IDS.endpoint.replace('bootstrap-pe', 'gone-pe'))).toBeUndefined();
    expect(await g.cacheRules(missing)).toEqual([]);
  });

  it('rejects an id of the wrong type with a badRequest AzureError, before any request', async () => {
    const g = testGateway(emu);
    const before = emu.requests.length;
    const err = await rejection(g.registry(IDS.vnet));
    expect(err.kind).toBe('badRequest');
    expect(err.message).toContain('container registry');
    expect(emu.requests.length).toBe(before);
  });

  it('memoises: a second call sends nothing, concurrent callers share one request, ids compare case-insensitively', async () => {
    const g = testGateway(emu);
    const before = armRequests(emu).length;
    const [a, b, c] = await Promise.all([g.registry(IDS.registry), g.registry(IDS.registry.toLowerCase()), g.registry(IDS.registry.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'))]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(armRequests(emu).length - before).toBe(1);
    const requests = g.stats().requests;
    await g.registry(IDS.registry);
    await g.cacheRules(IDS.registry);
    await g.cacheRules(IDS.registry);
    expect(g.stats().requests).toBe(requests + 1);
    expect(g.stats().duplicateFetches).toBe(0);

    g.clearCache();
    await g.registry(IDS.registry);
    expect(g.stats().requests).toBe(requests + 2);
    expect(g.stats().duplicateFetches).toBe(0);
  });

  it('follows nextLink pages and records every raw response', async () => {
    const paged = await startEmulator({ bundle: fixtureBundle(), pageSize: 1 });
    try {
      const recorded: RecordedResponse[] = [];
      const g = testGateway(paged, { onResponse: (r) => recorded.push(r) });
      expect((await g.agentPools(IDS.cluster)).map((p) => p.name)).toEqual(['systempool', 'userpool']);
      expect((await g.aRecordSets(IDS.zone)).length).toBe(2);
      expect((await g.cacheRules(IDS.registry)).length).toBe(2);
      const pages = armRequests(paged).filter((p) => p.includes('$skiptoken='));
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(g.stats().requests).toBe(armRequests(paged).length);
      // Raw REST JSON (with `properties`), as `capture` needs it for bundles.
      const first = recorded.find((r) => r.url.includes('/agentPools') && !r.url.includes('$skiptoken'));
      expect(first?.status).toBe(200);
      const body = JSON.parse(first?.bodyText ?? '{}') as { value: { properties: { mode: string } }[]; nextLink: string };
      expect(body.value[0]?.properties.mode).toBe('System');
      expect(body.nextLink).toContain('$skiptoken=');
    } finally {
      await paged.close();
    }
  });

  it('surfaces a 403 as forbidden with the permission ARM names and the request id', async () => {
    const g = testGateway(emu);
    emu.addFault({ method: 'GET', path: '/registries/', status: 403, kind: 'status' });
    const err = await rejection(g.registry(IDS.registry));
    expect(err.kind).toBe('forbidden');
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('AuthorizationFailed');
    expect(err.action).toBe('Microsoft.ContainerRegistry/registries/read');
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.resourceId).toBe(IDS.registry);
    expect(err.describe()).toContain('lacks Microsoft.ContainerRegistry/registries/read');
  });

  it('retries a 429 that carries Retry-After, and a 503, then succeeds', async () => {
    const g = testGateway(emu);
    emu.addFault({ method: 'GET', path: '/virtualNetworks/', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    expect((await g.virtualNetwork(IDS.vnet))?.name).toBe('vnet-aks-iso');
    emu.addFault({ method: 'GET', path: '/networkInterfaces/', kind: 'status', status: 503, times: 2 });
    expect((await g.networkInterface(IDS.nic))?.ipConfigurations.length).toBe(2);
    // 1 + 1 retry for the 429, 1 + 2 retries for the 503.
    expect(g.stats().requests).toBe(5);
  });

  it('gives throttled and transient errors once the SDK retries are spent', async () => {
    const g = testGateway(emu);
    emu.addFault({ method: 'GET', path: '/privateDnsZones/', kind: 'status', status: 429, retryAfterSeconds: 0 });
    const throttled = await rejection(g.privateDnsZone(IDS.zone));
    expect(throttled.kind).toBe('throttled');
    expect(throttled.requestId).toBeTruthy();
    emu.clearFaults();
    emu.addFault({ method: 'GET', path: '/privateEndpoints/', kind: 'status', status: 503 });
    const transient = await rejection(g.privateEndpoint(IDS.endpoint));
    expect(transient.kind).toBe('transient');
    expect(transient.statusCode).toBe(503);
  });

  it('refuses any host other than the configured endpoint (here: a nextLink to another host)', async () => {
    const paged = await startEmulator({ bundle: fixtureBundle(), pageSize: 1 });
    try {
      // Same server under another name: the emulator's absolute nextLinks name 127.0.0.1.
      const g = testGateway({ url: paged.url.replace('127.0.0.1', 'localhost'), caPem: paged.caPem });
      const err = await rejection(g.agentPools(IDS.cluster));
      expect(err.kind).toBe('refusedHost');
      expect(err.message).toContain(new URL(paged.url).host);
      expect(err.message).toContain(`localhost:${new URL(paged.url).port}`);
      // The first page went out; the foreign-host second page never did.
      expect(armRequests(paged).filter((p) => p.includes('/agentPools'))).toHaveLength(1);
    } finally {
      await paged.close();
    }
  });

  it('turns a refused connection into an unreachable error', async () => {
    const closed = await startEmulator({ bundle: fixtureBundle() });
    const url = closed.url;
    await closed.close();
    const g = testGateway({ url, caPem: emu.caPem }, { retry: { maxRetries: 0 } });
    const err = await rejection(g.cluster(IDS.cluster));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain(new URL(url).host);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.describe()).toBe(`cannot reach Azure Resource Manager: ${new URL(url).host} refused the connection (ECONNREFUSED); check the network or --arm-endpoint`);
  });

  it('reads the principal from the token and the cluster user kubeconfig', async () => {
    const credential = new ScopedTestCredential('dana@contoso.example');
    const g = testGateway(emu, { credential });
    expect(await g.principal()).toBe('dana@contoso.example');
    const yaml = await g.clusterUserKubeconfig(IDS.cluster);
    expect(yaml).toContain('apiVersion: v1');
    expect(yaml).toContain(emu.url);
    const token = await g.aksServerToken();
    expect(credential.scopesAsked).toContain('6dae42f8-4368-4678-94ff-3960e28e3630/.default');
    expect(token.split('.')).toHaveLength(3);
  });
});

describe('Azure gateway writes (long-running operations)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle(), lroDurationMs: 50 });
  });
  afterAll(async () => {
    await emu.close();
  });
  afterEach(() => {
    emu.clearFaults();
  });

  it('previews the reconcile body without sending it: read-only fields gone, nodeImageVersion kept as read', async () => {
    const g = testGateway(emu);
    const putsBefore = armRequests(emu, 'PUT').length;
    const preview = await g.previewReconcile(IDS.cluster);
    expect(armRequests(emu, 'PUT').length).toBe(putsBefore);
    expect(preview.method).toBe('PUT');
    expect(preview.resourceId).toBe(IDS.cluster);
    const props = preview.body.properties as Record<string, unknown>;
    for (const readOnly of ['provisioningState', 'powerState', 'fqdn', 'privateFQDN', 'azurePortalFQDN', 'maxAgentPools', 'currentKubernetesVersion', 'resourceUID']) {
      expect(props, readOnly).not.toHaveProperty(readOnly);
    }
    const pools = props.agentPoolProfiles as Record<string, unknown>[];
    expect(pools.map((p) => p.nodeImageVersion)).toEqual(['AKSUbuntu-2204gen2containerd-202510.19.0', 'AKSUbuntu-2204gen2containerd-202510.19.0']);
    for (const p of pools) {
      expect(p).not.toHaveProperty('provisioningState');
      expect(p).not.toHaveProperty('currentOrchestratorVersion');
      expect(p.powerState).toEqual({ code: 'Running' });
    }
    expect(props.bootstrapProfile).toEqual({ artifactSource: 'Cache' });
    expect(props.networkProfile).toMatchObject({ outboundType: 'none' });
    expect(preview.body.location).toBe('eastus2');
  });

  it('reconciles: PUTs exactly the previewed body, reports acceptance and progress, and succeeds', async () => {
    const g = testGateway(emu);
    const preview = await g.previewReconcile(IDS.cluster);
    const accepted: { requestId?: string | undefined; operationUrl?: string | undefined }[] = [];
    const progress: OperationProgress[] = [];
    const result = await g.reconcileCluster(IDS.cluster, { onAccepted: (a) => accepted.push(a), onProgress: (p) => progress.push(p) });
    expect(result.status).toBe('Succeeded');
    expect(result.error).toBeUndefined();
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(accepted[0]?.operationUrl).toContain(emu.url);
    expect(result.requestIds[0]).toBe(accepted[0]?.requestId);
    expect(result.correlationId).toBeTruthy();
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.some((p) => p.status === 'InProgress')).toBe(true);
    expect(progress.at(-1)?.status).toBe('Succeeded');
    const put = emu.requests.filter((r) => r.method === 'PUT' && r.path.toLowerCase().startsWith(IDS.cluster.toLowerCase())).at(-1);
    expect(put?.body).toEqual(preview.body);
    expect(g.stats().duplicateFetches).toBe(0);
  });

  it('creates a cache rule and the next read (after clearCache) shows it', async () => {
    const g = testGateway(emu);
    expect((await g.cacheRules(IDS.registry)).map((r) => r.name)).not.toContain('ghcr-contoso-migrate');
    const progress: OperationProgress[] = [];
    const result = await g.createCacheRule(IDS.registry, 'ghcr-contoso-migrate', { sourceRepository: 'ghcr.io/contoso/migrate', targetRepository: 'contoso/migrate' }, { onProgress: (p) => progress.push(p) });
    expect(result.status).toBe('Succeeded');
    expect(progress.length).toBeGreaterThan(0);
    g.clearCache();
    expect(await g.cacheRules(IDS.registry)).toContainEqual(expect.objectContaining({ name: 'ghcr-contoso-migrate', sourceRepository: 'ghcr.io/contoso/migrate', targetRepository: 'contoso/migrate' }));
  });

  it('upgrades a pool\'s node image (POST with Location) to completion', async () => {
    const g = testGateway(emu);
    const progress: OperationProgress[] = [];
    const result = await g.upgradeNodeImage(IDS.cluster, 'userpool', { onProgress: (p) => progress.push(p) });
    expect(result.status).toBe('Succeeded');
    expect(progress.at(-1)?.status).toBe('Succeeded');
    expect(armRequests(emu, 'POST').some((p) => p.includes('/agentPools/userpool/upgradeNodeImageVersion'))).toBe(true);
  });

  it('reports a failed operation as Failed with ARM\'s error, not an exception', async () => {
    const g = testGateway(emu);
    emu.addFault({ method: 'PUT', path: '/cacheRules/', kind: 'lroFailed', times: 1 });
    const result = await g.createCacheRule(IDS.registry, 'quay-prometheus', { sourceRepository: 'quay.io/prometheus/*', targetRepository: 'prometheus/*' });
    expect(result.status).toBe('Failed');
    expect(result.error?.message).toBeTruthy();
    expect(result.requestIds.length).toBeGreaterThan(0);
  });

  it('throws a typed forbidden error when the write itself is refused', async () => {
    const g = testGateway(emu);
    emu.addFault({ method: 'POST', path: 'upgradeNodeImageVersion', kind: 'status', status: 403 });
    const err = await rejection(g.upgradeNodeImage(IDS.cluster, 'systempool'));
    expect(err.kind).toBe('forbidden');
    expect(err.action).toBe('Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action');
  });

  it('stops waiting when aborted and says the operation continues in Azure', async () => {
    const g = testGateway(emu, { lroPollIntervalMs: 200 });
    const controller = new AbortController();
    const result = await g.upgradeNodeImage(IDS.cluster, 'systempool', {
      abortSignal: controller.signal,
      onAccepted: () => controller.abort(),
    });
    expect(result.status).toBe('Canceled');
    expect(result.error?.message).toContain('continues in Azure');
  });

  it('refuses to reconcile while another operation is in progress', async () => {
    const g = testGateway(emu);
    const cluster = emu.bundle.arm.find((r) => r.id === emu.bundle.cluster);
    const props = cluster?.properties as Record<string, unknown>;
    props.provisioningState = 'Upgrading';
    try {
      const putsBefore = armRequests(emu, 'PUT').length;
      const err = await rejection(g.reconcileCluster(IDS.cluster));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('Upgrading');
      expect(armRequests(emu, 'PUT').length).toBe(putsBefore);
    } finally {
      props.provisioningState = 'Succeeded';
    }
  });

  it('refuses an ARM-only access token for the AKS server app with a clear message', async () => {
    const armOnly = { getToken: () => Promise.resolve({ token: jwt({ aud: 'https://management.core.windows.net/', upn: 'dana@contoso.example' }), expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const err = await rejection(testGateway(emu, { credential: armOnly }).aksServerToken());
    expect(err.kind).toBe('authentication');
    expect(err.message).toContain('not the AKS server application');
    expect(err.message).toContain('--kubeconfig');
  });

  it('deletes a registry; the cascade is visible on the next read', async () => {
    const g = testGateway(emu);
    expect(await g.registry(IDS.registry)).toBeDefined();
    const result = await g.deleteRegistry(IDS.registry);
    expect(result.status).toBe('Succeeded');
    g.clearCache();
    expect(await g.registry(IDS.registry)).toBeUndefined();
    expect(await g.cacheRules(IDS.registry)).toEqual([]);
  });
});
