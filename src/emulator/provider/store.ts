import type { ArmResource, Bundle } from '../../bundle/types.js';
import { idKey } from '../../azure/resource-id.js';
import { guid } from '../fixtures/ids.js';

/** The served state as a store of ARM resources: lookups by id and type, generic PUT and DELETE. */

export type Json = Record<string, unknown>;

export function findIndex(bundle: Bundle, id: string): number {
  const k = idKey(id);
  return bundle.arm.findIndex((r) => idKey(r.id) === k);
}

export function find(bundle: Bundle, id: string | undefined): ArmResource | undefined {
  if (!id) return undefined;
  const i = findIndex(bundle, id);
  return i >= 0 ? bundle.arm[i] : undefined;
}

export function ofType(bundle: Bundle, type: string): ArmResource[] {
  const t = type.toLowerCase();
  return bundle.arm.filter((r) => r.type.toLowerCase() === t);
}

export function obj(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => !!v && typeof v === 'object') : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function propsOf(r: ArmResource): Json {
  r.properties ??= {};
  return r.properties;
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

/** The next eTag of a resource: AKS changes it on every write; derived, so scenario builds stay deterministic. */
export function nextEtag(previous: unknown, salt: string): string {
  return guid(`etag:${typeof previous === 'string' ? previous : ''}:${salt}`);
}
