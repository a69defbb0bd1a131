import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { tryParseResourceId } from '../../src/azure/resource-id.js';

/**
 * The official REST definitions of test/fixtures/specs/ (see its README), loaded into ajv with
 * their relative `$ref`s resolving across files as in the spec repository.
 */
const ROOT = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));
const BASE = 'https://specs.invalid/';

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'examples') out.push(...specFiles(path));
    } else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

/** A spec file by its path under test/fixtures/specs/ (e.g. an example). */
export function readSpecFile(path: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
}

function createAjv(): Ajv {
  // Swagger 2.0 documents: their top-level `swagger`/`paths` and `x-ms-*` keywords are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  // ajv-formats is CommonJS: loaded from ESM, the plugin is its `default` export.
  formats.default(ajv);
  // ARM's own formats: an id must parse as an ARM resource id; the numeric ones are checked by `type`.
  ajv.addFormat('arm-id', { type: 'string', validate: (v: string) => tryParseResourceId(v) !== undefined });
  for (const f of ['int32', 'int64', 'double', 'float', 'password', 'unixtime', 'base64url']) ajv.addFormat(f, true);
  for (const file of specFiles(ROOT)) {
    ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object, `${BASE}${relative(ROOT, file).split('\\').join('/')}`);
  }
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** `file#Definition` → its validator, e.g. `specification/…/containerregistry.json#Registry`. */
function validatorFor(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (v) return v;
  shared ??= createAjv();
  const [file, definition] = ref.split('#');
  v = shared.getSchema(`${BASE}${file ?? ''}#/definitions/${definition ?? ''}`);
  if (!v) throw new Error(`no definition ${ref} in test/fixtures/specs`);
  compiled.set(ref, v);
  return v;
}

/**
 * The service sends `null` for an unset optional property (RegistryGet.json: `"status": null`), so
 * null counts as absent: a required property that is null still fails as missing.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  const allowed = e.keyword === 'enum' ? ` (allowed: ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})` : '';
  return `${where} ${e.message ?? e.keyword}${allowed}`;
}

/** The problems of `value` against the definition `ref` (file#Definition), [] when it conforms. */
export function specProblems(ref: string, value: unknown): string[] {
  const validate = validatorFor(ref);
  if (validate(withoutNulls(value))) return [];
  return (validate.errors ?? []).map(describeError);
}

export const SPEC = {
  common: 'specification/common-types/resource-management/v6/types.json',
  aks: 'specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-04-01/managedClusters.json',
  acr: 'specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/2025-11-01/containerregistry.json',
  network: 'specification/network/resource-manager/Microsoft.Network/stable/2025-05-01/network.json',
  nic: 'specification/network/resource-manager/Microsoft.Network/stable/2025-05-01/networkInterface.json',
  vnet: 'specification/network/resource-manager/Microsoft.Network/stable/2025-05-01/virtualNetwork.json',
  pe: 'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/privateEndpoint.json',
  dns: 'specification/privatedns/resource-manager/Microsoft.Network/stable/2020-06-01/privatedns.json',
  compute: 'specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2024-11-01/virtualMachineScaleSet.json',
  auth: 'specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json',
  activityLog: 'specification/monitor/resource-manager/Microsoft.Insights/stable/2015-04-01/activityLogs_API.json',
} as const;

/** Per emulated resource type: the api-version the pinned SDK sends, and its definitions. */
export const TYPES: Readonly<Record<string, { apiVersion: string; item: string; list: string }>> = {
  'microsoft.containerservice/managedclusters': { apiVersion: '2026-04-01', item: `${SPEC.aks}#ManagedCluster`, list: `${SPEC.aks}#ManagedClusterListResult` },
  'microsoft.containerservice/managedclusters/agentpools': { apiVersion: '2026-04-01', item: `${SPEC.aks}#AgentPool`, list: `${SPEC.aks}#AgentPoolListResult` },
  'microsoft.containerregistry/registries': { apiVersion: '2025-11-01', item: `${SPEC.acr}#Registry`, list: `${SPEC.acr}#RegistryListResult` },
  'microsoft.containerregistry/registries/cacherules': { apiVersion: '2025-11-01', item: `${SPEC.acr}#CacheRule`, list: `${SPEC.acr}#CacheRulesListResult` },
  'microsoft.containerregistry/registries/credentialsets': { apiVersion: '2025-11-01', item: `${SPEC.acr}#CredentialSet`, list: `${SPEC.acr}#CredentialSetListResult` },
  'microsoft.network/privateendpoints': { apiVersion: '2025-05-01', item: `${SPEC.pe}#PrivateEndpoint`, list: `${SPEC.pe}#PrivateEndpointListResult` },
  'microsoft.network/privateendpoints/privatednszonegroups': { apiVersion: '2025-05-01', item: `${SPEC.pe}#PrivateDnsZoneGroup`, list: `${SPEC.pe}#PrivateDnsZoneGroupListResult` },
  'microsoft.network/networkinterfaces': { apiVersion: '2025-05-01', item: `${SPEC.nic}#NetworkInterface`, list: `${SPEC.nic}#NetworkInterfaceListResult` },
  'microsoft.network/virtualnetworks': { apiVersion: '2025-05-01', item: `${SPEC.vnet}#VirtualNetwork`, list: `${SPEC.vnet}#VirtualNetworkListResult` },
  'microsoft.network/privatednszones': { apiVersion: '2020-06-01', item: `${SPEC.dns}#PrivateZone`, list: `${SPEC.dns}#PrivateZoneListResult` },
  'microsoft.network/privatednszones/virtualnetworklinks': { apiVersion: '2020-06-01', item: `${SPEC.dns}#VirtualNetworkLink`, list: `${SPEC.dns}#VirtualNetworkLinkListResult` },
  'microsoft.network/privatednszones/a': { apiVersion: '2020-06-01', item: `${SPEC.dns}#RecordSet`, list: `${SPEC.dns}#RecordSetListResult` },
  'microsoft.network/privatednszones/soa': { apiVersion: '2020-06-01', item: `${SPEC.dns}#RecordSet`, list: `${SPEC.dns}#RecordSetListResult` },
  'microsoft.compute/virtualmachinescalesets': { apiVersion: '2024-11-01', item: `${SPEC.compute}#VirtualMachineScaleSet`, list: `${SPEC.compute}#VirtualMachineScaleSetListResult` },
  'microsoft.compute/virtualmachinescalesets/virtualmachines': { apiVersion: '2024-11-01', item: `${SPEC.compute}#VirtualMachineScaleSetVM`, list: `${SPEC.compute}#VirtualMachineScaleSetVMListResult` },
  'microsoft.authorization/roleassignments': { apiVersion: '2022-04-01', item: `${SPEC.auth}#RoleAssignment`, list: `${SPEC.auth}#RoleAssignmentListResult` },
};
