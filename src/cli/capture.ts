import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { action, addTargetOptions, checkWritable, explainWriteError, targetArgs, type ProgramDeps } from './common.js';

export function registerCapture(program: Command, deps: ProgramDeps): void {
  const cmd = program
    .command('capture')
    .description('write an aks-netiso/bundle@1 with exactly what a diagnosis reads, to replay offline with --bundle')
    .option('-o, --out <file>', 'where to write the bundle', 'aks-netiso-bundle.json')
    .option('--redact', 'replace subscription, tenant and object ids, names, IPs and hostnames consistently')
    .option('--mapping <file>', 'with --redact: where to keep the placeholder → real value table (default: the bundle file name + .mapping.json)')
    .option('--fleet', 'capture what `scan` reads (every cluster the credential sees, or --subscription\'s) as a fleet bundle for `scan --bundle`');
  addTargetOptions(cmd);
  cmd.action(
    action(async (opts: { out: string; redact?: boolean; mapping?: string; fleet?: boolean; [k: string]: unknown }) => {
      if (opts.fleet) return captureFleetCommand(opts, deps);
      const args = targetArgs(opts);
      if (opts.mapping !== undefined && !opts.redact) throw new UsageError('--mapping only applies with --redact');
      // Before the capture, not after it: a wrong path should not cost a whole round of reads.
      for (const file of [opts.out, ...(opts.mapping ? [opts.mapping] : [])]) await checkWritable(file);
      const progress = process.stderr.isTTY
        ? (m: { step: string; done: number; total: number }): void => {
            process.stderr.write(`\r\x1b[2Kcapturing… ${m.done}/${m.total} ${m.step}`);
          }
        : undefined;
      const { captureTarget } = await import('../app/capture.js');
      const { bundle, mapping } = await captureTarget(args, { checks: deps.checks, redact: !!opts.redact, onProgress: progress });
      if (progress) process.stderr.write('\r\x1b[2K');
      await writeOrExplain(opts.out, `${JSON.stringify(bundle, null, 2)}\n`);
      let mappingNote = '';
      if (opts.redact && mapping) {
        // The table that turns support's answers ("reconcile cluster-1 in rg-1") back into real
        // names. It holds everything redaction removed: owner-only, and never part of the bundle.
        const file = opts.mapping ?? `${opts.out.replace(/\.json$/i, '')}.mapping.json`;
        const byPlaceholder = [...mapping].map(([original, placeholder]) => [placeholder, original] as const);
        const table = {
          note: 'placeholder → real value for the redacted bundle; it holds the real names: keep it, do not send it',
          bundle: opts.out,
          placeholders: Object.fromEntries(byPlaceholder.sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))),
        };
        await writeOrExplain(file, `${JSON.stringify(table, null, 2)}\n`, 0o600);
        mappingNote = `\nkept the placeholder → real value table in ${file}: keep it to read support's answers; do not send it`;
      }
      const kube = bundle.kubernetes.reachable ? `${bundle.kubernetes.pods?.length ?? 0} pods, ${bundle.kubernetes.events?.length ?? 0} events` : 'Kubernetes unreachable';
      process.stderr.write(`wrote ${opts.out}: ${bundle.arm.length} ARM resources, ${kube}${opts.redact ? ', redacted' : ''}${mappingNote}\n`);
      return 0;
    }),
  );
}

async function writeOrExplain(file: string, text: string, mode?: number): Promise<void> {
  try {
    await writeFile(file, text, mode === undefined ? undefined : { mode });
  } catch (e) {
    explainWriteError(file, e);
  }
}


/** `capture --fleet`: the scan's reads as a fleet bundle (no cluster, no Kubernetes objects). */
async function captureFleetCommand(opts: { out: string; redact?: boolean; [k: string]: unknown }, deps: ProgramDeps): Promise<number> {
  if (opts.redact) throw new UsageError('--redact is not supported with --fleet yet: capture one cluster to redact it');
  if (opts.clusterId || opts.resourceGroup || opts.name) throw new UsageError('--fleet captures every cluster of the scope: give --subscription, not --cluster-id or -g/-n');
  await checkWritable(opts.out);
  const subscription = typeof opts.subscription === 'string' ? opts.subscription : undefined;
  const args = { ...targetArgs({ ...opts, subscription: undefined }), subscriptions: subscription ? [subscription] : [], managementGroups: [] };
  const { captureFleet } = await import('../app/fleet-capture.js');
  const { bundle, report } = await captureFleet(args, deps);
  await writeOrExplain(opts.out, `${JSON.stringify(bundle, null, 2)}\n`);
  process.stderr.write(`wrote ${opts.out}: ${report.clusters.length} clusters, ${bundle.arm.length} resources (a fleet bundle: replay it with scan --bundle)\n`);
  return 0;
}
