import { describe, expect, it } from 'vitest';
import { CLOUD_NAMES, resolveArmEndpoint } from '../../src/azure/clouds.js';

describe('resolveArmEndpoint', () => {
  it.each([
    [{}, { endpoint: 'https://management.azure.com', scope: 'https://management.azure.com/.default', cloud: 'AzureCloud' }],
    [{ cloud: 'AzureCloud' }, { endpoint: 'https://management.azure.com', scope: 'https://management.azure.com/.default', cloud: 'AzureCloud' }],
    [{ cloud: 'azureusgovernment' }, { endpoint: 'https://management.usgovcloudapi.net', scope: 'https://management.core.usgovcloudapi.net/.default', cloud: 'AzureUSGovernment' }],
    [{ cloud: 'AzureChinaCloud' }, { endpoint: 'https://management.chinacloudapi.cn', scope: 'https://management.core.chinacloudapi.cn/.default', cloud: 'AzureChinaCloud' }],
    [{ armEndpoint: 'https://127.0.0.1:44321/' }, { endpoint: 'https://127.0.0.1:44321', scope: 'https://127.0.0.1:44321/.default', cloud: 'custom' }],
    [{ armEndpoint: ' https://management.local.azurestack.external ' }, { endpoint: 'https://management.local.azurestack.external', scope: 'https://management.local.azurestack.external/.default', cloud: 'custom' }],
  ])('%j → %j', (input, expected) => {
    expect(resolveArmEndpoint(input)).toEqual(expected);
  });

  it.each([
    [{ cloud: 'AzureGermanCloud' }, /unknown cloud "AzureGermanCloud": use one of AzureCloud, AzureUSGovernment, AzureChinaCloud/],
    [{ armEndpoint: 'management.azure.com' }, /is not a URL/],
    [{ armEndpoint: 'http://127.0.0.1:8080' }, /must use https/],
    [{ armEndpoint: 'https://management.azure.com/subscriptions' }, /just a scheme and host/],
    [{ cloud: 'Mars', armEndpoint: 'https://127.0.0.1:1' }, /unknown cloud/],
  ])('%j fails with one clear line', (input, message) => {
    let error: unknown;
    try {
      resolveArmEndpoint(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('lists the three clouds', () => {
    expect(CLOUD_NAMES).toEqual(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']);
  });
});
