import type { AzureGateway, AzureWrites, WriteOptions } from '../azure/ports.js';
import type { Cluster, OperationResult } from '../azure/types.js';
import type { CheckId, Report } from '../engine/types.js';
import type { Refusal } from './fix-result.js';

/*
 * The kit of one kind of planned ARM operation. Each kind lives beside the remediation that
 * plans it (`*.operation.ts`) and is registered once in `operations.ts`.
 */

export type HttpMethod = 'PUT' | 'DELETE' | 'POST' | 'PATCH';

/** What plans, the audit log and the screens show of one ARM call. */
export interface OperationDescription {
  method: HttpMethod;
  resourceId: string;
  /** e.g. `managedClusters.beginCreateOrUpdate`. */
  sdkCall: string;
  /** One line: what the body holds / what the call does. */
  bodySummary: string;
  /** A POST's action segment (`upgradeNodeImageVersion`), for the RBAC action pre-flight checks. */
  postAction?: string | undefined;
  /** Full request body, when there is one (reconcile's PUT). */
  body?: Record<string, unknown> | undefined;
}

/** Pre-flight before the diagnosis runs again: the cluster as read just now. */
export interface GuardContext {
  cluster: Cluster;
}

/** Pre-flight after the fresh diagnosis: the checks the plan addresses that still fail. */
export interface RecheckContext {
  azure: AzureGateway;
  current: Report;
  stillFailing: CheckId[];
}

export interface OperationKind<O extends { readonly kind: string }> {
  readonly kind: O['kind'];
  describe: (op: O) => OperationDescription;
  /** The gateway write. Absent for operations aks-netiso only shows (guided plans). */
  send?: ((azure: AzureWrites, op: O, options: WriteOptions) => Promise<OperationResult>) | undefined;
  /** A refusal when the fresh cluster read forbids the operation (never deletes a BYO registry). */
  guard?: ((op: O, ctx: GuardContext) => Refusal | undefined) | undefined;
  /** A refusal when the fresh state no longer matches what the plan was made from. */
  recheck?: ((op: O, ctx: RecheckContext) => Promise<Refusal | undefined>) | undefined;
}
