import type { AzureWrites, WriteOptions } from '../azure/ports.js';
import type { OperationResult } from '../azure/types.js';
import { putCacheRuleOperation } from './cache-rule.operation.js';
import { deleteRegistryOperation } from './delete-registry.operation.js';
import { guidedOperation } from './guided.operation.js';
import type { OperationDescription, OperationKind } from './operation.js';
import { reconcileClusterOperation } from './reconcile.operation.js';
import { upgradeNodeImageOperation } from './upgrade-node-image.operation.js';

/**
 * Every kind of operation a plan may hold, by its `kind`. A new kind is its file beside its
 * remediation and one line here; the union below and the dispatch follow from this table.
 */
export const OPERATION_KINDS = {
  'reconcile-cluster': reconcileClusterOperation,
  'delete-registry': deleteRegistryOperation,
  'put-cache-rule': putCacheRuleOperation,
  'upgrade-node-image': upgradeNodeImageOperation,
  guided: guidedOperation,
} as const;

type OperationOf<K> = K extends OperationKind<infer O> ? O : never;
type Kinds = typeof OPERATION_KINDS;

/** One ARM call of a plan, as typed data: `apply` dispatches on `kind`, never on strings. */
export type PlannedOperation = { [K in keyof Kinds]: OperationOf<Kinds[K]> }[keyof Kinds];

// Each entry must be registered under its own kind.
const KEYED: { [K in keyof Kinds]: OperationKind<Extract<PlannedOperation, { kind: K }>> } = OPERATION_KINDS;

/** The table entry of an operation; one cast, because TypeScript cannot correlate the union. */
export function kindOf(op: PlannedOperation): OperationKind<PlannedOperation> {
  return KEYED[op.kind] as unknown as OperationKind<PlannedOperation>;
}

export function describeOperation(op: PlannedOperation): OperationDescription {
  return kindOf(op).describe(op);
}

/** The gateway write of an operation, or undefined when aks-netiso only shows it. */
export function senderOf(op: PlannedOperation): ((azure: AzureWrites, options: WriteOptions) => Promise<OperationResult>) | undefined {
  const send = kindOf(op).send;
  return send ? (azure, options) => send(azure, op, options) : undefined;
}

export type { OperationDescription } from './operation.js';
