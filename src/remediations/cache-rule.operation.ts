import type { OperationKind } from './operation.js';

/** The PUT of one cache rule into a registry. */
export interface PutCacheRuleOperation {
  readonly kind: 'put-cache-rule';
  registryId: string;
  ruleName: string;
  sourceRepository: string;
  targetRepository: string;
  summary: string;
}

export const putCacheRuleOperation: OperationKind<PutCacheRuleOperation> = {
  kind: 'put-cache-rule',
  describe: (op) => ({
    method: 'PUT',
    resourceId: `${op.registryId}/cacheRules/${op.ruleName}`,
    sdkCall: 'cacheRules.beginCreate',
    bodySummary: op.summary,
    body: { properties: { sourceRepository: op.sourceRepository, targetRepository: op.targetRepository } },
  }),
  send: (azure, op, options) =>
    azure.createCacheRule(op.registryId, op.ruleName, { sourceRepository: op.sourceRepository, targetRepository: op.targetRepository }, options),
};
