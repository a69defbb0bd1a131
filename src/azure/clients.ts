/**
 * The five SDK clients, one set per subscription, all on the gateway's pipeline policies. The
 * SDK's own retries are off (`maxRetries: 0`): the transport policy retries within the deadline.
 */
import { ContainerServiceClient, type ContainerServiceClientOptionalParams } from '@azure/arm-containerservice';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/identity';
import type { AdditionalPolicy } from './pipeline.js';

export interface SdkClients {
  containerService(subscriptionId: string): ContainerServiceClient;
  registry(subscriptionId: string): ContainerRegistryManagementClient;
  network(subscriptionId: string): NetworkManagementClient;
  dns(subscriptionId: string): PrivateDnsManagementClient;
  authorization(subscriptionId: string): AuthorizationManagementClient;
  /** The ARM endpoint the clients talk to (raw reads build their URLs on it). */
  readonly endpoint: string;
  /** Options for one more ContainerServiceClient with extra policies (the reconcile preview). */
  modularOptions(extra: AdditionalPolicy[]): ContainerServiceClientOptionalParams;
}

interface PerSubscription {
  containerService?: ContainerServiceClient;
  registry?: ContainerRegistryManagementClient;
  network?: NetworkManagementClient;
  dns?: PrivateDnsManagementClient;
  authorization?: AuthorizationManagementClient;
}

export function createSdkClients(opts: { credential: TokenCredential; endpoint: string; scope: string; policies: AdditionalPolicy[] }): SdkClients {
  const { credential, endpoint, scope, policies } = opts;
  const retryOptions = { maxRetries: 0 };
  const modularOptions = (extra: AdditionalPolicy[] = []): ContainerServiceClientOptionalParams => ({
    endpoint,
    credentials: { scopes: [scope] },
    retryOptions,
    additionalPolicies: [...policies, ...extra],
  });
  // The older clients build URLs from `$host` and ignore `endpoint` for that: set both.
  const classicOptions = { endpoint, $host: endpoint, credentialScopes: [scope], retryOptions, additionalPolicies: policies };
  const bySubscription = new Map<string, PerSubscription>();
  const of = (sub: string): PerSubscription => {
    const key = sub.toLowerCase();
    let c = bySubscription.get(key);
    if (!c) {
      c = {};
      bySubscription.set(key, c);
    }
    return c;
  };
  return {
    containerService: (sub) => (of(sub).containerService ??= new ContainerServiceClient(credential, sub, modularOptions())),
    registry: (sub) => (of(sub).registry ??= new ContainerRegistryManagementClient(credential, sub, modularOptions())),
    network: (sub) => (of(sub).network ??= new NetworkManagementClient(credential, sub, classicOptions)),
    dns: (sub) => (of(sub).dns ??= new PrivateDnsManagementClient(credential, sub, classicOptions)),
    authorization: (sub) => (of(sub).authorization ??= new AuthorizationManagementClient(credential, sub, classicOptions)),
    modularOptions,
    endpoint,
  };
}
