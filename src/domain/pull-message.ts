import type { FailureKind } from '../core/ids.js';

export interface PullMessageInfo {
  /** The host the node actually contacted, or null when the message names none (`dial tcp IP:443`). */
  attemptedHost: string | null;
  failureKind: FailureKind;
}

// Hosts that appear in error texts as links to documentation, never as the registry contacted.
const DOC_HOSTS = new Set(['aka.ms', 'docs.microsoft.com', 'learn.microsoft.com', 'docs.docker.com']);

const HOST = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\\d+)?';
const URL_HOST = new RegExp(`https?://(${HOST})(?=[/"'?\\s:,]|$)`, 'gi');
const LOOKUP_HOST = new RegExp(`\\blookup (${HOST})(?= on |: |:?$)`, 'gi');

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/:443$/, '');
}

/** The first registry host the message names, in the order the text names them. */
function attemptedHostOf(message: string): string | null {
  const found: { at: number; host: string }[] = [];
  for (const re of [URL_HOST, LOOKUP_HOST]) {
    re.lastIndex = 0;
    for (let m = re.exec(message); m; m = re.exec(message)) {
      const host = normaliseHost(m[1] ?? '');
      // An IP is where the connection went, not which registry: `dial tcp IP:443` names no host.
      if (!host || DOC_HOSTS.has(host) || /^\d+\.\d+\.\d+\.\d+(?::\d+)?$/.test(host)) continue;
      found.push({ at: m.index, host });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found[0]?.host ?? null;
}

/**
 * Most telling first: a message that could not resolve or reach the registry says nothing
 * about authorisation, and kubelet's multi-error `[…, …]` pairs an anonymous attempt with an
 * authenticated one, where a 401 explains a neighbouring `not found`.
 */
const KINDS: readonly (readonly [FailureKind, RegExp])[] = [
  ['dns', /no such host|\blookup \S+ on \S+: |\blookup \S+: (?:i\/o timeout|server misbehaving|temporary failure)|temporary failure in name resolution|server misbehaving/i],
  ['tls', /\bx509: |certificate signed by unknown authority|certificate has expired|tls: failed to verify|remote error: tls: /i],
  ['timeout', /i\/o timeout|context deadline exceeded|Client\.Timeout exceeded|TLS handshake timeout|connection timed out|request canceled while waiting for connection|deadline exceeded/i],
  ['forbidden', /\b403 Forbidden\b|\bstatus(?: code)?:? 403\b|\bRESPONSE 403\b|\bdenied: |"code":\s*"DENIED"|code = PermissionDenied|is not allowed access/i],
  ['unauthorized', /\b401 Unauthorized\b|\bstatus(?: code)?:? 401\b|\bunauthorized: |authentication required|failed to fetch (?:anonymous|oauth) token|insufficient_scope|pull access denied|code = Unauthenticated/i],
  ['notFound', /: not found\b|code = NotFound|manifest unknown|\b404 Not Found\b|name unknown|repository name not known/i],
];

/** Where a pull went and how it failed, from a kubelet/containerd error message. */
export function parsePullMessage(message: string): PullMessageInfo {
  const text = message ?? '';
  const kind = KINDS.find(([, re]) => re.test(text))?.[0] ?? 'other';
  return { attemptedHost: attemptedHostOf(text), failureKind: kind };
}
