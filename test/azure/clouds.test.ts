import { describe, expect, it } from 'vitest';
import { CLOUD_NAMES, resolveArmEndpoint } from '../../src/azure/clouds.js';
import { authorityHostFor } from '../../src/azure/credentials.js';

describe('resolveArmEndpoint', () => {
  it.each([
    [{}, { endpoint: 'https://management.azure.com', scope: 'https://management.azure.com/.default', cloud: 'AzureCloud', authorityHost: 'https://login.microsoftonline.com' }],
    [{ cloud: 'AzureCloud' }, { endpoint: 'https://management.azure.com', scope: 'https://management.azure.com/.default', cloud: 'AzureCloud', authorityHost: 'https://login.microsoftonline.com' }],
    [{ cloud: 'azureusgovernment' }, { endpoint: 'https://management.usgovcloudapi.net', scope: 'https://management.core.usgovcloudapi.net/.default', cloud: 'AzureUSGovernment', authorityHost: 'https://login.microsoftonline.us' }],
    [{ cloud: 'AzureChinaCloud' }, { endpoint: 'https://management.chinacloudapi.cn', scope: 'https://management.core.chinacloudapi.cn/.default', cloud: 'AzureChinaCloud', authorityHost: 'https://login.chinacloudapi.cn' }],
    [{ armEndpoint: 'https://127.0.0.1:44321/' }, { endpoint: 'https://127.0.0.1:44321', scope: 'https://127.0.0.1:44321/.default', cloud: 'custom' }],
    [{ armEndpoint: ' https://management.local.azurestack.external ' }, { endpoint: 'https://management.local.azurestack.external', scope: 'https://management.local.azurestack.external/.default', cloud: 'custom' }],
    [{ cloud: 'AzureUSGovernment', armEndpoint: 'https://arm.proxy.contoso.us' }, { endpoint: 'https://arm.proxy.contoso.us', scope: 'https://arm.proxy.contoso.us/.default', cloud: 'AzureUSGovernment', authorityHost: 'https://login.microsoftonline.us' }],
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

describe('authorityHostFor (where DefaultAzureCredential signs in)', () => {
  it.each([
    ['the named cloud host', 'https://login.microsoftonline.us', {}, 'https://login.microsoftonline.us'],
    ['AZURE_AUTHORITY_HOST set: identity reads it itself', 'https://login.microsoftonline.us', { AZURE_AUTHORITY_HOST: 'https://login.contoso.example' }, undefined],
    ['a blank AZURE_AUTHORITY_HOST is ignored', 'https://login.chinacloudapi.cn', { AZURE_AUTHORITY_HOST: ' ' }, 'https://login.chinacloudapi.cn'],
    ['an explicit endpoint without --cloud: identity decides', undefined, {}, undefined],
  ])('%s', (_label, cloudHost, env, expected) => {
    expect(authorityHostFor(cloudHost, env as NodeJS.ProcessEnv)).toBe(expected);
  });
});
