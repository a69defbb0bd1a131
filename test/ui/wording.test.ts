import { describe, expect, it } from 'vitest';
import type { Report, RootCause } from '../../src/engine/types.js';
import { shortResource, table, truncate, wrap } from '../../src/ui/components/text.js';
import { formatElapsed, groupOf, rootCauseSentence } from '../../src/ui/wording.js';
import { CACHE_RULE_DELETED_REPORT, HEALTHY_REPORT, REGISTRY_ID } from './fixtures.js';
import { checkById, rootCauseOf } from '../helpers/registry.js';

describe('rootCauseSentence', () => {
  it.each<{ report: Report; rc: RootCause; out: string }>([
    {
      report: CACHE_RULE_DELETED_REPORT,
      rc: { checkId: 'registry.mcr-cache-rule', guideIssue: 3, summary: "the managed registry's MCR cache rule was deleted", remediation: 'delete-registry-and-reconcile' },
      out: "Root cause: the managed registry's MCR cache rule was deleted or is broken (guide Issue 3). Fix: delete the managed registry and reconcile.",
    },
    {
      report: { ...HEALTHY_REPORT, registryMode: 'byo' },
      rc: { checkId: 'nodes.stale-registry-config', guideIssue: 2, summary: 'pool user1 (5 nodes) still pulls through acrold.azurecr.io', remediation: 'upgrade-node-image' },
      out: 'Root cause: nodes still pull through an old registry configuration (guide Issue 2). Fix: upgrade the node image of the affected pools.',
    },
    {
      report: HEALTHY_REPORT,
      rc: { checkId: 'pods.image-pull-failures', guideIssue: null, summary: '1 pod fails to pull docker.io/library/nginx:1.27.', remediation: null },
      out: 'Root cause: pods fail to pull images for a reason no other check explains. No automatic fix: 1 pod fails to pull docker.io/library/nginx:1.27.',
    },
  ])('$out', ({ report, rc, out }) => {
    // The screen leaves out the command line the written report adds: `f` is the way to fix here.
    expect(rootCauseSentence(rootCauseOf(rc, report.registryMode), report)).toBe(out);
  });
});

describe('groupOf', () => {
  it.each([
    ['cluster.readable', 'cluster'],
    ['registry.mcr-cache-rule', 'registry'],
    ['registry.private-endpoint', 'endpoint'],
    ['dns.records', 'DNS'],
    ['pods.uncached-registries', 'pods'],
    ['nodes.stale-registry-config', 'nodes'],
  ] as const)('%s → %s', (id, group) => {
    // The group the check declares, else its id's prefix.
    expect(groupOf(checkById(id))).toBe(group);
  });
});

describe('formatElapsed', () => {
  it.each([
    [12, '12 ms'],
    [999, '999 ms'],
    [1500, '2s'],
    [61_000, '1m 01s'],
    [754_000, '12m 34s'],
  ])('%d → %s', (ms, out) => {
    expect(formatElapsed(ms)).toBe(out);
  });
});

describe('text layout', () => {
  it('truncates with an ellipsis', () => {
    expect(truncate('aksbootstrap7f3e2a', 8)).toBe('aksboot…');
    expect(truncate('short', 8)).toBe('short');
  });

  it('wraps at spaces, cuts tokens longer than a line, keeps leading indentation', () => {
    expect(wrap('Fix: delete the managed registry and reconcile', 20)).toEqual(['Fix: delete the', 'managed registry and', 'reconcile']);
    expect(wrap('  message dial tcp 204.79.197.219:443: i/o timeout', 24, '    ')).toEqual(['  message dial tcp', '    204.79.197.219:443:', '    i/o timeout']);
    const long = wrap('image mcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11', 40, '  ');
    expect(long[0]).toBe('image mcr.microsoft.com/oss/kubernetes/a');
    expect(long.every((l) => l.length <= 40)).toBe(true);
    expect(long.join('').replace(/\s/gu, '')).toBe('imagemcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11');
  });

  it('shortens ARM ids to their readable tail', () => {
    expect(shortResource(`${REGISTRY_ID}/cacheRules/aks-managed-mcr`)).toBe('registries/aksbootstrap7f3e2a/cacheRules/aks-managed-mcr');
    expect(shortResource('not-an-id')).toBe('not-an-id');
    expect(shortResource(undefined)).toBe('');
  });

  it('lays out fixed columns with the last one taking the rest', () => {
    expect(table([['POD', 'KIND', 'HOST'], ['shop/web-7d9c6b5f4-qwz8r', 'timeout', 'mcr.microsoft.com']], [12, 8, 0], 34)).toEqual([
      'POD          KIND     HOST',
      'shop/web-7d… timeout  mcr.microso…',
    ]);
  });
});
