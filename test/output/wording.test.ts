import { describe, expect, it } from 'vitest';
import { REMEDIATION_IDS, type RemediationId, type Report } from '../../src/engine/types.js';
import { forMode } from '../../src/core/ids.js';
import { CHECKS, rootCauseOf } from '../helpers/registry.js';
import {
  REMEDIATION_DESCRIPTION,
  REMEDIATION_PHRASE,
  REMEDIATION_TITLE,
  causePhrase,
  clusterArgs,
  fixCommands,
  guideReference,
  guideText,
  noRootCauseSentence,
  rootCauseSentence,
  statusSymbol,
} from '../../src/output/wording.js';
import { commandLines, wrap } from '../../src/output/format.js';
import { quoteWord } from '../../src/remediations/command.js';
import { loadReport } from './golden.js';

const CLUSTER = '/subscriptions/6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f/resourceGroups/rg-shop-prod/providers/Microsoft.ContainerService/managedClusters/aks-shop-prod';

describe('wording', () => {
  it.each(REMEDIATION_IDS)('%s has a title, a phrase and a one-line description', (id) => {
    expect(REMEDIATION_TITLE[id].length).toBeGreaterThan(5);
    expect(REMEDIATION_PHRASE[id]).toMatch(/^[a-z]/);
    expect(REMEDIATION_DESCRIPTION[id]).not.toContain('\n');
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))('%s has a cause phrase for every registry mode', (_id, check) => {
    for (const mode of ['managed', 'byo', 'unknown'] as const) expect(forMode(check.causePhrase, mode)).toMatch(/^[a-z]/);
  });

  it('the root cause headline is the phrase the report carries, else the summary', () => {
    const rc = { checkId: 'x.y', guideIssue: null, summary: 'x broke.', remediation: null };
    expect(causePhrase({ ...rc, cause: 'the x is broken' })).toBe('the x is broken');
    expect(causePhrase(rc)).toBe('x broke');
  });

  it.each([
    ['pass', false, '✔'],
    ['fail', false, '✖'],
    ['warn', false, '⚠'],
    ['skip', false, '–'],
    ['error', false, '!'],
    ['pass', true, '+'],
    ['fail', true, 'x'],
    ['error', true, 'E'],
  ] as const)('status %s (ascii %s) is %s', (status, ascii, symbol) => {
    expect(statusSymbol(status, ascii)).toBe(symbol);
  });

  it('refers to the guide the same way everywhere', () => {
    expect(guideReference(3)).toBe('guide Issue 3');
    expect(guideText('Issue 1, Issue 3')).toBe('guide Issue 1, Issue 3');
    expect(guideText('  ')).toBeUndefined();
  });

  it.each([
    [
      'managed-cache-rule-deleted',
      "Root cause: the managed registry's MCR cache rule was deleted or is broken (guide Issue 3). Fix: delete the managed registry and reconcile (`aks-netiso fix delete-registry-and-reconcile -g rg-shop-prod -n aks-shop-prod --subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f`).",
    ],
    [
      'kube-unreachable',
      "Root cause: the managed registry's private endpoint was deleted or is broken (guide Issue 3). Fix: reconcile the cluster (`aks-netiso fix reconcile -g rg-shop-prod -n aks-shop-prod --subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f`).",
    ],
    [
      'byo-uncached-registry',
      'Root cause: pods pull images from registries no cache rule covers (guide Issue 1). Fix: create the missing cache rule (`aks-netiso fix create-cache-rule -g rg-shop-prod -n aks-shop-prod --subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f --source docker.io/library/nginx --target docker/nginx --rule-name docker-nginx`, and 1 more).',
    ],
  ] as const)('rootCauseSentence for %s', (name, sentence) => {
    const report = loadReport(name);
    const rc = report.rootCauses[0];
    expect(rc).toBeDefined();
    if (rc) expect(rootCauseSentence(rc, report)).toBe(sentence);
  });

  it('rootCauseSentence without a remediation says so and without the command when asked', () => {
    const report = loadReport('managed-cache-rule-deleted');
    expect(
      rootCauseSentence(rootCauseOf({ checkId: 'pods.image-pull-failures', guideIssue: 1, summary: '2 pods fail with 403 Forbidden.', remediation: null }, report.registryMode), report),
    ).toBe('Root cause: pods fail to pull images for a reason no other check explains (guide Issue 1). No automatic fix: 2 pods fail with 403 Forbidden.');
    const rc = report.rootCauses[0];
    if (rc) expect(rootCauseSentence(rc, report, { command: false })).not.toContain('aks-netiso fix');
  });

  it.each([
    ['cluster.network-isolated', 'its nodes pull from public registries directly'],
    ['cluster.supported-configuration', 'change the unsupported settings listed below'],
    ['registry.exists', "point the cluster's containerRegistryId at an existing registry"],
  ] as const)('rootCauseSentence without a remediation for %s advises instead of repeating the finding', (checkId, advice) => {
    const report = loadReport('managed-cache-rule-deleted');
    const summary = 'the finding itself, already printed under the sentence';
    const sentence = rootCauseSentence(rootCauseOf({ checkId, guideIssue: null, summary, remediation: null }, report.registryMode), report);
    expect(sentence).toContain(`No automatic fix: ${advice}`);
    expect(sentence).not.toContain(summary);
  });

  it.each([
    [CLUSTER, ['-g rg-shop-prod', '-n aks-shop-prod', '--subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f']],
    ['not an id', ["--cluster-id 'not an id'"]],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r', ['--cluster-id /subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r']],
  ])('clusterArgs(%s)', (id, args) => {
    expect(clusterArgs(id)).toEqual(args);
  });

  it.each<[RemediationId, string[]]>([
    ['reconcile', [`aks-netiso fix reconcile -g rg-shop-prod -n aks-shop-prod --subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f`]],
    [
      'upgrade-node-image',
      [`aks-netiso fix upgrade-node-image -g rg-shop-prod -n aks-shop-prod --subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f --pool system --pool 'user 1'`],
    ],
    [
      'create-cache-rule',
      [`aks-netiso fix create-cache-rule -g rg-shop-prod -n aks-shop-prod --subscription 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f --source 'mcr.microsoft.com/*' --target 'aks-managed-repository/*' --rule-name aks-managed-mcr`],
    ],
  ])('fixCommands(%s) fills the flags from the finding data', (id, commands) => {
    const base = loadReport('healthy');
    const report: Report = {
      ...base,
      checks: base.checks.map((c) =>
        // The facts come from the failing finding that lists the remediation.
        c.id === 'nodes.stale-registry-config'
          ? { ...c, status: 'fail' as const, remediations: ['upgrade-node-image' as const], data: { stalePools: [{ pool: 'system', nodes: ['n1'] }, { pool: 'user 1', nodes: ['n2'] }] } }
          : c.id === 'registry.mcr-cache-rule'
            ? {
                ...c,
                data: {
                  proposedRules: [
                    { name: 'aks-managed-mcr', sourceRepository: 'mcr.microsoft.com/*', targetRepository: 'aks-managed-repository/*', newImage: '', images: [] },
                  ],
                },
              }
            : c,
      ),
    };
    const checkId = id === 'create-cache-rule' ? 'registry.mcr-cache-rule' : undefined;
    expect(fixCommands(id, report, checkId)).toEqual(commands);
  });

  it.each([
    ['healthy', 'No problems found: every check passed.'],
    ['permission-error', 'No root cause could be named: a check could not complete (registry.mcr-cache-rule); see the reason below.'],
  ] as const)('noRootCauseSentence(%s)', (name, sentence) => {
    expect(noRootCauseSentence(loadReport(name))).toBe(sentence);
  });

  it.each([
    [['skip', 'skip'], 'No problems found in what could be checked (2 checks skipped: pods.image-pull-failures, pods.uncached-registries; see below).'],
    [['warn', 'pass'], 'No problems found in what could be checked (one warning; see below).'],
    [['warn', 'skip'], 'No problems found in what could be checked (one warning; one check skipped: pods.uncached-registries; see below).'],
  ] as const)('noRootCauseSentence never says "every check passed" when %j', (statuses, sentence) => {
    const healthy = loadReport('healthy');
    const ids = ['pods.image-pull-failures', 'pods.uncached-registries'];
    const report = { ...healthy, checks: healthy.checks.map((c) => (ids.includes(c.id) ? { ...c, status: statuses[ids.indexOf(c.id)] ?? c.status } : c)) };
    expect(noRootCauseSentence(report)).toBe(sentence);
  });
});

describe('format helpers', () => {
  it.each([
    ['nginx', 'nginx'],
    ['docker.io/library/nginx', 'docker.io/library/nginx'],
    ['mcr.microsoft.com/*', "'mcr.microsoft.com/*'"],
    // shell-quote's own form for a word with a quote in it (the hand-written quoter wrote 'it'\''s').
    ["it's", `"it's"`],
    ['', "''"],
    ['a b', "'a b'"],
    ['$(rm -rf /)', "'$(rm -rf /)'"],
  ])('quoteWord(%j) = %s', (arg, quoted) => {
    expect(quoteWord(arg)).toBe(quoted);
  });

  it.each([
    ['short words wrap at the width', 'one two three four five', 10, ['one two', 'three four', 'five']],
    // Ids, image names and permissions must stay copyable: never cut, the terminal soft-wraps them.
    ['a word longer than the width stays whole on its own line', 'see /subscriptions/0000/resourceGroups/rg now', 10, ['see', '/subscriptions/0000/resourceGroups/rg', 'now']],
    ['newlines start new lines', 'a\nb', 10, ['a', 'b']],
    ['no-break spaces hold words together', 'abcd Issue\u00a03', 10, ['abcd', 'Issue\u00a03']],
  ])('wrap: %s', (_why, text, width, lines) => {
    expect(wrap(text, width)).toEqual(lines);
  });

  it('commandLines keeps flag groups whole and continues with a backslash', () => {
    expect(commandLines(['aks-netiso fix', 'reconcile', '-g rg', '-n name', '--subscription 0000'], 30, '', '  ')).toEqual([
      'aks-netiso fix reconcile \\',
      '  -g rg -n name \\',
      '  --subscription 0000',
    ]);
  });
});
