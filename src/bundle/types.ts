/** `aks-netiso/bundle@1`: everything a diagnosis reads, as raw REST / kubectl JSON. */

export const BUNDLE_SCHEMA = 'aks-netiso/bundle@1';

/** A resource exactly as ARM's REST API returns it from a GET. Unknown fields are kept. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** v1 objects as `kubectl get -o json` returns them (the `items`). Kept loosely typed on purpose. */
export type KubeObject = Record<string, unknown> & {
  metadata?: Record<string, unknown> & { name?: string; namespace?: string };
};

export interface BundleKubernetes {
  reachable: boolean;
  /** Why it was unreachable, when captured so. */
  reason?: string;
  nodes?: KubeObject[];
  pods?: KubeObject[];
  events?: KubeObject[];
  /** Reported by `/version`; defaults from the cluster's kubernetesVersion. */
  version?: string;
}

export interface Bundle {
  schema: typeof BUNDLE_SCHEMA;
  description?: string;
  capturedAt?: string;
  /** The managed cluster's id. */
  cluster: string;
  arm: ArmResource[];
  kubernetes: BundleKubernetes;
  [key: string]: unknown;
}
