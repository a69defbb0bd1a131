import { describe, expect, it } from 'vitest';
import { openFleet } from '../../src/app/fleet.js';
import { fleetChecks } from '../../src/fleet/scan.js';
import { SCENARIOS } from '../../src/emulator/scenarios/index.js';
import { CHECKS } from '../helpers/registry.js';

/*
 * The scan judges each cluster by the same checks as `diagnose`, on facts from Resource Graph
 * instead of ARM GETs: for every scenario of the library (each broken kind), the scan's line and
 * a single diagnosis of the same cluster on the same emulator agree on every check the scan runs
 * and on the root causes those checks name.
 */
const SCANNED = new Set(fleetChecks(CHECKS).map((c) => c.id));

describe('scan vs diagnose, per scenario', { timeout: 60_000 }, () => {
  it.each(SCENARIOS.map((s) => s.name))('%s', async (scenario) => {
    const fleet = await openFleet({ scenario, subscriptions: [], managementGroups: [] }, { checks: CHECKS });
    try {
      const scan = await fleet.scan();
      expect(scan.clusters).toHaveLength(1);
      const line = scan.clusters[0]!;
      const session = await fleet.openCluster(line.cluster);
      const report = await session.diagnose();
      await session.close();

      expect(line.checks).toEqual(report.checks.filter((c) => SCANNED.has(c.id)).map((c) => ({ id: c.id, status: c.status })));
      const expected = report.networkIsolated === false
        ? []
        : report.rootCauses.filter((rc) => SCANNED.has(rc.checkId)).map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation, summary: rc.summary }));
      expect(line.rootCauses).toEqual(expected);
      expect(line.networkIsolated).toBe(report.networkIsolated);
      expect(line.registryMode).toBe(report.registryMode);
      // What Resource Graph lacks is all ARM is asked for.
      expect(scan.stats.resourceGraphQueries).toBeGreaterThanOrEqual(2);
    } finally {
      await fleet.close();
    }
  });
});
