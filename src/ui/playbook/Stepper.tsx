import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text, render, useApp, useInput } from 'ink';
import { renderCommand } from '../../remediations/command.js';
import { describeOperation } from '../../remediations/operations.js';
import type { Plan } from '../../remediations/types.js';
import { describePreflightItem } from '../../remediations/preflight-gate.js';
import { confirmQuestion, promptKey } from '../../remediations/confirm.js';
import { splitKeys, type KeyPress } from '../state.js';
import type { PlaybookRun, StepView, TranscriptEntry } from '../../playbooks/runner.js';

/** A question the runner is waiting on: confirm a plan (typed name for destructive ones). */
export interface PendingConfirm {
  plan: Plan;
  resolve: (confirmation: string | undefined) => void;
}

/** Lets the driver's confirm() hand a plan to the UI and wait for the operator. */
export class ConfirmBridge {
  private listener: ((p: PendingConfirm) => void) | undefined;
  ask(plan: Plan): Promise<string | undefined> {
    return new Promise((resolve) => {
      if (!this.listener) resolve(undefined);
      else this.listener({ plan, resolve });
    });
  }
  listen(fn: ((p: PendingConfirm) => void) | undefined): void {
    this.listener = fn;
  }
}

interface State {
  view?: StepView | undefined;
  busy?: string | undefined;
  selected: number;
  confirm?: PendingConfirm | undefined;
  typed: string;
  error?: string | undefined;
  transcript: TranscriptEntry[];
  transcriptFile?: string | undefined;
}

type Action =
  | { type: 'view'; view: StepView; transcript: TranscriptEntry[] }
  | { type: 'busy'; what: string | undefined }
  | { type: 'move'; delta: number; max: number }
  | { type: 'confirm'; pending: PendingConfirm | undefined }
  | { type: 'type'; text: string }
  | { type: 'erase' }
  | { type: 'error'; message: string | undefined }
  | { type: 'saved'; file: string };

export function stepperReducer(state: State, a: Action): State {
  switch (a.type) {
    case 'view':
      return { ...state, view: a.view, transcript: a.transcript, busy: undefined, selected: 0, error: undefined };
    case 'busy':
      return { ...state, busy: a.what };
    case 'move':
      return { ...state, selected: Math.max(0, Math.min(a.max - 1, state.selected + a.delta)) };
    case 'confirm':
      return { ...state, confirm: a.pending, typed: '' };
    case 'type':
      return { ...state, typed: state.typed + a.text };
    case 'erase':
      return { ...state, typed: state.typed.slice(0, -1) };
    case 'error':
      return { ...state, error: a.message, busy: undefined };
    case 'saved':
      return { ...state, transcriptFile: a.file };
  }
}

const KIND_LABEL: Record<string, string> = {
  check: 'check', ask: 'question', inform: 'tell the customer', command: 'commands for the customer',
  remediate: 'fix', escalate: 'escalate', end: 'end',
};

export interface StepperProps {
  run: PlaybookRun;
  bridge: ConfirmBridge;
  saveTranscript: () => Promise<string>;
  onExit: (code: number) => void;
}

export function Stepper({ run, bridge, saveTranscript, onExit }: StepperProps): React.JSX.Element {
  // The reducer runs at once on the ref, not at the next render: keys typed or pasted faster than
  // ink renders (a cluster name, a double Enter) each see the state the previous one produced.
  const stateRef = useRef<State>({ selected: 0, typed: '', transcript: [] });
  const [state, setState] = useState(stateRef.current);
  const dispatch = useCallback((a: Action) => {
    stateRef.current = stepperReducer(stateRef.current, a);
    setState(stateRef.current);
  }, []);
  const { exit } = useApp();
  const color = !process.env.NO_COLOR;

  // Set when the operator quit while the runner was still waiting: its late answer must not be saved.
  const quitting = useRef(false);
  const settle = async (p: Promise<StepView> | StepView, what?: string): Promise<void> => {
    dispatch({ type: 'busy', what: what ?? 'working…' });
    try {
      const view = await p;
      if (quitting.current) return;
      dispatch({ type: 'view', view, transcript: [...run.transcript] });
      if (view.kind === 'end') dispatch({ type: 'saved', file: await saveTranscript() });
    } catch (e) {
      dispatch({ type: 'error', message: (e as Error).message });
    }
  };

  useEffect(() => {
    bridge.listen((pending) => dispatch({ type: 'confirm', pending }));
    void settle(run.start(), 'diagnosing…');
    return () => bridge.listen(undefined);
  }, []);

  useInput((input, key) => {
    for (const k of splitKeys(input, key)) onKey(k);
  });

  function quit(code: number): void {
    exit();
    onExit(code);
  }

  function onKey(key: KeyPress): void {
    const { input } = key;
    const s = stateRef.current;
    if (s.confirm) {
      const { plan, resolve } = s.confirm;
      const answer = (confirmation: string | undefined): void => {
        dispatch({ type: 'confirm', pending: undefined });
        resolve(confirmation);
      };
      const step = promptKey({ question: confirmQuestion(plan), input: s.typed }, key);
      switch (step.kind) {
        case 'append':
          dispatch({ type: 'type', text: step.text });
          return;
        case 'erase':
          dispatch({ type: 'erase' });
          return;
        case 'yes':
          answer(step.confirmation ?? 'yes');
          return;
        // In a walk a wrong name declines the fix, and the transcript says so.
        case 'wrong-name':
        case 'no':
          answer(undefined);
          return;
        case 'cancel':
          // Still asking: nothing has changed yet, so cancel the confirmation and quit like q.
          quitting.current = true;
          answer(undefined);
          quit(1);
          return;
        case 'none':
          return;
      }
    }
    if (key.ctrl && input === 'c') {
      if (s.busy) return; // a fix may be running: the operation would continue in Azure unseen
      quit(1);
      return;
    }
    if (s.busy || !s.view) return;
    const v = s.view;
    if (input === 'q') {
      quit(v.kind === 'end' && (v.outcome === 'resolved' || v.outcome === 'no-problem') ? 0 : 1);
      return;
    }
    if (input === 'b' || key.leftArrow) {
      if (run.canGoBack()) {
        dispatch({ type: 'view', view: run.back(), transcript: [...run.transcript] });
        return;
      }
      if (run.backBlockedByFix()) {
        dispatch({ type: 'error', message: 'cannot go back: a fix was applied and the cluster changed since those steps' });
        return;
      }
    }
    if (v.kind === 'ask') {
      if (input === 'j' || key.downArrow) dispatch({ type: 'move', delta: 1, max: v.choices.length });
      else if (input === 'k' || key.upArrow) dispatch({ type: 'move', delta: -1, max: v.choices.length });
      else if (key.return || key.rightArrow) {
        const c = v.choices[s.selected];
        if (c) void settle(run.answer(c.value));
      } else if (/^[1-9]$/.test(input)) {
        const c = v.choices[Number(input) - 1];
        if (c) void settle(run.answer(c.value));
      }
      return;
    }
    if (v.kind === 'remediate') {
      if (input === 'f' || key.return) void settle(run.remediate(true), 'planning the fix…');
      else if (input === 's') void settle(run.remediate(false));
      return;
    }
    if ((v.kind === 'inform' || v.kind === 'command' || v.kind === 'escalate') && (key.return || key.rightArrow)) {
      void settle(run.proceed());
    }
  }

  const v = state.view;
  const recent = state.transcript.slice(-6);
  const back = run.canGoBack() ? ' · b back' : '';
  return (
    <Box flexDirection="column">
      <Text bold>
        {run.playbook.title} <Text dimColor>· step {state.transcript.length + 1}</Text>
      </Text>
      {/* While a plan waits for confirmation it gets the whole screen: the operator must read it. */}
      <Box flexDirection="column" marginTop={1} display={state.confirm ? 'none' : 'flex'}>
        <Text dimColor>So far:</Text>
        {recent.length === 0 ? <Text dimColor>  (nothing yet)</Text> : null}
        {recent.map((t, i) => (
          <Text key={`${t.stepId}-${i}`} wrap="truncate-end">
            {'  '}
            {t.automatic ? '·' : '✔'} {t.title}
            {t.result ? <Text dimColor> → {t.result.split('\n')[0]}</Text> : null}
          </Text>
        ))}
      </Box>
      <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
        {state.busy && !state.confirm ? <Text color={color ? 'yellow' : undefined}>⠋ {state.busy}</Text> : null}
        {state.error ? <Text color={color ? 'red' : undefined}>! {state.error}</Text> : null}
        {state.confirm ? (
          <ConfirmView pending={state.confirm} typed={state.typed} />
        ) : v && !state.busy ? (
          <StepBody view={v} selected={state.selected} color={color} guided={guidedCommands(run)} />
        ) : null}
      </Box>
      {state.transcriptFile ? <Text>Transcript saved: {state.transcriptFile}</Text> : null}
      <Text dimColor>
        {state.confirm
          ? confirmQuestion(state.confirm.plan).kind === 'cluster-name'
            ? 'type the cluster name, Enter confirm · Esc cancel'
            : 'y apply · n cancel'
          : v?.kind === 'ask'
            ? `j/k choose · Enter answer · 1-9 answer at once${back} · q quit`
            : v?.kind === 'remediate'
              ? `f or Enter: preview the fix · s skip${back} · q quit`
              : v?.kind === 'end'
                ? `${back.slice(3)}${back ? ' · ' : ''}q quit`
                : `Enter next${back} · q quit`}
      </Text>
    </Box>
  );
}

/** The commands of guided fixes: the customer runs them, so the end screen repeats them. */
function guidedCommands(run: PlaybookRun): string[] {
  return run.fixes.flatMap((f) => (f.plan && !f.plan.automated ? f.plan.azCommands.map(renderCommand) : []));
}

function StepBody({ view, selected, color, guided }: { view: StepView; selected: number; color: boolean; guided: string[] }): React.JSX.Element {
  const label = KIND_LABEL[view.kind] ?? view.kind;
  const title = view.step.title ?? view.step.id;
  switch (view.kind) {
    case 'ask':
      return (
        <Box flexDirection="column">
          <Text dimColor>{label}: {title}</Text>
          <Text>{view.question}</Text>
          {view.choices.map((c, i) => (
            <Text key={c.value} color={color && i === selected ? 'cyan' : undefined} inverse={!color && i === selected}>
              {i === selected ? '› ' : '  '}
              {i + 1}. {c.label}
            </Text>
          ))}
        </Box>
      );
    case 'remediate':
      return (
        <Box flexDirection="column">
          <Text dimColor>{label}: {title}</Text>
          <Text>
            {view.remediation ? `Offer the fix: ${view.remediation}` : 'No remediation applies to this root cause.'}
          </Text>
          {view.text ? <Text>{view.text}</Text> : null}
          <Text dimColor>The plan is shown before anything changes.</Text>
        </Box>
      );
    case 'end':
      return (
        <Box flexDirection="column">
          <Text bold>Outcome: {view.outcome}</Text>
          <Text>{view.text}</Text>
          {guided.length ? <Text dimColor>Commands for the customer:</Text> : null}
          {guided.map((c) => (
            <Text key={c} color={color ? 'green' : undefined}>
              $ {c}
            </Text>
          ))}
        </Box>
      );
    default:
      return (
        <Box flexDirection="column">
          <Text dimColor>{label}: {title}</Text>
          <Text>{view.text}</Text>
          {view.commands.map((c) => (
            <Text key={c} color={color ? 'green' : undefined}>
              $ {c}
            </Text>
          ))}
        </Box>
      );
  }
}

function ConfirmView({ pending, typed }: { pending: PendingConfirm; typed: string }): React.JSX.Element {
  const p = pending.plan;
  return (
    <Box flexDirection="column">
      <Text bold>
        {p.title} — {p.risk}
      </Text>
      <Text>{p.summary}</Text>
      {p.operations.map(describeOperation).map((o, i) => (
        <Text key={`${o.resourceId}-${i}`} wrap="truncate-middle">
          {o.method} {o.resourceId}
        </Text>
      ))}
      {p.azCommands.map(renderCommand).map((c) => (
        <Text key={c} wrap="truncate-end">$ {c}</Text>
      ))}
      {p.impact.map((c) => (
        <Text key={c}>• {c}</Text>
      ))}
      {p.warnings.map((w) => (
        <Text key={w.text}>! {w.text}</Text>
      ))}
      {/* One line when every pre-flight item passes; otherwise the ones that do not (the screen is short). */}
      {p.preflight && p.preflight.every((item) => item.status === 'pass') ? (
        <Text>✓ can this run? pre-flight: {p.preflight.length} checks pass (locks, permissions, policy, lockdown)</Text>
      ) : (
        (p.preflight ?? []).filter((item) => item.status !== 'pass').map((item, i) => (
          <Text key={`preflight-${i}`}>
            {item.status === 'blocked' ? '✗' : '?'} can this run? {item.aspect}: {describePreflightItem(item, p).text}
          </Text>
        ))
      )}
      <Text>Expected duration: {p.expectedDuration}</Text>
      {confirmQuestion(p).kind === 'cluster-name' ? (
        <Text>
          Type the cluster name ({p.clusterName}) to confirm: {typed}
          <Text inverse> </Text>
        </Text>
      ) : (
        <Text>Apply? y/n</Text>
      )}
    </Box>
  );
}

/** Renders the stepper in the terminal; resolves with the exit code. */
export function runStepper(props: Omit<StepperProps, 'onExit'>): Promise<number> {
  return new Promise((resolve) => {
    let code = 1;
    const instance = render(<Stepper {...props} onExit={(c) => (code = c)} />, { exitOnCtrlC: false });
    void instance.waitUntilExit().then(() => resolve(code));
  });
}
