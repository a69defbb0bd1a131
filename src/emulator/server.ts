import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bundle } from '../bundle/types.js';
import { tryParseResourceId } from '../azure/resource-id.js';
import type { EmulatorOptions, RequestLogEntry, RunningEmulator, WrittenEnv } from './api.js';
import { loopbackCertificate } from './cert.js';
import { handleArm, isWriteMethod, type ArmContext } from './server/arm-router.js';
import { emulatorKubeconfig, type KubeEndpoint } from './server/credentials.js';
import { createFaults } from './server/faults.js';
import { handleKube, isKubePath, kubeFaultAnswer, kubeRequestUser, type KubeContext } from './server/kube-route.js';
import { createOperations } from './server/lro.js';
import { createKubeApi } from './kube-api.js';
import { createResourceGraphState } from './resource-graph/route.js';
import { armErrorReply, defaultArmError, type Reply } from './server/reply.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/**
 * How long an accepted write runs unless told otherwise: brisk, yet long enough to be seen running;
 * with injected latency, at least two round trips, so a client polling it sees it running.
 */
const DEFAULT_LRO_DURATION_MS = 100;

/** Binds a port on 127.0.0.1 and closes it again, so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const address = probe.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the emulator: one HTTPS server on 127.0.0.1 (ephemeral port) serving the bundle as
 * Azure Resource Manager (`/subscriptions/…`) and as the Kubernetes API (`/api`, `/apis`, `/version`).
 * This file is the HTTP plumbing; the ARM router, long-running operations, faults, credentials
 * and the Kubernetes hand-off live in `server/`.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const bundle: Bundle = structuredClone(options.bundle);
  // A fleet bundle (`scan --bundle`) may name no cluster: its first cluster stands in where one is meant.
  if (typeof (bundle as { cluster?: unknown }).cluster !== 'string') {
    bundle.cluster = bundle.arm.find((r) => r.type.toLowerCase() === 'microsoft.containerservice/managedclusters')?.id ?? '';
  }
  const { key, cert } = loopbackCertificate();
  const pageSize = Math.max(1, options.pageSize ?? 50);
  const token = `emulator-${randomBytes(16).toString('hex')}`;
  const t0 = performance.now();
  const requests: RequestLogEntry[] = [];
  const faults = createFaults(options.latencyMs ?? 0);
  for (const fault of options.faults ?? []) faults.add(fault);
  const sockets = new Set<Socket>();
  const kubeApi = createKubeApi(bundle, { continueTtlMs: options.kubeContinueTtlMs });
  const track = <T>(write: () => T): T => kubeApi.track(write);
  let baseUrl = '';
  let closing: Promise<void> | undefined;
  const refusedPort = await closedPort();
  const subscriptionId = tryParseResourceId(bundle.cluster)?.subscriptionId ?? '00000000-0000-0000-0000-000000000000';

  const kube: KubeEndpoint = {
    server: () => (bundle.kubernetes.reachable ? baseUrl : `https://127.0.0.1:${refusedPort}`),
    caPem: cert,
    token,
  };
  const operations = createOperations(
    bundle,
    () => baseUrl,
    {
      durationMs: () => options.lroDurationMs ?? DEFAULT_LRO_DURATION_MS + 2 * faults.latencyMs(),
      retryAfterSeconds: options.lroRetryAfterSeconds ?? 0,
      track,
    },
    () => undefined,
  );
  const resourceGraph = createResourceGraphState(options.resourceGraphQuota);
  const arm: ArmContext = { bundle, operations, kube, baseUrl: () => baseUrl, pageSize, track, resourceGraph };
  const kubeContext: KubeContext = { bundle, token, kube: kubeApi };

  /** Settles a request's log entry; set by handle(), called by send() so the log is final when the client has the answer. */
  const settlers = new WeakMap<ServerResponse, (status: number) => void>();

  function send(res: ServerResponse, api: 'arm' | 'kube', reply: Reply, req: IncomingMessage, mangle?: 'drip' | 'badjson'): void {
    if (res.destroyed) return;
    settlers.get(res)?.(reply.status);
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (api === 'arm') {
      headers['x-ms-request-id'] = randomUUID();
      const correlation = req.headers['x-ms-correlation-request-id'];
      headers['x-ms-correlation-request-id'] = typeof correlation === 'string' ? correlation : randomUUID();
      const clientRequestId = req.headers['x-ms-client-request-id'];
      if (typeof clientRequestId === 'string') headers['x-ms-client-request-id'] = clientRequestId;
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, { ...headers, 'Content-Length': '0' });
      res.end();
      return;
    }
    const full = JSON.stringify(reply.body);
    // `badjson`: the body cut in the middle, its Content-Length saying so (a truncating proxy, not a reset).
    const text = mangle === 'badjson' ? full.slice(0, Math.max(1, Math.floor(full.length / 2))) : full;
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
    if (mangle === 'drip' && req.method !== 'HEAD') {
      drip(res, Buffer.from(text, 'utf8'));
      return;
    }
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  /** The status line and headers at once, then the body a byte a second, until done or closed. */
  function drip(res: ServerResponse, body: Buffer): void {
    let i = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (i >= body.length) {
        res.end();
        return;
      }
      res.write(body.subarray(i, i + 1));
      i += 1;
      timer = setTimeout(next, 1000);
    };
    let timer = setTimeout(next, 0);
    res.once('close', () => clearTimeout(timer));
  }

  function sendHtml(res: ServerResponse, status: number, req: IncomingMessage): void {
    if (res.destroyed) return;
    settlers.get(res)?.(status);
    const reason = STATUS_CODES[status] ?? 'Error';
    const page = `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    res.writeHead(status, { 'Content-Type': 'text/html', Server: 'nginx', 'Content-Length': String(Buffer.byteLength(page)) });
    res.end(req.method === 'HEAD' ? undefined : page);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = performance.now() - t0;
    const method = (req.method ?? 'GET').toUpperCase();
    const pathWithQuery = req.url ?? '/';
    // `{scope}` paths arrive as `//subscriptions/…` (the SDKs do not strip the scope's slash): not a host.
    const url = new URL(pathWithQuery.replace(/^\/{2,}/, '/'), 'https://127.0.0.1');
    const api: 'arm' | 'kube' = isKubePath(url.pathname) ? 'kube' : 'arm';
    // Logged on arrival (status 0 until answered), so in-flight and hung requests show too.
    const entry: RequestLogEntry = { api, method, path: pathWithQuery, status: 0, start, end: start };
    requests.push(entry);
    let settled = false;
    const settle = (status: number): void => {
      if (settled) return;
      settled = true;
      entry.status = status;
      entry.end = performance.now() - t0;
    };
    settlers.set(res, settle);
    res.once('close', () => settle(res.writableFinished ? res.statusCode : 0));

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      send(res, api, armErrorReply(413, { code: 'RequestEntityTooLarge', message: 'The request content is too large.' }), req);
      return;
    }
    let body: unknown;
    let badJson: string | undefined;
    if (rawBody.trim().length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch (e) {
        badJson = (e as Error).message;
      }
    }
    if (body !== undefined && method !== 'GET') entry.body = body;

    const latency = faults.latencyMs();
    if (latency > 0) await sleep(latency);
    if (closing) {
      req.socket.destroy();
      return;
    }
    const authorization = req.headers.authorization;
    const taken = faults.take({ method, pathWithQuery, write: api === 'arm' && isWriteMethod(method), api });
    if (taken?.kind === 'latency') await sleep(taken.delayMs ?? 0);
    if (closing) {
      req.socket.destroy();
      return;
    }
    const mangle = taken?.kind === 'drip' || taken?.kind === 'badjson' ? taken.kind : undefined;
    // Faults that change the answer's form: the router sees none of them.
    const fault = taken?.kind === 'latency' || mangle ? undefined : taken;
    if (fault?.kind === 'html') {
      sendHtml(res, fault.status ?? 502, req);
      return;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      if (api === 'kube') {
        const answer = kubeFaultAnswer(kubeContext, fault, method, url, authorization);
        send(res, api, { status: answer.status, headers, body: answer.body }, req);
        return;
      }
      const status = fault.status ?? 500;
      const defaults = defaultArmError(bundle, subscriptionId, status, method, url.pathname, authorization);
      send(res, api, armErrorReply(status, { code: fault.code ?? defaults.code, message: fault.message ?? defaults.message }, headers), req);
      return;
    }
    if (api === 'kube') {
      entry.user = kubeRequestUser(kubeContext, authorization);
      const answer = handleKube(kubeContext, { method, url, authorization, headers: req.headers });
      send(res, api, { status: answer.status, headers: answer.contentType ? { 'Content-Type': answer.contentType } : undefined, body: answer.body }, req, mangle);
      return;
    }
    if (badJson !== undefined && method !== 'GET') {
      send(res, api, armErrorReply(400, { code: 'InvalidRequestContent', message: `The request content was invalid and could not be deserialized: '${badJson}'.` }), req);
      return;
    }
    send(res, api, handleArm(arm, method, url, body, fault, authorization), req, mangle);
  }

  const server = createHttpsServer({ key, cert, keepAlive: true }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the emulator must show up as a 500 in the client, not crash the process.
      if (!res.headersSent && !res.destroyed) {
        const error = { code: 'InternalServerError', message: `emulator error: ${(e as Error).message}` };
        send(res, 'arm', armErrorReply(500, error), req);
      }
    });
  });
  const trackSocket = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', trackSocket);
  // The listening socket is a plain TCP server handing connections to HTTPS, so a `tls-stall`
  // fault can take a connection before any TLS: it reads the ClientHello and never answers.
  const front = createNetServer((socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    if (faults.takeConnection()) {
      trackSocket(socket);
      socket.resume();
      return;
    }
    server.emit('connection', socket);
  });
  // TLS handshake failures (a client that does not trust the CA) are the client's error to report.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(0, '127.0.0.1', () => {
      front.off('error', reject);
      resolve();
    });
  });
  const address = front.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  baseUrl = `https://127.0.0.1:${port}`;

  const kubeconfigYaml = (): string => emulatorKubeconfig(bundle, kube);

  return {
    url: baseUrl,
    caPem: cert,
    kubeToken: token,
    bundle,
    requests,
    kubeconfigYaml,
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => faults.setLatency(ms),
    resourceGraphStats: () => ({ answered: resourceGraph.answered, throttled: resourceGraph.throttled }),
    async writeEnv(dir: string): Promise<WrittenEnv> {
      await mkdir(dir, { recursive: true });
      const kubeconfig = join(dir, 'kubeconfig');
      const caCertificate = join(dir, 'ca.pem');
      await writeFile(kubeconfig, kubeconfigYaml(), { encoding: 'utf8', mode: 0o600 });
      await writeFile(caCertificate, cert, 'utf8');
      return { armEndpoint: baseUrl, kubeconfig, caCertificate, subscriptionId, clusterId: bundle.cluster };
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        operations.close();
        front.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}
