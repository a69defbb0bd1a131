import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../app/errors.js';
import { SCENARIOS } from '../emulator/scenarios/index.js';
import { FAULT_SPEC_HELP } from '../emulator/fault-spec.js';
import { action, collect, durationOption, faultOptions, oneOf } from './common.js';

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the scenario library of the embedded emulator')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(
      action(async (opts: { output?: string }) => {
        const format = oneOf('--output', opts.output, ['text', 'json'] as const, 'text');
        const rows = SCENARIOS.map((s) => ({ name: s.name, description: s.description }));
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        } else {
          const width = Math.max(...rows.map((r) => r.name.length));
          for (const r of rows) process.stdout.write(`${r.name.padEnd(width)}  ${r.description}\n`);
        }
        return Promise.resolve(0);
      }),
    );
}

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('serve a scenario or bundle as Azure Resource Manager and the Kubernetes API on 127.0.0.1 until Ctrl-C')
    .option('--scenario <name>', 'a scenario of the library, or fleet:N: N generated network isolated clusters over ceil(N/50) subscriptions, a fixed share broken (docs/resource-graph.md)')
    .option('--bundle <file>', 'an aks-netiso/bundle@1 file')
    .option('--emulator-latency <duration>', 'latency added per request, e.g. 50ms')
    .option('--emulator-fault <spec>', `a fault to inject (repeatable). ${FAULT_SPEC_HELP}`, collect, [])
    .option('--print-env', 'print one JSON line with armEndpoint, kubeconfig, caCertificate, subscriptionId, clusterId')
    .option('--kubeconfig <file>', 'also write the kubeconfig of the emulated API server to FILE (for kubectl --kubeconfig FILE)')
    .action(
      action(async (opts: { scenario?: string; bundle?: string; emulatorLatency?: string; emulatorFault?: string[]; printEnv?: boolean; kubeconfig?: string }) => {
        if (!opts.scenario && !opts.bundle) throw new UsageError('give --scenario NAME or --bundle FILE');
        if (opts.scenario && opts.bundle) throw new UsageError('give either --scenario or --bundle, not both');
        const latencyMs = durationOption('--emulator-latency', opts.emulatorLatency);
        const faults = faultOptions(opts.emulatorFault);
        const { loadBundleFile, scenarioBundle } = await import('../app/session.js');
        const { startEmulator } = await import('../emulator/server.js');
        const bundle = opts.bundle ? await loadBundleFile(opts.bundle) : scenarioBundle(opts.scenario ?? '');
        const emulator = await startEmulator({ bundle, latencyMs, faults });
        const dir = await mkdtemp(join(tmpdir(), 'aks-netiso-emulator-'));
        const env = await emulator.writeEnv(dir);
        if (opts.kubeconfig) {
          env.kubeconfig = resolve(opts.kubeconfig);
          try {
            await writeFile(env.kubeconfig, emulator.kubeconfigYaml(), { encoding: 'utf8', mode: 0o600 });
          } catch (e) {
            // The listening server would keep the process alive: stop it before saying why.
            await emulator.close();
            await rm(dir, { recursive: true, force: true });
            throw new UsageError(`cannot write the kubeconfig to ${env.kubeconfig}: ${(e as Error).message}`);
          }
        }
        if (opts.printEnv) {
          process.stdout.write(`${JSON.stringify(env)}\n`);
        } else {
          process.stdout.write(
            [
              `aks-netiso emulator serving ${opts.scenario ? `scenario ${opts.scenario}` : opts.bundle ?? ''}`,
              `  ARM endpoint : ${env.armEndpoint}`,
              `  kubeconfig   : ${env.kubeconfig}`,
              `  CA (PEM)     : ${env.caCertificate}`,
              `  cluster id   : ${env.clusterId}`,
              `Try: aks-netiso diagnose --cluster-id '${env.clusterId}' --arm-endpoint ${env.armEndpoint} --ca-file ${env.caCertificate} --access-token emulator --kubeconfig ${env.kubeconfig}`,
              `     kubectl --kubeconfig ${env.kubeconfig} get pods -A`,
              'Ctrl-C stops it.',
              '',
            ].join('\n'),
          );
        }
        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await emulator.close();
        await rm(dir, { recursive: true, force: true });
        return 0;
      }),
    );
}
