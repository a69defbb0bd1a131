import type { ArmResource, Bundle } from '../bundle/types.js';
import type { RecordedResponse } from '../azure/gateway.js';
import { idKey, tryParseResourceId } from '../azure/resource-id.js';
import { buildBundle } from '../capture/build.js';
import { stripCredentials } from '../capture/secrets.js';
import type { FleetReport } from '../fleet/report.js';
import { IncompleteError } from './errors.js';
import { openFleet, type FleetArgs } from './fleet.js';
import type { SessionDeps } from './session.js';

/** A fleet bundle as written: bundle@1 without `cluster` (it holds many). */
export interface FleetBundle {
  schema: Bundle['schema'];
  description?: string | undefined;
  capturedAt?: string | undefined;
  arm: ArmResource[];
  kubernetes: Bundle['kubernetes'];
  [key: string]: unknown;
}

const RESOURCE_GRAPH_PATH = /\/providers\/Microsoft\.ResourceGraph\/resources$/i;

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Resource Graph rows (REST shape, `properties` projected) as bundle entries, types in the id's casing. */
function rowsAsResources(responses: readonly RecordedResponse[]): ArmResource[] {
  const out: ArmResource[] = [];
  for (const r of responses) {
    if (r.method.toUpperCase() !== 'POST' || r.status !== 200 || !RESOURCE_GRAPH_PATH.test(pathOf(r.url))) continue;
    let body: { data?: unknown };
    try {
      body = JSON.parse(r.bodyText) as { data?: unknown };
    } catch {
      continue;
    }
    if (!Array.isArray(body.data)) continue;
    for (const row of body.data as Record<string, unknown>[]) {
      const id = row.id;
      const type = row.type;
      if (typeof id !== 'string' || typeof type !== 'string') continue;
      const parsed = tryParseResourceId(id);
      if (!parsed) continue;
      const resource: ArmResource = {
        id,
        name: typeof row.name === 'string' ? row.name : parsed.name,
        type: parsed.fullType.toLowerCase() === type.toLowerCase() ? parsed.fullType : type,
        properties: (row.properties ?? {}) as Record<string, unknown>,
      };
      for (const key of ['location', 'sku', 'identity', 'tags', 'kind']) {
        const v = row[key];
        if (v !== null && v !== undefined && v !== '') resource[key] = v;
      }
      out.push(resource);
    }
  }
  return out;
}

/**
 * `capture --fleet`: a fleet bundle of exactly what a scan reads, the Resource Graph rows and the
 * ARM reads behind them (an ARM GET beats the same resource's row), credentials stripped, for
 * `scan --bundle` to replay offline.
 */
export async function captureFleet(args: FleetArgs, deps: SessionDeps): Promise<{ bundle: FleetBundle; report: FleetReport }> {
  const responses: RecordedResponse[] = [];
  const fleet = await openFleet(args, deps, { onResponse: (r) => responses.push(r) });
  try {
    const report = await fleet.scan();
    if (fleet.deadlinePassed) throw new IncompleteError(`the capture could not complete: ${fleet.deadlinePassed}`);
    const first = report.clusters[0];
    if (!first) throw new IncompleteError('no cluster in the scope: nothing to capture');
    const armBundle = buildBundle({ clusterId: first.cluster, arm: responses, kube: { reachable: false, reason: 'a fleet bundle holds no Kubernetes objects', responses: [] } });
    const byId = new Map(armBundle.arm.map((r) => [idKey(r.id), r] as const));
    // A row replaces what ARM's answers only proved to exist (the stub of a parent a child list proves).
    const provenOnly = (r: ArmResource | undefined): boolean => r !== undefined && Object.keys(r.properties ?? {}).length === 0;
    for (const r of rowsAsResources(responses)) {
      const key = idKey(r.id);
      if (!byId.has(key) || provenOnly(byId.get(key))) byId.set(key, stripCredentials(r));
    }
    const arm = [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
    const { cluster: _cluster, ...rest } = armBundle;
    return { bundle: { ...rest, description: `fleet capture: ${report.clusters.length} clusters`, arm }, report };
  } finally {
    await fleet.close();
  }
}
