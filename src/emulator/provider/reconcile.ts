import type { ArmResource, Bundle } from '../../bundle/types.js';
import { idKey, parentId, sameId, tryParseResourceId } from '../../azure/resource-id.js';
import { MCR_RULE_NAME, MCR_SOURCE, MCR_TARGET, guid, type Layout } from '../fixtures/ids.js';
import { acrPullAssignment, cacheRuleResource, registryConnection, registryResource } from '../fixtures/registry.js';
import { nicResource, privateEndpointResource } from '../fixtures/network.js';
import { aRecordResource, soaRecordResource, vnetLinkResource, zoneGroupResource, zoneResource } from '../fixtures/dns.js';
import { recountZone } from './dns.js';
import { approvedEndpointFor, clusterNetwork, connectionTarget, endpointConnections, hasAcrPull, inRg, managedRegistryName, nicIps, type ClusterView } from './cluster-view.js';
import { deleteEndpoint } from './cascade.js';
import { arr, find, findIndex, obj, ofType, propsOf, str } from './store.js';

/** AKS's reconcile of a network isolated cluster with an AKS-managed registry. */

function upsert(bundle: Bundle, resource: ArmResource): void {
  const i = findIndex(bundle, resource.id);
  if (i < 0) bundle.arm.push(resource);
}

function usedIps(bundle: Bundle): Set<string> {
  const used = new Set<string>();
  for (const nic of ofType(bundle, 'Microsoft.Network/networkInterfaces')) {
    for (const ip of arr(propsOf(nic).ipConfigurations)) {
      const a = str(obj(ip.properties).privateIPAddress);
      if (a) used.add(a);
    }
  }
  for (const node of bundle.kubernetes.nodes ?? []) {
    for (const a of arr(obj(node.status).addresses)) if (a.type === 'InternalIP' && typeof a.address === 'string') used.add(a.address);
  }
  return used;
}

/** The next free addresses of a subnet, after Azure's five reserved ones. */
function allocateIps(bundle: Bundle, prefix: string, count: number): string[] {
  const [base] = prefix.split('/');
  const octets = (base ?? '10.0.0.0').split('.').map(Number);
  const used = usedIps(bundle);
  const out: string[] = [];
  for (let host = 4; out.length < count && host < 65000; host++) {
    const a = octets[0] ?? 10;
    const b = octets[1] ?? 0;
    const c = (octets[2] ?? 0) + Math.floor(host / 256);
    const ip = `${a}.${b}.${c}.${host % 256}`;
    if (host % 256 === 0 || host % 256 === 255 || used.has(ip)) continue;
    out.push(ip);
  }
  return out;
}

/**
 * Reconcile of a network isolated cluster with an AKS-managed registry: recreates whatever is
 * missing of the registry (with its MCR cache rule and the kubelet's AcrPull), the private
 * endpoint with its NIC and zone group (a Disconnected one is replaced), the zone in the node
 * resource group, its link to the cluster VNet, and both A records (set to the NIC's IPs). A
 * cache rule deleted from a registry that still exists is NOT recreated: the guide's fix for
 * that is to delete the registry and reconcile, which this models.
 */
export function ensureManagedChain(bundle: Bundle, c: ClusterView): void {
  const regName = managedRegistryName(bundle, c);
  const net = clusterNetwork(bundle, c);
  const subnetProps = obj(net?.subnet.properties);
  const base: Layout = {
    mode: 'managed',
    subscription: c.subscription,
    location: c.location,
    registryName: regName,
    registryRg: c.containerRegistryId ? (tryParseResourceId(c.containerRegistryId)?.resourceGroup ?? c.nodeRg) : c.nodeRg,
    vnetRg: tryParseResourceId(net?.vnet.id)?.resourceGroup ?? c.nodeRg,
    vnetName: net?.vnet.name ?? 'aks-vnet',
    vnetPrefix: '',
    nodeSubnet: { name: str(net?.subnet.name) ?? 'aks-subnet', prefix: str(subnetProps.addressPrefix) ?? '10.224.0.0/16' },
    peSubnet: { name: str(net?.subnet.name) ?? 'aks-subnet', prefix: str(subnetProps.addressPrefix) ?? '10.224.0.0/16' },
    customVnet: false,
    peRg: c.nodeRg,
    peName: `${regName}-pe`,
    nicName: `${regName}-pe.nic.${guid(`${idKey(c.resource.id)}/${regName}/nic`)}`,
    registryIp: '',
    dataIp: '',
    zoneRg: c.nodeRg,
    linkName: `${net?.vnet.name ?? 'aks-vnet'}-link`,
    zoneGroup: true,
    manualConnection: false,
  };

  let registry = find(bundle, `/subscriptions/${c.subscription}/resourceGroups/${base.registryRg}/providers/Microsoft.ContainerRegistry/registries/${regName}`);
  if (!registry) {
    registry = registryResource(base, { connectionStatus: null });
    bundle.arm.push(registry);
    bundle.arm.push(cacheRuleResource(base, MCR_RULE_NAME, MCR_SOURCE, MCR_TARGET));
  }
  if (c.kubeletObjectId && !hasAcrPull(bundle, registry.id, c.kubeletObjectId)) bundle.arm.push(acrPullAssignment(base, c.kubeletObjectId));

  // The endpoint: keep an Approved one; replace one left Disconnected by a registry deletion.
  let pe = approvedEndpointFor(bundle, registry.id);
  for (const stale of ofType(bundle, 'Microsoft.Network/privateEndpoints').filter((e) => e !== pe && inRg(e.id, c.nodeRg) && endpointConnections(e).some((conn) => sameId(connectionTarget(conn), registry.id)))) {
    deleteEndpoint(bundle, stale.id);
  }
  const l: Layout = { ...base };
  if (pe) {
    const parsed = tryParseResourceId(pe.id);
    l.peRg = parsed?.resourceGroup ?? l.peRg;
    l.peName = pe.name;
  } else if (net) {
    const [registryIp, dataIp] = allocateIps(bundle, l.peSubnet.prefix, 2);
    l.registryIp = registryIp ?? '';
    l.dataIp = dataIp ?? '';
    pe = privateEndpointResource(l);
    bundle.arm.push(pe, nicResource(l));
  }
  if (pe) {
    const rp = propsOf(registry);
    const connections = arr(rp.privateEndpointConnections).filter((conn) => find(bundle, str(obj(obj(conn.properties).privateEndpoint).id)) !== undefined);
    if (!connections.some((conn) => sameId(str(obj(obj(conn.properties).privateEndpoint).id), pe.id))) connections.push(registryConnection(l, 'Approved'));
    if (JSON.stringify(connections) !== JSON.stringify(rp.privateEndpointConnections ?? [])) rp.privateEndpointConnections = connections;
  }

  // DNS: the zone in the node resource group, its link to the cluster VNet, the two records.
  let zone = ofType(bundle, 'Microsoft.Network/privateDnsZones').find((z) => z.name.toLowerCase() === 'privatelink.azurecr.io' && inRg(z.id, c.nodeRg));
  if (!zone) {
    zone = zoneResource(l, 1);
    // Azure creates the SOA record set with the zone.
    bundle.arm.push(zone, soaRecordResource(l));
  }
  const zoneId = zone.id;
  const zl: Layout = { ...l, zoneRg: tryParseResourceId(zoneId)?.resourceGroup ?? l.zoneRg };
  if (net) {
    const link = ofType(bundle, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').find((k) => sameId(parentId(k.id), zoneId) && sameId(str(obj(propsOf(k).virtualNetwork).id), net.vnet.id));
    if (!link) bundle.arm.push(vnetLinkResource(zl));
    else if (propsOf(link).virtualNetworkLinkState !== 'Completed') propsOf(link).virtualNetworkLinkState = 'Completed';
  }
  if (pe) {
    const ips = nicIps(bundle, pe, c.location);
    const names: [string, string | undefined][] = [[regName, ips.registry], [`${regName}.${c.location}.data`, ips.data]];
    for (const [relative, ip] of names) {
      if (!ip) continue;
      const existing = find(bundle, `${zoneId}/A/${relative.toLowerCase()}`);
      if (!existing) bundle.arm.push(aRecordResource({ ...zl, registryIp: ips.registry ?? '', dataIp: ips.data ?? '' }, relative, ip));
      else {
        const current = arr(propsOf(existing).aRecords).map((a) => a.ipv4Address);
        if (current.length !== 1 || current[0] !== ip) propsOf(existing).aRecords = [{ ipv4Address: ip }];
      }
    }
    const hasGroup = bundle.arm.some((r) => r.type.toLowerCase() === 'microsoft.network/privateendpoints/privatednszonegroups' && sameId(parentId(r.id), pe.id));
    if (!hasGroup) upsert(bundle, zoneGroupResource({ ...zl, registryIp: ips.registry ?? '', dataIp: ips.data ?? '' }));
  }
  recountZone(bundle, zoneId);
}

