import { z } from 'zod';
import { CHECK_STATUSES, FAILURE_KINDS, GUIDE_ISSUES, REGISTRY_MODES, REMEDIATION_IDS } from '../core/ids.js';

/*
 * `aks-netiso/report@1` as one schema: the key order of `diagnose --output json` (the
 * contract's keys first, in formats.md's order, then the additions) and the published
 * docs/report.schema.json both come from here. Fields added after the first version are
 * optional, so reports written before them still validate.
 */

const evidence = z
  .object({
    resourceId: z.string().optional(),
    field: z.string().optional(),
    expected: z.string().optional(),
    actual: z.string().optional(),
    note: z.string().optional().describe('Free text evidence, e.g. an event message'),
  })
  .describe('A resource field with what was expected and what was found, or an event text');

const check = z.object({
  id: z.string().describe('The check id: `<area>.<question>`, as formats.md lists them'),
  status: z.enum(CHECK_STATUSES),
  title: z.string(),
  summary: z.string().describe("The finding's message, rendered from `code` and `params`"),
  evidence: z.array(evidence),
  remediations: z.array(z.enum(REMEDIATION_IDS)),
  guide: z.string().optional().describe('Where the troubleshooting guide covers the check, e.g. `Issue 1, Issue 3`'),
  durationMs: z.number().optional(),
  code: z.string().optional().describe('Stable code of the finding: `<check id>/<name>`, or `kube/<name>` and `engine/<name>` (formats.md lists them)'),
  params: z.record(z.string(), z.unknown()).optional().describe('What the message is rendered from; the keys depend on the code'),
  data: z.record(z.string(), z.unknown()).optional().describe('Typed facts the finding hands to remediations (`registryId`, `proposedRules`, `stalePools`, …)'),
});

const rootCause = z.object({
  checkId: z.string(),
  guideIssue: z.union(GUIDE_ISSUES.map((n) => z.literal(n))).nullable(),
  summary: z.string(),
  remediation: z.enum(REMEDIATION_IDS).nullable(),
  cause: z.string().optional().describe('What the failure means, in the report\'s registry mode: the headline "Root cause: <cause>"'),
  advice: z.string().optional().describe('What to do, when no remediation applies'),
  history: z
    .array(
      z.object({
        time: z.string().describe("The `eventTimestamp` of the operation's Succeeded/Failed end"),
        caller: z.string().describe("A user's upn, or a service principal's app id"),
        callerKind: z.enum(['user', 'servicePrincipal', 'aks']).optional().describe("`aks` for AKS's own writes"),
        callerName: z.string().optional().describe("A service principal's name, where the claims carry it"),
        operation: z.string().describe('The operation name, e.g. `Microsoft.ContainerRegistry/registries/delete`'),
        status: z.enum(['Succeeded', 'Failed']),
        correlationId: z.string(),
        clientIp: z.string().optional(),
        resourceId: z.string().optional(),
      }),
    )
    .optional()
    .describe('Who changed the resource and when, newest first, from the Activity Log (last 90 days); absent with `--no-history`'),
  historyNote: z.enum(['none-in-retention', 'no-permission', 'unavailable']).optional().describe('Why `history` is empty'),
});

const imagePullFailure = z.object({
  namespace: z.string(),
  pod: z.string(),
  container: z.string(),
  image: z.string(),
  imageRegistry: z.string().describe("The image reference's registry host; Docker Hub's implicit default is `docker.io`"),
  attemptedHost: z.string().nullable().describe('The host the node actually contacted, parsed from the message, or null'),
  failureKind: z.enum(FAILURE_KINDS),
  message: z.string(),
  node: z.string().optional(),
  pool: z.string().optional(),
  init: z.boolean().optional(),
});

export const reportSchema = z
  .object({
    schema: z.literal('aks-netiso/report@1'),
    cluster: z.string().describe('The managed cluster resource id'),
    networkIsolated: z.boolean().nullable(),
    registryMode: z.enum(REGISTRY_MODES),
    checks: z.array(check),
    rootCauses: z.array(rootCause).describe('The fewest findings that explain the failures, most upstream first; empty when healthy'),
    imagePullFailures: z.array(imagePullFailure),
    stats: z.object({ armRequests: z.number(), kubeRequests: z.number(), durationMs: z.number(), throttled: z.number().optional() }),
    generatedAt: z.string().optional(),
    clusterName: z.string().optional(),
    registry: z.object({ id: z.string(), name: z.string(), loginServer: z.string().optional() }).optional(),
  })
  .meta({ title: 'aks-netiso/report@1', description: 'The diagnosis report of `aks-netiso diagnose --output json`' });

/** The JSON Schema published as docs/report.schema.json. */
export function reportJsonSchema(): unknown {
  return z.toJSONSchema(reportSchema, { target: 'draft-2020-12', io: 'input' });
}
