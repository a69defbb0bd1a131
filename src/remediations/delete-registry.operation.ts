import { sameId } from '../azure/resource-id.js';
import { isAksManagedRegistry } from '../domain/registry-mode.js';
import { registryIdOf } from './facets.js';
import { refusal } from './fix-result.js';
import type { OperationKind } from './operation.js';

/** The delete of the AKS-managed bootstrap registry; never of any other registry. */
export interface DeleteRegistryOperation {
  readonly kind: 'delete-registry';
  registryId: string;
  summary: string;
}

export const deleteRegistryOperation: OperationKind<DeleteRegistryOperation> = {
  kind: 'delete-registry',
  describe: (op) => ({ method: 'DELETE', resourceId: op.registryId, sdkCall: 'registries.beginDelete', bodySummary: op.summary }),
  send: (azure, op, options) => azure.deleteRegistry(op.registryId, options),
  // Checked on the cluster as read now, whatever the plan says: a BYO registry holds the customer's images.
  guard: (op, { cluster }) =>
    isAksManagedRegistry(op.registryId, cluster)
      ? undefined
      : refusal(
          'byo-registry',
          `refusing to delete ${op.registryId}: aks-netiso deletes only the AKS-managed registry (name containing "bootstrap" in the node resource group ${cluster.nodeResourceGroup}); ` +
            'any other registry holds the customer\'s images. Nothing was changed',
          { registryId: op.registryId },
        ),
  recheck: (op, { current, stillFailing }) => {
    const nowId = stillFailing.map((id) => registryIdOf(current.checks.find((c) => c.id === id))).find((x) => !!x);
    if (!nowId || sameId(nowId, op.registryId)) return Promise.resolve(undefined);
    return Promise.resolve(
      refusal(
        'registry-changed',
        `the diagnosis changed: the failing registry is now ${nowId}, not ${op.registryId} as planned; plan again. Nothing was changed`,
        { registryId: nowId, planned: op.registryId },
      ),
    );
  },
};
