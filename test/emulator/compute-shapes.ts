/**
 * The shapes of the scale set answers the product reads, written here from the fields
 * azure-apis-next.md and field-failure-modes.md name (no Compute definition is vendored under
 * test/fixtures/specs): what `nodes.bootstrap` depends on must be there, typed as ARM sends it.
 */
const status = {
  type: 'object',
  required: ['code'],
  properties: {
    code: { type: 'string' },
    level: { type: 'string', enum: ['Info', 'Warning', 'Error'] },
    displayStatus: { type: 'string' },
    message: { type: 'string' },
    time: { type: 'string', format: 'date-time' },
  },
};

export const COMPUTE_SHAPES = {
  definitions: {
    InstanceViewStatus: status,
    VirtualMachineScaleSet: {
      type: 'object',
      required: ['id', 'name', 'type', 'location', 'tags', 'properties'],
      properties: {
        id: { type: 'string', format: 'arm-id' },
        name: { type: 'string' },
        type: { const: 'Microsoft.Compute/virtualMachineScaleSets' },
        location: { type: 'string' },
        tags: { type: 'object', required: ['aks-managed-poolName'], additionalProperties: { type: 'string' } },
        sku: { type: 'object', properties: { name: { type: 'string' }, tier: { type: 'string' }, capacity: { type: 'integer' } } },
        zones: { type: 'array', items: { type: 'string' } },
        properties: {
          type: 'object',
          required: ['provisioningState'],
          properties: { provisioningState: { type: 'string' }, orchestrationMode: { enum: ['Uniform', 'Flexible'] }, uniqueId: { type: 'string' } },
        },
      },
    },
    VirtualMachineScaleSetListResult: {
      type: 'object',
      required: ['value'],
      properties: { value: { type: 'array', items: { $ref: '#/definitions/VirtualMachineScaleSet' } }, nextLink: { type: 'string' } },
    },
    VirtualMachineScaleSetVM: {
      type: 'object',
      required: ['id', 'name', 'type', 'instanceId', 'properties'],
      properties: {
        id: { type: 'string', format: 'arm-id' },
        name: { type: 'string' },
        type: { const: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines' },
        instanceId: { type: 'string' },
        location: { type: 'string' },
        zones: { type: 'array', items: { type: 'string' } },
        properties: {
          type: 'object',
          required: ['provisioningState'],
          properties: {
            provisioningState: { type: 'string' },
            latestModelApplied: { type: 'boolean' },
            osProfile: { type: 'object', properties: { computerName: { type: 'string' } } },
            instanceView: {
              type: 'object',
              properties: {
                computerName: { type: 'string' },
                statuses: { type: 'array', items: { $ref: '#/definitions/InstanceViewStatus' } },
                extensions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['name'],
                    properties: { name: { type: 'string' }, type: { type: 'string' }, typeHandlerVersion: { type: 'string' }, statuses: { type: 'array', items: { $ref: '#/definitions/InstanceViewStatus' } } },
                  },
                },
              },
            },
          },
        },
      },
    },
    VirtualMachineScaleSetVMListResult: {
      type: 'object',
      required: ['value'],
      properties: { value: { type: 'array', items: { $ref: '#/definitions/VirtualMachineScaleSetVM' } }, nextLink: { type: 'string' } },
    },
  },
} as const;
