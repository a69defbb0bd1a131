import { describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { neighbourLayout } from '../../src/emulator/fixtures/neighbours.js';
import { NEIGHBOURS } from '../../src/emulator/scenarios/estate.js';

/**
 * The ARM requests of one diagnosis do not grow with the subscription: with 60 other isolated
 * clusters (each with its own privatelink.azurecr.io zone, registry and endpoint) the diagnosis
 * reads none of theirs. Request counts are deterministic; round trips and times are the bench's
 * (`npm run bench`), timing-dependent, so not asserted here.
 */
describe('request budget in a subscription shared with other isolated clusters', () => {
  const neighbourGroups = Array.from({ length: NEIGHBOURS }, (_, i) => neighbourLayout(i).registryRg.toLowerCase());

  it.each([
    ['healthy-managed', 15],
    ['many-clusters-healthy', 15],
    ['many-clusters-zone-deleted', 15],
  ] as const)('%s: at most %i ARM requests, none about a neighbour', async (scenario, budget) => {
    const session = await openEmulatorSession({ scenario });
    try {
      const from = session.emulator.requests.length;
      const report = await session.diagnose();
      const arm = session.emulator.requests.slice(from).filter((r) => r.api === 'arm');
      expect(report.stats.armRequests).toBeLessThanOrEqual(budget);
      expect(arm.length).toBe(report.stats.armRequests);
      const touched = arm.map((r) => decodeURIComponent(r.path).toLowerCase()).filter((p) => neighbourGroups.some((g) => p.includes(`/resourcegroups/${g}/`)));
      expect(touched).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('the neighbours do not change what one diagnosis reads', async () => {
    const paths = async (scenario: string): Promise<string[]> => {
      const session = await openEmulatorSession({ scenario });
      try {
        const from = session.emulator.requests.length;
        await session.diagnose();
        return session.emulator.requests.slice(from).filter((r) => r.api === 'arm').map((r) => r.path.split('?')[0] ?? '').sort();
      } finally {
        await session.close();
      }
    };
    expect(await paths('many-clusters-healthy')).toEqual(await paths('healthy-managed'));
  });
});
