import type { CheckResult, Evidence, Report } from '../core/report.js';
import { historyLines } from './history.js';
import {
  REMEDIATION_TITLE,
  STATUS_LABEL,
  checkGroup,
  fixCommands,
  isolationWords,
  registryModeWords,
  rootCauseSentence,
} from './wording.js';

export interface JunitOptions {
  /** The timestamp when the report has no `generatedAt`. */
  now?: Date | undefined;
}

// XML 1.0 cannot carry most C0 controls even escaped; an event message could hold one.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXmlText(s: string): string {
  return s.replace(INVALID_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and line breaks as references so attribute normalisation keeps them. */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function attrs(pairs: [string, string | number][]): string {
  return pairs.map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`).join('');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The Ant schema wants a local date-time without zone or fraction; the report's time is UTC. */
function timestamp(report: Report, now: Date | undefined): string {
  const parsed = report.generatedAt ? new Date(report.generatedAt) : undefined;
  const when = parsed && !Number.isNaN(parsed.getTime()) ? parsed : (now ?? new Date());
  return when.toISOString().slice(0, 19);
}

function evidenceText(e: Evidence): string {
  const lines: string[] = [];
  if (e.resourceId) lines.push(`resource: ${e.resourceId}`);
  if (e.field) lines.push(`field:    ${e.field}`);
  if (e.expected !== undefined) lines.push(`expected: ${e.expected}`);
  if (e.actual !== undefined) lines.push(`actual:   ${e.actual}`);
  if (e.note) lines.push(`note:     ${e.note}`);
  return lines.join('\n');
}

function body(c: CheckResult, report: Report): string {
  const parts: string[] = [c.summary];
  for (const e of c.evidence) parts.push(evidenceText(e));
  const rc = report.rootCauses.find((r) => r.checkId === c.id);
  if (rc) {
    parts.push(rootCauseSentence(rc, report, { command: false }));
    const history = historyLines(rc);
    if (history.length > 0) parts.push(history.join('\n'));
    if (rc.remediation) parts.push(fixCommands(rc.remediation, report, c.id).join('\n'));
  } else if (c.remediations.length > 0) {
    parts.push(`Remediations: ${c.remediations.map((r) => `${r} (${REMEDIATION_TITLE[r]})`).join(', ')}`);
  }
  return parts.filter((p) => p.length > 0).join('\n\n');
}

function testcase(c: CheckResult, report: Report): string {
  const open = `  <testcase${attrs([
    ['classname', `aks-netiso.${checkGroup(c.id)}`],
    ['name', c.id],
    ['time', seconds(c.durationMs)],
  ])}`;
  switch (c.status) {
    case 'fail':
      return `${open}>\n    <failure${attrs([['message', c.summary], ['type', 'fail']])}>${escapeXmlText(body(c, report))}</failure>\n  </testcase>`;
    case 'error':
      return `${open}>\n    <error${attrs([['message', c.summary], ['type', 'error']])}>${escapeXmlText(body(c, report))}</error>\n  </testcase>`;
    case 'skip':
      return `${open}>\n    <skipped${attrs([['message', c.summary]])}/>\n  </testcase>`;
    default:
      // JUnit has no "warning": a warn passes, and its text goes to system-out.
      return `${open}/>`;
  }
}

function systemOut(report: Report): string {
  const lines: string[] = [];
  for (const rc of report.rootCauses) lines.push(rootCauseSentence(rc, report), ...historyLines(rc));
  for (const c of report.checks) {
    if (c.status === 'warn') lines.push(`${STATUS_LABEL.warn} ${c.id}: ${c.summary}`);
  }
  if (report.imagePullFailures.length > 0) {
    lines.push(`${report.imagePullFailures.length} failing image pull(s):`);
    for (const f of report.imagePullFailures) {
      lines.push(`  ${f.namespace}/${f.pod} ${f.container} ${f.image} tried ${f.attemptedHost ?? 'no host named'} (${f.failureKind})`);
    }
  }
  return lines.join('\n');
}

/**
 * One `<testsuite name="aks-netiso">` with one test case per check, valid against the Ant
 * JUnit schema CI servers read (windyroad/JUnit-Schema): fail → failure, error → error,
 * skip → skipped, each carrying its evidence.
 */
export function renderJunit(report: Report, opts: JunitOptions = {}): string {
  const count = (s: CheckResult['status']): number => report.checks.filter((c) => c.status === s).length;
  const properties: [string, string][] = [
    ['cluster', report.cluster],
    ['networkIsolated', isolationWords(report.networkIsolated)],
    ['registryMode', registryModeWords(report.registryMode)],
    ['armRequests', String(report.stats.armRequests)],
    ['kubeRequests', String(report.stats.kubeRequests)],
  ];
  if (report.registry) properties.push(['registry', report.registry.id]);
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite${attrs([
      ['name', 'aks-netiso'],
      ['timestamp', timestamp(report, opts.now)],
      ['hostname', 'localhost'],
      ['tests', report.checks.length],
      ['failures', count('fail')],
      ['errors', count('error')],
      ['skipped', count('skip')],
      ['time', seconds(report.stats.durationMs)],
    ])}>`,
    '  <properties>',
    ...properties.map(([name, value]) => `    <property${attrs([['name', name], ['value', value]])}/>`),
    '  </properties>',
    ...report.checks.map((c) => testcase(c, report)),
    `  <system-out>${escapeXmlText(systemOut(report))}</system-out>`,
    '  <system-err></system-err>',
    '</testsuite>',
  ];
  return `${lines.join('\n')}\n`;
}
