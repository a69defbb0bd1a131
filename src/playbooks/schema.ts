import { z } from 'zod';
import { REMEDIATION_IDS } from '../core/ids.js';

/**
 * The playbook format (YAML in `playbooks/`). A playbook is a graph of steps; each step names
 * the step that follows (`next`) or branches. Ids of checks and remediations are the public
 * ones of formats.md, so a typo is caught by `playbook lint`, not at 3 a.m.: the check ids are
 * those of the registry the program runs, given to `playbookSchemaFor`.
 */
const stepId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'step ids are lower-case words joined by dashes');
const remediationId = z.enum(REMEDIATION_IDS);
const statusBranches = z
  .object({
    pass: stepId.optional(),
    warn: stepId.optional(),
    fail: stepId.optional(),
    skip: stepId.optional(),
    error: stepId.optional(),
    default: stepId.optional(),
  })
  .strict();

const base = {
  id: stepId,
  title: z.string().min(1).optional(),
};

/** Any check id when `checkIds` is absent (or empty): the structure alone is validated. */
function checkStepFor(checkIds: readonly string[] | undefined) {
  const [first, ...rest] = checkIds ?? [];
  const checkId = first === undefined ? z.string().min(1) : z.enum([first, ...rest]);
  return z
    .object({
      ...base,
      kind: z.literal('check'),
      /** The worst status of these checks picks the branch (fail > error > skip > warn > pass). */
      checks: z.array(checkId).min(1),
      on: statusBranches,
    })
    .strict();
}

/** Facts an `ask` step can answer by itself when the diagnosis already knows them. */
export const FACTS = ['registryMode', 'networkIsolated', 'kubeReachable', 'hasRootCause'] as const;

export const askStep = z
  .object({
    ...base,
    kind: z.literal('ask'),
    question: z.string().min(1),
    fact: z.enum(FACTS).optional(),
    choices: z
      .array(z.object({ value: z.string().min(1), label: z.string().min(1), next: stepId }).strict())
      .min(2),
  })
  .strict();

export const informStep = z.object({ ...base, kind: z.literal('inform'), text: z.string().min(1), next: stepId }).strict();

export const commandStep = z
  .object({
    ...base,
    kind: z.literal('command'),
    text: z.string().min(1),
    /** One or more exact commands for the customer, placeholders filled from the facts. */
    commands: z.array(z.string().min(1)).min(1),
    next: stepId,
  })
  .strict();

export const remediateStep = z
  .object({
    ...base,
    kind: z.literal('remediate'),
    /** A remediation id, or `root-cause` for the remediation the diagnosis chose. */
    remediation: z.union([remediationId, z.literal('root-cause')]),
    text: z.string().optional(),
    on: z
      .object({
        fixed: stepId,
        'not-fixed': stepId,
        declined: stepId,
        /** Guided remediations: the customer runs the commands. */
        guided: stepId.optional(),
        'not-applicable': stepId.optional(),
      })
      .strict(),
  })
  .strict();

export const escalateStep = z
  .object({
    ...base,
    kind: z.literal('escalate'),
    reason: z.string().min(1),
    /** What the next tier needs; the report and an environment capture are always included. */
    collect: z.array(z.string().min(1)).default([]),
    next: stepId,
  })
  .strict();

export const endStep = z
  .object({
    ...base,
    kind: z.literal('end'),
    outcome: z.enum(['resolved', 'no-problem', 'not-applicable', 'escalated', 'customer-action']),
    text: z.string().min(1),
  })
  .strict();

function stepSchemaFor(checkIds: readonly string[] | undefined) {
  return z.discriminatedUnion('kind', [checkStepFor(checkIds), askStep, informStep, commandStep, remediateStep, escalateStep, endStep]);
}

/** The playbook schema, its check steps limited to `checkIds` (the registry's) when given. */
export function playbookSchemaFor(checkIds?: readonly string[]) {
  return z
    .object({
      id: stepId,
      title: z.string().min(1),
      description: z.string().min(1),
      guide: z.string().optional(),
      start: stepId,
      steps: z.array(stepSchemaFor(checkIds)).min(1),
    })
    .strict();
}

export type Playbook = z.infer<ReturnType<typeof playbookSchemaFor>>;
export type Step = Playbook['steps'][number];
export type StepKind = Step['kind'];

/** The JSON Schema for editors (`playbooks/playbook.schema.json`), naming the registry's check ids. */
export function playbookJsonSchema(checkIds: readonly string[]): unknown {
  return z.toJSONSchema(playbookSchemaFor(checkIds), { target: 'draft-2020-12', io: 'input' });
}

/** Every step id a step may go to. */
export function successors(step: Step): string[] {
  switch (step.kind) {
    case 'check':
      return Object.values(step.on).filter((v): v is string => !!v);
    case 'ask':
      return step.choices.map((c) => c.next);
    case 'remediate':
      return Object.values(step.on).filter((v): v is string => !!v);
    case 'end':
      return [];
    default:
      return [step.next];
  }
}
