import type { ImagePullFailure } from '../core/report.js';
import { recordNameOf, type ExpectedRecord } from './dns.js';

/**
 * A node that resolves the registry publicly reaches its public address: the pull then times
 * out (no egress) or gets 403 (public access disabled), never `no such host`, and looks like a
 * network or permission problem. The connection's IP (`dial tcp <ip>:443`) tells: when it is
 * not the endpoint's, the node's DNS did not answer from the private zone.
 */
export interface OffEndpointDial {
  host: string;
  /** The address the node connected to. */
  ip: string;
  /** The endpoint address the record holds. */
  expected: string;
  pods: string[];
}

const DIAL = /\bdial tcp (\d{1,3}(?:\.\d{1,3}){3}):\d+/i;

/** The IPv4 address a failed pull connected to, when the message names one. */
export function dialledIp(message: string): string | undefined {
  return DIAL.exec(message)?.[1];
}

/** Pulls from the registry's own hosts that went to an address none of its expected records holds. */
export function offEndpointDials(failures: readonly ImagePullFailure[], expected: readonly ExpectedRecord[]): OffEndpointDial[] {
  const out = new Map<string, OffEndpointDial>();
  for (const f of failures) {
    const ip = dialledIp(f.message);
    const name = f.attemptedHost ? recordNameOf(f.attemptedHost) : undefined;
    if (!ip || !name || !f.attemptedHost) continue;
    const records = expected.filter((e) => e.name === name);
    const first = records[0];
    if (!first || records.some((r) => r.ip === ip)) continue;
    const key = `${f.attemptedHost}|${ip}`;
    const entry = out.get(key) ?? { host: f.attemptedHost, ip, expected: first.ip, pods: [] };
    const pod = `${f.namespace}/${f.pod}`;
    if (!entry.pods.includes(pod)) entry.pods.push(pod);
    out.set(key, entry);
  }
  return [...out.values()];
}
