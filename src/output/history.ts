import type { HistoryEntry, RootCause } from '../core/report.js';

/**
 * Who changed it, in words every writer shares: "deleted by jordan.lee@contoso.com on 2026-11-20
 * 03:12 UTC (correlation 6f5e…)", or why nothing is known. Nothing when the report has no history.
 */

function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

function verb(operation: string): string {
  const last = operation.split('/').at(-1)?.toLowerCase() ?? '';
  if (last === 'delete') return 'deleted';
  if (last === 'write') return 'changed';
  return `${last} run`;
}

function who(e: HistoryEntry): string {
  if (e.callerKind === 'aks') return `AKS itself (${e.caller})`;
  if (e.callerKind === 'servicePrincipal') return e.callerName ? `service principal ${e.callerName} (app id ${e.caller})` : `service principal with app id ${e.caller}`;
  return e.caller;
}

export function historyLine(e: HistoryEntry): string {
  const what = e.status === 'Failed' ? `a failed attempt: ${verb(e.operation)}` : verb(e.operation);
  const correlation = e.correlationId ? ` (correlation ${e.correlationId.slice(0, 4)}…)` : '';
  return `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} by ${who(e)} on ${when(e.time)}${correlation}.`;
}

const NOTES = {
  // Not only deletes: a root cause may be a changed record or an endpoint never approved.
  'none-in-retention': 'No delete or change recorded in the last 90 days: older, or done by the platform.',
  'no-permission': 'Who changed it is not known: reading the Activity Log needs Microsoft.Insights/eventtypes/values/read.',
  unavailable: 'Who changed it is not known: the Activity Log could not be read.',
} as const;

/** The lines under a root cause: each ended operation, newest first (at most `max`), or the note. */
export function historyLines(rc: RootCause, max = 3): string[] {
  if (!rc.history) return [];
  if (rc.history.length === 0) return rc.historyNote ? [NOTES[rc.historyNote]] : [];
  const shown = rc.history.slice(0, max).map(historyLine);
  if (rc.history.length > max) shown.push(`…and ${rc.history.length - max} earlier change(s) in the report's JSON.`);
  return shown;
}
