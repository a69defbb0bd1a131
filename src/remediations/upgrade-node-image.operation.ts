import type { OperationKind } from './operation.js';

/** The node image upgrade of one agent pool (a POST without a body). */
export interface UpgradeNodeImageOperation {
  readonly kind: 'upgrade-node-image';
  clusterId: string;
  pool: string;
  /** The pool's id as ARM listed it. */
  poolId: string;
  summary: string;
}

export const upgradeNodeImageOperation: OperationKind<UpgradeNodeImageOperation> = {
  kind: 'upgrade-node-image',
  describe: (op) => ({ method: 'POST', resourceId: op.poolId, sdkCall: 'agentPools.beginUpgradeNodeImageVersion', bodySummary: op.summary, postAction: 'upgradeNodeImageVersion' }),
  send: (azure, op, options) => azure.upgradeNodeImage(op.clusterId, op.pool, options),
};
