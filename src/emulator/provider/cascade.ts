import type { Bundle } from '../../bundle/types.js';
import { parentId, sameId } from '../../azure/resource-id.js';
import { connectionTarget, endpointConnections } from './cluster-view.js';
import { recountZone } from './dns.js';
import { arr, deleteResource, find, obj, ofType, propsOf, str } from './store.js';

/** Deletes that take more than the resource with them: a private endpoint, a registry. */

/**
 * Deleting an endpoint takes its NIC, and the records its zone group wrote, with it; the
 * registry's connection and the subnet's reference to it go too.
 */
export function deleteEndpoint(bundle: Bundle, id: string): boolean {
  const pe = find(bundle, id);
  if (!pe) return false;
  for (const nic of arr(propsOf(pe).networkInterfaces)) deleteResource(bundle, str(nic.id) ?? '');
  const zones = new Set<string>();
  for (const group of bundle.arm.filter((r) => r.type.toLowerCase() === 'microsoft.network/privateendpoints/privatednszonegroups' && sameId(parentId(r.id), pe.id))) {
    for (const config of arr(propsOf(group).privateDnsZoneConfigs)) {
      const cp = obj(config.properties);
      const zoneId = str(cp.privateDnsZoneId) ?? '';
      for (const rs of arr(cp.recordSets)) deleteResource(bundle, `${zoneId}/A/${(str(rs.recordSetName) ?? '').toLowerCase()}`);
      zones.add(zoneId);
    }
  }
  for (const zoneId of zones) recountZone(bundle, zoneId);
  for (const vnet of ofType(bundle, 'Microsoft.Network/virtualNetworks')) {
    for (const subnet of arr(propsOf(vnet).subnets)) {
      const sp = obj(subnet.properties);
      if (!Array.isArray(sp.privateEndpoints)) continue;
      const kept = arr(sp.privateEndpoints).filter((ref) => !sameId(str(ref.id), pe.id));
      if (kept.length === sp.privateEndpoints.length) continue;
      if (kept.length > 0) sp.privateEndpoints = kept;
      else delete sp.privateEndpoints;
    }
  }
  for (const registry of ofType(bundle, 'Microsoft.ContainerRegistry/registries')) {
    const rp = propsOf(registry);
    const kept = arr(rp.privateEndpointConnections).filter((conn) => !sameId(str(obj(obj(conn.properties).privateEndpoint).id), pe.id));
    if (kept.length !== arr(rp.privateEndpointConnections).length) rp.privateEndpointConnections = kept;
  }
  return deleteResource(bundle, pe.id);
}

/** Deleting a registry deletes its children and leaves its endpoints' connections Disconnected. */
export function deleteRegistry(bundle: Bundle, id: string): boolean {
  const registry = find(bundle, id);
  if (!registry) return false;
  deleteResource(bundle, registry.id);
  for (const pe of ofType(bundle, 'Microsoft.Network/privateEndpoints')) {
    for (const conn of endpointConnections(pe)) {
      if (!sameId(connectionTarget(conn), registry.id)) continue;
      const cp = obj(conn.properties);
      cp.privateLinkServiceConnectionState = {
        ...obj(cp.privateLinkServiceConnectionState),
        status: 'Disconnected',
        description: 'The private link service connection was disconnected because the private link resource was deleted.',
      };
      conn.properties = cp;
    }
  }
  return true;
}
