import type { Bundle } from '../../bundle/types.js';
import { idKey, parentId, tryParseResourceId } from '../../azure/resource-id.js';
import { find, propsOf } from './store.js';

/** Record-set types of a private DNS zone (`…/privateDnsZones/Z/<TYPE>/<name>`). */
export const RECORD_TYPES = new Set(['a', 'aaaa', 'cname', 'mx', 'ptr', 'soa', 'srv', 'txt']);

/** The private DNS zone an id sits in (the zone itself, a record set, a link), or undefined. */
export function zoneOf(id: string): string | undefined {
  const parsed = tryParseResourceId(id);
  if (!parsed || (parsed.provider ?? '').toLowerCase() !== 'microsoft.network' || (parsed.types[0] ?? '').toLowerCase() !== 'privatednszones') return undefined;
  let zone: string | undefined = parsed.id;
  while (zone && (tryParseResourceId(zone)?.types.length ?? 0) > 1) zone = parentId(zone);
  return zone;
}

/**
 * Sets the zone's `numberOfRecordSets` (every record set, the SOA `@` included: Azure creates it
 * with the zone, so a bundle without it still counts one) and `numberOfVirtualNetworkLinks`.
 */
export function recountZone(bundle: Bundle, zoneId: string): void {
  const zone = find(bundle, zoneId);
  if (!zone) return;
  const key = idKey(zone.id);
  let records = 0;
  let links = 0;
  let soa = false;
  for (const r of bundle.arm) {
    const k = idKey(r.id);
    if (!k.startsWith(`${key}/`)) continue;
    const rest = k.slice(key.length + 1).split('/');
    if (rest.length !== 2) continue;
    if (rest[0] === 'virtualnetworklinks') links += 1;
    else if (RECORD_TYPES.has(rest[0] ?? '')) {
      records += 1;
      if (rest[0] === 'soa') soa = true;
    }
  }
  const p = propsOf(zone);
  const sets = records + (soa ? 0 : 1);
  if (p.numberOfRecordSets !== sets) p.numberOfRecordSets = sets;
  if (p.numberOfVirtualNetworkLinks !== links) p.numberOfVirtualNetworkLinks = links;
}
