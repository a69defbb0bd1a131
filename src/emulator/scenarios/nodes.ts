import type { Bundle } from '../../bundle/types.js';
import {
  CLUSTER_ID, DEFAULT_POOLS, MANAGED_LAYOUT as L, agentPoolResources, clusterProps, findArm, healthyBundle, healthyManaged,
  loginServer, privateEndpointId, props, pullError, scaleSetResources, write, type PoolSpec,
} from './build.js';
import { failShop } from './common.js';
import type { Scenario } from './types.js';

/** Nodes that never join: a scale-out or a new pool whose bootstrap (vmssCSE) failed. */

const ACR = loginServer(L.registryName);

/** The pool now asks for `count` instances (a scale-out): ARM says so in the pool and the cluster. */
function setPoolCount(b: Bundle, pool: string, count: number): void {
  props(findArm(b, `${CLUSTER_ID}/agentPools/${pool}`)).count = count;
  const profiles = (clusterProps(b).agentPoolProfiles as Record<string, unknown>[] | undefined) ?? [];
  for (const p of profiles) if (p.name === pool) p.count = count;
}

/** A pool added after the cluster was created whose instances all failed to bootstrap with `exitStatus`. */
function addFailedPool(b: Bundle, pool: PoolSpec, exitStatus: number): void {
  const [resource] = agentPoolResources(L, [pool]);
  if (resource) b.arm.push(resource);
  const profiles = (clusterProps(b).agentPoolProfiles as Record<string, unknown>[] | undefined) ?? [];
  profiles.push({ name: pool.name, ...(resource?.properties ?? {}) });
  // The pool's scale set replaces the healthy one the builder would not have made for it.
  b.arm.push(...scaleSetResources([pool], { [pool.name]: { exitStatus, instances: Array.from({ length: pool.count }, (_, i) => i) } }));
}

function kubeUnreachable(b: Bundle): void {
  b.kubernetes = { reachable: false, reason: `getaddrinfo ENOTFOUND ${String(clusterProps(b).privateFQDN)}` };
}

const GPU_POOL: PoolSpec = { name: 'gpu1', mode: 'User', count: 2, hash: '45678901' };

export const NODE_SCENARIOS: Scenario[] = [
  {
    name: 'healthy-multi-pool',
    description: 'Healthy network isolated cluster with three node pools (node OS channel SecurityPatch), every scale set instance bootstrapped',
    build: () =>
      healthyBundle({
        layout: L,
        // A supported channel: only Unmanaged is not.
        nodeOSUpgradeChannel: 'SecurityPatch',
        pools: [...DEFAULT_POOLS, { name: 'batch1', mode: 'User', count: 2, hash: '56789012' }],
        description: 'managed network isolated cluster with three Linux node pools on the SecurityPatch node OS channel',
      }),
    rootCauses: [],
  },
  {
    name: 'scale-out-endpoint-deleted',
    description: 'The registry\'s private endpoint was deleted, then pool user1 scaled out: the new nodes fail with exit status 211',
    build: () => {
      const b = healthyBundle({
        layout: L,
        description: 'private endpoint deleted; user1 scaled out from 3 to 5 and the new instances exit 211',
        bootstrapFailures: { user1: { exitStatus: 211, instances: [3, 4] } },
      });
      setPoolCount(b, 'user1', 5);
      write(b, 'DELETE', privateEndpointId(L));
      failShop(b, (image) => pullError.mirrorLookup(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.private-endpoint', remediation: 'reconcile' }],
    // Reconcile brings the endpoint back; the instances that exited 211 still need a reimage.
    fix: { remediation: 'reconcile', healthyAfter: false },
  },
  {
    name: 'new-pool-bootstrap-refused',
    description: 'A new node pool whose nodes never joined: the registry refused their identity (exit status 212)',
    build: () => {
      const b = healthyManaged('new pool gpu1: both instances failed vmssCSE with exit status 212');
      addFailedPool(b, GPU_POOL, 212);
      return b;
    },
    rootCauses: [{ checkId: 'nodes.bootstrap', remediation: 'upgrade-node-image' }],
    fix: { remediation: 'upgrade-node-image', options: { pools: ['gpu1'] }, healthyAfter: true },
  },
  {
    name: 'kube-unreachable-bootstrap-failed',
    description: 'API server unreachable from here, and a new pool whose nodes failed to resolve the API server name (exit status 52)',
    build: () => {
      const b = healthyManaged('new pool gpu1 exits 52; Kubernetes API not reachable from the workstation');
      addFailedPool(b, GPU_POOL, 52);
      kubeUnreachable(b);
      return b;
    },
    rootCauses: [{ checkId: 'nodes.bootstrap', remediation: 'upgrade-node-image' }],
    fix: { remediation: 'upgrade-node-image', options: { pools: ['gpu1'] }, healthyAfter: true },
  },
];
