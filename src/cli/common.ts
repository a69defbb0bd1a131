import { access, constants, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Option, type Command } from 'commander';
import { EXIT, IncompleteError, UsageError } from '../core/errors.js';
import { causeChain, isAzureError } from '../azure/errors.js';
import type { SessionDeps, TargetArgs } from '../app/session.js';
import { parseDuration } from '../emulator/duration.js';
import type { Fault } from '../emulator/api.js';
import { FAULT_SPEC_HELP, parseFaultSpec } from '../emulator/fault-spec.js';

/** What the commands are given by the composition root (main.ts): the checks to run. */
export type ProgramDeps = SessionDeps;

/** Options every command that reads a cluster accepts (sign-in, endpoint, target, Kubernetes). */
export function addTargetOptions(cmd: Command, opts: { kube?: boolean; offline?: boolean } = {}): Command {
  cmd
    .option('--cluster-id <id>', 'the managed cluster resource id')
    .option('-g, --resource-group <rg>', 'resource group of the cluster (with -n)')
    .option('-n, --name <name>', 'cluster name (with -g)')
    .option('--subscription <id>', 'subscription id (with -g/-n; default $AZURE_SUBSCRIPTION_ID)')
    .option('--access-token <token>', 'a pre-fetched ARM token (az account get-access-token); default $AKS_NETISO_ACCESS_TOKEN, else DefaultAzureCredential')
    .addOption(new Option('--cloud <cloud>', 'Azure cloud').choices(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']))
    .option('--arm-endpoint <url>', 'Azure Resource Manager endpoint for any other cloud')
    .option('--ca-file <pem>', 'extra CA certificate (PEM) to trust, e.g. a private CA or a TLS-inspecting proxy\'s')
    .option('--request-timeout <duration>', 'timeout per ARM and Kubernetes request, covering connect, TLS and the whole answer', '15s')
    .option('--timeout <duration>', 'deadline for the whole diagnosis: unfinished checks are then reported as errors', '60s')
    .option('--debug', 'print each request (status, request id, time) and the chain of causes of each fault on stderr')
    .option('--no-history', 'do not read the Activity Log for who changed the resources behind each root cause');
  if (opts.kube !== false) {
    cmd
      .option('--kubeconfig <file>', 'kubeconfig to use (default: the cluster user kubeconfig from ARM)')
      .option('--context <name>', 'kubeconfig context')
      .option('--no-kube', 'do not read Kubernetes (the pods.* and nodes.* checks are skipped)')
      .option('--kube-timeout <duration>', 'timeout per Kubernetes call (default: --request-timeout)');
  }
  if (opts.offline !== false) {
    cmd
      .option('--bundle <file>', 'run offline against an aks-netiso/bundle@1 file (embedded emulator)')
      .option('--scenario <name>', 'run offline against a scenario of the library (see `aks-netiso scenarios`), or fleet:N (N generated clusters over N/50 subscriptions, docs/resource-graph.md)')
      .option('--emulator-latency <duration>', 'latency the embedded emulator adds per request, e.g. 50ms')
      .option('--emulator-fault <spec>', `a fault the embedded emulator injects (repeatable). ${FAULT_SPEC_HELP}`, collect, []);
  }
  return cmd;
}

/** `--emulator-fault` values to emulator faults; a bad SPEC is a usage error (exit 2) saying why. */
export function faultOptions(values: unknown): Fault[] | undefined {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  return values.map((value) => {
    try {
      return parseFaultSpec(String(value));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
}

export function durationOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value);
  } catch (e) {
    throw new UsageError(`${name}: ${(e as Error).message}`);
  }
}

function str(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  return typeof v === 'string' ? v : undefined;
}

/** `--debug` or AKS_NETISO_DEBUG: say what happened on the wire, and show stack traces. */
export function debugEnabled(raw: Record<string, unknown> = {}): boolean {
  return raw.debug === true || !!process.env.AKS_NETISO_DEBUG;
}

function debugLine(line: string): void {
  process.stderr.write(`aks-netiso debug: ${line}\n`);
}

/** A duration option that must be more than zero. */
function positiveDuration(name: string, value: string | undefined): number | undefined {
  const ms = durationOption(name, value);
  if (ms !== undefined && ms <= 0) throw new UsageError(`${name} must be more than 0, e.g. 15s`);
  return ms;
}

/** Commander's parsed options (camel-cased) to the session's target arguments. */
export function targetArgs(raw: Record<string, unknown>): TargetArgs {
  if (raw.debug === true) process.env.AKS_NETISO_DEBUG ??= '1';
  const requestTimeoutMs = positiveDuration('--request-timeout', str(raw, 'requestTimeout'));
  return {
    clusterId: str(raw, 'clusterId'),
    resourceGroup: str(raw, 'resourceGroup'),
    name: str(raw, 'name'),
    subscription: str(raw, 'subscription'),
    accessToken: str(raw, 'accessToken'),
    cloud: str(raw, 'cloud'),
    armEndpoint: str(raw, 'armEndpoint'),
    caFile: str(raw, 'caFile'),
    kubeconfig: str(raw, 'kubeconfig'),
    context: str(raw, 'context'),
    noKube: raw.kube === false,
    kubeTimeoutMs: positiveDuration('--kube-timeout', str(raw, 'kubeTimeout')) ?? requestTimeoutMs,
    requestTimeoutMs,
    timeoutMs: positiveDuration('--timeout', str(raw, 'timeout')),
    debug: debugEnabled(raw) ? debugLine : undefined,
    bundle: str(raw, 'bundle'),
    scenario: str(raw, 'scenario'),
    emulatorLatencyMs: durationOption('--emulator-latency', str(raw, 'emulatorLatency')),
    emulatorFaults: faultOptions(raw.emulatorFault),
    noHistory: raw.history === false,
  };
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${name} must be one of ${allowed.join(', ')}; got "${value}"`);
}

/** Whether colour may be used on this stream (NO_COLOR and FORCE_COLOR honoured). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY;
}

/**
 * Runs a command body and turns what it throws into the documented exit codes with one clear
 * line on stderr: never a stack trace unless AKS_NETISO_DEBUG is set.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    quietBrokenPipes();
    let code: number;
    try {
      code = await fn(...args);
    } catch (e) {
      code = reportError(e);
    }
    process.exitCode = code;
  };
}

let pipesWatched = false;

/**
 * `aks-netiso diagnose | head -1`: the reader going away is not an error worth a stack trace
 * (node's default for an unhandled EPIPE); stop quietly, as other command-line tools do.
 */
function quietBrokenPipes(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      process.exitCode = EXIT.incomplete;
    });
  }
}

export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`aks-netiso: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof IncompleteError) {
    process.stderr.write(`aks-netiso: ${e.message}\n`);
    return EXIT.incomplete;
  }
  if (isAzureError(e)) {
    // A fault talking to Azure outside a diagnosis (a plan's fresh read, a write): in words, exit 3.
    process.stderr.write(`aks-netiso: ${e.describe()}\n`);
    if (debugEnabled()) for (const line of causeChain(e)) process.stderr.write(`aks-netiso debug:   ${line}\n`);
    return EXIT.incomplete;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`aks-netiso: internal error: ${message}\n`);
  if (debugEnabled() && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else process.stderr.write('aks-netiso: run with --debug (or AKS_NETISO_DEBUG=1) for details, and please report it\n');
  return EXIT.incomplete;
}

/** Commander's collector for repeatable options (`--pool a --pool b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}


/** A failed write of an output file as a usage error, in words rather than an errno code. */
export function explainWriteError(file: string, e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'its folder does not exist'
    : code === 'ENOTDIR' ? 'a part of its path is a file, not a folder'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'ENOSPC' ? 'the disk is full'
    : (code ?? (e as Error).message);
  throw new UsageError(`cannot write ${file}: ${why}; choose another path`);
}

/** Checks, before any work, that a file could be written where asked. */
export async function checkWritable(file: string): Promise<void> {
  await access(dirname(file), constants.W_OK).catch((e: unknown) => explainWriteError(file, e));
  if ((await stat(file).catch(() => undefined))?.isDirectory()) explainWriteError(file, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
}
