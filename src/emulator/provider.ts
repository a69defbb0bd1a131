import type { ArmResource, Bundle, KubeObject } from '../bundle/types.js';
import { idKey, parentId, sameId, tryParseResourceId } from '../azure/resource-id.js';
import { ACR_PULL_ROLE_ID } from '../azure/types.js';
import {
  LATEST_NODE_IMAGE, MCR_RULE_NAME, MCR_SOURCE, MCR_TARGET, acrPullAssignment, aRecordResource, cacheRuleResource,
  emulatorState, fullReference, guid, hex, nicResource, privateEndpointResource, registryConnection, registryResource,
  vnetLinkResource, zoneGroupResource, zoneResource, type Layout,
} from './scenarios/build.js';

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

type Json = Record<string, unknown>;

function findIndex(bundle: Bundle, id: string): number {
  const k = idKey(id);
  return bundle.arm.findIndex((r) => idKey(r.id) === k);
}

function find(bundle: Bundle, id: string | undefined): ArmResource | undefined {
  if (!id) return undefined;
  const i = findIndex(bundle, id);
  return i >= 0 ? bundle.arm[i] : undefined;
}

function ofType(bundle: Bundle, type: string): ArmResource[] {
  const t = type.toLowerCase();
  return bundle.arm.filter((r) => r.type.toLowerCase() === t);
}

function obj(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => !!v && typeof v === 'object') : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function propsOf(r: ArmResource): Json {
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

// ------------------------------------------------------------------ the cluster and its registry

interface ClusterView {
  resource: ArmResource;
  subscription: string;
  location: string;
  nodeRg: string;
  isolated: boolean;
  containerRegistryId: string | undefined;
  managed: boolean;
  kubeletObjectId: string | undefined;
}

function clusterView(bundle: Bundle): ClusterView | undefined {
  const resource = find(bundle, bundle.cluster);
  if (!resource) return undefined;
  const p = propsOf(resource);
  const parsed = tryParseResourceId(resource.id);
  const nodeRg = str(p.nodeResourceGroup) ?? '';
  const boot = obj(p.bootstrapProfile);
  const isolated = (str(boot.artifactSource) ?? '').toLowerCase() === 'cache';
  const containerRegistryId = str(boot.containerRegistryId) || undefined;
  let managed = isolated;
  if (isolated && containerRegistryId) {
    const r = tryParseResourceId(containerRegistryId);
    managed = !!r && (r.resourceGroup ?? '').toLowerCase() === nodeRg.toLowerCase() && r.name.toLowerCase().includes('bootstrap');
  }
  return {
    resource,
    subscription: parsed?.subscriptionId ?? '',
    location: resource.location ?? 'eastus2',
    nodeRg,
    isolated,
    containerRegistryId,
    managed,
    kubeletObjectId: str(obj(obj(p.identityProfile).kubeletidentity).objectId),
  };
}

function inRg(id: string, rg: string): boolean {
  return (tryParseResourceId(id)?.resourceGroup ?? '').toLowerCase() === rg.toLowerCase();
}

function endpointConnections(pe: ArmResource): Json[] {
  const p = propsOf(pe);
  return [...arr(p.privateLinkServiceConnections), ...arr(p.manualPrivateLinkServiceConnections)];
}

function connectionTarget(c: Json): string | undefined {
  return str(obj(c.properties).privateLinkServiceId);
}

function connectionStatus(c: Json): string | undefined {
  return str(obj(obj(c.properties).privateLinkServiceConnectionState).status);
}

/**
 * The name the AKS-managed registry has (or had): the configured id, an existing bootstrap
 * registry, the one a leftover endpoint still points at, or one derived from the cluster.
 */
function managedRegistryName(bundle: Bundle, c: ClusterView): string {
  if (c.containerRegistryId) return tryParseResourceId(c.containerRegistryId)?.name ?? 'aksbootstrap';
  const existing = ofType(bundle, 'Microsoft.ContainerRegistry/registries').find((r) => inRg(r.id, c.nodeRg) && r.name.toLowerCase().includes('bootstrap'));
  if (existing) return existing.name;
  for (const pe of ofType(bundle, 'Microsoft.Network/privateEndpoints')) {
    for (const conn of endpointConnections(pe)) {
      const target = tryParseResourceId(connectionTarget(conn));
      if (target && target.fullType.toLowerCase() === 'microsoft.containerregistry/registries' && (target.resourceGroup ?? '').toLowerCase() === c.nodeRg.toLowerCase() && target.name.toLowerCase().includes('bootstrap')) {
        return target.name;
      }
    }
  }
  return `aksbootstrap${hex(idKey(c.resource.id), 8)}`;
}

/** The id of the registry the nodes should pull through (it may not exist). */
function currentRegistryId(bundle: Bundle, c: ClusterView): string | undefined {
  if (!c.isolated) return undefined;
  if (c.containerRegistryId) return c.containerRegistryId;
  return `/subscriptions/${c.subscription}/resourceGroups/${c.nodeRg}/providers/Microsoft.ContainerRegistry/registries/${managedRegistryName(bundle, c)}`;
}

function loginServerOf(bundle: Bundle, registryId: string): string {
  const r = find(bundle, registryId);
  const ls = r ? str(propsOf(r).loginServer) : undefined;
  return (ls ?? `${tryParseResourceId(registryId)?.name ?? ''}.azurecr.io`).toLowerCase();
}

/** The cluster's VNet and node subnet: the pools' vnetSubnetID, else the AKS-managed `aks-vnet-*` in the node RG. */
function clusterNetwork(bundle: Bundle, c: ClusterView): { vnet: ArmResource; subnet: Json } | undefined {
  const pools = arr(propsOf(c.resource).agentPoolProfiles);
  const subnetId = pools.map((p) => str(p.vnetSubnetID)).find((s) => !!s);
  if (subnetId) {
    const vnetId = subnetId.replace(/\/subnets\/[^/]+$/i, '');
    const vnet = find(bundle, vnetId);
    const subnet = vnet ? arr(propsOf(vnet).subnets).find((s) => sameId(str(s.id), subnetId)) : undefined;
    return vnet && subnet ? { vnet, subnet } : undefined;
  }
  const vnet = ofType(bundle, 'Microsoft.Network/virtualNetworks').find((v) => inRg(v.id, c.nodeRg) && v.name.toLowerCase().startsWith('aks-vnet-'));
  const subnet = vnet ? arr(propsOf(vnet).subnets)[0] : undefined;
  return vnet && subnet ? { vnet, subnet } : undefined;
}

function peeredWith(vnet: ArmResource, otherVnetId: string): boolean {
  return arr(propsOf(vnet).virtualNetworkPeerings).some((p) => sameId(str(obj(obj(p.properties).remoteVirtualNetwork).id), otherVnetId));
}

function nicIps(bundle: Bundle, pe: ArmResource, location: string): { registry?: string | undefined; data?: string | undefined } {
  const nicId = str(arr(propsOf(pe).networkInterfaces)[0]?.id);
  const nic = find(bundle, nicId);
  const out: { registry?: string | undefined; data?: string | undefined } = {};
  for (const ip of arr(nic ? propsOf(nic).ipConfigurations : [])) {
    const p = obj(ip.properties);
    const member = (str(obj(p.privateLinkConnectionProperties).requiredMemberName) ?? '').toLowerCase();
    if (member === 'registry') out.registry = str(p.privateIPAddress);
    else if (member === `registry_data_${location.toLowerCase()}`) out.data = str(p.privateIPAddress);
  }
  return out;
}

function approvedEndpointFor(bundle: Bundle, registryId: string): ArmResource | undefined {
  return ofType(bundle, 'Microsoft.Network/privateEndpoints').find(
    (pe) =>
      (str(propsOf(pe).provisioningState) ?? 'Succeeded') === 'Succeeded' &&
      endpointConnections(pe).some((conn) => sameId(connectionTarget(conn), registryId) && connectionStatus(conn) === 'Approved'),
  );
}

function recordIps(bundle: Bundle, zone: ArmResource, relativeName: string): string[] {
  const r = find(bundle, `${zone.id}/A/${relativeName.toLowerCase()}`);
  return r ? arr(propsOf(r).aRecords).map((a) => str(a.ipv4Address) ?? '') : [];
}

function linkedZones(bundle: Bundle, vnetId: string): ArmResource[] {
  const links = ofType(bundle, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').filter(
    (l) => sameId(str(obj(propsOf(l).virtualNetwork).id), vnetId) && str(propsOf(l).virtualNetworkLinkState) === 'Completed',
  );
  return ofType(bundle, 'Microsoft.Network/privateDnsZones').filter(
    (z) => z.name.toLowerCase() === 'privatelink.azurecr.io' && links.some((l) => sameId(parentId(l.id), z.id)),
  );
}

function hasAcrPull(bundle: Bundle, registryId: string, principalId: string | undefined): boolean {
  if (!principalId) return false;
  const reg = idKey(registryId);
  return ofType(bundle, 'Microsoft.Authorization/roleAssignments').some((ra) => {
    const p = propsOf(ra);
    const scope = idKey(ra.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, ''));
    return (
      str(p.principalId) === principalId &&
      (str(p.roleDefinitionId) ?? '').toLowerCase().endsWith(ACR_PULL_ROLE_ID) &&
      (reg === scope || reg.startsWith(scope + '/'))
    );
  });
}

function cacheRulesOf(bundle: Bundle, registryId: string): Json[] {
  const prefix = idKey(registryId) + '/cacherules/';
  return bundle.arm
    .filter((r) => idKey(r.id).startsWith(prefix) && (str(propsOf(r).provisioningState) ?? 'Succeeded') === 'Succeeded')
    .map((r) => propsOf(r));
}

/** Glob on repository paths as ACR cache rules use them (`docker.io/library/*`, exact names). */
function globMatches(glob: string, value: string): boolean {
  const re = new RegExp('^' + glob.toLowerCase().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value.toLowerCase());
}

/**
 * Whether the whole pull path to the registry works from the cluster: the registry exists and
 * Succeeded, pulls are authorised (anonymous, or AcrPull for the kubelet identity at the
 * registry or a parent scope), an Approved endpoint sits in the cluster VNet (or one peered
 * with it), and a linked `privatelink.azurecr.io` zone resolves both names to the NIC's IPs.
 */
function registryPathHealthy(bundle: Bundle, c: ClusterView, registryId: string): boolean {
  const registry = find(bundle, registryId);
  if (!registry) return false;
  const rp = propsOf(registry);
  if ((str(rp.provisioningState) ?? 'Succeeded') !== 'Succeeded') return false;
  if (rp.anonymousPullEnabled !== true && !hasAcrPull(bundle, registry.id, c.kubeletObjectId)) return false;
  const net = clusterNetwork(bundle, c);
  if (!net) return false;
  const pe = approvedEndpointFor(bundle, registry.id);
  if (!pe) return false;
  const peVnetId = (str(obj(propsOf(pe).subnet).id) ?? '').replace(/\/subnets\/[^/]+$/i, '');
  if (!sameId(peVnetId, net.vnet.id) && !peeredWith(net.vnet, peVnetId)) return false;
  const ips = nicIps(bundle, pe, c.location);
  if (!ips.registry || !ips.data) return false;
  const name = registry.name.toLowerCase();
  return linkedZones(bundle, net.vnet.id).some((zone) => {
    const reg = recordIps(bundle, zone, name);
    const data = recordIps(bundle, zone, `${name}.${c.location.toLowerCase()}.data`);
    return reg.length === 1 && reg[0] === ips.registry && data.length === 1 && data[0] === ips.data;
  });
}

// ------------------------------------------------------------------ pulls

const PULL_FAILURE = new Set(['ErrImagePull', 'ImagePullBackOff']);

function splitReference(image: string): { host: string; repo: string } {
  const ref = fullReference(image).split('@')[0] ?? '';
  const slash = ref.indexOf('/');
  const host = ref.slice(0, slash).toLowerCase();
  const rest = ref.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  return { host: host === 'index.docker.io' ? 'docker.io' : host, repo: colon >= 0 ? rest.slice(0, colon) : rest };
}

interface PullModel {
  /** Login server of the registry the nodes should use, when its whole path works. */
  healthyRegistry: string | undefined;
  dataHost: string | undefined;
  mcrRule: boolean;
  rules: Json[];
  nodeRegistry: Record<string, string | null>;
}

function pullModel(bundle: Bundle): PullModel | undefined {
  const c = clusterView(bundle);
  if (!c) return undefined;
  const registryId = currentRegistryId(bundle, c);
  const raw = obj(obj(bundle['x-emulator']).nodeRegistry) as Record<string, string | null>;
  const state = { nodeRegistry: raw };
  if (!registryId || !registryPathHealthy(bundle, c, registryId)) {
    return { healthyRegistry: undefined, dataHost: undefined, mcrRule: false, rules: [], nodeRegistry: state.nodeRegistry };
  }
  const rules = cacheRulesOf(bundle, registryId);
  const ls = loginServerOf(bundle, registryId);
  return {
    healthyRegistry: ls,
    dataHost: `${ls.replace(/\.azurecr\.io$/, '')}.${c.location.toLowerCase()}.data.azurecr.io`,
    mcrRule: rules.some((r) => str(r.sourceRepository) === MCR_SOURCE && (str(r.targetRepository) === MCR_TARGET || str(r.targetRepository) === '*')),
    rules,
    nodeRegistry: state.nodeRegistry,
  };
}

/**
 * Would this image pull now on this node? The emulator's model, kept deliberately small:
 * - MCR images go through the mirror the node was provisioned with (containerd hosts.toml,
 *   `x-emulator.nodeRegistry`): they pull when that is the current registry, its whole path
 *   works, and it has a Succeeded `mcr.microsoft.com/*` cache rule.
 * - Images referenced through the registry (`<acr>.azurecr.io/…`) pull when its path works;
 *   one that failed "not found" also needs a cache rule whose target covers the repository.
 * - Any other registry (docker.io, ghcr.io…) never pulls: without egress the workload must
 *   reference the image through the registry, a change the emulator cannot make for it.
 */
function wouldPull(model: PullModel, image: string, node: string, previousMessage: string): boolean {
  const ls = model.healthyRegistry;
  if (!ls) return false;
  const { host, repo } = splitReference(image);
  // A node the bundle says nothing about (a captured bundle) was provisioned with the current registry.
  const mirror = node in model.nodeRegistry ? model.nodeRegistry[node] : ls;
  if (host === 'mcr.microsoft.com') return model.mcrRule && mirror === ls;
  if (host === ls) {
    if (!/not found|NotFound/.test(previousMessage)) return true;
    return model.rules.some((r) => globMatches(str(r.targetRepository) ?? '', repo));
  }
  return false;
}

function failedMessage(bundle: Bundle, ns: string, pod: string, fieldPath: string, waiting: Json): string {
  const events = (bundle.kubernetes.events ?? []).filter((e) => {
    const io = obj(e.involvedObject);
    return io.namespace === ns && io.name === pod && io.fieldPath === fieldPath && e.reason === 'Failed';
  });
  return [str(waiting.message) ?? '', ...events.map((e) => str(e.message) ?? '')].join('\n');
}

function imageId(image: string): string {
  return `${fullReference(image).replace(/[:@][^/:@]+$/, '')}@sha256:${hex('image:' + image, 40)}${hex('image2:' + image, 24)}`;
}

/**
 * Heals what would now pull: a failing container becomes running (ready; an init container
 * Completed), its pull events go, and a pod whose containers are all up is Running and Ready.
 * It only ever heals; it never invents a failure.
 */
export function refreshPulls(bundle: Bundle): void {
  if (!bundle.kubernetes.reachable || !bundle.kubernetes.pods?.length) return;
  const model = pullModel(bundle);
  if (!model?.healthyRegistry) return;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const pod of bundle.kubernetes.pods) healPod(bundle, model, pod, now);
}

function healPod(bundle: Bundle, model: PullModel, pod: KubeObject, now: string): void {
  const status = obj(pod.status);
  const ns = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  const node = str(obj(pod.spec).nodeName) ?? '';
  const healed: string[] = [];
  const heal = (cs: Json, init: boolean): void => {
    const image = str(cs.image) ?? '';
    cs.ready = true;
    cs.imageID = imageId(image);
    cs.containerID = `containerd://${hex(`${name}/${String(cs.name)}/${now}`, 64)}`;
    if (init) {
      cs.started = false;
      cs.state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } };
    } else {
      cs.started = true;
      cs.state = { running: { startedAt: now } };
    }
  };
  const initStatuses = arr(status.initContainerStatuses);
  for (const cs of initStatuses) {
    const waiting = obj(obj(cs.state).waiting);
    if (!PULL_FAILURE.has(str(waiting.reason) ?? '')) continue;
    const fieldPath = `spec.initContainers{${String(cs.name)}}`;
    if (wouldPull(model, str(cs.image) ?? '', node, failedMessage(bundle, ns, name, fieldPath, waiting))) {
      heal(cs, true);
      healed.push(fieldPath);
    }
  }
  const initDone = initStatuses.every((cs) => cs.ready === true);
  for (const cs of arr(status.containerStatuses)) {
    const waiting = obj(obj(cs.state).waiting);
    const reason = str(waiting.reason) ?? '';
    const fieldPath = `spec.containers{${String(cs.name)}}`;
    if (PULL_FAILURE.has(reason)) {
      if (initDone && wouldPull(model, str(cs.image) ?? '', node, failedMessage(bundle, ns, name, fieldPath, waiting))) {
        heal(cs, false);
        healed.push(fieldPath);
      }
    } else if (reason === 'PodInitializing' && initDone && healed.length > 0) {
      // Waiting only for the init container that just completed; its own image pulls the same way.
      if (wouldPull(model, str(cs.image) ?? '', node, '')) heal(cs, false);
    }
  }
  if (healed.length === 0) return;
  const events = bundle.kubernetes.events ?? [];
  bundle.kubernetes.events = events.filter((e) => {
    const io = obj(e.involvedObject);
    const pull = e.reason === 'Failed' || e.reason === 'BackOff' || e.reason === 'Pulling';
    return !(pull && io.kind === 'Pod' && io.namespace === ns && io.name === name && healed.includes(str(io.fieldPath) ?? ''));
  });
  const all = [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)];
  if (all.every((cs) => cs.ready === true)) {
    status.phase = 'Running';
    status.podIP ??= `10.244.${parseInt(hex(name, 2), 16) % 8}.${(parseInt(hex(name + 'ip', 2), 16) % 250) + 2}`;
    status.podIPs ??= [{ ip: status.podIP }];
    status.conditions = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
      type, status: 'True', lastProbeTime: null, lastTransitionTime: now,
    }));
  }
}

// ------------------------------------------------------------------ writes

/** Fields of a managed cluster ARM computes; a PUT never changes them. */
const CLUSTER_READ_ONLY = ['provisioningState', 'powerState', 'currentKubernetesVersion', 'fqdn', 'privateFQDN', 'azurePortalFQDN', 'maxAgentPools', 'nodeResourceGroup', 'resourceUID'];
const POOL_READ_ONLY = ['provisioningState', 'powerState', 'currentOrchestratorVersion', 'nodeImageVersion'];

function putCluster(bundle: Bundle, id: string, body: unknown): ArmResource {
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
      return pool;
    });
  }
  const identity = input.identity === undefined ? previous.identity : { ...obj(previous.identity), ...obj(input.identity), principalId: obj(previous.identity).principalId, tenantId: obj(previous.identity).tenantId };
  const resource: ArmResource = { ...previous, ...input, id: previous.id, name: previous.name, type: previous.type, location: previous.location ?? str(input.location), properties: merged };
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

function upsert(bundle: Bundle, resource: ArmResource): void {
  const i = findIndex(bundle, resource.id);
  if (i < 0) bundle.arm.push(resource);
}

function usedIps(bundle: Bundle): Set<string> {
  const used = new Set<string>();
  for (const nic of ofType(bundle, 'Microsoft.Network/networkInterfaces')) {
    for (const ip of arr(propsOf(nic).ipConfigurations)) {
      const a = str(obj(ip.properties).privateIPAddress);
      if (a) used.add(a);
    }
  }
  for (const node of bundle.kubernetes.nodes ?? []) {
    for (const a of arr(obj(node.status).addresses)) if (a.type === 'InternalIP' && typeof a.address === 'string') used.add(a.address);
  }
  return used;
}

/** The next free addresses of a subnet, after Azure's five reserved ones. */
function allocateIps(bundle: Bundle, prefix: string, count: number): string[] {
  const [base] = prefix.split('/');
  const octets = (base ?? '10.0.0.0').split('.').map(Number);
  const used = usedIps(bundle);
  const out: string[] = [];
  for (let host = 4; out.length < count && host < 65000; host++) {
    const a = octets[0] ?? 10;
    const b = octets[1] ?? 0;
    const c = (octets[2] ?? 0) + Math.floor(host / 256);
    const ip = `${a}.${b}.${c}.${host % 256}`;
    if (host % 256 === 0 || host % 256 === 255 || used.has(ip)) continue;
    out.push(ip);
  }
  return out;
}

/**
 * Reconcile of a network isolated cluster with an AKS-managed registry: recreates whatever is
 * missing of the registry (with its MCR cache rule and the kubelet's AcrPull), the private
 * endpoint with its NIC and zone group (a Disconnected one is replaced), the zone in the node
 * resource group, its link to the cluster VNet, and both A records (set to the NIC's IPs). A
 * cache rule deleted from a registry that still exists is NOT recreated: the guide's fix for
 * that is to delete the registry and reconcile, which this models.
 */
function ensureManagedChain(bundle: Bundle, c: ClusterView): void {
  const regName = managedRegistryName(bundle, c);
  const net = clusterNetwork(bundle, c);
  const subnetProps = obj(net?.subnet.properties);
  const base: Layout = {
    mode: 'managed',
    subscription: c.subscription,
    location: c.location,
    registryName: regName,
    registryRg: c.containerRegistryId ? (tryParseResourceId(c.containerRegistryId)?.resourceGroup ?? c.nodeRg) : c.nodeRg,
    vnetRg: tryParseResourceId(net?.vnet.id)?.resourceGroup ?? c.nodeRg,
    vnetName: net?.vnet.name ?? 'aks-vnet',
    vnetPrefix: '',
    nodeSubnet: { name: str(net?.subnet.name) ?? 'aks-subnet', prefix: str(subnetProps.addressPrefix) ?? '10.224.0.0/16' },
    peSubnet: { name: str(net?.subnet.name) ?? 'aks-subnet', prefix: str(subnetProps.addressPrefix) ?? '10.224.0.0/16' },
    customVnet: false,
    peRg: c.nodeRg,
    peName: `${regName}-pe`,
    nicName: `${regName}-pe.nic.${guid(`${idKey(c.resource.id)}/${regName}/nic`)}`,
    registryIp: '',
    dataIp: '',
    zoneRg: c.nodeRg,
    linkName: `${net?.vnet.name ?? 'aks-vnet'}-link`,
    zoneGroup: true,
    manualConnection: false,
  };

  let registry = find(bundle, `/subscriptions/${c.subscription}/resourceGroups/${base.registryRg}/providers/Microsoft.ContainerRegistry/registries/${regName}`);
  if (!registry) {
    registry = registryResource(base, { connectionStatus: null });
    bundle.arm.push(registry);
    bundle.arm.push(cacheRuleResource(base, MCR_RULE_NAME, MCR_SOURCE, MCR_TARGET));
  }
  if (c.kubeletObjectId && !hasAcrPull(bundle, registry.id, c.kubeletObjectId)) bundle.arm.push(acrPullAssignment(base, c.kubeletObjectId));

  // The endpoint: keep an Approved one; replace one left Disconnected by a registry deletion.
  let pe = approvedEndpointFor(bundle, registry.id);
  for (const stale of ofType(bundle, 'Microsoft.Network/privateEndpoints').filter((e) => e !== pe && inRg(e.id, c.nodeRg) && endpointConnections(e).some((conn) => sameId(connectionTarget(conn), registry.id)))) {
    deleteEndpoint(bundle, stale.id);
  }
  const l: Layout = { ...base };
  if (pe) {
    const parsed = tryParseResourceId(pe.id);
    l.peRg = parsed?.resourceGroup ?? l.peRg;
    l.peName = pe.name;
  } else if (net) {
    const [registryIp, dataIp] = allocateIps(bundle, l.peSubnet.prefix, 2);
    l.registryIp = registryIp ?? '';
    l.dataIp = dataIp ?? '';
    pe = privateEndpointResource(l);
    bundle.arm.push(pe, nicResource(l));
  }
  if (pe) {
    const rp = propsOf(registry);
    const connections = arr(rp.privateEndpointConnections).filter((conn) => find(bundle, str(obj(obj(conn.properties).privateEndpoint).id)) !== undefined);
    if (!connections.some((conn) => sameId(str(obj(obj(conn.properties).privateEndpoint).id), pe.id))) connections.push(registryConnection(l, 'Approved'));
    if (JSON.stringify(connections) !== JSON.stringify(rp.privateEndpointConnections ?? [])) rp.privateEndpointConnections = connections;
  }

  // DNS: the zone in the node resource group, its link to the cluster VNet, the two records.
  let zone = ofType(bundle, 'Microsoft.Network/privateDnsZones').find((z) => z.name.toLowerCase() === 'privatelink.azurecr.io' && inRg(z.id, c.nodeRg));
  if (!zone) {
    zone = zoneResource(l, 1);
    bundle.arm.push(zone);
  }
  const zoneId = zone.id;
  const zl: Layout = { ...l, zoneRg: tryParseResourceId(zoneId)?.resourceGroup ?? l.zoneRg };
  if (net) {
    const link = ofType(bundle, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').find((k) => sameId(parentId(k.id), zoneId) && sameId(str(obj(propsOf(k).virtualNetwork).id), net.vnet.id));
    if (!link) bundle.arm.push(vnetLinkResource(zl));
    else if (propsOf(link).virtualNetworkLinkState !== 'Completed') propsOf(link).virtualNetworkLinkState = 'Completed';
  }
  if (pe) {
    const ips = nicIps(bundle, pe, c.location);
    const names: [string, string | undefined][] = [[regName, ips.registry], [`${regName}.${c.location}.data`, ips.data]];
    for (const [relative, ip] of names) {
      if (!ip) continue;
      const existing = find(bundle, `${zoneId}/A/${relative.toLowerCase()}`);
      if (!existing) bundle.arm.push(aRecordResource({ ...zl, registryIp: ips.registry ?? '', dataIp: ips.data ?? '' }, relative, ip));
      else {
        const current = arr(propsOf(existing).aRecords).map((a) => a.ipv4Address);
        if (current.length !== 1 || current[0] !== ip) propsOf(existing).aRecords = [{ ipv4Address: ip }];
      }
    }
    const hasGroup = bundle.arm.some((r) => r.type.toLowerCase() === 'microsoft.network/privateendpoints/privatednszonegroups' && sameId(parentId(r.id), pe.id));
    if (!hasGroup) upsert(bundle, zoneGroupResource({ ...zl, registryIp: ips.registry ?? '', dataIp: ips.data ?? '' }));
  }
  const zp = propsOf(zone);
  const prefix = idKey(zoneId) + '/a/';
  const sets = 1 + bundle.arm.filter((r) => idKey(r.id).startsWith(prefix)).length;
  if (zp.numberOfRecordSets !== sets) zp.numberOfRecordSets = sets;
  const links = bundle.arm.filter((r) => r.type.toLowerCase() === 'microsoft.network/privatednszones/virtualnetworklinks' && sameId(parentId(r.id), zoneId)).length;
  if (zp.numberOfVirtualNetworkLinks !== links) zp.numberOfVirtualNetworkLinks = links;
}

/** Deleting an endpoint takes its NIC, and the records its zone group wrote, with it. */
function deleteEndpoint(bundle: Bundle, id: string): boolean {
  const pe = find(bundle, id);
  if (!pe) return false;
  for (const nic of arr(propsOf(pe).networkInterfaces)) deleteResource(bundle, str(nic.id) ?? '');
  for (const group of bundle.arm.filter((r) => r.type.toLowerCase() === 'microsoft.network/privateendpoints/privatednszonegroups' && sameId(parentId(r.id), pe.id))) {
    for (const config of arr(propsOf(group).privateDnsZoneConfigs)) {
      const cp = obj(config.properties);
      for (const rs of arr(cp.recordSets)) deleteResource(bundle, `${str(cp.privateDnsZoneId) ?? ''}/A/${(str(rs.recordSetName) ?? '').toLowerCase()}`);
    }
  }
  for (const registry of ofType(bundle, 'Microsoft.ContainerRegistry/registries')) {
    const rp = propsOf(registry);
    const kept = arr(rp.privateEndpointConnections).filter((conn) => !sameId(str(obj(obj(conn.properties).privateEndpoint).id), pe.id));
    if (kept.length !== arr(rp.privateEndpointConnections).length) rp.privateEndpointConnections = kept;
  }
  return deleteResource(bundle, pe.id);
}

/** Deleting a registry deletes its children and leaves its endpoints' connections Disconnected. */
function deleteRegistry(bundle: Bundle, id: string): boolean {
  const registry = find(bundle, id);
  if (!registry) return false;
  deleteResource(bundle, registry.id);
  for (const pe of ofType(bundle, 'Microsoft.Network/privateEndpoints')) {
    for (const conn of endpointConnections(pe)) {
      if (!sameId(connectionTarget(conn), registry.id)) continue;
      const cp = obj(conn.properties);
      cp.privateLinkServiceConnectionState = {
        ...obj(cp.privateLinkServiceConnectionState),
        status: 'Disconnected',
        description: 'The private link service connection was disconnected because the private link resource was deleted.',
      };
      conn.properties = cp;
    }
  }
  return true;
}

function upgradeNodeImage(bundle: Bundle, poolId: string): WriteOutcome {
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
  if (linux) {
    if (profile && profile.nodeImageVersion !== LATEST_NODE_IMAGE) profile.nodeImageVersion = LATEST_NODE_IMAGE;
    if (child && propsOf(child).nodeImageVersion !== LATEST_NODE_IMAGE) propsOf(child).nodeImageVersion = LATEST_NODE_IMAGE;
  }
  const resource: ArmResource = child ?? { id: poolId, name: poolName, type: 'Microsoft.ContainerService/managedClusters/agentPools', properties: { ...profile } };
  return { ok: true, status: 202, resource };
}

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
      return { ok: true, status, resource };
    }
    case 'DELETE': {
      let deleted: boolean;
      if (type === 'microsoft.containerregistry/registries') deleted = deleteRegistry(bundle, req.id);
      else if (type === 'microsoft.network/privateendpoints') deleted = deleteEndpoint(bundle, req.id);
      else deleted = deleteResource(bundle, req.id);
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
