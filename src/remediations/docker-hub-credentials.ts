import { sameId } from '../azure/resource-id.js';
import type { CacheRule, Registry } from '../azure/types.js';
import type { DiagnosisFacts } from '../domain/facts.js';
import { DOCKER_HUB, normaliseRegistryHost } from '../domain/image-ref.js';
import { az, capture, variable, type ShellCommand } from './command.js';
import { nameOf } from './common.js';
import { KEY_VAULT_SECRETS_USER } from './repair-credential-set.js';

/** The credential set a new Docker Hub rule is planned with when the registry has none for docker.io. */
export const DOCKER_HUB_CREDENTIAL_SET = 'dockerhub-creds';

export function isDockerHubSource(sourceRepository: string): boolean {
  return normaliseRegistryHost(sourceRepository.split('/')[0] ?? '') === DOCKER_HUB;
}

export interface DockerHubCredentialSet {
  id: string;
  name: string;
  /** false: the plan creates it (guided) before the rule. */
  exists: boolean;
}

/**
 * ACR refuses a Docker Hub cache rule without a credential set ("EnforceDockerAuthentication").
 * The one to use: a credential set another Docker Hub rule of the registry already signs in with
 * (and that exists), else a new one the plan names.
 */
export function dockerHubCredentialSet(registry: Registry, rules: readonly CacheRule[], facts?: DiagnosisFacts): DockerHubCredentialSet {
  const known = facts?.credentialSets ?? [];
  for (const rule of rules) {
    const id = rule.credentialSetResourceId;
    if (!id || !isDockerHubSource(rule.sourceRepository ?? '')) continue;
    const seen = known.find((c) => sameId(c.id, id));
    if (seen && !seen.credentialSet) continue;
    return { id, name: nameOf(id), exists: true };
  }
  return { id: `${registry.id}/credentialSets/${DOCKER_HUB_CREDENTIAL_SET}`, name: DOCKER_HUB_CREDENTIAL_SET, exists: false };
}

/** The guided commands that create the Docker Hub credential set and let it read its Key Vault secrets. */
export function createDockerHubCredentialSetCommands(registry: Registry, set: DockerHubCredentialSet): ShellCommand[] {
  const secret = (name: string): string => `https://VAULT.vault.azure.net/secrets/${set.name}-${name}`;
  return [
    az('keyvault', 'secret', 'set', '--vault-name', 'VAULT', '-n', `${set.name}-username`, '--value', variable('DOCKERHUB_USERNAME')),
    az('keyvault', 'secret', 'set', '--vault-name', 'VAULT', '-n', `${set.name}-password`, '--value', variable('DOCKERHUB_TOKEN')),
    az('acr', 'credential-set', 'create', '-r', registry.name, '-n', set.name, '-l', DOCKER_HUB, '-u', secret('username'), '-p', secret('password')),
    capture('CREDSET_PRINCIPAL_ID', az('acr', 'credential-set', 'show', '-r', registry.name, '-n', set.name, '--query', 'identity.principalId', '-o', 'tsv')),
    capture('VAULT_ID', az('keyvault', 'show', '-n', 'VAULT', '--query', 'id', '-o', 'tsv')),
    az('role', 'assignment', 'create', '--role', KEY_VAULT_SECRETS_USER, '--assignee-object-id', variable('CREDSET_PRINCIPAL_ID'), '--assignee-principal-type', 'ServicePrincipal', '--scope', variable('VAULT_ID')),
  ];
}
