import { env } from 'node:process';

/** The variables ink's `is-in-ci` reads, once, when ink is first loaded. */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/**
 * Loads ink for an interactive terminal. Ink decides when it is first imported whether it runs
 * "in CI" (`CI` or `CONTINUOUS_INTEGRATION` set to anything but 0/false), and there it draws
 * nothing until the app exits: a person at a real terminal would stare at a blank screen. The
 * terminal UI and the playbook stepper only start on a TTY, so the CI variables are hidden while
 * ink loads and put back at once; nothing else in the process sees them change.
 *
 * Call it before importing any module that imports ink: once ink is loaded, its choice is fixed.
 */
export async function loadInkForTerminal(): Promise<void> {
  const saved = new Map<string, string>();
  for (const name of CI_VARIABLES) {
    const value = env[name];
    if (value !== undefined) saved.set(name, value);
    delete env[name];
  }
  try {
    await import('ink');
  } finally {
    for (const [name, value] of saved) env[name] = value;
  }
}
