import { describe, expect, it } from 'vitest';
import { registryConfigurationCheck } from '../../checks/registry-configuration.js';
import { registryExistsCheck } from '../../checks/registry-exists.js';
import { registryMcrCacheRuleCheck } from '../../checks/registry-mcr-cache-rule.js';
import { registryPrivateEndpointCheck } from '../../checks/registry-private-endpoint.js';
import type { CheckStatus, RegistryMode, RemediationId } from '../../src/engine/types.js';
import {
  BYO_REGISTRY_ID, HUB_VNET_ID, MANAGED_REGISTRY_ID, MCR_RULE, NODE_RG, OTHER_VNET_ID, RG, SUB, acrPull, cacheRule, cluster, endpoint,
  managedRegistry, network, registry, vnet,
} from './fixtures.js';
import { rendered } from '../helpers/registry.js';

// Each judge with the summary the engine renders from its finding's code and params.
const judgeRegistryConfiguration = rendered(registryConfigurationCheck);
const judgeRegistryExists = rendered(registryExistsCheck);
const judgeRegistryMcrCacheRule = rendered(registryMcrCacheRuleCheck);
const judgeRegistryPrivateEndpoint = rendered(registryPrivateEndpointCheck);

describe('registry.exists', () => {
  it('passes with the registry id', () => {
    const f = judgeRegistryExists({ cluster: cluster(), lookup: { mode: 'byo', expectedId: BYO_REGISTRY_ID, registry: registry(), candidates: [registry()] } });
    expect(f).toMatchObject({ status: 'pass', remediations: [], data: { registryId: BYO_REGISTRY_ID } });
  });
  it('managed registry deleted → reconcile', () => {
    const f = judgeRegistryExists({
      cluster: cluster({ containerRegistryId: undefined }),
      lookup: { mode: 'managed', candidates: [], missing: { reason: 'no-bootstrap-registry', nodeResourceGroup: NODE_RG, found: [] } },
    });
    expect(f.status).toBe('fail');
    expect(f.remediations).toEqual(['reconcile']);
    expect(f.summary).toContain(NODE_RG);
    expect(f.summary).toBe(`the AKS-managed bootstrap registry is missing (no registry whose name contains "bootstrap" in the node resource group ${NODE_RG}): reconcile the cluster to recreate it`);
  });
  it('BYO registry missing → no automated remediation, guided words', () => {
    const f = judgeRegistryExists({
      cluster: cluster(),
      lookup: { mode: 'byo', expectedId: BYO_REGISTRY_ID, candidates: [], missing: { reason: 'configured-registry-missing', registryId: BYO_REGISTRY_ID } },
    });
    expect(f.status).toBe('fail');
    expect(f.remediations).toEqual([]);
    expect(f.summary).toContain('containerRegistryId');
    expect(f.summary).toContain('recreate the registry');
    expect(f.data?.registryId).toBe(BYO_REGISTRY_ID);
  });
});

describe('registry.configuration', () => {
  const RG_SCOPE = `/subscriptions/${SUB}/resourceGroups/${RG}`;
  it.each([
    { name: 'healthy BYO with AcrPull', mode: 'byo', r: registry(), ra: [acrPull()], status: 'pass', rem: [] },
    { name: 'AcrPull at the resource group', mode: 'byo', r: registry(), ra: [acrPull(undefined, RG_SCOPE)], status: 'pass', rem: [] },
    { name: 'AcrPull at the subscription', mode: 'byo', r: registry(), ra: [acrPull(undefined, `/subscriptions/${SUB}`)], status: 'pass', rem: [] },
    { name: 'anonymous pull on, no assignment', mode: 'managed', r: managedRegistry({ anonymousPullEnabled: true }), ra: [], status: 'pass', rem: [] },
    { name: '401 case: anonymous pull off, no AcrPull', mode: 'managed', r: managedRegistry(), ra: [], status: 'fail', rem: ['grant-acr-pull'], words: 'no AcrPull' },
    { name: 'AcrPull for another principal only', mode: 'byo', r: registry(), ra: [acrPull('11111111-2222-4333-8444-555555555555')], status: 'fail', rem: ['grant-acr-pull'] },
    { name: 'AcrPull on a sibling registry scope', mode: 'byo', r: registry(), ra: [acrPull(undefined, `${RG_SCOPE}/providers/Microsoft.ContainerRegistry/registries/contosoacr2`)], status: 'fail', rem: ['grant-acr-pull'] },
    { name: 'Standard SKU', mode: 'byo', r: registry({ sku: 'Standard' }), ra: [acrPull()], status: 'fail', rem: [], words: 'SKU Standard' },
    { name: 'not Succeeded', mode: 'byo', r: registry({ provisioningState: 'Failed' }), ra: [acrPull()], status: 'fail', rem: [], words: 'provisioningState Failed' },
    { name: 'public access enabled', mode: 'byo', r: registry({ publicNetworkAccess: 'Enabled' }), ra: [acrPull()], status: 'warn', rem: [], words: 'public network access' },
    { name: 'BYO with ARM audience policy disabled', mode: 'byo', r: registry({ azureAdAuthenticationAsArmPolicy: 'disabled' }), ra: [acrPull()], status: 'fail', rem: ['enable-authentication-as-arm'], words: 'azureADAuthenticationAsArmPolicy' },
    { name: 'ARM audience disabled and no AcrPull: sign-in first', mode: 'byo', r: registry({ azureAdAuthenticationAsArmPolicy: 'disabled' }), ra: [], status: 'fail', rem: ['enable-authentication-as-arm', 'grant-acr-pull'] },
    // ABAC registries honour only the repository roles (ids as ARM returns them, any case).
    { name: 'ABAC with Repository Reader', mode: 'byo', r: registry({ roleAssignmentMode: 'AbacRepositoryPermissions' }), ra: [acrPull(undefined, undefined, 'b93aa761-3e63-49ed-ac28-beffa264f7ac')], status: 'pass', rem: [], words: 'Container Registry Repository Reader' },
    { name: 'ABAC with Repository Writer at the resource group', mode: 'byo', r: registry({ roleAssignmentMode: 'AbacRepositoryPermissions' }), ra: [acrPull(undefined, RG_SCOPE.replace('resourceGroups', 'resourcegroups'), '2a1e307c-b015-4ebd-883e-5b7698a07328')], status: 'pass', rem: [] },
    { name: 'ABAC with Repository Contributor', mode: 'byo', r: registry({ roleAssignmentMode: 'AbacRepositoryPermissions' }), ra: [acrPull(undefined, undefined, '2EFDDAA5-3F1F-4DF3-97DF-AF3F13818F4C')], status: 'pass', rem: [] },
    { name: 'ABAC with AcrPull only', mode: 'byo', r: registry({ roleAssignmentMode: 'AbacRepositoryPermissions' }), ra: [acrPull()], status: 'fail', rem: ['grant-acr-pull'], words: 'its AcrPull is ignored in this mode' },
    { name: 'ABAC with Owner only', mode: 'byo', r: registry({ roleAssignmentMode: 'AbacRepositoryPermissions' }), ra: [acrPull(undefined, undefined, '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')], status: 'fail', rem: ['grant-acr-pull'], words: 'AbacRepositoryPermissions' },
    { name: 'ABAC Repository Reader narrowed by a condition → warn', mode: 'byo', r: registry({ roleAssignmentMode: 'AbacRepositoryPermissions' }), ra: [{ ...acrPull(undefined, undefined, 'b93aa761-3e63-49ed-ac28-beffa264f7ac'), condition: "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'team-a/'))" }], status: 'warn', rem: [], words: 'carries an ABAC condition' },
    { name: 'legacy mode ignores the repository roles', mode: 'byo', r: registry({ roleAssignmentMode: 'LegacyRegistryPermissions' }), ra: [acrPull(undefined, undefined, 'b93aa761-3e63-49ed-ac28-beffa264f7ac')], status: 'fail', rem: ['grant-acr-pull'], words: 'no AcrPull' },
    { name: 'managed with ARM audience policy disabled', mode: 'managed', r: managedRegistry({ azureAdAuthenticationAsArmPolicy: 'disabled' }), ra: [acrPull(undefined, MANAGED_REGISTRY_ID)], status: 'pass', rem: [] },
  ] as { name: string; mode: RegistryMode; r: ReturnType<typeof registry>; ra: ReturnType<typeof acrPull>[]; status: CheckStatus; rem: RemediationId[]; words?: string }[])(
    '$name → $status',
    ({ mode, r, ra, status, rem, words }) => {
      const f = judgeRegistryConfiguration({ mode, registry: r, cluster: cluster(), roleAssignments: ra });
      expect(f.status).toBe(status);
      expect(f.remediations).toEqual(rem);
      expect(f.data?.registryId).toBe(r.id);
      if (words) expect(f.summary).toContain(words);
    },
  );
});

describe('registry.mcr-cache-rule', () => {
  const proposal = [{ name: 'aks-managed-mcr', sourceRepository: 'mcr.microsoft.com/*', targetRepository: 'aks-managed-repository/*', newImage: '', images: [] }];
  it.each([
    { name: 'current rule', mode: 'managed', rules: [MCR_RULE], status: 'pass', rem: [] },
    { name: 'name does not matter', mode: 'byo', rules: [cacheRule('my-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*')], status: 'pass', rem: [] },
    { name: 'legacy * target', mode: 'byo', rules: [cacheRule('acr-cache-rule', 'mcr.microsoft.com/*', '*')], status: 'warn', rem: [], words: 'March 2025' },
    { name: 'managed rule deleted', mode: 'managed', rules: [], status: 'fail', rem: ['delete-registry-and-reconcile'] },
    { name: 'managed rule wrong target', mode: 'managed', rules: [cacheRule('aks-managed-mcr', 'mcr.microsoft.com/*', 'mcr/*')], status: 'fail', rem: ['delete-registry-and-reconcile'], words: 'instead of' },
    { name: 'managed rule Failed', mode: 'managed', rules: [cacheRule('aks-managed-mcr', 'mcr.microsoft.com/*', 'aks-managed-repository/*', 'Failed')], status: 'fail', rem: ['delete-registry-and-reconcile'], words: 'not Succeeded' },
    { name: 'BYO without MCR rule', mode: 'byo', rules: [cacheRule('dockerhub', 'docker.io/library/*', 'dockerhub/*')], status: 'fail', rem: ['create-cache-rule'], proposal: true },
  ] as { name: string; mode: RegistryMode; rules: ReturnType<typeof cacheRule>[]; status: CheckStatus; rem: RemediationId[]; words?: string; proposal?: boolean }[])(
    '$name → $status',
    ({ mode, rules, status, rem, words, proposal: wantProposal }) => {
      const f = judgeRegistryMcrCacheRule({ mode, registry: mode === 'managed' ? managedRegistry() : registry(), rules });
      expect(f.status).toBe(status);
      expect(f.remediations).toEqual(rem);
      if (words) expect(f.summary).toContain(words);
      expect(f.data?.proposedRules).toEqual(wantProposal ? proposal : undefined);
      expect(f.data?.registryId).toBeDefined();
    },
  );
});

describe('registry.private-endpoint', () => {
  const peered = network({ vnets: [vnet(undefined, [{ id: 'p1', name: 'aks-to-hub', remoteVirtualNetworkId: HUB_VNET_ID, peeringState: 'Connected' }])] });
  const disconnected = network({ vnets: [vnet(undefined, [{ id: 'p1', name: 'aks-to-hub', remoteVirtualNetworkId: HUB_VNET_ID, peeringState: 'Disconnected' }])] });
  const conn = (over: object) => [{ name: 'c', privateLinkServiceId: BYO_REGISTRY_ID, groupIds: ['registry'], status: 'Approved', manual: false, ...over }];
  it.each([
    { name: 'approved endpoint in the cluster VNet', eps: [endpoint()], net: network(), status: 'pass' },
    { name: 'registry id in other case', eps: [endpoint({ connections: conn({ privateLinkServiceId: BYO_REGISTRY_ID.toUpperCase() }) })], net: network(), status: 'pass' },
    { name: 'manual connection, approved', eps: [endpoint({ connections: conn({ manual: true }) })], net: network(), status: 'pass', words: 'manual connection' },
    { name: 'manual connection, pending', eps: [endpoint({ connections: conn({ manual: true, status: 'Pending' }) })], net: network(), status: 'fail', words: 'Pending' },
    { name: 'rejected', eps: [endpoint({ connections: conn({ status: 'Rejected' }) })], net: network(), status: 'fail' },
    { name: 'wrong groupIds', eps: [endpoint({ connections: conn({ groupIds: ['registry_data_eastus'] }) })], net: network(), status: 'fail' },
    { name: 'endpoint Failed', eps: [endpoint({ provisioningState: 'Failed' })], net: network(), status: 'fail' },
    { name: 'endpoint in a peered hub VNet', eps: [endpoint({ subnetId: `${HUB_VNET_ID}/subnets/snet-pe` })], net: peered, status: 'pass', words: 'peered' },
    { name: 'peering disconnected', eps: [endpoint({ subnetId: `${HUB_VNET_ID}/subnets/snet-pe` })], net: disconnected, status: 'fail', words: 'subnet' },
    { name: 'endpoint in an unrelated VNet', eps: [endpoint({ subnetId: `${OTHER_VNET_ID}/subnets/snet-pe` })], net: network(), status: 'fail' },
    { name: 'cluster VNet unknown', eps: [endpoint()], net: network({ vnets: [] }), status: 'warn' },
    { name: 'one bad, one good', eps: [endpoint({ connections: conn({ status: 'Rejected' }) }), endpoint({ id: `${BYO_REGISTRY_ID}-pe2`, name: 'pe2' })], net: network(), status: 'pass' },
    { name: 'no endpoint', eps: [], net: network(), status: 'fail', words: 'no private endpoint' },
  ] as { name: string; eps: ReturnType<typeof endpoint>[]; net: ReturnType<typeof network>; status: CheckStatus; words?: string }[])('$name → $status', ({ eps, net, status, words }) => {
    for (const mode of ['byo', 'managed'] as const) {
      const f = judgeRegistryPrivateEndpoint({ mode, registry: registry(), endpoints: eps, network: net });
      expect(f.status).toBe(status);
      expect(f.remediations).toEqual(status === 'fail' ? [mode === 'managed' ? 'reconcile' : 'recreate-private-endpoint'] : []);
      expect(f.data?.registryId).toBe(BYO_REGISTRY_ID);
      if (words) expect(f.summary).toContain(words);
      if (status === 'fail') expect(f.evidence.length).toBeGreaterThan(0);
    }
  });
});
