import { tryParseResourceId } from '../azure/resource-id.js';
import type { CheckId, RemediationId } from '../core/ids.js';
import type { Report } from '../core/report.js';
import { renderGroup, type ArgGroup } from './command.js';
import { facetsFor } from './facets.js';
import { REMEDIATIONS } from './index.js';

/*
 * The `aks-netiso fix` command lines, beside the remediations whose flags fill them: each
 * remediation says which flags it takes (`fixFlags`) from the facets of the failing findings.
 */

/** `-g RG -n NAME --subscription S` as word groups, or `--cluster-id ID` for an id that is no cluster's. */
function clusterArgGroups(clusterId: string): ArgGroup[] {
  const parsed = tryParseResourceId(clusterId);
  if (!parsed?.resourceGroup || parsed.fullType.toLowerCase() !== 'microsoft.containerservice/managedclusters') return [['--cluster-id', clusterId]];
  return [['-g', parsed.resourceGroup], ['-n', parsed.name], ['--subscription', parsed.subscriptionId]];
}

/** `-g RG -n NAME --subscription S`, each flag with its value as one unit. */
export function clusterArgs(clusterId: string): string[] {
  return clusterArgGroups(clusterId).map(renderGroup);
}

/**
 * The `aks-netiso fix` command line(s) for a remediation, as argument groups (a flag and its
 * value never split). Several when one remediation has to run once per proposed cache rule.
 * The remediation says which flags its command takes, from the facts of the finding the fix is
 * for (`checkId`) and of the other failing findings that list it.
 */
export function fixCommandGroups(remediation: RemediationId, report: Report, checkId?: CheckId): string[][] {
  const base: ArgGroup[] = [['aks-netiso', 'fix'], [remediation], ...clusterArgGroups(report.cluster)];
  const flags = REMEDIATIONS[remediation].fixFlags?.(facetsFor(report, remediation, checkId)) ?? [[]];
  return flags.map((f) => [...base, ...f].map(renderGroup));
}

/** The same, one line per command. */
export function fixCommands(remediation: RemediationId, report: Report, checkId?: CheckId): string[] {
  return fixCommandGroups(remediation, report, checkId).map((g) => g.join(' '));
}
