import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { CheckId, CheckStatus, RemediationId } from '../engine/types.js';
import type { Outcome, Verification } from './types.js';

/** `$XDG_STATE_HOME/aks-netiso/audit.jsonl`, else `~/.local/state/aks-netiso/audit.jsonl`. */
export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.local', 'state');
  return join(base, 'aks-netiso', 'audit.jsonl');
}

export class AuditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditError';
  }
}

export type AuditEventKind =
  | 'planned'
  | 'confirmed'
  | 'refused'
  | 'started'
  | 'accepted'
  | 'progress'
  | 'succeeded'
  | 'failed'
  | 'interrupted'
  | 'verified';

export interface AuditOperation {
  method: string;
  resourceId: string;
  sdkCall: string;
  bodySummary?: string | undefined;
}

/** A summary of a diagnosis for before/after: the non-passing checks. */
export interface AuditStateSummary {
  checks: { id: CheckId; status: CheckStatus; summary: string }[];
  rootCauses: string[];
}

export interface AuditEvent {
  event: AuditEventKind;
  /** Filled in by `write` when absent. */
  time?: string | undefined;
  /** The signed-in principal, when known. */
  who: string | null;
  cluster: string;
  remediation: RemediationId;
  /** Index into `operations` of the plan, for per-operation events. */
  operation?: number | undefined;
  operations?: AuditOperation[] | undefined;
  requestId?: string | undefined;
  requestIds?: string[] | undefined;
  correlationId?: string | undefined;
  operationUrl?: string | undefined;
  status?: string | undefined;
  elapsedMs?: number | undefined;
  outcome?: Outcome | undefined;
  verification?: Verification | undefined;
  reason?: string | undefined;
  before?: AuditStateSummary | undefined;
  after?: AuditStateSummary | undefined;
  [key: string]: unknown;
}

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way where a folder should be';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return err.message ?? String(e);
  }
}

/**
 * Append-only JSON lines. Each write is flushed to disk (fsync) before it resolves, so an
 * event recorded before a write is on disk before the write is sent.
 */
export class AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(readonly path: string, private readonly handle: FileHandle) {}

  static async open(path: string): Promise<AuditLog> {
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (e) {
      throw new AuditError(`cannot create the audit log's folder ${dirname(path)}: ${why(e)}`);
    }
    try {
      return new AuditLog(path, await open(path, 'a', 0o600));
    } catch (e) {
      throw new AuditError(`cannot open the audit log ${path} for appending: ${why(e)}`);
    }
  }

  /** Appends one event as a line and fsyncs; throws AuditError when the line is not on disk. */
  write(event: AuditEvent): Promise<void> {
    const { time, ...rest } = event;
    const line = `${JSON.stringify({ time: time ?? new Date().toISOString(), ...rest })}\n`;
    // Serialised so lines never interleave and fsync covers every earlier line.
    const next = this.queue.then(async () => {
      if (this.closed) throw new AuditError(`the audit log ${this.path} is closed`);
      try {
        await this.handle.appendFile(line, 'utf8');
        await this.handle.sync();
      } catch (e) {
        throw new AuditError(`cannot write the audit log ${this.path}: ${why(e)}`);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    await this.handle.close();
  }
}
