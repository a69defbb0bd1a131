import { describe, expect, it } from 'vitest';
import { chooseRootCauses } from '../../src/engine/root-causes.js';
import type { CheckId, CheckResult, CheckStatus, RegistryMode, RemediationId } from '../../src/engine/types.js';
import { CHECKS, CHECK_IDS } from '../helpers/registry.js';

type Row = Partial<Record<CheckId, CheckStatus | [CheckStatus, RemediationId]>>;

/** A full run where every check passes except what the row says (dependants of a failure skip). */
function results(row: Row): CheckResult[] {
  return CHECK_IDS.map((id) => {
    const v = row[id] ?? 'pass';
    const [status, remediation] = Array.isArray(v) ? v : [v, undefined];
    return {
      id,
      title: id,
      status,
      summary: `${id} is ${status}`,
      evidence: [],
      remediations: remediation ? [remediation] : [],
      durationMs: 1,
    };
  });
}

const cases: { name: string; mode: RegistryMode; row: Row; expected: [CheckId, RemediationId | null, number | null][] }[] = [
  { name: 'healthy', mode: 'managed', row: {}, expected: [] },
  { name: 'healthy with a legacy cache rule warn', mode: 'managed', row: { 'registry.mcr-cache-rule': 'warn' }, expected: [] },
  {
    name: 'managed registry deleted: one root cause, pulls explained',
    mode: 'managed',
    row: {
      'registry.exists': ['fail', 'reconcile'],
      'registry.configuration': 'skip', 'registry.mcr-cache-rule': 'skip', 'registry.private-endpoint': 'skip',
      'dns.zone': 'skip', 'dns.vnet-link': 'skip', 'dns.records': 'skip',
      'pods.image-pull-failures': 'fail', 'pods.uncached-registries': 'skip', 'nodes.stale-registry-config': 'skip',
    },
    expected: [['registry.exists', 'reconcile', 3]],
  },
  {
    name: 'missing MCR cache rule explains MCR timeouts; nodes not blamed',
    mode: 'managed',
    row: {
      'registry.mcr-cache-rule': ['fail', 'delete-registry-and-reconcile'],
      'pods.image-pull-failures': 'fail',
      'nodes.stale-registry-config': ['fail', 'upgrade-node-image'],
    },
    expected: [['registry.mcr-cache-rule', 'delete-registry-and-reconcile', 3]],
  },
  {
    name: 'stale nodes with a healthy chain',
    mode: 'byo',
    row: { 'pods.image-pull-failures': 'fail', 'nodes.stale-registry-config': ['fail', 'upgrade-node-image'] },
    expected: [['nodes.stale-registry-config', 'upgrade-node-image', 2]],
  },
  {
    name: 'stale nodes not blamed when a chain check errored',
    mode: 'byo',
    row: { 'registry.mcr-cache-rule': 'error', 'pods.image-pull-failures': 'fail', 'nodes.stale-registry-config': ['fail', 'upgrade-node-image'] },
    expected: [],
  },
  {
    name: 'BYO endpoint pending: guided',
    mode: 'byo',
    row: { 'registry.private-endpoint': ['fail', 'recreate-private-endpoint'], 'dns.records': 'skip', 'pods.image-pull-failures': 'fail' },
    expected: [['registry.private-endpoint', 'recreate-private-endpoint', 1]],
  },
  {
    name: 'managed endpoint and zone both gone: two reconcile causes, upstream first',
    mode: 'managed',
    row: {
      'registry.private-endpoint': ['fail', 'reconcile'], 'dns.zone': ['fail', 'reconcile'],
      'dns.vnet-link': 'skip', 'dns.records': 'skip', 'pods.image-pull-failures': 'fail',
    },
    expected: [['registry.private-endpoint', 'reconcile', 3], ['dns.zone', 'reconcile', 3]],
  },
  {
    name: 'uncached docker.io image is its own root cause',
    mode: 'byo',
    row: { 'pods.image-pull-failures': 'fail', 'pods.uncached-registries': ['fail', 'create-cache-rule'] },
    expected: [['pods.uncached-registries', 'create-cache-rule', 1]],
  },
  {
    name: 'not network isolated is the only root cause',
    mode: 'unknown',
    row: {
      'cluster.network-isolated': 'fail', 'cluster.supported-configuration': 'skip', 'registry.exists': 'skip',
      'registry.configuration': 'skip', 'registry.mcr-cache-rule': 'skip', 'registry.private-endpoint': 'skip',
      'dns.zone': 'skip', 'dns.vnet-link': 'skip', 'dns.records': 'skip', 'pods.image-pull-failures': 'skip',
      'pods.uncached-registries': 'skip', 'nodes.stale-registry-config': 'skip',
    },
    expected: [['cluster.network-isolated', null, null]],
  },
  {
    name: 'unsupported configuration, no remediation',
    mode: 'managed',
    row: { 'cluster.supported-configuration': 'fail' },
    expected: [['cluster.supported-configuration', null, null]],
  },
  {
    name: 'anonymous pull off without AcrPull',
    mode: 'managed',
    row: { 'registry.configuration': ['fail', 'grant-acr-pull'], 'pods.image-pull-failures': 'fail' },
    expected: [['registry.configuration', 'grant-acr-pull', 1]],
  },
  {
    name: 'unexplained pull failures are reported without a fix',
    mode: 'byo',
    row: { 'pods.image-pull-failures': 'fail' },
    expected: [['pods.image-pull-failures', null, 1]],
  },
  {
    name: 'kube unreachable, cache rule deleted: Azure side still finds it',
    mode: 'managed',
    row: {
      'registry.mcr-cache-rule': ['fail', 'delete-registry-and-reconcile'],
      'pods.image-pull-failures': 'skip', 'pods.uncached-registries': 'skip', 'nodes.stale-registry-config': 'skip',
    },
    expected: [['registry.mcr-cache-rule', 'delete-registry-and-reconcile', 3]],
  },
];

describe('chooseRootCauses', () => {
  it.each(cases)('$name', ({ mode, row, expected }) => {
    const got = chooseRootCauses(results(row), mode, CHECKS).map((rc) => [rc.checkId, rc.remediation, rc.guideIssue]);
    expect(got).toEqual(expected);
  });

  it('carries the finding summary into the root cause', () => {
    const rs = results({ 'registry.exists': ['fail', 'reconcile'] });
    const target = rs.find((r) => r.id === 'registry.exists');
    if (target) target.summary = 'the AKS-managed registry aksbootstrap1a2b3c4d was deleted';
    expect(chooseRootCauses(rs, 'managed', CHECKS)[0]?.summary).toBe('the AKS-managed registry aksbootstrap1a2b3c4d was deleted');
  });
});
