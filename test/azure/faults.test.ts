import { describe, expect, it } from 'vitest';
import {
  formatDuration, rateLimitRemaining, responseFault, retryAfterMs, serverFault, throttleFault, timeoutFault, transportFault,
  type AttemptContext, type SeenResponse,
} from '../../src/azure/faults.js';

const URL_ = 'https://management.azure.com/subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg-netiso-prod/providers/Microsoft.ContainerService/managedClusters/aks-iso-prod?api-version=2026-04-01';
const OP = 'GET /subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg-netiso-prod/providers/Microsoft.ContainerService/managedClusters/aks-iso-prod';
const ctx: AttemptContext = { method: 'GET', url: URL_, attempts: 1 };

function headers(h: Record<string, string>): SeenResponse['headers'] {
  const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (n) => lower[n.toLowerCase()] };
}

function sys(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('durations and throttling headers', () => {
  it.each([[250, '250 ms'], [1000, '1 s'], [1500, '1.5 s'], [15_000, '15 s'], [60_000, '60 s'], [300_000, '5 min'], [3_540_000, '59 min'], [3_600_000, '1 h'], [5_400_000, '1.5 h']])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('reads Retry-After in seconds, as an HTTP date, and the millisecond headers first', () => {
    expect(retryAfterMs(headers({ 'Retry-After': '3600' }))).toBe(3_600_000);
    expect(retryAfterMs(headers({ 'Retry-After': '0' }))).toBe(0);
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(retryAfterMs(headers({ 'Retry-After': 'Wed, 02 Dec 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(headers({ 'Retry-After': 'Wed, 02 Dec 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(headers({ 'x-ms-retry-after-ms': '1200', 'Retry-After': '2' }))).toBe(1200);
    expect(retryAfterMs(headers({ 'retry-after-ms': '800' }))).toBe(800);
    expect(retryAfterMs(headers({ 'Retry-After': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(headers({}))).toBeUndefined();
  });

  it('takes the lowest x-ms-ratelimit-remaining-* count ARM sent', () => {
    expect(rateLimitRemaining([
      ['x-ms-ratelimit-remaining-subscription-reads', '11987'],
      ['x-ms-ratelimit-remaining-subscription-global-reads', '249'],
      ['x-ms-ratelimit-remaining-tenant-reads', '11999'],
      ['content-type', 'application/json'],
    ])).toBe(249);
    expect(rateLimitRemaining([['x-ms-ratelimit-remaining-resource', 'Microsoft.Compute/HighCostGet3Min;139']])).toBeUndefined();
    expect(rateLimitRemaining([['x-ms-request-id', 'b1c2']])).toBeUndefined();
  });
});

describe('timeouts name how far the connection got', () => {
  it.each([
    ['connecting', /^no answer from management\.azure\.com within 15 s: the TCP connection was never accepted; check the network, a firewall or --arm-endpoint$/],
    ['tls', /^no answer from management\.azure\.com within 15 s: the connection was accepted but the TLS handshake never finished; a proxy or firewall holding TLS connections\?$/],
    ['waiting', /^no answer from management\.azure\.com within 15 s: connected, but nothing came back for GET \/subscriptions\/.*\/aks-iso-prod; ARM or a proxy is not answering/],
    ['body', /^no complete answer from management\.azure\.com within 15 s: the answer to GET .*aks-iso-prod was still arriving \(212 bytes so far\)/],
    ['proxy', /^no answer within 15 s from the proxy at http:\/\/proxy\.contoso\.example:3128 while it connected to management\.azure\.com/],
  ] as const)('%s', (stage, message) => {
    const e = timeoutFault({ ...ctx, proxy: 'http://proxy.contoso.example:3128' }, stage, 15_000, 212);
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(message);
    expect(e.host).toBe('management.azure.com');
  });
});

describe('transport errors in words', () => {
  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 10.1.2.3:443', 'unreachable', true, /^cannot reach Azure Resource Manager: management\.azure\.com refused the connection \(ECONNREFUSED\); check the network or --arm-endpoint$/],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND management.azure.com', 'unreachable', false, /the name management\.azure\.com does not resolve \(ENOTFOUND\); check the network or --arm-endpoint/],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.1.2.3:443', 'unreachable', false, /there is no route to management\.azure\.com \(EHOSTUNREACH\)/],
    ['ECONNRESET', 'socket hang up', 'connectionReset', true, /^management\.azure\.com reset the connection before answering GET .* \(ECONNRESET\); a proxy or firewall between you and Azure\?$/],
    ['PARSE_ERROR', 'Error reading response as text: aborted', 'connectionReset', false, /dropped the connection in the middle of the answer to GET .* \(512 bytes received\)/],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'tls', false, /^TLS verification of management\.azure\.com failed: its certificate is signed by a CA this machine does not trust \(SELF_SIGNED_CERT_IN_CHAIN\); a proxy inspecting TLS\? pass --ca-file or NODE_EXTRA_CA_CERTS/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'tls', false, /a proxy inspecting TLS\? pass --ca-file or NODE_EXTRA_CA_CERTS/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: Host: management.azure.com. is not in the cert's altnames: DNS:proxy.contoso.example", 'tls', false, /the certificate is for another host name \(Hostname\/IP does not match/],
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'tls', false, /the certificate has expired \(CERT_HAS_EXPIRED\)/],
    ['EPROTO', 'write EPROTO 40C8:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', 'tls', false, /the server does not speak TLS on that port/],
  ] as const)('%s', (code, message, kind, retryable, sentence) => {
    const f = transportFault(ctx, sys(code, message), 512);
    expect(f.error.kind).toBe(kind);
    expect(f.retryable).toBe(retryable);
    expect(f.error.message).toMatch(sentence);
    expect(f.error.cause).toBeInstanceOf(Error);
  });

  it('says the proxy when a proxy is in the way, and counts attempts', () => {
    const f = transportFault({ ...ctx, proxy: 'http://proxy.contoso.example:3128', attempts: 4 }, sys('ECONNREFUSED', 'connect ECONNREFUSED'), 0);
    expect(f.error.message).toBe('cannot reach Azure Resource Manager: the proxy at http://proxy.contoso.example:3128 refused the connection (ECONNREFUSED, 4 attempts); check HTTPS_PROXY/NO_PROXY');
  });

  it('says when the CA given with --ca-file is not the one that signed the certificate', () => {
    expect(transportFault({ ...ctx, caFile: true }, sys('SELF_SIGNED_CERT_IN_CHAIN', 'x'), 0).error.message).toContain('its certificate is not signed by the CA in --ca-file');
  });
});

describe('answers that are not ARM\'s', () => {
  const page502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

  it('a 407 names the proxy of HTTPS_PROXY, or says one is there', () => {
    const r: SeenResponse = { status: 407, headers: headers({ 'Proxy-Authenticate': 'Basic realm="Contoso corporate proxy"' }), bodyText: '' };
    expect(responseFault({ ...ctx, proxy: 'http://proxy.contoso.example:3128' }, r)?.message).toBe(
      'the proxy at http://proxy.contoso.example:3128 needs authentication (407 Proxy Authentication Required, realm "Contoso corporate proxy"): put its user and password in HTTPS_PROXY (http://user:password@host:port), or add the host to NO_PROXY',
    );
    const transparent = responseFault(ctx, r);
    expect(transparent?.kind).toBe('proxy');
    expect(transparent?.message).toMatch(/^a proxy between you and management\.azure\.com needs authentication \(407/);
  });

  it('an HTML page, by its title', () => {
    const e = responseFault(ctx, { status: 502, headers: headers({ 'Content-Type': 'text/html' }), bodyText: page502 });
    expect(e?.kind).toBe('badResponse');
    expect(e?.message).toBe(`got an HTML page with 502 Bad Gateway, not an ARM answer: a proxy between you and Azure? (from management.azure.com for ${OP})`);
    // A captive portal answering 200 with a login page is no ARM answer either.
    const portal = responseFault(ctx, { status: 200, headers: headers({}), bodyText: '<!DOCTYPE html><html><head><title>Sign in to Contoso Guest Wi-Fi</title></head></html>' });
    expect(portal?.message).toMatch(/^got an HTML page with 200 Sign in to Contoso Guest Wi-Fi, not an ARM answer/);
  });

  it('invalid JSON, saying for what', () => {
    const e = responseFault(ctx, { status: 200, headers: headers({ 'Content-Type': 'application/json; charset=utf-8', 'x-ms-request-id': 'b1c2d3e4-0000-4000-8000-000000000001' }), bodyText: '{"id":"/subscriptions/3f2b/resourceGroups/rg","name":"aks-iso-prod","properties":{"provisioningSt' });
    expect(e?.kind).toBe('badResponse');
    expect(e?.message).toMatch(new RegExp(`^ARM sent an invalid JSON body for ${OP.replace(/[/.]/g, '\\$&')} \\(200, 97 bytes: `));
    expect(e?.requestId).toBe('b1c2d3e4-0000-4000-8000-000000000001');
  });

  it('lets JSON and empty answers through', () => {
    expect(responseFault(ctx, { status: 200, headers: headers({ 'Content-Type': 'application/json' }), bodyText: '{"value":[]}' })).toBeUndefined();
    expect(responseFault(ctx, { status: 404, headers: headers({}), bodyText: '{"error":{"code":"ResourceNotFound","message":"x"}}' })).toBeUndefined();
    expect(responseFault(ctx, { status: 202, headers: headers({}), bodyText: '' })).toBeUndefined();
  });
});

describe('throttling and 5xx after retries', () => {
  const r429: SeenResponse = {
    status: 429,
    headers: headers({ 'Retry-After': '3600', 'x-ms-request-id': 'b1c2d3e4-0000-4000-8000-000000000429' }),
    bodyText: '{"error":{"code":"TooManyRequests","message":"The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00."}}',
  };

  it('names the operation and when to retry', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    const e = throttleFault(ctx, r429, 3_600_000, 'cap', now);
    expect(e.kind).toBe('throttled');
    expect(e.message).toBe(`ARM is throttling ${OP}: retry after 1 h (at 11:00:00 UTC)`);
    expect(e.describe()).toBe(`ARM is throttling ${OP}: retry after 1 h (at 11:00:00 UTC) (request id b1c2d3e4-0000-4000-8000-000000000429)`);
    expect(throttleFault(ctx, r429, 8000, 'deadline', now).message).toBe(`ARM is throttling ${OP}: retry after 8 s (at 10:00:08 UTC), past the diagnosis deadline`);
  });

  it('a 5xx storm says ARM\'s code, message, attempts and request id', () => {
    const e = serverFault({ ...ctx, attempts: 4 }, {
      status: 503, headers: headers({ 'x-ms-request-id': 'b1c2d3e4-0000-4000-8000-000000000503' }),
      bodyText: '{"error":{"code":"ServiceUnavailable","message":"The service is temporarily unavailable."}}',
    });
    expect(e.kind).toBe('transient');
    expect(e.message).toBe(`ARM kept failing ${OP}: 503 ServiceUnavailable ("The service is temporarily unavailable.") after 4 attempts (request id b1c2d3e4-0000-4000-8000-000000000503); Azure may be degraded: try again later`);
    expect(e.describe()).toBe(e.message);
  });
});
