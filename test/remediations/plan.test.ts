import { CHECKS } from '../helpers/registry.js';
import { describe, expect, it } from 'vitest';
import type { DiagnosisFacts } from '../../src/domain/facts.js';
import { REMEDIATION_IDS } from '../../src/engine/types.js';
import { REMEDIATIONS, getRemediation } from '../../src/remediations/index.js';
import { planToJson } from '../../src/output/plan.js';
import { quoteWord } from '../../src/remediations/command.js';
import { ruleNameFor } from '../../src/remediations/create-cache-rule.js';
import { PlanError, type Plan } from '../../src/remediations/types.js';
import {
  BYO_REGISTRY_ID, CLUSTER_ID, IMAGE, KUBELET_OBJECT_ID, MANAGED_REGISTRY_ID, NODE_RG, SUB, VNET_ID, check, cluster, fakeAzure, registry, report, rootCause,
} from './fixtures.js';

const managedCacheRuleDeleted = report(
  [
    check('registry.exists', 'pass', [], { registryId: MANAGED_REGISTRY_ID }),
    check('registry.mcr-cache-rule', 'fail', ['delete-registry-and-reconcile'], { registryId: MANAGED_REGISTRY_ID }),
  ],
  [rootCause('registry.mcr-cache-rule', 'delete-registry-and-reconcile')],
);

/** The plan as it is shown and written: operations described, commands quoted, warnings as words. */
const shown = planToJson;

async function planOf(id: string, r: typeof managedCacheRuleDeleted, azure = fakeAzure(), options = {}): Promise<Plan> {
  return getRemediation(id).plan(r, { azure, checks: CHECKS }, options);
}

describe('registry of remediations', () => {
  it('holds one remediation per id, each under its own id', () => {
    expect(Object.keys(REMEDIATIONS).sort()).toEqual([...REMEDIATION_IDS].sort());
    for (const id of REMEDIATION_IDS) expect(REMEDIATIONS[id].id).toBe(id);
  });
  it('refuses an unknown id with the list of valid ids', () => {
    expect(() => getRemediation('reimage')).toThrow(PlanError);
    expect(() => getRemediation('reimage')).toThrow(/unknown remediation "reimage"; one of: reconcile, delete-registry-and-reconcile, create-cache-rule/);
  });
});

describe('shell words', () => {
  it.each([
    ['aks-prod', 'aks-prod'],
    ['mcr.microsoft.com/*', `'mcr.microsoft.com/*'`],
    // shell-quote's own form for a word with a quote in it (the hand-written quoter wrote 'it'\''s').
    ["it's", `"it's"`],
    ['[].{name:name}', `'[].{name:name}'`],
  ])('%s → %s', (input, quoted) => expect(quoteWord(input)).toBe(quoted));
});

describe('reconcile', () => {
  const r = report([check('registry.exists', 'fail', ['reconcile'])], [rootCause('registry.exists', 'reconcile')]);
  it('plans the PUT of the cluster as read, with az aks update and pool counts', async () => {
    const azure = fakeAzure();
    const plan = await planOf('reconcile', r, azure);
    expect(plan.risk).toBe('reversible');
    expect(plan.automated).toBe(true);
    expect(shown(plan).azCommands).toEqual([`az account set --subscription ${SUB}`, 'az aks update -g rg-prod -n aks-prod']);
    expect(shown(plan).operations).toHaveLength(1);
    expect(shown(plan).operations[0]).toMatchObject({ method: 'PUT', resourceId: CLUSTER_ID, sdkCall: 'managedClusters.beginCreateOrUpdate' });
    expect(shown(plan).operations[0]?.body).toEqual(azure.state.reconcileBody);
    expect(shown(plan).operations[0]?.bodySummary).toContain(`system=${IMAGE}`);
    expect(plan.impact.join('\n')).toContain('system (3 nodes) and user1 (5 nodes)');
    expect(plan.addresses).toEqual(['registry.exists']);
    expect(plan.verifyChecks).toContain('registry.exists');
  });
  it('does not apply to a healthy cluster', async () => {
    await expect(planOf('reconcile', report([check('registry.exists', 'pass')]))).rejects.toThrow(/reconcile does not apply: the diagnosis found no problem/);
  });
  it('names what the diagnosis suggests instead', async () => {
    await expect(planOf('reconcile', managedCacheRuleDeleted)).rejects.toThrow(/suggests registry.mcr-cache-rule → delete-registry-and-reconcile/);
  });
});

describe('delete-registry-and-reconcile', () => {
  it('plans the delete of the bootstrap registry then the reconcile', async () => {
    const azure = fakeAzure({ registries: [registry(MANAGED_REGISTRY_ID)], cacheRules: {} });
    const plan = await planOf('delete-registry-and-reconcile', managedCacheRuleDeleted, azure);
    expect(plan.risk).toBe('destructive');
    expect(shown(plan).operations.map((o) => `${o.method} ${o.sdkCall}`)).toEqual(['DELETE registries.beginDelete', 'PUT managedClusters.beginCreateOrUpdate']);
    expect(shown(plan).azCommands.slice(1)).toEqual([
      `az acr delete -g ${NODE_RG} -n aksbootstrap1a2b3c4d --yes`,
      'az aks update -g rg-prod -n aks-prod',
    ]);
    expect(shown(plan).warnings.join(' ')).toContain('typing the cluster name (aks-prod)');
  });
  it('refuses a BYO registry, whatever the finding says', async () => {
    const r = report(
      [check('registry.mcr-cache-rule', 'fail', ['delete-registry-and-reconcile'], { registryId: BYO_REGISTRY_ID })],
      [rootCause('registry.mcr-cache-rule', 'delete-registry-and-reconcile')],
      { registryMode: 'byo' },
    );
    const azure = fakeAzure({ cluster: cluster({ containerRegistryId: BYO_REGISTRY_ID }), registries: [registry(BYO_REGISTRY_ID)] });
    await expect(planOf('delete-registry-and-reconcile', r, azure)).rejects.toThrow(
      `delete-registry-and-reconcile applies only to an AKS-managed registry (name containing "bootstrap" in the node resource group ${NODE_RG}); this cluster uses its own registry ${BYO_REGISTRY_ID}, which aks-netiso never deletes`,
    );
  });
  it('refuses a "bootstrap" registry outside the node resource group', async () => {
    const elsewhere = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/mybootstrapacr`;
    const r = report([check('registry.mcr-cache-rule', 'fail', ['delete-registry-and-reconcile'], { registryId: elsewhere })]);
    await expect(planOf('delete-registry-and-reconcile', r, fakeAzure({ registries: [registry(elsewhere)] }))).rejects.toThrow(/never deletes/);
  });
});

describe('create-cache-rule', () => {
  const byoMissing = report(
    [check('registry.mcr-cache-rule', 'fail', ['create-cache-rule'], { registryId: BYO_REGISTRY_ID })],
    [rootCause('registry.mcr-cache-rule', 'create-cache-rule')],
    { registryMode: 'byo' },
  );
  const byoAzure = (): ReturnType<typeof fakeAzure> =>
    fakeAzure({ cluster: cluster({ containerRegistryId: BYO_REGISTRY_ID }), registries: [registry(BYO_REGISTRY_ID)] });

  it('defaults to the MCR rule when the MCR rule is missing', async () => {
    const plan = await planOf('create-cache-rule', byoMissing, byoAzure());
    expect(shown(plan).azCommands[1]).toBe(`az acr cache create -r contosoacr -g rg-acr -n aks-managed-mcr -s 'mcr.microsoft.com/*' -t 'aks-managed-repository/*'`);
    expect(shown(plan).operations[0]).toMatchObject({
      method: 'PUT',
      resourceId: `${BYO_REGISTRY_ID}/cacheRules/aks-managed-mcr`,
      body: { properties: { sourceRepository: 'mcr.microsoft.com/*', targetRepository: 'aks-managed-repository/*' } },
    });
    expect(plan.risk).toBe('reversible');
  });
  it('takes every proposed rule of pods.uncached-registries into one plan', async () => {
    const r = report(
      [
        check('pods.uncached-registries', 'fail', ['create-cache-rule'], {
          registryId: BYO_REGISTRY_ID,
          proposedRules: [
            { name: 'docker-io-library-nginx', sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx', newImage: 'contosoacr.azurecr.io/nginx:1.27', images: ['nginx:1.27'] },
            { name: 'ghcr-io-org-app', sourceRepository: 'ghcr.io/org/app', targetRepository: 'org/app', newImage: 'contosoacr.azurecr.io/org/app:2', images: ['ghcr.io/org/app:2'] },
          ],
        }),
      ],
      [rootCause('pods.uncached-registries', 'create-cache-rule')],
    );
    const plan = await planOf('create-cache-rule', r, byoAzure());
    expect(shown(plan).operations.map((o) => o.resourceId.split('/').pop())).toEqual(['docker-io-library-nginx', 'ghcr-io-org-app']);
    // ACR refuses a Docker Hub rule without a credential set: the plan creates one first (guided), and only that rule names it.
    const set = `${BYO_REGISTRY_ID}/credentialSets/dockerhub-creds`;
    expect(shown(plan).operations.map((o) => (o.body?.properties as Record<string, unknown> | undefined)?.credentialSetResourceId)).toEqual([set, undefined]);
    expect(shown(plan).azCommands.slice(1)).toEqual([
      'az keyvault secret set --vault-name VAULT -n dockerhub-creds-username --value "$DOCKERHUB_USERNAME"',
      'az keyvault secret set --vault-name VAULT -n dockerhub-creds-password --value "$DOCKERHUB_TOKEN"',
      "az acr credential-set create -r contosoacr -n dockerhub-creds -l docker.io -u 'https://VAULT.vault.azure.net/secrets/dockerhub-creds-username' -p 'https://VAULT.vault.azure.net/secrets/dockerhub-creds-password'",
      'CREDSET_PRINCIPAL_ID=$(az acr credential-set show -r contosoacr -n dockerhub-creds --query identity.principalId -o tsv)',
      'VAULT_ID=$(az keyvault show -n VAULT --query id -o tsv)',
      'az role assignment create --role \'Key Vault Secrets User\' --assignee-object-id "$CREDSET_PRINCIPAL_ID" --assignee-principal-type ServicePrincipal --scope "$VAULT_ID"',
      'az acr cache create -r contosoacr -g rg-acr -n docker-io-library-nginx -s docker.io/library/nginx -t nginx -c dockerhub-creds',
      'az acr cache create -r contosoacr -g rg-acr -n ghcr-io-org-app -s ghcr.io/org/app -t org/app',
    ]);
    expect(plan.warnings.map((w) => w.code)).toContain('docker-hub-credentials');
    expect(shown(plan).warnings.join('\n')).toContain('contosoacr.azurecr.io/nginx:1.27');
    expect(plan.impact.join('\n')).toContain('nginx:1.27');
  });
  it('names the credential set another Docker Hub rule of the registry already signs in with', async () => {
    const azure = byoAzure();
    const set = `${BYO_REGISTRY_ID}/credentialSets/hub-login`;
    azure.state.cacheRules[BYO_REGISTRY_ID.toLowerCase()] = [
      { id: `${BYO_REGISTRY_ID}/cacheRules/dockerhub-bitnami`, name: 'dockerhub-bitnami', sourceRepository: 'docker.io/bitnami/*', targetRepository: 'bitnami/*', credentialSetResourceId: set, provisioningState: 'Succeeded' },
    ];
    const plan = await planOf('create-cache-rule', byoMissing, azure, { source: 'docker.io/library/redis', target: 'redis' });
    expect(shown(plan).azCommands.slice(1)).toEqual(['az acr cache create -r contosoacr -g rg-acr -n docker-io-library-redis -s docker.io/library/redis -t redis -c hub-login']);
    expect(shown(plan).operations[0]?.body).toEqual({ properties: { sourceRepository: 'docker.io/library/redis', targetRepository: 'redis', credentialSetResourceId: set } });
    expect(plan.warnings.map((w) => w.code)).not.toContain('docker-hub-credentials');
  });
  it('uses --source/--target/--rule-name when given', async () => {
    const plan = await planOf('create-cache-rule', byoMissing, byoAzure(), { source: 'quay.io/prometheus/node-exporter', target: 'prometheus/node-exporter' });
    expect(shown(plan).azCommands[1]).toBe('az acr cache create -r contosoacr -g rg-acr -n quay-io-prometheus-node-exporter -s quay.io/prometheus/node-exporter -t prometheus/node-exporter');
  });
  it.each([
    [{ source: 'nginx', target: 'nginx' }, /--source "nginx" is not a repository of a registry/],
    [{ source: 'docker.io/library/nginx', target: 'Nginx!' }, /--target "Nginx!" is not a valid repository name/],
    [{ source: 'docker.io/library/nginx', target: 'nginx', ruleName: 'x' }, /--rule-name "x" is not a valid cache rule name/],
    [{ source: 'docker.io/library/*', target: 'nginx' }, /must both end in a wildcard, or neither/],
    [{ source: 'docker.io/library/nginx' }, /needs both --source and --target/],
  ])('rejects bad input %j with a clear message', async (options, message) => {
    await expect(planOf('create-cache-rule', byoMissing, byoAzure(), options)).rejects.toThrow(message);
  });
  it('refuses a rule whose name or source already exists', async () => {
    const azure = byoAzure();
    azure.state.cacheRules[BYO_REGISTRY_ID.toLowerCase()] = [
      { id: `${BYO_REGISTRY_ID}/cacheRules/acr-cache-rule`, name: 'acr-cache-rule', sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx', provisioningState: 'Succeeded' },
    ];
    await expect(planOf('create-cache-rule', byoMissing, azure, { source: 'docker.io/library/nginx', target: 'nginx2' })).rejects.toThrow(/already caches docker.io\/library\/nginx \(rule acr-cache-rule/);
    await expect(planOf('create-cache-rule', byoMissing, azure, { source: 'docker.io/library/redis', target: 'redis', ruleName: 'acr-cache-rule' })).rejects.toThrow(/already has a cache rule named acr-cache-rule/);
  });
  it('derives valid rule names', () => {
    expect(ruleNameFor('docker.io/library/nginx')).toBe('docker-io-library-nginx');
    expect(ruleNameFor('mcr.microsoft.com/*')).toBe('mcr-microsoft-com');
    expect(ruleNameFor('a.io/b')).toBe('a-io-b');
  });
});

describe('upgrade-node-image', () => {
  const stale = report(
    [check('nodes.stale-registry-config', 'fail', ['upgrade-node-image'], { stalePools: [{ pool: 'user1', nodes: ['aks-user1-12345678-vmss000000', 'aks-user1-12345678-vmss000001'] }] })],
    [rootCause('nodes.stale-registry-config', 'upgrade-node-image')],
  );
  it('defaults to the stale pools of the finding', async () => {
    const plan = await planOf('upgrade-node-image', stale);
    expect(plan.risk).toBe('disruptive');
    expect(shown(plan).azCommands.slice(1)).toEqual(['az aks nodepool upgrade -g rg-prod --cluster-name aks-prod -n user1 --node-image-only']);
    expect(shown(plan).operations).toEqual([
      expect.objectContaining({ method: 'POST', resourceId: `${CLUSTER_ID}/agentPools/user1`, sdkCall: 'agentPools.beginUpgradeNodeImageVersion' }),
    ]);
    expect(plan.impact[0]).toBe('node image upgrade of pool user1 (5 nodes); nodes are cordoned, drained and reimaged in surge batches');
    expect(plan.impact[1]).toContain('2 stale nodes of 5 nodes');
  });
  it('--pool overrides, one call per pool', async () => {
    const plan = await planOf('upgrade-node-image', stale, fakeAzure(), { pools: ['system', 'user1'] });
    expect(shown(plan).azCommands.slice(1)).toEqual([
      'az aks nodepool upgrade -g rg-prod --cluster-name aks-prod -n system --node-image-only',
      'az aks nodepool upgrade -g rg-prod --cluster-name aks-prod -n user1 --node-image-only',
    ]);
    expect(plan.impact[0]).toContain('pools system (3 nodes) and user1 (5 nodes)');
    expect(shown(plan).warnings.join('\n')).toContain('no stale node in system');
  });
  it('refuses an unknown pool, listing the valid ones', async () => {
    await expect(planOf('upgrade-node-image', stale, fakeAzure(), { pools: ['gpu'] })).rejects.toThrow('unknown pool "gpu"; the cluster\'s pools are: system, user1');
  });
});

describe('guided remediations', () => {
  const byo = cluster({ containerRegistryId: BYO_REGISTRY_ID });
  it('grant-acr-pull gives the exact role assignment', async () => {
    const r = report([check('registry.configuration', 'fail', ['grant-acr-pull'], { registryId: BYO_REGISTRY_ID })]);
    const plan = await planOf('grant-acr-pull', r, fakeAzure({ cluster: byo, registries: [registry(BYO_REGISTRY_ID)] }));
    expect(plan.automated).toBe(false);
    expect(shown(plan).azCommands[1]).toBe(
      `az role assignment create --assignee-object-id ${KUBELET_OBJECT_ID} --assignee-principal-type ServicePrincipal --role AcrPull --scope ${BYO_REGISTRY_ID}`,
    );
  });
  it('recreate-private-endpoint approves a Pending connection', async () => {
    const conn = `${BYO_REGISTRY_ID}/privateEndpointConnections/pe-contosoacr.7f2c`;
    const r = report([check('registry.private-endpoint', 'fail', ['recreate-private-endpoint'], { registryId: BYO_REGISTRY_ID })]);
    const azure = fakeAzure({ cluster: byo, registries: [registry(BYO_REGISTRY_ID, { privateEndpointConnections: [{ id: conn, status: 'Pending' }] })] });
    const plan = await planOf('recreate-private-endpoint', r, azure);
    expect(shown(plan).azCommands[1]).toBe(`az network private-endpoint-connection approve --id ${conn} --description 'Approved for AKS network isolated cluster'`);
  });
  it('recreate-private-endpoint creates one in the node subnet when there is none', async () => {
    const r = report([check('registry.private-endpoint', 'fail', ['recreate-private-endpoint'], { registryId: BYO_REGISTRY_ID })]);
    const plan = await planOf('recreate-private-endpoint', r, fakeAzure({ cluster: byo, registries: [registry(BYO_REGISTRY_ID)] }));
    expect(shown(plan).azCommands[1]).toBe(
      `az network private-endpoint create -g rg-net -n contosoacr-pe -l eastus2 --vnet-name vnet-prod --subnet snet-aks --private-connection-resource-id ${BYO_REGISTRY_ID} --group-id registry --connection-name contosoacr-connection`,
    );
    expect(shown(plan).azCommands[2]).toContain('az network private-endpoint dns-zone-group create -g rg-net --endpoint-name contosoacr-pe');
    // Approval when the connection stays Pending: found by the new endpoint's name, no placeholder to edit.
    expect(shown(plan).azCommands.slice(3)).toEqual([
      `CONNECTION_ID=$(az network private-endpoint-connection list --id ${BYO_REGISTRY_ID} --query "[?ends_with(properties.privateEndpoint.id, '/privateEndpoints/contosoacr-pe')].id | [0]" -o tsv)`,
      `az network private-endpoint-connection approve --id "$CONNECTION_ID" --description 'Approved for AKS network isolated cluster'`,
    ]);
  });
  it('repair-private-dns adds the missing records with the endpoint NIC addresses, and the missing link', async () => {
    const zoneId = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
    const nicId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkInterfaces/pe-contosoacr.nic.1`;
    const azure = fakeAzure({
      cluster: byo,
      registries: [registry(BYO_REGISTRY_ID)],
      endpoints: [{
        id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-contosoacr`, name: 'pe-contosoacr', resourceGroup: 'rg-net', location: 'eastus2',
        networkInterfaceIds: [nicId], connections: [{ privateLinkServiceId: BYO_REGISTRY_ID, groupIds: ['registry'], status: 'Approved', manual: false }], customDnsConfigs: [],
      }],
      nics: [{ id: nicId, name: 'pe-contosoacr.nic.1', ipConfigurations: [
        { name: 'ip1', privateIpAddress: '10.10.2.5', requiredMemberName: 'registry', fqdns: [] },
        { name: 'ip2', privateIpAddress: '10.10.2.4', requiredMemberName: 'registry_data_eastus2', fqdns: [] },
      ] }],
      zones: [{ id: zoneId, name: 'privatelink.azurecr.io', subscriptionId: SUB, resourceGroup: 'rg-dns' }],
      records: { [zoneId.toLowerCase()]: [{ id: `${zoneId}/A/contosoacr`, name: 'contosoacr', ipv4Addresses: ['10.10.2.9'] }] },
    });
    const r = report([check('dns.records', 'fail', ['repair-private-dns'], { registryId: BYO_REGISTRY_ID })]);
    const plan = await planOf('repair-private-dns', r, azure);
    expect(shown(plan).azCommands.slice(1)).toEqual([
      `az network private-dns link vnet create -g rg-dns -z privatelink.azurecr.io -n vnet-prod-link -v ${VNET_ID} -e false`,
      'az network private-dns record-set a remove-record -g rg-dns -z privatelink.azurecr.io -n contosoacr -a 10.10.2.9 --keep-empty-record-set',
      'az network private-dns record-set a add-record -g rg-dns -z privatelink.azurecr.io -n contosoacr -a 10.10.2.5',
      'az network private-dns record-set a add-record -g rg-dns -z privatelink.azurecr.io -n contosoacr.eastus2.data -a 10.10.2.4',
    ]);
  });
  it('repair-private-dns plans from the diagnosis facts: endpoint IPs as the diagnosis resolved them, no second read', async () => {
    const zoneId = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
    const nicId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkInterfaces/pe-contosoacr.nic.1`;
    const endpoint = {
      id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-contosoacr`, name: 'pe-contosoacr', resourceGroup: 'rg-net', location: 'eastus2',
      networkInterfaceIds: [nicId], connections: [{ privateLinkServiceId: BYO_REGISTRY_ID, groupIds: ['registry'], status: 'Approved', manual: false }], customDnsConfigs: [],
    };
    const nic = { id: nicId, name: 'pe-contosoacr.nic.1', ipConfigurations: [
      { name: 'ip1', privateIpAddress: '10.10.2.7', requiredMemberName: 'registry', fqdns: [] },
      { name: 'ip2', privateIpAddress: '10.10.2.8', requiredMemberName: 'registry_data_eastus2', fqdns: [] },
    ] };
    // The gateway knows no endpoint: only the facts do, so the records can come from nowhere else.
    const azure = fakeAzure({ cluster: byo, registries: [registry(BYO_REGISTRY_ID)], zones: [{ id: zoneId, name: 'privatelink.azurecr.io', subscriptionId: SUB, resourceGroup: 'rg-dns' }] });
    const facts: DiagnosisFacts = {
      clusterId: CLUSTER_ID,
      registry: { mode: 'byo', expectedId: BYO_REGISTRY_ID, registry: registry(BYO_REGISTRY_ID), candidates: [] },
      registryEndpoints: [{ endpoint, nics: [nic], zoneGroups: [] }],
      zoneLinks: {},
      zoneRecords: {},
    };
    const r = report([check('dns.records', 'fail', ['repair-private-dns'], { registryId: BYO_REGISTRY_ID })]);
    const plan = await getRemediation('repair-private-dns').plan(r, { azure, checks: CHECKS, facts }, {});
    expect(shown(plan).azCommands.slice(-2)).toEqual([
      'az network private-dns record-set a add-record -g rg-dns -z privatelink.azurecr.io -n contosoacr -a 10.10.2.7',
      'az network private-dns record-set a add-record -g rg-dns -z privatelink.azurecr.io -n contosoacr.eastus2.data -a 10.10.2.8',
    ]);
    await expect(getRemediation('repair-private-dns').plan(r, { azure, checks: CHECKS }, {})).rejects.toThrow(/no private endpoint of contosoacr/);
  });
});
