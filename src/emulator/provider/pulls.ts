import type { Bundle, KubeObject } from '../../bundle/types.js';
import { MCR_SOURCE, MCR_TARGET, fullReference, hex } from '../fixtures/ids.js';
import { cacheRulesOf, clusterView, currentRegistryId, loginServerOf, registryPathHealthy } from './cluster-view.js';
import { arr, obj, str, type Json } from './store.js';

/** Pulls: which failing image pulls would now work, and healing the pods whose pulls would. */


/** Glob on repository paths as ACR cache rules use them (`docker.io/library/*`, exact names). */
function globMatches(glob: string, value: string): boolean {
  const re = new RegExp('^' + glob.toLowerCase().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value.toLowerCase());
}

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
