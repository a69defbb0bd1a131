import type { Report } from '../engine/types.js';
import { accountSetCommand, az, capture, variable, type ShellCommand } from './command.js';
import { readCluster, requireAddressed, verifyingChecks, withAddressed } from './common.js';
import { PRIVATELINK_ZONE, clusterVnet, quietly, readRegistryFor, registryEndpoints } from './guided-common.js';
import type { Plan, PlannedOperation, PlanOptions, Remediation, RemediationEnv } from './types.js';

export const recreatePrivateEndpoint: Remediation = {
  id: 'recreate-private-endpoint',
  title: 'Create or approve the private endpoint to your registry (guided)',
  words: {
    title: 'Recreate the registry private endpoint (guided)',
    phrase: 'recreate the registry private endpoint',
    description: 'Gives the exact az commands to recreate or approve the private endpoint of your registry in the cluster VNet.',
  },
  risk: 'reversible',
  automated: false,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'recreate-private-endpoint');
    const cluster = await readCluster(env.azure, report.cluster);
    const registry = await readRegistryFor(env.azure, report, cluster, 'recreate-private-endpoint', addresses);
    const net = await clusterVnet(env.azure, cluster, env.facts);
    const endpoints = await registryEndpoints(env.azure, registry, cluster, env.facts);
    const zones = await quietly(env.azure.privateDnsZonesInSubscription(cluster.subscriptionId), []);
    const zone = zones.find((z) => z.name.toLowerCase() === PRIVATELINK_ZONE);

    // A Pending connection only needs the registry owner's approval; anything else needs a new endpoint.
    const pending = registry.privateEndpointConnections.filter((c) => (c.status ?? '').toLowerCase() === 'pending');
    const operations: PlannedOperation[] = [];
    const commands: ShellCommand[] = [accountSetCommand(cluster.subscriptionId)];
    const impact: string[] = [];
    if (pending.length > 0) {
      for (const c of pending) {
        operations.push({
          kind: 'guided',
          method: 'PUT',
          resourceId: c.id,
          sdkCall: 'privateEndpointConnections.beginCreateOrUpdate',
          summary: 'privateLinkServiceConnectionState.status Approved',
        });
        commands.push(az('network', 'private-endpoint-connection', 'approve', '--id', c.id, '--description', 'Approved for AKS network isolated cluster'));
      }
      impact.push(`approves ${pending.length} pending connection(s) on registry ${registry.name}; the endpoint's NIC then carries registry traffic`);
    } else {
      const endpointName = `${registry.name}-pe`;
      const endpointId = `/subscriptions/${cluster.subscriptionId}/resourceGroups/${net.vnetResourceGroup}/providers/Microsoft.Network/privateEndpoints/${endpointName}`;
      const broken = endpoints.filter((e) => e.endpoint.connections.some((c) => (c.status ?? '').toLowerCase() !== 'approved'));
      for (const b of broken) {
        commands.push(az('network', 'private-endpoint', 'delete', '--ids', b.endpoint.id));
        impact.push(`deletes your endpoint ${b.endpoint.name} (its connection is ${b.endpoint.connections.map((c) => c.status ?? '?').join('/')}: it cannot be re-approved)`);
        operations.push({ kind: 'guided', method: 'DELETE', resourceId: b.endpoint.id, sdkCall: 'privateEndpoints.beginDelete', summary: `delete endpoint ${b.endpoint.name}` });
      }
      operations.push({
        kind: 'guided',
        method: 'PUT',
        resourceId: endpointId,
        sdkCall: 'privateEndpoints.beginCreateOrUpdate',
        summary: `endpoint in ${net.vnetName}/${net.subnetName} to ${registry.name}, groupIds [registry]`,
      });
      commands.push(
        az('network', 'private-endpoint', 'create', '-g', net.vnetResourceGroup, '-n', endpointName, '-l', cluster.location,
          '--vnet-name', net.vnetName, '--subnet', net.subnetName,
          '--private-connection-resource-id', registry.id, '--group-id', 'registry', '--connection-name', `${registry.name}-connection`),
      );
      operations.push({
        kind: 'guided',
        method: 'PUT',
        resourceId: `${endpointId}/privateDnsZoneGroups/default`,
        sdkCall: 'privateDnsZoneGroups.beginCreateOrUpdate',
        summary: `write the endpoint's A records into ${PRIVATELINK_ZONE}`,
      });
      commands.push(
        az('network', 'private-endpoint', 'dns-zone-group', 'create', '-g', net.vnetResourceGroup, '--endpoint-name', endpointName,
          '-n', 'default', '--private-dns-zone', zone?.id ?? PRIVATELINK_ZONE, '--zone-name', 'registry'),
      );
      // When you lack approval rights on the registry the new connection stays Pending: find it by
      // the endpoint just created and approve it (or have the registry's owner run these two).
      commands.push(
        capture(
          'CONNECTION_ID',
          az('network', 'private-endpoint-connection', 'list', '--id', registry.id,
            '--query', `[?ends_with(properties.privateEndpoint.id, '/privateEndpoints/${endpointName}')].id | [0]`, '-o', 'tsv'),
        ),
      );
      commands.push(az('network', 'private-endpoint-connection', 'approve', '--id', variable('CONNECTION_ID'), '--description', 'Approved for AKS network isolated cluster'));
      impact.push(`creates endpoint ${endpointName} in ${net.vnetResourceGroup}/${net.vnetName}/${net.subnetName} (one NIC, 2 private IPs: registry and data endpoint)`);
    }
    return {
      remediation: 'recreate-private-endpoint',
      title: recreatePrivateEndpoint.title,
      automated: false,
      risk: 'reversible',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary: `Your registry ${registry.name} needs an Approved private endpoint in the cluster's VNet ${net.vnetName}; these are your resources, so aks-netiso gives the commands and you run them.`,
      operations,
      azCommands: commands,
      impact,
      expectedDuration: '2–5 minutes',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'recreate-private-endpoint')),
      addresses,
      warnings: [
        { code: 'guided', text: 'guided: aks-netiso does not change your resources; run the commands, then diagnose again' },
        pending.length > 0
          ? { code: 'approval-permission', text: 'approving needs Microsoft.ContainerRegistry/registries/privateEndpointConnectionsApproval/action on the registry' }
          : {
              code: 'approval-commands',
              text: 'the last two commands are needed only when the new connection shows Pending (you lack approval rights on the registry); they find it by the new endpoint name and approve it',
            },
      ],
      parameters: { registryId: registry.id, vnet: net.vnetId ?? net.vnetName, subnet: net.subnetName },
    };
  },
};
