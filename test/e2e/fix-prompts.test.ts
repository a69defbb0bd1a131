import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, TmuxSession } from './tmux.js';

/**
 * `aks-netiso fix` at a real terminal (tmux, NO_COLOR) on the embedded emulator: the y/N
 * question, the typed cluster name of a destructive fix, and Ctrl-C while Azure runs the
 * operation. Every wait is on screen text; keys go one per tmux call.
 */

const SLOW = 60_000;
let dir = '';
let tmux: TmuxSession;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-fix-e2e-'));
  tmux = new TmuxSession('aks-netiso-fix');
});

afterEach(async () => {
  tmux.kill();
  await rm(dir, { recursive: true, force: true });
});

async function auditEvents(file: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function typeSlowly(text: string): void {
  for (const ch of text) tmux.type(ch);
}

describe('fix at a terminal', () => {
  it('asks y/N after the plan; anything but y changes nothing', async () => {
    const audit = join(dir, 'audit.jsonl');
    tmux.start(`node ${BIN} fix reconcile --scenario managed-registry-deleted --audit-log ${audit}`, { width: 100, height: 40 });
    let screen = await tmux.waitFor(/Apply Reconcile the cluster \(az aks update\) to aks-prod\? \[y\/N\]/, SLOW);
    expect(screen).toContain('az aks update -g rg-prod -n aks-prod');
    tmux.send('Enter'); // the default is No
    screen = await tmux.waitFor(/\[exit \d+\]/, SLOW);
    expect(screen).toMatch(/Outcome:\s+refused/);
    expect(screen).toContain('not confirmed');
    expect(screen).toContain('[exit 1]');
    // Declined before the audit log was opened: nothing was planned for writing, nothing sent.
    await expect(readFile(audit, 'utf8')).rejects.toThrow(/ENOENT/);
  }, 90_000);

  it('a plan pre-flight could not fully check says so in the question; a blocked one is refused without asking', async () => {
    const audit = join(dir, 'audit.jsonl');
    tmux.start(`node ${BIN} fix reconcile --scenario preflight-locks-unreadable --audit-log ${audit}`, { width: 100, height: 40 });
    // The question wraps at the terminal's width.
    let screen = await tmux.waitFor(/to aks-prod\? Pre-flight could not check 1 item \(see "Can\s*this run\?"\); confirming accepts that\. \[y\/N\]/, SLOW);
    expect(screen).toContain('Microsoft.Authorization/locks/read');
    tmux.send('Enter');
    screen = await tmux.waitFor(/\[exit \d+\]/, SLOW);
    expect(screen).toContain('not confirmed');

    tmux.kill();
    tmux = new TmuxSession('aks-netiso-fix');
    tmux.start(`node ${BIN} fix reconcile --scenario preflight-cluster-rg-read-only-lock --audit-log ${audit}`, { width: 100, height: 40 });
    screen = await tmux.waitFor(/\[exit \d+\]/, SLOW);
    expect(screen).not.toContain('[y/N]');
    expect(screen).toMatch(/Outcome:\s+refused/);
    expect(screen).toContain('[exit 1]');
    expect((await auditEvents(audit)).map((e) => e['event'])).toEqual(['planned', 'refused']);
  }, 90_000);

  it('a destructive fix needs the typed cluster name: a wrong one is refused and audited', async () => {
    const audit = join(dir, 'audit.jsonl');
    tmux.start(`node ${BIN} fix delete-registry-and-reconcile --scenario managed-cache-rule-deleted --audit-log ${audit}`, { width: 100, height: 40 });
    await tmux.waitFor(/to aks-prod\? \[y\/N\]/, SLOW);
    tmux.send('y', 'Enter');
    await tmux.waitFor(/This is destructive\. Type the cluster name \(aks-prod\) to confirm:/, SLOW);
    typeSlowly('aks-pro');
    tmux.send('Enter');
    const screen = await tmux.waitFor(/\[exit \d+\]/, SLOW);
    expect(screen).toMatch(/Outcome:\s+refused/);
    expect(screen).toContain('[exit 1]');
    const events = await auditEvents(audit);
    expect(events.map((e) => e.event)).toEqual(['planned', 'refused']);
  }, 90_000);

  it.each([
    ['at the y/N question', false],
    ['at the typed cluster name', true],
  ])('Ctrl-C %s cancels: nothing changed, exit 1, no stack trace', async (_label, answerYes) => {
    const audit = join(dir, 'audit.jsonl');
    tmux.start(`node ${BIN} fix delete-registry-and-reconcile --scenario managed-cache-rule-deleted --audit-log ${audit}`, { width: 100, height: 40 });
    await tmux.waitFor(/to aks-prod\? \[y\/N\]/, SLOW);
    if (answerYes) {
      tmux.send('y', 'Enter');
      await tmux.waitFor(/Type the cluster name \(aks-prod\) to confirm:/, SLOW);
    }
    tmux.send('C-c');
    const screen = await tmux.waitFor(/\[exit \d+\]/, SLOW);
    expect(screen).toMatch(/Outcome:\s+refused: nothing was changed/);
    expect(screen).toContain('cancelled at the prompt (Ctrl-C or end of input)');
    expect(screen).not.toContain('internal error');
    expect(screen).toContain('[exit 1]');
    await expect(readFile(audit, 'utf8')).rejects.toThrow(/ENOENT/);
  }, 90_000);

  it('the typed cluster name applies a destructive fix, which is verified', async () => {
    const audit = join(dir, 'audit.jsonl');
    tmux.start(`node ${BIN} fix delete-registry-and-reconcile --scenario managed-cache-rule-deleted --audit-log ${audit}`, { width: 100, height: 40 });
    await tmux.waitFor(/to aks-prod\? \[y\/N\]/, SLOW);
    tmux.send('y', 'Enter');
    await tmux.waitFor(/Type the cluster name \(aks-prod\) to confirm:/, SLOW);
    typeSlowly('aks-prod');
    tmux.send('Enter');
    const screen = await tmux.waitFor(/\[exit \d+\]/, SLOW);
    expect(screen).toMatch(/Outcome:\s+applied/);
    expect(screen).toMatch(/Verification: fixed/);
    expect(screen).toContain('[exit 0]');
    const events = (await auditEvents(audit)).map((e) => e.event);
    expect(events.slice(0, 3)).toEqual(['planned', 'confirmed', 'started']);
    expect(events.at(-1)).toBe('verified');
  }, 90_000);

  it('Ctrl-C while Azure runs the operation: says it continues there, how to follow it, and audits it', async () => {
    const audit = join(dir, 'audit.jsonl');
    // 2 s per request keeps the operation InProgress long enough to interrupt it.
    tmux.start(`node ${BIN} fix reconcile --scenario managed-registry-deleted --emulator-latency 2s --audit-log ${audit}`, { width: 100, height: 40 });
    await tmux.waitFor(/\[y\/N\]/, 90_000);
    tmux.send('y', 'Enter');
    await tmux.waitFor(/PUT managedClusters\.beginCreateOrUpdate: InProgress/, 90_000);
    tmux.send('C-c');
    const screen = await tmux.waitFor(/\[exit \d+\]/, SLOW);
    expect(screen).toContain('Interrupted: the operation continues in Azure; aks-netiso stops following it.');
    expect(screen).toMatch(/Outcome:\s+interrupted/);
    const flat = screen.replace(/\s+/g, ' ');
    expect(flat).toContain('it cannot be cancelled from here');
    expect(flat).toContain('az aks show -g rg-prod -n aks-prod --query provisioningState');
    expect(screen).toContain('[exit 1]');
    const events = await auditEvents(audit);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['confirmed', 'started', 'accepted', 'interrupted']));
    const last = events.at(-1);
    expect(last?.event).toBe('interrupted');
    expect(String(last?.operationUrl)).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
  }, 150_000);
});
