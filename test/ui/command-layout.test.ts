import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { az, capture, renderCommand, variable, type ShellCommand } from '../../src/remediations/command.js';
import { commandLayout } from '../../src/ui/components/text.js';

/**
 * The plan screen's az commands must copy back into the very same command: lines continue with a
 * backslash, and a resource id too long for a line is split without letting a space into it.
 * The judge is a real POSIX shell: what it reads from the copied lines must be the argv.
 */

const SUB = '8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d';
const CONNECTION = `/subscriptions/${SUB}/resourceGroups/rg-registry/providers/Microsoft.ContainerRegistry/registries/contosoprodacr/privateEndpointConnections/pe-contosoprodacr.95f60183-9ca3-45d8-a865-fea44fbb0a00`;
const COMMANDS: ShellCommand[] = [
  az('account', 'set', '--subscription', SUB),
  az('network', 'private-endpoint-connection', 'approve', '--id', CONNECTION, '--description', 'Approved for AKS network isolated cluster'),
  az('acr', 'cache', 'create', '-r', 'contosoprodacr', '-g', 'rg-registry', '-n', 'aks-managed-mcr', '-s', 'mcr.microsoft.com/*', '-t', 'aks-managed-repository/*'),
  az('network', 'private-dns', 'record-set', 'a', 'add-record', '-g', 'MC_rg-prod_aks-prod_eastus2', '-z', 'privatelink.azurecr.io', '-n', 'contosoprodacr.eastus2.data', '-a', '10.224.1.5'),
  capture('CONNECTION_ID', az('network', 'private-endpoint-connection', 'list', '--id', CONNECTION, '--query', "[?ends_with(properties.privateEndpoint.id, '/privateEndpoints/x-pe')].id | [0]", '-o', 'tsv')),
  az('network', 'private-endpoint-connection', 'approve', '--id', variable('CONNECTION_ID'), '--description', 'Approved for AKS network isolated cluster'),
];

/**
 * What sh passes to `az` when it runs the text: one argument per line. `az` is a function that
 * prints its arguments; a captured command's variable is printed after it.
 */
function argsSeenBySh(text: string): string[] {
  const script = `az() { printf '%s\\n' "$@"; }\nCONNECTION_ID=/the/connection\n${text}\nprintf '%s\\n' "\${CONNECTION_ID}"`;
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\n');
}

/** The argv the command stands for, with the variable's value the script above sets. */
function expectedArgs(command: ShellCommand): string[] {
  const words = command.argv.slice(1).map((w) => (typeof w === 'string' ? w : '/the/connection'));
  // Captured, the arguments are the variable's value, printed once, after the command.
  if (command.captureAs) return [...words, ''];
  return [...words, '/the/connection', ''];
}

function continuationsInSingleQuotes(text: string): number {
  let quote: string | undefined;
  let bad = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\' && quote !== "'") {
      i++;
      continue;
    }
    if (ch === '\\' && quote === "'" && chars[i + 1] === '\n') bad++;
    if (quote === undefined && (ch === "'" || ch === '"')) quote = ch;
    else if (ch === quote) quote = undefined;
  }
  return bad;
}

describe('renderCommand', () => {
  it.each(COMMANDS.map((c) => [renderCommand(c), c] as const))('sh reads %s as its argv', (text, command) => {
    expect(argsSeenBySh(text)).toEqual(expectedArgs(command));
  });
});

describe('commandLayout', () => {
  it.each(COMMANDS.flatMap((c) => [60, 80, 100].map((w) => [w, renderCommand(c), c] as const)))('at %i columns keeps %s intact', (width, _text, command) => {
    const lines = commandLayout(command, width);
    expect(argsSeenBySh(lines.join('\n').replace(/^\$ /, ''))).toEqual(expectedArgs(command));
    for (const line of lines) {
      // Only a word with a single-quoted part may overflow (a backslash cannot continue it).
      if ([...line].length > width) expect(line).toMatch(/'/);
    }
    expect(lines[0]?.startsWith('$ az') || lines[0]?.startsWith('$ CONNECTION_ID')).toBe(true);
    // No continuation inside single quotes, where the backslash would stay in the argument.
    expect(continuationsInSingleQuotes(lines.join('\n'))).toBe(0);
  });

  it('leaves a short command on one line', () => {
    const first = COMMANDS[0] as ShellCommand;
    expect(commandLayout(first, 100)).toEqual([`$ ${renderCommand(first)}`]);
  });

  it('splits an id that no line can hold with a bare backslash and continues at column 0', () => {
    const lines = commandLayout(COMMANDS[1] as ShellCommand, 80);
    const split = lines.findIndex((l) => /[^ ]\\$/.test(l));
    expect(split).toBeGreaterThanOrEqual(0);
    expect(lines[split + 1]?.startsWith(' ')).toBe(false);
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
  });
});
