/**
 * The sockets under the ARM clients: one keep-alive agent per gateway that trusts `--ca-file`,
 * a proxy agent when HTTPS_PROXY/NO_PROXY say so (the SDK's own proxy policy drops the CA and
 * so breaks TLS-inspecting proxies), and a trace per attempt of how far the connection got, so
 * a timeout can say whether TCP, TLS or the server was silent. Closing destroys every socket.
 */
import https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ClientRequest } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** The request option under which an attempt's trace rides to the agent (http.request passes unknown options on). */
export const TRACE_OPTION = 'aksNetisoTrace';

export type ConnectionStage = 'connecting' | 'proxy' | 'tls' | 'waiting' | 'body';

/** How far one attempt got, from its ClientRequest and socket (the agent hands both over). */
export class AttemptTrace {
  private socket: Socket | undefined;
  private proxying = false;
  private secured = false;
  private answered = false;
  /** Bytes of the answer received so far (status line, headers and body). */
  bytes = 0;

  onProxyConnect(): void {
    this.proxying = true;
  }

  track(req: ClientRequest): void {
    req.once('socket', (socket: Socket) => this.attach(socket, req));
    req.once('response', () => {
      this.answered = true;
    });
  }

  private attach(socket: Socket, req: ClientRequest): void {
    this.socket = socket;
    this.proxying = false;
    const tls = socket as TLSSocket;
    // A reused keep-alive socket is verified already; a new one is at 'secureConnect'.
    this.secured = tls.encrypted === true && tls.authorized === true;
    if (tls.encrypted && !this.secured) {
      socket.once('secureConnect', () => {
        this.secured = true;
      });
    }
    // The socket already flows into the HTTP parser: one more listener only counts.
    const count = (chunk: Buffer): void => {
      this.bytes += chunk.length;
    };
    socket.on('data', count);
    req.once('close', () => socket.off('data', count));
  }

  /** Where the attempt was when it was cut off. */
  stage(): ConnectionStage {
    if (this.answered || this.bytes > 0) return 'body';
    if (this.proxying) return 'proxy';
    const s = this.socket;
    if (!s) return 'connecting';
    if (s.connecting) return 'connecting';
    if ((s as TLSSocket).encrypted && !this.secured) return 'tls';
    return 'waiting';
  }
}

function traceOf(options: unknown): AttemptTrace | undefined {
  const t = (options as Record<string, unknown> | undefined)?.[TRACE_OPTION];
  return t instanceof AttemptTrace ? t : undefined;
}

/** Node's Agent#addRequest (not in @types/node): every request passes it, new socket or reused. */
interface AgentInternals { addRequest(req: ClientRequest, options: unknown): void }

function traced<A extends https.Agent>(agent: A): A {
  const internals = agent as unknown as AgentInternals;
  const addRequest = internals.addRequest.bind(agent);
  internals.addRequest = (req, options) => {
    traceOf(options)?.track(req);
    addRequest(req, options);
  };
  return agent;
}

class TracingProxyAgent extends HttpsProxyAgent<string> {
  constructor(proxy: string, private readonly tls: { ca?: string }) {
    super(proxy, tls);
  }

  override async connect(req: ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]): Promise<Socket> {
    traceOf(opts)?.onProxyConnect();
    // https-proxy-agent drops its own options for the tunnelled TLS: give it the CA per connection.
    return super.connect(req, { ...opts, ...this.tls });
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

export function createTransport(opts: { caPem?: string | undefined; envProxy?: boolean | undefined }): Transport {
  const tls = opts.caPem ? { ca: opts.caPem } : {};
  let direct: https.Agent | undefined;
  const proxied = new Map<string, TracingProxyAgent>();
  const proxyUrl = (url: string): string | undefined => (opts.envProxy === false ? undefined : getProxyForUrl(url) || undefined);
  return {
    agentFor(url) {
      const proxy = proxyUrl(url);
      if (!proxy) return (direct ??= traced(new https.Agent({ keepAlive: true, ...tls })));
      let agent = proxied.get(proxy);
      if (!agent) {
        agent = traced(new TracingProxyAgent(proxy, { ...tls }));
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
