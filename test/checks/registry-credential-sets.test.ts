import { afterAll, describe, expect, it } from 'vitest';
import { registryCredentialSetsCheck } from '../../checks/registry-credential-sets.js';
import { mapCredentialSet } from '../../src/azure/map.js';
import type { CacheRule, CredentialSet } from '../../src/azure/types.js';
import type { RegistryCredentialSet } from '../../src/domain/facts.js';
import { openEmulatorSession, rendered } from '../helpers/registry.js';
import { BYO_REGISTRY_ID, MCR_RULE, cacheRule, registry } from './fixtures.js';

const judge = rendered(registryCredentialSetsCheck);

// As ARM returns it (2025-11-01), with the id in the lower case `resourcegroups` ARM often writes.
const SET_ID = BYO_REGISTRY_ID.replace('/resourceGroups/', '/resourcegroups/') + '/credentialSets/dockerhub-creds';
function armCredentialSet(health: Record<string, string>): CredentialSet {
  return mapCredentialSet(
    {
      id: SET_ID,
      name: 'dockerhub-creds',
      identity: { type: 'SystemAssigned', principalId: '5b0c2c61-8d1e-4f0a-9f5e-2a7c1d3e4f50', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
      loginServer: 'docker.io',
      authCredentials: [{
        name: 'Credential1',
        usernameSecretIdentifier: 'https://contoso-kv.vault.azure.net/secrets/dockerhub-username',
        passwordSecretIdentifier: 'https://contoso-kv.vault.azure.net/secrets/dockerhub-password',
        credentialHealth: health,
      }],
    },
    SET_ID,
  );
}

function dockerRule(credentialSetResourceId?: string): CacheRule {
  return { ...cacheRule('dockerhub-library', 'docker.io/library/*', 'dockerhub/*'), credentialSetResourceId };
}
// The rule names the set with ARM's other casing: ids compare case-insensitively.
const RULE_SET_ID = SET_ID.replace('/resourcegroups/', '/resourceGroups/').replace('dockerhub-creds', 'DockerHub-Creds');

describe('registry.credential-sets', () => {
  it.each([
    { name: 'no rule uses a credential set', rules: [MCR_RULE], sets: [], status: 'pass', code: 'none' },
    { name: 'Healthy', rules: [MCR_RULE, dockerRule(RULE_SET_ID)], sets: [{ id: RULE_SET_ID, credentialSet: armCredentialSet({ status: 'Healthy' }) }], status: 'pass', code: 'healthy' },
    {
      name: 'Unhealthy with the error ACR reports',
      rules: [dockerRule(RULE_SET_ID)],
      sets: [{ id: RULE_SET_ID, credentialSet: armCredentialSet({ status: 'Unhealthy', errorCode: 'KeyVaultAccessDenied', errorMessage: 'cannot get secret dockerhub-password' }) }],
      status: 'fail', code: 'unhealthy', words: 'cache rule dockerhub-library (docker.io/library/*) signs in with credential set dockerhub-creds, which is unhealthy (KeyVaultAccessDenied: cannot get secret dockerhub-password)',
    },
    { name: 'health not reported counts as unhealthy', rules: [dockerRule(RULE_SET_ID)], sets: [{ id: RULE_SET_ID, credentialSet: armCredentialSet({}) }], status: 'fail', code: 'unhealthy' },
    { name: 'the credential set was deleted', rules: [dockerRule(RULE_SET_ID)], sets: [{ id: RULE_SET_ID, credentialSet: undefined }], status: 'fail', code: 'unhealthy', words: 'names credential set DockerHub-Creds, which does not exist' },
  ] as { name: string; rules: CacheRule[]; sets: RegistryCredentialSet[]; status: string; code: string; words?: string }[])('$name → $status', ({ rules, sets, status, code, words }) => {
    const f = judge({ registry: registry(), rules, credentialSets: sets });
    expect(f.status).toBe(status);
    expect(f.code).toBe(`registry.credential-sets/${code}`);
    expect(f.remediations).toEqual(status === 'fail' ? ['repair-credential-set'] : []);
    if (words) expect(f.summary).toContain(words);
    if (status === 'fail') {
      const repair = f.data?.credentialSetRepairs?.[0];
      expect(repair).toMatchObject({ rule: 'dockerhub-library', sourceRepository: 'docker.io/library/*', exists: !!sets[0]?.credentialSet });
    }
  });
  it('skips without a registry', () => {
    expect(judge({ registry: undefined, rules: [], credentialSets: [] }).status).toBe('skip');
  });
  it('hands the repair the secret URIs and the identity to grant', () => {
    const f = judge({ registry: registry(), rules: [dockerRule(RULE_SET_ID)], credentialSets: [{ id: RULE_SET_ID, credentialSet: armCredentialSet({ status: 'Unhealthy', errorCode: 'KeyVaultAccessDenied' }) }] });
    expect(f.data?.credentialSetRepairs).toEqual([{
      rule: 'dockerhub-library', sourceRepository: 'docker.io/library/*', credentialSetId: SET_ID, exists: true, loginServer: 'docker.io',
      identityPrincipalId: '5b0c2c61-8d1e-4f0a-9f5e-2a7c1d3e4f50',
      usernameSecretIdentifier: 'https://contoso-kv.vault.azure.net/secrets/dockerhub-username',
      passwordSecretIdentifier: 'https://contoso-kv.vault.azure.net/secrets/dockerhub-password',
      errorCode: 'KeyVaultAccessDenied', errorMessage: undefined,
    }]);
  });
});

describe('credential sets through the real SDK against the emulator', () => {
  const close: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of close) await c();
  });
  it('reads the set a rule names (one GET), and a missing one as absent', async () => {
    const session = await openEmulatorSession({ scenario: 'credential-set-unhealthy' });
    close.push(() => session.close());
    const registryId = (await session.azure.cluster(session.clusterId))?.containerRegistryId ?? '';
    const rule = (await session.azure.cacheRules(registryId)).find((r) => r.credentialSetResourceId);
    const before = session.azure.stats().requests;
    const set = await session.azure.credentialSet(rule?.credentialSetResourceId ?? '');
    expect(session.azure.stats().requests - before).toBe(1);
    expect(set).toMatchObject({
      name: 'dockerhub-creds',
      loginServer: 'docker.io',
      authCredentials: [{ name: 'Credential1', healthStatus: 'Unhealthy', errorCode: 'KeyVaultAccessDenied', passwordSecretIdentifier: 'https://contoso-kv.vault.azure.net/secrets/dockerhub-creds-password' }],
    });
    expect(set?.identityPrincipalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await session.azure.credentialSet(`${registryId}/credentialSets/nope-creds`)).toBeUndefined();
  });
});
