import type { Bundle } from '../bundle/types.js';
import { findResource } from './arm.js';

/**
 * The discovery documents of the emulated API server: what kubectl reads before any `get` to
 * learn that `nodes`, `pods` and `events` exist, which are namespaced and which verbs they take.
 * Only the legacy (`/api`, `/api/v1`, `/apis`) form is served: a client that asks for aggregated
 * discovery (`as=APIGroupDiscoveryList`) also accepts plain JSON and falls back, as it does
 * against any API server older than 1.26.
 */

/** The resources served, in the order kube-apiserver lists them, with their real short names. */
export const SERVED_RESOURCES = [
  { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', shortNames: ['ev'] },
  { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', shortNames: ['no'] },
  { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'] },
] as const;

export type ServedResource = (typeof SERVED_RESOURCES)[number]['name'];

export function isServedResource(name: string | undefined): name is ServedResource {
  return SERVED_RESOURCES.some((r) => r.name === name);
}

export function kindOf(resource: ServedResource): string {
  return SERVED_RESOURCES.find((r) => r.name === resource)?.kind ?? '';
}

/** The verbs the emulator really answers: advertising more would invite writes it refuses. */
const VERBS = ['get', 'list'];

/**
 * `coordination.k8s.io`: only the node leases `kubectl describe node` reads (its Lease section),
 * derived from each node's heartbeat.
 */
const LEASE_GROUP = {
  name: 'coordination.k8s.io',
  versions: [{ groupVersion: 'coordination.k8s.io/v1', version: 'v1' }],
  preferredVersion: { groupVersion: 'coordination.k8s.io/v1', version: 'v1' },
};

export function kubeVersion(bundle: Bundle): string {
  if (bundle.kubernetes.version) return bundle.kubernetes.version.startsWith('v') ? bundle.kubernetes.version : `v${bundle.kubernetes.version}`;
  const props = findResource(bundle, bundle.cluster)?.properties ?? {};
  const v = props['currentKubernetesVersion'] ?? props['kubernetesVersion'];
  const text = typeof v === 'string' && v ? v : '1.31.2';
  const full = /^\d+\.\d+$/.test(text) ? `${text}.0` : text;
  return `v${full}`;
}

/** The body of a discovery path (`/version`, `/api`, `/api/v1`, `/apis`), or undefined for any other path. */
export function discoveryDocument(bundle: Bundle, path: string): unknown {
  switch (path.replace(/\/+$/, '')) {
    case '/version': {
      const gitVersion = kubeVersion(bundle);
      const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
      return {
        major: m?.[1] ?? '1', minor: m?.[2] ?? '31', gitVersion, gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean', buildDate: '2026-10-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
      };
    }
    case '/api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.224.0.4:443' }] };
    case '/api/v1':
      return {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: SERVED_RESOURCES.map((r) => ({ ...r, shortNames: [...r.shortNames], ...('categories' in r ? { categories: [...r.categories] } : {}), verbs: [...VERBS] })),
      };
    case '/apis':
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: [LEASE_GROUP] };
    case '/apis/coordination.k8s.io':
      return { kind: 'APIGroup', apiVersion: 'v1', ...LEASE_GROUP };
    case '/apis/coordination.k8s.io/v1':
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'coordination.k8s.io/v1',
        resources: [{ name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease', verbs: ['get'] }],
      };
    default:
      return undefined;
  }
}
