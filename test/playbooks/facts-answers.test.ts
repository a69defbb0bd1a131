import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../src/playbooks/load.js';
import { PlaybookRun } from '../../src/playbooks/runner.js';
import type { Report } from '../../src/engine/types.js';
import { CHECK_IDS, openEmulatorSession } from '../helpers/registry.js';

/*
 * `ask` steps the diagnosis answers by itself. Whether Kubernetes could be read comes from the
 * findings' typed `kubeUnavailable` facet, never from the words of a summary.
 */

const PLAYBOOK = `id: t
title: T
description: d
start: ask
steps:
  - id: ask
    kind: ask
    question: Can the API server be reached?
    fact: kubeReachable
    choices:
      - { value: 'yes', label: reachable, next: reachable }
      - { value: 'no', label: out of reach, next: unreachable }
  - id: reachable
    kind: end
    outcome: no-problem
    text: reachable
  - id: unreachable
    kind: end
    outcome: escalated
    text: unreachable
`;

async function answer(report: Report): Promise<string> {
  const { playbook } = parsePlaybook(PLAYBOOK, 't.yaml', { checkIds: CHECK_IDS });
  if (!playbook) throw new Error('the test playbook is invalid');
  const run = new PlaybookRun(playbook, { diagnose: () => Promise.resolve(report), remediate: () => Promise.resolve('declined' as const) });
  const view = await run.start();
  return view.kind === 'end' ? view.step.id : view.kind;
}

async function diagnosed(scenario: string, noKube = false): Promise<Report> {
  const s = await openEmulatorSession({ scenario, noKube });
  try {
    return await s.diagnose();
  } finally {
    await s.close();
  }
}

describe('kubeReachable', () => {
  it.each([
    ['healthy-managed', false, 'reachable'],
    ['kube-unreachable', false, 'unreachable'],
    ['healthy-managed', true, 'unreachable'],
  ] as const)('%s (--no-kube %s) → %s', async (scenario, noKube, expected) => {
    expect(await answer(await diagnosed(scenario, noKube))).toBe(expected);
  });

  it('a refused identity is reachable (the API server answered); the words of the summary do not matter', async () => {
    const report = await diagnosed('healthy-managed');
    const refused: Report = {
      ...report,
      checks: report.checks.map((c) =>
        c.id.startsWith('pods.') ? { ...c, status: 'error', summary: 'unreachable kubeconfig no-kube not configured', data: { kubeUnavailable: 'forbidden' } } : c,
      ),
    };
    expect(await answer(refused)).toBe('reachable');
    const unreachable: Report = { ...report, checks: report.checks.map((c) => (c.id.startsWith('pods.') ? { ...c, status: 'skip', data: { kubeUnavailable: 'timeout' } } : c)) };
    expect(await answer(unreachable)).toBe('unreachable');
  });
});
