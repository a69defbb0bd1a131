import { Command, CommanderError } from 'commander';
import { UsageError } from './core/errors.js';
import { packageVersion } from './core/package-info.js';
import { transcriptFileName } from './app/file-names.js';
import { action, addTargetOptions, collect, targetArgs, useColor } from './cli/common.js';
import { FAULT_SPEC_HELP } from './emulator/fault-spec.js';
import { registerDiagnose } from './cli/diagnose.js';
import { registerEmulator, registerScenarios } from './cli/emulator.js';
import { registerFix } from './cli/fix.js';
import { registerCapture } from './cli/capture.js';
import { registerPlaybook } from './cli/playbook.js';
import { registerScan, type ScanCliOptions } from './cli/scan.js';
import { writeFile } from 'node:fs/promises';
import type { Playbook } from './playbooks/schema.js';
import type { ProgramDeps } from './cli/common.js';

/** The demo's default: a broken cluster with an AKS-managed registry (kept in sync by a test). */
export const DEMO_SCENARIO = 'managed-cache-rule-deleted';


/** The TUI on a target; the caller checked that stdin and stdout are terminals. */
async function openTui(opts: Record<string, unknown>, deps: ProgramDeps, demo = false): Promise<number> {
  const args = targetArgs(opts);
  // ink, react and the SDKs load only when the UI opens.
  const { createUiServices } = await import('./app/ui-services.js');
  await (await import('./ui/load-ink.js')).loadInkForTerminal();
  const { runTui } = await import('./ui/App.js');
  const handle = await createUiServices(args, { ...deps, demo, auditLog: typeof opts.auditLog === 'string' ? opts.auditLog : undefined });
  try {
    return await runTui(handle.services, {});
  } finally {
    await handle.close();
  }
}

/** The playbook stepper in the terminal, over the same session and remediation path as `fix`. */
async function openStepper(pb: Playbook, opts: Record<string, unknown>, deps: ProgramDeps): Promise<number> {
  const { openSession } = await import('./app/session.js');
  const { playbookDriver } = await import('./app/playbook-driver.js');
  const { defaultAuditPath } = await import('./remediations/audit.js');
  const { PlaybookRun } = await import('./playbooks/runner.js');
  const { renderTranscriptMarkdown } = await import('./playbooks/render.js');
  await (await import('./ui/load-ink.js')).loadInkForTerminal();
  const { ConfirmBridge, runStepper } = await import('./ui/playbook/Stepper.js');
  const { checkWritable } = await import('./cli/common.js');
  const startedAt = new Date();
  const file = typeof opts.transcript === 'string' ? opts.transcript : transcriptFileName(pb.id, startedAt);
  // Before the session: a bad path found after a fix was applied would lose the session's record.
  await checkWritable(file);
  const session = await openSession(targetArgs(opts), deps);
  const bridge = new ConfirmBridge();
  try {
    const run = new PlaybookRun(
      pb,
      playbookDriver(session, {
        auditLogPath: typeof opts.auditLog === 'string' ? opts.auditLog : defaultAuditPath(),
        confirm: (plan) => bridge.ask(plan),
      }),
    );
    return await runStepper({
      run,
      bridge,
      saveTranscript: async () => {
        await writeFile(file, renderTranscriptMarkdown(run, { startedAt, finishedAt: new Date(), operator: await session.azure.principal().catch(() => undefined) }));
        return file;
      },
    });
  } finally {
    await session.close();
  }
}

/** The fleet view on a scan's scope; the caller checked that stdin and stdout are terminals. */
async function openFleetTui(opts: ScanCliOptions, deps: ProgramDeps): Promise<number> {
  const args = { ...targetArgs({ ...opts, subscription: undefined }), subscriptions: opts.subscription ?? [], managementGroups: opts.managementGroup ?? [] };
  const { openFleet } = await import('./app/fleet.js');
  const { fleetUiServices } = await import('./app/fleet-ui.js');
  await (await import('./ui/load-ink.js')).loadInkForTerminal();
  const { runFleetTui } = await import('./ui/fleet/FleetApp.js');
  const fleet = await openFleet(args, deps);
  try {
    return await runFleetTui(fleetUiServices(fleet, { auditLog: typeof opts.auditLog === 'string' ? opts.auditLog : undefined }));
  } finally {
    await fleet.close();
  }
}

function buildProgram(deps: ProgramDeps): Command {
  const program = new Command('aks-netiso');
  program
    .description('Diagnose and repair image-pull failures in network isolated AKS clusters')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  registerDiagnose(program, deps, (opts) => openTui(opts, deps));
  registerFix(program, deps);

  const demo = program
    .command('demo')
    .description('the whole product on a built-in broken cluster (embedded emulator)')
    .option('--scenario <name>', 'start on this scenario', DEMO_SCENARIO)
    .option('--emulator-latency <duration>', 'latency the embedded emulator adds per request')
    .option('--emulator-fault <spec>', `a fault the embedded emulator injects (repeatable). ${FAULT_SPEC_HELP}`, collect, [])
    .option('--audit-log <file>', 'audit log for fixes applied in the demo');
  demo.action(
    action(async (opts: { scenario: string; emulatorLatency?: string; emulatorFault?: string[]; auditLog?: string }) => {
      if (process.stdout.isTTY && process.stdin.isTTY) return openTui({ ...opts }, deps, true);
      // Not a terminal: print what the UI would show first.
      const { openSession } = await import('./app/session.js');
      const { exitCodeOf } = await import('./engine/run.js');
      const { renderText } = await import('./output/text.js');
      const session = await openSession(targetArgs({ scenario: opts.scenario, emulatorLatency: opts.emulatorLatency, emulatorFault: opts.emulatorFault }), deps);
      try {
        const report = await session.diagnose();
        process.stdout.write(renderText(report, { color: useColor(process.stdout) }));
        return exitCodeOf(report, deps.checks);
      } finally {
        await session.close();
      }
    }),
  );

  registerScenarios(program);
  registerEmulator(program);
  registerCapture(program, deps);
  registerPlaybook(program, deps, (pb, opts) => openStepper(pb, opts, deps));
  registerScan(program, deps, (opts) => openFleetTui(opts, deps));

  // No subcommand in a terminal: the UI, with the cluster picker when no cluster is given.
  addTargetOptions(program);
  program.option('--audit-log <file>', 'audit log for fixes applied from the UI (default $XDG_STATE_HOME/aks-netiso/audit.jsonl)');
  // Unknown words reach this action (it takes no arguments): name them instead of commander's
  // "too many arguments", with the closest command when there is one.
  program.allowExcessArguments(true);
  program.action(
    action(async (opts: Record<string, unknown>) => {
      const [word] = program.args;
      if (word !== undefined) {
        const names = program.commands.map((c) => c.name());
        const close = names.find((n) => n.startsWith(word.slice(0, 3)) || word.startsWith(n));
        throw new UsageError(`unknown command "${word}"${close ? ` (did you mean ${close}?)` : ''}: the commands are ${names.join(', ')}`);
      }
      if (!process.stdout.isTTY || !process.stdin.isTTY) {
        program.outputHelp();
        return 0;
      }
      return openTui(opts, deps, !!opts.scenario);
    }),
  );
  return program;
}

/**
 * Runs the CLI on `argv` with the program's parts: the check registry comes from the
 * composition root (main.ts), so nothing in src/ imports checks/. Sets process.exitCode.
 */
export async function main(argv: string[], deps: ProgramDeps): Promise<void> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; commander already printed its one-line error otherwise.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`aks-netiso: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}
