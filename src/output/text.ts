import type { CheckStatus } from '../core/ids.js';
import type { ImagePullFailure, Report } from '../core/report.js';
import { historyLines } from './history.js';
import { commandLines, formatMs, glue, painter, plural, unglue, wrapIndented, type Paint, type Tone } from './format.js';
import {
  REMEDIATION_DESCRIPTION,
  STATUS_SYMBOL,
  STATUS_SYMBOL_ASCII,
  clusterNameOf,
  fixCommandGroups,
  isolationWords,
  noRootCauseSentence,
  registryModeWords,
  rootCauseSentence,
} from './wording.js';

export interface TextOptions {
  /** ANSI colour; the caller decides from the TTY and NO_COLOR. */
  color: boolean;
  /** Terminal width; clamped to 40–100 so the report stays readable; 80 when absent. */
  width?: number | undefined;
  /** ASCII status symbols for terminals without Unicode. */
  ascii?: boolean | undefined;
  /** How many failing pulls to list before "… and N more". */
  maxPulls?: number | undefined;
}

const TONE: Record<CheckStatus, Tone> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  skip: 'dim',
  error: 'magenta',
};

const DEFAULT_MAX_PULLS = 5;

function clampWidth(width: number | undefined): number {
  if (width === undefined || !Number.isFinite(width) || width <= 0) return 80;
  return Math.min(100, Math.max(40, Math.floor(width)));
}

function header(report: Report, width: number, paint: Paint): string[] {
  const name = clusterNameOf(report);
  const facts = [registryModeWords(report.registryMode), isolationWords(report.networkIsolated)];
  if (report.registry) facts.push(`registry ${report.registry.loginServer ?? report.registry.name}`);
  return [
    ...wrapIndented(`aks-netiso diagnosis of ${name}`, width, '').map((l) => paint('bold', l)),
    ...wrapIndented(facts.join(' · '), width, '').map((l) => paint('dim', l)),
  ];
}

function rootCauseLines(report: Report, width: number, paint: Paint, sym: Record<CheckStatus, string>): string[] {
  const out: string[] = [];
  if (report.rootCauses.length === 0) {
    const ok = !report.checks.some((c) => c.status === 'fail' || c.status === 'error');
    const lines = wrapIndented(noRootCauseSentence(report), width, `${ok ? sym.pass : sym.warn} `, '  ');
    const first = lines[0] ?? '';
    const lead = ok ? sym.pass : sym.warn;
    out.push(paint(ok ? 'green' : 'yellow', lead) + first.slice(lead.length), ...lines.slice(1));
    return out;
  }
  for (const rc of report.rootCauses) {
    const sentence = rootCauseSentence(rc, report, { command: false });
    const lines = wrapIndented(glue(sentence), width, `${sym.fail} `, '  ').map(unglue);
    // Colour only the symbol: the widths above were measured without escape codes.
    const first = lines[0] ?? '';
    out.push(paint('red', first.slice(0, sym.fail.length)) + paint('bold', first.slice(sym.fail.length)));
    out.push(...lines.slice(1).map((l) => paint('bold', l)));
    out.push(...wrapIndented(rc.summary, width, '  '));
    for (const h of historyLines(rc)) out.push(...wrapIndented(h, width, '  '));
    if (rc.remediation !== null) {
      out.push(...wrapIndented(REMEDIATION_DESCRIPTION[rc.remediation], width, '  ').map((l) => paint('dim', l)));
      for (const groups of fixCommandGroups(rc.remediation, report, rc.checkId)) {
        const cmd = commandLines(groups, width, '    ', '      ');
        out.push(...cmd.map((l) => paint('cyan', l)));
      }
    }
    out.push('');
  }
  out.pop();
  return out;
}

function checkLines(report: Report, width: number, paint: Paint, sym: Record<CheckStatus, string>): string[] {
  const out: string[] = [paint('bold', 'Checks')];
  const idWidth = Math.max(...report.checks.map((c) => c.id.length), 0);
  // Narrow terminals get the summary under the id instead of beside it.
  const beside = width - (4 + idWidth + 2) >= 30;
  for (const c of report.checks) {
    const symbol = paint(TONE[c.status], sym[c.status]);
    if (beside) {
      const lead = `  ${sym[c.status]} ${c.id.padEnd(idWidth)}  `;
      const lines = wrapIndented(c.summary, width, lead);
      lines.forEach((l, i) => {
        out.push(i === 0 ? `  ${symbol}${l.slice(2 + sym[c.status].length)}` : l);
      });
    } else {
      out.push(`  ${symbol} ${c.id}`);
      out.push(...wrapIndented(c.summary, width, '      '));
    }
  }
  return out;
}

function pullLines(failures: readonly ImagePullFailure[], width: number, paint: Paint, max: number): string[] {
  if (failures.length === 0) return [];
  const out: string[] = [paint('bold', `Failing image pulls (${failures.length})`)];
  for (const f of failures.slice(0, max)) {
    const container = f.init ? `init container ${f.container}` : `container ${f.container}`;
    out.push(...wrapIndented(`${f.namespace}/${f.pod} (${container})`, width, '  '));
    out.push(...wrapIndented(f.image, width, '    image  '));
    const tried = f.attemptedHost ?? 'no host named in the message';
    out.push(...wrapIndented(`${tried} · ${f.failureKind}`, width, '    tried  '));
  }
  if (failures.length > max) out.push(`  … and ${failures.length - max} more`);
  return out;
}

function statLine(report: Report): string {
  const s = report.stats;
  return `${plural(s.armRequests, 'ARM request')} · ${plural(s.kubeRequests, 'Kubernetes request')} · ${formatMs(s.durationMs)}`;
}

/**
 * The human report: root causes first (each with its fix and the exact command), then every
 * check with its status, then the failing pulls, then what the run cost. Ends with a newline.
 */
export function renderText(report: Report, opts: TextOptions): string {
  const width = clampWidth(opts.width);
  const paint = painter(opts.color);
  const sym = opts.ascii ? STATUS_SYMBOL_ASCII : STATUS_SYMBOL;
  const sections: string[][] = [
    header(report, width, paint),
    rootCauseLines(report, width, paint, sym),
    checkLines(report, width, paint, sym),
    pullLines(report.imagePullFailures, width, paint, Math.max(1, opts.maxPulls ?? DEFAULT_MAX_PULLS)),
    [paint('dim', statLine(report))],
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}
