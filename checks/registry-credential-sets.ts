import type { CacheRule, Registry } from '../src/azure/types.js';
import type { Evidence, FindingFacets, CredentialSetRepair } from '../src/core/report.js';
import type { RegistryCredentialSet } from '../src/domain/facts.js';
import { idKey } from '../src/azure/resource-id.js';
import { defineCheck, type FindingOf } from '../src/engine/check.js';

export interface RegistryCredentialSetsGathered {
  registry: Registry | undefined;
  rules: CacheRule[];
  credentialSets: RegistryCredentialSet[];
}

export interface RegistryCredentialSetsData extends FindingFacets {
  credentialSetRepairs?: CredentialSetRepair[] | undefined;
}

type Broken = { rule: string; upstream: string; credentialSet: string; errorCode: string | null; errorMessage: string | null; missing: boolean };

function brokenWords(b: Broken): string {
  if (b.missing) return `cache rule ${b.rule} (${b.upstream}) names credential set ${b.credentialSet}, which does not exist`;
  const error = [b.errorCode, b.errorMessage].filter((x) => x).join(': ');
  return `cache rule ${b.rule} (${b.upstream}) signs in with credential set ${b.credentialSet}, which is unhealthy${error ? ` (${error})` : ''}`;
}

export const registryCredentialSetsMessages = {
  'registry.credential-sets/no-registry': () => 'no registry to inspect',
  'registry.credential-sets/none': () => 'no cache rule signs in to its upstream with a credential set',
  'registry.credential-sets/healthy': (p: { credentialSets: string[] }) => `every credential set the cache rules use is Healthy (${p.credentialSets.join(', ')})`,
  'registry.credential-sets/unhealthy': (p: { broken: Broken[] }) =>
    `${p.broken.map(brokenWords).join('; ')}: the registry cannot sign in upstream, so pulls of those rules' images fail`,
};

export type RegistryCredentialSetsFinding = FindingOf<typeof registryCredentialSetsMessages, RegistryCredentialSetsData>;

const isHealthy = (status: string | undefined): boolean => (status ?? '').toLowerCase() === 'healthy';

export function judgeRegistryCredentialSets({ registry, rules, credentialSets }: RegistryCredentialSetsGathered): RegistryCredentialSetsFinding {
  if (!registry) return { status: 'skip', code: 'registry.credential-sets/no-registry', params: {}, evidence: [], remediations: [] };
  const using = rules.filter((r) => r.credentialSetResourceId);
  const data: RegistryCredentialSetsData = { registryId: registry.id };
  if (using.length === 0) return { status: 'pass', code: 'registry.credential-sets/none', params: {}, evidence: [], remediations: [], data };
  const byId = new Map(credentialSets.map((c) => [idKey(c.id), c.credentialSet]));
  const broken: Broken[] = [];
  const repairs: CredentialSetRepair[] = [];
  const evidence: Evidence[] = [];
  const healthy = new Set<string>();
  for (const rule of using) {
    const id = rule.credentialSetResourceId as string;
    const set = byId.get(idKey(id));
    const upstream = rule.sourceRepository ?? '(no source)';
    const name = set?.name ?? id.split('/').pop() ?? id;
    if (!set) {
      broken.push({ rule: rule.name, upstream, credentialSet: name, errorCode: null, errorMessage: null, missing: true });
      repairs.push({ rule: rule.name, sourceRepository: rule.sourceRepository, credentialSetId: id, exists: false });
      evidence.push({ resourceId: rule.id, field: 'credentialSetResourceId', expected: 'an existing credential set', actual: `${id} (not found)` });
      continue;
    }
    const creds = set.authCredentials;
    const bad = creds.find((c) => !isHealthy(c.healthStatus));
    for (const c of creds) {
      evidence.push({ resourceId: set.id, field: `authCredentials[${c.name ?? '?'}].credentialHealth.status`, expected: 'Healthy', actual: c.healthStatus ?? '(not reported)' });
    }
    if (creds.length === 0 || bad) {
      broken.push({ rule: rule.name, upstream, credentialSet: set.name, errorCode: bad?.errorCode ?? null, errorMessage: bad?.errorMessage ?? (creds.length === 0 ? 'no credentials' : null), missing: false });
      repairs.push({
        rule: rule.name, sourceRepository: rule.sourceRepository, credentialSetId: set.id, exists: true, loginServer: set.loginServer,
        identityPrincipalId: set.identityPrincipalId, usernameSecretIdentifier: bad?.usernameSecretIdentifier ?? creds[0]?.usernameSecretIdentifier,
        passwordSecretIdentifier: bad?.passwordSecretIdentifier ?? creds[0]?.passwordSecretIdentifier, errorCode: bad?.errorCode, errorMessage: bad?.errorMessage,
      });
    } else healthy.add(set.name);
  }
  if (broken.length === 0) return { status: 'pass', code: 'registry.credential-sets/healthy', params: { credentialSets: [...healthy] }, evidence, remediations: [], data };
  return { status: 'fail', code: 'registry.credential-sets/unhealthy', params: { broken }, evidence, remediations: ['repair-credential-set'], data: { ...data, credentialSetRepairs: repairs } };
}

export const registryCredentialSetsCheck = defineCheck({
  id: 'registry.credential-sets',
  title: 'The cache rules\' credential sets exist and are healthy',
  dependsOn: ['registry.exists'],
  guideIssue: { any: 1 },
  historyOperations: ['Microsoft.ContainerRegistry/registries/credentialSets/delete', 'Microsoft.ContainerRegistry/registries/credentialSets/write'],
  causePhrase: { any: 'a cache rule cannot sign in to its upstream registry: its credential set is missing or unhealthy' },
  verifies: ['repair-credential-set'],
  rootCause: { chain: 'registry' },
  messages: registryCredentialSetsMessages,
  async gather(ctx): Promise<RegistryCredentialSetsGathered> {
    const [lookup, rules, credentialSets] = await Promise.all([ctx.registry(), ctx.cacheRules(), ctx.credentialSets()]);
    return { registry: lookup.registry, rules, credentialSets };
  },
  judge: judgeRegistryCredentialSets,
});
