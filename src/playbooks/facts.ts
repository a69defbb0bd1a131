import type { Cluster } from '../azure/types.js';
import { tryParseResourceId } from '../azure/resource-id.js';
import type { Report } from '../core/report.js';

/** Every placeholder a playbook may use, with what it means (for lint and the rendered runbook). */
export const PLACEHOLDERS: Record<string, string> = {
  'cluster.id': 'the managed cluster resource id',
  'cluster.name': 'the cluster name',
  'cluster.resourceGroup': "the cluster's resource group",
  'cluster.subscriptionId': 'the subscription id',
  'cluster.nodeResourceGroup': 'the node resource group (MC_…)',
  'cluster.kubeletObjectId': "the kubelet identity's object id",
  'registry.id': 'the registry the nodes pull through',
  'registry.name': 'the registry name',
  'registry.resourceGroup': "the registry's resource group",
  'registry.loginServer': 'the registry login server (<name>.azurecr.io)',
  registryMode: 'managed (AKS-managed bootstrap registry) or byo (the customer\'s own)',
  'rootCause.check': 'the check id of the first root cause',
  'rootCause.summary': 'the first root cause in plain words',
  'rootCause.remediation': 'the remediation id the diagnosis offers',
  'rootCause.guideIssue': 'the troubleshooting guide issue (1, 2 or 3)',
  'failures.count': 'how many containers fail to pull',
  'failures.first.pod': 'namespace/name of the first failing pod',
  'failures.first.image': 'the image it fails to pull',
  'failures.first.attemptedHost': 'the host the node contacted',
  'failures.first.message': 'the newest pull error message',
  'images.throughRegistry': 'the image references through the registry the failing workloads must use (a cache rule serves them there)',
};

export type FactValues = Record<string, string>;

/** The placeholder values of one diagnosis (unknown ones render as `<unknown: name>`). */
export function factValues(report: Report, cluster?: Cluster): FactValues {
  const v: FactValues = {};
  const id = tryParseResourceId(report.cluster);
  v['cluster.id'] = report.cluster;
  if (id) {
    v['cluster.name'] = id.name;
    if (id.resourceGroup) v['cluster.resourceGroup'] = id.resourceGroup;
    v['cluster.subscriptionId'] = id.subscriptionId;
  }
  if (report.clusterName) v['cluster.name'] = report.clusterName;
  if (cluster) {
    v['cluster.nodeResourceGroup'] = cluster.nodeResourceGroup;
    if (cluster.kubeletIdentity?.objectId) v['cluster.kubeletObjectId'] = cluster.kubeletIdentity.objectId;
  }
  if (report.registry) {
    v['registry.id'] = report.registry.id;
    v['registry.name'] = report.registry.name;
    const rid = tryParseResourceId(report.registry.id);
    if (rid?.resourceGroup) v['registry.resourceGroup'] = rid.resourceGroup;
    if (report.registry.loginServer) v['registry.loginServer'] = report.registry.loginServer;
  }
  v.registryMode = report.registryMode;
  const rc = report.rootCauses[0];
  if (rc) {
    v['rootCause.check'] = rc.checkId;
    v['rootCause.summary'] = rc.summary;
    if (rc.remediation) v['rootCause.remediation'] = rc.remediation;
    if (rc.guideIssue) v['rootCause.guideIssue'] = String(rc.guideIssue);
  }
  v['failures.count'] = String(report.imagePullFailures.length);
  const f = report.imagePullFailures[0];
  if (f) {
    v['failures.first.pod'] = `${f.namespace}/${f.pod}`;
    v['failures.first.image'] = f.image;
    if (f.attemptedHost) v['failures.first.attemptedHost'] = f.attemptedHost;
    v['failures.first.message'] = f.message;
  }
  // The references a finding hands over: rewrites of cached images first, else the proposed rules' images.
  const rewrites = report.checks.flatMap((c) => c.data?.imageRewrites ?? []).map((r) => r.newImage);
  const proposed = report.checks.flatMap((c) => c.data?.proposedRules ?? []).map((r) => r.newImage).filter((x) => x);
  const through = [...new Set(rewrites.length ? rewrites : proposed)];
  if (through.length) v['images.throughRegistry'] = through.join(', ');
  return v;
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

export function fill(text: string, values: FactValues): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? `<unknown: ${name}>`);
}
