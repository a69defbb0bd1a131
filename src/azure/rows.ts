/**
 * Resource Graph rows (the REST shape, `properties` projected) → our small types, through the
 * same mappers as ARM GET answers: each row is first put in the SDK's flattened shape.
 */
import type { ManagedCluster as SdkCluster } from '@azure/arm-containerservice';
import type { Registry as SdkRegistry, Replication as SdkReplication } from '@azure/arm-containerregistry';
import type { NetworkInterface as SdkNic, PrivateEndpoint as SdkEndpoint, VirtualNetwork as SdkVnet } from '@azure/arm-network';
import type { RoleAssignment as SdkRoleAssignment } from '@azure/arm-authorization';
import type { PrivateZone as SdkZone, RecordSet as SdkRecordSet, VirtualNetworkLink as SdkLink } from '@azure/arm-privatedns';
import {
  mapARecordSet, mapCluster, mapNetworkInterface, mapPrivateDnsZone, mapPrivateEndpoint, mapRegistry, mapReplication, mapRoleAssignment, mapVirtualNetwork, mapVirtualNetworkLink,
} from './map.js';
import { parentId } from './resource-id.js';
import type { ARecordSet, Cluster, NetworkInterface, PrivateDnsZone, PrivateEndpoint, Registry, RegistryReplication, RoleAssignment, VirtualNetwork, VirtualNetworkLink } from './types.js';

/** A resource as Resource Graph returns it with `properties` projected (the REST shape). */
export interface RawResource {
  id: string;
  name: string;
  type: string;
  subscriptionId?: string | undefined;
  resourceGroup?: string | undefined;
  location?: string | undefined;
  sku?: unknown;
  identity?: unknown;
  tags?: unknown;
  properties?: Record<string, unknown> | undefined;
}

/** REST property names the SDK's deserialiser renames. */
const RENAMED: Record<string, string> = { privateFQDN: 'privateFqdn', ARecords: 'aRecords', enableRBAC: 'enableRbac' };

/**
 * The REST shape in the SDK's shape: every `properties` object lifted into its parent (the SDK
 * flattens each `x-ms-client-flatten` properties bag of these models), tags left as they are.
 */
export function sdkShape(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => sdkShape(v));
  if (value === null || typeof value !== 'object' || key === 'tags') return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (k !== 'properties') out[k] = sdkShape(v, k);
  const props = o.properties;
  if (props !== null && typeof props === 'object' && !Array.isArray(props)) {
    for (const [k, v] of Object.entries(props as Record<string, unknown>)) out[RENAMED[k] ?? k] = sdkShape(v, k);
  } else if (props !== undefined) {
    out.properties = props;
  }
  return out;
}

function sdk<T>(row: RawResource): T {
  return sdkShape(row) as T;
}

export const clusterFromRow = (r: RawResource): Cluster => mapCluster(sdk<SdkCluster>(r), r.id);
export const registryFromRow = (r: RawResource): Registry => mapRegistry(sdk<SdkRegistry>(r), r.id);
export const replicationFromRow = (r: RawResource): RegistryReplication => mapReplication(sdk<SdkReplication>(r), parentId(r.id) ?? '');
export const privateEndpointFromRow = (r: RawResource): PrivateEndpoint => mapPrivateEndpoint(sdk<SdkEndpoint>(r), r.id);
export const networkInterfaceFromRow = (r: RawResource): NetworkInterface => mapNetworkInterface(sdk<SdkNic>(r), r.id);
export const virtualNetworkFromRow = (r: RawResource): VirtualNetwork => mapVirtualNetwork(sdk<SdkVnet>(r), r.id);
export const privateDnsZoneFromRow = (r: RawResource): PrivateDnsZone => mapPrivateDnsZone(sdk<SdkZone>(r), r.id);
export const virtualNetworkLinkFromRow = (r: RawResource): VirtualNetworkLink => mapVirtualNetworkLink(sdk<SdkLink>(r), parentId(r.id) ?? '');
export const aRecordSetFromRow = (r: RawResource): ARecordSet => mapARecordSet(sdk<SdkRecordSet>(r), parentId(r.id) ?? '');
export const roleAssignmentFromRow = (r: RawResource): RoleAssignment => mapRoleAssignment(sdk<SdkRoleAssignment>(r));
