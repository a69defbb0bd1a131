import type { ARecordSet, NicIpConfiguration, VirtualNetworkLink } from '../azure/types.js';
import { sameId } from '../azure/resource-id.js';
import type { ClusterNetwork, FoundZone } from './facts.js';

/** The private DNS zone ACR's private endpoints resolve through. */
export const ACR_PRIVATE_ZONE = 'privatelink.azurecr.io';

/** A zone with the links read for it. */
export interface ZoneWithLinks {
  zone: FoundZone;
  links: VirtualNetworkLink[];
}

export interface ZoneWithRecords extends ZoneWithLinks {
  records: ARecordSet[];
}

export function linkCompleted(l: VirtualNetworkLink): boolean {
  // virtualNetworkLinkState is the one that says resolution works; older API versions omit it.
  return (l.state ?? (l.provisioningState === 'Succeeded' ? 'Completed' : '')).toLowerCase() === 'completed';
}

/** The zone linked to the cluster VNet (the one the nodes resolve through), with its link. */
export function clusterLinkedZone<Z extends ZoneWithLinks>(zones: readonly Z[], network: ClusterNetwork): { zone: Z; link: VirtualNetworkLink } | undefined {
  for (const z of zones) {
    const links = z.links.filter((l) => network.vnets.some((v) => sameId(v.id, l.virtualNetworkId)));
    const link = links.find(linkCompleted) ?? links[0];
    if (link) return { zone: z, link };
  }
  return undefined;
}

/** One A record a private endpoint needs in the zone. */
export interface ExpectedRecord {
  /** Relative record name, lower case: `myacr`, `myacr.eastus.data`. */
  name: string;
  ip: string;
  /** The NIC IP configuration's `requiredMemberName`: `registry`, `registry_data_<region>`. */
  member: string;
  nicId: string;
}

/** What the expected records are derived from: a NIC's id and its IP configurations. */
export interface NicIps {
  id: string;
  ipConfigurations: readonly Pick<NicIpConfiguration, 'privateIpAddress' | 'requiredMemberName'>[];
}

/**
 * The A records an endpoint needs in `privatelink.azurecr.io`, from its NICs' IP
 * configurations: the `registry` member resolves the login server (`<name>`), each
 * `registry_data_<region>` member a data endpoint (`<name>.<region>.data`). The one
 * derivation of the expected records: the check, the remediations and the emulator use it.
 */
export function expectedRecords(nics: readonly NicIps[], registryName: string): ExpectedRecord[] {
  const name = registryName.toLowerCase();
  const out: ExpectedRecord[] = [];
  for (const nic of nics) {
    for (const ip of nic.ipConfigurations) {
      const member = (ip.requiredMemberName ?? '').toLowerCase();
      if (!ip.privateIpAddress) continue;
      if (member === 'registry') out.push({ name, ip: ip.privateIpAddress, member, nicId: nic.id });
      const data = /^registry_data_(.+)$/.exec(member);
      if (data) out.push({ name: `${name}.${data[1] as string}.data`, ip: ip.privateIpAddress, member, nicId: nic.id });
    }
  }
  return out;
}
