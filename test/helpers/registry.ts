// The check registry for tests: the same one main.ts gives the program.
import { CHECKS } from '../../checks/index.js';
import { renderMessage, type CheckDeclarations, type MessageTable } from '../../src/core/check.js';
import type { RegistryMode } from '../../src/core/ids.js';
import type { Finding, Report, RootCause } from '../../src/core/report.js';
import { openEmulatorSession as openEmulatorSessionWith } from '../../src/app/session.js';
import type { AnyCheck, CheckRegistry } from '../../src/engine/check.js';
import { describeRootCause } from '../../src/engine/root-causes.js';
import { diagnose as diagnoseWith, exitCodeOf as exitCodeWith, type DiagnoseOptions } from '../../src/engine/run.js';

export { CHECKS };

/** The ids of the registry, in its order. */
export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);

export function checkById(id: string): AnyCheck {
  const check = CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id} in the registry`);
  return check;
}

/**
 * A judge with the summary the engine renders from the finding's code: for tests that read a
 * finding's words.
 */
export function rendered<G, F extends Finding>(check: { messages: MessageTable; judge(g: G): F }): (g: G) => F & { summary: string } {
  return (g) => {
    const f = check.judge(g);
    return { ...f, summary: renderMessage(check.messages, f) };
  };
}

/** A root cause as the engine writes it for this check: with its declared cause phrase and advice. */
export function rootCauseOf(rc: Omit<RootCause, 'cause' | 'advice'>, mode: RegistryMode, checks: readonly CheckDeclarations[] = CHECKS): RootCause {
  const declared = checks.find((c) => c.id === rc.checkId);
  return { ...rc, ...describeRootCause(declared, mode, rc.remediation) };
}

type EmulatorSessionOptions = Omit<Parameters<typeof openEmulatorSessionWith>[0], 'checks'> & { checks?: CheckRegistry };

/** A session on a scenario or bundle, diagnosing with the registry. */
export function openEmulatorSession(opts: EmulatorSessionOptions): ReturnType<typeof openEmulatorSessionWith> {
  return openEmulatorSessionWith({ checks: CHECKS, ...opts });
}

/** The engine with the registry (unless the test gives its own checks). */
export function diagnose(opts: Omit<DiagnoseOptions, 'checks'> & { checks?: CheckRegistry }): Promise<Report> {
  return diagnoseWith({ checks: CHECKS, ...opts });
}

export function exitCodeOf(report: Report): 0 | 1 | 3 {
  return exitCodeWith(report, CHECKS);
}
