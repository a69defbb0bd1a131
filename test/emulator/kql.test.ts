import { describe, expect, it } from 'vitest';
import { KqlError, parseQuery, run, toKustoString, type Row } from '../../src/emulator/resource-graph/kql.js';
import { rowOf, tableOf } from '../../src/emulator/resource-graph/tables.js';

const COLUMNS = ['id', 'name', 'type', 'resourceGroup', 'properties'];
const ROWS: Row[] = [
  { id: '/s/1/Microsoft.ContainerRegistry/registries/Alpha', name: 'Alpha', type: 'microsoft.containerregistry/registries', resourceGroup: 'rg-a', properties: { publicNetworkAccess: 'Disabled', nested: { list: [{ v: 'x' }] } } },
  { id: '/s/1/Microsoft.Network/privateEndpoints/pe-1', name: 'pe-1', type: 'microsoft.network/privateendpoints', resourceGroup: 'rg-b', properties: { privateLinkServiceConnections: [{ properties: { privateLinkServiceId: '/S/1/Microsoft.ContainerRegistry/registries/Alpha' } }] } },
  { id: '/s/1/Microsoft.Network/networkInterfaces/nic-1', name: 'nic-1', type: 'microsoft.network/networkinterfaces', resourceGroup: 'rg-b', properties: {} },
  { id: '/s/2/Microsoft.Network/virtualNetworks/vnet', name: 'vnet', type: 'microsoft.network/virtualnetworks', resourceGroup: 'RG-C', properties: { dhcpOptions: { dnsServers: ['10.0.0.4'] } } },
];

function names(kql: string): unknown[] {
  return run(parseQuery(kql), COLUMNS, ROWS).rows.map((r) => r['name']);
}

describe('the emulated Resource Graph\'s KQL', () => {
  it.each([
    ["resources | where type =~ 'Microsoft.Network/PrivateEndpoints'", ['pe-1']],
    ["resources | where type == 'Microsoft.Network/PrivateEndpoints'", []],
    ["resources | where type == 'microsoft.network/privateendpoints'", ['pe-1']],
    ["resources | where type !~ 'MICROSOFT.NETWORK/PRIVATEENDPOINTS' and resourceGroup == 'rg-b'", ['nic-1']],
    ["resources | where type in~ ('Microsoft.Network/NetworkInterfaces', 'microsoft.network/virtualnetworks')", ['nic-1', 'vnet']],
    ["resources | where type in ('Microsoft.Network/NetworkInterfaces')", []],
    ["resources | where type !in~ ('microsoft.network/networkinterfaces', 'microsoft.network/virtualnetworks')", ['Alpha', 'pe-1']],
    ["resources | where name =~ 'alpha' or resourceGroup =~ 'rg-c'", ['Alpha', 'vnet']],
    ["resources | where tostring(properties.privateLinkServiceConnections) contains '/microsoft.containerregistry/'", ['pe-1']],
    ["resources | where tostring(properties.privateLinkServiceConnections) contains_cs '/microsoft.containerregistry/'", []],
    ["resources | where tostring(properties.publicNetworkAccess) !contains 'disabled'", ['pe-1', 'nic-1', 'vnet']],
    ["resources | where isnotempty(properties.dhcpOptions.dnsServers[0])", ['vnet']],
    ["resources | where isempty(tostring(properties.publicNetworkAccess))", ['pe-1', 'nic-1', 'vnet']],
    ["resources | where properties.nested.list[0].v == 'x'", ['Alpha']],
    ["resources | where properties['publicNetworkAccess'] =~ 'DISABLED'", ['Alpha']],
    ["resources | where name startswith 'PE' or name endswith 'NET'", ['pe-1', 'vnet']],
    ["resources | where not(type contains 'network')", ['Alpha']],
    ['resources | order by name', ['vnet', 'pe-1', 'nic-1', 'Alpha']],
    ['resources | sort by resourceGroup asc, name desc | take 2', ['vnet', 'Alpha']],
    ['resources | where type =~ "microsoft.network/virtualnetworks" | limit 5', ['vnet']],
  ])('%s', (kql, expected) => {
    expect(names(kql)).toEqual(expected);
  });

  it('project renames and names unnamed paths as Kusto does; extend keeps the columns', () => {
    const out = run(parseQuery("resources | where name == 'vnet' | project id, n = name, properties.dhcpOptions, dns = tostring(properties.dhcpOptions.dnsServers)"), COLUMNS, ROWS);
    expect(out.columns).toEqual(['id', 'n', 'properties_dhcpOptions', 'dns']);
    expect(out.rows[0]).toEqual({ id: ROWS[3]?.['id'], n: 'vnet', properties_dhcpOptions: { dnsServers: ['10.0.0.4'] }, dns: '["10.0.0.4"]' });
    const extended = run(parseQuery("resources | extend rg = tolower(resourceGroup) | where rg == 'rg-c' | project name, rg"), COLUMNS, ROWS);
    expect(extended.rows).toEqual([{ name: 'vnet', rg: 'rg-c' }]);
  });

  it('tostring() is Kusto\'s: "" for null, JSON for dynamic values', () => {
    expect([toKustoString(null), toKustoString(undefined), toKustoString('a'), toKustoString(3), toKustoString(true), toKustoString({ a: [1] })]).toEqual(['', '', 'a', '3', 'true', '{"a":[1]}']);
  });

  it.each([
    ['resources | summarize count() by type', 'UnsupportedOperator', 'summarize'],
    ['resources | mv-expand properties.x', 'UnsupportedOperator', 'mv-expand'],
    ['resources | join kind=inner (dnsresources) on id', 'UnsupportedOperator', 'join'],
    ["resources | where name has 'x'", 'UnsupportedOperator', 'has'],
    ['resources | where strlen(name) > 3', 'UnknownFunction', 'strlen'],
    ["resources | where nme == 'x'", 'UnknownName', 'nme'],
    ['resources | project name | where id == "x"', 'UnknownName', 'id'],
    ["resources | wher name == 'x'", 'UnsupportedOperator', 'wher'],
    ["resources | where name == 'x", 'ParserFailure', undefined],
    ['resources | where', 'ParserFailure', '<EOF>'],
    ['resources | project', 'ParserFailure', '<EOF>'],
  ])('%s is refused (%s)', (kql, code, token) => {
    let error: unknown;
    try {
      run(parseQuery(kql), COLUMNS, ROWS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KqlError);
    expect((error as KqlError).code).toBe(code);
    if (token !== undefined) expect((error as KqlError).token).toBe(token);
  });

  it('names are checked even on an empty table', () => {
    expect(() => run(parseQuery('resources | project nope'), COLUMNS, [])).toThrow(KqlError);
  });

  it('tables: tracked resources and the indexed children in resources, record sets in dnsresources, role assignments in authorizationresources, the rest in none', () => {
    expect(tableOf('Microsoft.ContainerService/ManagedClusters')).toBe('resources');
    expect(tableOf('Microsoft.ContainerRegistry/registries/replications')).toBe('resources');
    expect(tableOf('Microsoft.Network/privateDnsZones/virtualNetworkLinks')).toBe('resources');
    expect(tableOf('Microsoft.Network/privateDnsZones/A')).toBe('dnsresources');
    expect(tableOf('Microsoft.Network/privateDnsZones/SOA')).toBe('dnsresources');
    expect(tableOf('Microsoft.Authorization/roleAssignments')).toBe('authorizationresources');
    for (const t of ['Microsoft.ContainerRegistry/registries/cacheRules', 'Microsoft.ContainerRegistry/registries/credentialSets', 'Microsoft.Authorization/locks',
      'Microsoft.ContainerService/managedClusters/agentPools', 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines']) {
      expect(tableOf(t), t).toBeUndefined();
    }
    const row = rowOf({ id: '/subscriptions/S1/resourceGroups/MC_RG_Aks_EastUS2/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io', name: 'privatelink.azurecr.io', type: 'Microsoft.Network/privateDnsZones', location: 'Global' });
    expect(row).toMatchObject({ type: 'microsoft.network/privatednszones', resourceGroup: 'mc_rg_aks_eastus2', subscriptionId: 'S1', location: 'global', properties: {}, sku: null });
    expect(row?.['id']).toBe('/subscriptions/S1/resourceGroups/MC_RG_Aks_EastUS2/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io');
  });
});
