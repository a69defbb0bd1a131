import type { Bundle } from '../bundle/types.js';

/** One request the emulator served, for tests and the benchmark. */
export interface RequestLogEntry {
  api: 'arm' | 'kube';
  method: string;
  /** Path and query as received. */
  path: string;
  status: number;
  /** ms since the emulator started (performance.now based). */
  start: number;
  end: number;
  /** Parsed JSON body of PUT/PATCH/POST requests, so tests can assert what a write sent. */
  body?: unknown;
  /**
   * Kubernetes only: who the bearer token authenticated as (`clusterUser` for the kubeconfig's
   * static token, the upn of an Entra ID token), or undefined when it did not (401).
   */
  user?: string | undefined;
}

/** A scripted fault. Matches when method (if given) and path pattern both match. */
export interface Fault {
  method?: string | undefined;
  /** Substring, or a RegExp tested against the path (with query). */
  path: string | RegExp;
  /**
   * `status`: answer with an error status. `reset`: destroy the socket. `hang`: never answer.
   * `lroFailed`: accept the write, then its asynchronous operation ends `Failed` and the state is unchanged.
   * `tls-stall`: a new connection never gets past the TLS handshake (connection-level: path and method are not seen).
   * `drip`: the normal answer, its body one byte a second. `html`: an HTML error page with `status`, as a proxy
   * sends. `badjson`: the normal answer's JSON body cut in the middle. `latency`: the normal answer after `delayMs`.
   */
  kind: 'status' | 'reset' | 'hang' | 'lroFailed' | 'tls-stall' | 'drip' | 'html' | 'badjson' | 'latency';
  /** Only requests to this API (default: both). */
  api?: 'arm' | 'kube' | undefined;
  /**
   * Only requests whose resource type (the last type segment of the path, e.g. `registries`,
   * `cacheRules`, `pods`; case-insensitive) is this one.
   */
  resourceType?: string | undefined;
  /** How many matching requests go through untouched before it fires (`@N` is skip N-1). */
  skip?: number | undefined;
  /** For kind 'latency': the delay before the normal answer, ms. */
  delayMs?: number | undefined;
  /** For kind 'status': 403, 404, 409, 429, 500, 503… */
  status?: number | undefined;
  /** For 429/503: the Retry-After header value in seconds. */
  retryAfterSeconds?: number | undefined;
  /** ARM error code / message for the body; sensible defaults per status. */
  code?: string | undefined;
  message?: string | undefined;
  /** How many matching requests it affects (default: all until removed). */
  times?: number | undefined;
}

export interface EmulatorOptions {
  bundle: Bundle;
  /** Injected latency per request, ms. */
  latencyMs?: number | undefined;
  /** Page size of ARM and Kubernetes lists. */
  pageSize?: number | undefined;
  /**
   * How long an accepted write runs before it completes, ms (default 100, plus twice the injected
   * latency). Time-driven, as on the service: a client that only polls the resource sees it finish.
   */
  lroDurationMs?: number | undefined;
  /** How long a Kubernetes continue token stays valid (default 5 minutes, an etcd compaction). */
  kubeContinueTtlMs?: number | undefined;
  /**
   * The `Retry-After` (seconds) on accepted writes and on polls of a running operation (default 0).
   * The SDKs take a non-zero value as their poll interval, so only a client that can wait should get one.
   */
  lroRetryAfterSeconds?: number | undefined;
  /** Faults in force from the start (`--emulator-fault`), in order: the first matching one applies. */
  faults?: readonly Fault[] | undefined;
  /** Resource Graph's per-user quota (default 15 queries per 5 s, the documented example). */
  resourceGraphQuota?: { queries?: number; windowMs?: number } | undefined;
}

export interface WrittenEnv {
  armEndpoint: string;
  kubeconfig: string;
  caCertificate: string;
  subscriptionId: string;
  clusterId: string;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT`: ARM and (when reachable) the Kubernetes API. */
  readonly url: string;
  /** PEM of the self-signed CA/certificate the server uses (loopback only). */
  readonly caPem: string;
  /** The bearer token the emulated API server accepts. */
  readonly kubeToken: string;
  /** The live state: writes change it, and what is served follows. */
  readonly bundle: Bundle;
  readonly requests: RequestLogEntry[];
  /** Kubeconfig YAML for the emulated API server (unreachable: points at a closed port). */
  kubeconfigYaml(): string;
  addFault(fault: Fault): () => void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Resource Graph queries answered and refused with 429 so far. */
  resourceGraphStats(): { answered: number; throttled: number };
  /** Writes kubeconfig and CA files into `dir` and returns what `--print-env` prints. */
  writeEnv(dir: string): Promise<WrittenEnv>;
  close(): Promise<void>;
}
