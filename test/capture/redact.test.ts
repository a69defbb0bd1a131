import { describe, expect, it } from 'vitest';
import { redactBundle } from '../../src/capture/redact.js';
import { bundleProblems } from '../../src/bundle/validate.js';
import type { ArmResource, Bundle, KubeObject } from '../../src/bundle/types.js';
import { idKey, parseResourceId, sameId } from '../../src/azure/resource-id.js';
import { looksLikeBootstrapName } from '../../src/domain/registry-mode.js';
import {
  BYO_LAYOUT, CLUSTER_NAME, CLUSTER_RG, DOCKER_HUB_IP, KUBELET_IDENTITY, MANAGED_LAYOUT, MCR_IP, NODE_RG, SUBSCRIPTION, TENANT,
  healthyByo, healthyManaged, type Layout,
} from '../../src/emulator/scenarios/build.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';

const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
const AKS_SERVER_APP = '6dae42f8-4368-4678-94ff-3960e28e3630';

function ofType(b: Bundle, type: string): ArmResource[] {
  return b.arm.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}
function one(b: Bundle, type: string): ArmResource {
  const r = ofType(b, type)[0];
  if (!r) throw new Error(`no ${type}`);
  return r;
}
function props(r: ArmResource): Record<string, unknown> {
  return (r.properties ?? {});
}
function at(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const p of path) v = (v as Record<string | number, unknown> | undefined)?.[p];
  return v;
}

/** A bundle with the extras real captures hold: upper-case ids, a customer registry host, tags. */
function realisticManaged(): Bundle {
  const b = healthyManaged('captured from aks-prod in rg-prod (subscription 8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d)');
  const cluster = one(b, 'Microsoft.ContainerService/ManagedClusters');
  const p = props(cluster);
  p.aadProfile = { managed: true, tenantID: TENANT, serverAppID: AKS_SERVER_APP };
  p.windowsProfile = { adminUsername: 'azureuser' };
  cluster.tags = { owner: 'jane.doe@contoso.com', costCenter: 'rg-prod' };
  cluster.systemData = { createdBy: 'Jane.Doe@contoso.com', createdByType: 'User', lastModifiedBy: 'ops@microsoft.com' };
  // ARM's upper-case spelling of the node resource group, seen on some ids.
  p.nodeResourceGroupProfile = { restrictionLevel: 'Unrestricted', id: `/subscriptions/${SUBSCRIPTION.toUpperCase()}/resourceGroups/${NODE_RG.toUpperCase()}` };
  const pods = b.kubernetes.pods as KubeObject[];
  const pod = structuredClone(pods[0]) as KubeObject;
  (pod.metadata as Record<string, unknown>).name = 'billing-7d9f';
  (pod.spec as { containers: { image: string }[] }).containers[0]!.image = 'registry.contoso.com/team/billing:2.1';
  pods.push(pod);
  b.kubernetes.events = [
    {
      kind: 'Event', apiVersion: 'v1',
      metadata: { name: 'billing-7d9f.18a', namespace: 'default' },
      type: 'Warning', reason: 'Failed',
      involvedObject: { kind: 'Pod', name: 'billing-7d9f', namespace: 'default' },
      message: `Failed to pull image "registry.contoso.com/team/billing:2.1": failed to do request: Head "https://registry.contoso.com/v2/team/billing/manifests/2.1": dial tcp 52.168.10.20:443: i/o timeout`,
    },
    {
      kind: 'Event', apiVersion: 'v1',
      metadata: { name: 'x.18b', namespace: 'default' },
      type: 'Warning', reason: 'Failed',
      involvedObject: { kind: 'Pod', name: 'x', namespace: 'default' },
      message: `Failed to pull image "mcr.microsoft.com/oss/nginx:1.27": failed to resolve reference: failed to do request: Head "https://${MANAGED_LAYOUT.registryName}.azurecr.io/v2/aks-managed-repository/oss/nginx/manifests/1.27?ns=mcr.microsoft.com": dial tcp: lookup ${MANAGED_LAYOUT.registryName}.azurecr.io on 168.63.129.16:53: no such host; then Head "https://mcr.microsoft.com/v2/oss/nginx/manifests/1.27": dial tcp ${MCR_IP}:443: i/o timeout; and Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.27": dial tcp ${DOCKER_HUB_IP}:443: i/o timeout (api-version=2025-07-01)`,
    },
  ];
  return b;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const IPV4 = /(?<![0-9.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9])/g;

function occurs(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'i').test(text);
}

function sensitive(layout: Layout, b: Bundle): string[] {
  const guids = [...JSON.stringify(b).matchAll(GUID)].map((m) => m[0].toLowerCase()).filter((g) => g !== ACR_PULL && g !== AKS_SERVER_APP);
  const ips = [...JSON.stringify(b).matchAll(IPV4)].map((m) => m[0]).filter((ip) => ip !== '168.63.129.16');
  return [
    SUBSCRIPTION, TENANT, CLUSTER_RG, CLUSTER_NAME, NODE_RG, layout.registryName, layout.registryRg, layout.vnetName,
    layout.nodeSubnet.name, layout.peSubnet.name, layout.peName, layout.linkName, `${CLUSTER_NAME}-agentpool`,
    'aks-prod-dns-k3x9q2m7', 'registry.contoso.com', 'contoso.com', 'jane.doe', ...guids, ...ips,
  ];
}

describe.each([
  ['managed', MANAGED_LAYOUT, realisticManaged],
  ['byo', BYO_LAYOUT, (): Bundle => healthyByo()],
  ['dockerhub-image-uncached', BYO_LAYOUT, (): Bundle => findScenario('dockerhub-image-uncached')?.build() ?? healthyByo()],
  ['anonymous-pull-off-no-acrpull', BYO_LAYOUT, (): Bundle => findScenario('anonymous-pull-off-no-acrpull')?.build() ?? healthyByo()],
  ['managed-dns-record-wrong-ip', MANAGED_LAYOUT, (): Bundle => findScenario('managed-dns-record-wrong-ip')?.build() ?? healthyManaged()],
] as const)('redactBundle on a %s bundle', (_name, layout, build) => {
  const original = build();
  const { bundle, mapping } = redactBundle(original);
  const text = JSON.stringify(bundle);
  const registry = one(bundle, 'Microsoft.ContainerRegistry/registries');
  const cluster = one(bundle, 'Microsoft.ContainerService/ManagedClusters');

  it('leaves no original id, name, address or hostname anywhere', () => {
    const leaks = sensitive(layout, original).filter((v) => occurs(text, v));
    expect(leaks).toEqual([]);
  });

  it('does not touch the input, and is still a valid bundle', () => {
    expect(original).toEqual(build());
    expect(bundleProblems(bundle)).toEqual([]);
    expect(bundle.schema).toBe('aks-netiso/bundle@1');
    expect(bundle.arm).toHaveLength(original.arm.length);
  });

  it('maps every value to one placeholder, and no two values to the same one', () => {
    expect(mapping.get(SUBSCRIPTION)).toMatch(/^00000000-0000-0000-0001-/);
    expect(mapping.get(layout.registryName)).toBe(registry.name);
    const placeholders = [...mapping.values()];
    expect(new Set(placeholders).size).toBe(placeholders.length);
    for (const r of bundle.arm) expect(parseResourceId(r.id).subscriptionId).toBe(mapping.get(SUBSCRIPTION));
    // Ids that named the same resource still do (case-insensitively), and distinct ones stay distinct.
    expect(new Set(bundle.arm.map((r) => idKey(r.id))).size).toBe(original.arm.length);
    expect(sameId(bundle.cluster, cluster.id)).toBe(true);
  });

  it('keeps the relations the diagnosis follows', () => {
    const rp = props(registry);
    expect(rp.loginServer).toBe(`${registry.name}.azurecr.io`);
    const records = ofType(bundle, 'Microsoft.Network/privateDnsZones/A').map((r) => r.name).sort();
    expect(records).toEqual([registry.name, `${registry.name}.eastus2.data`].sort());
    const zone = one(bundle, 'Microsoft.Network/privateDnsZones');
    expect(zone.name).toBe('privatelink.azurecr.io');
    const nic = one(bundle, 'Microsoft.Network/networkInterfaces');
    const configs = props(nic).ipConfigurations as { properties: { privateIPAddress: string; privateLinkConnectionProperties: { requiredMemberName: string } } }[];
    expect(configs.map((c) => c.properties.privateLinkConnectionProperties.requiredMemberName).sort()).toEqual(['registry', 'registry_data_eastus2']);
    const nicIps = configs.map((c) => c.properties.privateIPAddress).sort();
    const recordIps = ofType(bundle, 'Microsoft.Network/privateDnsZones/A').flatMap((r) => (props(r).aRecords as { ipv4Address: string }[]).map((a) => a.ipv4Address)).sort();
    if (_name !== 'managed-dns-record-wrong-ip') expect(recordIps).toEqual(nicIps);
    for (const ip of nicIps) expect(ip).toMatch(/^10\./);
    // The endpoint's subnet still contains the endpoint's addresses (the /24 is kept).
    const pe = one(bundle, 'Microsoft.Network/privateEndpoints');
    const peSubnetId = at(pe, 'properties', 'subnet', 'id') as string;
    const vnet = ofType(bundle, 'Microsoft.Network/virtualNetworks').find((v) => idKey(peSubnetId).startsWith(idKey(v.id)));
    const subnet = (props(vnet as ArmResource).subnets as { id: string; properties: { addressPrefix: string } }[]).find((s) => sameId(s.id, peSubnetId));
    const prefix = subnet?.properties.addressPrefix ?? '';
    expect(nicIps[0]?.split('.').slice(0, 2)).toEqual(prefix.split('.').slice(0, 2));
    // The endpoint connects to the registry, by id.
    const link = (at(pe, 'properties', 'privateLinkServiceConnections') ?? at(pe, 'properties', 'manualPrivateLinkServiceConnections')) as { properties: { privateLinkServiceId: string } }[];
    expect(sameId(link[0]?.properties.privateLinkServiceId, registry.id)).toBe(true);
    // The kubelet identity and its role assignment.
    const kubeletObjectId = at(cluster, 'properties', 'identityProfile', 'kubeletidentity', 'objectId');
    expect(kubeletObjectId).toBe(mapping.get(KUBELET_IDENTITY.objectId));
    for (const ra of ofType(bundle, 'Microsoft.Authorization/roleAssignments')) {
      expect(props(ra).roleDefinitionId).toMatch(new RegExp(`/roleDefinitions/${ACR_PULL}$`));
      expect(props(ra).principalId).toBe(kubeletObjectId);
      expect(idKey(ra.id).startsWith(idKey(registry.id))).toBe(true);
    }
    // Nodes and pods point at the same nodes, and pools at the same pools.
    const nodeNames = new Set((bundle.kubernetes.nodes ?? []).map((n) => n.metadata?.name));
    for (const pod of bundle.kubernetes.pods ?? []) {
      const node = at(pod, 'spec', 'nodeName');
      if (node) expect(nodeNames.has(node as string)).toBe(true);
    }
  });

  it('keeps the public vocabulary and the invariants', () => {
    expect(looksLikeBootstrapName(registry.name)).toBe(layout.mode === 'managed');
    expect(props(cluster).nodeResourceGroup).toBe(`MC_${mapping.get(CLUSTER_RG)}_${mapping.get(CLUSTER_NAME)}_eastus2`);
    expect(at(cluster, 'properties', 'bootstrapProfile', 'artifactSource')).toBe('Cache');
    expect(cluster.location).toBe('eastus2');
    const rules = ofType(bundle, 'Microsoft.ContainerRegistry/registries/cacheRules');
    for (const rule of rules) expect(String(props(rule).sourceRepository)).toMatch(/^(mcr\.microsoft\.com|docker\.io)\//);
    const kept = ['aks-managed-repository', '"Microsoft.ContainerRegistry/registries"', 'kubernetes.azure.com/agentpool', '"registry_data_eastus2"'];
    if (ofType(original, 'Microsoft.Authorization/roleAssignments').length > 0) kept.push(`/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`);
    expect(kept.filter((k) => !text.includes(k))).toEqual([]);
    for (const image of (bundle.kubernetes.pods ?? []).flatMap((p) => (at(p, 'spec', 'containers') as { image: string }[]).map((c) => c.image))) {
      expect(image).toMatch(/^(mcr\.microsoft\.com\/|[a-z0-9]+\.azurecr\.io\/|host\d+\.example\.com\/|nginx|docker\.io|busybox)/);
    }
  });
});

describe('redactBundle details', () => {
  const original = realisticManaged();
  const { bundle, mapping } = redactBundle(original);
  const text = JSON.stringify(bundle);

  it.each([
    ['Azure DNS keeps its well-known address', '168.63.129.16', '168.63.129.16'],
    ['the AKS server app id is public', AKS_SERVER_APP, AKS_SERVER_APP],
    ['a private address stays private', '10.224.0.12', /^10\.\d+\.0\.12$/],
    ['a public address becomes a non-private, non-routable one', MCR_IP, /^198\.1[89]\.\d+\.219$/],
    ['the tenant id becomes a tenant placeholder', TENANT, /^00000000-0000-0000-0002-/],
    ['a customer registry host becomes an example.com host', 'registry.contoso.com', /^host\d+\.example\.com$/],
    ['the cluster name', CLUSTER_NAME, /^cluster\d+$/],
    ['the managed registry keeps its keyword', MANAGED_LAYOUT.registryName, /^acrbootstrap\d+$/],
  ])('%s', (_name, value, expected) => {
    const got = mapping.get(value) ?? (text.includes(value) ? value : undefined);
    if (typeof expected === 'string') expect(got).toBe(expected);
    else expect(got).toMatch(expected);
  });

  it('rewrites event messages with the same placeholders as the resources', () => {
    const messages = (bundle.kubernetes.events ?? []).map((e) => String(e.message));
    const acr = mapping.get(MANAGED_LAYOUT.registryName) ?? '';
    const host = mapping.get('registry.contoso.com') ?? '';
    expect(messages[0]).toBe(`Failed to pull image "${host}/team/billing:2.1": failed to do request: Head "https://${host}/v2/team/billing/manifests/2.1": dial tcp ${mapping.get('52.168.10.20')}:443: i/o timeout`);
    expect(messages[1]).toContain(`Head "https://${acr}.azurecr.io/v2/aks-managed-repository/oss/nginx/manifests/1.27?ns=mcr.microsoft.com": dial tcp: lookup ${acr}.azurecr.io on 168.63.129.16:53: no such host`);
    expect(messages[1]).toContain('Head "https://mcr.microsoft.com/v2/oss/nginx/manifests/1.27"');
    expect(messages[1]).toContain('Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.27"');
    expect(messages[1]).toContain('(api-version=2025-07-01)');
  });

  it('maps every spelling of a name to the same placeholder, keeping upper case', () => {
    const cluster = one(bundle, 'Microsoft.ContainerService/ManagedClusters');
    const nodeRg = props(cluster).nodeResourceGroup as string;
    expect(at(cluster, 'properties', 'nodeResourceGroupProfile', 'id')).toBe(`/subscriptions/${(mapping.get(SUBSCRIPTION) ?? '').toUpperCase()}/resourceGroups/${nodeRg.toUpperCase()}`);
    const lowerIds = bundle.arm.filter((r) => r.id.includes('/resourcegroups/mc_'));
    expect(lowerIds.length).toBeGreaterThan(0);
    for (const r of lowerIds) expect(r.id).toContain(`/resourcegroups/${nodeRg.toLowerCase()}/`);
  });

  it('redacts the free text and the tags too', () => {
    expect(bundle.description).toBe(`captured from ${mapping.get(CLUSTER_NAME)} in ${mapping.get(CLUSTER_RG)} (subscription ${mapping.get(SUBSCRIPTION)})`);
    const cluster = one(bundle, 'Microsoft.ContainerService/ManagedClusters');
    const owner = `${mapping.get('jane.doe@') ?? ''}@${mapping.get('contoso.com') ?? ''}`;
    expect(owner).toMatch(/^user\d+@host\d+\.example\.com$/);
    expect(cluster.tags).toEqual({ owner, costCenter: mapping.get(CLUSTER_RG) });
    expect(cluster.systemData).toEqual({ createdBy: owner, createdByType: 'User', lastModifiedBy: `${mapping.get('ops@') ?? ''}@microsoft.com` });
    // An image digest is not a mailbox.
    expect(redactBundle({ ...original, description: 'nginx@sha256:0123abcd' }).bundle.description).toBe('nginx@sha256:0123abcd');
  });

  it('never lets a resource named like a word of a pull error rewrite that error', () => {
    const b = realisticManaged();
    for (const name of ['timeout', 'pull', 'lookup']) {
      b.arm.push({ id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${CLUSTER_RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`, name, type: 'Microsoft.ManagedIdentity/userAssignedIdentities' });
    }
    const messages = (redactBundle(b).bundle.kubernetes.events ?? []).map((e) => String(e.message));
    expect(messages).toEqual((bundle.kubernetes.events ?? []).map((e) => String(e.message)));
  });

  it('is stable: the same input gives the same output, and a second pass finds nothing original', () => {
    expect(redactBundle(realisticManaged()).bundle).toEqual(bundle);
    const twice = redactBundle(bundle).bundle;
    const again = JSON.stringify(twice);
    for (const v of [SUBSCRIPTION, CLUSTER_NAME, CLUSTER_RG, MANAGED_LAYOUT.registryName, '10.224.0.12']) expect(occurs(again, v)).toBe(false);
    expect(bundleProblems(twice)).toEqual([]);
  });
});

describe('redactBundle on a dual-stack (IPv6) capture', () => {
  const NODE_V6 = 'fd12:3456:789a:1::4';
  const SUBNET_V6 = 'fd12:3456:789a:1::/64';
  const POD_V6 = 'fd00:10:244:0:0:0:0:12';
  const PUBLIC_V6 = '2603:1030:20e:3::23c';

  function dualStack(): Bundle {
    const b = healthyManaged();
    const vnet = one(b, 'Microsoft.Network/virtualNetworks');
    const vp = props(vnet);
    (vp.addressSpace as { addressPrefixes: string[] }).addressPrefixes.push('fd12:3456:789a::/48');
    const subnet = (vp.subnets as { properties: Record<string, unknown> }[])[0];
    if (subnet) subnet.properties.addressPrefixes = [String(subnet.properties.addressPrefix), SUBNET_V6];
    const node = (b.kubernetes.nodes as KubeObject[])[0] as { status: { addresses: { type: string; address: string }[] } };
    node.status.addresses.push({ type: 'InternalIP', address: NODE_V6 });
    const pod = (b.kubernetes.pods as KubeObject[])[0] as { status: Record<string, unknown> };
    pod.status.podIPs = [{ ip: '10.244.0.12' }, { ip: POD_V6 }];
    b.kubernetes.events = [
      {
        kind: 'Event', apiVersion: 'v1', metadata: { name: 'x.18c', namespace: 'default' }, type: 'Warning', reason: 'Failed',
        involvedObject: { kind: 'Pod', name: 'x', namespace: 'default' },
        message: `Failed to pull image "mcr.microsoft.com/oss/nginx:1.27": failed to do request: Head "https://mcr.microsoft.com/v2/oss/nginx/manifests/1.27": dial tcp [${PUBLIC_V6}]:443: connect: network is unreachable (at 21:46:19.419, mac 00:0d:3a:12:34:56)`,
      },
    ];
    return b;
  }

  const { bundle, mapping } = redactBundle(dualStack());
  const text = JSON.stringify(bundle);

  it('leaves no original IPv6 address, written either way', () => {
    for (const v of [NODE_V6, 'fd12:3456:789a', POD_V6, 'fd00:10:244::12', PUBLIC_V6, '2603:1030']) expect(text).not.toContain(v);
  });

  it('keeps the interface id and the subnet relation: the node address stays in the subnet prefix', () => {
    const node = mapping.get(NODE_V6) ?? '';
    const subnet = mapping.get('fd12:3456:789a:1::') ?? '';
    expect(node).toMatch(/^fd00:0:0:\d+::4$/);
    expect(subnet).toBe(node.replace(/::4$/, '::'));
    expect(text).toContain(`"${subnet}/64"`);
    expect(mapping.get(POD_V6)).toMatch(/^fd00:0:0:\d+::12$/);
    expect(mapping.get(POD_V6)?.split('::')[0]).not.toBe(node.split('::')[0]);
  });

  it('maps public addresses into the documentation range and leaves times and MACs alone', () => {
    expect(mapping.get(PUBLIC_V6)).toMatch(/^2001:db8:0:\d+::23c$/);
    expect(text).toContain(`dial tcp [${mapping.get(PUBLIC_V6)}]:443`);
    expect(text).toContain('at 21:46:19.419, mac 00:0d:3a:12:34:56');
  });

  it('maps the same address the same way every time', () => {
    const again = redactBundle(dualStack());
    expect(JSON.stringify(again.bundle)).toBe(text);
  });
});

describe('redactBundle on a credential set and an ABAC registry', () => {
  const original = findScenario('credential-set-unhealthy')?.build() as Bundle;
  const set = one(original, 'Microsoft.ContainerRegistry/registries/credentialSets');
  const principalId = String(at(set, 'identity', 'principalId'));
  const vaultUri = String(at(props(set), 'authCredentials', 0, 'passwordSecretIdentifier'));
  const abac = findScenario('abac-registry-healthy')?.build() as Bundle;
  const { bundle } = redactBundle(original);
  const text = JSON.stringify(bundle);
  const redactedSet = one(bundle, 'Microsoft.ContainerRegistry/registries/credentialSets');

  it('replaces the Key Vault name in the secret URIs and the identity principal id', () => {
    expect(vaultUri).toContain('contoso-kv.vault.azure.net');
    expect(text).not.toContain('contoso-kv');
    expect(text).not.toContain(principalId);
    const uri = String(at(props(redactedSet), 'authCredentials', 0, 'passwordSecretIdentifier'));
    expect(uri).toMatch(/^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/secrets\//);
  });
  it('keeps what the check judges: the health, and the rule still naming the set', () => {
    expect(at(props(redactedSet), 'authCredentials', 0, 'credentialHealth', 'status')).toBe('Unhealthy');
    const rule = ofType(bundle, 'Microsoft.ContainerRegistry/registries/cacheRules').find((r) => props(r).credentialSetResourceId);
    expect(sameId(String(props(rule as ArmResource).credentialSetResourceId), redactedSet.id)).toBe(true);
  });
  it("keeps the ABAC mode and the Repository Reader role id (a public constant) but not the assignment's principal", () => {
    const redacted = redactBundle(abac).bundle;
    const registry = one(redacted, 'Microsoft.ContainerRegistry/registries');
    expect(props(registry).roleAssignmentMode).toBe('AbacRepositoryPermissions');
    const roles = ofType(redacted, 'Microsoft.Authorization/roleAssignments').map((r) => String(props(r).roleDefinitionId));
    expect(roles.some((r) => r.endsWith('/b93aa761-3e63-49ed-ac28-beffa264f7ac'))).toBe(true);
    expect(JSON.stringify(redacted)).not.toContain(KUBELET_IDENTITY.objectId);
  });
});
