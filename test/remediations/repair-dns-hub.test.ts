import { describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { getRemediation } from '../../src/remediations/index.js';
import { ESTATE_DNS_IDS } from '../../src/emulator/scenarios/estate-dns.js';
import { renderCommand } from '../../src/remediations/command.js';

/**
 * The guided DNS repair where the nodes resolve through a forwarder in the hub: it links the
 * zone to the hub VNet (where the forwarder resolves), not to the cluster's spoke, and plans in
 * the zone the diagnosis found, from the diagnosis's facts.
 */
describe('repair-private-dns with custom DNS in a peered hub', () => {
  it('spoke-only-link-with-hub-dns: links the central zone to the hub VNet', async () => {
    const session = await openEmulatorSession({ scenario: 'spoke-only-link-with-hub-dns' });
    try {
      const report = await session.diagnose();
      const plan = await getRemediation('repair-private-dns').plan(report, { azure: session.azure, checks: session.checks, facts: session.facts }, {});
      const links = plan.azCommands.map(renderCommand).filter((t) => t.includes('private-dns link vnet create'));
      expect(links).toHaveLength(1);
      expect(links[0]).toContain('-g rg-hub');
      expect(links[0]).toContain(`-v ${ESTATE_DNS_IDS.hubVnet}`);
      expect(plan.operations.map((o) => ('resourceId' in o ? o.resourceId : o.kind))).toEqual([`${ESTATE_DNS_IDS.centralZone}/virtualNetworkLinks/vnet-hub-link`]);
    } finally {
      await session.close();
    }
  });
});
