import type { CheckResult, Evidence, Report } from '../core/report.js';
import type { Plan } from '../remediations/types.js';
import { historyLines } from './history.js';
import { formatMs } from './format.js';
import { planToJson, type PlanJson } from './plan.js';
import {
  REMEDIATION_DESCRIPTION,
  REMEDIATION_TITLE,
  RISK_WORDS,
  STATUS_LABEL,
  STATUS_SYMBOL,
  causePhrase,
  clusterNameOf,
  fixCommands,
  guideReference,
  guideText,
  isolationWords,
  noRootCauseSentence,
  registryModeWords,
} from './wording.js';

export interface MarkdownOptions {
  /** Plans to include with their ARM operations and `az` commands. */
  plans?: Plan[] | undefined;
}

/** Plain text in Markdown: characters that would start emphasis, code, links, HTML or a cell break. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks inside it (CommonMark: a longer fence, padded by spaces). */
export function inlineCode(s: string): string {
  const flat = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A table cell. GFM splits rows on `|` before it parses code spans, so pipes are escaped even
 * inside code; a GFM renderer shows `\|` in a code span as `|`.
 */
function cell(s: string | undefined, code = false): string {
  if (s === undefined || s === '') return '';
  return code ? inlineCode(s).replace(/\|/g, '\\|') : escapeMarkdown(s);
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function codeBlock(lines: string[], lang = 'sh'): string[] {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...lines, fence];
}

function summaryBlock(report: Report): string[] {
  const rows: string[][] = [
    ['Cluster', cell(report.cluster, true)],
    ['Network isolation', cell(isolationWords(report.networkIsolated))],
    ['Registry mode', cell(registryModeWords(report.registryMode))],
  ];
  if (report.registry) {
    const login = report.registry.loginServer ? ` (${cell(report.registry.loginServer, true)})` : '';
    rows.push(['Registry', `${cell(report.registry.name, true)}${login}`]);
  }
  if (report.generatedAt) rows.push(['Diagnosed at', cell(report.generatedAt)]);
  return table(['', ''], rows);
}

function rootCauseBlock(report: Report): string[] {
  const out: string[] = ['## Root cause', ''];
  if (report.rootCauses.length === 0) {
    out.push(escapeMarkdown(noRootCauseSentence(report)));
    return out;
  }
  report.rootCauses.forEach((rc, i) => {
    const guide = rc.guideIssue === null ? '' : ` (${guideReference(rc.guideIssue)})`;
    out.push(`${i + 1}. **${escapeMarkdown(causePhrase(rc))}**${guide}, found by ${inlineCode(rc.checkId)}.`);
    out.push(`   ${escapeMarkdown(rc.summary)}`);
    for (const h of historyLines(rc)) out.push('', `   ${escapeMarkdown(h)}`);
    if (rc.remediation === null) {
      out.push('', '   No automatic fix.');
    } else {
      out.push('', `   **Fix: ${escapeMarkdown(REMEDIATION_TITLE[rc.remediation])}** (${inlineCode(rc.remediation)}). ${escapeMarkdown(REMEDIATION_DESCRIPTION[rc.remediation])}`);
      out.push('', ...codeBlock(fixCommands(rc.remediation, report, rc.checkId)).map((l) => `   ${l}`));
    }
    out.push('');
  });
  out.pop();
  return out;
}

function checksBlock(report: Report): string[] {
  const rows = report.checks.map((c) => [
    `${STATUS_SYMBOL[c.status]} ${STATUS_LABEL[c.status]}`,
    cell(c.id, true),
    cell(c.summary),
    cell(guideText(c.guide)),
  ]);
  return ['## Checks', '', ...table(['Status', 'Check', 'Finding', 'Guide'], rows)];
}

function evidenceBlock(c: CheckResult): string[] {
  const out: string[] = [`### ${STATUS_SYMBOL[c.status]} ${inlineCode(c.id)}: ${escapeMarkdown(c.title)}`, '', escapeMarkdown(c.summary)];
  const fields = c.evidence.filter((e) => e.resourceId ?? e.field ?? e.expected ?? e.actual);
  const notes = c.evidence.map((e) => e.note).filter((n): n is string => !!n);
  if (fields.length > 0) {
    const row = (e: Evidence): string[] => [cell(e.resourceId, true), cell(e.field, true), cell(e.expected), cell(e.actual)];
    out.push('', ...table(['Resource', 'Field', 'Expected', 'Actual'], fields.map(row)));
  }
  if (notes.length > 0) out.push('', ...notes.map((n) => `> ${escapeMarkdown(n)}  `));
  if (c.remediations.length > 0) {
    out.push('', `Remediations: ${c.remediations.map((r) => inlineCode(r)).join(', ')}`);
  }
  return out;
}

function pullsBlock(report: Report): string[] {
  const f = report.imagePullFailures;
  if (f.length === 0) return [];
  const rows = f.map((p) => [
    cell(p.namespace, true),
    cell(p.pod, true),
    cell(p.init ? `${p.container} (init)` : p.container, true),
    cell(p.image, true),
    cell(p.attemptedHost ?? 'none named', p.attemptedHost !== null),
    cell(p.failureKind),
    cell(p.message),
  ]);
  return [`## Image pull failures (${f.length})`, '', ...table(['Namespace', 'Pod', 'Container', 'Image', 'Attempted host', 'Kind', 'Message'], rows)];
}

function planBlock(plan: PlanJson): string[] {
  const out: string[] = [
    `### ${escapeMarkdown(plan.title)} (${inlineCode(plan.remediation)})`,
    '',
    `- Risk: ${escapeMarkdown(RISK_WORDS[plan.risk])}`,
    `- ${plan.automated ? 'Automated: aks-netiso applies it after confirmation' : 'Guided: run these commands on your own resources'}`,
    `- Expected duration: ${escapeMarkdown(plan.expectedDuration)}`,
    '',
    escapeMarkdown(plan.summary),
  ];
  if (plan.impact.length > 0) out.push('', '**What it touches**', '', ...plan.impact.map((i) => `- ${escapeMarkdown(i)}`));
  if (plan.operations.length > 0) {
    const rows = plan.operations.map((o, i) => [String(i + 1), o.method, cell(o.resourceId, true), cell(o.sdkCall, true), cell(o.bodySummary)]);
    out.push('', '**ARM operations**', '', ...table(['#', 'Method', 'Resource', 'SDK call', 'What it sends'], rows));
  }
  if (plan.azCommands.length > 0) out.push('', '**Equivalent `az` commands**', '', ...codeBlock(plan.azCommands));
  if (plan.preflight && plan.preflight.length > 0) {
    const rows = plan.preflight.map((p) => [String(p.operation + 1), p.status, p.aspect, cell(p.text), cell(p.unblock.join(' && '), p.unblock.length > 0)]);
    out.push('', '**Can this run? (pre-flight)**', '', ...table(['#', 'Status', 'Check', 'Finding', 'To unblock'], rows));
  }
  if (plan.warnings.length > 0) out.push('', '**Warnings**', '', ...plan.warnings.map((w) => `- ⚠ ${escapeMarkdown(w)}`));
  return out;
}

/**
 * For an incident ticket: the root cause and its fix first, then the checks, the evidence of
 * every check that did not pass, the failing pulls and, when given, the plans with their `az` commands.
 */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const blocks: string[][] = [
    [`# aks-netiso diagnosis: ${escapeMarkdown(clusterNameOf(report))}`],
    summaryBlock(report),
    rootCauseBlock(report),
    checksBlock(report),
  ];
  const notPassing = report.checks.filter((c) => c.status !== 'pass');
  if (notPassing.length > 0) {
    blocks.push(['## Evidence']);
    for (const c of notPassing) blocks.push(evidenceBlock(c));
  }
  const pulls = pullsBlock(report);
  if (pulls.length > 0) blocks.push(pulls);
  const plans = opts.plans ?? [];
  if (plans.length > 0) {
    blocks.push(['## Fix plans']);
    for (const p of plans) blocks.push(planBlock(planToJson(p)));
  }
  const s = report.stats;
  blocks.push([
    `_${s.armRequests} ARM requests, ${s.kubeRequests} Kubernetes requests, ${escapeMarkdown(formatMs(s.durationMs))}; schema ${inlineCode(report.schema)}._`,
  ]);
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}
