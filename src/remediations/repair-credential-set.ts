import type { CredentialSetRepair } from '../core/report.js';
import type { Report } from '../engine/types.js';
import { accountSetCommand, az, capture, variable, type ShellCommand } from './command.js';
import { nameOf, readCluster, requireAddressed, resourceGroupOf, verifyingChecks, withAddressed } from './common.js';
import { facetsFor } from './facets.js';
import { readRegistryFor } from './guided-common.js';
import type { PlannedOperation } from './operations.js';
import { PlanError, type Plan, type PlanOptions, type Remediation, type RemediationEnv } from './types.js';

export const KEY_VAULT_SECRETS_USER = 'Key Vault Secrets User';
export const KEY_VAULT_SECRETS_USER_ID = '4633458b-17de-408a-b874-0445c86b69e6';

/** `https://<vault>.vault.azure.net/secrets/<name>[/<version>]` → vault and secret names. */
export function parseSecretUri(uri: string | undefined): { vault: string; secret: string } | undefined {
  if (!uri) return undefined;
  const m = /^https:\/\/([^./]+)\.vault\.[^/]+\/secrets\/([^/?#]+)/i.exec(uri.trim());
  return m?.[1] && m[2] ? { vault: m[1], secret: m[2] } : undefined;
}

const PLACEHOLDER_USER = 'https://VAULT.vault.azure.net/secrets/UPSTREAM-USERNAME';
const PLACEHOLDER_PASSWORD = 'https://VAULT.vault.azure.net/secrets/UPSTREAM-PASSWORD';

/** The commands that repair one rule's credential set, in the order they must run. */
function repairCommands(r: CredentialSetRepair, registryName: string, registryRg: string, index: number): { commands: ShellCommand[]; impact: string[]; ops: PlannedOperation[] } {
  const setName = nameOf(r.credentialSetId);
  const userUri = r.usernameSecretIdentifier ?? PLACEHOLDER_USER;
  const passUri = r.passwordSecretIdentifier ?? PLACEHOLDER_PASSWORD;
  const user = parseSecretUri(userUri) ?? { vault: 'VAULT', secret: 'UPSTREAM-USERNAME' };
  const pass = parseSecretUri(passUri) ?? { vault: 'VAULT', secret: 'UPSTREAM-PASSWORD' };
  const suffix = index === 0 ? '' : `_${index + 1}`;
  const vaultVar = `VAULT_ID${suffix}`;
  const principalVar = `PRINCIPAL_ID${suffix}`;
  const commands: ShellCommand[] = [
    // The upstream's username and a current access token (Docker Hub: a personal access token), from the environment.
    az('keyvault', 'secret', 'set', '--vault-name', user.vault, '-n', user.secret, '--value', variable('UPSTREAM_USERNAME')),
    az('keyvault', 'secret', 'set', '--vault-name', pass.vault, '-n', pass.secret, '--value', variable('UPSTREAM_PASSWORD')),
  ];
  const impact = [`sets the secrets ${user.secret} and ${pass.secret} in Key Vault ${pass.vault} (the upstream username and token)`];
  const ops: PlannedOperation[] = [];
  if (r.exists) {
    commands.push(
      capture(principalVar, az('acr', 'credential-set', 'show', '-r', registryName, '-n', setName, '--query', 'identity.principalId', '-o', 'tsv')),
      capture(vaultVar, az('keyvault', 'show', '-n', pass.vault, '--query', 'id', '-o', 'tsv')),
      az('role', 'assignment', 'create', '--role', KEY_VAULT_SECRETS_USER, '--assignee-object-id', variable(principalVar), '--assignee-principal-type', 'ServicePrincipal', '--scope', variable(vaultVar)),
      az('acr', 'credential-set', 'update', '-r', registryName, '-n', setName, '-u', userUri, '-p', passUri),
    );
    impact.push(`gives credential set ${setName}'s identity${r.identityPrincipalId ? ` (${r.identityPrincipalId})` : ''} ${KEY_VAULT_SECRETS_USER} on the vault, and points it at the secrets again so ACR re-checks its health`);
    ops.push({ kind: 'guided', method: 'PATCH', resourceId: r.credentialSetId, sdkCall: 'credentialSets.update', summary: `authCredentials usernameSecretIdentifier ${userUri}, passwordSecretIdentifier ${passUri}` });
  } else {
    commands.push(
      az('acr', 'credential-set', 'create', '-r', registryName, '-g', registryRg, '-n', setName, '-l', r.loginServer ?? (r.sourceRepository ?? 'docker.io').split('/')[0] ?? 'docker.io', '-u', userUri, '-p', passUri),
      capture(principalVar, az('acr', 'credential-set', 'show', '-r', registryName, '-n', setName, '--query', 'identity.principalId', '-o', 'tsv')),
      capture(vaultVar, az('keyvault', 'show', '-n', pass.vault, '--query', 'id', '-o', 'tsv')),
      az('role', 'assignment', 'create', '--role', KEY_VAULT_SECRETS_USER, '--assignee-object-id', variable(principalVar), '--assignee-principal-type', 'ServicePrincipal', '--scope', variable(vaultVar)),
    );
    impact.push(`creates credential set ${setName} (the rule ${r.rule} already names it) and gives its identity ${KEY_VAULT_SECRETS_USER} on the vault`);
    ops.push({ kind: 'guided', method: 'PUT', resourceId: r.credentialSetId, sdkCall: 'credentialSets.create', summary: `loginServer ${r.loginServer ?? 'the upstream'}, identity SystemAssigned, one credential from Key Vault` });
  }
  ops.push({ kind: 'guided', method: 'PUT', resourceId: '/subscriptions/…/providers/Microsoft.Authorization/roleAssignments/NEW_GUID', sdkCall: 'roleAssignments.create', summary: `${KEY_VAULT_SECRETS_USER} (${KEY_VAULT_SECRETS_USER_ID}) on Key Vault ${pass.vault} for the credential set's identity` });
  return { commands, impact, ops };
}

export const repairCredentialSet: Remediation = {
  id: 'repair-credential-set',
  title: "Repair the cache rule's credential set (guided)",
  words: {
    title: "Repair the cache rule's credential set (guided)",
    phrase: "repair the cache rule's credential set (Key Vault secret, the set's access to it)",
    description: "Gives the exact az commands to refresh the upstream secret in Key Vault, give the credential set's identity Key Vault Secrets User and update the credential set.",
  },
  risk: 'reversible',
  automated: false,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'repair-credential-set');
    const cluster = await readCluster(env.azure, report.cluster);
    const registry = await readRegistryFor(env.azure, report, cluster, 'repair-credential-set', addresses);
    const repairs = facetsFor(report, 'repair-credential-set').credentialSetRepairs;
    if (repairs.length === 0) throw new PlanError('repair-credential-set: the diagnosis found no cache rule whose credential set is missing or unhealthy');
    const registryRg = resourceGroupOf(registry.id) ?? registry.resourceGroup;
    const unique = [...new Map(repairs.map((r) => [r.credentialSetId.toLowerCase(), r])).values()];
    const parts = unique.map((r, i) => repairCommands(r, registry.name, registryRg, i));
    const errors = unique.filter((r) => r.errorCode || r.errorMessage).map((r) => `${nameOf(r.credentialSetId)}: ${[r.errorCode, r.errorMessage].filter((x) => x).join(': ')}`);
    return {
      remediation: 'repair-credential-set',
      title: repairCredentialSet.title,
      automated: false,
      risk: 'reversible',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary:
        `${registry.name} signs in to the upstream of ${unique.map((r) => `rule ${r.rule} (${r.sourceRepository ?? '?'})`).join(', ')} with a credential set it cannot use` +
        `${errors.length ? ` (${errors.join('; ')})` : ''}: ACR reads the username and token from Key Vault as the credential set's managed identity. Refresh the secrets, grant that identity ${KEY_VAULT_SECRETS_USER}, and update the set.`,
      operations: parts.flatMap((p) => p.ops),
      azCommands: [accountSetCommand(cluster.subscriptionId), ...parts.flatMap((p) => p.commands)],
      impact: parts.flatMap((p) => p.impact),
      expectedDuration: '2–10 minutes (role assignments take a few minutes to apply; ACR re-checks the credential health)',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'repair-credential-set')),
      addresses,
      warnings: [
        { code: 'guided', text: 'guided: aks-netiso does not change your registry or Key Vault; set UPSTREAM_USERNAME and UPSTREAM_PASSWORD (for Docker Hub a personal access token), run the commands, then diagnose again' },
        { code: 'role-assignment-permission', text: 'creating the role assignment needs Owner, User Access Administrator or Role Based Access Control Administrator on the vault' },
      ],
      parameters: { registryId: registry.id, credentialSets: unique.map((r) => r.credentialSetId) },
    };
  },
};
