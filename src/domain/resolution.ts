import { sameId } from '../azure/resource-id.js';
import type { VirtualNetwork } from '../azure/types.js';
import { AZURE_DNS_IP } from './dns.js';
import type { ClusterNetwork } from './facts.js';

/**
 * Where the cluster's nodes resolve names: Azure DNS in their own VNet, or the custom DNS
 * servers of the VNet's `dhcpOptions.dnsServers`, each hosted by the cluster VNet or a
 * `Connected` peer whose address space holds its IP. A private DNS zone answers a query only
 * when it is linked to the VNet of the server that resolves it.
 */
export interface Resolver {
  /** The DNS server IP, or undefined for Azure DNS (168.63.129.16 seen from the VNet itself). */
  server?: string | undefined;
  /** The VNet whose zone links apply; undefined when the server sits in no VNet we can see. */
  vnetId?: string | undefined;
  vnetName?: string | undefined;
  where: 'clusterVnet' | 'peeredVnet' | 'unknown';
}

function ipv4(ip: string): number | undefined {
  const parts = ip.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Whether an IPv4 address lies in a CIDR prefix (`10.0.0.0/16`); false for anything unparsable. */
export function inPrefix(ip: string, prefix: string): boolean {
  const [base, bitsText] = prefix.split('/');
  const a = ipv4(ip);
  const b = ipv4(base ?? '');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

const nameOf = (id: string): string => id.split('/').pop() ?? id;

/** The custom DNS servers of the cluster's VNets (168.63.129.16 is Azure DNS, not custom). */
export function customDnsServers(network: ClusterNetwork): string[] {
  const servers = network.vnets.flatMap((v) => v.dnsServers ?? []).map((s) => s.trim()).filter((s) => s && s !== AZURE_DNS_IP);
  return [...new Set(servers)];
}

function hostOf(server: string, vnets: readonly VirtualNetwork[]): Resolver {
  for (const v of vnets) {
    if (v.addressPrefixes.some((p) => inPrefix(server, p))) return { server, vnetId: v.id, vnetName: v.name, where: 'clusterVnet' };
  }
  for (const v of vnets) {
    for (const p of v.peerings) {
      if ((p.peeringState ?? 'Connected').toLowerCase() !== 'connected' || !p.remoteVirtualNetworkId) continue;
      if ((p.remoteAddressPrefixes ?? []).some((x) => inPrefix(server, x))) {
        return { server, vnetId: p.remoteVirtualNetworkId, vnetName: nameOf(p.remoteVirtualNetworkId), where: 'peeredVnet' };
      }
    }
  }
  return { server, where: 'unknown' };
}

/**
 * The resolvers of the cluster's nodes: one per custom DNS server, else Azure DNS in each of
 * the cluster VNets. Empty when the cluster VNet is unknown.
 */
export function resolvers(network: ClusterNetwork): Resolver[] {
  const servers = customDnsServers(network);
  if (servers.length === 0) return network.vnets.map((v) => ({ vnetId: v.id, vnetName: v.name, where: 'clusterVnet' as const }));
  return servers.map((s) => hostOf(s, network.vnets));
}

/** The VNets whose zone links decide resolution (the known resolvers' VNets, deduplicated). */
export function resolvingVnetIds(network: ClusterNetwork): string[] {
  const out: string[] = [];
  for (const r of resolvers(network)) if (r.vnetId && !out.some((x) => sameId(x, r.vnetId))) out.push(r.vnetId);
  return out;
}
