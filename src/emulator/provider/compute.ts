import type { Bundle } from '../../bundle/types.js';

/**
 * A node image upgrade reimages every instance of the pool's scale set: AgentBaker runs again
 * and, the cause being gone, `vmssCSE` succeeds. (The emulator does not re-derive the exit
 * status from the registry chain: an upgrade is what reprovisions the failed instances.)
 */
export function reprovisionScaleSet(bundle: Bundle, poolName: string, now: string): void {
  const pool = poolName.toLowerCase();
  const poolOf = (tags: unknown): string => {
    const v = (tags as Record<string, unknown> | undefined)?.['aks-managed-poolName'];
    return typeof v === 'string' ? v.toLowerCase() : '';
  };
  const sets = bundle.arm.filter((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets' && poolOf(r.tags) === pool);
  for (const set of sets) {
    if (set.properties && set.properties.provisioningState !== 'Succeeded') set.properties.provisioningState = 'Succeeded';
    const prefix = `${set.id.toLowerCase()}/virtualmachines/`;
    for (const vm of bundle.arm.filter((r) => r.id.toLowerCase().startsWith(prefix))) {
      const p = vm.properties ?? {};
      // Instances that joined are reimaged too, but nothing the diagnosis reads changes for them.
      if (p.provisioningState === 'Succeeded') continue;
      p.provisioningState = 'Succeeded';
      const view = (p.instanceView ?? {}) as { extensions?: { name?: string; statuses?: unknown[] }[]; statuses?: unknown[] };
      for (const e of view.extensions ?? []) {
        if (e.name === 'vmssCSE') e.statuses = [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', message: 'Enable succeeded: \n[stdout]\n{ "ExitCode": "0", "Output": "", "Error": "", "ExecDuration": "41" }\n[stderr]\n' }];
      }
      view.statuses = [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: now }, { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' }];
    }
  }
}
