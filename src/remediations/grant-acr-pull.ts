import { isAbacRegistry, pullRoleFor } from '../domain/acr-pull.js';
import type { Report } from '../engine/types.js';
import { accountSetCommand, az } from './command.js';
import { readCluster, requireAddressed, verifyingChecks, withAddressed } from './common.js';
import { readRegistryFor } from './guided-common.js';
import { PlanError, type Plan, type PlanOptions, type Remediation, type RemediationEnv } from './types.js';

export const grantAcrPull: Remediation = {
  id: 'grant-acr-pull',
  title: "Grant AcrPull on the registry to the cluster's kubelet identity (guided)",
  words: {
    title: 'Grant the kubelet identity AcrPull (guided)',
    phrase: 'grant the kubelet identity AcrPull on the registry',
    description: "Gives the exact az command to grant the cluster's kubelet identity the pull role the registry honours (AcrPull; Container Registry Repository Reader on an ABAC registry).",
  },
  risk: 'reversible',
  automated: false,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'grant-acr-pull');
    const cluster = await readCluster(env.azure, report.cluster);
    const objectId = cluster.kubeletIdentity?.objectId;
    if (!objectId) {
      throw new PlanError(`grant-acr-pull: the cluster ${cluster.name} has no kubelet identity (identityProfile.kubeletidentity.objectId); clusters with a service principal are not supported in network isolated mode`);
    }
    const registry = await readRegistryFor(env.azure, report, cluster, 'grant-acr-pull', addresses);
    // An ABAC registry ignores AcrPull: plan the repository role it honours.
    const role = pullRoleFor(registry);
    const abac = isAbacRegistry(registry);
    return {
      remediation: 'grant-acr-pull',
      title: grantAcrPull.title,
      automated: false,
      risk: 'reversible',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary: abac
        ? `${registry.name} authorises pulls by repository roles (roleAssignmentMode AbacRepositoryPermissions) and ignores AcrPull, so the kubelet identity (${objectId}) must hold ${role.name} on it, or pulls fail with 401.`
        : `Anonymous pull is off on ${registry.name}, so the kubelet identity (${objectId}) must hold AcrPull on it, or pulls fail with 401.`,
      operations: [
        {
          kind: 'guided',
          method: 'PUT',
          resourceId: `${registry.id}/providers/Microsoft.Authorization/roleAssignments/NEW_GUID`,
          sdkCall: 'roleAssignments.create',
          summary: `principalId ${objectId} (ServicePrincipal), roleDefinitionId …/roleDefinitions/${role.id} (${role.name})`,
        },
      ],
      azCommands: [
        accountSetCommand(cluster.subscriptionId),
        az('role', 'assignment', 'create', '--assignee-object-id', objectId, '--assignee-principal-type', 'ServicePrincipal', '--role', role.name, '--scope', registry.id),
      ],
      impact: [`one role assignment: ${role.name} for the kubelet identity of ${cluster.name} on ${registry.name}; nothing restarts, pulls succeed on the next retry (back-off up to 5 minutes)`],
      expectedDuration: '1–5 minutes (role assignments take a few minutes to apply)',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'grant-acr-pull')),
      addresses,
      warnings: [{ code: 'role-assignment-permission', text: 'guided: creating role assignments needs Owner, User Access Administrator or Role Based Access Control Administrator on the registry' }],
      parameters: { registryId: registry.id, principalId: objectId, role: role.name, roleDefinitionId: role.id },
    };
  },
};
