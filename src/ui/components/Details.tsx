import { Box } from 'ink';
import type { CheckResult, ImagePullFailure, Report } from '../../core/report.js';
import type { UiState } from '../state.js';
import { fixCommands } from '../../output/wording.js';
import { REMEDIATION_TITLE, STATUS_COLOR, STATUS_SYMBOL } from '../wording.js';
import { shortResource, table, wrap } from './text.js';
import { type Line, Scrolled } from './theme.js';

/** Pull failures belong to the checks that declare so; other checks show only their own evidence. */
function pullFailuresFor(result: CheckResult, report: Report | undefined): ImagePullFailure[] {
  if (!report || result.status === 'pass') return [];
  switch (result.display?.pullFailures) {
    case 'all':
      return report.imagePullFailures;
    case 'outside-mcr': {
      const images = new Set((result.data?.proposedRules ?? []).flatMap((r) => r.images));
      const own = report.imagePullFailures.filter((f) => images.has(f.image));
      return own.length > 0 ? own : report.imagePullFailures.filter((f) => f.imageRegistry !== 'mcr.microsoft.com');
    }
    default:
      return [];
  }
}

/** Every line of a check's details, laid out for `width` columns. */
export function detailLines(result: CheckResult, report: Report | undefined, width: number): Line[] {
  const lines: Line[] = [];
  lines.push({ text: `${STATUS_SYMBOL[result.status]} ${result.status.toUpperCase()}  ${result.title}`, bold: true, color: STATUS_COLOR[result.status] });
  lines.push({ text: `check ${result.id}${result.guide ? ` · guide ${result.guide}` : ''} · ${result.durationMs} ms`, dim: true });
  for (const t of wrap(result.summary, width)) lines.push({ text: t });
  if (result.remediations.length > 0) {
    lines.push({ text: '' });
    // f and d act on the first remediation only; the others are offered as their command.
    result.remediations.forEach((r, i) => {
      if (i === 0 && result.status !== 'pass') {
        lines.push({ text: `Fix: ${REMEDIATION_TITLE[r]} · f fix, d dry run`, color: 'cyan' });
        return;
      }
      const command = report ? fixCommands(r, report, result.id)[0] : undefined;
      for (const t of wrap(`Fix: ${REMEDIATION_TITLE[r]}${command ? ` · run ${command}` : ''}`, width, '  ')) lines.push({ text: t, color: 'cyan' });
    });
  }

  const fieldRows = result.evidence.filter((e) => e.field !== undefined || e.expected !== undefined || e.actual !== undefined);
  const notes = result.evidence.filter((e) => e.note !== undefined && e.note !== '');
  if (fieldRows.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: 'Evidence', bold: true });
    const resW = Math.max(16, Math.floor(width * 0.34));
    const fieldW = Math.max(12, Math.floor(width * 0.22));
    const expW = Math.max(10, Math.floor(width * 0.2));
    const widths = [resW, fieldW, expW, 0];
    const [head, ...body] = table(
      [['RESOURCE', 'FIELD', 'EXPECTED', 'ACTUAL'], ...fieldRows.map((e) => [shortResource(e.resourceId), e.field ?? '', e.expected ?? '', e.actual ?? ''])],
      widths,
      width,
    );
    lines.push({ text: head ?? '', dim: true });
    for (const b of body) lines.push({ text: b });
    // Long expected/actual values are cut in the table; repeat them whole where it matters.
    for (const e of fieldRows) {
      const long = (e.expected ?? '').length > expW || (e.actual ?? '').length > width - resW - fieldW - expW - 3;
      if (!long) continue;
      lines.push({ text: '' });
      for (const t of wrap(`${shortResource(e.resourceId)} ${e.field ?? ''}:`, width)) lines.push({ text: t, dim: true });
      if (e.expected !== undefined) for (const t of wrap(`  expected: ${e.expected}`, width, '    ')) lines.push({ text: t });
      if (e.actual !== undefined) for (const t of wrap(`  actual: ${e.actual}`, width, '    ')) lines.push({ text: t });
    }
  }
  const pulls = pullFailuresFor(result, report);
  if (pulls.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: `Image pull failures (${pulls.length})`, bold: true });
    const kindW = 12;
    const podW = Math.max(20, Math.min(Math.max(...pulls.map((p) => p.namespace.length + p.pod.length + 1)), width - kindW - 22));
    const [head, ...body] = table(
      [['POD', 'KIND', 'ATTEMPTED HOST'], ...pulls.map((p) => [`${p.namespace}/${p.pod}`, p.failureKind, p.attemptedHost ?? '(not in the message)'])],
      [podW, kindW, 0],
      width,
    );
    lines.push({ text: head ?? '', dim: true });
    pulls.forEach((p, i) => {
      lines.push({ text: body[i] ?? '', color: 'red' });
      for (const t of wrap(`  image ${p.image}${p.container ? ` (container ${p.container})` : ''}`, width, '    ')) lines.push({ text: t });
      for (const t of wrap(`  message ${p.message}`, width, '    ')) lines.push({ text: t, dim: true });
    });
  }
  // Notes last: for the pull checks they repeat, as event text, what the table above already shows.
  if (notes.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: 'Notes', bold: true });
    for (const n of notes) for (const t of wrap(`• ${n.note ?? ''}`, width, '  ')) lines.push({ text: t });
  }

  if (result.evidence.length === 0 && pulls.length === 0) {
    lines.push({ text: '' });
    lines.push({ text: 'No evidence recorded for this check.', dim: true });
  }
  return lines;
}

export function Details(props: { state: UiState; width: number; height: number }): React.JSX.Element {
  const row = props.state.run.rows[props.state.selected];
  const lines = row?.result ? detailLines(row.result, props.state.run.report, props.width) : [{ text: 'This check has not finished yet.' }];
  return (
    <Box flexDirection="column" width={props.width}>
      <Scrolled lines={lines} scroll={props.state.scroll} height={props.height} />
    </Box>
  );
}
