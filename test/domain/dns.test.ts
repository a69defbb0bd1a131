import { describe, expect, it } from 'vitest';
import type { NetworkInterface } from '../../src/azure/types.js';
import { expectedRecords } from '../../src/domain/dns.js';
import { NIC_ID, nic } from '../checks/fixtures.js';

/*
 * The A records a registry's private endpoint needs, from its NICs as ARM returns them
 * (`ipConfigurations[].properties.privateLinkConnectionProperties.requiredMemberName`): the one
 * derivation the dns.records check, the guided DNS repair and the emulator share.
 */

/** A NIC of a geo-replicated registry: one data endpoint per region. */
const replicated: NetworkInterface = {
  id: `${NIC_ID}-geo`,
  name: 'pe-contosoacr.nic.geo',
  ipConfigurations: [
    { name: 'privateEndpointIpConfig.contosoacr', privateIpAddress: '10.1.0.4', requiredMemberName: 'registry', groupId: 'registry', fqdns: ['contosoacr.azurecr.io'] },
    { name: 'privateEndpointIpConfig.contosoacr.eastus', privateIpAddress: '10.1.0.5', requiredMemberName: 'registry_data_eastus', groupId: 'registry', fqdns: ['contosoacr.eastus.data.azurecr.io'] },
    { name: 'privateEndpointIpConfig.contosoacr.westeurope', privateIpAddress: '10.1.0.6', requiredMemberName: 'registry_data_westeurope', groupId: 'registry', fqdns: ['contosoacr.westeurope.data.azurecr.io'] },
  ],
};

describe('expectedRecords', () => {
  it.each<{ name: string; nics: NetworkInterface[]; registry: string; expected: { name: string; ip: string; member: string }[] }>([
    {
      name: 'login server and the region data endpoint',
      nics: [nic()],
      registry: 'contosoacr',
      expected: [
        { name: 'contosoacr', ip: '10.225.0.5', member: 'registry' },
        { name: 'contosoacr.eastus.data', ip: '10.225.0.6', member: 'registry_data_eastus' },
      ],
    },
    {
      name: 'a geo-replicated registry: one data record per region',
      nics: [replicated],
      registry: 'contosoacr',
      expected: [
        { name: 'contosoacr', ip: '10.1.0.4', member: 'registry' },
        { name: 'contosoacr.eastus.data', ip: '10.1.0.5', member: 'registry_data_eastus' },
        { name: 'contosoacr.westeurope.data', ip: '10.1.0.6', member: 'registry_data_westeurope' },
      ],
    },
    {
      name: 'names are lower case whatever case the registry or member is in',
      nics: [{ ...nic(), ipConfigurations: nic().ipConfigurations.map((c) => ({ ...c, requiredMemberName: c.requiredMemberName?.toUpperCase() })) }],
      registry: 'ContosoACR',
      expected: [
        { name: 'contosoacr', ip: '10.225.0.5', member: 'registry' },
        { name: 'contosoacr.eastus.data', ip: '10.225.0.6', member: 'registry_data_eastus' },
      ],
    },
    {
      name: 'configurations without an IP or a member are not records',
      nics: [{ ...nic(), ipConfigurations: [{ ...nic().ipConfigurations[0]!, privateIpAddress: undefined }, { ...nic().ipConfigurations[1]!, requiredMemberName: undefined }] }],
      registry: 'contosoacr',
      expected: [],
    },
    { name: 'no NIC: nothing to resolve to', nics: [], registry: 'contosoacr', expected: [] },
  ])('$name', ({ nics, registry, expected }) => {
    expect(expectedRecords(nics, registry).map(({ name, ip, member }) => ({ name, ip, member }))).toEqual(expected);
  });

  it('names the NIC each record comes from', () => {
    expect(new Set(expectedRecords([nic(), replicated], 'contosoacr').map((r) => r.nicId))).toEqual(new Set([NIC_ID, `${NIC_ID}-geo`]));
  });
});
