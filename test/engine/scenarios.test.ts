import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS, exitCodeOf, openEmulatorSession } from '../helpers/registry.js';
import { SCENARIOS } from '../../src/emulator/scenarios/index.js';
import type { EngineEvent } from '../../src/engine/types.js';

/**
 * Every scenario of the library, diagnosed through the real SDK clients against the emulator
 * over loopback HTTPS: the intended root causes and remediations, no false positives on the
 * healthy ones, and nothing fetched twice.
 */
describe.each(SCENARIOS.map((s) => [s.name, s] as const))('scenario %s', (_name, scenario) => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());

  it('diagnoses the intended root causes', async () => {
    const session = await openEmulatorSession({ scenario: scenario.name });
    close = () => session.close();
    const events: EngineEvent['type'][] = [];
    const report = await session.diagnose((e) => events.push(e.type));
    const got = report.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation }));
    expect(got, JSON.stringify(report.checks.map((c) => [c.id, c.status, c.summary]), null, 1)).toEqual(
      scenario.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation })),
    );
    expect(report.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(report.checks.filter((c) => c.status === 'error')).toEqual([]);
    expect(exitCodeOf(report)).toBe(scenario.rootCauses.length > 0 ? 1 : 0);
    expect(session.azure.stats().duplicateFetches).toBe(0);
    expect(report.stats.armRequests).toBeGreaterThan(0);
    expect(events[0]).toBe('run-started');
    expect(events.at(-1)).toBe('run-finished');
    expect(events.filter((e) => e === 'check-finished')).toHaveLength(CHECKS.length);
    for (const rc of report.rootCauses) expect(rc.summary.length).toBeGreaterThan(10);
  });
});

describe('who the Kubernetes reads authenticate as', () => {
  it.each([
    // The kubeconfig AKS returns holds a static token for a local-accounts cluster...
    ['healthy-managed', 'clusterUser'],
    // ...and the kubelogin exec form on an Entra ID cluster (local accounts disabled): the
    // gateway signs in for the AKS server application instead, without kubelogin.
    ['entra-id-stale-nodes', 'demo@emulator.local'],
  ])('%s: %s', async (scenarioName, user) => {
    const session = await openEmulatorSession({ scenario: scenarioName });
    try {
      const report = await session.diagnose();
      expect(report.checks.find((c) => c.id === 'nodes.stale-registry-config')?.status).not.toBe('skip');
      const kube = session.emulator?.requests.filter((r) => r.api === 'kube') ?? [];
      expect(kube.length).toBeGreaterThan(0);
      expect(new Set(kube.map((r) => `${r.user ?? 'none'} ${r.status}`))).toEqual(new Set([`${user} 200`]));
    } finally {
      await session.close();
    }
  });
});

describe('the real-estate scenarios (issue 15): first root cause, remediation and the finding that says why', () => {
  it.each([
    { scenario: 'hub-custom-dns-healthy', first: null, codes: { 'dns.vnet-link': 'dns.vnet-link/linked-resolver', 'dns.records': 'dns.records/match' } },
    { scenario: 'spoke-only-link-with-hub-dns', first: { checkId: 'dns.vnet-link', remediation: 'repair-private-dns' }, codes: { 'dns.vnet-link': 'dns.vnet-link/resolver-not-linked' } },
    { scenario: 'hub-forwarder-resolves-publicly', first: { checkId: 'dns.records', remediation: null }, codes: { 'dns.vnet-link': 'dns.vnet-link/linked-resolver', 'dns.records': 'dns.records/resolved-elsewhere' } },
    { scenario: 'custom-dns-server-unknown', first: null, codes: { 'dns.vnet-link': 'dns.vnet-link/dns-server-unknown' } },
    { scenario: 'domain-label-healthy', first: null, codes: { 'dns.records': 'dns.records/match' } },
    { scenario: 'geo-replica-healthy', first: null, codes: { 'dns.records': 'dns.records/match' } },
    { scenario: 'geo-replica-record-missing', first: { checkId: 'dns.records', remediation: 'repair-private-dns' }, codes: { 'dns.records': 'dns.records/mismatch' } },
    { scenario: 'endpoint-in-peered-vnet-healthy', first: null, codes: { 'registry.private-endpoint': 'registry.private-endpoint/connected', 'dns.records': 'dns.records/match' } },
    { scenario: 'many-clusters-healthy', first: null, codes: { 'dns.zone': 'dns.zone/exists', 'dns.vnet-link': 'dns.vnet-link/linked' } },
    { scenario: 'many-clusters-zone-deleted', first: { checkId: 'dns.zone', remediation: 'reconcile' }, codes: { 'dns.zone': 'dns.zone/deleted' } },
  ])('$scenario', async ({ scenario, first, codes }) => {
    const session = await openEmulatorSession({ scenario });
    try {
      const report = await session.diagnose();
      const rc = report.rootCauses[0];
      expect(rc ? { checkId: rc.checkId, remediation: rc.remediation } : null).toEqual(first);
      for (const [checkId, code] of Object.entries(codes)) expect(report.checks.find((c) => c.id === checkId)?.code, checkId).toBe(code);
      // Healthy layouts raise nothing: at most the warning that names what ARM cannot show.
      if (!first) expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
