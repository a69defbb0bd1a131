import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FindingOf } from '../../src/core/check.js';
import { defineCheck, type AnyCheck } from '../../src/engine/check.js';
import { ENGINE_MESSAGES } from '../../src/engine/findings.js';
import { diagnoseWithFacts } from '../../src/engine/run.js';
import { expectedRecords } from '../../src/domain/dns.js';
import { CHECKS, diagnose, openEmulatorSession } from '../helpers/registry.js';

/*
 * The engine with checks handed in: the real clients against the emulator for the reads, and
 * synthetic checks (ids like `a.one`) where a test needs a check that behaves a certain way.
 */

const messages = { 'a.one/ok': (p: { cluster: string }) => `read ${p.cluster}` };

/** A check that reads the cluster, then waits `ms` (forever when undefined) before judging. */
function slowCheck(id: string, dependsOn: string[], ms?: number): AnyCheck {
  return defineCheck({
    id,
    title: id,
    dependsOn,
    causePhrase: { any: `${id} failed` },
    messages,
    async gather(ctx): Promise<string> {
      const c = await ctx.cluster();
      await new Promise((resolve) => (ms === undefined ? undefined : setTimeout(resolve, ms)));
      return c?.name ?? '?';
    },
    judge: (cluster: string): FindingOf<typeof messages> => ({ status: 'pass', code: 'a.one/ok', params: { cluster }, evidence: [], remediations: [] }),
  });
}

describe('the diagnosis deadline (signal)', () => {
  it('ends every check not finished with the abort reason, keeps what finished, and still reports', async () => {
    const s = await openEmulatorSession({ scenario: 'healthy-managed' });
    try {
      // a.one finishes at once; b.hangs and d.never never would; c.after waits on b.hangs.
      const checks = [slowCheck('a.one', [], 0), slowCheck('b.hangs', ['a.one']), slowCheck('c.after', ['b.hangs']), slowCheck('d.never', [])];
      const controller = new AbortController();
      const run = diagnose({ clusterId: s.clusterId, azure: s.azure, kube: s.kube, checks, signal: controller.signal });
      setTimeout(() => controller.abort(new Error('the diagnosis took longer than --timeout 1s')), 300);
      const report = await run;
      expect(report.checks.map((c) => [c.id, c.status, c.code])).toEqual([
        ['a.one', 'pass', 'a.one/ok'],
        ['b.hangs', 'error', 'engine/aborted'],
        ['c.after', 'error', 'engine/aborted'],
        ['d.never', 'error', 'engine/aborted'],
      ]);
      expect(report.checks[1]?.summary).toBe('the diagnosis took longer than --timeout 1s');
      expect(report.checks[1]?.params).toEqual({ reason: 'the diagnosis took longer than --timeout 1s' });
      expect(report.cluster).toBe(s.clusterId);
      expect(report.stats.armRequests).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  it('AbortSignal.timeout on the real checks: a hung read ends its checks, the rest pass', async () => {
    const s = await openEmulatorSession({ scenario: 'healthy-managed' });
    try {
      s.emulator.addFault({ path: '/virtualNetworkLinks', kind: 'hang' });
      const report = await diagnose({ clusterId: s.clusterId, azure: s.azure, kube: s.kube, signal: AbortSignal.timeout(1500) });
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      for (const id of ['dns.vnet-link', 'dns.records']) expect(byId.get(id)).toMatchObject({ status: 'error', code: 'engine/aborted', summary: expect.stringMatching(/abort|timeout/i) as unknown });
      expect(byId.get('registry.mcr-cache-rule')?.status).toBe('pass');
      expect(report.rootCauses).toEqual([]);
    } finally {
      s.emulator.clearFaults();
      await s.close();
    }
  });

  it('an already aborted signal runs no check', async () => {
    const s = await openEmulatorSession({ scenario: 'healthy-managed' });
    try {
      const report = await diagnose({ clusterId: s.clusterId, azure: s.azure, kube: s.kube, signal: AbortSignal.abort(new Error('cancelled')) });
      expect(new Set(report.checks.map((c) => `${c.status} ${c.code} ${c.summary}`))).toEqual(new Set(['error engine/aborted cancelled']));
      expect(report.checks).toHaveLength(CHECKS.length);
    } finally {
      await s.close();
    }
  });
});

describe('engine findings', () => {
  it('a code the check has no message for is the check\'s bug: an internal error, not a crash', async () => {
    const s = await openEmulatorSession({ scenario: 'healthy-managed' });
    try {
      const broken = defineCheck({
        id: 'a.broken',
        title: 'broken',
        dependsOn: [],
        causePhrase: { any: 'x' },
        messages,
        gather: () => Promise.resolve('x'),
        judge: () => ({ status: 'pass', code: 'a.one/unknown' as 'a.one/ok', params: { cluster: 'x' }, evidence: [], remediations: [] }),
      });
      const report = await diagnose({ clusterId: s.clusterId, azure: s.azure, kube: s.kube, checks: [broken] });
      expect(report.checks[0]).toMatchObject({ status: 'error', code: 'engine/internal-error', summary: 'internal error in the check: no message for finding code a.one/unknown' });
    } finally {
      await s.close();
    }
  });

  it('formats.md lists every engine code', () => {
    const formats = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ENGINE_MESSAGES)) expect(formats).toContain(`\`${code}\``);
  });
});

describe('diagnoseWithFacts', () => {
  it('hands over what the checks resolved, without reading anything again', async () => {
    const s = await openEmulatorSession({ scenario: 'byo-dns-record-missing' });
    try {
      const { report, facts } = await diagnoseWithFacts({ clusterId: s.clusterId, azure: s.azure, kube: s.kube, checks: CHECKS });
      expect(s.azure.stats().duplicateFetches).toBe(0);
      expect(facts.cluster?.id.toLowerCase()).toBe(report.cluster.toLowerCase());
      expect(facts.registry?.registry?.id).toBe(report.registry?.id);
      expect(facts.registry?.mode).toBe('byo');
      expect(facts.network?.vnets.length).toBeGreaterThan(0);
      const endpoint = facts.registryEndpoints?.[0];
      expect(endpoint?.nics.length).toBeGreaterThan(0);
      // The expected records come from the snapshot's NICs, through the one derivation.
      const records = expectedRecords(endpoint?.nics ?? [], facts.registry?.registry?.name ?? '');
      expect(records.map((r) => r.member)).toContain('registry');
      const zoneId = facts.dnsZones?.[0]?.zone.id ?? '';
      expect(facts.zoneLinks[zoneId]?.length).toBeGreaterThan(0);
      expect(facts.zoneRecords[zoneId]).toBeDefined();
      expect(facts.cacheRules?.length).toBeGreaterThan(0);
      expect(facts.pods?.ok).toBe(true);
      const dns = report.checks.find((c) => c.id === 'dns.records');
      expect(dns?.status).toBe('fail');
      expect(dns?.code).toBe('dns.records/mismatch');
    } finally {
      await s.close();
    }
  });

  it('leaves out what the run never needed', async () => {
    const s = await openEmulatorSession({ scenario: 'not-network-isolated', noKube: true });
    try {
      const { facts } = await diagnoseWithFacts({ clusterId: s.clusterId, azure: s.azure, kube: s.kube, checks: CHECKS, concurrency: 1 });
      expect(facts.cluster).toBeDefined();
      expect(facts.registryEndpoints).toBeUndefined();
      expect(facts.zoneLinks).toEqual({});
    } finally {
      await s.close();
    }
  });
});
