import { describe, expect, it } from 'vitest';
import { openFleet } from '../../src/app/fleet.js';
import { fleetChecks } from '../../src/fleet/scan.js';
import { findScenario, SCENARIOS } from '../../src/emulator/scenarios/index.js';
import { fleetMembers } from '../../src/emulator/scenarios/fleet.js';
import { CHECKS } from '../helpers/registry.js';

/*
 * The scan judges each cluster by the same checks as `diagnose`, on facts from Resource Graph
 * instead of ARM GETs: for every scenario of the library (each broken kind), the scan's line and
 * a single diagnosis of the same cluster on the same emulator agree on every check the scan runs
 * and on the root causes those checks name.
 */
const SCANNED = new Set(fleetChecks(CHECKS).map((c) => c.id));

/**
 * Checks whose verdict in a scenario rests on the nodes' pull events, which a scan (Azure only,
 * no Kubernetes) cannot read: there the scan sees the Azure side healthy and the diagnosis fails
 * the check. Asserted both ways below, so the list cannot hide a real disagreement.
 */
const FROM_NODE_EVIDENCE: Readonly<Record<string, string>> = {
  // Records right, but the nodes dialled a public IP: only their events show the forwarder resolved publicly.
  'hub-forwarder-resolves-publicly': 'dns.records',
};

describe('scan vs diagnose, per scenario', { timeout: 60_000 }, () => {
  it.each(SCENARIOS.map((s) => s.name))('%s', async (scenario) => {
    const fleet = await openFleet({ scenario, subscriptions: [], managementGroups: [] }, { checks: CHECKS });
    try {
      const scan = await fleet.scan();
      // The scenario's own cluster; many-clusters-* hold 60 neighbours, each a cluster of the scan too.
      const own = findScenario(scenario)?.build().cluster.toLowerCase();
      expect(scan.clusters.length).toBeGreaterThanOrEqual(1);
      const line = scan.clusters.find((c) => c.cluster.toLowerCase() === own)!;
      expect(line).toBeDefined();
      const session = await fleet.openCluster(line.cluster);
      const report = await session.diagnose();
      await session.close();

      const fromNodes = FROM_NODE_EVIDENCE[scenario];
      const judged = report.checks.filter((c) => SCANNED.has(c.id) && c.id !== fromNodes).map((c) => ({ id: c.id, status: c.status }));
      expect(line.checks.filter((c) => c.id !== fromNodes)).toEqual(judged);
      if (fromNodes) {
        expect(line.checks.find((c) => c.id === fromNodes)?.status).toBe('pass');
        expect(report.checks.find((c) => c.id === fromNodes)?.status).toBe('fail');
      }
      const expected = report.networkIsolated === false
        ? []
        : report.rootCauses.filter((rc) => SCANNED.has(rc.checkId) && rc.checkId !== fromNodes).map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation, summary: rc.summary }));
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

/*
 * A generated fleet (fleet:60: 60 clusters over 2 subscriptions, every broken kind three times):
 * each broken kind's first member is named by the scan with the root causes a single diagnosis
 * of that cluster gives, and which the generator documents; within the query and request budgets.
 */
describe('scan of fleet:60 vs diagnose of each kind', { timeout: 120_000 }, () => {
  it('names every broken cluster with its single diagnosis\'s root causes', async () => {
    const fleet = await openFleet({ scenario: 'fleet:60', subscriptions: [], managementGroups: [] }, { checks: CHECKS });
    try {
      const scan = await fleet.scan();
      const members = fleetMembers(60);
      expect(scan.clusters).toHaveLength(60);
      expect(scan.scope.subscriptions).toHaveLength(2);
      const byId = new Map(scan.clusters.map((c) => [c.cluster.toLowerCase(), c]));
      for (const m of members) {
        const line = byId.get(m.clusterId.toLowerCase());
        expect(line, m.name).toBeDefined();
        expect(line?.status, `${m.name} (${m.kind})`).toBe(!m.networkIsolated ? 'not-isolated' : m.rootCauses.length > 0 ? 'problem' : 'healthy');
        if (m.networkIsolated) expect(line?.rootCauses.map((r) => ({ checkId: r.checkId, remediation: r.remediation })), `${m.name} (${m.kind})`).toEqual(m.rootCauses);
      }
      const firstOfKind = [...new Map(members.filter((m) => m.networkIsolated && m.rootCauses.length > 0).map((m) => [m.kind, m] as const)).values()].reverse();
      expect(firstOfKind.length).toBeGreaterThanOrEqual(11);
      for (const m of firstOfKind) {
        const session = await fleet.openCluster(m.clusterId);
        const report = await session.diagnose();
        await session.close();
        const line = byId.get(m.clusterId.toLowerCase());
        expect(line?.rootCauses, m.kind).toEqual(report.rootCauses.filter((rc) => SCANNED.has(rc.checkId)).map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation, summary: rc.summary })));
        expect(line?.checks, m.kind).toEqual(report.checks.filter((c) => SCANNED.has(c.id)).map((c) => ({ id: c.id, status: c.status })));
      }
      // The budgets: a handful of Resource Graph queries, at most 2 ARM requests per registry.
      const registries = members.length; // one registry per generated cluster
      expect(scan.stats.resourceGraphQueries).toBeLessThanOrEqual(20);
      expect(scan.stats.armRequests).toBeLessThanOrEqual(2 * registries);
      expect(scan.stats.armRequests).toBeGreaterThan(0);
    } finally {
      await fleet.close();
    }
  });
});
