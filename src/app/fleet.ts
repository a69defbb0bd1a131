import { setMaxListeners } from 'node:events';
import { createAzureGateway, type AzureGatewayOptions } from '../azure/gateway.js';
import type { ManagedAzureGateway } from '../azure/ports.js';
import { parseFleetBundle } from '../bundle/fleet.js';
import type { RunningEmulator } from '../emulator/api.js';
import { scanFleet, type FleetScope } from '../fleet/scan.js';
import type { FleetReport } from '../fleet/report.js';
import { IncompleteError, UsageError } from './errors.js';
import { azureWiring, emulatorWiringFor, loadBundleFile, openSessionOn, scenarioBundle, type Session, type SessionDeps, type TargetArgs, type Wiring } from './session.js';

/** `scan`'s target: the sign-in and endpoint options of any command, and the scope. */
export interface FleetArgs extends TargetArgs {
  subscriptions: readonly string[];
  managementGroups: readonly string[];
}

export const DEFAULT_SCAN_TIMEOUT_MS = 300_000;
/** ARM requests in flight at once during a scan: spread over the fleet's subscriptions' read limits. */
const SCAN_ARM_CONCURRENCY = 16;

/** An open fleet: the gateways (the embedded emulator's, or Azure's), the scope, and per-cluster sessions. */
export interface Fleet {
  readonly scope: FleetScope;
  readonly gateway: ManagedAzureGateway;
  readonly wiring: Wiring;
  /** Scans the scope within the deadline (`--timeout`); throws when the inventory cannot be read. */
  scan(opts?: { onProgress?: (done: number, total: number) => void; concurrency?: number }): Promise<FleetReport>;
  /** Why the last scan was cut short by its deadline, if it was. */
  readonly deadlinePassed: string | undefined;
  /** A full single-cluster session (Kubernetes checks and fixes) on the same endpoint. */
  openCluster(clusterId: string): Promise<Session>;
  close(): Promise<void>;
}

async function fleetWiring(args: FleetArgs): Promise<Wiring> {
  if (args.bundle && args.scenario) throw new UsageError('give either --bundle or --scenario, not both');
  if (args.bundle || args.scenario) {
    const bundle = args.bundle ? await loadBundleFile(args.bundle, parseFleetBundle) : scenarioBundle(args.scenario ?? '');
    return emulatorWiringFor(bundle, { latencyMs: args.emulatorLatencyMs, faults: args.emulatorFaults, scenario: args.scenario, requestTimeoutMs: args.requestTimeoutMs, debug: args.debug });
  }
  if (args.emulatorLatencyMs !== undefined || args.emulatorFaults !== undefined) {
    throw new UsageError('--emulator-latency and --emulator-fault only apply to the embedded emulator (--scenario or --bundle)');
  }
  return azureWiring(args, '');
}

export async function openFleet(args: FleetArgs, deps: SessionDeps, opts: { onResponse?: AzureGatewayOptions['onResponse'] } = {}): Promise<Fleet> {
  const wiring = await fleetWiring(args);
  const gateway = createAzureGateway({ ...wiring.gatewayOptions, concurrency: SCAN_ARM_CONCURRENCY, onResponse: opts.onResponse });
  const scope: FleetScope = { subscriptions: [...args.subscriptions], managementGroups: [...args.managementGroups] };
  const timeoutMs = args.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS;
  let deadlinePassed: string | undefined;
  // Set by the deadline's timer: read through a function, which flow analysis does not narrow.
  const passed = (): string | undefined => deadlinePassed;
  const sessions = new Set<Session>();
  return {
    scope,
    gateway,
    wiring,
    get deadlinePassed() {
      return deadlinePassed;
    },
    scan: async (opts = {}) => {
      const controller = new AbortController();
      // Every cluster's diagnosis and request listens to the scan's deadline.
      setMaxListeners(0, controller.signal);
      deadlinePassed = undefined;
      const timer = setTimeout(() => {
        deadlinePassed = `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} from ${gateway.pendingHosts().join(' and ') || new URL(wiring.gatewayOptions.armEndpoint).host}`;
        controller.abort(new Error(deadlinePassed));
      }, timeoutMs);
      gateway.beginRun({ signal: controller.signal, deadline: Date.now() + timeoutMs });
      try {
        return await scanFleet({
          graph: gateway.resourceGraph, arm: gateway, checks: deps.checks, scope, signal: controller.signal,
          onProgress: opts.onProgress, concurrency: opts.concurrency, graphCountedInArm: true,
        });
      } catch (e) {
        // The deadline passed while the inventory was read: say so, not the cancelled request's words.
        const why = passed();
        if (why !== undefined) throw new IncompleteError(`the scan could not complete: ${why}`);
        throw e;
      } finally {
        clearTimeout(timer);
        gateway.beginRun(undefined);
      }
    },
    openCluster: async (clusterId) => {
      // The cluster's own session on the fleet's endpoint; the emulator stays the fleet's to close.
      const emulator = wiring.emulator ? (Object.create(wiring.emulator, { close: { value: () => Promise.resolve() } }) as RunningEmulator) : undefined;
      const session = await openSessionOn({ ...wiring, clusterId, emulator }, args, deps);
      sessions.add(session);
      const close = session.close.bind(session);
      return Object.assign(session, { close: async () => { sessions.delete(session); await close(); } });
    },
    close: async () => {
      await Promise.all([...sessions].map((s) => s.close()));
      gateway.close();
      await wiring.emulator?.close();
    },
  };
}
