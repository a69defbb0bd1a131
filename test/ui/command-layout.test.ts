import { describe, expect, it } from 'vitest';
import { commandLayout, shellWords } from '../../src/ui/components/text.js';

/**
 * The plan screen's az commands must copy back into the very same command: lines continue with a
 * backslash, and a resource id too long for a line is split without letting a space into it.
 */

const SUB = '8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d';
const CONNECTION = `/subscriptions/${SUB}/resourceGroups/rg-registry/providers/Microsoft.ContainerRegistry/registries/contosoprodacr/privateEndpointConnections/pe-contosoprodacr.95f60183-9ca3-45d8-a865-fea44fbb0a00`;
const COMMANDS = [
  `az account set --subscription ${SUB}`,
  `az network private-endpoint-connection approve --id ${CONNECTION} --description 'Approved for AKS network isolated cluster'`,
  `az acr cache create -r contosoprodacr -g rg-registry -n aks-managed-mcr -s 'mcr.microsoft.com/*' -t 'aks-managed-repository/*'`,
  `az network private-dns record-set a add-record -g MC_rg-prod_aks-prod_eastus2 -z privatelink.azurecr.io -n 'contosoprodacr.eastus2.data' -a 10.224.1.5`,
  `CONNECTION_ID=$(az network private-endpoint-connection list --id ${CONNECTION} --query "[?ends_with(properties.privateEndpoint.id, '/privateEndpoints/x-pe')].id | [0]" -o tsv)`,
];

/** What a shell reads from the copied lines: continuations joined, then the words. */
function asTyped(lines: string[]): string[] {
  const text = lines.join('\n').replace(/\\\n/g, '');
  return shellWords(text.replace(/^\$ /, ''));
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

describe('shellWords', () => {
  it.each([
    ['az acr show -n x', ['az', 'acr', 'show', '-n', 'x']],
    [`a --description 'two words' b`, ['a', '--description', "'two words'", 'b']],
    [`X=$(a --query "[?x == 'a b'].id | [0]" -o tsv)`, ['X=$(a', '--query', `"[?x == 'a b'].id | [0]"`, '-o', 'tsv)']],
    [String.raw`a 'it'\''s' b`, ['a', String.raw`'it'\''s'`, 'b']],
  ])('%s', (command, words) => {
    expect(shellWords(command)).toEqual(words);
  });
});

describe('commandLayout', () => {
  it.each(COMMANDS.flatMap((c) => [60, 80, 100].map((w) => [w, c] as const)))('at %i columns keeps %s intact', (width, command) => {
    const lines = commandLayout(command, width);
    expect(asTyped(lines)).toEqual(shellWords(command));
    for (const line of lines) {
      // Only a word with a single-quoted part may overflow (a backslash cannot continue it).
      if ([...line].length > width) expect(line).toMatch(/'/);
    }
    expect(lines[0]?.startsWith('$ az') || lines[0]?.startsWith('$ CONNECTION_ID')).toBe(true);
    // No continuation inside single quotes, where the backslash would stay in the argument.
    expect(continuationsInSingleQuotes(lines.join('\n'))).toBe(0);
  });

  it('leaves a short command on one line', () => {
    expect(commandLayout(COMMANDS[0] ?? '', 100)).toEqual([`$ ${COMMANDS[0] ?? ''}`]);
  });

  it('splits an id that no line can hold with a bare backslash and continues at column 0', () => {
    const lines = commandLayout(COMMANDS[1] ?? '', 80);
    const split = lines.findIndex((l) => /[^ ]\\$/.test(l));
    expect(split).toBeGreaterThanOrEqual(0);
    expect(lines[split + 1]?.startsWith(' ')).toBe(false);
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
  });
});
