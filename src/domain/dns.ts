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
  return linkedZone(zones, network.vnets.map((v) => v.id));
}

/** The first zone linked to one of the VNets (Completed links first), with its link. */
export function linkedZone<Z extends ZoneWithLinks>(zones: readonly Z[], vnetIds: readonly string[]): { zone: Z; link: VirtualNetworkLink } | undefined {
  let fallback: { zone: Z; link: VirtualNetworkLink } | undefined;
  for (const z of zones) {
    const links = z.links.filter((l) => vnetIds.some((v) => sameId(v, l.virtualNetworkId)));
    const done = links.find(linkCompleted);
    if (done) return { zone: z, link: done };
    if (!fallback && links[0]) fallback = { zone: z, link: links[0] };
  }
  return fallback;
}

/** One A record a private endpoint needs in the zone. */
export interface ExpectedRecord {
  /** Relative record name, lower case: `myacr`, `myacr.eastus.data`, `myacr-abc123.eastus.data`. */
  name: string;
  ip: string;
  /** The NIC IP configuration's `requiredMemberName`: `registry`, `registry_data_<region>`. */
  member: string;
  nicId: string;
  /** The replica region a data record serves (`registry_data_<region>`). */
  region?: string | undefined;
}

/** What the expected records are derived from: a NIC's id and its IP configurations. */
export interface NicIps {
  id: string;
  ipConfigurations: readonly (Pick<NicIpConfiguration, 'privateIpAddress' | 'requiredMemberName'> & { fqdns?: readonly string[] | undefined })[];
}

/** The registry's own names: its login server (hashed with a domain name label) and data hosts. */
export interface RegistryHosts {
  name: string;
  loginServer?: string | undefined;
  dataEndpointHostNames?: readonly string[] | undefined;
}

/** Azure DNS as a VNet's VMs see it; custom DNS servers must forward `azurecr.io` to it. */
export const AZURE_DNS_IP = '168.63.129.16';

/** The record name in `privatelink.azurecr.io` of a registry host (`a-1x.azurecr.io` → `a-1x`). */
export function recordNameOf(fqdn: string): string | undefined {
  const m = /^(.+?)\.(?:privatelink\.)?azurecr\.(?:io|cn|us)\.?$/i.exec(fqdn.trim());
  return m?.[1]?.toLowerCase();
}

function regionOf(member: string): string | undefined {
  return /^registry_data_(.+)$/.exec(member)?.[1];
}

/**
 * The A records an endpoint needs in `privatelink.azurecr.io`, derived from what the registry
 * and the endpoint say, never from the registry's name alone: each NIC IP configuration's
 * `privateLinkConnectionProperties.fqdns` (hashed domain-name-label hosts and one data host per
 * replica region included), else its `requiredMemberName` (`registry` → the login server,
 * `registry_data_<region>` → that region's data host of `dataEndpointHostNames`), then the
 * endpoint's `customDnsConfigs` for hosts no NIC named. The one derivation of the expected
 * records: the check, the remediations and the emulator use it.
 */
export function expectedRecords(
  nics: readonly NicIps[],
  registry: string | RegistryHosts,
  customDnsConfigs: readonly { fqdn?: string | undefined; ipAddresses: readonly string[] }[] = [],
): ExpectedRecord[] {
  const hosts: RegistryHosts = typeof registry === 'string' ? { name: registry } : registry;
  const login = (hosts.loginServer ? recordNameOf(hosts.loginServer) : undefined) ?? hosts.name.toLowerCase();
  const dataName = (region: string): string =>
    hosts.dataEndpointHostNames?.map(recordNameOf).find((n) => n?.endsWith(`.${region}.data`)) ?? `${login}.${region}.data`;
  const out: ExpectedRecord[] = [];
  const add = (r: ExpectedRecord): void => {
    if (!out.some((x) => x.name === r.name && x.ip === r.ip)) out.push(r);
  };
  for (const nic of nics) {
    for (const ip of nic.ipConfigurations) {
      const member = (ip.requiredMemberName ?? '').toLowerCase();
      if (!ip.privateIpAddress) continue;
      const region = regionOf(member);
      if (member !== 'registry' && !region) continue;
      const named = (ip.fqdns ?? []).map(recordNameOf).filter((n): n is string => !!n);
      const names = named.length ? named : [member === 'registry' ? login : dataName(region as string)];
      for (const name of names) add({ name, ip: ip.privateIpAddress, member, nicId: nic.id, region });
    }
  }
  for (const c of customDnsConfigs) {
    const name = c.fqdn ? recordNameOf(c.fqdn) : undefined;
    const ip = c.ipAddresses[0];
    if (!name || !ip || out.some((x) => x.name === name)) continue;
    const region = /\.([a-z0-9]+)\.data$/.exec(name)?.[1];
    add({ name, ip, member: region ? `registry_data_${region}` : 'registry', nicId: '', region });
  }
  return out;
}

/** Replica regions (the registry's home and its `replications`) no expected data record serves. */
export function regionsWithoutRecord(expected: readonly ExpectedRecord[], regions: readonly string[]): string[] {
  const served = new Set(expected.map((e) => e.region?.toLowerCase()).filter((r): r is string => !!r));
  return [...new Set(regions.map((r) => r.toLowerCase().replace(/\s+/g, '')))].filter((r) => r && !served.has(r));
}
