import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, TmuxSession } from './tmux.js';

/**
 * The built CLI in a real terminal (tmux): the on-call walk from the demo's broken cluster to a
 * verified fix. Keys go one per send-keys call; every step waits on what the screen says.
 */
describe('terminal UI end to end (tmux)', { timeout: 180_000 }, () => {
  let tmux: TmuxSession | undefined;
  afterEach(() => tmux?.kill());

  it.each([
    [100, 30],
    [80, 24],
  ])('demo at %ix%i: diagnose → details → fix → typed confirm → verified', async (width, height) => {
    const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-tui-'));
    const audit = join(dir, 'audit.jsonl');
    tmux = new TmuxSession();
    tmux.start(`node ${BIN} demo --audit-log ${audit}`, { width, height, cwd: dir });

    // Root cause first, in plain words, with the guide reference and the fix.
    const run = await tmux.waitFor(/Diagnosis finished/, 90_000);
    expect(run).toMatch(/Root cause: the managed registry's MCR cache rule was deleted/);
    expect(run).toMatch(/guide Issue 3/);
    expect(run).toMatch(/delete the managed registry and reconcile/);
    expect(run).toMatch(/✖ +The registry caches MCR/);

    // Details of the failing check: its evidence.
    for (let i = 0; i < 5; i++) tmux.send('j');
    tmux.send('Enter');
    const details = await tmux.waitFor(/Evidence/);
    expect(details).toMatch(/check registry\.mcr-cache-rule/);
    expect(details).toMatch(/no cache rules/);
    tmux.send('Escape');
    await tmux.waitFor(/Diagnosis finished/);

    // The fix: plan first (operations and az commands), then a typed confirmation.
    tmux.send('f');
    const plan = await tmux.waitFor(/Operations/);
    expect(plan).toMatch(/DELETE registries\/aksbootstrap/);
    expect(plan).toMatch(/destructive/);
    tmux.send('y');
    await tmux.waitFor(/Type the cluster name aks-prod/);
    tmux.type('aks-pro');
    tmux.send('Enter'); // wrong name: refused, nothing applied
    await tmux.waitFor(/"aks-pro" is not the cluster name aks-prod; nothing was changed/);
    tmux.type('aks-prod');
    tmux.send('Enter');

    const result = await tmux.waitFor(/Verification: fixed/, 90_000);
    expect(result).toMatch(/Outcome: applied/);
    expect(result).toMatch(/registry\.mcr-cache-rule\s+✖ fail\s+→ ✔ pass/);
    expect(result).toMatch(/No root cause remains/);

    tmux.send('q');
    await tmux.waitFor(/\[exit 0\]/);

    const events = (await readFile(audit, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    const kinds = events.map((e) => e.event);
    expect(kinds).toContain('started');
    expect(kinds.indexOf('started')).toBeLessThan(kinds.indexOf('succeeded'));
    expect(kinds.at(-1)).toBe('verified');
  });
});
