import { sameId } from '../azure/resource-id.js';
import type { Report } from '../engine/types.js';
import { accountSetCommand, az, renderCommand, type ShellCommand } from './command.js';
import { readCluster, requireAddressed, resourceGroupOf, verifyingChecks, withAddressed } from './common.js';
import { PRIVATELINK_ZONE, clusterVnet, quietly, readRegistryFor, registryEndpoints } from './guided-common.js';
import { resolvers } from '../domain/resolution.js';
import { PlanError, type Plan, type PlannedOperation, type PlanOptions, type Remediation, type RemediationEnv } from './types.js';

export const repairPrivateDns: Remediation = {
  id: 'repair-private-dns',
  title: 'Repair the privatelink.azurecr.io zone, link and records (guided)',
  words: {
    title: 'Repair the private DNS zone, link or records (guided)',
    phrase: 'repair the private DNS zone, link or records',
    description: 'Gives the exact az commands to create the privatelink.azurecr.io zone, link it to the cluster VNet and fix its A records.',
  },
  risk: 'reversible',
  automated: false,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'repair-private-dns');
    const azure = env.azure;
    const cluster = await readCluster(azure, report.cluster);
    const registry = await readRegistryFor(azure, report, cluster, 'repair-private-dns', addresses);
    const net = await clusterVnet(azure, cluster, env.facts);
    const endpoints = await registryEndpoints(azure, registry, cluster, env.facts);
    const expected = new Map<string, string>();
    for (const e of endpoints) for (const [name, ip] of e.records) if (!expected.has(name)) expected.set(name, ip);
    if (expected.size === 0) {
      throw new PlanError(`repair-private-dns: no private endpoint of ${registry.name} with its IPs was found, so the records cannot be written; recreate the private endpoint first (recreate-private-endpoint)`);
    }

    // The diagnosis's zone (the one the endpoint's zone group names) when it found one; else the
    // subscription's, preferring the one already linked to the cluster's VNet.
    const known = env.facts?.dnsZones?.[0]?.zone;
    const zones = known ? [known] : (await quietly(azure.privateDnsZonesInSubscription(cluster.subscriptionId), [])).filter((z) => z.name.toLowerCase() === PRIVATELINK_ZONE);
    let zone = zones[0];
    for (const z of known ? [] : zones) {
      const links = await quietly(azure.virtualNetworkLinks(z.id), []);
      if (links.some((l) => sameId(l.virtualNetworkId, net.vnetId))) {
        zone = z;
        break;
      }
    }
    const zoneRg = zone?.resourceGroup ?? net.vnetResourceGroup;
    const zoneId = zone?.id ?? `/subscriptions/${cluster.subscriptionId}/resourceGroups/${zoneRg}/providers/Microsoft.Network/privateDnsZones/${PRIVATELINK_ZONE}`;
    const commands: ShellCommand[] = [accountSetCommand(cluster.subscriptionId)];
    const operations: PlannedOperation[] = [];
    const impact: string[] = [];

    if (!zone) {
      operations.push({ kind: 'guided', method: 'PUT', resourceId: zoneId, sdkCall: 'privateZones.beginCreateOrUpdate', summary: `zone ${PRIVATELINK_ZONE}, location global` });
      commands.push(az('network', 'private-dns', 'zone', 'create', '-g', zoneRg, '-n', PRIVATELINK_ZONE));
      impact.push(`creates zone ${PRIVATELINK_ZONE} in ${zoneRg}`);
    }
    const links = zone ? await quietly(azure.virtualNetworkLinks(zone.id), []) : [];
    // With custom DNS servers the zone must be linked where they resolve (a peered hub), not the cluster VNet.
    const resolving = env.facts?.network ? resolvers(env.facts.network).filter((r) => r.server && r.vnetId) : [];
    const targets = resolving.length
      ? [...new Map(resolving.map((r) => [(r.vnetId ?? '').toLowerCase(), { id: r.vnetId, name: r.vnetName ?? r.vnetId ?? '', why: `the VNet of DNS server ${r.server ?? ''}` }])).values()]
      : [{ id: net.vnetId, name: net.vnetName, why: "the cluster's VNet" }];
    for (const target of targets) {
      const link = links.find((l) => sameId(l.virtualNetworkId, target.id));
      if (!link) {
        const linkName = `${target.name}-link`;
        operations.push({
          kind: 'guided', method: 'PUT', resourceId: `${zoneId}/virtualNetworkLinks/${linkName}`, sdkCall: 'virtualNetworkLinks.beginCreateOrUpdate',
          summary: `link to ${target.name}, registrationEnabled false`,
        });
        commands.push(az('network', 'private-dns', 'link', 'vnet', 'create', '-g', zoneRg, '-z', PRIVATELINK_ZONE, '-n', linkName, '-v', target.id ?? target.name, '-e', 'false'));
        impact.push(`links the zone to ${target.why} ${target.name}`);
      } else if ((link.state ?? 'Completed') !== 'Completed') {
        impact.push(`the link ${link.name} is ${link.state ?? '?'}: wait for Completed (${renderCommand(az('network', 'private-dns', 'link', 'vnet', 'show', '-g', zoneRg, '-z', PRIVATELINK_ZONE, '-n', link.name))})`);
      }
    }
    const records = zone ? ((await quietly(azure.zoneARecords(zone.id), undefined)) ?? []) : [];
    for (const [name, ip] of expected) {
      const current = records.find((r) => r.name.toLowerCase() === name);
      const wrong = (current?.ipv4Addresses ?? []).filter((a) => a !== ip);
      for (const old of wrong) {
        commands.push(az('network', 'private-dns', 'record-set', 'a', 'remove-record', '-g', zoneRg, '-z', PRIVATELINK_ZONE, '-n', name, '-a', old, '--keep-empty-record-set'));
        impact.push(`removes the wrong address ${old} from ${name}.${PRIVATELINK_ZONE}`);
      }
      if (!current?.ipv4Addresses.includes(ip)) {
        operations.push({ kind: 'guided', method: 'PUT', resourceId: `${zoneId}/A/${name}`, sdkCall: 'recordSets.createOrUpdate', summary: `A ${name} → ${ip} (the endpoint NIC's address)` });
        commands.push(az('network', 'private-dns', 'record-set', 'a', 'add-record', '-g', zoneRg, '-z', PRIVATELINK_ZONE, '-n', name, '-a', ip));
        impact.push(`${current ? 'sets' : 'adds'} ${name}.${PRIVATELINK_ZONE} → ${ip}`);
      }
    }
    if (operations.length === 0 && impact.length === 0) {
      impact.push(`zone, link and records of ${registry.name} look right now; diagnose again (DNS changes can take a minute)`);
    }
    return {
      remediation: 'repair-private-dns',
      title: repairPrivateDns.title,
      automated: false,
      risk: 'reversible',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary: `The nodes must resolve ${registry.loginServer ?? `${registry.name}.azurecr.io`} to the private endpoint through ${PRIVATELINK_ZONE} linked to ${net.vnetName}; these are your resources, so aks-netiso gives the commands and you run them.`,
      operations,
      azCommands: commands,
      impact,
      expectedDuration: '1–3 minutes',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'repair-private-dns')),
      addresses,
      warnings: [{ code: 'guided', text: 'guided: aks-netiso does not change your resources; run the commands, then diagnose again' }],
      parameters: { registryId: registry.id, zoneId, records: Object.fromEntries(expected), zoneResourceGroup: resourceGroupOf(zoneId) },
    };
  },
};
