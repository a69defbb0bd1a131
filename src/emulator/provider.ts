import type { ArmResource, Bundle } from '../bundle/types.js';
import { parentId, tryParseResourceId } from '../azure/resource-id.js';
import { putCluster, upgradeNodeImage } from './provider/cluster.js';
import { deleteEndpoint, deleteRegistry } from './provider/cascade.js';
import { refreshPulls } from './provider/pulls.js';
import { recountZone, zoneOf } from './provider/dns.js';
import { soaRecordAt } from './fixtures/dns.js';
import { deleteResource, find, findIndex, propsOf, putResource, str, typeFromId } from './provider/store.js';
import type { WriteOutcome, WriteRequest } from './provider/types.js';

export type { WriteOutcome, WriteRequest } from './provider/types.js';
export { deleteResource, putResource, typeFromId } from './provider/store.js';
export { refreshPulls } from './provider/pulls.js';

function parentMissing(bundle: Bundle, id: string): WriteOutcome | undefined {
  const parent = parentId(id);
  if (!parent || find(bundle, parent)) return undefined;
  return {
    ok: false,
    status: 404,
    code: 'ParentResourceNotFound',
    message: `Can not perform requested operation on nested resource. Parent resource '${tryParseResourceId(parent)?.name ?? parent}' not found.`,
  };
}

function applyOne(bundle: Bundle, req: WriteRequest): WriteOutcome {
  const type = typeFromId(req.id).toLowerCase();
  switch (req.method) {
    case 'PUT':
    case 'PATCH': {
      const missing = parentMissing(bundle, req.id);
      if (missing) return missing;
      const existed = findIndex(bundle, req.id) >= 0;
      const status = existed ? 200 : 201;
      if (type === 'microsoft.containerservice/managedclusters') return { ok: true, status, resource: putCluster(bundle, req.id, req.body) };
      const previousCreation = existed ? str(propsOf(find(bundle, req.id) as ArmResource).creationDate) : undefined;
      const resource = putResource(bundle, req.id, req.body);
      if (type === 'microsoft.containerregistry/registries/cacherules') {
        const p = propsOf(resource);
        p.provisioningState = 'Succeeded';
        p.creationDate = previousCreation ?? new Date().toISOString();
      }
      // Azure creates a zone's SOA record set with the zone.
      if (type === 'microsoft.network/privatednszones' && !existed) bundle.arm.push(soaRecordAt(resource.id));
      const zone = zoneOf(req.id);
      if (zone) recountZone(bundle, zone);
      return { ok: true, status, resource };
    }
    case 'DELETE': {
      let deleted: boolean;
      if (type === 'microsoft.containerregistry/registries') deleted = deleteRegistry(bundle, req.id);
      else if (type === 'microsoft.network/privateendpoints') deleted = deleteEndpoint(bundle, req.id);
      else deleted = deleteResource(bundle, req.id);
      const zone = zoneOf(req.id);
      if (deleted && zone) recountZone(bundle, zone);
      return deleted ? { ok: true, status: 200 } : { ok: true, status: 204 };
    }
    case 'POST':
      if (req.action === 'upgradeNodeImageVersion' && type === 'microsoft.containerservice/managedclusters/agentpools') return upgradeNodeImage(bundle, req.id);
      return { ok: false, status: 400, code: 'InvalidAction', message: `The action '${req.action ?? ''}' is not supported by the emulator.` };
  }
}

/**
 * Applies one write to the live bundle. The resource-provider behaviours (reconcile recreates
 * the managed registry chain, registry delete cascades and disconnects endpoints, node image
 * upgrade refreshes a pool's nodes, a cache rule heals the pulls it covers) live here; after
 * every successful write the pulls that would now work are healed.
 */
export function applyWrite(bundle: Bundle, req: WriteRequest): WriteOutcome {
  const outcome = applyOne(bundle, req);
  if (outcome.ok) refreshPulls(bundle);
  return outcome;
}
