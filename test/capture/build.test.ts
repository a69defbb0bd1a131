import { describe, expect, it } from 'vitest';
import { buildBundle, type RecordedArmResponse, type RecordedKubeResponseLike } from '../../src/capture/build.js';
import { REMOVED_CREDENTIAL, scrubCredentialText, stripCredentials } from '../../src/capture/secrets.js';
import { bundleProblems } from '../../src/bundle/validate.js';
import type { ArmResource, Bundle, KubeObject } from '../../src/bundle/types.js';
import { CLUSTER_ID, healthyManaged } from '../../src/emulator/scenarios/build.js';

const ARM = 'https://management.azure.com';
const API = '?api-version=2025-07-01';

function get(url: string, body: unknown, status = 200): RecordedArmResponse {
  return { method: 'GET', url: `${ARM}${url}${API}`, status, bodyText: JSON.stringify(body) };
}

function byType(bundle: Bundle, type: string): ArmResource[] {
  return bundle.arm.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

function parent(id: string): string {
  return id.split('/').slice(0, -2).join('/');
}

/** Secrets a real (or future) ARM answer could carry; none may reach a bundle. */
const SECRETS = {
  spSecret: 'Sp~Secret.Value_8Q~abcdefghijklmnop',
  adminPassword: 'P@ssw0rd-Windows-Admin-123',
  serverAppSecret: 'aad-server-app-secret-XYZ',
  sshKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 ops@contoso.com',
  kubeconfigB64: Buffer.from('apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: abcdef0123456789abcdef\n').toString('base64'),
  jwt: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2lnbmF0dXJlLXZhbHVl',
  envPassword: 'db-password-do-not-leak',
  accessProfileKubeconfig: 'YXBpVmVyc2lvbjogdjEKa2luZDogQ29uZmlnCg==',
};

/** The recorded answers of one realistic diagnosis of the healthy managed scenario. */
function recordedDiagnosis(): { source: Bundle; arm: RecordedArmResponse[]; kube: RecordedKubeResponseLike[] } {
  const source = healthyManaged();
  const arm: RecordedArmResponse[] = [];
  const cluster = structuredClone(source.arm.find((r) => r.id === CLUSTER_ID)) as ArmResource;
  const props = cluster.properties as Record<string, unknown>;
  props.servicePrincipalProfile = { clientId: 'msi', secret: SECRETS.spSecret };
  props.windowsProfile = { adminUsername: 'azureuser', adminPassword: SECRETS.adminPassword };
  props.aadProfile = { managed: true, serverAppSecret: SECRETS.serverAppSecret, tenantID: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
  props.linuxProfile = { adminUsername: 'azureuser', ssh: { publicKeys: [{ keyData: SECRETS.sshKey }] } };
  props.accessProfiles = { clusterUser: { kubeConfig: SECRETS.accessProfileKubeconfig } };
  props.futureField = { keptAsIs: [1, 2, 3] };
  arm.push(get(CLUSTER_ID, cluster));

  // Agent pools: one list, two pages.
  const pools = byType(source, 'Microsoft.ContainerService/managedClusters/agentPools');
  arm.push(get(`${CLUSTER_ID}/agentPools`, { value: pools.slice(0, 1), nextLink: `${ARM}${CLUSTER_ID}/agentPools${API}&$skiptoken=1` }));
  arm.push(get(`${CLUSTER_ID}/agentPools`, { value: pools.slice(1) }));

  // Registry: read by id, and seen again in a resource-group list with fewer fields.
  const registry = byType(source, 'Microsoft.ContainerRegistry/registries')[0] as ArmResource;
  const thinRegistry = { id: registry.id.replace('/resourcegroups/', '/resourceGroups/'), name: registry.name, type: registry.type, location: registry.location };
  arm.push(get(parent(parent(registry.id)) + '/providers/Microsoft.ContainerRegistry/registries', { value: [thinRegistry] }));
  arm.push(get(registry.id, registry));

  for (const type of ['Microsoft.ContainerRegistry/registries/cacheRules', 'Microsoft.Authorization/roleAssignments', 'Microsoft.Network/privateDnsZones/A', 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups']) {
    const items = byType(source, type);
    arm.push(get(`${parent((items[0] as ArmResource).id)}/${type.split('/').pop() ?? ''}`, { value: items }));
  }
  for (const type of ['Microsoft.Network/virtualNetworks', 'Microsoft.Network/privateEndpoints', 'Microsoft.Network/networkInterfaces', 'Microsoft.Network/privateDnsZones']) {
    for (const r of byType(source, type)) arm.push(get(r.id, r));
  }
  // Scale sets: the node resource group's list, then each one's instances with their views.
  const scaleSets = byType(source, 'Microsoft.Compute/virtualMachineScaleSets');
  arm.push(get(parent(parent(scaleSets[0]?.id ?? '')) + '/providers/Microsoft.Compute/virtualMachineScaleSets', { value: scaleSets }));
  for (const ss of scaleSets) {
    arm.push(get(`${ss.id}/virtualMachines`, { value: source.arm.filter((r) => r.id.toLowerCase().startsWith(`${ss.id.toLowerCase()}/virtualmachines/`)) }));
  }
  // The same endpoint again through the subscription-wide list: a duplicate to drop.
  arm.push(get(`/subscriptions/x/providers/Microsoft.Network/privateEndpoints`, { value: byType(source, 'Microsoft.Network/privateEndpoints') }));

  // Things that must never become resources.
  arm.push({
    method: 'POST',
    url: `${ARM}${CLUSTER_ID}/listClusterUserCredential${API}`,
    status: 200,
    bodyText: JSON.stringify({ kubeconfigs: [{ name: 'clusterUser', value: SECRETS.kubeconfigB64 }] }),
  });
  arm.push(get(`${CLUSTER_ID}/listClusterUserCredential`, { id: `${CLUSTER_ID}/listClusterUserCredential`, name: 'x', type: 't', kubeconfigs: [{ value: SECRETS.kubeconfigB64 }] }));
  arm.push(get(`${CLUSTER_ID}/agentPools/gone`, { error: { code: 'NotFound', message: 'not found' } }, 404));
  arm.push(get(`/subscriptions/x/providers/Microsoft.ContainerService/locations/eastus2/operations/abc`, { name: 'abc', status: 'Succeeded', startTime: '2026-11-21T10:00:00Z' }));
  arm.push({ method: 'GET', url: `${ARM}${CLUSTER_ID}${API}`, status: 200, bodyText: 'not json' });

  // Kubernetes: nodes in two pages, pods with secrets in them, warning events, the version.
  const nodes = source.kubernetes.nodes ?? [];
  const pods = structuredClone(source.kubernetes.pods ?? []);
  const pod = pods[0] as KubeObject;
  const spec = pod.spec as { containers: Record<string, unknown>[] };
  (spec.containers[0] as Record<string, unknown>).env = [{ name: 'DB_PASSWORD', value: SECRETS.envPassword }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }];
  (pod.metadata as Record<string, unknown>).annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ env: SECRETS.envPassword }), keep: 'me' };
  (pod.metadata as Record<string, unknown>).managedFields = [{ manager: 'kubectl' }];
  const event: KubeObject = {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: { name: 'p.18a', namespace: 'default', uid: 'e-1' },
    type: 'Warning',
    reason: 'Failed',
    message: `Failed to pull image "x": Get "https://acr.eastus2.data.azurecr.io/blob?se=1&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%3D&sp=r": dial tcp: lookup acr.eastus2.data.azurecr.io on 168.63.129.16:53: no such host`,
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
  };
  const kube: RecordedKubeResponseLike[] = [
    { path: '/version', status: 200, bodyText: JSON.stringify({ gitVersion: 'v1.32.7', major: '1', minor: '32' }) },
    { path: '/api/v1/nodes?limit=500', status: 200, bodyText: JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: { continue: 'c1' }, items: nodes.slice(0, 2) }) },
    { path: '/api/v1/nodes?limit=500&continue=c1', status: 200, bodyText: JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: nodes.slice(2) }) },
    { path: '/api/v1/pods?limit=500', status: 200, bodyText: JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: pods }) },
    { path: '/api/v1/events?fieldSelector=involvedObject.kind%3DPod%2Ctype%3DWarning', status: 200, bodyText: JSON.stringify({ kind: 'EventList', items: [event, event] }) },
    { path: '/api/v1/secrets', status: 403, bodyText: JSON.stringify({ kind: 'Status', message: 'forbidden' }) },
  ];
  return { source, arm, kube };
}

describe('buildBundle', () => {
  const { source, arm, kube } = recordedDiagnosis();
  const bundle = buildBundle({ clusterId: CLUSTER_ID, arm, kube: { reachable: true, responses: kube }, description: 'captured', now: new Date('2026-11-21T10:00:00Z') });
  const text = JSON.stringify(bundle);

  it('is a valid bundle@1 with its envelope', () => {
    expect(bundleProblems(bundle)).toEqual([]);
    expect(bundle.schema).toBe('aks-netiso/bundle@1');
    expect(bundle.cluster).toBe(CLUSTER_ID);
    expect(bundle.capturedAt).toBe('2026-11-21T10:00:00.000Z');
    expect(bundle.description).toBe('captured');
  });

  it('holds every resource the diagnosis read, once, sorted by id, lists split into their items', () => {
    const ids = bundle.arm.map((r) => r.id.toLowerCase());
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    // The diagnosis reads A record sets, never the zone's SOA, so that one is not captured.
    expect(ids).toEqual(source.arm.filter((r) => r.type !== 'Microsoft.Network/privateDnsZones/SOA').map((r) => r.id.toLowerCase()).sort());
  });

  it('keeps the REST JSON as returned (unknown fields too), preferring a GET by id over a list item', () => {
    const registry = source.arm.find((r) => r.type === 'Microsoft.ContainerRegistry/registries') as ArmResource;
    expect(bundle.arm.find((r) => r.id === registry.id)).toEqual(registry);
    const cluster = bundle.arm.find((r) => r.id === CLUSTER_ID) as ArmResource;
    expect((cluster.properties as Record<string, unknown>).futureField).toEqual({ keptAsIs: [1, 2, 3] });
    expect((cluster.properties as Record<string, unknown>).bootstrapProfile).toEqual({ artifactSource: 'Cache' });
    const vnet = source.arm.find((r) => r.type === 'Microsoft.Network/virtualNetworks') as ArmResource;
    expect(bundle.arm.find((r) => r.id === vnet.id)).toEqual(vnet);
  });

  it('never holds a credential: kubeconfigs, accessProfiles, secrets, passwords, keys, tokens', () => {
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('kubeconfigs');
    expect(text).not.toContain('accessProfiles');
    expect(text).not.toContain('listClusterUserCredential');
    const cluster = bundle.arm.find((r) => r.id === CLUSTER_ID) as ArmResource;
    const props = cluster.properties as Record<string, Record<string, unknown>>;
    // What the diagnosis reads stays: a service-principal cluster is still recognisable.
    expect(props.servicePrincipalProfile).toEqual({ clientId: 'msi' });
    expect(props.windowsProfile).toEqual({ adminUsername: 'azureuser' });
  });

  it('merges Kubernetes pages and keeps nodes, pods and events as kubectl returns them, minus secrets', () => {
    const k = bundle.kubernetes;
    expect(k.reachable).toBe(true);
    expect(k.version).toBe('v1.32.7');
    expect(k.nodes).toEqual(source.kubernetes.nodes);
    expect(k.pods).toHaveLength(source.kubernetes.pods?.length ?? -1);
    expect(k.events).toHaveLength(1);
    const pod = k.pods?.[0] as KubeObject;
    expect((pod.spec as { containers: { env: unknown }[] }).containers[0]?.env).toEqual([
      { name: 'DB_PASSWORD' },
      { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ]);
    expect(pod.metadata?.annotations).toEqual({ keep: 'me' });
    expect(pod.metadata?.managedFields).toBeUndefined();
    // The SAS signature goes; the evidence around it (host, lookup failure) stays.
    const message = String(k.events?.[0]?.message);
    expect(message).not.toContain('AbCdEfGhIjKlMnOp');
    expect(message).toContain(`sig=${REMOVED_CREDENTIAL}`);
    expect(message).toContain('lookup acr.eastus2.data.azurecr.io on 168.63.129.16:53: no such host');
  });

  it('writes reachable false with the reason, and no lists, when the API server could not be reached', () => {
    const b = buildBundle({ clusterId: CLUSTER_ID, arm, kube: { reachable: false, reason: 'connect ECONNREFUSED 10.0.0.1:443', responses: kube } });
    expect(b.kubernetes).toEqual({ reachable: false, reason: 'connect ECONNREFUSED 10.0.0.1:443' });
    expect(bundleProblems(b)).toEqual([]);
  });

  it('leaves a list absent when it was never read successfully', () => {
    const b = buildBundle({ clusterId: CLUSTER_ID, arm, kube: { reachable: true, responses: [{ path: '/api/v1/pods?limit=500', status: 403, bodyText: '{"kind":"Status"}' }] } });
    expect(b.kubernetes).toEqual({ reachable: true });
  });

  it.each([
    ['a POST action', { method: 'POST', url: `${ARM}${CLUSTER_ID}/listClusterAdminCredential`, status: 200, bodyText: JSON.stringify({ id: CLUSTER_ID, name: 'n', type: 't' }) }, 0],
    ['an error answer', { method: 'GET', url: `${ARM}${CLUSTER_ID}`, status: 403, bodyText: JSON.stringify({ error: { code: 'AuthorizationFailed' } }) }, 0],
    ['a body without a resource id', { method: 'GET', url: `${ARM}${CLUSTER_ID}`, status: 200, bodyText: JSON.stringify({ id: 'not-an-id', name: 'n', type: 't' }) }, 0],
    ['a list with a bad item', { method: 'GET', url: `${ARM}/x`, status: 200, bodyText: JSON.stringify({ value: [{ id: CLUSTER_ID, name: 'aks-prod', type: 'Microsoft.ContainerService/managedClusters' }, { nope: 1 }] }) }, 1],
    ['an empty list', { method: 'GET', url: `${ARM}/x`, status: 200, bodyText: JSON.stringify({ value: [] }) }, 0],
    ['a single resource', { method: 'get', url: `${ARM}${CLUSTER_ID}`, status: 200, bodyText: JSON.stringify({ id: CLUSTER_ID, name: 'aks-prod', type: 'Microsoft.ContainerService/managedClusters' }) }, 1],
  ] as const)('takes the resources of %s', (_name, response, count) => {
    const b = buildBundle({ clusterId: CLUSTER_ID, arm: [response], kube: { reachable: false, responses: [] } });
    expect(b.arm).toHaveLength(count);
  });
});

describe('credential scrubbing', () => {
  it.each([
    ['Authorization header', { headers: { Authorization: 'Bearer abc', Accept: 'json' } }, { headers: { Accept: 'json' } }],
    ['client key data (the certificate is public)', { users: [{ user: { 'client-key-data': 'LS0t', 'client-certificate-data': 'LS0t' } }] }, { users: [{ user: { 'client-certificate-data': 'LS0t' } }] }],
    ['ids that mention credentials stay', { credentialSetResourceId: '/subscriptions/s/x', tokenEndpointEnabled: true }, { credentialSetResourceId: '/subscriptions/s/x', tokenEndpointEnabled: true }],
    ['addon names stay', { azureKeyvaultSecretsProvider: { enabled: false } }, { azureKeyvaultSecretsProvider: { enabled: false } }],
  ])('%s', (_name, input, expected) => {
    expect(stripCredentials(input)).toEqual(expected);
  });

  it.each([
    ['a bearer token in text', 'sent Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', `sent Authorization: Bearer ${REMOVED_CREDENTIAL}`],
    ['a connection string', 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=c2VjcmV0a2V5dmFsdWU=;EndpointSuffix=core.windows.net', `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${REMOVED_CREDENTIAL};EndpointSuffix=core.windows.net`],
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', REMOVED_CREDENTIAL],
    ['a kubeconfig', 'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: x', REMOVED_CREDENTIAL],
    ['a real pull error', 'failed to fetch anonymous token: unexpected status from GET request to https://a.azurecr.io/oauth2/token?scope=repository%3Ax%3Apull&service=a.azurecr.io: 401 Unauthorized', 'failed to fetch anonymous token: unexpected status from GET request to https://a.azurecr.io/oauth2/token?scope=repository%3Ax%3Apull&service=a.azurecr.io: 401 Unauthorized'],
  ])('%s', (_name, input, expected) => {
    expect(scrubCredentialText(input)).toBe(expected);
  });
});

describe('parents a child list proves', () => {
  const zone = '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d/resourceGroups/mc_rg-prod_aks-prod_eastus2/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io';
  const list = (url: string, value: unknown[], status = 200): RecordedArmResponse => ({ method: 'GET', url: `https://management.azure.com${url}?api-version=2020-06-01`, status, bodyText: JSON.stringify({ value }) });
  it('a zone read only through its records list is kept as a stub, so the replay lists them too', () => {
    const b = buildBundle({ clusterId: CLUSTER_ID, arm: [list(`${zone}/A`, [])], kube: { reachable: false, responses: [] } });
    expect(b.arm).toEqual([{ id: zone, name: 'privatelink.azurecr.io', type: 'Microsoft.Network/privateDnsZones', properties: {} }]);
  });
  it('a 404 proves nothing, a top-level list has no parent, and a parent read itself wins', () => {
    const read: RecordedArmResponse = { method: 'GET', url: `https://management.azure.com${zone}?api-version=2020-06-01`, status: 200, bodyText: JSON.stringify({ id: zone, name: 'privatelink.azurecr.io', type: 'Microsoft.Network/privateDnsZones', properties: { numberOfRecordSets: 3 } }) };
    expect(buildBundle({ clusterId: CLUSTER_ID, arm: [list(`${zone}/A`, [], 404)], kube: { reachable: false, responses: [] } }).arm).toEqual([]);
    expect(buildBundle({ clusterId: CLUSTER_ID, arm: [list('/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d/providers/Microsoft.Network/privateEndpoints', [])], kube: { reachable: false, responses: [] } }).arm).toEqual([]);
    expect(buildBundle({ clusterId: CLUSTER_ID, arm: [list(`${zone}/A`, []), read], kube: { reachable: false, responses: [] } }).arm[0]?.properties).toEqual({ numberOfRecordSets: 3 });
  });
});
