import type { RegistryMode, RemediationId } from '../core/ids.js';

/**
 * AKS owns the managed registry, its endpoint and DNS and recreates them on reconcile; a BYO
 * setup is the customer's, so the fix is the guided one for their resource.
 */
export function chainRemediation(mode: RegistryMode, byo: RemediationId): RemediationId[] {
  if (mode === 'managed') return ['reconcile'];
  if (mode === 'byo') return [byo];
  return [];
}
