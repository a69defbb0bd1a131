import type { Bundle } from '../../bundle/types.js';
import {
  BYO_LAYOUT as L, acrPullAssignment, cacheRuleResource, clusterProps, credentialSetResource, findArm, healthyByo, loginServer,
  props, pullError, registryId, registryRoleAssignment, write,
} from './build.js';
import { addNginxWorkload } from './byo.js';
import { failWorkload } from './common.js';
import type { Scenario } from './types.js';
import type { CredentialSetOptions } from '../fixtures/registry.js';

/*
 * Who may pull and what the registry caches, as real estates have them: ABAC registries,
 * a policy that turns authentication-as-ARM off, Docker Hub images still named at Docker Hub,
 * credential sets, and Cache with open egress.
 */

const ACR = loginServer(L.registryName);
const REPOSITORY_READER = 'b93aa761-3e63-49ed-ac28-beffa264f7ac';
export const DOCKERHUB_CREDENTIAL_SET = 'dockerhub-creds';

function abacRegistry(b: Bundle): void {
  props(findArm(b, registryId(L))).roleAssignmentMode = 'AbacRepositoryPermissions';
}

/** The customer's app images through their registry fail with the given error (both shop workloads). */
function failShop(b: Bundle, error: (image: string) => string): void {
  failWorkload(b, 'shop', 'storefront-', 'storefront', error);
  failWorkload(b, 'shop', 'orders-', 'wait-for-config', error, { sinceMinutes: 37 });
}

/** A Docker Hub rule with its credential set: what ACR requires for docker.io. */
function dockerHubRule(b: Bundle, source: string, target: string, health?: CredentialSetOptions['health']): void {
  const set = credentialSetResource(L, DOCKERHUB_CREDENTIAL_SET, health ? { health } : {});
  b.arm.push(set);
  const rule = cacheRuleResource(L, 'dockerhub-library', source, target);
  props(rule).credentialSetResourceId = set.id;
  b.arm.push(rule);
}

export const REGISTRY_ACCESS_SCENARIOS: Scenario[] = [
  {
    name: 'abac-registry-healthy',
    description: 'Healthy BYO registry in ABAC mode: the kubelet identity holds Container Registry Repository Reader (AcrPull is ignored there)',
    build: () => {
      const b = healthyByo('BYO registry with roleAssignmentMode AbacRepositoryPermissions; kubelet identity has Container Registry Repository Reader');
      abacRegistry(b);
      write(b, 'DELETE', acrPullAssignment(L).id);
      b.arm.push(registryRoleAssignment(L, REPOSITORY_READER));
      return b;
    },
    rootCauses: [],
  },
  {
    name: 'abac-registry-acrpull-only',
    description: 'BYO registry in ABAC mode, kubelet identity holds only AcrPull, which such registries ignore: pulls get 401',
    build: () => {
      const b = healthyByo('BYO registry with roleAssignmentMode AbacRepositoryPermissions; kubelet identity has AcrPull only');
      abacRegistry(b);
      failShop(b, (image) => pullError.token401(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.configuration', remediation: 'grant-acr-pull' }],
  },
  {
    name: 'auth-as-arm-disabled',
    description: 'An Azure Policy disabled authentication-as-ARM on the BYO registry: the nodes cannot sign in and pulls get 401',
    build: () => {
      const b = healthyByo('BYO registry with policies.azureADAuthenticationAsArmPolicy.status disabled (Azure Policy Modify effect)');
      const policies = props(findArm(b, registryId(L))).policies as Record<string, unknown>;
      policies.azureADAuthenticationAsArmPolicy = { status: 'disabled' };
      failShop(b, (image) => pullError.token401(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.configuration', remediation: 'enable-authentication-as-arm' }],
  },
  {
    name: 'dockerhub-direct-reference-with-rule',
    description: 'A cache rule (with its credential set) caches Docker Hub nginx, but the workload still names nginx:1.27: only MCR is mirrored on the nodes',
    build: () => {
      const b = healthyByo('docker.io/library/* cached by a rule with a healthy credential set; workload image written nginx:1.27');
      dockerHubRule(b, 'docker.io/library/*', 'dockerhub/*');
      addNginxWorkload(b);
      failWorkload(b, 'shop', 'web-', 'nginx', (image) => pullError.directTimeout(image), { sinceMinutes: 47 });
      return b;
    },
    rootCauses: [{ checkId: 'pods.uncached-registries', remediation: 'use-cached-image-reference' }],
  },
  {
    name: 'uncached-upstream-no-rule',
    description: 'A workload pulls docker.io/grafana/grafana, which no cache rule covers; a Docker Hub rule needs a credential set',
    build: () => {
      const b = healthyByo('workload image from Docker Hub without a cache rule or credential set');
      addNginxWorkload(b, 'docker.io/grafana/grafana:11.3.0', 'grafana');
      failWorkload(b, 'shop', 'grafana-', 'nginx', (image) => pullError.directTimeout(image), { sinceMinutes: 33 });
      return b;
    },
    rootCauses: [{ checkId: 'pods.uncached-registries', remediation: 'create-cache-rule' }],
    // The rule (with the credential set the plan names) is created; the workload must still change its reference.
    fix: {
      remediation: 'create-cache-rule',
      options: { source: 'docker.io/grafana/grafana', target: 'grafana/grafana', ruleName: 'dockerhub-grafana-grafana' },
      healthyAfter: false,
    },
  },
  {
    name: 'credential-set-unhealthy',
    description: "The Docker Hub cache rule's credential set is Unhealthy (its identity cannot read the Key Vault secret): cached Docker Hub images fail",
    build: () => {
      const b = healthyByo('cache rule docker.io/library/* → dockerhub/* whose credential set reports Unhealthy');
      dockerHubRule(b, 'docker.io/library/*', 'dockerhub/*', {
        status: 'Unhealthy',
        errorCode: 'KeyVaultAccessDenied',
        errorMessage: "The credential set's identity is not authorized to get the secret dockerhub-creds-password from Key Vault contoso-kv",
      });
      addNginxWorkload(b, `${ACR}/dockerhub/nginx:1.27`, 'web');
      failWorkload(b, 'shop', 'web-', 'nginx', (image) => pullError.notFound(image), { sinceMinutes: 21 });
      return b;
    },
    rootCauses: [{ checkId: 'registry.credential-sets', remediation: 'repair-credential-set' }],
  },
  {
    name: 'cache-only-egress-healthy',
    description: 'Healthy cluster pulling through the cache (artifactSource Cache) with load balancer egress: not isolated, the registry chain still judged',
    build: () => {
      const b = healthyByo('artifactSource Cache with outboundType loadBalancer (migration to network isolation)');
      (clusterProps(b).networkProfile as Record<string, unknown>).outboundType = 'loadBalancer';
      return b;
    },
    rootCauses: [],
  },
];
