import { afterEach, describe, expect, it } from 'vitest';
import { createAzureGateway, type AzureGatewayOptions } from '../../src/azure/gateway.js';
import type { ManagedAzureGateway } from '../../src/azure/ports.js';
import { startFaultServer, startForwardProxy, type FaultMode, type FaultServer, type ForwardProxy } from '../faults/fault-server.js';
import { IDS, rejection, ScopedTestCredential } from './helpers.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  delete process.env.HTTPS_PROXY;
  delete process.env.NO_PROXY;
});

async function server(mode: FaultMode): Promise<FaultServer> {
  const s = await startFaultServer(mode);
  open.push(s);
  return s;
}

function gateway(s: { url: string; caPem?: string }, extra: Partial<AzureGatewayOptions> = {}): ManagedAzureGateway {
  const g = createAzureGateway({
    credential: new ScopedTestCredential(),
    armEndpoint: s.url,
    caPem: s.caPem,
    requestTimeoutMs: 600,
    retry: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 50 },
    ...extra,
  });
  open.push(g);
  return g;
}

describe('ARM gateway against a misbehaving HTTPS server (real SDK, real sockets)', () => {
  it.each([
    ['hang', /^no answer from 127\.0\.0\.1:\d+ within 600 ms: connected, but nothing came back for GET \/subscriptions\/.*\/aks-iso-prod/],
    ['tls-stall', /^no answer from 127\.0\.0\.1:\d+ within 600 ms: the connection was accepted but the TLS handshake never finished/],
    ['drip', /^no complete answer from 127\.0\.0\.1:\d+ within 600 ms: the answer to GET .* was still arriving \(\d+ bytes so far\)/],
  ] as const)('%s: a timeout that says how far it got, sent once (no retry of a silent server)', async (mode, message) => {
    const s = await server(mode);
    const g = gateway(s);
    const err = await rejection(g.cluster(IDS.cluster));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(message);
    expect(err.resourceId).toBe(IDS.cluster);
    expect(g.stats().requests).toBe(1);
    expect(s.hits()).toBe(1);
  });

  it('a Retry-After of an hour is not slept on: throttled at once, with the time to retry, and counted', async () => {
    const s = await server('throttle');
    const g = gateway(s);
    const err = await rejection(g.cluster(IDS.cluster));
    expect(err.kind).toBe('throttled');
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(err.describe()).toMatch(/^ARM is throttling GET \/subscriptions\/.*\/aks-iso-prod: retry after 1 h \(at \d\d:\d\d:\d\d UTC\) \(request id fa017000-/);
    expect(g.stats()).toMatchObject({ requests: 1, throttled: 1 });
  });

  it('an HTML page from a proxy, a 407 and truncated JSON are named and not retried', async () => {
    const html = await server('html502');
    const e502 = await rejection(gateway(html).cluster(IDS.cluster));
    expect([e502.kind, e502.statusCode]).toEqual(['badResponse', 502]);
    expect(e502.message).toMatch(/^got an HTML page with 502 Bad Gateway, not an ARM answer: a proxy between you and Azure\?/);
    expect(html.hits()).toBe(1);

    const auth = await server('proxy407');
    const e407 = await rejection(gateway(auth).agentPools(IDS.cluster));
    expect(e407.kind).toBe('proxy');
    expect(e407.message).toMatch(/^a proxy between you and 127\.0\.0\.1:\d+ needs authentication \(407 Proxy Authentication Required, realm "Contoso corporate proxy"\)/);

    const cut = await server('badjson');
    const bad = await rejection(gateway(cut).virtualNetwork(IDS.vnet));
    expect(bad.kind).toBe('badResponse');
    expect(bad.message).toMatch(/^ARM sent an invalid JSON body for GET \/subscriptions\/.*\/virtualNetworks\/vnet-aks-iso \(200, 97 bytes: /);
  });

  it('a reset connection is retried, then named with the attempts; a 5xx storm says ARM\'s code and request id', async () => {
    const reset = await server('reset');
    const g = gateway(reset);
    const err = await rejection(g.registry(IDS.registry));
    expect(err.kind).toBe('connectionReset');
    expect(err.message).toMatch(/reset the connection before answering GET .*\/registries\/aksbootstrapacr7f3c9a \(ECONNRESET, 3 attempts\)/);
    expect(reset.hits()).toBe(3);

    const storm = await server('unavailable');
    const e503 = await rejection(gateway(storm).privateEndpoint(IDS.endpoint));
    expect(e503.kind).toBe('transient');
    expect(e503.message).toMatch(/^ARM kept failing GET .*: 503 ServiceUnavailable \("The service is temporarily unavailable\. Please try again later\."\) after 3 attempts \(request id fa017000-/);
  });

  it('an unknown CA says what to pass', async () => {
    const s = await server('badjson');
    const err = await rejection(gateway({ url: s.url }).cluster(IDS.cluster));
    expect(err.kind).toBe('tls');
    expect(err.message).toMatch(/^TLS verification of 127\.0\.0\.1:\d+ failed: its certificate is signed by a CA this machine does not trust \(\w+\); a proxy inspecting TLS\? pass --ca-file or NODE_EXTRA_CA_CERTS/);
  });

  it('the run deadline cancels requests in flight with its reason, and retries never wait past it', async () => {
    const hang = await server('hang');
    const g = gateway(hang, { requestTimeoutMs: 30_000 });
    const run = new AbortController();
    g.beginRun({ signal: run.signal, deadline: Date.now() + 60_000 });
    const pending = g.cluster(IDS.cluster);
    await expect.poll(() => g.pendingHosts()).toEqual([hang.host]);
    run.abort(new Error(`no answer within 60 s from ${hang.host}`));
    const err = await rejection(pending);
    expect(err.kind).toBe('deadline');
    expect(err.describe()).toBe(`no answer within 60 s from ${hang.host}`);
    expect(g.pendingHosts()).toEqual([]);

    // A reset would be retried after 1 s, 2 s…: with 200 ms left, the first fault is the answer.
    const reset = await server('reset');
    const r = gateway(reset, { retry: { maxRetries: 3, retryDelayInMs: 1000 } });
    r.beginRun({ signal: new AbortController().signal, deadline: Date.now() + 200 });
    const began = performance.now();
    const e = await rejection(r.cluster(IDS.cluster));
    console.log(`reset with 200 ms of deadline left: answered after ${Math.round(performance.now() - began)} ms`);
    expect(e.kind).toBe('connectionReset');
    expect(reset.hits()).toBe(1);
  });

  it('close() cancels a hanging request and frees its socket', async () => {
    const hang = await server('hang');
    const g = gateway(hang, { requestTimeoutMs: 30_000 });
    const pending = g.cluster(IDS.cluster);
    await expect.poll(() => hang.hits()).toBe(1);
    g.close();
    const err = await rejection(pending);
    expect(err.message).toBe('the session was closed');
  });
});

describe('HTTPS_PROXY and NO_PROXY', () => {
  async function proxy(opts: { requireAuth?: boolean } = {}): Promise<ForwardProxy> {
    const p = await startForwardProxy(opts);
    open.push(p);
    return p;
  }

  it('goes through the proxy with a CONNECT tunnel, still trusting --ca-file; NO_PROXY bypasses it', async () => {
    const s = await server('badjson');
    const p = await proxy();
    process.env.HTTPS_PROXY = p.url;
    const through = await rejection(gateway(s).cluster(IDS.cluster));
    // The answer came from the server (its bad JSON), over TLS verified with the given CA.
    expect(through.kind).toBe('badResponse');
    expect(p.connects).toEqual([s.host]);

    process.env.NO_PROXY = 'localhost,127.0.0.1';
    const direct = await rejection(gateway(s).cluster(IDS.cluster));
    expect(direct.kind).toBe('badResponse');
    expect(p.connects).toEqual([s.host]);
  });

  it('a proxy that wants credentials is named by its URL, without the password', async () => {
    const s = await server('badjson');
    const p = await proxy({ requireAuth: true });
    process.env.HTTPS_PROXY = p.url.replace('http://', 'http://ops:s3cret@');
    const err = await rejection(gateway(s).cluster(IDS.cluster));
    expect(err.kind).toBe('proxy');
    expect(err.message).toBe(`the proxy at ${p.url} needs authentication (407 Proxy Authentication Required, realm "Contoso corporate proxy"): put its user and password in HTTPS_PROXY (http://user:password@host:port), or add the host to NO_PROXY`);
    expect(err.message).not.toContain('s3cret');
  });

  it('the embedded emulator never goes through a proxy', async () => {
    const s = await server('badjson');
    const p = await proxy();
    process.env.HTTPS_PROXY = p.url;
    const err = await rejection(gateway(s, { envProxy: false }).cluster(IDS.cluster));
    expect(err.kind).toBe('badResponse');
    expect(p.connects).toEqual([]);
  });
});
