/**
 * Scale sets and their instances, read without `@azure/arm-compute`: the two GETs go through the
 * shared pipeline (auth, transport retries, stats, faults) of an SDK client already built, and
 * their raw JSON is mapped here to our own types. A non-2xx answer becomes the RestError an SDK
 * would throw, so the gateway maps it as it maps every other read.
 */
import type { SdkClients } from './clients.js';
import { asRecord, list, listAllRaw, str, type Json } from './raw-arm.js';
import type { InstanceStatus, ScaleSet, ScaleSetInstance } from './types.js';

/** What `@azure/arm-compute` 23.x sends for scale sets and their VMs (az vmss sends it too). */
export const COMPUTE_API_VERSION = '2024-11-01';

export interface RawGetOptions { abortSignal: AbortSignal }

/** Every item of an ARM list at `path` (following `nextLink`), through the subscription's pipeline. */
export async function listRaw(sdk: SdkClients, subscriptionId: string, path: string, query: string, o: RawGetOptions): Promise<Json[]> {
  return listAllRaw(sdk, subscriptionId, `${sdk.endpoint.replace(/\/+$/, '')}${path}?${query}`, o.abortSignal);
}

function mapStatus(v: unknown): InstanceStatus | undefined {
  const s = asRecord(v);
  const code = str(s?.['code']);
  if (!s || !code) return undefined;
  return { code, level: str(s['level']), displayStatus: str(s['displayStatus']), message: str(s['message']), time: str(s['time']) };
}

function statusesOf(v: unknown): InstanceStatus[] {
  return list(v).map(mapStatus).filter((s): s is InstanceStatus => !!s);
}

export function mapScaleSet(r: Json): ScaleSet {
  const props = asRecord(r['properties']);
  const tags = asRecord(r['tags']);
  const capacity = asRecord(r['sku'])?.['capacity'];
  return {
    id: str(r['id']) ?? '',
    name: str(r['name']) ?? '',
    poolName: str(tags?.['aks-managed-poolName']),
    capacity: typeof capacity === 'number' ? capacity : undefined,
    provisioningState: str(props?.['provisioningState']),
  };
}

export function mapScaleSetInstance(r: Json): ScaleSetInstance {
  const props = asRecord(r['properties']);
  const view = asRecord(props?.['instanceView']);
  return {
    id: str(r['id']) ?? '',
    instanceId: str(r['instanceId']) ?? str(r['name'])?.split('_').pop() ?? '',
    computerName: str(asRecord(props?.['osProfile'])?.['computerName']) ?? str(view?.['computerName']),
    provisioningState: str(props?.['provisioningState']),
    statuses: statusesOf(view?.['statuses']),
    extensions: list(view?.['extensions']).flatMap((e) => {
      const x = asRecord(e);
      const name = str(x?.['name']);
      return x && name ? [{ name, type: str(x['type']), statuses: statusesOf(x['statuses']) }] : [];
    }),
  };
}
