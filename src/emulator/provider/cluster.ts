import type { ArmResource, Bundle } from '../../bundle/types.js';
import { reprovisionScaleSet } from './compute.js';
import { parentId, tryParseResourceId } from '../../azure/resource-id.js';
import { LATEST_NODE_IMAGE, emulatorState, guid } from '../fixtures/ids.js';
import { clusterView, currentRegistryId, loginServerOf } from './cluster-view.js';
import { ensureManagedChain } from './reconcile.js';
import { arr, find, findIndex, nextEtag, obj, propsOf, putResource, str, type Json } from './store.js';
import type { WriteOutcome } from './types.js';

/** The managed cluster family: a PUT of the cluster (AKS reconciles), a pool's node image upgrade. */

/** Fields of a managed cluster ARM computes; a PUT never changes them. */
const CLUSTER_READ_ONLY = ['provisioningState', 'powerState', 'currentKubernetesVersion', 'fqdn', 'privateFQDN', 'azurePortalFQDN', 'maxAgentPools', 'nodeResourceGroup', 'resourceUID'];
const POOL_READ_ONLY = ['provisioningState', 'powerState', 'currentOrchestratorVersion', 'nodeImageVersion', 'eTag'];

export function putCluster(bundle: Bundle, id: string, body: unknown): ArmResource {
  const previous = find(bundle, id);
  const input = obj(body);
  if (!previous) {
    const created = putResource(bundle, id, body);
    propsOf(created).provisioningState = 'Succeeded';
    return created;
  }
  const old = propsOf(previous);
  const incoming = obj(input.properties);
  const merged: Json = { ...old, ...incoming };
  for (const key of CLUSTER_READ_ONLY) {
    if (key in old) merged[key] = old[key];
    else delete merged[key];
  }
  merged.provisioningState = 'Succeeded';
  if (Array.isArray(incoming.agentPoolProfiles)) {
    const oldPools = arr(old.agentPoolProfiles);
    merged.agentPoolProfiles = arr(incoming.agentPoolProfiles).map((p) => {
      const was = oldPools.find((o) => o.name === p.name) ?? {};
      const pool: Json = { ...was, ...p };
      for (const key of POOL_READ_ONLY) if (key in was) pool[key] = was[key];
      pool.provisioningState = 'Succeeded';
      pool.eTag = nextEtag(was.eTag, `pool:${String(p.name)}`);
      return pool;
    });
  }
  const identity = input.identity === undefined ? previous.identity : { ...obj(previous.identity), ...obj(input.identity), principalId: obj(previous.identity).principalId, tenantId: obj(previous.identity).tenantId };
  const resource: ArmResource = {
    ...previous, ...input, id: previous.id, name: previous.name, type: previous.type, location: previous.location ?? str(input.location), properties: merged,
    eTag: nextEtag(previous.eTag, 'cluster'),
  };
  // systemData is ARM's, never the caller's.
  if (previous.systemData !== undefined) resource.systemData = previous.systemData;
  else delete resource.systemData;
  if (identity !== undefined) resource.identity = identity;
  bundle.arm[findIndex(bundle, id)] = resource;
  for (const pool of arr(merged.agentPoolProfiles)) {
    const child = find(bundle, `${previous.id}/agentPools/${String(pool.name)}`);
    if (!child) continue;
    const rest: Json = { ...pool };
    delete rest.name;
    child.properties = { ...propsOf(child), ...rest };
  }
  const c = clusterView(bundle);
  if (c?.isolated && c.managed) ensureManagedChain(bundle, c);
  return resource;
}

export function upgradeNodeImage(bundle: Bundle, poolId: string): WriteOutcome {
  const clusterId = parentId(poolId) ?? '';
  const poolName = tryParseResourceId(poolId)?.name ?? '';
  const cluster = find(bundle, clusterId);
  const profile = cluster ? arr(propsOf(cluster).agentPoolProfiles).find((p) => str(p.name)?.toLowerCase() === poolName.toLowerCase()) : undefined;
  const child = find(bundle, poolId);
  if (!cluster || (!profile && !child)) {
    return { ok: false, status: 404, code: 'NotFound', message: `Agent pool '${poolName}' was not found in managed cluster '${cluster?.name ?? clusterId}'.` };
  }
  const c = clusterView(bundle);
  const registryId = c ? currentRegistryId(bundle, c) : undefined;
  const target = registryId ? loginServerOf(bundle, registryId) : null;
  const linux = (str(profile?.osType) ?? str(child ? propsOf(child).osType : undefined) ?? 'Linux') !== 'Windows';
  const state = emulatorState(bundle);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const node of bundle.kubernetes.nodes ?? []) {
    const meta = node.metadata ?? {};
    const labels = obj(meta.labels);
    if ((labels['kubernetes.azure.com/agentpool'] ?? labels.agentpool) !== poolName) continue;
    const name = meta.name ?? '';
    const upToDate = (state.nodeRegistry[name] ?? null) === target && (!linux || labels['kubernetes.azure.com/node-image-version'] === LATEST_NODE_IMAGE);
    if (upToDate) continue;
    // Re-provisioning runs the node's custom script again, which writes the current registry.
    state.nodeRegistry[name] = target;
    meta.creationTimestamp = now;
    if (linux) labels['kubernetes.azure.com/node-image-version'] = LATEST_NODE_IMAGE;
    const info = obj(obj(node.status).nodeInfo);
    info.bootID = guid(`boot-${name}-${now}`);
  }
  reprovisionScaleSet(bundle, poolName, now);
  if (linux) {
    if (profile && profile.nodeImageVersion !== LATEST_NODE_IMAGE) profile.nodeImageVersion = LATEST_NODE_IMAGE;
    if (child && propsOf(child).nodeImageVersion !== LATEST_NODE_IMAGE) propsOf(child).nodeImageVersion = LATEST_NODE_IMAGE;
  }
  if (profile) profile.eTag = nextEtag(profile.eTag, `upgrade:${poolName}`);
  if (child) propsOf(child).eTag = nextEtag(propsOf(child).eTag, `upgrade:${poolName}`);
  const resource: ArmResource = child ?? { id: poolId, name: poolName, type: 'Microsoft.ContainerService/managedClusters/agentPools', properties: { ...profile } };
  return { ok: true, status: 202, resource };
}
