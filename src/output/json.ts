import type { CheckResult, Evidence, ImagePullFailure, Report, RootCause } from '../engine/types.js';

/*
 * report@1 as formats.md writes it: the contract's keys first, in the contract's order, so a
 * diff of two reports lines up. Fields the engine adds beyond the contract (timings, the data a
 * remediation plans from, when and against what) follow the contract's keys; consumers of
 * report@1 ignore them.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Drops `undefined` (JSON has none) and keeps insertion order. */
function obj(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

function evidence(e: Evidence): Record<string, unknown> {
  return obj([
    ['resourceId', e.resourceId],
    ['field', e.field],
    ['expected', e.expected],
    ['actual', e.actual],
    ['note', e.note],
  ]);
}

function check(c: CheckResult): Record<string, unknown> {
  return obj([
    ['id', c.id],
    ['status', c.status],
    ['title', c.title],
    ['summary', c.summary],
    ['evidence', c.evidence.map(evidence)],
    ['remediations', [...c.remediations]],
    ['guide', c.guide],
    ['durationMs', c.durationMs],
    ['data', c.data],
  ]);
}

function rootCause(r: RootCause): Record<string, unknown> {
  return obj([
    ['checkId', r.checkId],
    ['guideIssue', r.guideIssue],
    ['summary', r.summary],
    ['remediation', r.remediation],
  ]);
}

function pullFailure(f: ImagePullFailure): Record<string, unknown> {
  return obj([
    ['namespace', f.namespace],
    ['pod', f.pod],
    ['container', f.container],
    ['image', f.image],
    ['imageRegistry', f.imageRegistry],
    ['attemptedHost', f.attemptedHost],
    ['failureKind', f.failureKind],
    ['message', f.message],
    ['node', f.node],
    ['pool', f.pool],
    ['init', f.init],
  ]);
}

/** The report as a plain JSON value in report@1's key order. */
export function reportToJson(report: Report): Json {
  const value = obj([
    ['schema', report.schema],
    ['cluster', report.cluster],
    ['networkIsolated', report.networkIsolated],
    ['registryMode', report.registryMode],
    ['checks', report.checks.map(check)],
    ['rootCauses', report.rootCauses.map(rootCause)],
    ['imagePullFailures', report.imagePullFailures.map(pullFailure)],
    [
      'stats',
      obj([
        ['armRequests', report.stats.armRequests],
        ['kubeRequests', report.stats.kubeRequests],
        ['durationMs', report.stats.durationMs],
      ]),
    ],
    ['generatedAt', report.generatedAt],
    ['clusterName', report.clusterName],
    [
      'registry',
      report.registry
        ? obj([
            ['id', report.registry.id],
            ['name', report.registry.name],
            ['loginServer', report.registry.loginServer],
          ])
        : undefined,
    ],
  ]);
  // A round trip through JSON also drops `undefined` nested inside `data`.
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** `diagnose --output json`: report@1, two-space indent, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(reportToJson(report), null, 2)}\n`;
}
