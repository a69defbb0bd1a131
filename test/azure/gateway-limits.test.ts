import { afterEach, describe, expect, it } from 'vitest';
import { createAzureGateway } from '../../src/azure/gateway.js';
import type { ManagedAzureGateway } from '../../src/azure/ports.js';
import { startFaultServer, type FaultServer } from '../faults/fault-server.js';
import { IDS, ScopedTestCredential } from './helpers.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

function gateway(s: FaultServer, concurrency?: number): ManagedAzureGateway {
  const g = createAzureGateway({ credential: new ScopedTestCredential(), armEndpoint: s.url, caPem: s.caPem, requestTimeoutMs: 10_000, concurrency });
  open.push(g);
  return g;
}

const registries = (n: number): string[] => Array.from({ length: n }, (_, i) => IDS.registry.replace(/acr7f3c9a$/, `acr${i}`));

describe('spreading reads so one diagnosis never throttles itself', () => {
  it('sends at most 8 requests at once to ARM; the rest wait their turn', async () => {
    const s = await startFaultServer('slow');
    open.push(s);
    const g = gateway(s);
    await Promise.all(registries(20).map((id) => g.registry(id)));
    expect(s.hits()).toBe(20);
    expect(s.maxInFlight()).toBe(8);
  });

  it('when ARM says few reads remain (x-ms-ratelimit-remaining-*), the next ones go one at a time, spaced', async () => {
    const s = await startFaultServer('low-rate');
    open.push(s);
    const g = gateway(s);
    await g.registry(registries(1)[0] ?? '');
    const began = performance.now();
    await Promise.all(registries(4).slice(1).map((id) => g.registry(id)));
    const t = s.arrivals();
    expect(t).toHaveLength(4);
    console.log(`after "3 remaining", the next three arrived ${t.slice(1).map((x) => `+${Math.round(x - began)} ms`).join(', ')}`);
    // Slots 300 ms apart: the third cannot arrive before two of them have passed (load only delays it more).
    expect((t[3] ?? 0) - began).toBeGreaterThanOrEqual(590);
  });
});
