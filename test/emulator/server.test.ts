import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { startEmulator } from '../../src/emulator/server.js';
import { clientOptions, collect, raw, restError } from './arm-helpers.js';
import {
  CLUSTER, CLUSTER_ID, KUBELET_OBJECT_ID, NODE_RG, PE_ID, REGISTRY, REGISTRY_ID, RG, SUB, ZONE_ID,
  fixtureBundle, staticCredential,
} from './server-fixture.js';

const credential = staticCredential();

describe('emulator: ARM reads through the real SDK clients', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle() });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('reads the cluster, its agent pools and its user kubeconfig', async () => {
    const aks = new ContainerServiceClient(credential, SUB, clientOptions(emu));
    // ARM ids are case-insensitive: the bundle says `resourcegroups`, the SDK sends `resourceGroups`.
    const cluster = await aks.managedClusters.get(RG.toUpperCase(), CLUSTER);
    expect(cluster.id).toBe(CLUSTER_ID);
    expect(cluster.bootstrapProfile?.artifactSource).toBe('Cache');
    expect(cluster.bootstrapProfile?.containerRegistryId).toBe(REGISTRY_ID);
    const pools = await collect(aks.agentPools.list(RG, CLUSTER));
    expect(pools.map((p) => p.name)).toEqual(['nodepool1']);
    const pool = await aks.agentPools.get(RG, CLUSTER, 'NODEPOOL1');
    expect(pool.nodeImageVersion).toBe('AKSUbuntu-2204gen2containerd-202510.01.0');

    const creds = await aks.managedClusters.listClusterUserCredentials(RG, CLUSTER);
    const value = creds.kubeconfigs?.[0]?.value;
    expect(creds.kubeconfigs?.[0]?.name).toBe('clusterUser');
    const kubeconfig = parseYaml(Buffer.from(value ?? new Uint8Array()).toString('utf8')) as {
      clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
      users: Array<{ name: string; user: { token?: string } }>;
    };
    expect(kubeconfig.clusters[0]?.cluster.server).toBe(emu.url);
    expect(Buffer.from(kubeconfig.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString('utf8')).toBe(emu.caPem);
    expect(kubeconfig.users[0]?.user.token).toBe(emu.kubeToken);
  });

  it('reads registries (by id, by resource group), cache rules and role assignments', async () => {
    const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    const registry = await acr.registries.get(NODE_RG.toLowerCase(), REGISTRY);
    expect(registry.loginServer).toBe(`${REGISTRY}.azurecr.io`);
    expect(registry.sku.name).toBe('Premium');
    const inGroup = await collect(acr.registries.listByResourceGroup(NODE_RG));
    expect(inGroup.map((r) => r.name).sort()).toEqual([REGISTRY, 'byoacr1', 'byoacr2'].sort());
    const inSubscription = await collect(acr.registries.list());
    expect(inSubscription).toHaveLength(3);
    const rules = await collect(acr.cacheRules.list(NODE_RG, REGISTRY));
    expect(rules.map((r) => [r.name, r.sourceRepository, r.targetRepository])).toEqual([['aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*']]);
    const rule = await acr.cacheRules.get(NODE_RG, REGISTRY, 'aks-managed-mcr');
    expect(rule.provisioningState).toBe('Succeeded');

    const auth = new AuthorizationManagementClient(credential, SUB, clientOptions(emu));
    const assignments = await collect(auth.roleAssignments.listForScope(REGISTRY_ID));
    // At the registry, plus inherited from its resource group; never another group's.
    expect(assignments.map((a) => a.principalId).sort()).toEqual([KUBELET_OBJECT_ID, 'a1b2c3d4-0000-4000-8000-000000000001'].sort());
    expect(assignments.every((a) => a.roleDefinitionId?.endsWith('7f951dda-4ed3-4680-a7ca-43fe172d538d'))).toBe(true);
  });

  it('reads private endpoints, zone groups, NICs and virtual networks', async () => {
    const network = new NetworkManagementClient(credential, SUB, clientOptions(emu));
    const endpoints = await collect(network.privateEndpoints.list(NODE_RG));
    expect(endpoints.map((e) => e.id)).toEqual([PE_ID]);
    expect(await collect(network.privateEndpoints.listBySubscription())).toHaveLength(1);
    const endpoint = await network.privateEndpoints.get(NODE_RG, 'bootstrap-pe-7f3k2');
    expect(endpoint.privateLinkServiceConnections?.[0]?.privateLinkServiceId).toBe(REGISTRY_ID);
    expect(endpoint.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe('Approved');
    const groups = await collect(network.privateDnsZoneGroups.list('bootstrap-pe-7f3k2', NODE_RG));
    expect(groups.map((g) => g.privateDnsZoneConfigs?.[0]?.privateDnsZoneId)).toEqual([ZONE_ID]);
    const nic = await network.networkInterfaces.get(NODE_RG, 'bootstrap-pe-7f3k2.nic.5b1e0c2d');
    expect(nic.ipConfigurations?.map((c) => c.privateIPAddress)).toEqual(['10.224.0.7', '10.224.0.8']);
    const vnet = await network.virtualNetworks.get(NODE_RG, 'aks-vnet-31245678');
    expect(vnet.subnets?.[0]?.name).toBe('aks-subnet');
    expect(await collect(network.virtualNetworks.list(NODE_RG))).toHaveLength(1);
  });

  it('reads private DNS zones, VNet links and A record sets', async () => {
    const dns = new PrivateDnsManagementClient(credential, SUB, clientOptions(emu));
    const zone = await dns.privateZones.get(NODE_RG, 'privatelink.azurecr.io');
    expect(zone.id).toBe(ZONE_ID);
    expect(await collect(dns.privateZones.listByResourceGroup(NODE_RG))).toHaveLength(1);
    expect((await collect(dns.privateZones.list())).map((z) => z.name)).toEqual(['privatelink.azurecr.io']);
    const links = await collect(dns.virtualNetworkLinks.list(NODE_RG, 'privatelink.azurecr.io'));
    expect(links.map((l) => l.virtualNetworkLinkState)).toEqual(['Completed']);
    const a = await collect(dns.recordSets.listByType(NODE_RG, 'privatelink.azurecr.io', 'A'));
    expect(a.map((r) => [r.name, r.aRecords?.[0]?.ipv4Address])).toEqual([[REGISTRY, '10.224.0.7'], [`${REGISTRY}.eastus.data`, '10.224.0.8']]);
    // `ALL` lists every record set, the SOA included.
    const all = await collect(dns.recordSets.list(NODE_RG, 'privatelink.azurecr.io'));
    expect(all.map((r) => r.name)).toEqual([REGISTRY, `${REGISTRY}.eastus.data`, '@']);
  });

  it('answers 404 as ARM does: ResourceNotFound, ResourceGroupNotFound, with request ids', async () => {
    const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    const missing = await restError(acr.registries.get(NODE_RG, 'nosuchacr'));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('ResourceNotFound');
    expect(missing.message).toBe(
      `The Resource 'Microsoft.ContainerRegistry/registries/nosuchacr' under resource group '${NODE_RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
    const noGroup = await restError(collect(acr.registries.listByResourceGroup('no-such-rg')));
    expect(noGroup.code).toBe('ResourceGroupNotFound');
    const noParent = await restError(collect(acr.cacheRules.list(NODE_RG, 'nosuchacr')));
    expect(noParent.statusCode).toBe(404);

    const answer = await raw(emu, 'GET', `${REGISTRY_ID}/cacheRules/nope?api-version=2025-11-01`, { Authorization: 'Bearer x' });
    expect(answer.status).toBe(404);
    expect(answer.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-ms-correlation-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'ResourceNotFound' } });
  });

  it('refuses requests without a bearer token or an api-version', async () => {
    const noAuth = await raw(emu, 'GET', `${CLUSTER_ID}?api-version=2025-01-01`);
    expect(noAuth.status).toBe(401);
    expect(JSON.parse(noAuth.body)).toMatchObject({ error: { code: 'AuthenticationFailed' } });
    const noVersion = await raw(emu, 'GET', CLUSTER_ID, { Authorization: 'Bearer x' });
    expect(noVersion.status).toBe(400);
    expect(JSON.parse(noVersion.body)).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
  });
});

describe('emulator: paging', () => {
  it('pages ARM lists with absolute nextLinks that the SDK follows', async () => {
    const emu = await startEmulator({ bundle: fixtureBundle(), pageSize: 2 });
    try {
      const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
      const registries = await collect(acr.registries.listByResourceGroup(NODE_RG));
      expect(registries).toHaveLength(3);
      const lists = emu.requests.filter((r) => r.method === 'GET' && /\/registries\?/i.test(r.path));
      expect(lists).toHaveLength(2);
      expect(lists[1]?.path).toContain('$skiptoken=2');

      const dns = new PrivateDnsManagementClient(credential, SUB, clientOptions(emu));
      expect(await collect(dns.recordSets.list(NODE_RG, 'privatelink.azurecr.io'))).toHaveLength(3);
    } finally {
      await emu.close();
    }
  });
});

describe('emulator: long-running writes', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle(), lroDurationMs: 300 });
  });
  afterEach(() => {
    emu.clearFaults();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('PUT of the cluster: 200 (an update) + Azure-AsyncOperation, Updating while it runs, a concurrent write gets 409', async () => {
    const aks = new ContainerServiceClient(credential, SUB, clientOptions(emu));
    const cluster = await aks.managedClusters.get(RG, CLUSTER);
    const poller = aks.managedClusters.createOrUpdate(RG, CLUSTER, cluster, { updateIntervalInMs: 10 });
    await poller.submitted();
    const put = emu.requests.find((r) => r.method === 'PUT' && r.path.includes(CLUSTER));
    expect(put?.status).toBe(200);
    expect(put?.body).toMatchObject({ location: 'eastus', properties: { bootstrapProfile: { artifactSource: 'Cache' } } });
    const live = emu.bundle.arm.find((r) => r.id === CLUSTER_ID);
    expect(live?.properties?.['provisioningState']).toBe('Updating');

    const second = await restError(aks.agentPools.upgradeNodeImageVersion(RG, CLUSTER, 'nodepool1', { updateIntervalInMs: 10 }).submitted());
    expect(second.statusCode).toBe(409);
    expect(second.code).toBe('OperationNotAllowed');
    expect(second.message).toMatch(/^Operation is not allowed because there's an in progress update managed cluster operation/);

    const result = await poller;
    expect(result.provisioningState).toBe('Succeeded');
    expect(emu.bundle.arm.find((r) => r.id === CLUSTER_ID)?.properties?.['provisioningState']).toBe('Succeeded');
    const polls = emu.requests.filter((r) => r.path.includes('/operations/'));
    expect(polls.length).toBeGreaterThanOrEqual(3);
  });

  it('POST upgradeNodeImageVersion: 202 + Azure-AsyncOperation + Location, final Location answer 200', async () => {
    const aks = new ContainerServiceClient(credential, SUB, clientOptions(emu));
    await aks.agentPools.upgradeNodeImageVersion(RG, CLUSTER, 'nodepool1', { updateIntervalInMs: 10 });
    const post = emu.requests.filter((r) => r.method === 'POST' && r.path.includes('upgradeNodeImageVersion')).at(-1);
    expect(post?.status).toBe(202);
    const finalGet = emu.requests.filter((r) => r.path.includes('/operationresults/')).at(-1);
    expect(finalGet?.status).toBe(200);
    expect(emu.bundle.arm.find((r) => r.id === CLUSTER_ID)?.properties?.['provisioningState']).toBe('Succeeded');
  });

  it('cache rule create and registry delete complete as long-running operations', async () => {
    const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    const created = await acr.cacheRules.create(NODE_RG, 'byoacr1', 'dockerhub-nginx', {
      sourceRepository: 'docker.io/library/nginx',
      targetRepository: 'nginx',
    }, { updateIntervalInMs: 10 });
    expect(created.targetRepository).toBe('nginx');
    const rule = await acr.cacheRules.get(NODE_RG, 'byoacr1', 'dockerhub-nginx');
    expect(rule.sourceRepository).toBe('docker.io/library/nginx');
    expect(rule.provisioningState).toBe('Succeeded');

    await acr.registries.delete(NODE_RG, 'byoacr1', { updateIntervalInMs: 10 });
    const del = emu.requests.find((r) => r.method === 'DELETE' && r.path.includes('byoacr1'));
    expect(del?.status).toBe(202);
    // ACR's Location for a registry delete is under the registry: …/registries/<n>/operationStatuses/registries-<id>.
    expect(emu.requests.filter((r) => r.path.includes('/byoacr1/operationStatuses/registries-')).at(-1)?.status).toBe(204);
    expect((await restError(acr.registries.get(NODE_RG, 'byoacr1'))).code).toBe('ResourceNotFound');
    // Deleting a registry takes its children with it.
    expect(emu.bundle.arm.some((r) => r.id.toLowerCase().includes('/registries/byoacr1/'))).toBe(false);
  });

  it('an lroFailed fault accepts the write, then the poller throws and nothing changed', async () => {
    emu.addFault({ kind: 'lroFailed', method: 'PUT', path: '/cacheRules/', code: 'CacheRuleCreationFailed', message: 'The cache rule could not be created.' });
    const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    const failed = await restError(acr.cacheRules.create(NODE_RG, REGISTRY, 'ghcr', { sourceRepository: 'ghcr.io/*', targetRepository: 'ghcr/*' }, { updateIntervalInMs: 10 }));
    expect(failed.message).toContain('The cache rule could not be created.');
    expect((await restError(acr.cacheRules.get(NODE_RG, REGISTRY, 'ghcr'))).statusCode).toBe(404);
  });

  it('a failed cluster operation leaves the cluster as it was, and writable again', async () => {
    emu.addFault({ kind: 'lroFailed', path: /managedClusters\/[^/]+\?/i, times: 1 });
    const aks = new ContainerServiceClient(credential, SUB, clientOptions(emu));
    const cluster = await aks.managedClusters.get(RG, CLUSTER);
    await expect(aks.managedClusters.createOrUpdate(RG, CLUSTER, cluster, { updateIntervalInMs: 10 })).rejects.toThrow();
    expect(emu.bundle.arm.find((r) => r.id === CLUSTER_ID)?.properties?.['provisioningState']).toBe('Succeeded');
    const again = await aks.managedClusters.createOrUpdate(RG, CLUSTER, cluster, { updateIntervalInMs: 10 });
    expect(again.provisioningState).toBe('Succeeded');
  });
});

describe('emulator: faults, retries and latency', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle() });
  });
  afterEach(() => {
    emu.clearFaults();
  });
  afterAll(async () => {
    await emu.close();
  });

  function statuses(fragment: string): number[] {
    return emu.requests.filter((r) => r.path.includes(fragment)).map((r) => r.status);
  }

  it('429 with Retry-After (0 and 1 s) is retried by the SDK, then succeeds', async () => {
    const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    emu.addFault({ kind: 'status', status: 429, retryAfterSeconds: 0, path: '/registries/byoacr1?', times: 2 });
    expect((await acr.registries.get(NODE_RG, 'byoacr1')).name).toBe('byoacr1');
    expect(statuses('/registries/byoacr1?')).toEqual([429, 429, 200]);

    emu.addFault({ kind: 'status', status: 429, retryAfterSeconds: 1, path: '/registries/byoacr2?', times: 1 });
    const before = performance.now();
    expect((await acr.registries.get(NODE_RG, 'byoacr2')).name).toBe('byoacr2');
    expect(performance.now() - before).toBeGreaterThanOrEqual(900);
    expect(statuses('/registries/byoacr2?')).toEqual([429, 200]);
  });

  it('503 is retried with backoff, then succeeds', async () => {
    const network = new NetworkManagementClient(credential, SUB, clientOptions(emu));
    emu.addFault({ kind: 'status', status: 503, path: '/virtualNetworks/aks-vnet-31245678', times: 2 });
    expect((await network.virtualNetworks.get(NODE_RG, 'aks-vnet-31245678')).name).toBe('aks-vnet-31245678');
    expect(statuses('/virtualNetworks/aks-vnet-31245678')).toEqual([503, 503, 200]);
  });

  it('403 becomes a RestError naming the missing permission', async () => {
    emu.addFault({ kind: 'status', status: 403, method: 'GET', path: /\/cacheRules/i });
    const acr = new ContainerRegistryManagementClient(credential, SUB, clientOptions(emu));
    const denied = await restError(acr.cacheRules.get(NODE_RG, REGISTRY, 'aks-managed-mcr'));
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('AuthorizationFailed');
    expect(denied.message).toBe(
      `The client 'demo@emulator.local' with object id '00000000-0000-0000-0000-0000000000de' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/cacheRules/read' over scope '${REGISTRY_ID}/cacheRules/aks-managed-mcr' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    // The modular SDKs' pagers keep the status and code but replace the message.
    const deniedList = await restError(collect(acr.cacheRules.list(NODE_RG, REGISTRY)));
    expect([deniedList.statusCode, deniedList.code]).toEqual([403, 'AuthorizationFailed']);
    const listed = emu.requests.filter((r) => /\/cacheRules\?/i.test(r.path)).at(-1);
    expect(listed?.status).toBe(403);
    const rawList = await raw(emu, 'GET', `${REGISTRY_ID}/cacheRules?api-version=2025-11-01`, { Authorization: 'Bearer x' });
    expect((JSON.parse(rawList.body) as { error: { message: string } }).error.message).toContain(
      `perform action 'Microsoft.ContainerRegistry/registries/cacheRules/read' over scope '${REGISTRY_ID}' or`,
    );
    emu.addFault({ kind: 'status', status: 403, method: 'POST', path: 'listClusterUserCredential', code: 'AuthorizationFailed' });
    const aks = new ContainerServiceClient(credential, SUB, clientOptions(emu));
    const noCreds = await restError(aks.managedClusters.listClusterUserCredentials(RG, CLUSTER));
    expect(noCreds.message).toContain("perform action 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'");
  });

  it('a fault with `times` stops after that many matches; its remover works', async () => {
    const remove = emu.addFault({ kind: 'status', status: 500, path: 'privateDnsZones/privatelink.azurecr.io?' });
    const first = await raw(emu, 'GET', `${ZONE_ID}?api-version=2024-06-01`, { Authorization: 'Bearer x' });
    expect(first.status).toBe(500);
    expect(JSON.parse(first.body)).toMatchObject({ error: { code: 'InternalServerError' } });
    remove();
    expect((await raw(emu, 'GET', `${ZONE_ID}?api-version=2024-06-01`, { Authorization: 'Bearer x' })).status).toBe(200);
  });

  it('a reset fault destroys the connection', async () => {
    emu.addFault({ kind: 'reset', path: '/networkInterfaces?', times: 1 });
    await expect(raw(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/networkInterfaces?api-version=2025-05-01`, { Authorization: 'Bearer x' })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('latency is added to every request and can be changed live', async () => {
    emu.setLatency(60);
    try {
      const answer = await raw(emu, 'GET', `${REGISTRY_ID}?api-version=2025-11-01`, { Authorization: 'Bearer x' });
      expect(answer.status).toBe(200);
      const entry = emu.requests.at(-1);
      expect(entry?.api).toBe('arm');
      expect((entry?.end ?? 0) - (entry?.start ?? 0)).toBeGreaterThanOrEqual(55);
    } finally {
      emu.setLatency(0);
    }
  });
});

describe('emulator: credentials for Entra ID clusters', () => {
  it('returns the kubelogin exec user real AKS returns', async () => {
    const emu = await startEmulator({ bundle: fixtureBundle({ aad: true }) });
    try {
      const aks = new ContainerServiceClient(credential, SUB, clientOptions(emu));
      const creds = await aks.managedClusters.listClusterUserCredentials(RG, CLUSTER);
      const text = Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8');
      const kubeconfig = parseYaml(text) as { users: Array<{ user: { exec?: { command: string; args: string[] } } }> };
      const exec = kubeconfig.users[0]?.user.exec;
      expect(exec?.command).toBe('kubelogin');
      expect(exec?.args.slice(0, 1)).toEqual(['get-token']);
      expect(exec?.args).toContain('6dae42f8-4368-4678-94ff-3960e28e3630');
      expect(exec?.args).toContain('72f988bf-86f1-41af-91ab-2d7cd011db47');
    } finally {
      await emu.close();
    }
  });
});

describe('emulator: lifecycle', () => {
  it('deep-clones the bundle, writes its env files and closes promptly with a hung request open', async () => {
    const bundle = fixtureBundle();
    const emu = await startEmulator({ bundle });
    emu.bundle.arm.pop();
    expect(bundle.arm).toHaveLength(emu.bundle.arm.length + 1);

    const dir = await mkdtemp(join(tmpdir(), 'emu-env-'));
    try {
      const env = await emu.writeEnv(dir);
      expect(env).toEqual({ armEndpoint: emu.url, kubeconfig: join(dir, 'kubeconfig'), caCertificate: join(dir, 'ca.pem'), subscriptionId: SUB, clusterId: CLUSTER_ID });
      expect(await readFile(env.caCertificate, 'utf8')).toBe(emu.caPem);
      expect(await readFile(env.kubeconfig, 'utf8')).toBe(emu.kubeconfigYaml());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    emu.addFault({ kind: 'hang', path: '/' });
    const hung = raw(emu, 'GET', `${REGISTRY_ID}?api-version=2025-11-01`, { Authorization: 'Bearer x' }).catch((e: unknown) => e);
    // Wait until the server holds the request, however slow the TLS handshake is under load.
    for (let i = 0; i < 200 && !emu.requests.some((r) => r.path.startsWith(REGISTRY_ID)); i++) await new Promise((r) => setTimeout(r, 10));
    await emu.close();
    expect(await hung).toBeInstanceOf(Error);
    expect(emu.requests.at(-1)?.status).toBe(0);
  });
});
