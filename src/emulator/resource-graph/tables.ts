import type { ArmResource, Bundle } from '../../bundle/types.js';
import { tryParseResourceId } from '../../azure/resource-id.js';
import { TENANT } from '../fixtures/ids.js';
import type { Row } from './kql.js';

/**
 * Resource Graph's tables over the emulator's state. `resources` holds tracked resources and the
 * few child types Resource Graph indexes (registry replications, private DNS zone links);
 * `dnsresources` the private DNS record sets, `authorizationresources` role assignments and
 * definitions. Agent pools, cache rules, credential sets, zone groups and scale set instances are in none,
 * as on the service. `type` and `resourceGroup` come back lower-cased; `id` as stored.
 */

export const TABLE_COLUMNS = ['id', 'name', 'type', 'tenantId', 'kind', 'location', 'resourceGroup', 'subscriptionId', 'managedBy', 'sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'] as const;

export type TableName = 'resources' | 'dnsresources' | 'authorizationresources';
export const TABLES: readonly TableName[] = ['resources', 'dnsresources', 'authorizationresources'];

const RECORD_TYPE = /^microsoft\.network\/privatednszones\/(a|aaaa|cname|mx|ptr|soa|srv|txt)$/;
/** Child types Resource Graph indexes in `resources`; every other child type is in no table we serve. */
const INDEXED_CHILDREN = new Set(['microsoft.containerregistry/registries/replications', 'microsoft.network/privatednszones/virtualnetworklinks']);

export function tableOf(type: string): TableName | undefined {
  const t = type.toLowerCase();
  if (RECORD_TYPE.test(t)) return 'dnsresources';
  if (t === 'microsoft.authorization/roleassignments' || t === 'microsoft.authorization/roledefinitions') return 'authorizationresources';
  if (t.startsWith('microsoft.authorization/')) return undefined;
  const depth = t.split('/').length - 1;
  if (depth === 1 || INDEXED_CHILDREN.has(t)) return 'resources';
  return undefined;
}

function field(r: ArmResource, key: string): unknown {
  const v = r[key];
  return v === undefined ? null : v;
}

/** A role assignment's row carries its `scope` (the id before `/providers/Microsoft.Authorization/roleAssignments/`), as Resource Graph's does. */
function withScope(r: ArmResource): Record<string, unknown> {
  const props = r.properties ?? {};
  if (r.type.toLowerCase() !== 'microsoft.authorization/roleassignments' || props['scope'] !== undefined) return props;
  const at = r.id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/roleassignments/');
  return at < 0 ? props : { ...props, scope: r.id.slice(0, at) || '/' };
}

/** One row as Resource Graph returns it. Values are the stored objects (not copied): rows are serialised at once. */
export function rowOf(r: ArmResource): Row | undefined {
  const parsed = tryParseResourceId(r.id);
  if (!parsed) return undefined;
  return {
    id: r.id,
    name: r.name,
    type: r.type.toLowerCase(),
    tenantId: TENANT,
    kind: field(r, 'kind') ?? '',
    location: (r.location ?? '').toLowerCase(),
    resourceGroup: (parsed.resourceGroup ?? '').toLowerCase(),
    subscriptionId: parsed.subscriptionId,
    managedBy: field(r, 'managedBy') ?? '',
    sku: field(r, 'sku'),
    plan: field(r, 'plan'),
    properties: withScope(r),
    tags: field(r, 'tags'),
    identity: field(r, 'identity'),
    zones: field(r, 'zones'),
    extendedLocation: field(r, 'extendedLocation'),
  };
}

/** The rows of a table in the given subscriptions (undefined: all of them). */
export function tableRows(bundle: Bundle, table: TableName, subscriptions: ReadonlySet<string> | undefined): Row[] {
  const out: Row[] = [];
  for (const r of bundle.arm) {
    if (tableOf(r.type) !== table) continue;
    const row = rowOf(r);
    if (!row) continue;
    if (subscriptions && !subscriptions.has(String(row['subscriptionId']).toLowerCase())) continue;
    out.push(row);
  }
  return out;
}
