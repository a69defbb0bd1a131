/** Scale sets and instances as ARM returns them (`…/virtualMachines?$expand=instanceView`), mapped by the gateway's mappers. */
import { mapScaleSet, mapScaleSetInstance } from '../../src/azure/compute.js';
import type { PoolScaleSet } from '../../src/engine/context.js';
import { SUB } from './fixtures.js';

// ARM writes the node resource group upper-cased and `resourcegroups` in lower case in these ids.
const NODE_RG_ARM = 'MC_RG-CONTOSO_AKS-CONTOSO_EASTUS';

export function rawScaleSet(pool: string, hash = '31415926'): Record<string, unknown> {
  return {
    id: `/subscriptions/${SUB}/resourcegroups/${NODE_RG_ARM}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool}-${hash}-vmss`,
    name: `aks-${pool}-${hash}-vmss`,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: 'eastus',
    tags: { 'aks-managed-poolName': pool, 'aks-managed-orchestrator': 'Kubernetes:1.32.7' },
    sku: { name: 'Standard_D4ds_v5', tier: 'Standard', capacity: 2 },
    properties: { orchestrationMode: 'Uniform', provisioningState: 'Succeeded', uniqueId: '6c1f0d55-2a4b-4e71-9d0e-2b7c4f9a1e30' },
  };
}

export const CSE_OK = {
  code: 'ProvisioningState/succeeded',
  level: 'Info',
  displayStatus: 'Provisioning succeeded',
  message: 'Enable succeeded: \n[stdout]\n{ "ExitCode": "0", "Output": "", "Error": "", "ExecDuration": "37" }\n[stderr]\n',
};

export function cseFailed(exit: number): Record<string, unknown> {
  return {
    code: 'ProvisioningState/failed/1',
    level: 'Error',
    displayStatus: 'Provisioning failed',
    message: `Enable failed: failed to execute command: command terminated with exit status=${exit}\n[stdout]\n{ "ExitCode": "${exit}", "Output": "", "Error": "", "ExecDuration": "301" }\n[stderr]\n`,
  };
}

export function vmExtensionError(exit: number): Record<string, unknown> {
  return {
    code: 'ProvisioningState/failed/VMExtensionProvisioningError',
    level: 'Error',
    displayStatus: 'Provisioning failed',
    message: `VM has reported a failure when processing extension 'vmssCSE' (publisher 'Microsoft.Azure.Extensions' and type 'CustomScript'). Error message: 'Enable failed: failed to execute command: command terminated with exit status=${exit}'. More information on troubleshooting is available at https://aka.ms/VMExtensionCSELinuxTroubleshoot.`,
    time: '2026-11-20T09:14:02.1187332+00:00',
  };
}

export function rawInstance(pool: string, index: number, cse: Record<string, unknown> | undefined, vmStatuses: Record<string, unknown>[] = [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' }], hash = '31415926'): Record<string, unknown> {
  const vmss = `aks-${pool}-${hash}-vmss`;
  const computerName = `${vmss}${String(index).padStart(6, '0')}`;
  return {
    id: `/subscriptions/${SUB}/resourcegroups/${NODE_RG_ARM}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}/virtualMachines/${index}`,
    name: `${vmss}_${index}`,
    instanceId: String(index),
    type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
    properties: {
      provisioningState: cse && String(cse['code']).includes('failed') ? 'Failed' : 'Succeeded',
      osProfile: { computerName, adminUsername: 'azureuser' },
      instanceView: {
        computerName,
        extensions: [
          ...(cse ? [{ name: 'vmssCSE', type: 'Microsoft.Azure.Extensions.CustomScript', typeHandlerVersion: '2.1.10', statuses: [cse] }] : []),
          { name: 'AKSLinuxBilling', type: 'Microsoft.AKS.Compute.AKS.Linux.Billing', statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info' }] },
        ],
        statuses: [...vmStatuses, { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' }],
      },
    },
  };
}

export function poolScaleSet(pool: string, instances: Record<string, unknown>[]): PoolScaleSet {
  return { scaleSet: mapScaleSet(rawScaleSet(pool)), instances: instances.map(mapScaleSetInstance) };
}

/** Two pools whose instances all bootstrapped. */
export function healthyScaleSets(): PoolScaleSet[] {
  return ['system', 'user1'].map((p) => poolScaleSet(p, [rawInstance(p, 0, CSE_OK), rawInstance(p, 1, CSE_OK)]));
}
