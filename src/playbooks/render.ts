import { PLACEHOLDERS } from './facts.js';
import type { PlaybookRun } from './runner.js';
import type { Playbook, Step } from './schema.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function describeStep(s: Step): string[] {
  const go = (id: string): string => `→ [${id}](#${id})`;
  switch (s.kind) {
    case 'check':
      return [
        `Run the checks ${s.checks.map((c) => `\`${c}\``).join(', ')} (aks-netiso does this).`,
        '',
        ...Object.entries(s.on).map(([status, next]) => `- ${status === 'default' ? 'otherwise' : `if **${status}**`} ${go(next)}`),
      ];
    case 'ask':
      return [
        `**Ask:** ${s.question}${s.fact ? ` _(answered automatically from the diagnosis: ${s.fact})_` : ''}`,
        '',
        ...s.choices.map((c) => `- ${c.label} ${go(c.next)}`),
      ];
    case 'inform':
      return [s.text.trim(), '', go(s.next)];
    case 'command':
      return [s.text.trim(), '', '```sh', ...s.commands, '```', '', go(s.next)];
    case 'remediate':
      return [
        `**Offer the remediation** \`${s.remediation === 'root-cause' ? 'the one the diagnosis names' : s.remediation}\` (preview, confirm, audit, verify).${s.text ? ` ${s.text.trim()}` : ''}`,
        '',
        ...Object.entries(s.on).map(([k, next]) => `- ${k} ${go(next)}`),
      ];
    case 'escalate':
      return [`**Escalate:** ${s.reason.trim()}`, '', 'Collect: the JSON report and a redacted capture.', ...s.collect.map((c) => `- ${c}`), '', go(s.next)];
    case 'end':
      return [`**End — ${s.outcome}.** ${s.text.trim()}`];
  }
}

/** A printable runbook of one playbook. */
export function renderPlaybookMarkdown(pb: Playbook): string {
  const used = new Set<string>();
  const lines = [`# ${pb.title}`, '', pb.description.trim(), ''];
  if (pb.guide) lines.push(`Troubleshooting guide: ${pb.guide}`, '');
  lines.push(`Run it: \`aks-netiso playbook run ${pb.id} -g RG -n CLUSTER\``, '', `Start at [${pb.start}](#${pb.start}).`, '');
  for (const s of pb.steps) {
    lines.push(`## ${s.id}`, '');
    if (s.title) lines.push(`_${s.title}_`, '');
    lines.push(...describeStep(s), '');
    for (const m of JSON.stringify(s).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) used.add(m[1] ?? '');
  }
  if (used.size) {
    lines.push('## Placeholders', '', '| placeholder | meaning |', '|---|---|');
    for (const u of [...used].sort()) lines.push(`| \`{{${u}}}\` | ${cell(PLACEHOLDERS[u] ?? '')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The session transcript for the ticket. */
export function renderTranscriptMarkdown(run: PlaybookRun, meta: { operator?: string | undefined; startedAt: Date; finishedAt?: Date }): string {
  const lines = [
    `# Playbook session: ${run.playbook.title}`,
    '',
    `- Playbook: \`${run.playbook.id}\``,
    `- Cluster: \`${run.facts['cluster.id'] ?? ''}\``,
    `- Started: ${meta.startedAt.toISOString()}${meta.finishedAt ? `, finished: ${meta.finishedAt.toISOString()}` : ''}`,
    ...(meta.operator ? [`- Operator: ${meta.operator}`] : []),
    '',
    '## Steps',
    '',
  ];
  run.transcript.forEach((t, i) => {
    lines.push(`### ${i + 1}. ${t.title} (${t.kind}${t.automatic ? ', automatic' : ''})`, '', t.text.trim(), '');
    if (t.plan) lines.push(`**Plan:** ${t.plan.title} (${t.plan.risk})`, '');
    const preflight = t.plan?.preflight;
    if (preflight?.length) {
      lines.push('**Can this run? (pre-flight)**', '');
      for (const p of preflight) lines.push(`- ${p.status} · operation ${p.operation + 1} · ${p.aspect}: ${p.text}${p.unblock.length ? `; to unblock: \`${p.unblock.join(' && ')}\`` : ''}`);
      lines.push('');
    }
    if (t.commands?.length) lines.push('```sh', ...t.commands, '```', '');
    if (t.result) lines.push(`**Result:** ${t.result}`, '');
  });
  if (run.done) {
    const v = run.view();
    if (v.kind === 'end') lines.push(`## Outcome: ${v.outcome}`, '', v.text.trim(), '');
  }
  // Only what ran against the cluster is "applied": guided plans, dry runs, refusals and
  // declined plans changed nothing, and the ticket must not say otherwise.
  const ran = run.fixes.filter((f) => f.outcome === 'applied' || f.outcome === 'failed' || f.outcome === 'interrupted' || f.outcome === 'unknown');
  const notRun = [
    ...run.fixes.filter((f) => !ran.includes(f)).map((f) => ({ remediation: f.remediation, why: f.plan && !f.plan.automated ? 'guided: the customer runs the commands' : `${f.outcome}: ${f.reason}` })),
    ...run.notApplied.map((n) => ({ remediation: n.remediation, why: n.reason })),
  ];
  if (ran.length) {
    lines.push('## Fixes applied', '', '| remediation | outcome | verification | reason |', '|---|---|---|---|');
    for (const f of ran) lines.push(`| ${f.remediation} | ${f.outcome} | ${f.verification ?? ''} | ${cell(f.reason)} |`);
    lines.push('');
  }
  if (notRun.length) {
    lines.push('## Fixes not applied', '', '| remediation | why |', '|---|---|');
    for (const n of notRun) lines.push(`| ${n.remediation} | ${cell(n.why)} |`);
    lines.push('');
  }
  return lines.join('\n');
}
