import type { CheckStatus } from '../core/ids.js';
import { countByStatus, fleetToJson, sortedBySeverity, type FleetCluster, type FleetClusterStatus, type FleetReport } from '../fleet/report.js';
import { formatMs, painter, plural, wrapIndented, type Paint, type Tone } from './format.js';
import { escapeXmlAttr, escapeXmlText } from './junit.js';
import { escapeMarkdown, inlineCode } from './markdown.js';
import { REMEDIATION_TITLE, STATUS_SYMBOL, STATUS_SYMBOL_ASCII, registryModeWords } from './wording.js';

/*
 * The writers of `aks-netiso/fleet@1`: text for a terminal, JSON (the contract), Markdown for a
 * ticket (a summary table, then a section per cluster that is not healthy) and JUnit for CI (a
 * testsuite per subscription, a testcase per cluster).
 */

/** Each fleet status as the check status whose symbol and colour it borrows. */
export const FLEET_STATUS_AS_CHECK: Record<FleetClusterStatus, CheckStatus> = {
  problem: 'fail',
  error: 'error',
  'not-isolated': 'skip',
  healthy: 'pass',
};

export const FLEET_STATUS_WORDS: Record<FleetClusterStatus, string> = {
  problem: 'problem',
  error: 'could not be judged',
  'not-isolated': 'not isolated',
  healthy: 'healthy',
};

const TONE: Record<FleetClusterStatus, Tone> = { problem: 'red', error: 'magenta', 'not-isolated': 'dim', healthy: 'green' };

function subscriptionsOf(report: FleetReport): string[] {
  return [...new Set(report.clusters.map((c) => c.subscriptionId))].sort();
}

/** "3 problems · 1 could not be judged · 6 healthy": only the statuses present. */
export function statusCounts(report: FleetReport): string {
  const counts = countByStatus(report.clusters);
  const parts = (Object.keys(FLEET_STATUS_AS_CHECK) as FleetClusterStatus[])
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${FLEET_STATUS_WORDS[s]}`);
  return parts.length > 0 ? parts.join(' · ') : 'no clusters';
}

export function fleetStatLine(report: FleetReport): string {
  const s = report.stats;
  return [
    plural(s.clusters, 'cluster'),
    plural(s.resourceGraphQueries, 'Resource Graph query', 'Resource Graph queries'),
    plural(s.armRequests, 'ARM request'),
    `${s.throttled} throttled`,
    formatMs(s.durationMs),
  ].join(' · ');
}

function fixWords(remediation: FleetCluster['rootCauses'][number]['remediation']): string {
  return remediation === null ? 'no automatic fix' : `fix: ${remediation} (${REMEDIATION_TITLE[remediation]})`;
}

export interface FleetTextOptions {
  color: boolean;
  width?: number | undefined;
  ascii?: boolean | undefined;
}

function clusterLines(c: FleetCluster, width: number, paint: Paint, ascii: boolean): string[] {
  const sym = (ascii ? STATUS_SYMBOL_ASCII : STATUS_SYMBOL)[FLEET_STATUS_AS_CHECK[c.status]];
  const where = `${c.resourceGroup} · ${c.subscriptionId}`;
  const out = [`${paint(TONE[c.status], sym)} ${paint('bold', c.name)}  ${paint('dim', `${FLEET_STATUS_WORDS[c.status]} · ${where}`)}`];
  for (const rc of c.rootCauses) {
    out.push(...wrapIndented(`${rc.checkId}: ${rc.summary}`, width, '    '));
    out.push(...wrapIndented(fixWords(rc.remediation), width, '      ').map((l) => paint('cyan', l)));
  }
  if (c.error !== undefined) out.push(...wrapIndented(c.error, width, '    '));
  return out;
}

/** The terminal report: counts, then every cluster most severe first (healthy ones one line each). */
export function renderFleetText(report: FleetReport, opts: FleetTextOptions): string {
  const width = Math.min(100, Math.max(40, Math.floor(opts.width ?? 80)));
  const paint = painter(opts.color);
  const subs = subscriptionsOf(report);
  const sections: string[][] = [
    [
      paint('bold', `aks-netiso fleet scan: ${plural(report.clusters.length, 'cluster')} in ${plural(subs.length, 'subscription')}`),
      paint('dim', statusCounts(report)),
    ],
  ];
  const clusters = sortedBySeverity(report.clusters);
  if (clusters.length > 0) sections.push(clusters.flatMap((c) => clusterLines(c, width, paint, opts.ascii === true)));
  sections.push([paint('dim', fleetStatLine(report))]);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

/** `scan --output json`: fleet@1, two-space indent, trailing newline. */
export function renderFleetJson(report: FleetReport): string {
  return `${JSON.stringify(fleetToJson(report), null, 2)}\n`;
}

function cell(s: string, code = false): string {
  if (s === '') return '';
  return code ? inlineCode(s).replace(/\|/g, '\\|') : escapeMarkdown(s);
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function mdSection(c: FleetCluster): string[] {
  const out = [
    `## ${STATUS_SYMBOL[FLEET_STATUS_AS_CHECK[c.status]]} ${escapeMarkdown(c.name)} (${escapeMarkdown(FLEET_STATUS_WORDS[c.status])})`,
    '',
    `${inlineCode(c.cluster)} · ${escapeMarkdown(c.location)} · ${escapeMarkdown(registryModeWords(c.registryMode))}`,
  ];
  if (c.error !== undefined) out.push('', escapeMarkdown(c.error));
  c.rootCauses.forEach((rc, i) => {
    if (i === 0) out.push('');
    const fix = rc.remediation === null ? 'No automatic fix.' : `**Fix: ${escapeMarkdown(REMEDIATION_TITLE[rc.remediation])}** (${inlineCode(rc.remediation)}).`;
    out.push(`${i + 1}. ${inlineCode(rc.checkId)}: ${escapeMarkdown(rc.summary)} ${fix}`);
  });
  const notPassing = c.checks.filter((k) => k.status !== 'pass');
  if (notPassing.length > 0) out.push('', `Checks not passing: ${notPassing.map((k) => `${inlineCode(k.id)} ${k.status}`).join(', ')}.`);
  return out;
}

/** For a ticket: the summary table, then one section per cluster with a problem or that could not be judged. */
export function renderFleetMarkdown(report: FleetReport): string {
  const clusters = sortedBySeverity(report.clusters);
  const rows = clusters.map((c) => [
    `${STATUS_SYMBOL[FLEET_STATUS_AS_CHECK[c.status]]} ${escapeMarkdown(FLEET_STATUS_WORDS[c.status])}`,
    cell(c.name),
    cell(c.resourceGroup, true),
    cell(c.subscriptionId, true),
    cell(c.location),
    c.rootCauses.map((r) => cell(r.checkId, true)).join(', '),
    c.rootCauses.map((r) => (r.remediation === null ? '' : cell(r.remediation, true))).filter((r) => r !== '').join(', '),
  ]);
  const blocks: string[][] = [
    ['# aks-netiso fleet scan'],
    [`${escapeMarkdown(plural(clusters.length, 'cluster'))} in ${escapeMarkdown(plural(subscriptionsOf(report).length, 'subscription'))}, scanned ${escapeMarkdown(report.scannedAt)}: ${escapeMarkdown(statusCounts(report))}.`],
  ];
  if (rows.length > 0) blocks.push(mdTable(['Status', 'Cluster', 'Resource group', 'Subscription', 'Location', 'Root cause', 'Fix'], rows));
  for (const c of clusters.filter((k) => k.status === 'problem' || k.status === 'error')) blocks.push(mdSection(c));
  blocks.push([`_${escapeMarkdown(fleetStatLine(report))}; schema ${inlineCode(report.schema)}._`]);
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

function attrs(pairs: [string, string | number][]): string {
  return pairs.map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`).join('');
}

function junitCase(c: FleetCluster): string {
  const open = `    <testcase${attrs([['classname', `aks-netiso.${c.resourceGroup}`], ['name', c.name], ['time', '0.000']])}`;
  const body = [
    c.cluster,
    ...(c.error !== undefined ? [c.error] : []),
    ...c.rootCauses.map((rc) => `${rc.checkId}: ${rc.summary}\n  ${fixWords(rc.remediation)}`),
  ].join('\n');
  const first = c.rootCauses[0];
  switch (c.status) {
    case 'problem':
      return `${open}>\n      <failure${attrs([['message', first ? `${first.checkId}: ${first.summary}` : 'a check failed'], ['type', 'problem']])}>${escapeXmlText(body)}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error${attrs([['message', c.error ?? 'could not be judged'], ['type', 'error']])}>${escapeXmlText(body)}</error>\n    </testcase>`;
    case 'not-isolated':
      return `${open}>\n      <skipped${attrs([['message', 'not network isolated']])}/>\n    </testcase>`;
    case 'healthy':
      return `${open}/>`;
  }
}

/** CI: a `<testsuite>` per subscription (valid against the Ant JUnit schema), a `<testcase>` per cluster. */
export function renderFleetJunit(report: FleetReport): string {
  const when = Number.isNaN(new Date(report.scannedAt).getTime()) ? new Date() : new Date(report.scannedAt);
  const timestamp = when.toISOString().slice(0, 19);
  const suites = subscriptionsOf(report).map((sub, id) => {
    const clusters = sortedBySeverity(report.clusters.filter((c) => c.subscriptionId === sub));
    const counts = countByStatus(clusters);
    return [
      `  <testsuite${attrs([
        ['name', sub],
        ['package', 'aks-netiso.fleet'],
        ['id', id],
        ['timestamp', timestamp],
        ['hostname', 'localhost'],
        ['tests', clusters.length],
        ['failures', counts.problem],
        ['errors', counts.error],
        ['skipped', counts['not-isolated']],
        ['time', '0.000'],
      ])}>`,
      '    <properties>',
      `      <property${attrs([['name', 'subscriptionId'], ['value', sub]])}/>`,
      '    </properties>',
      ...clusters.map(junitCase),
      '    <system-out></system-out>',
      '    <system-err></system-err>',
      '  </testsuite>',
    ].join('\n');
  });
  return `${['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...suites, '</testsuites>'].join('\n')}\n`;
}
