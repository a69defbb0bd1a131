import type { OperationKind } from './operation.js';

/** The PUT of one cache rule into a registry. */
export interface PutCacheRuleOperation {
  readonly kind: 'put-cache-rule';
  registryId: string;
  ruleName: string;
  sourceRepository: string;
  targetRepository: string;
  /** The credential set the rule signs in upstream with (Docker Hub rules need one). */
  credentialSetResourceId?: string | undefined;
  summary: string;
}

export const putCacheRuleOperation: OperationKind<PutCacheRuleOperation> = {
  kind: 'put-cache-rule',
  describe: (op) => ({
    method: 'PUT',
    resourceId: `${op.registryId}/cacheRules/${op.ruleName}`,
    sdkCall: 'cacheRules.beginCreate',
    bodySummary: op.summary,
    body: {
      properties: {
        sourceRepository: op.sourceRepository,
        targetRepository: op.targetRepository,
        ...(op.credentialSetResourceId ? { credentialSetResourceId: op.credentialSetResourceId } : {}),
      },
    },
  }),
  send: (azure, op, options) =>
    azure.createCacheRule(
      op.registryId,
      op.ruleName,
      { sourceRepository: op.sourceRepository, targetRepository: op.targetRepository, ...(op.credentialSetResourceId ? { credentialSetResourceId: op.credentialSetResourceId } : {}) },
      options,
    ),
};
