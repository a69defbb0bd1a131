import type { Report } from '../engine/types.js';
import { accountSetCommand, az } from './command.js';
import { readCluster, requireAddressed, verifyingChecks, withAddressed } from './common.js';
import { readRegistryFor } from './guided-common.js';
import type { Plan, PlanOptions, Remediation, RemediationEnv } from './types.js';

/**
 * The built-in Azure Policy "Configure container registries to disable ARM audience token
 * authentication" turns the setting off with a Modify effect: without an exemption on the
 * registry, the policy's next remediation task or evaluation turns it off again.
 */
export const enableAuthenticationAsArm: Remediation = {
  id: 'enable-authentication-as-arm',
  title: 'Enable authentication-as-ARM on the registry (guided)',
  words: {
    title: 'Enable authentication-as-ARM on the registry (guided)',
    phrase: 'enable authentication-as-ARM on the registry, and exempt it from the policy that disables it',
    description: 'Gives the exact az commands to let the nodes sign in to the registry with ARM-audience tokens again, and to exempt the registry from the Azure Policy that turns it off.',
  },
  risk: 'reversible',
  automated: false,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'enable-authentication-as-arm');
    const cluster = await readCluster(env.azure, report.cluster);
    const registry = await readRegistryFor(env.azure, report, cluster, 'enable-authentication-as-arm', addresses);
    return {
      remediation: 'enable-authentication-as-arm',
      title: enableAuthenticationAsArm.title,
      automated: false,
      risk: 'reversible',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary:
        `${registry.name} refuses ARM-audience tokens (policies.azureADAuthenticationAsArmPolicy.status disabled), ` +
        `which is how network isolated nodes sign in: pulls fail with 401 and new nodes exit 212. Enable it again, and exempt the registry from the policy that disabled it.`,
      operations: [
        {
          kind: 'guided',
          method: 'PATCH',
          resourceId: registry.id,
          sdkCall: 'registries.update',
          summary: 'properties.policies.azureADAuthenticationAsArmPolicy.status enabled',
        },
      ],
      azCommands: [
        accountSetCommand(cluster.subscriptionId),
        az('acr', 'config', 'authentication-as-arm', 'update', '-r', registry.name, '--status', 'enabled'),
        // Which assignment disabled it: its name goes into the exemption below.
        az('policy', 'state', 'list', '--resource', registry.id, '--filter', "complianceState eq 'NonCompliant'", '--query', '[].{assignment:policyAssignmentId, definition:policyDefinitionName}', '-o', 'table'),
        az('policy', 'exemption', 'create', '-n', `${registry.name}-allow-arm-audience`, '--scope', registry.id, '--policy-assignment', 'POLICY_ASSIGNMENT_ID', '--exemption-category', 'Waiver', '--description', 'network isolated AKS nodes sign in to this registry with ARM-audience tokens'),
      ],
      impact: [
        `one registry setting on ${registry.name}: ARM-audience tokens are accepted again; nothing restarts, pulls succeed on the next retry (back-off up to 5 minutes)`,
        'one policy exemption on the registry (replace POLICY_ASSIGNMENT_ID with the assignment the policy state names)',
      ],
      expectedDuration: '1–5 minutes',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'enable-authentication-as-arm')),
      addresses,
      warnings: [
        { code: 'guided', text: 'guided: aks-netiso does not change your registry; run the commands, then diagnose again' },
        { code: 'policy-reapplies', text: 'without the exemption, an Azure Policy with a Modify effect turns the setting off again at its next evaluation or remediation task' },
      ],
      parameters: { registryId: registry.id },
    };
  },
};
