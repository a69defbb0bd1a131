/**
 * A real HTTPS server that misbehaves the way networks and corporate proxies do, for tests that
 * drive the real CLI against it. Not the emulator: it knows nothing of ARM, it only answers
 * every request with one fault. A self-signed loopback certificate, like the emulator's.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, connect, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackCertificate } from '../../src/emulator/cert.js';

export type FaultMode =
  /** TLS completes, the request is read, no answer ever comes. */
  | 'hang'
  /** TCP is accepted, the TLS handshake never gets an answer. */
  | 'tls-stall'
  /** 200 with a Content-Length, then the body one byte a second. */
  | 'drip'
  /** 429 with Retry-After: 3600 and ARM's throttling body. */
  | 'throttle'
  /** 502 with an nginx-style HTML page. */
  | 'html502'
  /** 407 Proxy Authentication Required. */
  | 'proxy407'
  /** 200 application/json with the body cut in the middle. */
  | 'badjson'
  /** The connection is reset (RST) as soon as a request arrives. */
  | 'reset'
  /** 503 ServiceUnavailable from ARM, every time. */
  | 'unavailable'
  /** A registry, after 150 ms (for counting requests in flight). */
  | 'slow'
  /** A registry at once, saying only 3 reads remain before ARM throttles. */
  | 'low-rate';

export interface FaultServer {
  url: string;
  host: string;
  caPem: string;
  /** Requests received (TLS-stall: connections accepted). */
  hits(): number;
  /** The most requests it had open at once. */
  maxInFlight(): number;
  /** When each request arrived (performance.now()). */
  arrivals(): number[];
  close(): Promise<void>;
}

const CLUSTER_BODY = '{"id":"/subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks","name":"aks","location":"eastus2","properties":{"provisioningState":"Succeeded","kubernetesVersion":"1.31.7"}}';

const REGISTRY_BODY = '{"id":"/subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr","name":"acr","location":"eastus2","sku":{"name":"Premium"},"properties":{"loginServer":"acr.azurecr.io"}}';

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function answer(mode: FaultMode, req: IncomingMessage, res: ServerResponse, track: (s: Socket) => void): void {
  const rid = `fa017000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
  switch (mode) {
    case 'hang':
      return;
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(CLUSTER_BODY), 'x-ms-request-id': rid });
      // The status line, the headers and the first byte at once; then a byte a second.
      res.write(CLUSTER_BODY[0]);
      let i = 1;
      const timer = setInterval(() => {
        if (i >= CLUSTER_BODY.length || res.destroyed) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(CLUSTER_BODY[i++]);
      }, 1000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'throttle':
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '3600', 'x-ms-request-id': rid, 'x-ms-ratelimit-remaining-subscription-reads': '0' });
      res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.' } }));
      return;
    case 'html502':
      res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' });
      res.end(NGINX_502);
      return;
    case 'proxy407':
      res.writeHead(407, { 'content-type': 'text/html', 'proxy-authenticate': 'Basic realm="Contoso corporate proxy"' });
      res.end('<html><head><title>407 Proxy Authentication Required</title></head><body>Access denied</body></html>');
      return;
    case 'badjson':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': rid });
      res.end(CLUSTER_BODY.slice(0, 97));
      return;
    case 'reset': {
      // The TCP socket under the TLS one: an RST on the wire, as a firewall or a crashing proxy sends it.
      const raw = (req.socket as Socket & { _parent?: Socket })._parent ?? req.socket;
      track(raw);
      raw.resetAndDestroy();
      return;
    }
    case 'unavailable':
      res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': rid });
      res.end(JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Please try again later.' } }));
      return;
    case 'slow':
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': rid });
        res.end(REGISTRY_BODY);
      }, 150);
      return;
    case 'low-rate':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': rid, 'x-ms-ratelimit-remaining-subscription-reads': '3' });
      res.end(REGISTRY_BODY);
      return;
    case 'tls-stall':
      return;
  }
}

export async function startFaultServer(mode: FaultMode): Promise<FaultServer> {
  const { key, cert } = loopbackCertificate();
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  let hits = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const arrivals: number[] = [];
  let server: HttpsServer | NetServer;
  if (mode === 'tls-stall') {
    server = createNetServer((socket) => {
      hits++;
      track(socket);
      // Read the ClientHello and never answer it.
      socket.resume();
    });
  } else {
    const https = createHttpsServer({ key, cert }, (req, res) => {
      hits++;
      arrivals.push(performance.now());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      req.resume();
      answer(mode, req, res, track);
    });
    https.on('connection', track);
    https.on('secureConnection', track);
    server = https;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    caPem: cert,
    hits: () => hits,
    maxInFlight: () => maxInFlight,
    arrivals: () => [...arrivals],
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

export interface ForwardProxy {
  url: string;
  /** CONNECT requests received, as `host:port`. */
  connects: string[];
  close(): Promise<void>;
}

/**
 * A plain HTTP forward proxy (CONNECT tunnels only), like a corporate proxy behind HTTPS_PROXY.
 * With `requireAuth`, it answers 407 to every CONNECT.
 */
export async function startForwardProxy(opts: { requireAuth?: boolean } = {}): Promise<ForwardProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const target = req.url ?? '';
    connects.push(target);
    if (opts.requireAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="Contoso corporate proxy"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
