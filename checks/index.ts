import type { CheckRegistry } from '../src/engine/check.js';
import { clusterNetworkIsolatedCheck } from './cluster-network-isolated.js';
import { clusterReadableCheck } from './cluster-readable.js';
import { clusterSupportedConfigurationCheck } from './cluster-supported-configuration.js';
import { dnsRecordsCheck } from './dns-records.js';
import { dnsVnetLinkCheck } from './dns-vnet-link.js';
import { dnsZoneCheck } from './dns-zone.js';
import { nodesBootstrapCheck } from './nodes-bootstrap.js';
import { nodesStaleRegistryConfigCheck } from './nodes-stale-registry-config.js';
import { podsImagePullFailuresCheck } from './pods-image-pull-failures.js';
import { podsUncachedRegistriesCheck } from './pods-uncached-registries.js';
import { registryConfigurationCheck } from './registry-configuration.js';
import { registryCredentialSetsCheck } from './registry-credential-sets.js';
import { registryExistsCheck } from './registry-exists.js';
import { registryMcrCacheRuleCheck } from './registry-mcr-cache-rule.js';
import { registryPrivateEndpointCheck } from './registry-private-endpoint.js';

/**
 * Every check, in the order of formats.md: the order the diagnosis walks and reports them. A new
 * check is its file, one entry here, its rows in docs/formats.md and its tests.
 */
export const CHECKS: CheckRegistry = [
  clusterReadableCheck,
  clusterNetworkIsolatedCheck,
  clusterSupportedConfigurationCheck,
  registryExistsCheck,
  registryConfigurationCheck,
  registryMcrCacheRuleCheck,
  registryCredentialSetsCheck,
  registryPrivateEndpointCheck,
  dnsZoneCheck,
  dnsVnetLinkCheck,
  dnsRecordsCheck,
  nodesBootstrapCheck,
  podsImagePullFailuresCheck,
  podsUncachedRegistriesCheck,
  nodesStaleRegistryConfigCheck,
];

