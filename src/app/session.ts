import { readFile } from 'node:fs/promises';
import type { AzureGateway, ManagedAzureGateway } from '../azure/ports.js';
import { createAzureGateway, type AzureGatewayOptions } from '../azure/gateway.js';
import { createCredential, AZURE_ENV_TOKEN, EmulatorCredential } from '../azure/credentials.js';
import { resolveArmEndpoint } from '../azure/clouds.js';
import { isAzureError } from '../azure/errors.js';
import { managedClusterId, ResourceIdError, parseResourceId } from '../azure/resource-id.js';
import { BundleError, parseBundle } from '../bundle/validate.js';
import type { Bundle } from '../bundle/types.js';
import { startEmulator } from '../emulator/server.js';
import type { Fault, RunningEmulator } from '../emulator/api.js';
import { findScenario, SCENARIOS } from '../emulator/scenarios/index.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { applyEnvProxy, kubeConfigFromArm, loadKubeConfig, KubeConfigError } from '../kube/access.js';
import { createKubeGateway, notConfiguredKube } from '../kube/gateway.js';
import type { KubeReads, ManagedKubeReads } from '../kube/types.js';
import type { CheckRegistry } from '../engine/check.js';
import { diagnoseWithFacts } from '../engine/run.js';
import type { DiagnosisFacts } from '../domain/facts.js';
import type { EngineEvent, Report } from '../engine/types.js';
import { UsageError } from './errors.js';

/** Everything a command may be pointed at: a real cluster, a bundle file or a library scenario. */
export interface TargetArgs {
  clusterId?: string | undefined;
  resourceGroup?: string | undefined;
  name?: string | undefined;
  subscription?: string | undefined;
  bundle?: string | undefined;
  scenario?: string | undefined;
  /** Milliseconds of injected emulator latency (already parsed). */
  emulatorLatencyMs?: number | undefined;
  /** `--emulator-fault`, already parsed: faults the embedded emulator injects from the start. */
  emulatorFaults?: readonly Fault[] | undefined;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  noKube?: boolean | undefined;
  accessToken?: string | undefined;
  cloud?: string | undefined;
  armEndpoint?: string | undefined;
  caFile?: string | undefined;
  kubeTimeoutMs?: number | undefined;
  /** Per ARM request (connect, TLS and the whole body); default 15 s. Kubernetes too unless kubeTimeoutMs. */
  requestTimeoutMs?: number | undefined;
  /** The whole diagnosis; default 60 s. Unfinished requests are then cancelled and the report still written. */
  timeoutMs?: number | undefined;
  /** `--debug`: where request ids, attempts and chains of causes go. */
  debug?: ((line: string) => void) | undefined;
  /** `--no-history`: do not read the Activity Log behind root causes. */
  noHistory?: boolean | undefined;
}

export const DEFAULT_DIAGNOSIS_TIMEOUT_MS = 60_000;

/** What a session is opened with besides its target: the checks it diagnoses with. */
export interface SessionDeps {
  readonly checks: CheckRegistry;
  /** Read the Activity Log behind root causes (`--no-history` turns it off in the CLI). */
  readonly history?: boolean | undefined;
}

export interface Session {
  readonly clusterId: string;
  readonly azure: AzureGateway;
  readonly kube: KubeReads;
  /** The checks it diagnoses with: what remediations plan from besides the report. */
  readonly checks: CheckRegistry;
  /** What the last diagnosis resolved, for remediations to plan from (pre-flight still reads fresh). */
  readonly facts: DiagnosisFacts | undefined;
  /** Present when the target is the embedded emulator (`--bundle`, `--scenario`, demo). */
  readonly emulator?: RunningEmulator | undefined;
  /** The scenario name when the target is one. */
  readonly scenario?: string | undefined;
  /** A fresh diagnosis, within the session's deadline (`--timeout`); `signal` may cut it shorter. */
  diagnose(onEvent?: (e: EngineEvent) => void, opts?: { concurrency?: number; signal?: AbortSignal }): Promise<Report>;
  /** Why the last diagnosis was cut short by its deadline ("no answer within 60 s from …"), if it was. */
  readonly deadlinePassed: string | undefined;
  /** Cancels anything in flight and closes every connection (and the embedded emulator). */
  close(): Promise<void>;
}

/**
 * The emulator's sign-in: unsigned tokens per scope (ARM, or the AKS server app for Entra ID
 * clusters), never a real credential. The upn makes audit entries readable.
 */
function emulatorCredential(): EmulatorCredential {
  return new EmulatorCredential({ upn: 'demo@emulator.local', oid: '00000000-0000-0000-0000-0000000000de' });
}

/** Reads and validates a bundle file (`parse`: a cluster's bundle by default, or a fleet's); a bad file is a usage error. */
export async function loadBundleFile(path: string, parse: (text: string, source: string) => Bundle = parseBundle): Promise<Bundle> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read bundle ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  try {
    return parse(text, path);
  } catch (e) {
    if (e instanceof BundleError) throw new UsageError(e.message);
    throw e;
  }
}

export function scenarioBundle(name: string): Bundle {
  const s = findScenario(name);
  if (!s) {
    throw new UsageError(`unknown scenario "${name}"; run \`aks-netiso scenarios\` for the list (${SCENARIOS.length} scenarios)`);
  }
  return s.build();
}

/** No cluster named and no offline target: the UI offers the subscription's clusters. */
export function needsClusterPicker(args: TargetArgs): boolean {
  return !args.clusterId && !args.resourceGroup && !args.name && !args.bundle && !args.scenario;
}

/** Resolves `--cluster-id` or `-g/-n[/--subscription]` to one managed cluster id. */
export function resolveClusterId(args: TargetArgs): string | undefined {
  if (args.clusterId) {
    if (args.resourceGroup || args.name) throw new UsageError('give either --cluster-id or -g/-n, not both');
    try {
      const id = parseResourceId(args.clusterId);
      if (id.fullType.toLowerCase() !== 'microsoft.containerservice/managedclusters') {
        throw new UsageError(`--cluster-id must be a managed cluster id (…/providers/Microsoft.ContainerService/managedClusters/NAME); got a ${id.fullType} id`);
      }
      return id.id;
    } catch (e) {
      if (e instanceof ResourceIdError) throw new UsageError(`--cluster-id: ${e.message}`);
      throw e;
    }
  }
  if (args.resourceGroup || args.name) {
    if (!args.resourceGroup) throw new UsageError('-n/--name needs -g/--resource-group too');
    if (!args.name) throw new UsageError('-g/--resource-group needs -n/--name too');
    const sub = args.subscription ?? process.env.AZURE_SUBSCRIPTION_ID;
    if (!sub) throw new UsageError('with -g/-n, give --subscription (or set AZURE_SUBSCRIPTION_ID), or use --cluster-id');
    return managedClusterId(sub, args.resourceGroup, args.name);
  }
  return undefined;
}

/** How to reach the target: the cluster id, the ARM client options, and the emulator if embedded. */
export interface Wiring {
  clusterId: string;
  gatewayOptions: AzureGatewayOptions;
  emulator?: RunningEmulator | undefined;
  scenario?: string | undefined;
}

/** The embedded emulator serving a bundle, and client options to reach it over loopback HTTPS. */
export async function emulatorWiringFor(
  bundle: Bundle,
  opts: { latencyMs?: number | undefined; faults?: readonly Fault[] | undefined; scenario?: string | undefined; clusterId?: string | undefined; requestTimeoutMs?: number | undefined; debug?: TargetArgs['debug'] },
): Promise<Wiring> {
  const emulator = await startEmulator({ bundle, latencyMs: opts.latencyMs, faults: opts.faults });
  return {
    clusterId: opts.clusterId ?? bundle.cluster,
    emulator,
    scenario: opts.scenario,
    gatewayOptions: {
      credential: emulatorCredential(),
      armEndpoint: emulator.url,
      caPem: emulator.caPem,
      // Loopback: a proxy from the environment must never carry the emulator's traffic.
      envProxy: false,
      requestTimeoutMs: opts.requestTimeoutMs,
      debug: opts.debug,
      // Replay: the Activity Log's 90 days end at the capture, as the emulator's retention does.
      activityLogAsOf: bundle.capturedAt,
      // The emulator's operations finish after a poll or two, and its faults are scripted:
      // short waits keep the demo and the tests brisk. Real ARM keeps the SDK defaults.
      lroPollIntervalMs: 50,
      retry: { retryDelayInMs: 20, maxRetryDelayInMs: 200 },
    },
  };
}

async function emulatorWiring(args: TargetArgs): Promise<Wiring> {
  if (args.bundle && args.scenario) throw new UsageError('give either --bundle or --scenario, not both');
  const bundle = args.bundle ? await loadBundleFile(args.bundle) : scenarioBundle(args.scenario ?? '');
  return emulatorWiringFor(bundle, {
    latencyMs: args.emulatorLatencyMs, faults: args.emulatorFaults, scenario: args.scenario, clusterId: resolveClusterId(args), requestTimeoutMs: args.requestTimeoutMs, debug: args.debug,
  });
}

export async function azureWiring(args: TargetArgs, clusterId: string): Promise<Wiring> {
  let endpoint;
  try {
    endpoint = resolveArmEndpoint({ cloud: args.cloud, armEndpoint: args.armEndpoint });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let caPem: string | undefined;
  if (args.caFile) {
    try {
      caPem = await readFile(args.caFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --ca-file ${args.caFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new UsageError(`--ca-file ${args.caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the CA that signed the ARM endpoint's certificate`);
    }
  }
  const token = args.accessToken ?? process.env[AZURE_ENV_TOKEN];
  return {
    clusterId,
    gatewayOptions: {
      credential: createCredential({ accessToken: token, authorityHost: endpoint.authorityHost }),
      armEndpoint: endpoint.endpoint, scope: endpoint.scope, caPem, requestTimeoutMs: args.requestTimeoutMs, debug: args.debug,
    },
  };
}

/** A new Kubernetes gateway for one diagnosis, cancelled by its signal. */
type KubeFactory = (signal: AbortSignal | undefined) => ManagedKubeReads;

function fixedKube(reads: KubeReads): KubeFactory {
  return () => ({ ...reads, pendingHosts: () => [] });
}

/**
 * Reads whose kubeconfig is resolved on first use, inside the diagnosis: the ARM call for the
 * cluster's user credentials then runs beside the other reads and under the same deadline,
 * instead of before the diagnosis with no deadline at all.
 */
function lazyKube(resolve: () => Promise<KubeFactory>, signal: AbortSignal | undefined): ManagedKubeReads {
  let made: ManagedKubeReads | undefined;
  let pending: Promise<ManagedKubeReads> | undefined;
  const get = (): Promise<ManagedKubeReads> => (pending ??= resolve().then((f) => (made = f(signal))));
  return {
    version: async () => (await get()).version(),
    nodes: async () => (await get()).nodes(),
    pods: async () => (await get()).pods(),
    podWarningEvents: async () => (await get()).podWarningEvents(),
    stats: () => made?.stats() ?? { requests: 0 },
    pendingHosts: () => made?.pendingHosts() ?? [],
  };
}

/**
 * How the session reaches Kubernetes: a factory, because every diagnosis must read the
 * cluster fresh (a fix is verified by diagnosing again), while the kubeconfig is resolved once.
 */
function kubeFor(args: TargetArgs, azure: AzureGateway, clusterId: string, opts: { envProxy: boolean }): KubeFactory {
  const timeoutMs = args.kubeTimeoutMs ?? args.requestTimeoutMs;
  const gatewayFor = (kc: KubeConfig): KubeFactory => {
    if (opts.envProxy) applyEnvProxy(kc);
    return (signal) => createKubeGateway(kc, { timeoutMs, signal, debug: args.debug });
  };
  if (args.noKube) return fixedKube(notConfiguredKube('--no-kube was given: the Kubernetes checks were not run'));
  if (args.kubeconfig || args.context) {
    try {
      return gatewayFor(loadKubeConfig({ kubeconfigPath: args.kubeconfig, context: args.context }));
    } catch (e) {
      if (e instanceof KubeConfigError) throw new UsageError(e.message);
      throw e;
    }
  }
  let resolved: KubeFactory | undefined;
  const resolve = async (): Promise<KubeFactory> => {
    if (resolved) return resolved;
    try {
      resolved = gatewayFor(await kubeConfigFromArm(azure, clusterId));
      return resolved;
    } catch (e) {
      // No kubeconfig from ARM (permission, local accounts off…): the Azure side still runs.
      // Not kept: the next diagnosis asks ARM again.
      const why = isAzureError(e) ? e.describe() : e instanceof Error ? e.message : String(e);
      return fixedKube(notConfiguredKube(`no kubeconfig: reading the cluster's user credentials failed (${why}); pass --kubeconfig`));
    }
  };
  return (signal) => lazyKube(resolve, signal);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A session whose every diagnosis reads fresh: ARM memo cleared, a new Kubernetes gateway. */
function makeSession(wiring: Wiring, azure: ManagedAzureGateway, makeKube: KubeFactory, timeoutMs: number, deps: SessionDeps): Session {
  let kube = makeKube(undefined);
  let first = true;
  let deadlinePassed: string | undefined;
  let facts: DiagnosisFacts | undefined;
  const closeEmulator = async (): Promise<void> => {
    await wiring.emulator?.close();
  };
  return {
    clusterId: wiring.clusterId,
    azure,
    checks: deps.checks,
    get facts() {
      return facts;
    },
    get kube() {
      return kube;
    },
    get deadlinePassed() {
      return deadlinePassed;
    },
    emulator: wiring.emulator,
    scenario: wiring.scenario,
    diagnose: async (onEvent, opts) => {
      const controller = new AbortController();
      const deadline = Date.now() + timeoutMs;
      deadlinePassed = undefined;
      const timer = setTimeout(() => {
        // Name who kept us waiting: the hosts with requests still unfinished.
        const hosts = [...new Set([...azure.pendingHosts(), ...kube.pendingHosts()])];
        const who = hosts.length > 0 ? hosts.join(' and ') : hostOf(wiring.gatewayOptions.armEndpoint);
        deadlinePassed = `no answer within ${Math.round(timeoutMs / 1000)} s from ${who}`;
        controller.abort(new Error(deadlinePassed));
      }, timeoutMs);
      if (!first) azure.clearCache();
      kube = makeKube(controller.signal);
      first = false;
      azure.beginRun({ signal: controller.signal, deadline });
      // The engine's deadline: unfinished checks end `error` with the signal's reason.
      const signal = opts?.signal ? AbortSignal.any([controller.signal, opts.signal]) : controller.signal;
      try {
        const diagnosis = await diagnoseWithFacts({ clusterId: wiring.clusterId, azure, kube, checks: deps.checks, onEvent, concurrency: opts?.concurrency, signal, history: deps.history === true });
        facts = diagnosis.facts;
        return diagnosis.report;
      } finally {
        clearTimeout(timer);
        azure.beginRun(undefined);
      }
    },
    close: async () => {
      azure.close();
      await closeEmulator();
    },
  };
}

/**
 * Opens a session on the target: the embedded emulator for `--bundle`/`--scenario` (the same
 * gateways and engine as a real cluster, over loopback HTTPS), else Azure.
 */
export async function resolveWiring(args: TargetArgs): Promise<Wiring> {
  if (args.bundle || args.scenario) return emulatorWiring(args);
  if (args.emulatorLatencyMs !== undefined) {
    throw new UsageError('--emulator-latency only applies to the embedded emulator (--scenario or --bundle), not to a real cluster');
  }
  if (args.emulatorFaults !== undefined) {
    throw new UsageError('--emulator-fault only applies to the embedded emulator (--scenario or --bundle), not to a real cluster');
  }
  const clusterId = resolveClusterId(args);
  if (!clusterId) throw new UsageError('which cluster? give --cluster-id ID, or -g RG -n NAME [--subscription S], or --scenario NAME / --bundle FILE');
  return azureWiring(args, clusterId);
}

export async function openSession(args: TargetArgs, deps: SessionDeps): Promise<Session> {
  return openSessionOn(await resolveWiring(args), args, deps);
}

/**
 * A session over wiring already resolved (the fleet view opens one per cluster on the scan's
 * emulator or endpoint). Closing it closes `wiring.emulator` when there is one.
 */
export async function openSessionOn(wiring: Wiring, args: TargetArgs, deps: SessionDeps): Promise<Session> {
  const azure = createAzureGateway(wiring.gatewayOptions);
  try {
    const kube = kubeFor(args, azure, wiring.clusterId, { envProxy: !wiring.emulator });
    return makeSession(wiring, azure, kube, args.timeoutMs ?? DEFAULT_DIAGNOSIS_TIMEOUT_MS, { ...deps, history: deps.history ?? args.noHistory !== true });
  } catch (e) {
    azure.close();
    await wiring.emulator?.close();
    throw e;
  }
}

/** For tests and the remediation helpers: a session on a library scenario or a bundle. */
export async function openEmulatorSession(opts: { scenario?: string; bundle?: Bundle; latencyMs?: number; noKube?: boolean; checks: CheckRegistry; history?: boolean }): Promise<Session & { emulator: RunningEmulator }> {
  const bundle = opts.bundle ?? scenarioBundle(opts.scenario ?? '');
  const wiring = await emulatorWiringFor(bundle, { latencyMs: opts.latencyMs, scenario: opts.bundle ? undefined : opts.scenario });
  const emulator = wiring.emulator as RunningEmulator;
  const azure = createAzureGateway(wiring.gatewayOptions);
  try {
    const session = makeSession(wiring, azure, kubeFor({ noKube: opts.noKube }, azure, wiring.clusterId, { envProxy: false }), DEFAULT_DIAGNOSIS_TIMEOUT_MS, opts);
    return Object.assign(session, { emulator });
  } catch (e) {
    azure.close();
    await emulator.close();
    throw e;
  }
}
