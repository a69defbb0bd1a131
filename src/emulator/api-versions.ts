import { pathSegments } from './arm.js';

/**
 * The api-versions each emulated resource type serves, as ARM checks them before a resource
 * provider sees the request: the versions the pinned SDKs send, plus the ones `az` sends for
 * the same reads and writes (azure-cli's `profiles/_shared.py` and its aaz command modules).
 * Anything else is refused as ARM refuses it, so SDK drift shows in the tests.
 */
export const SERVED_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  // @azure/arm-containerservice 25.3.0 sends 2026-04-01; az aks (profile latest) 2022-06-01.
  'microsoft.containerservice/managedclusters': ['2022-06-01', '2026-04-01'],
  'microsoft.containerservice/managedclusters/agentpools': ['2022-06-01', '2026-04-01'],
  'microsoft.containerservice/locations/operations': ['2022-06-01', '2026-04-01'],
  'microsoft.containerservice/locations/operationresults': ['2022-06-01', '2026-04-01'],
  // @azure/arm-containerregistry 12.0.0 sends 2025-11-01; az acr 2022-02-01-preview.
  'microsoft.containerregistry/registries': ['2022-02-01-preview', '2025-11-01'],
  'microsoft.containerregistry/registries/cacherules': ['2022-02-01-preview', '2025-11-01'],
  'microsoft.containerregistry/registries/credentialsets': ['2022-02-01-preview', '2025-11-01'],
  'microsoft.containerregistry/registries/replications': ['2022-02-01-preview', '2025-11-01'],
  'microsoft.containerregistry/registries/operationstatuses': ['2022-02-01-preview', '2025-11-01'],
  'microsoft.containerregistry/locations/operations': ['2022-02-01-preview', '2025-11-01'],
  'microsoft.containerregistry/locations/operationresults': ['2022-02-01-preview', '2025-11-01'],
  // @azure/arm-network 36.0.0 sends 2025-05-01; az network 2021-08-01.
  'microsoft.network/privateendpoints': ['2021-08-01', '2025-05-01'],
  'microsoft.network/privateendpoints/privatednszonegroups': ['2021-08-01', '2025-05-01'],
  'microsoft.network/networkinterfaces': ['2021-08-01', '2025-05-01'],
  'microsoft.network/virtualnetworks': ['2021-08-01', '2025-05-01'],
  'microsoft.network/virtualnetworks/subnets': ['2021-08-01', '2025-05-01'],
  // @azure/arm-privatedns 3.2.0 sends 2020-06-01; az network private-dns (aaz) 2024-06-01.
  'microsoft.network/privatednszones': ['2020-06-01', '2024-06-01'],
  'microsoft.network/privatednszones/virtualnetworklinks': ['2020-06-01', '2024-06-01'],
  'microsoft.network/privatednszones/a': ['2020-06-01', '2024-06-01'],
  'microsoft.network/privatednszones/soa': ['2020-06-01', '2024-06-01'],
  'microsoft.network/privatednszones/all': ['2020-06-01', '2024-06-01'],
  // @azure/arm-authorization 9.0.0 sends 2022-04-01 for role assignments, as az role does.
  'microsoft.authorization/roleassignments': ['2022-04-01'],
  // Pre-flight: management locks (@azure/arm-locks 2.1.0 sends 2020-05-01; az lock 2016-09-01) and
  // the caller's effective permissions (@azure/arm-authorization 9.0.0 sends 2022-04-01).
  'microsoft.authorization/locks': ['2016-09-01', '2020-05-01'],
  'microsoft.authorization/permissions': ['2015-07-01', '2022-04-01'],
  // Scale sets are read without @azure/arm-compute, at the version its 23.x sends (2024-11-01); az vmss 2024-07-01.
  'microsoft.compute/virtualmachinescalesets': ['2024-07-01', '2024-11-01'],
  'microsoft.compute/virtualmachinescalesets/virtualmachines': ['2024-07-01', '2024-11-01'],
  // Subscriptions and resource groups (az group show 2021-04-01, az account 2019-11-01).
  'microsoft.resources/subscriptions': ['2019-11-01', '2021-04-01', '2022-12-01'],
  'microsoft.resources/subscriptions/resourcegroups': ['2019-11-01', '2021-04-01', '2022-12-01'],
};


const API_VERSION_FORM = /^\d{4}-\d{2}-\d{2}(-preview|-alpha|-beta|-privatepreview)?$/i;

export interface ApiVersionRefusal {
  status: 400 | 404;
  code: 'InvalidApiVersionParameter' | 'InvalidResourceType';
  message: string;
}

/** `Microsoft.X/a/b` of a path (resource or collection; a POST action's segment dropped by the caller). */
export function resourceTypeOf(path: string): { namespace: string; types: string[] } | undefined {
  const segments = pathSegments(path);
  const lowered = segments.map((s) => s.toLowerCase());
  const p = lowered.lastIndexOf('providers');
  if (p < 0) {
    if (lowered[0] !== 'subscriptions') return undefined;
    return { namespace: 'Microsoft.Resources', types: lowered.includes('resourcegroups') ? ['subscriptions', 'resourceGroups'] : ['subscriptions'] };
  }
  const namespace = segments[p + 1];
  if (!namespace) return undefined;
  const types: string[] = [];
  for (let i = p + 2; i < segments.length; i += 2) types.push(segments[i] ?? '');
  return { namespace, types };
}

/** The refusal ARM gives this request's api-version, or undefined when the type serves it. */
export function refuseApiVersion(path: string, apiVersion: string): ApiVersionRefusal | undefined {
  const rt = resourceTypeOf(path);
  if (!rt || rt.types.length === 0) return undefined;
  const key = [rt.namespace, ...rt.types].join('/').toLowerCase();
  const served = SERVED_API_VERSIONS[key];
  const typeName = rt.types.join('/');
  if (!served) {
    // A type the namespace does not have at all (`…/managedClusters/x/bogus`).
    return {
      status: 404,
      code: 'InvalidResourceType',
      message: `The resource type '${typeName}' could not be found in the namespace '${rt.namespace}' for api version '${apiVersion}'.`,
    };
  }
  if (served.includes(apiVersion.toLowerCase())) return undefined;
  const list = served.join(',');
  if (!API_VERSION_FORM.test(apiVersion)) {
    return { status: 400, code: 'InvalidApiVersionParameter', message: `The api-version '${apiVersion}' is invalid. The supported versions are '${list}'.` };
  }
  return {
    status: 404,
    code: 'InvalidResourceType',
    message: `The resource type '${typeName}' could not be found in the namespace '${rt.namespace}' for api version '${apiVersion}'. The supported api-versions are '${list}'.`,
  };
}

