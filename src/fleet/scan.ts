/**
 * The fleet scan: the inventory from a handful of Resource Graph queries, then every cluster
 * judged by the Azure-side checks on the inventory's facts (ARM only for what Resource Graph
 * lacks), concurrently; the result is `aks-netiso/fleet@1`.
 */
import pLimit from 'p-limit';
import type { AzureReads, AzureRequestStats } from '../azure/ports.js';
import { isAzureError } from '../azure/errors.js';
import type { CheckRegistry } from '../engine/check.js';
import { diagnoseWithFacts } from '../engine/run.js';
import { notConfiguredKube } from '../kube/gateway.js';
import { clusterPlace, inventoryReads, overlay, type InventoryRows, type RawResource } from './inventory-reads.js';
import { ROLE_ASSIGNMENTS_QUERY } from './role-assignments.js';
import { INVENTORY_QUERY, RECORDS_QUERY, toInventory } from './queries.js';
import { FLEET_SCHEMA, fleetClusterError, fleetClusterOf, sortedBySeverity, type FleetCluster, type FleetReport } from './report.js';

/** Check groups that need the cluster's API or its scale sets: a full diagnosis runs them, the scan does not. */
export const NOT_SCANNED_GROUPS: readonly string[] = ['pods', 'nodes'];

/** The checks a scan runs: the Azure-side ones, in registry order. */
export function fleetChecks(checks: CheckRegistry): CheckRegistry {
  return checks.filter((c) => !NOT_SCANNED_GROUPS.includes(c.id.split('.')[0] ?? ''));
}

/** What the scan asks Resource Graph: both empty = every subscription the credential sees. */
export interface FleetScope {
  subscriptions: readonly string[];
  managementGroups: readonly string[];
}

/** The Resource Graph gateway as the scan uses it. */
export interface FleetGraph {
  query<Row = Record<string, unknown>>(kql: string, scope?: { subscriptions?: readonly string[] | undefined; managementGroups?: readonly string[] | undefined }, name?: string): Promise<Row[]>;
  stats(): { queries: number; throttled: number };
}

export interface ScanOptions {
  graph: FleetGraph;
  arm: AzureReads & { stats(): AzureRequestStats };
  checks: CheckRegistry;
  scope: FleetScope;
  /** Clusters judged at once (default 64); ARM's own concurrency limit still holds. */
  concurrency?: number | undefined;
  /** The scan's deadline: clusters not judged by then are `error`. */
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Resource Graph requests that went through the ARM gateway's counters too (subtracted from armRequests). */
  graphCountedInArm?: boolean | undefined;
}

export const DEFAULT_SCAN_CONCURRENCY = 64;

const KUBE_NOT_READ = 'the fleet scan judges the Azure side only: open the cluster (or run diagnose) for its Kubernetes checks';

function reasonOf(e: unknown): string {
  if (isAzureError(e)) return e.describe();
  return e instanceof Error ? e.message : String(e);
}

/** Reads the inventory: every query of the scan, concurrently (each pages on its own). */
export async function readInventory(graph: FleetGraph, scope: FleetScope): Promise<InventoryRows> {
  const s = { subscriptions: scope.subscriptions, managementGroups: scope.managementGroups };
  const [resources, records, roleAssignments] = await Promise.all([
    graph.query<Record<string, unknown>>(INVENTORY_QUERY.kql, s, INVENTORY_QUERY.name),
    graph.query<Record<string, unknown>>(RECORDS_QUERY.kql, s, RECORDS_QUERY.name),
    graph.query<RawResource>(ROLE_ASSIGNMENTS_QUERY.kql, s, ROLE_ASSIGNMENTS_QUERY.name),
  ]);
  return { ...toInventory(resources, records), roleAssignments: roleAssignments.filter((r) => typeof r.id === 'string') };
}

/** One cluster judged by the given checks over `azure`: the same engine as `diagnose`, without Kubernetes. */
export async function judgeCluster(clusterId: string, azure: ScanOptions['arm'], checks: CheckRegistry, signal?: AbortSignal): Promise<import('../core/report.js').Report> {
  // One check at a time per cluster (no prefetch): reads not needed are never sent; clusters run side by side.
  const { report } = await diagnoseWithFacts({ clusterId, azure, kube: notConfiguredKube(KUBE_NOT_READ), checks, concurrency: 1, signal, history: false });
  return report;
}

/**
 * Scans the fleet. Throws when the inventory cannot be read (the scan could not complete); a
 * cluster whose own reads fail is an `error` line, never the end of the scan.
 */
export async function scanFleet(o: ScanOptions): Promise<FleetReport> {
  const started = performance.now();
  const scannedAt = new Date().toISOString();
  const armBefore = o.arm.stats();
  const graphBefore = o.graph.stats();
  const inventory = await readInventory(o.graph, o.scope);
  const reads = overlay(o.arm, inventoryReads(inventory, o.arm, { subscriptions: o.scope.subscriptions }));
  const checks = fleetChecks(o.checks);
  const limit = pLimit(Math.max(1, o.concurrency ?? DEFAULT_SCAN_CONCURRENCY));
  const total = inventory.clusters.length;
  let done = 0;
  o.onProgress?.(0, total);
  const clusters: FleetCluster[] = await Promise.all(
    inventory.clusters.map((row) =>
      limit(async (): Promise<FleetCluster> => {
        const place = clusterPlace(row);
        try {
          if (o.signal?.aborted) return fleetClusterError(place, `not judged: ${reasonOf(o.signal.reason)}`);
          return fleetClusterOf(place, await judgeCluster(row.id, reads, checks, o.signal));
        } catch (e) {
          return fleetClusterError(place, reasonOf(e));
        } finally {
          o.onProgress?.(++done, total);
        }
      }),
    ),
  );
  const graphAfter = o.graph.stats();
  const armAfter = o.arm.stats();
  const queries = graphAfter.queries - graphBefore.queries;
  const graphThrottled = graphAfter.throttled - graphBefore.throttled;
  const subscriptions = o.scope.subscriptions.length > 0 ? [...o.scope.subscriptions] : [...new Set(clusters.map((c) => c.subscriptionId))].sort();
  return {
    schema: FLEET_SCHEMA,
    scannedAt,
    scope: { subscriptions, managementGroups: [...o.scope.managementGroups] },
    clusters: sortedBySeverity(clusters),
    stats: {
      clusters: clusters.length,
      resourceGraphQueries: queries,
      // Every attempt the pipeline sent, less Resource Graph's (its pages and their throttled retries).
      armRequests: armAfter.requests - armBefore.requests - (o.graphCountedInArm ? queries + graphThrottled : 0),
      throttled: (armAfter.throttled ?? 0) - (armBefore.throttled ?? 0) + (o.graphCountedInArm ? 0 : graphThrottled),
      durationMs: Math.round(performance.now() - started),
    },
  };
}
