import { Box, Text } from 'ink';
import { changedChecks, type UiState } from '../state.js';
import type { Outcome, Verification } from '../../remediations/types.js';
import { OUTCOME_WORDS, STATUS_COLOR, STATUS_SYMBOL, VERIFICATION_WORDS, rootCauseSentence } from '../wording.js';
import { pad, wrap } from './text.js';
import { type Line, Scrolled, useColor } from './theme.js';

const OUTCOME_COLOR: Record<Outcome, string> = { applied: 'green', 'dry-run': 'cyan', refused: 'yellow', failed: 'red', interrupted: 'yellow', unknown: 'yellow' };
const VERIFICATION_COLOR: Record<Verification, string> = { fixed: 'green', 'not-fixed': 'red', 'could-not-verify': 'yellow' };

export function fixResultLines(state: UiState, width: number): Line[] {
  const fix = state.fix;
  const lines: Line[] = [];
  const push = (text: string, style: Omit<Line, 'text'> = {}, indent = ''): void => {
    for (const t of wrap(text, width, indent)) lines.push({ text: t, ...style });
  };
  if (fix.status === 'failed' || !fix.result) {
    push(`✖ The fix did not complete: ${fix.error ?? 'unknown error'}`, { color: 'red', bold: true });
    push('Check the audit log and the Azure activity log before trying again.', { dim: true });
    return lines;
  }
  const r = fix.result;
  push(`Outcome: ${OUTCOME_WORDS[r.outcome]}`, { bold: true, color: OUTCOME_COLOR[r.outcome] });
  if (r.verification) push(`Verification: ${VERIFICATION_WORDS[r.verification]}`, { bold: true, color: VERIFICATION_COLOR[r.verification] });
  if (r.reason) push(r.reason);
  if (r.auditLog) push(`Audit log: ${r.auditLog}`, { dim: true });
  if (r.after) {
    const changes = changedChecks(fix.before, r.after);
    lines.push({ text: '' });
    lines.push({ text: 'What changed (before → after)', bold: true });
    if (changes.length === 0) lines.push({ text: '  No check changed status.', dim: true });
    for (const ch of changes) {
      const before = ch.before ? `${STATUS_SYMBOL[ch.before]} ${ch.before}` : '(new)';
      const after = `${STATUS_SYMBOL[ch.after]} ${ch.after}`;
      lines.push({ text: `  ${pad(ch.id, 30)} ${pad(before, 8)} → ${after}`, bold: true, color: STATUS_COLOR[ch.after] });
    }
    lines.push({ text: '' });
    if (r.after.rootCauses.length === 0) push('No root cause remains.', { color: 'green' });
    else for (const rc of r.after.rootCauses) push(rootCauseSentence(rc, r.after), { color: 'red' });
  }
  lines.push({ text: '' });
  lines.push({ text: 'Enter/Esc: back to the checks · r: diagnose again · e: export the report', dim: true });
  return lines;
}

export function FixResultView(props: { state: UiState; width: number; height: number }): React.JSX.Element {
  const c = useColor();
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold color={c('cyan')}>
        Fix result
      </Text>
      <Scrolled lines={fixResultLines(props.state, props.width)} scroll={props.state.scroll} height={props.height - 1} />
    </Box>
  );
}
