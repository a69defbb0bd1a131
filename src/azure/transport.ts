/**
 * The sockets under the ARM clients: one keep-alive agent per gateway that trusts `--ca-file`,
 * a proxy agent when HTTPS_PROXY/NO_PROXY say so (the SDK's own proxy policy drops the CA and
 * so breaks TLS-inspecting proxies), and a trace per attempt of how far the connection got, so
 * a timeout can say whether TCP, TLS or the server was silent. Closing destroys every socket.
 */
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { ClientRequest } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** The request option under which an attempt's trace rides to the agent (http.request passes unknown options on). */
export const TRACE_OPTION = 'aksNetisoTrace';

export type ConnectionStage = 'connecting' | 'proxy' | 'tls' | 'waiting' | 'body';

/** How far one attempt got: set by the agent (connection) and the pipeline (body bytes). */
export class AttemptTrace {
  private socket: Socket | undefined;
  private proxying = false;
  private secured = false;
  /** Body bytes received so far (from the client's download progress). */
  bodyBytes = 0;

  onProxyConnect(): void {
    this.proxying = true;
  }

  attach(socket: Socket): void {
    this.socket = socket;
    this.proxying = false;
    // tls.connect hands the socket back before the handshake: it is done at 'secureConnect'.
    if ((socket as TLSSocket).encrypted) {
      socket.once('secureConnect', () => {
        this.secured = true;
      });
    }
  }

  /** Where the attempt was when it was cut off. A reused keep-alive socket is past TLS already. */
  stage(): ConnectionStage {
    if (this.bodyBytes > 0) return 'body';
    if (this.proxying) return 'proxy';
    const s = this.socket;
    if (!s) return 'waiting';
    if (s.connecting) return 'connecting';
    if ((s as TLSSocket).encrypted && !this.secured) return 'tls';
    return 'waiting';
  }
}

function traceOf(options: unknown): AttemptTrace | undefined {
  const t = (options as Record<string, unknown> | undefined)?.[TRACE_OPTION];
  return t instanceof AttemptTrace ? t : undefined;
}

class TracingAgent extends https.Agent {
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket) traceOf(options)?.attach(socket as Socket);
    return socket;
  }
}

class TracingProxyAgent extends HttpsProxyAgent<string> {
  override async connect(req: ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]): Promise<Socket> {
    const trace = traceOf(opts);
    trace?.onProxyConnect();
    const socket = await super.connect(req, opts);
    trace?.attach(socket);
    return socket;
  }
}

export interface Transport {
  /** The agent for a request to `url`: direct, or through the proxy the environment names for it. */
  agentFor(url: string): https.Agent;
  /** The proxy URL (credentials removed) requests to `url` go through, if any. */
  proxyFor(url: string): string | undefined;
  /** Destroys every socket, so nothing keeps the process alive. */
  close(): void;
}

/** A proxy URL without its user name and password, for messages. */
export function redactProxy(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

export function createTransport(opts: { caPem?: string | undefined }): Transport {
  const tls = opts.caPem ? { ca: opts.caPem } : {};
  let direct: TracingAgent | undefined;
  const proxied = new Map<string, TracingProxyAgent>();
  const proxyUrl = (url: string): string | undefined => getProxyForUrl(url) || undefined;
  return {
    agentFor(url) {
      const proxy = proxyUrl(url);
      if (!proxy) return (direct ??= new TracingAgent({ keepAlive: true, ...tls }));
      let agent = proxied.get(proxy);
      if (!agent) {
        agent = new TracingProxyAgent(proxy, { ...tls });
        proxied.set(proxy, agent);
      }
      return agent;
    },
    proxyFor(url) {
      const p = proxyUrl(url);
      return p ? redactProxy(p) : undefined;
    },
    close() {
      direct?.destroy();
      for (const a of proxied.values()) a.destroy();
    },
  };
}
