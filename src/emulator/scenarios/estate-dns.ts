import type { ArmResource, Bundle } from '../../bundle/types.js';
import {
  BYO_LAYOUT, findArm, healthyBundle, loginServer, nicId, privateEndpointId, props, pullError, recordId, subnetId,
  vnetId, vnetLinkResource, vnetResource, write, zoneId, guid, type Layout,
} from './build.js';
import { failWorkload } from './common.js';
import type { Scenario } from './types.js';

/**
 * Hub-and-spoke name resolution (issue 15, item 1): the cluster's VNet (the spoke) names a DNS
 * forwarder in a peered hub; the private endpoint may sit in the hub too.
 */

type Json = Record<string, unknown>;

/** The hub: a DNS forwarder at 10.0.0.4 and a subnet for shared private endpoints; the central zone in its group. */
export const HUB: Layout = {
  ...BYO_LAYOUT,
  vnetRg: 'rg-hub',
  vnetName: 'vnet-hub',
  vnetPrefix: '10.0.0.0/16',
  nodeSubnet: { name: 'snet-dns', prefix: '10.0.0.0/24' },
  peSubnet: { name: 'snet-private-endpoints', prefix: '10.0.1.0/24' },
  zoneRg: 'rg-hub',
  linkName: 'link-vnet-hub',
};
export const HUB_DNS_SERVER = '10.0.0.4';
/** A DNS server nobody can place: on-premises, over a gateway the cluster's VNets do not show. */
export const UNKNOWN_DNS_SERVER = '172.16.10.53';
const ACR_PUBLIC_IP = '20.62.128.105';

function peering(from: Layout, to: Layout): Json {
  const name = `${from.vnetName}-to-${to.vnetName}`;
  return {
    id: `${vnetId(from)}/virtualNetworkPeerings/${name}`,
    name,
    etag: `W/"${guid(name)}"`,
    type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guid(`${name}-guid`),
      peeringState: 'Connected',
      peeringSyncLevel: 'FullyInSync',
      remoteVirtualNetwork: { id: vnetId(to) },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      doNotVerifyRemoteGateways: false,
      peerCompleteVnets: true,
      remoteAddressSpace: { addressPrefixes: [to.vnetPrefix] },
      remoteVirtualNetworkAddressSpace: { addressPrefixes: [to.vnetPrefix] },
    },
  };
}

/** The spoke (cluster VNet) and the hub peered both ways; the hub holds no endpoint unless told. */
function withHub(b: Bundle, spoke: Layout, o: { endpointInHub?: boolean } = {}): Bundle {
  const hub = vnetResource(HUB);
  const hubSubnets = (props(hub).subnets as Json[]) ?? [];
  if (!o.endpointInHub) for (const s of hubSubnets) delete (s.properties as Json).privateEndpoints;
  props(hub).virtualNetworkPeerings = [peering(HUB, spoke)];
  b.arm.push(hub);
  const spokeVnet = findArm(b, vnetId(spoke));
  props(spokeVnet).virtualNetworkPeerings = [peering(spoke, HUB)];
  return b;
}

/** The spoke's VMs ask these servers instead of Azure DNS. */
function customDns(b: Bundle, spoke: Layout, servers: string[]): void {
  props(findArm(b, vnetId(spoke))).dhcpOptions = { dnsServers: servers };
}

/** The central zone's link to the hub VNet (where the forwarder resolves). */
function linkHub(b: Bundle, zoneLayout: Layout): void {
  const link = vnetLinkResource({ ...zoneLayout, vnetRg: HUB.vnetRg, vnetName: HUB.vnetName, linkName: HUB.linkName });
  write(b, 'PUT', link.id, link);
}

/** The BYO cluster with its zone in the hub's resource group (an enterprise's central zone). */
const CENTRAL: Layout = { ...BYO_LAYOUT, zoneRg: HUB.zoneRg };

function hubDnsBundle(description: string, links: { hub: boolean; spoke: boolean }): Bundle {
  const b = withHub(healthyBundle({ layout: CENTRAL, description }), CENTRAL);
  customDns(b, CENTRAL, [HUB_DNS_SERVER]);
  if (links.hub) linkHub(b, CENTRAL);
  if (!links.spoke) write(b, 'DELETE', `${zoneId(CENTRAL)}/virtualNetworkLinks/${CENTRAL.linkName}`);
  return b;
}

/** The endpoint in the hub's endpoint subnet, its NIC's addresses there, the records following them. */
const PEERED: Layout = { ...BYO_LAYOUT, registryIp: '10.0.1.4', dataIp: '10.0.1.5' };

function endpointInHub(b: Bundle): Bundle {
  withHub(b, PEERED, { endpointInHub: true });
  const hubSubnet = subnetId(HUB, HUB.peSubnet.name);
  props(findArm(b, privateEndpointId(PEERED))).subnet = { id: hubSubnet };
  for (const ip of (props(findArm(b, nicId(PEERED))).ipConfigurations as Json[]) ?? []) (ip.properties as Json).subnet = { id: hubSubnet };
  // The spoke keeps its endpoint subnet, empty now.
  for (const s of (props(findArm(b, vnetId(PEERED))).subnets as Json[]) ?? []) delete (s.properties as Json).privateEndpoints;
  return b;
}

const acr = loginServer(BYO_LAYOUT.registryName);

export const ESTATE_DNS_SCENARIOS: Scenario[] = [
  {
    name: 'hub-custom-dns-healthy',
    description: `Healthy hub-and-spoke: the cluster VNet uses the DNS forwarder ${HUB_DNS_SERVER} in the peered hub, and the central zone is linked to the hub only`,
    build: () => hubDnsBundle(`spoke VNet with custom DNS ${HUB_DNS_SERVER} in the hub; zone linked to the hub VNet`, { hub: true, spoke: false }),
    rootCauses: [],
  },
  {
    name: 'spoke-only-link-with-hub-dns',
    description: `The cluster VNet resolves through the hub's forwarder ${HUB_DNS_SERVER}, but the zone is linked to the spoke only: the forwarder resolves the registry publicly and pulls get 403`,
    build: () => {
      const b = hubDnsBundle(`spoke VNet with custom DNS ${HUB_DNS_SERVER} in the hub; zone linked to the spoke VNet only`, { hub: false, spoke: true });
      failWorkload(b, 'shop', 'storefront-', 'storefront', (image) => pullError.mirror403(image, acr));
      failWorkload(b, 'shop', 'orders-', 'wait-for-config', (image) => pullError.mirror403(image, acr), { sinceMinutes: 37 });
      return b;
    },
    rootCauses: [{ checkId: 'dns.vnet-link', remediation: 'repair-private-dns' }],
  },
  {
    name: 'hub-forwarder-resolves-publicly',
    description: `Zone linked to the hub and records right, but the hub forwarder ${HUB_DNS_SERVER} does not forward to Azure DNS: nodes reach the registry's public address and time out`,
    build: () => {
      const b = hubDnsBundle(`hub forwarder ${HUB_DNS_SERVER} forwards azurecr.io to an on-premises resolver, not 168.63.129.16`, { hub: true, spoke: false });
      failWorkload(b, 'shop', 'storefront-', 'storefront', (image) => pullError.directTimeout(image, ACR_PUBLIC_IP));
      failWorkload(b, 'shop', 'orders-', 'wait-for-config', (image) => pullError.mirrorTimeout(image, acr, ACR_PUBLIC_IP), { sinceMinutes: 37 });
      return b;
    },
    rootCauses: [{ checkId: 'dns.records', remediation: null }],
  },
  {
    name: 'custom-dns-server-unknown',
    description: `The cluster VNet uses DNS server ${UNKNOWN_DNS_SERVER}, which sits in no VNet the cluster is peered with: a warning naming it, no root cause`,
    build: () => {
      const b = healthyBundle({ layout: BYO_LAYOUT, description: `cluster VNet with custom DNS server ${UNKNOWN_DNS_SERVER} (on-premises); zone linked to the cluster VNet` });
      customDns(b, BYO_LAYOUT, [UNKNOWN_DNS_SERVER]);
      return b;
    },
    rootCauses: [],
  },
  {
    name: 'endpoint-in-peered-vnet-healthy',
    description: "Healthy cluster whose registry endpoint sits in the peered hub VNet's endpoint subnet; the records point at its addresses there",
    build: () => endpointInHub(healthyBundle({ layout: PEERED, description: 'registry private endpoint in the peered hub VNet' })),
    rootCauses: [],
  },
];

/** For tests: the ids the scenarios are built from. */
export const ESTATE_DNS_IDS = {
  hubVnet: vnetId(HUB),
  centralZone: zoneId(CENTRAL),
  peeredRecord: recordId(PEERED, PEERED.registryName),
  acrPublicIp: ACR_PUBLIC_IP,
} as const;

export type { ArmResource };
