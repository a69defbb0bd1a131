import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import type { FleetReport } from '../fleet/report.js';
import { FAULT_SPEC_HELP } from '../emulator/fault-spec.js';
import { action, checkWritable, collect, explainWriteError, oneOf, targetArgs, useColor, type ProgramDeps } from './common.js';
import { OUTPUTS, type OutputFormat } from './diagnose.js';

export async function renderFleet(report: FleetReport, format: OutputFormat, color: boolean): Promise<string> {
  const w = await import('../output/fleet.js');
  switch (format) {
    case 'json':
      return w.renderFleetJson(report);
    case 'markdown':
      return w.renderFleetMarkdown(report);
    case 'junit':
      return w.renderFleetJunit(report);
    case 'text':
      return w.renderFleetText(report, { color, width: process.stdout.columns });
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Progress on stderr for a terminal: the scan of a large fleet takes seconds. */
function progressPrinter(enabled: boolean): ((done: number, total: number) => void) | undefined {
  if (!enabled) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done !== total && now - last < 100) return;
    last = now;
    process.stderr.write(done === total ? '\r\x1b[2K' : `\r\x1b[2Kscanning… ${done}/${total} clusters`);
  };
}

export interface ScanCliOptions {
  output?: string;
  out?: string;
  subscription?: string[];
  managementGroup?: string[];
  [k: string]: unknown;
}

export function registerScan(program: Command, deps: ProgramDeps, openFleetUi: (opts: ScanCliOptions) => Promise<number>): void {
  const cmd = program
    .command('scan')
    .description('judge every network isolated cluster the credential sees (Azure Resource Graph), with the checks of diagnose')
    .option('--subscription <id>', 'scan this subscription (repeatable; default: every subscription the credential sees)', collect, [])
    .option('--management-group <id>', 'scan the subscriptions under this management group (repeatable)', collect, [])
    .option('-o, --output <format>', `output format: ${OUTPUTS.join(', ')} (default: the fleet view in a terminal, else text)`)
    .option('--out <file>', 'write the output to a file instead of stdout')
    .option('--access-token <token>', 'a pre-fetched ARM token (az account get-access-token); default $AKS_NETISO_ACCESS_TOKEN, else DefaultAzureCredential')
    .addOption(new Option('--cloud <cloud>', 'Azure cloud').choices(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']))
    .option('--arm-endpoint <url>', 'Azure Resource Manager endpoint for any other cloud')
    .option('--ca-file <pem>', 'extra CA certificate (PEM) to trust, e.g. a private CA or a TLS-inspecting proxy\'s')
    .option('--request-timeout <duration>', 'timeout per request', '15s')
    .option('--timeout <duration>', 'deadline for the whole scan', '300s')
    .option('--debug', 'print each request and the chain of causes of each fault on stderr')
    .option('--bundle <file>', 'scan offline an aks-netiso/bundle@1 holding many clusters (embedded emulator; `cluster` may be absent)')
    .option('--scenario <name>', 'scan offline a scenario, e.g. fleet:100 (see `aks-netiso scenarios`)')
    .option('--emulator-latency <duration>', 'latency the embedded emulator adds per request, e.g. 50ms')
    .option('--emulator-fault <spec>', `a fault the embedded emulator injects (repeatable). ${FAULT_SPEC_HELP}`, collect, [])
    .option('--audit-log <file>', 'audit log for fixes applied from the fleet view');
  cmd.action(
    action(async (opts: ScanCliOptions) => {
      const subscriptions = opts.subscription ?? [];
      const managementGroups = opts.managementGroup ?? [];
      for (const s of subscriptions) if (!GUID.test(s)) throw new UsageError(`--subscription must be a subscription id (a GUID); got "${s}"`);
      for (const m of managementGroups) if (m.trim() === '') throw new UsageError('--management-group needs a management group id');
      const interactive = !opts.output && !opts.out && process.stdout.isTTY && process.stdin.isTTY;
      if (interactive) return openFleetUi(opts);
      const format = oneOf('--output', opts.output, OUTPUTS, 'text');
      const args = { ...targetArgs({ ...opts, subscription: undefined }), subscriptions, managementGroups };
      if (opts.out) await checkWritable(opts.out);
      const { openFleet } = await import('../app/fleet.js');
      const { fleetExitCode } = await import('../fleet/report.js');
      const fleet = await openFleet(args, deps);
      try {
        const report = await fleet.scan({ onProgress: progressPrinter(!!process.stderr.isTTY) });
        const text = await renderFleet(report, format, !opts.out && useColor(process.stdout));
        if (opts.out) {
          await writeFile(opts.out, text).catch((e: unknown) => explainWriteError(opts.out ?? '', e));
          process.stderr.write(`wrote ${opts.out}\n`);
        } else {
          process.stdout.write(text);
        }
        if (fleet.deadlinePassed) {
          process.stderr.write(`aks-netiso: the scan could not complete: ${fleet.deadlinePassed}\n`);
          return EXIT.incomplete;
        }
        return fleetExitCode(report);
      } finally {
        await fleet.close();
      }
    }),
  );
}
