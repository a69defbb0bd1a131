import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../app/errors.js';
import { action, addTargetOptions, targetArgs } from './common.js';

export function registerCapture(program: Command): void {
  const cmd = program
    .command('capture')
    .description('write an aks-netiso/bundle@1 with exactly what a diagnosis reads, to replay offline with --bundle')
    .option('-o, --out <file>', 'where to write the bundle', 'aks-netiso-bundle.json')
    .option('--redact', 'replace subscription, tenant and object ids, names, IPs and hostnames consistently');
  addTargetOptions(cmd);
  cmd.action(
    action(async (opts: { out: string; redact?: boolean; [k: string]: unknown }) => {
      const args = targetArgs(opts);
      const progress = process.stderr.isTTY
        ? (m: { step: string; done: number; total: number }): void => {
            process.stderr.write(`\r\x1b[2Kcapturing… ${m.done}/${m.total} ${m.step}`);
          }
        : undefined;
      const { captureTarget } = await import('../app/capture.js');
      const bundle = await captureTarget(args, { redact: !!opts.redact, onProgress: progress });
      if (progress) process.stderr.write('\r\x1b[2K');
      try {
        await writeFile(opts.out, `${JSON.stringify(bundle, null, 2)}\n`);
      } catch (e) {
        throw new UsageError(`cannot write ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const kube = bundle.kubernetes.reachable ? `${bundle.kubernetes.pods?.length ?? 0} pods, ${bundle.kubernetes.events?.length ?? 0} events` : 'Kubernetes unreachable';
      process.stderr.write(`wrote ${opts.out}: ${bundle.arm.length} ARM resources, ${kube}${opts.redact ? ', redacted' : ''}\n`);
      return 0;
    }),
  );
}
