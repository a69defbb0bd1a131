import type { Registry } from '../azure/types.js';
import { stripPort } from './image-ref.js';

/** Every host name that reaches this registry: login server, data endpoints, the regional data host. */
export function registryHosts(registry: Registry): string[] {
  const name = registry.name.toLowerCase();
  const region = registry.location.toLowerCase().replace(/\s+/g, '');
  const login = (registry.loginServer ?? `${name}.azurecr.io`).toLowerCase();
  const suffix = login.slice(login.indexOf('.'));
  const hosts = [login, ...registry.dataEndpointHostNames.map((h) => h.toLowerCase()), `${name}.${region}.data${suffix}`];
  return [...new Set(hosts)];
}

export function isRegistryHost(registry: Registry, host: string | null | undefined): boolean {
  if (!host) return false;
  return registryHosts(registry).includes(stripPort(host.toLowerCase()));
}
