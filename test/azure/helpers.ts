import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { AzureError } from '../../src/azure/errors.js';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { parseBundle } from '../../src/bundle/validate.js';
import type { Bundle } from '../../src/bundle/types.js';
import { createAzureGateway, type AzureGatewayOptions } from '../../src/azure/gateway.js';
import type { AzureGateway } from '../../src/azure/ports.js';

export const SUB = '3f2b8c9e-5d41-4a7b-9c2e-6a1d0e8f7b34';
export const RG = 'rg-netiso-prod';
export const NODE_RG = 'MC_rg-netiso-prod_aks-iso-prod_eastus2';
export const ACR_NAME = 'aksbootstrapacr7f3c9a';
export const IDS = {
  cluster: `/subscriptions/${SUB}/resourcegroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-iso-prod`,
  registry: `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries/${ACR_NAME}`,
  byoRegistry: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/contosoimages`,
  endpoint: `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/privateEndpoints/bootstrap-pe-${ACR_NAME}`,
  nic: `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Network/networkInterfaces/bootstrap-pe-${ACR_NAME}.nic.5c2e41d7-0a8b-4f36-b1e9-9d4c7a2f6e10`,
  vnet: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet-aks-iso`,
  zone: `/subscriptions/${SUB}/resourceGroups/${NODE_RG.toLowerCase()}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`,
};

const FIXTURE = new URL('../fixtures/azure-gateway-bundle.json', import.meta.url);

export function fixtureBundle(mutate?: (b: Bundle) => void): Bundle {
  const b = parseBundle(readFileSync(FIXTURE, 'utf8'), 'azure-gateway-bundle.json');
  mutate?.(b);
  return b;
}

export function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl`;
}

/** A test credential that answers per scope, the way Entra ID issues one token per audience. */
export class ScopedTestCredential implements TokenCredential {
  readonly scopesAsked: string[] = [];
  constructor(private readonly upn = 'ops.engineer@contoso.example') {}

  getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? (scopes[0] ?? '') : scopes;
    this.scopesAsked.push(scope);
    const aud = scope.replace(/\/\.default$/, '');
    const exp = Math.floor(Date.now() / 1000) + 3600;
    return Promise.resolve({ token: jwt({ aud, upn: this.upn, oid: '5d2a8e1f-3c7b-4a9e-b6d4-2f1c8e7a3b95', exp }), expiresOnTimestamp: exp * 1000 });
  }
}

export function testGateway(emulator: { url: string; caPem: string }, extra: Partial<AzureGatewayOptions> = {}): AzureGateway {
  return createAzureGateway({
    credential: new ScopedTestCredential(),
    armEndpoint: emulator.url,
    caPem: emulator.caPem,
    lroPollIntervalMs: 10,
    retry: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    ...extra,
  });
}

/** The AzureError a promise rejects with (fails the test when it resolves or throws something else). */
export async function rejection(p: Promise<unknown>): Promise<AzureError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AzureError);
    return e as AzureError;
  }
  throw new Error('expected a rejection');
}
