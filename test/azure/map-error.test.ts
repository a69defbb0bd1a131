import { describe, expect, it } from 'vitest';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { AggregateAuthenticationError, AuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { AzureError } from '../../src/azure/errors.js';
import { toAzureError } from '../../src/azure/map-error.js';

const URL_ = 'https://management.azure.com/subscriptions/3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr?api-version=2025-04-01';

function restError(status: number, body: { code: string; message: string }, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: URL_, method: 'GET' });
  const bodyAsText = JSON.stringify({ error: body });
  return new RestError(body.message, {
    code: body.code,
    statusCode: status,
    request,
    response: { status, request, headers: createHttpHeaders({ 'x-ms-request-id': 'b1c2d3e4-0000-4000-8000-000000000001', ...headers }), bodyAsText },
  });
}

describe('toAzureError', () => {
  it.each([
    [404, 'ResourceNotFound', "The Resource 'Microsoft.ContainerRegistry/registries/acr' under resource group 'rg' was not found.", 'notFound'],
    [401, 'InvalidAuthenticationToken', 'The access token is invalid.', 'authentication'],
    [409, 'OperationNotAllowed', 'Operation is not allowed because there\'s an in progress update managed cluster operation', 'conflict'],
    [429, 'TooManyRequests', 'The request is being throttled.', 'throttled'],
    [500, 'InternalServerError', 'Encountered internal server error.', 'transient'],
    [503, 'ServiceUnavailable', 'The service is temporarily unavailable.', 'transient'],
    [400, 'InvalidParameter', 'Invalid value for sourceRepository.', 'badRequest'],
    [412, 'PreconditionFailed', 'The etag does not match.', 'other'],
  ] as const)('%i %s → %s, keeping the request id', (status, code, message, kind) => {
    const e = toAzureError(restError(status, { code, message }), { resourceId: '/subscriptions/x' });
    expect(e).toBeInstanceOf(AzureError);
    expect(e.kind).toBe(kind);
    expect(e.statusCode).toBe(status);
    expect(e.code).toBe(code);
    expect(e.requestId).toBe('b1c2d3e4-0000-4000-8000-000000000001');
    expect(e.resourceId).toBe('/subscriptions/x');
    expect(e.operation).toContain('GET /subscriptions/');
  });

  it('names the permission of a 403 AuthorizationFailed', () => {
    const e = toAzureError(restError(403, {
      code: 'AuthorizationFailed',
      message: "The client 'dana@contoso.example' with object id '5d2a8e1f-3c7b-4a9e-b6d4-2f1c8e7a3b95' does not have authorization to perform action 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/read' over scope '/subscriptions/3f2b/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io' or the scope is invalid. If access was recently granted, please refresh your credentials.",
    }));
    expect(e.kind).toBe('forbidden');
    expect(e.action).toBe('Microsoft.Network/privateDnsZones/virtualNetworkLinks/read');
    expect(e.describe()).toBe('permission denied: the signed-in identity lacks Microsoft.Network/privateDnsZones/virtualNetworkLinks/read (request id b1c2d3e4-0000-4000-8000-000000000001)');
  });

  it('maps connection failures to unreachable', () => {
    const request = createPipelineRequest({ url: URL_, method: 'GET' });
    const refused = new RestError('connect ECONNREFUSED 127.0.0.1:443', { code: 'REQUEST_SEND_ERROR', request });
    (refused as RestError & { cause?: unknown }).cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toAzureError(refused)).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
    expect(toAzureError(Object.assign(new Error('getaddrinfo ENOTFOUND management.azure.com'), { code: 'ENOTFOUND' }))).toMatchObject({ kind: 'unreachable' });
    expect(toAzureError(new RestError('socket hang up', { code: 'REQUEST_SEND_ERROR', request }))).toMatchObject({ kind: 'unreachable' });
    expect(toAzureError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).message).toContain('--ca-file');
  });

  it('tells the user how to sign in when no credential works', () => {
    const unavailable = toAzureError(new CredentialUnavailableError('DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\tEnvironmentCredential: ...'));
    expect(unavailable.kind).toBe('authentication');
    expect(unavailable.message).toContain("az login");
    expect(unavailable.message).toContain('--access-token');
    expect(unavailable.message).not.toContain('\n');
    const failed = toAzureError(new AuthenticationError(400, { error: 'invalid_grant', error_description: 'AADSTS70043: The refresh token has expired.' }));
    expect(failed.kind).toBe('authentication');
  });

  it('explains what DefaultAzureCredential tried when the whole chain fails (not "ChainedTokenCredential authentication failed.")', () => {
    const chain = new AggregateAuthenticationError(
      [
        new CredentialUnavailableError('EnvironmentCredential is unavailable. No underlying credential could be used.'),
        new CredentialUnavailableError('ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.'),
        new CredentialUnavailableError('Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using \'az login\'.'),
      ],
      'ChainedTokenCredential authentication failed.',
    );
    const e = toAzureError(chain, { operation: 'managedClusters.get' });
    expect(e.kind).toBe('authentication');
    expect(e.describe()).toBe(
      "sign-in failed: no usable Azure sign-in: DefaultAzureCredential found none (environment variables, workload or managed identity, Azure CLI, Azure Developer CLI, PowerShell). Run 'az login' or pass --access-token",
    );
    // Said once, even when the message already names the fix.
    expect(toAzureError(new CredentialUnavailableError('x')).describe().match(/az login/g)).toHaveLength(1);
  });

  it('passes AzureErrors through and fills in missing context', () => {
    const original = new AzureError({ kind: 'refusedHost', message: 'refused' });
    expect(toAzureError(original)).toBe(original);
    expect(toAzureError(original, { resourceId: '/subscriptions/x' }).resourceId).toBe('/subscriptions/x');
  });
});
