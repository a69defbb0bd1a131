import type { ArmResource, Bundle } from '../../bundle/types.js';
import { idKey, parentId, sameId, tryParseResourceId } from '../../azure/resource-id.js';
import { ACR_PULL_ROLE_ID } from '../../azure/types.js';
import { expectedRecords } from '../../domain/dns.js';
import { hex } from '../fixtures/ids.js';
import { arr, find, obj, ofType, propsOf, str, type Json } from './store.js';

/**
 * What the resource provider knows of the cluster and its registry path: the registry the
 * nodes should pull through, the cluster network, and whether every link of that path works.
 */

export interface ClusterView {
  resource: ArmResource;
  subscription: string;
  location: string;
  nodeRg: string;
  isolated: boolean;
  containerRegistryId: string | undefined;
  managed: boolean;
  kubeletObjectId: string | undefined;
}

export function clusterView(bundle: Bundle): ClusterView | undefined {
  const resource = find(bundle, bundle.cluster);
  if (!resource) return undefined;
  const p = propsOf(resource);
  const parsed = tryParseResourceId(resource.id);
  const nodeRg = str(p.nodeResourceGroup) ?? '';
  const boot = obj(p.bootstrapProfile);
  const isolated = (str(boot.artifactSource) ?? '').toLowerCase() === 'cache';
  const containerRegistryId = str(boot.containerRegistryId) || undefined;
  let managed = isolated;
  if (isolated && containerRegistryId) {
    const r = tryParseResourceId(containerRegistryId);
    managed = !!r && (r.resourceGroup ?? '').toLowerCase() === nodeRg.toLowerCase() && r.name.toLowerCase().includes('bootstrap');
  }
  return {
    resource,
    subscription: parsed?.subscriptionId ?? '',
    location: resource.location ?? 'eastus2',
    nodeRg,
    isolated,
    containerRegistryId,
    managed,
    kubeletObjectId: str(obj(obj(p.identityProfile).kubeletidentity).objectId),
  };
}

export function inRg(id: string, rg: string): boolean {
  return (tryParseResourceId(id)?.resourceGroup ?? '').toLowerCase() === rg.toLowerCase();
}

export function endpointConnections(pe: ArmResource): Json[] {
  const p = propsOf(pe);
  return [...arr(p.privateLinkServiceConnections), ...arr(p.manualPrivateLinkServiceConnections)];
}

export function connectionTarget(c: Json): string | undefined {
  return str(obj(c.properties).privateLinkServiceId);
}

export function connectionStatus(c: Json): string | undefined {
  return str(obj(obj(c.properties).privateLinkServiceConnectionState).status);
}

/**
 * The name the AKS-managed registry has (or had): the configured id, an existing bootstrap
 * registry, the one a leftover endpoint still points at, or one derived from the cluster.
 */
export function managedRegistryName(bundle: Bundle, c: ClusterView): string {
  if (c.containerRegistryId) return tryParseResourceId(c.containerRegistryId)?.name ?? 'aksbootstrap';
  const existing = ofType(bundle, 'Microsoft.ContainerRegistry/registries').find((r) => inRg(r.id, c.nodeRg) && r.name.toLowerCase().includes('bootstrap'));
  if (existing) return existing.name;
  for (const pe of ofType(bundle, 'Microsoft.Network/privateEndpoints')) {
    for (const conn of endpointConnections(pe)) {
      const target = tryParseResourceId(connectionTarget(conn));
      if (target && target.fullType.toLowerCase() === 'microsoft.containerregistry/registries' && (target.resourceGroup ?? '').toLowerCase() === c.nodeRg.toLowerCase() && target.name.toLowerCase().includes('bootstrap')) {
        return target.name;
      }
    }
  }
  return `aksbootstrap${hex(idKey(c.resource.id), 8)}`;
}

/** The id of the registry the nodes should pull through (it may not exist). */
export function currentRegistryId(bundle: Bundle, c: ClusterView): string | undefined {
  if (!c.isolated) return undefined;
  if (c.containerRegistryId) return c.containerRegistryId;
  return `/subscriptions/${c.subscription}/resourceGroups/${c.nodeRg}/providers/Microsoft.ContainerRegistry/registries/${managedRegistryName(bundle, c)}`;
}

export function loginServerOf(bundle: Bundle, registryId: string): string {
  const r = find(bundle, registryId);
  const ls = r ? str(propsOf(r).loginServer) : undefined;
  return (ls ?? `${tryParseResourceId(registryId)?.name ?? ''}.azurecr.io`).toLowerCase();
}

/** The cluster's VNet and node subnet: the pools' vnetSubnetID, else the AKS-managed `aks-vnet-*` in the node RG. */
export function clusterNetwork(bundle: Bundle, c: ClusterView): { vnet: ArmResource; subnet: Json } | undefined {
  const pools = arr(propsOf(c.resource).agentPoolProfiles);
  const subnetId = pools.map((p) => str(p.vnetSubnetID)).find((s) => !!s);
  if (subnetId) {
    const vnetId = subnetId.replace(/\/subnets\/[^/]+$/i, '');
    const vnet = find(bundle, vnetId);
    const subnet = vnet ? arr(propsOf(vnet).subnets).find((s) => sameId(str(s.id), subnetId)) : undefined;
    return vnet && subnet ? { vnet, subnet } : undefined;
  }
  const vnet = ofType(bundle, 'Microsoft.Network/virtualNetworks').find((v) => inRg(v.id, c.nodeRg) && v.name.toLowerCase().startsWith('aks-vnet-'));
  const subnet = vnet ? arr(propsOf(vnet).subnets)[0] : undefined;
  return vnet && subnet ? { vnet, subnet } : undefined;
}

export function peeredWith(vnet: ArmResource, otherVnetId: string): boolean {
  return arr(propsOf(vnet).virtualNetworkPeerings).some((p) => sameId(str(obj(obj(p.properties).remoteVirtualNetwork).id), otherVnetId));
}

/** The endpoint NIC's registry and data IPs, as the diagnosis derives the records they call for. */
export function nicIps(bundle: Bundle, pe: ArmResource, location: string): { registry?: string | undefined; data?: string | undefined } {
  const nicId = str(arr(propsOf(pe).networkInterfaces)[0]?.id);
  const nic = find(bundle, nicId);
  const ipConfigurations = arr(nic ? propsOf(nic).ipConfigurations : []).map((ip) => {
    const p = obj(ip.properties);
    return { privateIpAddress: str(p.privateIPAddress), requiredMemberName: str(obj(p.privateLinkConnectionProperties).requiredMemberName) };
  });
  const records = expectedRecords([{ id: nicId ?? '', ipConfigurations }], '');
  const ipOf = (member: string): string | undefined => records.find((r) => r.member === member)?.ip;
  return { registry: ipOf('registry'), data: ipOf(`registry_data_${location.toLowerCase()}`) };
}

export function approvedEndpointFor(bundle: Bundle, registryId: string): ArmResource | undefined {
  return ofType(bundle, 'Microsoft.Network/privateEndpoints').find(
    (pe) =>
      (str(propsOf(pe).provisioningState) ?? 'Succeeded') === 'Succeeded' &&
      endpointConnections(pe).some((conn) => sameId(connectionTarget(conn), registryId) && connectionStatus(conn) === 'Approved'),
  );
}

export function recordIps(bundle: Bundle, zone: ArmResource, relativeName: string): string[] {
  const r = find(bundle, `${zone.id}/A/${relativeName.toLowerCase()}`);
  return r ? arr(propsOf(r).aRecords).map((a) => str(a.ipv4Address) ?? '') : [];
}

export function linkedZones(bundle: Bundle, vnetId: string): ArmResource[] {
  const links = ofType(bundle, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').filter(
    (l) => sameId(str(obj(propsOf(l).virtualNetwork).id), vnetId) && str(propsOf(l).virtualNetworkLinkState) === 'Completed',
  );
  return ofType(bundle, 'Microsoft.Network/privateDnsZones').filter(
    (z) => z.name.toLowerCase() === 'privatelink.azurecr.io' && links.some((l) => sameId(parentId(l.id), z.id)),
  );
}

export function hasAcrPull(bundle: Bundle, registryId: string, principalId: string | undefined): boolean {
  if (!principalId) return false;
  const reg = idKey(registryId);
  return ofType(bundle, 'Microsoft.Authorization/roleAssignments').some((ra) => {
    const p = propsOf(ra);
    const scope = idKey(ra.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, ''));
    return (
      str(p.principalId) === principalId &&
      (str(p.roleDefinitionId) ?? '').toLowerCase().endsWith(ACR_PULL_ROLE_ID) &&
      (reg === scope || reg.startsWith(scope + '/'))
    );
  });
}

export function cacheRulesOf(bundle: Bundle, registryId: string): Json[] {
  const prefix = idKey(registryId) + '/cacherules/';
  return bundle.arm
    .filter((r) => idKey(r.id).startsWith(prefix) && (str(propsOf(r).provisioningState) ?? 'Succeeded') === 'Succeeded')
    .map((r) => propsOf(r));
}

/**
 * Whether the whole pull path to the registry works from the cluster: the registry exists and
 * Succeeded, pulls are authorised (anonymous, or AcrPull for the kubelet identity at the
 * registry or a parent scope), an Approved endpoint sits in the cluster VNet (or one peered
 * with it), and a linked `privatelink.azurecr.io` zone resolves both names to the NIC's IPs.
 */
export function registryPathHealthy(bundle: Bundle, c: ClusterView, registryId: string): boolean {
  const registry = find(bundle, registryId);
  if (!registry) return false;
  const rp = propsOf(registry);
  if ((str(rp.provisioningState) ?? 'Succeeded') !== 'Succeeded') return false;
  if (rp.anonymousPullEnabled !== true && !hasAcrPull(bundle, registry.id, c.kubeletObjectId)) return false;
  const net = clusterNetwork(bundle, c);
  if (!net) return false;
  const pe = approvedEndpointFor(bundle, registry.id);
  if (!pe) return false;
  const peVnetId = (str(obj(propsOf(pe).subnet).id) ?? '').replace(/\/subnets\/[^/]+$/i, '');
  if (!sameId(peVnetId, net.vnet.id) && !peeredWith(net.vnet, peVnetId)) return false;
  const ips = nicIps(bundle, pe, c.location);
  if (!ips.registry || !ips.data) return false;
  const name = registry.name.toLowerCase();
  return linkedZones(bundle, net.vnet.id).some((zone) => {
    const reg = recordIps(bundle, zone, name);
    const data = recordIps(bundle, zone, `${name}.${c.location.toLowerCase()}.data`);
    return reg.length === 1 && reg[0] === ips.registry && data.length === 1 && data[0] === ips.data;
  });
}
