/**
 * The guided plans of issue 15 (who may pull, what only MCR gets, credential sets), planned from
 * a real diagnosis: the real @azure/* clients against the emulator over loopback HTTPS.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import type { Session } from '../../src/app/session.js';
import type { Report } from '../../src/engine/types.js';
import { getRemediation } from '../../src/remediations/index.js';
import { PlanError, type Plan } from '../../src/remediations/types.js';
import { planToJson } from '../../src/output/plan.js';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function planFor(scenario: string, remediation: string): Promise<{ plan: Plan; report: Report; commands: string[] }> {
  const session = await openEmulatorSession({ scenario });
  sessions.push(session);
  const report = await session.diagnose();
  const plan = await getRemediation(remediation).plan(report, { azure: session.azure, checks: session.checks }, {});
  return { plan, report, commands: planToJson(plan).azCommands };
}

const REGISTRY_ID = '/subscriptions/8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d/resourceGroups/rg-registry/providers/Microsoft.ContainerRegistry/registries/contosoprodacr';

describe('grant-acr-pull by the registry mode', () => {
  it('an ABAC registry gets Container Registry Repository Reader, not AcrPull', async () => {
    const { plan, commands } = await planFor('abac-registry-acrpull-only', 'grant-acr-pull');
    expect(plan.automated).toBe(false);
    expect(commands[1]).toMatch(/^az role assignment create --assignee-object-id [0-9a-f-]{36} --assignee-principal-type ServicePrincipal --role 'Container Registry Repository Reader' --scope \/subscriptions\/.+\/registries\/contosoprodacr$/i);
    expect(plan.parameters).toMatchObject({ role: 'Container Registry Repository Reader', roleDefinitionId: 'b93aa761-3e63-49ed-ac28-beffa264f7ac' });
    expect(plan.summary).toContain('ignores AcrPull');
  });
  it('a legacy-mode registry still gets AcrPull', async () => {
    const { commands } = await planFor('anonymous-pull-off-no-acrpull', 'grant-acr-pull');
    expect(commands[1]).toContain('--role AcrPull');
  });
});

describe('enable-authentication-as-arm', () => {
  it('enables it with az acr config and exempts the registry from the policy', async () => {
    const { plan, commands, report } = await planFor('auth-as-arm-disabled', 'enable-authentication-as-arm');
    expect(report.rootCauses[0]?.remediation).toBe('enable-authentication-as-arm');
    expect(plan.automated).toBe(false);
    expect(commands).toContain('az acr config authentication-as-arm update -r contosoprodacr --status enabled');
    expect(commands.some((c) => c.startsWith('az policy exemption create -n contosoprodacr-allow-arm-audience --scope ') && c.includes('--policy-assignment POLICY_ASSIGNMENT_ID'))).toBe(true);
    expect(plan.warnings.map((w) => w.code)).toEqual(['guided', 'policy-reapplies']);
    expect(plan.operations).toEqual([expect.objectContaining({ kind: 'guided', method: 'PATCH', sdkCall: 'registries.update' })]);
  });
  it('is refused where no finding calls for it', async () => {
    await expect(planFor('healthy-byo', 'enable-authentication-as-arm')).rejects.toThrow(PlanError);
  });
});

describe('use-cached-image-reference', () => {
  it('gives the rewritten reference per workload, from the pods\' owners', async () => {
    const { plan, commands, report } = await planFor('dockerhub-direct-reference-with-rule', 'use-cached-image-reference');
    expect(report.rootCauses[0]).toMatchObject({ checkId: 'pods.uncached-registries', remediation: 'use-cached-image-reference' });
    // Two pods of one Deployment (its ReplicaSet web-6b8d9f7c5): one command.
    expect(commands).toEqual(["kubectl set image -n shop deployment/web 'nginx=contosoprodacr.azurecr.io/dockerhub/nginx:1.27'"]);
    expect(plan.operations).toEqual([expect.objectContaining({ kind: 'guided', method: 'PATCH', resourceId: '/apis/apps/v1/namespaces/shop/deployments/web' })]);
    expect(plan.risk).toBe('disruptive');
    expect(plan.impact.join('\n')).toContain('cache rule dockerhub-library');
  });
});

describe('repair-credential-set', () => {
  it('names the Key Vault secrets, the identity\'s role and the credential set update', async () => {
    const { plan, commands, report } = await planFor('credential-set-unhealthy', 'repair-credential-set');
    const finding = report.checks.find((c) => c.id === 'registry.credential-sets');
    expect(finding?.status).toBe('fail');
    expect(finding?.summary).toContain('KeyVaultAccessDenied');
    expect(commands.slice(1)).toEqual([
      'az keyvault secret set --vault-name contoso-kv -n dockerhub-creds-username --value "$UPSTREAM_USERNAME"',
      'az keyvault secret set --vault-name contoso-kv -n dockerhub-creds-password --value "$UPSTREAM_PASSWORD"',
      'PRINCIPAL_ID=$(az acr credential-set show -r contosoprodacr -n dockerhub-creds --query identity.principalId -o tsv)',
      'VAULT_ID=$(az keyvault show -n contoso-kv --query id -o tsv)',
      'az role assignment create --role \'Key Vault Secrets User\' --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal --scope "$VAULT_ID"',
      "az acr credential-set update -r contosoprodacr -n dockerhub-creds -u 'https://contoso-kv.vault.azure.net/secrets/dockerhub-creds-username' -p 'https://contoso-kv.vault.azure.net/secrets/dockerhub-creds-password'",
    ]);
    expect(plan.parameters).toEqual({ registryId: REGISTRY_ID, credentialSets: [`${REGISTRY_ID}/credentialSets/dockerhub-creds`] });
    expect(plan.summary).toContain('KeyVaultAccessDenied');
  });
});

describe('create-cache-rule for Docker Hub', () => {
  it('creates the credential set first, then the rule that names it', async () => {
    const { plan, commands } = await planFor('uncached-upstream-no-rule', 'create-cache-rule');
    expect(commands.at(-1)).toBe('az acr cache create -r contosoprodacr -g rg-registry -n dockerhub-grafana-grafana -s docker.io/grafana/grafana -t grafana/grafana -c dockerhub-creds');
    expect(commands.some((c) => c.startsWith('az acr credential-set create -r contosoprodacr -n dockerhub-creds -l docker.io'))).toBe(true);
    expect(plan.warnings.map((w) => w.code)).toContain('docker-hub-credentials');
  });
});
