import { afterAll, describe, expect, it } from 'vitest';
import { bundleProblems } from '../../src/bundle/validate.js';
import { tryParseResourceId } from '../../src/azure/resource-id.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import { buildFleet, CLUSTERS_PER_SUBSCRIPTION, FLEET_CYCLE, fleetMembers } from '../../src/emulator/scenarios/fleet.js';
import { CHECK_IDS, openEmulatorSession } from '../helpers/registry.js';
import { createAzureGateway } from '../../src/azure/gateway.js';
import { startEmulator } from '../../src/emulator/server.js';
import { FLEET_QUERIES, toInventory } from '../../src/fleet/queries.js';
import { ScopedTestCredential } from '../azure/helpers.js';

describe('fleet:N scenario generator', () => {
  it('through Resource Graph (real gateway, emulator over loopback HTTPS): the inventory fleetMembers describes, in few queries', async () => {
    const emu = await startEmulator({ bundle: buildFleet(120) });
    const g = createAzureGateway({ credential: new ScopedTestCredential(), armEndpoint: emu.url, caPem: emu.caPem });
    try {
      const [rows, records, assignments] = await Promise.all(FLEET_QUERIES.map((q) => g.resourceGraph.query<Record<string, unknown>>(q.kql, {}, q.name)));
      const inv = toInventory(rows ?? [], records ?? [], assignments ?? []);
      const members = fleetMembers(120);
      expect(inv.clusters.map((c) => c.id).sort()).toEqual(members.map((m) => m.clusterId).sort());
      const isolated = new Set(inv.clusters.filter((c) => c.properties.bootstrapProfile?.artifactSource === 'Cache').map((c) => c.name));
      expect(members.filter((m) => m.networkIsolated).every((m) => isolated.has(m.name))).toBe(true);
      expect(members.filter((m) => !m.networkIsolated).some((m) => isolated.has(m.name))).toBe(false);
      const withRegistry = members.filter((m) => m.networkIsolated && m.kind !== 'managed-registry-deleted');
      expect(inv.registries).toHaveLength(withRegistry.length);
      // Every registry has its AcrPull, but for the AcrPull-missing members.
      expect(inv.roleAssignments).toHaveLength(withRegistry.filter((m) => m.kind !== 'anonymous-pull-off-no-acrpull').length);
      // 120 clusters: one page per query at $top 1000.
      expect(g.resourceGraph.stats()).toMatchObject({ queries: 3, throttled: 0 });
    } finally {
      g.close();
      await emu.close();
    }
  });

  it('N clusters over ceil(N/50) subscriptions, deterministic, a valid bundle', () => {
    const b = buildFleet(120);
    expect(bundleProblems(b)).toEqual([]);
    const clusters = b.arm.filter((r) => r.type.toLowerCase() === 'microsoft.containerservice/managedclusters');
    expect(clusters).toHaveLength(120);
    expect(new Set(clusters.map((c) => tryParseResourceId(c.id)?.subscriptionId)).size).toBe(Math.ceil(120 / CLUSTERS_PER_SUBSCRIPTION));
    // Every resource id unique across the fleet (names were swapped, nothing shared by accident).
    const ids = b.arm.map((r) => r.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(buildFleet(120))).toBe(JSON.stringify(b));
    expect(b.cluster).toBe(fleetMembers(1)[0]?.clusterId);
    expect(findScenario('fleet:120')?.build().arm.length).toBe(b.arm.length);
    expect(findScenario('fleet:0')).toBeUndefined();
    expect(findScenario('fleet:x')).toBeUndefined();
  });

  it('the emulator serves a fleet bundle that names no cluster (a scan bundle): ARM and Resource Graph answer as usual', async () => {
    const b: Partial<ReturnType<typeof buildFleet>> = buildFleet(20);
    delete b.cluster;
    const emu = await startEmulator({ bundle: b as ReturnType<typeof buildFleet> });
    const g = createAzureGateway({ credential: new ScopedTestCredential(), armEndpoint: emu.url, caPem: emu.caPem, retry: { maxRetries: 0 } });
    try {
      const m = fleetMembers(20)[3];
      expect(await g.cluster(m?.clusterId ?? '')).toMatchObject({ name: 'aks-fleet-0003' });
      expect(await g.registry(`/subscriptions/${m?.subscriptionId ?? ''}/resourceGroups/nope/providers/Microsoft.ContainerRegistry/registries/x`)).toBeUndefined();
      expect(await g.resourceGraph.query('resources | where type =~ "microsoft.containerservice/managedclusters" | project id')).toHaveLength(20);
    } finally {
      g.close();
      await emu.close();
    }
  });

  it('documents its members: kinds in a 20-slot cycle, expectations from the library, valid check ids', () => {
    const members = fleetMembers(40);
    expect(members.map((m) => m.kind)).toEqual([...FLEET_CYCLE, ...FLEET_CYCLE]);
    for (const m of members) for (const rc of m.rootCauses) expect(CHECK_IDS).toContain(rc.checkId);
    expect(members.filter((m) => !m.networkIsolated)).toHaveLength(2);
    expect(members.filter((m) => m.rootCauses.length > 0 && m.networkIsolated)).toHaveLength(22);
  });

  it('builds 1,000 clusters quickly into a compact state', () => {
    const b = buildFleet(1000);
    expect(b.arm.length).toBeLessThan(16 * 1000);
    expect(JSON.stringify(b.arm).length).toBeLessThan(25 * 1024 * 1024);
  });
});

/**
 * Each slot of the cycle, diagnosed alone through the real SDK clients against the fleet's
 * emulator: the root causes its library scenario names (the Azure-side checks; the fleet's API
 * server is unreachable, so the Kubernetes checks skip).
 */
describe('every member of fleet:20 diagnoses as its library scenario does', () => {
  const members = fleetMembers(20);
  const fleet = buildFleet(20);
  const sessions: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });

  it.each(members.map((m) => [m.index, m.kind, m] as const))('member %i (%s)', async (_i, _kind, m) => {
    const session = await openEmulatorSession({ bundle: { ...fleet, cluster: m.clusterId } });
    sessions.push(session);
    const report = await session.diagnose();
    const got = report.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation }));
    expect(got, JSON.stringify(report.checks.map((c) => [c.id, c.status, c.summary]), null, 1)).toEqual(m.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation })));
    expect(report.checks.filter((c) => c.status === 'error').map((c) => [c.id, c.summary])).toEqual([]);
  });
});
