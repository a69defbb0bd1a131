import { REMEDIATION_IDS, type RemediationId } from '../engine/types.js';
import { createCacheRule } from './create-cache-rule.js';
import { deleteRegistryAndReconcile } from './delete-registry-and-reconcile.js';
import { enableAuthenticationAsArm } from './enable-authentication-as-arm.js';
import { grantAcrPull } from './grant-acr-pull.js';
import { reconcile } from './reconcile.js';
import { recreatePrivateEndpoint } from './recreate-private-endpoint.js';
import { repairCredentialSet } from './repair-credential-set.js';
import { repairPrivateDns } from './repair-private-dns.js';
import { PlanError, type Remediation } from './types.js';
import { upgradeNodeImage } from './upgrade-node-image.js';
import { useCachedImageReference } from './use-cached-image-reference.js';

export const REMEDIATIONS: Record<RemediationId, Remediation> = {
  reconcile,
  'delete-registry-and-reconcile': deleteRegistryAndReconcile,
  'create-cache-rule': createCacheRule,
  'upgrade-node-image': upgradeNodeImage,
  'recreate-private-endpoint': recreatePrivateEndpoint,
  'repair-private-dns': repairPrivateDns,
  'grant-acr-pull': grantAcrPull,
  'enable-authentication-as-arm': enableAuthenticationAsArm,
  'use-cached-image-reference': useCachedImageReference,
  'repair-credential-set': repairCredentialSet,
};

export function isRemediationId(id: string): id is RemediationId {
  return (REMEDIATION_IDS as readonly string[]).includes(id);
}

export function getRemediation(id: string): Remediation {
  if (!isRemediationId(id)) throw new PlanError(`unknown remediation "${id}"; one of: ${REMEDIATION_IDS.join(', ')}`);
  return REMEDIATIONS[id];
}
