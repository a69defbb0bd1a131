import type { InstanceStatus, ScaleSetInstance } from '../azure/types.js';

/**
 * A node's bootstrap, as its scale set instance view shows it: the `vmssCSE` extension runs
 * AgentBaker's provisioning script, whose exit status says which step failed (`cse_helpers.sh`).
 */

/** What an exit status points at: the words are the check's, keyed by this. */
export type BootstrapCause = 'artifact-pull' | 'imds' | 'registry-unreachable' | 'registry-refused-identity' | 'outbound' | 'api-server-name' | 'other';

/** AgentBaker's exit statuses that matter to a network isolated cluster. */
export const EXIT_CAUSES: Readonly<Record<number, BootstrapCause>> = {
  207: 'artifact-pull', // ERR_ORAS_PULL_K8S_FAIL
  208: 'artifact-pull', // ERR_ORAS_PULL_CREDENTIAL_PROVIDER
  210: 'imds', // ERR_ORAS_IMDS_TIMEOUT
  211: 'registry-unreachable', // ERR_ORAS_PULL_NETWORK_TIMEOUT
  212: 'registry-refused-identity', // ERR_ORAS_PULL_UNAUTHORIZED
  50: 'outbound', // ERR_OUTBOUND_CONN_FAIL
  52: 'api-server-name', // ERR_K8S_API_SERVER_DNS_LOOKUP_FAIL
};

export const CSE_EXTENSION = 'vmssCSE';

export interface BootstrapOutcome {
  state: 'succeeded' | 'failed' | 'pending' | 'unknown';
  exitStatus: number | null;
  cause: BootstrapCause | null;
  /** The status that says so (the extension's, or the VM's when the extension has none). */
  status?: InstanceStatus | undefined;
}

const EXIT_STATUS = /exit status=(\d+)/i;

function exitStatusOf(...texts: (string | undefined)[]): number | null {
  for (const t of texts) {
    const m = t ? EXIT_STATUS.exec(t) : null;
    if (m?.[1]) return Number(m[1]);
  }
  return null;
}

function stateOf(code: string): BootstrapOutcome['state'] {
  const c = code.toLowerCase();
  if (c.startsWith('provisioningstate/succeeded')) return 'succeeded';
  if (c.startsWith('provisioningstate/failed')) return 'failed';
  if (c.startsWith('provisioningstate/')) return 'pending';
  return 'unknown';
}

/** The bootstrap outcome of one instance: its `vmssCSE` status, else the VM's extension failure. */
export function bootstrapOutcome(instance: ScaleSetInstance): BootstrapOutcome {
  const cse = instance.extensions.find((e) => e.name.toLowerCase() === CSE_EXTENSION.toLowerCase());
  const cseStatus = cse?.statuses.find((s) => s.code.toLowerCase().startsWith('provisioningstate/'));
  const vmFailure = instance.statuses.find((s) => s.code.toLowerCase().startsWith('provisioningstate/failed') && (s.message ?? '').includes(CSE_EXTENSION));
  const status = cseStatus ?? vmFailure;
  if (!status) return { state: 'unknown', exitStatus: null, cause: null };
  const state = vmFailure ? 'failed' : stateOf(status.code);
  if (state !== 'failed') return { state, exitStatus: null, cause: null, status };
  const exitStatus = exitStatusOf(cseStatus?.message, vmFailure?.message);
  return { state, exitStatus, cause: exitStatus === null ? 'other' : (EXIT_CAUSES[exitStatus] ?? 'other'), status };
}
