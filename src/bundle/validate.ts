import { z } from 'zod';
import { BUNDLE_SCHEMA, type Bundle } from './types.js';
import { tryParseResourceId } from '../azure/resource-id.js';

const armResource = z.looseObject({
  id: z.string().refine((s) => tryParseResourceId(s) !== undefined, 'not a valid Azure resource id'),
  name: z.string(),
  type: z.string().min(1),
  location: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const kubeObject = z.looseObject({ metadata: z.looseObject({ name: z.string() }) });

/** Additive pre-flight fields: what the caller may do (absent = everything) and what policy denies. */
const callerPermission = z.looseObject({ scope: z.string().min(1), actions: z.array(z.string()), notActions: z.array(z.string()).optional() });
const policyDeny = z.looseObject({
  scope: z.string().min(1),
  resourceType: z.string().min(1),
  policyAssignmentId: z.string().min(1),
  policyDefinitionId: z.string().min(1),
  policyAssignmentName: z.string().optional(),
  policyDefinitionName: z.string().optional(),
  displayName: z.string().optional(),
});

const bundleSchema = z.looseObject({
  schema: z.string(),
  description: z.string().optional(),
  capturedAt: z.string().optional(),
  cluster: z.string().refine((s) => tryParseResourceId(s) !== undefined, 'not a valid Azure resource id'),
  arm: z.array(armResource),
  callerPermissions: z.array(callerPermission).optional(),
  policyDenies: z.array(policyDeny).optional(),
  permissionsAnswers: z.array(z.looseObject({ scope: z.string().min(1), value: z.array(z.unknown()) })).optional(),
  kubernetes: z.looseObject({
    reachable: z.boolean(),
    reason: z.string().optional(),
    version: z.string().optional(),
    nodes: z.array(kubeObject).optional(),
    pods: z.array(kubeObject).optional(),
    events: z.array(kubeObject).optional(),
  }),
});

export interface BundleProblem {
  /** JSON path, e.g. `$.arm[3].id`. */
  path: string;
  message: string;
}

export class BundleError extends Error {
  constructor(readonly source: string, readonly problems: BundleProblem[]) {
    super(`${source}: invalid bundle: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'BundleError';
  }
}

function jsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** Validates parsed JSON as a bundle; returns the problems with JSON paths (empty when valid). */
export function bundleProblems(value: unknown): BundleProblem[] {
  if (value && typeof value === 'object' && 'schema' in value) {
    const schema = value.schema;
    if (typeof schema === 'string' && schema !== BUNDLE_SCHEMA) {
      const m = /^aks-netiso\/bundle@(\d+)$/.exec(schema);
      if (m && Number(m[1]) > 1) {
        return [{ path: '$.schema', message: `bundle schema ${schema} is newer than this aks-netiso understands (${BUNDLE_SCHEMA}); upgrade aks-netiso` }];
      }
      return [{ path: '$.schema', message: `expected "${BUNDLE_SCHEMA}", found ${JSON.stringify(schema)}` }];
    }
  }
  const parsed = bundleSchema.safeParse(value);
  const problems: BundleProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
  if (parsed.success) {
    const data = parsed.data as unknown as Bundle;
    const seen = new Map<string, number>();
    data.arm.forEach((r, idx) => {
      const k = r.id.toLowerCase();
      const first = seen.get(k);
      if (first !== undefined) problems.push({ path: `$.arm[${idx}].id`, message: `duplicate of $.arm[${first}].id` });
      else seen.set(k, idx);
    });
    if (!data.arm.some((r) => r.id.toLowerCase() === data.cluster.toLowerCase())) {
      problems.push({ path: '$.cluster', message: 'no entry in $.arm has this id' });
    }
  }
  return problems;
}

/** Parses and validates bundle JSON text; throws BundleError naming each problem. */
export function parseBundle(text: string, source = 'bundle'): Bundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BundleError(source, [{ path: '$', message: `not valid JSON (${(e as Error).message})` }]);
  }
  const problems = bundleProblems(value);
  if (problems.length > 0) throw new BundleError(source, problems);
  return value as Bundle;
}
