import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Colour output must be on for this file so that its absence under NO_COLOR means something.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
});

import { noColorFromEnv } from '../../src/ui/components/theme.js';
import { CLUSTER_ID, fakeServices } from './fixtures.js';
import { KEY, frame, press, renderApp, until } from './helpers.js';

afterEach(() => cleanup());

// Foreground/background colour SGR codes (30–37, 39–47, 90–97, 38;5/38;2 …), not bold/dim/inverse.
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`, 'u');

describe('NO_COLOR', () => {
  it.each([
    [{ NO_COLOR: '1' }, true],
    [{ NO_COLOR: '' }, false],
    [{}, false],
  ])('%o → no colour %s', (env, off) => {
    expect(noColorFromEnv(env)).toBe(off);
  });

  it('colours the run screen by default', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID, noColor: false });
    await until(r, 'Diagnosis finished');
    expect(frame(r)).toMatch(COLOUR);
  });

  it.each(['run', 'details', 'plan', 'confirm', 'help'])('sends no colour on the %s screen when set', async (screen) => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID, noColor: true });
    await until(r, 'Diagnosis finished');
    if (screen === 'details') {
      r.stdin.write('jjjjj');
      await until(r, /› ✖/u);
      await press(r, KEY.enter, 'Evidence');
    }
    if (screen === 'plan' || screen === 'confirm') await press(r, 'f', 'Equivalent az commands');
    if (screen === 'confirm') await press(r, KEY.enter, 'Type the cluster name');
    if (screen === 'help') await press(r, '?', 'Keys');
    expect(frame(r)).not.toMatch(COLOUR);
    // Still legible: the symbols and the selection marker carry the meaning without colour.
    if (screen === 'run') expect(frame(r)).toMatch(/› ✔ cluster/u);
    if (screen === 'details') expect(frame(r)).toContain('✖ FAIL');
  });
});
