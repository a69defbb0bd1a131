import { request } from 'node:https';
import type { RunningEmulator } from '../../src/emulator/api.js';

/** Options that point a real ARM SDK client at the emulator, with brisk retries. */
export function clientOptions(emu: RunningEmulator): {
  endpoint: string;
  tlsOptions: { ca: string };
  retryOptions: { retryDelayInMs: number; maxRetryDelayInMs: number };
} {
  return { endpoint: emu.url, tlsOptions: { ca: emu.caPem }, retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 } };
}

export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iter) out.push(item);
  return out;
}

/** The RestError the SDKs throw, read without depending on core-rest-pipeline types. */
export async function restError(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { statusCode?: number; code?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

export interface RawAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** One raw HTTPS request, for what the SDKs hide (headers, missing auth, exact bodies). */
export function raw(emu: RunningEmulator, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const allHeaders = text === undefined ? headers : { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) };
    const req = request(`${emu.url}${path}`, { method, ca: emu.caPem, headers: allHeaders, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

/** The parsed JSON of an answer (throws with the body when it is not JSON). */
export function json(answer: RawAnswer): Record<string, unknown> {
  try {
    return JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (${answer.status}): ${answer.body}`);
  }
}

export const AUTH = { Authorization: 'Bearer emulator-test-token' };
