import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { EngineEvent, Report } from '../core/report.js';
import { action, addTargetOptions, checkWritable, explainWriteError, oneOf, targetArgs, useColor, type ProgramDeps } from './common.js';

export const OUTPUTS = ['text', 'json', 'markdown', 'junit'] as const;
export type OutputFormat = (typeof OUTPUTS)[number];

// Writers and the SDK-heavy session load only when a command runs: `--help` stays instant.
export async function renderReport(report: Report, format: OutputFormat, color: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../output/json.js')).renderJson(report);
    case 'markdown':
      return (await import('../output/markdown.js')).renderMarkdown(report);
    case 'junit':
      return (await import('../output/junit.js')).renderJunit(report);
    case 'text':
      return (await import('../output/text.js')).renderText(report, { color, width: process.stdout.columns });
  }
}

/** Progress on stderr while a plain-text diagnosis runs in a terminal (stdout stays clean). */
function progressPrinter(enabled: boolean): ((e: EngineEvent) => void) | undefined {
  if (!enabled) return undefined;
  let done = 0;
  let total = 0;
  return (e) => {
    if (e.type === 'run-started') total = e.checks.length;
    if (e.type === 'check-finished') {
      done++;
      process.stderr.write(`\r\x1b[2Kdiagnosing… ${done}/${total} ${e.result.id}`);
    }
    if (e.type === 'run-finished') process.stderr.write('\r\x1b[2K');
  };
}

export interface DiagnoseCliOptions {
  output?: string;
  out?: string;
  [k: string]: unknown;
}

export function registerDiagnose(program: Command, deps: ProgramDeps, openTui: (opts: Record<string, unknown>) => Promise<number>): void {
  const cmd = program
    .command('diagnose')
    .description('run the ordered checks of the troubleshooting guide and explain the root cause')
    .option('-o, --output <format>', `output format: ${OUTPUTS.join(', ')} (default: the interactive UI in a terminal, else text)`)
    .option('--out <file>', 'write the output to a file instead of stdout');
  addTargetOptions(cmd);
  cmd.action(
    action(async (opts: DiagnoseCliOptions) => {
      const interactive = !opts.output && !opts.out && process.stdout.isTTY && process.stdin.isTTY;
      if (interactive) return openTui(opts);
      const format = oneOf('--output', opts.output, OUTPUTS, 'text');
      const args = targetArgs(opts);
      const { openSession } = await import('../app/session.js');
      const { exitCodeOf, incompleteReason } = await import('../engine/run.js');
      if (opts.out) await checkWritable(opts.out); // before the diagnosis, not after it
      const session = await openSession(args, deps);
      try {
        const report = await session.diagnose(progressPrinter(format === 'text' && !opts.out && !!process.stderr.isTTY));
        const text = await renderReport(report, format, !opts.out && useColor(process.stdout));
        if (opts.out) {
          await writeFile(opts.out, text).catch((e: unknown) => explainWriteError(opts.out ?? '', e));
          process.stderr.write(`wrote ${opts.out}\n`);
        } else {
          process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        }
        // Past the deadline (--timeout) the report is written, but the diagnosis did not complete.
        const incomplete = incompleteReason(report, deps.checks) ?? session.deadlinePassed;
        if (incomplete) process.stderr.write(`aks-netiso: the diagnosis could not complete: ${incomplete}\n`);
        return session.deadlinePassed ? 3 : exitCodeOf(report, deps.checks);
      } finally {
        await session.close();
      }
    }),
  );
}
