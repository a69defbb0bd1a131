import { Box, Text } from 'ink';
import { describeOperation } from '../../remediations/operations.js';
import { describePreflightItem } from '../../remediations/preflight-gate.js';
import { renderCommand } from '../../remediations/command.js';
import type { Plan } from '../../remediations/types.js';
import type { UiState } from '../state.js';
import { REMEDIATION_TITLE, RISK_WORDS } from '../wording.js';
import { Spinner } from './Spinner.js';
import { commandLayout, shortResource, wrap } from './text.js';
import { type Line, Scrolled, useColor } from './theme.js';

export const RISK_COLOR: Record<Plan['risk'], string> = { reversible: 'green', disruptive: 'yellow', destructive: 'red' };

export function planLines(plan: Plan, dryRun: boolean, width: number): Line[] {
  const lines: Line[] = [];
  const push = (text: string, style: Omit<Line, 'text'> = {}, indent = ''): void => {
    for (const t of wrap(text, width, indent)) lines.push({ text: t, ...style });
  };
  push(`${dryRun ? 'DRY RUN · ' : ''}Plan: ${plan.title}`, { bold: true });
  push(`Cluster ${plan.clusterName} · ${plan.automated ? 'applied by aks-netiso' : 'guided: you run the commands'} · expected duration ${plan.expectedDuration}`, { dim: true });
  push(`Risk: ${RISK_WORDS[plan.risk]}`, { color: RISK_COLOR[plan.risk], bold: plan.risk !== 'reversible' });
  push(plan.summary);
  if (plan.operations.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: 'Operations', bold: true });
    plan.operations.map(describeOperation).forEach((op, i) => {
      push(`${i + 1}. ${op.method} ${shortResource(op.resourceId)} (${op.sdkCall})`, {}, '   ');
      push(`   ${op.bodySummary}`, { dim: true }, '   ');
    });
  }
  if (plan.azCommands.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: 'Equivalent az commands', bold: true });
    // Laid out as shell continuations so the lines copy back into the same command.
    for (const cmd of plan.azCommands) for (const t of commandLayout(cmd, width)) lines.push({ text: t, color: 'cyan' });
  }
  if (plan.impact.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: 'Impact', bold: true });
    for (const i of plan.impact) push(`• ${i}`, {}, '  ');
  }
  if (plan.warnings.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: 'Warnings', bold: true, color: 'yellow' });
    for (const w of plan.warnings) push(`⚠ ${w.text}`, { color: 'yellow' }, '  ');
  }
  const preflight = plan.preflight ?? [];
  if (preflight.length > 0) {
    lines.push({ text: '' });
    lines.push({ text: 'Can this run? (pre-flight: locks, permissions, policy, lockdown)', bold: true });
    for (const item of preflight) {
      const d = describePreflightItem(item, plan);
      const mark = item.status === 'pass' ? '✓' : item.status === 'blocked' ? '✗' : '?';
      const color = item.status === 'pass' ? 'green' : item.status === 'blocked' ? 'red' : 'yellow';
      push(`${mark} ${item.operation + 1}. ${item.aspect}: ${d.text}`, { color }, '     ');
      for (const c of d.unblock) push(`  ${renderCommand(c)}`, { color: 'cyan' }, '     ');
    }
  }
  const blocked = preflight.some((i) => i.status === 'blocked');
  const unknown = preflight.filter((i) => i.status === 'unknown').length;
  if (plan.verifyChecks.length > 0) {
    lines.push({ text: '' });
    push(`Verified afterwards by: ${plan.verifyChecks.join(', ')}`, { dim: true }, '  ');
  }
  lines.push({ text: '' });
  if (dryRun) push('Dry run: nothing has been or will be changed. Esc goes back.', { bold: true });
  else if (!plan.automated) push('Guided fix: run the commands above yourself, then press r to diagnose again. Esc goes back.', { bold: true });
  else if (blocked) push('Blocked by pre-flight: this plan cannot run. Enter records the refusal (nothing is sent); unblock it with the commands above and plan again. Esc goes back.', { bold: true, color: 'red' });
  else if (unknown > 0) push(`Pre-flight could not check ${unknown} item${unknown === 1 ? '' : 's'} (marked ?): confirming accepts that. Enter or y: continue to confirmation · Esc: back, nothing is changed`, { bold: true, color: 'yellow' });
  else push('Enter or y: continue to confirmation · Esc: back, nothing is changed', { bold: true });
  return lines;
}

export function PlanView(props: { state: UiState; width: number; height: number }): React.JSX.Element {
  const c = useColor();
  const p = props.state.plan;
  if (p.status === 'loading') {
    return (
      <Box>
        <Spinner label={`Planning ${p.remediation ? REMEDIATION_TITLE[p.remediation] : 'the fix'} (read only)…`} />
      </Box>
    );
  }
  if (p.status === 'error' || !p.plan) {
    return (
      <Box flexDirection="column">
        <Text color={c('red')} wrap="wrap">
          No plan: {p.error ?? 'the plan could not be made'}
        </Text>
        <Text dimColor>Esc goes back.</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={props.width}>
      <Scrolled lines={planLines(p.plan, p.dryRun, props.width)} scroll={props.state.scroll} height={props.height} />
    </Box>
  );
}
