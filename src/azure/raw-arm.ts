/**
 * ARM requests the SDK packages we bundle do not cover (scale sets, locks, permissions, policy),
 * sent through the shared pipeline (auth, transport retries, stats, faults) of an SDK client
 * already built. A non-2xx answer becomes the RestError an SDK would throw, so the gateway maps
 * it as it maps every other read. Plus the small guards that read the answers' raw JSON.
 */
import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { SdkClients } from './clients.js';

export type Json = Record<string, unknown>;

export function asRecord(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}
export function strings(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === 'string');
}

/** One request to `url` (absolute) through the subscription's pipeline; the answer's JSON object. */
export async function sendRaw(sdk: SdkClients, subscriptionId: string, method: 'GET' | 'POST', url: string, abortSignal: AbortSignal, body?: unknown): Promise<Json> {
  const client = sdk.network(subscriptionId);
  const headers = createHttpHeaders(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' });
  const request = createPipelineRequest({ url, method, headers, abortSignal, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const response = await client.sendRequest(request);
  if (response.status < 200 || response.status >= 300) {
    let code: string | undefined;
    try {
      code = str(asRecord(asRecord(JSON.parse(response.bodyAsText ?? '{}'))?.['error'])?.['code']);
    } catch {
      code = undefined;
    }
    throw new RestError(`${method} ${new URL(url).pathname} answered ${response.status}`, { statusCode: response.status, code, request, response });
  }
  return asRecord(JSON.parse(response.bodyAsText ?? '{}')) ?? {};
}

/** Every item of the ARM list at `first` (absolute), following `nextLink` for at most `maxPages` pages. */
export async function listAllRaw(sdk: SdkClients, subscriptionId: string, first: string, abortSignal: AbortSignal, maxPages = Number.POSITIVE_INFINITY): Promise<Json[]> {
  const out: Json[] = [];
  let url: string | undefined = first;
  for (let pages = 0; url && pages < maxPages; pages++) {
    const body = await sendRaw(sdk, subscriptionId, 'GET', url, abortSignal);
    for (const v of list(body['value'])) {
      const r = asRecord(v);
      if (r) out.push(r);
    }
    url = str(body['nextLink']);
  }
  return out;
}
