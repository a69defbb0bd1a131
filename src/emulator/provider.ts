import type { ArmResource, Bundle } from '../bundle/types.js';
import { idKey } from '../azure/resource-id.js';

/**
 * The emulated resource provider: what a write does to the served state. The HTTP server
 * (server.ts) parses the request and the long-running-operation protocol; this module decides
 * the effect, so the behaviour the remediations rely on can be tested on plain bundles.
 */
export interface WriteRequest {
  method: 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** The resource id from the path (for POST: the resource the action is on, without the action). */
  id: string;
  /** POST action name, e.g. `upgradeNodeImageVersion`. */
  action?: string | undefined;
  body?: unknown;
}

export type WriteOutcome =
  | { ok: true; status: 200 | 201 | 202 | 204; resource?: ArmResource | undefined }
  | { ok: false; status: number; code: string; message: string };

function findIndex(bundle: Bundle, id: string): number {
  const k = idKey(id);
  return bundle.arm.findIndex((r) => idKey(r.id) === k);
}

/** Stores a PUT body as the resource (generic behaviour). */
export function putResource(bundle: Bundle, id: string, body: unknown): ArmResource {
  const segments = id.split('/');
  const name = segments[segments.length - 1] ?? '';
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const idx = findIndex(bundle, id);
  const previous = idx >= 0 ? bundle.arm[idx] : undefined;
  const resource: ArmResource = {
    ...(previous ?? {}),
    ...input,
    id: previous?.id ?? id,
    name: previous?.name ?? name,
    type: previous?.type ?? typeFromId(id),
  };
  if (idx >= 0) bundle.arm[idx] = resource;
  else bundle.arm.push(resource);
  return resource;
}

/** Deletes a resource and every child under its id. Returns false when nothing was there. */
export function deleteResource(bundle: Bundle, id: string): boolean {
  const k = idKey(id);
  const before = bundle.arm.length;
  bundle.arm = bundle.arm.filter((r) => {
    const rk = idKey(r.id);
    return rk !== k && !rk.startsWith(k + '/');
  });
  return bundle.arm.length !== before;
}

/** `Microsoft.X/a/b` from `/subscriptions/…/providers/Microsoft.X/a/NAME/b/NAME`. */
export function typeFromId(id: string): string {
  const parts = id.split('/').filter(Boolean);
  const p = parts.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (p < 0 || p + 1 >= parts.length) return 'unknown';
  const ns = parts[p + 1] ?? '';
  const types: string[] = [];
  for (let i = p + 2; i < parts.length; i += 2) types.push(parts[i] ?? '');
  return [ns, ...types].join('/');
}

/**
 * Applies one write to the live bundle. The resource-provider behaviours (reconcile recreates
 * the managed registry chain, registry delete cascades and disconnects endpoints, node image
 * upgrade refreshes a pool's nodes, a cache rule heals the pulls it covers) live here.
 */
export function applyWrite(bundle: Bundle, req: WriteRequest): WriteOutcome {
  switch (req.method) {
    case 'PUT':
    case 'PATCH':
      return { ok: true, status: findIndex(bundle, req.id) >= 0 ? 200 : 201, resource: putResource(bundle, req.id, req.body) };
    case 'DELETE':
      return deleteResource(bundle, req.id) ? { ok: true, status: 200 } : { ok: true, status: 204 };
    case 'POST':
      return { ok: false, status: 400, code: 'InvalidAction', message: `The action '${req.action ?? ''}' is not supported by the emulator.` };
  }
}
