import type { Registry } from '../src/azure/types.js';
import { defineCheck } from '../src/engine/check.js';
import type { FoundZone } from '../src/engine/context.js';
import type { Finding, RegistryMode } from '../src/engine/types.js';
import { chainRemediation } from '../src/domain/remediation-choice.js';

export const ACR_PRIVATE_ZONE = 'privatelink.azurecr.io';

export interface DnsZoneGathered {
  mode: RegistryMode;
  registry: Registry | undefined;
  zones: FoundZone[];
}

const VIA_WORDS: Record<FoundZone['foundVia'][number], string> = {
  nodeResourceGroup: 'the node resource group',
  clusterResourceGroup: "the cluster's resource group",
  subscription: 'the subscription',
  zoneGroup: "the endpoint's DNS zone group",
};

export function judgeDnsZone({ mode, registry, zones }: DnsZoneGathered): Finding {
  const data = { registryId: registry?.id, zoneIds: zones.map((z) => z.zone.id) };
  if (zones.length === 0) {
    return {
      status: 'fail',
      summary: `no private DNS zone ${ACR_PRIVATE_ZONE} found (node resource group, cluster resource group, subscription, endpoint zone groups): the registry name resolves to its public address`,
      evidence: [{ field: 'privateDnsZones', expected: ACR_PRIVATE_ZONE, actual: 'not found' }],
      remediations: chainRemediation(mode, 'repair-private-dns'),
      data,
    };
  }
  const evidence = zones.map((z) => ({ resourceId: z.zone.id, field: 'name', expected: ACR_PRIVATE_ZONE, actual: `${z.zone.name} (in ${z.foundVia.map((v) => VIA_WORDS[v]).join(', ')})` }));
  const first = zones[0] as FoundZone;
  const where = `${first.zone.resourceGroup}${zones.length > 1 ? ` and ${zones.length - 1} more` : ''}`;
  return { status: 'pass', summary: `private DNS zone ${ACR_PRIVATE_ZONE} exists in ${where}`, evidence, remediations: [], data };
}

export const dnsZoneCheck = defineCheck<DnsZoneGathered>({
  id: 'dns.zone',
  title: `The private DNS zone ${ACR_PRIVATE_ZONE} exists`,
  dependsOn: ['registry.exists'],
  guide: 'Issue 3',
  async gather(ctx) {
    const [lookup, zones] = await Promise.all([ctx.registry(), ctx.dnsZones()]);
    return { mode: lookup.mode, registry: lookup.registry, zones };
  },
  judge: judgeDnsZone,
});
