import type { Bundle } from '../../bundle/types.js';
import { MANAGED_LAYOUT as L, healthyManaged, loginServer, neighbourResources, pullError, write, zoneId } from './build.js';
import { failShop } from './common.js';
import type { Scenario } from './types.js';

/**
 * Real estates (issue 15): subscriptions shared with many other isolated clusters, hub-and-spoke
 * DNS, geo-replicas, domain name labels.
 */

const ACR = loginServer(L.registryName);
/** The registry's public address: where its name resolves when the private zone does not answer. */
const ACR_PUBLIC_IP = '20.49.102.151';
/** How many other isolated clusters share the subscription in the many-clusters scenarios. */
export const NEIGHBOURS = 60;

function withNeighbours(b: Bundle): Bundle {
  b.arm.push(...neighbourResources(NEIGHBOURS));
  return b;
}

export const ESTATE_SCENARIOS: Scenario[] = [
  {
    name: 'many-clusters-healthy',
    description: `Healthy managed cluster in a subscription with ${NEIGHBOURS} other isolated clusters, each with its own privatelink.azurecr.io zone`,
    build: () => withNeighbours(healthyManaged(`healthy managed cluster among ${NEIGHBOURS} other isolated clusters of the subscription`)),
    rootCauses: [],
  },
  {
    name: 'many-clusters-zone-deleted',
    description: `The cluster's own privatelink.azurecr.io zone was deleted; ${NEIGHBOURS} other clusters' zones remain in the subscription`,
    build: () => {
      const b = withNeighbours(healthyManaged(`the cluster's private DNS zone deleted, among ${NEIGHBOURS} other isolated clusters`));
      write(b, 'DELETE', zoneId(L));
      failShop(b, (image) => pullError.mirrorTimeout(image, ACR, ACR_PUBLIC_IP));
      return b;
    },
    rootCauses: [{ checkId: 'dns.zone', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
];
