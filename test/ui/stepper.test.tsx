import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import React from 'react';
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { playbookDriver } from '../../src/app/playbook-driver.js';
import { PlaybookRun } from '../../src/playbooks/runner.js';
import { loadShippedPlaybooks } from '../../src/playbooks/load.js';
import type { Playbook } from '../../src/playbooks/schema.js';
import { ConfirmBridge, Stepper } from '../../src/ui/playbook/Stepper.js';

/**
 * The stepper's keyboard handling on the emulator: keys that arrive faster than ink renders
 * (typed quickly, pasted, or sent in one tmux call) must each act on the state the previous key
 * left, or the typed cluster name loses characters and a destructive fix cannot be confirmed.
 */

let dir = '';
let playbooks: Playbook[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-stepper-ui-'));
  playbooks = await loadShippedPlaybooks();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => cleanup());

const flat = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ');

async function atDestructiveConfirm(auditLog: string) {
  const session = await openEmulatorSession({ scenario: 'managed-cache-rule-deleted' });
  const pb = playbooks.find((p) => p.id === 'image-pull-triage');
  if (!pb) throw new Error('image-pull-triage is not shipped');
  const bridge = new ConfirmBridge();
  const run = new PlaybookRun(pb, playbookDriver(session, { auditLogPath: auditLog, confirm: (plan) => bridge.ask(plan) }));
  const exits: number[] = [];
  const r = render(<Stepper run={run} bridge={bridge} saveTranscript={() => Promise.resolve(join(dir, 't.md'))} onExit={(c) => exits.push(c)} />);
  const see = (text: string) => vi.waitFor(() => expect(flat(r.lastFrame())).toContain(text), { timeout: 15_000 });
  await see('Tell the customer what is wrong');
  r.stdin.write('\r');
  await see('Offer the fix: delete-registry-and-reconcile');
  r.stdin.write('\r');
  await see('Type the cluster name (aks-prod) to confirm:');
  return { r, see, session, exits };
}

async function atQuestion() {
  const session = await openEmulatorSession({ scenario: 'kube-unreachable' });
  const pb = playbooks.find((p) => p.id === 'registry-changed-stale-nodes');
  if (!pb) throw new Error('registry-changed-stale-nodes is not shipped');
  const bridge = new ConfirmBridge();
  const run = new PlaybookRun(pb, playbookDriver(session, { auditLogPath: join(dir, 'q.jsonl'), confirm: (plan) => bridge.ask(plan) }));
  const r = render(<Stepper run={run} bridge={bridge} saveTranscript={() => Promise.resolve(join(dir, 'q.md'))} onExit={() => undefined} />);
  const see = (text: string) => vi.waitFor(() => expect(flat(r.lastFrame())).toContain(text), { timeout: 15_000 });
  await see('question: The pod events are not visible from here');
  return { r, see, session, run };
}

describe('playbook stepper keys', () => {
  it.each([
    ['one key per write, faster than ink renders', (w: (s: string) => void) => [...'aks-prod'].forEach(w)],
    ['the whole name in one chunk (a paste)', (w: (s: string) => void) => w('aks-prod')],
    ['a typo fixed with backspace', (w: (s: string) => void) => [...'aks-prodd', '\x7f'].forEach(w)],
  ])('confirms a destructive fix when the name is typed as %s', async (_label, typeName) => {
    const auditLog = join(dir, `audit-${Math.random().toString(36).slice(2, 8)}.jsonl`);
    const { r, see, session } = await atDestructiveConfirm(auditLog);
    try {
      typeName((s) => r.stdin.write(s));
      await see('to confirm: aks-prod ');
      expect(flat(r.lastFrame())).not.toContain('aks-prodd');
      r.stdin.write('\r');
      await see('Outcome: resolved');
      const audit = await readFile(auditLog, 'utf8');
      expect(audit).toContain('delete-registry-and-reconcile');
    } finally {
      await session.close();
    }
  }, 60_000);

  it('cancels, changing nothing, when a wrong name is confirmed with Enter in the same chunk', async () => {
    const auditLog = join(dir, 'wrong.jsonl');
    const { r, see, session } = await atDestructiveConfirm(auditLog);
    try {
      r.stdin.write('aks-pro\r');
      await see('declined');
      await expect(readFile(auditLog, 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      await session.close();
    }
  }, 60_000);

  it('Ctrl-C at the typed-name confirmation cancels it, changes nothing and quits with 1', async () => {
    const auditLog = join(dir, 'ctrl-c.jsonl');
    const { r, session, exits } = await atDestructiveConfirm(auditLog);
    try {
      r.stdin.write('aks');
      r.stdin.write('\x03');
      await vi.waitFor(() => expect(exits).toEqual([1]), { timeout: 15_000 });
      await expect(readFile(auditLog, 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      await session.close();
    }
  }, 60_000);

  it('after a verified fix, b does not go back past it and says why', async () => {
    const auditLog = join(dir, 'no-back.jsonl');
    const { r, see, session } = await atDestructiveConfirm(auditLog);
    try {
      r.stdin.write('aks-prod');
      await see('to confirm: aks-prod ');
      r.stdin.write('\r');
      await see('Outcome: resolved');
      await see('q quit');
      expect(flat(r.lastFrame())).not.toContain('b back');
      r.stdin.write('b');
      await see('cannot go back: a fix was applied');
      // Still the end of the walk; f and Enter do not re-run anything.
      r.stdin.write('f');
      r.stdin.write('\r');
      expect(flat(r.lastFrame())).toContain('Outcome: resolved');
      expect(flat(r.lastFrame())).not.toContain('Offer the fix: delete-registry-and-reconcile');
    } finally {
      await session.close();
    }
  }, 60_000);

  it('the footer of a question says that a number answers at once, and it does', async () => {
    const { r, see, session, run } = await atQuestion();
    try {
      const footer = (r.lastFrame() ?? '').split('\n').find((l) => l.includes('Enter answer')) ?? '';
      expect(footer).toContain('1-9 answer at once');
      expect(footer).not.toContain('1-9 choose');
      expect(footer.length).toBeLessThanOrEqual(80);
      r.stdin.write('2');
      await see('escalate: escalate');
      expect(run.transcript.find((t) => t.stepId === 'ask-customer')?.result).toMatch(/^No:/);
    } finally {
      await session.close();
    }
  }, 60_000);
});
