import type { HttpMethod, OperationKind } from './operation.js';

/**
 * An ARM call a guided plan's commands make on the customer's own resources. aks-netiso only
 * shows it: the kind has no `send`, so a plan holding one is refused before anything is sent.
 */
export interface GuidedOperation {
  readonly kind: 'guided';
  method: HttpMethod;
  resourceId: string;
  sdkCall: string;
  summary: string;
}

export const guidedOperation: OperationKind<GuidedOperation> = {
  kind: 'guided',
  describe: (op) => ({ method: op.method, resourceId: op.resourceId, sdkCall: op.sdkCall, bodySummary: op.summary }),
};
