import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CLUSTER_ID, fakeServices } from './fixtures.js';

// Nothing in this file imports ink statically: the point is to load it the way the CLI does,
// with CI=true in the environment as on a CI runner, and show that it still draws live.
let runTui: typeof import('../../src/ui/App.js').runTui;

beforeAll(async () => {
  process.env.CI = 'true';
  const { loadInkForTerminal } = await import('../../src/ui/load-ink.js');
  await loadInkForTerminal();
  expect(process.env.CI).toBe('true'); // put back for everything else
  ({ runTui } = await import('../../src/ui/App.js'));
});

function terminal(): { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; written: () => string } {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin }) as unknown as NodeJS.ReadStream;
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 }) as unknown as NodeJS.WriteStream;
  let written = '';
  stdout.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  return { stdin, stdout, written: () => written };
}

describe('runTui on a TTY, with CI=true in the environment', () => {
  it('draws the diagnosis while it runs, handles Ctrl-C itself and resolves with the exit code', async () => {
    const { services } = fakeServices();
    const { stdin, stdout, written } = terminal();
    const exit = runTui(services, { stdin, stdout, initialClusterId: CLUSTER_ID, noColor: true, patchConsole: false });
    // Ink in CI mode would write nothing but the alternate-screen switch until the app exits.
    await vi.waitFor(() => expect(written()).toContain('Diagnosis finished'), { timeout: 10_000 });
    expect(written().startsWith('\u001B[?1049h')).toBe(true);
    stdin.write('\u0003');
    await expect(exit).resolves.toBe(1);
    expect(written().endsWith('\u001B[?1049l')).toBe(true);
  });
});
