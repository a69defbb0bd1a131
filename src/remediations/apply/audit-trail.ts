import type { Report } from '../../engine/types.js';
import type { AuditEvent, AuditOperation, AuditStateSummary } from '../audit.js';
import { describeOperation } from '../operations.js';
import type { Plan } from '../types.js';

/** Where the records go: the audit log, or anything that appends and fails loudly like it. */
export interface AuditSink {
  readonly path: string;
  write(event: AuditEvent): Promise<void>;
}

type Entry = Omit<AuditEvent, 'who' | 'cluster' | 'remediation'>;

export function summarize(report: Report): AuditStateSummary {
  return {
    checks: report.checks.filter((c) => c.status !== 'pass').map((c) => ({ id: c.id, status: c.status, summary: c.summary })),
    rootCauses: report.rootCauses.map((rc) => `${rc.checkId}${rc.remediation ? ` → ${rc.remediation}` : ''}`),
  };
}

export function auditOperations(plan: Plan): AuditOperation[] {
  return plan.operations.map((op) => {
    const d = describeOperation(op);
    return { method: d.method, resourceId: d.resourceId, sdkCall: d.sdkCall, bodySummary: d.bodySummary };
  });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The records of one apply. A write that fails is never dropped: `record` answers with the
 * failure for the caller to act on, and the records made while an operation runs (accepted,
 * progress) keep their first failure until `settle`.
 */
export class AuditTrail {
  private pending: Promise<void>[] = [];
  private firstFailure: string | undefined;

  constructor(
    private readonly sink: AuditSink,
    private readonly base: { who: string | null; cluster: string; remediation: Plan['remediation'] },
  ) {}

  get path(): string {
    return this.sink.path;
  }

  /** Writes one record; resolves with why it could not be written, or undefined. */
  async record(e: Entry): Promise<string | undefined> {
    try {
      await this.sink.write({ ...this.base, ...e } as AuditEvent);
      return undefined;
    } catch (err) {
      return message(err);
    }
  }

  /** Writes a record without waiting (from the gateway's callbacks); `settle` reports a failure. */
  track(e: Entry): void {
    this.pending.push(
      this.record(e).then((failure) => {
        this.firstFailure ??= failure;
      }),
    );
  }

  /** Waits for the tracked records; the first failure among them, if any, once. */
  async settle(): Promise<string | undefined> {
    await Promise.all(this.pending);
    this.pending = [];
    const failure = this.firstFailure;
    this.firstFailure = undefined;
    return failure;
  }
}
