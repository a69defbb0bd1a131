import { quote } from 'shell-quote';

/*
 * Commands travel as words (argv) from the remediation that builds them to whatever shows
 * them, and are quoted exactly once, here, when they become text.
 */

/**
 * Shell text written as is, never quoted: what the shell must expand, like a variable an
 * earlier command of the plan set (`"$CONNECTION_ID"`). Only ever built by the plan itself.
 */
export interface ShellText {
  readonly shell: string;
}

export type Word = string | ShellText;

/** One command line. With `captureAs`, its output is assigned: `NAME=$(command)`. */
export interface ShellCommand {
  readonly argv: readonly Word[];
  readonly captureAs?: string | undefined;
}

/** Words that stay together when a command is laid out over lines, e.g. a flag and its value. */
export type ArgGroup = readonly Word[];

export function az(...words: Word[]): ShellCommand {
  return { argv: ['az', ...words] };
}

/** `NAME=$(command)`: the next commands refer to its output as `variable(NAME)`. */
export function capture(name: string, command: ShellCommand): ShellCommand {
  return { argv: command.argv, captureAs: name };
}

/** A reference to a variable an earlier command set, double-quoted so its value stays one word. */
export function variable(name: string): ShellText {
  return { shell: `"$${name}"` };
}

/** `az account set` first: every later command then targets the cluster's subscription. */
export function accountSetCommand(subscriptionId: string): ShellCommand {
  return az('account', 'set', '--subscription', subscriptionId);
}

/**
 * One word as the shell must read it, quoted by shell-quote. One deliberate difference: where
 * shell-quote escapes characters one by one with backslashes (`mcr.microsoft.com/\*`), the
 * word is single-quoted instead (`'mcr.microsoft.com/*'`), as the plans have always shown it:
 * it reads and edits better and means the same to the shell. A single-quoted word keeps every
 * character but `'`, so only words without one are quoted that way; the rest stay as
 * shell-quote writes them (`"it's"`).
 */
export function quoteWord(word: Word): string {
  if (typeof word !== 'string') return word.shell;
  const quoted = quote([word]);
  if (quoted === word || quoted.startsWith("'") || quoted.startsWith('"') || word.includes("'")) return quoted;
  return `'${word}'`;
}

/** The words of a command, each quoted once; a captured command opens and closes its `$( )`. */
export function commandWords(command: ShellCommand): string[] {
  const words = command.argv.map(quoteWord);
  if (command.captureAs !== undefined && words.length > 0) {
    words[0] = `${command.captureAs}=$(${words[0] ?? ''}`;
    words[words.length - 1] = `${words[words.length - 1] ?? ''})`;
  }
  return words;
}

/** A quoted word, and whether it is single-quoted: a line continuation inside it would stay in the argument. */
export interface QuotedWord {
  text: string;
  singleQuoted: boolean;
}

/** The words of a command for laying it out over lines. */
export function quotedWords(command: ShellCommand): QuotedWord[] {
  return commandWords(command).map((text, i) => ({ text, singleQuoted: isSingleQuoted(command.argv[i]) }));
}

function isSingleQuoted(word: Word | undefined): boolean {
  return typeof word === 'string' && quoteWord(word).startsWith("'");
}

/** The command as one line, ready to paste into a POSIX shell. */
export function renderCommand(command: ShellCommand): string {
  return commandWords(command).join(' ');
}

/** A group of words as one unit of text: `--source 'mcr.microsoft.com/*'`. */
export function renderGroup(group: ArgGroup): string {
  return group.map(quoteWord).join(' ');
}
