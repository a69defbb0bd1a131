import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, TmuxSession } from './tmux.js';

/**
 * The playbook stepper in a real terminal (tmux, 100x30, NO_COLOR), on the embedded emulator.
 * Keys go one per tmux call; every wait is on screen text, never on a fixed sleep.
 */

const ROOT = join(import.meta.dirname, '../..');
// The first screen waits for node, tsx and a full diagnosis: slow on a loaded 2-core machine.
const SLOW = 60_000;

let dir = '';
let tmux: TmuxSession;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aks-netiso-stepper-'));
  tmux = new TmuxSession('aks-netiso-stepper');
});

afterEach(async () => {
  tmux.kill();
  await rm(dir, { recursive: true, force: true });
});

function typeSlowly(text: string): void {
  for (const ch of text) tmux.type(ch);
}

describe('playbook run in a terminal', () => {
  it('walks image-pull-triage on a deleted cache rule to a verified fix, with transcript and audit log', async () => {
    const audit = join(dir, 'audit.jsonl');
    const transcript = join(dir, 't.md');
    tmux.start(`node ${BIN} playbook run image-pull-triage --scenario managed-cache-rule-deleted --audit-log ${audit} --transcript ${transcript}`, { width: 100, height: 30, cwd: ROOT });

    // The automatic checks ran; the root cause is explained in plain words.
    let screen = await tmux.waitFor(/tell the customer: Tell the customer what is wrong/, SLOW);
    expect(screen).toContain('Image pull failures in a network isolated cluster');
    // "So far" lists the last six steps: the chain failed, then the DNS path, registry access and credential sets were looked at.
    expect(screen).toContain('· Is the configuration supported? → pass → registry-mode');
    expect(screen).toContain('· Which registry do the nodes pull through? → The AKS-managed (bootstrap) registry');
    expect(screen).toMatch(/· The AKS-managed registry, its MCR cache rule, private endpoint and DNS → fail → dns-path/);
    expect(screen).toContain('· Is name resolution part of the failure? → pass → registry-access');
    expect(screen).toContain('· Can the cache rules sign in to their upstream registries? → pass → explain-root-cause');
    expect(screen).toMatch(/Root cause: no cache rule maps mcr\.microsoft\.com\/\* in registry aksbootstrap/);
    expect(screen).toContain('Enter next · q quit');
    expect(screen).not.toContain('<unknown:');

    tmux.send('Enter');
    screen = await tmux.waitFor(/Offer the fix: delete-registry-and-reconcile/, SLOW);
    expect(screen).toContain('✔ Tell the customer what is wrong → done');
    expect(screen).toContain('f or Enter: preview the fix · s skip · b back · q quit');

    // The plan, then the typed-name confirmation of a destructive fix.
    tmux.send('Enter');
    screen = await tmux.waitFor(/Type the cluster name \(aks-prod\) to confirm:/, SLOW);
    expect(screen).toMatch(/Delete the AKS-managed bootstrap registry, then reconcile — destructive/);
    expect(screen).toMatch(/\$ az acr delete -g MC_rg-prod_aks-prod_eastus2 -n aksbootstrap\w+ --yes/);
    expect(screen).toContain('type the cluster name, Enter confirm · Esc cancel');
    expect(screen).not.toContain('planning the fix');

    typeSlowly('aks-prod');
    await tmux.waitFor(/to confirm: aks-prod/);
    tmux.send('Enter');

    screen = await tmux.waitFor(/Transcript saved: /, SLOW);
    expect(screen).toContain('Outcome: resolved');
    expect(screen).toContain('The fix was applied and verified by diagnosing again.');
    expect(screen).toMatch(/✔ Offer the fix → delete-registry-and-reconcile: applied, fixed/);
    expect(screen).toContain(`Transcript saved: ${transcript}`);

    tmux.send('q');
    await tmux.waitFor(/\[exit 0\]/);

    const md = await readFile(transcript, 'utf8');
    expect(md).toContain('# Playbook session: Image pull failures in a network isolated cluster');
    expect(md).toContain('### 1. Can the cluster be read? (check, automatic)');
    expect(md).toContain('### 9. Tell the customer what is wrong (inform)');
    expect(md).toContain('### 10. Offer the fix (remediate)');
    expect(md).toContain('## Outcome: resolved');
    expect(md).toMatch(/\| delete-registry-and-reconcile \| applied \| fixed \| applied and verified/);
    expect(md).toContain('- Operator: demo@emulator.local');

    const events = (await readFile(audit, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; remediation?: string; verification?: string });
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe('planned');
    expect(kinds).toContain('started');
    expect(kinds.filter((k) => k === 'succeeded')).toHaveLength(2);
    expect(kinds.at(-1)).toBe('verified');
    expect(events.at(-1)?.verification).toBe('fixed');
    for (const e of events) expect(e.remediation).toBe('delete-registry-and-reconcile');
  }, 180_000);

  it('asks the customer question by keys when the nodes cannot be read, and b goes back', async () => {
    const transcript = join(dir, 't.md');
    tmux.start(`node ${BIN} playbook run registry-changed-stale-nodes --scenario kube-unreachable --audit-log ${join(dir, 'audit.jsonl')} --transcript ${transcript}`, { width: 100, height: 30, cwd: ROOT });

    let screen = await tmux.waitFor(/question: The pod events are not visible from here/, SLOW);
    expect(screen).toMatch(/kubectl get events -A --field-selector reason=Failed/);
    expect(screen).toMatch(/› 1\. Yes: another \*\.azurecr\.io registry or mcr\.microsoft\.com/);
    expect(screen).toMatch(/ {2}2\. No: they name \w+\.azurecr\.io, or something else/);
    expect(screen).toContain('3. There are no failed pulls');
    expect(screen).toContain('j/k choose · Enter answer · 1-9 answer at once · q quit');

    // Move down to "No" and answer: the escalation summary.
    tmux.send('j');
    await tmux.waitFor(/› 2\. No:/);
    tmux.send('Enter');
    screen = await tmux.waitFor(/escalate: escalate/, SLOW);
    expect(screen).toContain('Pull failures after a registry change that the node configuration does not explain.');
    expect(screen).toMatch(/✔ The pod events are not visible from here → No: they name/);

    // b: back to the question, the answer undone.
    tmux.send('b');
    screen = await tmux.waitFor(/question: The pod events are not visible from here/);
    expect(screen).not.toContain('✔ The pod events are not visible from here');

    // Answer "Yes" by its number: the customer gets the exact upgrade command.
    tmux.send('1');
    screen = await tmux.waitFor(/commands for the customer:/, SLOW);
    expect(screen).toMatch(/\$ az aks upgrade -g rg-prod -n aks-prod --node-image-only/);
    tmux.send('Enter');
    screen = await tmux.waitFor(/Transcript saved: /, SLOW);
    expect(screen).toContain('Outcome: customer-action');

    tmux.send('q');
    await tmux.waitFor(/\[exit 1\]/);
    const md = await readFile(transcript, 'utf8');
    expect(md).toMatch(/\*\*Result:\*\* Yes: another \*\.azurecr\.io registry or mcr\.microsoft\.com/);
    expect(md).not.toContain('Result:** No:');
    expect(md).toContain('az aks upgrade -g rg-prod -n aks-prod --node-image-only');
    expect(md).toContain('## Outcome: customer-action');
  }, 180_000);

  it('refuses a transcript path in a missing folder before the stepper opens (exit 2)', async () => {
    tmux.start(`node ${BIN} playbook run image-pull-triage --scenario managed-cache-rule-deleted --audit-log ${join(dir, 'audit.jsonl')} --transcript /nonexistent/t.md`, { width: 100, height: 30, cwd: ROOT });
    const screen = await tmux.waitFor(/\[exit 2\]/, SLOW);
    expect(screen).toContain('aks-netiso: cannot write /nonexistent/t.md: its folder does not exist; choose another path');
    expect(screen).not.toContain('Image pull failures in a network isolated cluster');
  }, 180_000);

  it('Ctrl-C at the typed-name confirmation cancels it and quits with 1', async () => {
    const audit = join(dir, 'audit.jsonl');
    tmux.start(`node ${BIN} playbook run image-pull-triage --scenario managed-cache-rule-deleted --audit-log ${audit} --transcript ${join(dir, 't.md')}`, { width: 100, height: 30, cwd: ROOT });
    await tmux.waitFor(/tell the customer: Tell the customer what is wrong/, SLOW);
    tmux.send('Enter');
    await tmux.waitFor(/Offer the fix: delete-registry-and-reconcile/, SLOW);
    tmux.send('Enter');
    await tmux.waitFor(/Type the cluster name \(aks-prod\) to confirm:/, SLOW);
    tmux.send('C-c');
    await tmux.waitFor(/\[exit 1\]/, SLOW);
    await expect(readFile(audit, 'utf8')).rejects.toThrow(/ENOENT/);
  }, 180_000);
});
