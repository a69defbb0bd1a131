import type { Bundle } from '../../bundle/types.js';
import { activityLogOf, type EventData } from '../activity-log.js';
import { tryParseResourceId } from '../../azure/resource-id.js';
import { BYO_LAYOUT, CAPTURED_AT, MANAGED_LAYOUT as L, MCR_RULE_NAME, healthyBundle, healthyManaged, loginServer, pullError, registryId, write, zoneId, type Layout } from './build.js';
import { failMetricsServerRollout, failShop, failWorkload } from './common.js';
import { deleteManagedCacheRule, deleteManagedRegistry } from './managed.js';
import type { Scenario } from './types.js';

/** Who changed it: scenarios whose Activity Log names the caller (or holds nothing, or cannot be read). */

const ACR = loginServer(L.registryName);
const DAY_MS = 86_400_000;
/** The pipeline's service principal: its app id, and the name its token carries. */
export const PIPELINE_APP_ID = '4b1e6f0c-2d7a-4c8e-9a35-7e0d1c2b3a48';
export const PIPELINE_NAME = 'sp-platform-cleanup-pipeline';
export const PERSON = 'jordan.lee@contoso.com';

/**
 * A delete as ARM records it, `daysAgo` days (fractions allowed, to the minute) before the bundle's
 * `capturedAt`: replay measures the log's 90 days from the capture, so the story stays the same on
 * any day the scenario is served.
 */
export function recordDelete(b: Bundle, id: string, who: { caller: string; claims: Record<string, string> }, daysAgo: number, seq: string): EventData[] {
  const parsed = tryParseResourceId(id);
  if (!parsed) throw new Error(`not a resource id: ${id}`);
  const type = [parsed.provider, ...parsed.types].join('/');
  const operation = `${type}/delete`;
  const captured = Date.parse(b.capturedAt ?? CAPTURED_AT);
  const at = new Date(Math.round(((Number.isNaN(captured) ? Date.parse(CAPTURED_AT) : captured) - daysAgo * DAY_MS) / 60_000) * 60_000);
  const correlationId = `6f5e${seq}-0c1d-4e2f-8a3b-9c4d5e6f7a8b`.slice(0, 36);
  const event = (name: 'BeginRequest' | 'EndRequest', status: string, ms: number): EventData => ({
    authorization: { action: operation, scope: parsed.id },
    caller: who.caller,
    channels: 'Operation',
    claims: who.claims,
    correlationId,
    eventDataId: `${seq}-${name}`,
    eventName: { value: name, localizedValue: name === 'BeginRequest' ? 'Begin request' : 'End request' },
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    httpRequest: { clientRequestId: `${seq}-req`, clientIpAddress: '203.0.113.24', method: 'DELETE' },
    id: `${parsed.id}/events/${seq}-${name}/ticks/${at.getTime() + ms}`,
    level: 'Informational',
    operationId: `${seq}-op`,
    operationName: { value: operation, localizedValue: `Delete ${parsed.types.at(-1) ?? 'resource'}` },
    properties: {},
    resourceGroupName: parsed.resourceGroup ?? '',
    resourceProviderName: { value: parsed.provider ?? '', localizedValue: parsed.provider ?? '' },
    resourceType: { value: type, localizedValue: type },
    resourceId: parsed.id,
    status: { value: status, localizedValue: status },
    subStatus: { value: '', localizedValue: '' },
    eventTimestamp: new Date(at.getTime() + ms).toISOString(),
    submissionTimestamp: new Date(at.getTime() + ms + 9_000).toISOString(),
    subscriptionId: parsed.subscriptionId,
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  });
  const events = [event('BeginRequest', 'Started', 0), event('EndRequest', 'Succeeded', 4_000)];
  activityLogOf(b).push(...events);
  return events;
}

const person = { caller: PERSON, claims: { upn: PERSON, name: 'Jordan Lee', oid: 'a1b2c3d4-0000-4000-8000-000000000a1e' } };
const pipeline = { caller: PIPELINE_APP_ID, claims: { appid: PIPELINE_APP_ID, name: PIPELINE_NAME, oid: 'b2c3d4e5-0000-4000-8000-0000000000p1', idtyp: 'app' } };

/**
 * A BYO cluster whose `privatelink.azurecr.io` zone lives in a hub's resource group, its endpoint in a group of its own.
 * The endpoint's DNS zone group fills the hub's zone, as landing zones do (a deployIfNotExists policy), so the
 * diagnosis finds the zone from the endpoint even with the link to the cluster VNet gone.
 */
export const HUB_LAYOUT: Layout = { ...BYO_LAYOUT, zoneRg: 'rg-hub-dns', peRg: 'rg-endpoints', zoneGroup: true };
export const HUB_PIPELINE_APP_ID = '0c7d2e91-5f3a-4b6c-8d1e-2a9f4b7c3e50';
export const HUB_PIPELINE_NAME = 'sp-hub-network-terraform';
const hubPipeline = { caller: HUB_PIPELINE_APP_ID, claims: { appid: HUB_PIPELINE_APP_ID, name: HUB_PIPELINE_NAME, idtyp: 'app' } };
const BYO_ACR_PUBLIC_IP = '20.62.128.105';

export const HISTORY_SCENARIOS: Scenario[] = [
  {
    name: 'history-registry-deleted-by-person',
    description: 'The AKS-managed registry was deleted by a person; the Activity Log names who and when',
    build: () => {
      const b = healthyManaged('AKS-managed registry deleted by jordan.lee@contoso.com');
      deleteManagedRegistry(b);
      // 2026-11-20 03:12 UTC, 30 h 48 min before the capture (2026-11-21 10:00 UTC).
      recordDelete(b, registryId(L), person, (30 * 60 + 48) / 1440, 'a001');
      failShop(b, (image) => pullError.mirrorLookup(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.exists', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
  {
    name: 'history-cache-rule-deleted-by-pipeline',
    description: "The MCR cache rule was deleted by a pipeline's service principal",
    build: () => {
      const b = healthyManaged('the aks-managed-mcr cache rule deleted by a clean-up pipeline');
      deleteManagedCacheRule(b);
      // The nightly clean-up run, 2026-11-18 02:00 UTC.
      recordDelete(b, `${registryId(L)}/cacheRules/${MCR_RULE_NAME}`, pipeline, 3 + 8 / 24, 'b002');
      failShop(b, (image) => pullError.mcrTimeout(image));
      failMetricsServerRollout(b, (image) => pullError.mcrTimeout(image));
      return b;
    },
    rootCauses: [{ checkId: 'registry.mcr-cache-rule', remediation: 'delete-registry-and-reconcile' }],
    fix: { remediation: 'delete-registry-and-reconcile', healthyAfter: true },
  },
  {
    name: 'history-dns-link-deleted-long-ago',
    description: 'The DNS zone link was deleted over 90 days ago: the Activity Log no longer holds it',
    build: () => {
      const b = healthyManaged('virtual network link deleted 120 days ago');
      write(b, 'DELETE', `${zoneId(L)}/virtualNetworkLinks/${L.linkName}`);
      // 120 days before the capture: past the 90 days the log keeps, so the diagnosis finds nothing.
      recordDelete(b, `${zoneId(L)}/virtualNetworkLinks/${L.linkName}`, person, 120, 'c003');
      failShop(b, (image) => pullError.mirror403(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'dns.vnet-link', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
  {
    name: 'history-hub-link-deleted-by-pipeline',
    description: "The hub's privatelink.azurecr.io zone lost its link to the cluster VNet: the hub's Terraform pipeline removed it",
    build: () => {
      const H = HUB_LAYOUT;
      const b = healthyBundle({ layout: H, description: "the hub's privatelink.azurecr.io zone (rg-hub-dns) no longer linked to the cluster VNet" });
      write(b, 'DELETE', `${zoneId(H)}/virtualNetworkLinks/${H.linkName}`);
      failWorkload(b, 'shop', 'storefront-', 'storefront', (image) => pullError.directTimeout(image, BYO_ACR_PUBLIC_IP));
      failWorkload(b, 'shop', 'orders-', 'wait-for-config', (image) => pullError.mirrorTimeout(image, loginServer(H.registryName), BYO_ACR_PUBLIC_IP), { sinceMinutes: 37 });
      // Two days before the capture, at 10:00 UTC.
      recordDelete(b, `${zoneId(H)}/virtualNetworkLinks/${H.linkName}`, hubPipeline, 2, 'e005');
      // The same run tidied another zone's link in the hub a minute earlier: not this cluster's cause.
      const blobZone = zoneId(H).replace(/privatelink\.azurecr\.io$/, 'privatelink.blob.core.windows.net');
      recordDelete(b, `${blobZone}/virtualNetworkLinks/${H.linkName}`, hubPipeline, 2 + 1 / 1440, 'e006');
      return b;
    },
    rootCauses: [{ checkId: 'dns.vnet-link', remediation: 'repair-private-dns' }],
  },
  {
    name: 'history-log-read-denied',
    description: 'The AKS-managed registry was deleted, and the caller may not read the Activity Log',
    build: () => {
      const b = healthyManaged('AKS-managed registry deleted; Microsoft.Insights/eventtypes/values/read denied');
      deleteManagedRegistry(b);
      recordDelete(b, registryId(L), person, 5 + 2 / 24, 'd004');
      b['activityLogDenied'] = true;
      failShop(b, (image) => pullError.mirrorLookup(image, ACR));
      return b;
    },
    rootCauses: [{ checkId: 'registry.exists', remediation: 'reconcile' }],
    fix: { remediation: 'reconcile', healthyAfter: true },
  },
];
