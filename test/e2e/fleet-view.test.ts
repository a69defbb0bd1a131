import { afterEach, describe, expect, it } from 'vitest';
import { BIN, TmuxSession } from './tmux.js';

/**
 * The fleet view in a real terminal (tmux): the list most severe first, a text filter, Enter
 * opens the cluster's full diagnosis in the single-cluster screens, Esc goes back to the list.
 */
describe('fleet view end to end (tmux)', { timeout: 180_000 }, () => {
  let tmux: TmuxSession | undefined;
  afterEach(() => tmux?.kill());

  it('scan fleet:40: list → filter → open a cluster → back → f opens its fix', async () => {
    tmux = new TmuxSession('aks-netiso-fleet');
    tmux.start(`node ${BIN} scan --scenario fleet:40`, { width: 120, height: 30 });

    const list = await tmux.waitFor(/40 clusters in 1 subscription/, 90_000);
    expect(list).toMatch(/22 problem · 2 not isolated · 16 healthy/);
    // Most severe first: the first row is a problem, healthy ones come last.
    const rows = list.split('\n').filter((l) => /aks-fleet-\d{4}/.test(l));
    expect(rows[0]).toMatch(/✖ problem/);
    expect(list.indexOf('✖ problem')).toBeLessThan(list.indexOf('✔ healthy') === -1 ? Infinity : list.indexOf('✔ healthy'));

    // Filter by text: only the clusters whose cache rule is missing.
    tmux.send('/');
    tmux.type('mcr-cache-rule');
    const filtered = await tmux.waitFor(/filter: mcr-cache-rule.*4 of 40/);
    const shown = filtered.split('\n').filter((l) => /aks-fleet-\d{4}/.test(l));
    expect(shown).toHaveLength(4);
    for (const l of shown) expect(l).toMatch(/registry\.mcr-cache-rule/);
    tmux.send('Enter'); // done filtering

    // Enter: the full diagnosis of the selected cluster, in the single-cluster screens.
    const name = /aks-fleet-\d{4}/.exec(shown[0] ?? '')?.[0] ?? '';
    tmux.send('Enter');
    const run = await tmux.waitFor(/Diagnosis finished/, 90_000);
    expect(run).toContain(name);
    expect(run).toMatch(/Root cause: /);
    expect(run).toMatch(/The registry caches MCR/);

    // Esc: back to the list, the filter kept.
    tmux.send('Escape');
    const back = await tmux.waitFor(/filter: mcr-cache-rule/);
    expect(back).toMatch(/4 of 40/);

    // f: the cluster's fix flow (its plan), from the list.
    tmux.send('f');
    const plan = await tmux.waitFor(/Operations|Plan/, 90_000);
    expect(plan).toMatch(/delete|cache rule/i);
    tmux.send('q');
    await tmux.waitFor(/\[exit 1\]/);
  });
});
