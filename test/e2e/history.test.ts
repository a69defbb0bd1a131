import { afterEach, describe, expect, it } from 'vitest';
import { BIN, TmuxSession } from './tmux.js';

/**
 * Who changed it, in the built CLI's terminal UI (tmux): the root-cause panel names the caller,
 * the time (measured in the replayed bundle's days, so the same on any day) and the correlation.
 */
describe('root-cause history in the terminal UI (tmux)', { timeout: 120_000 }, () => {
  let tmux: TmuxSession | undefined;
  afterEach(() => tmux?.kill());

  /** The root-cause panel: the lines between its borders, without them. */
  function panel(screen: string): string[] {
    const lines = screen.split('\n');
    const top = lines.findIndex((l) => l.startsWith('╭'));
    const bottom = lines.findIndex((l, i) => i > top && l.startsWith('╰'));
    return lines.slice(top + 1, bottom).map((l) => l.replace(/^│ ?|\s*│$/g, '').trim());
  }

  it.each([
    ['history-registry-deleted-by-person', /^Root cause: the AKS-managed bootstrap registry was deleted/, 'Deleted by jordan.lee@contoso.com on 2026-11-20 03:12 UTC (correlation 6f5e…).'],
    ['history-cache-rule-deleted-by-pipeline', /^Root cause: the managed registry's MCR cache rule was deleted/, 'Deleted by service principal sp-platform-cleanup-pipeline (app id 4b1e6f0c-2d7a-4c8e-9a35-7e0d1c2b3a48) on 2026-11-18 02:00 UTC (correlation 6f5e…).'],
  ])('%s: the panel says who deleted it, when, and the correlation', async (scenario, cause, line) => {
    tmux = new TmuxSession();
    tmux.start(`node ${BIN} demo --scenario ${scenario}`, { width: 160, height: 30 });
    const screen = await tmux.waitFor(/Diagnosis finished/, 90_000);
    const lines = panel(screen);
    expect(lines[0]).toMatch(cause);
    expect(lines).toContain(line);
    tmux.send('q');
    await tmux.waitFor(/\[exit 1\]/); // a problem found, and not fixed
  });

  it('a caller who may not read the log sees the note in the panel, and the diagnosis still names the cause', async () => {
    tmux = new TmuxSession();
    tmux.start(`node ${BIN} demo --scenario history-log-read-denied`, { width: 160, height: 30 });
    const lines = panel(await tmux.waitFor(/Diagnosis finished/, 90_000));
    expect(lines[0]).toMatch(/^Root cause: the AKS-managed bootstrap registry was deleted/);
    expect(lines).toContain('Who changed it is not known: reading the Activity Log needs Microsoft.Insights/eventtypes/values/read.');
    tmux.send('q');
    await tmux.waitFor(/\[exit 1\]/); // a problem found: not 3, the diagnosis completed
  });
});
