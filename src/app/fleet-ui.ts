import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { UiServices } from '../ui/services.js';
import type { FleetUiServices } from '../ui/fleet/services.js';
import { renderJson } from '../output/json.js';
import { renderMarkdown } from '../output/markdown.js';
import { getRemediation } from '../remediations/index.js';
import { defaultAuditPath } from '../remediations/audit.js';
import { applyWithAudit } from './apply-fix.js';
import { fileStamp } from './file-names.js';
import type { Fleet } from './fleet.js';
import type { Session } from './session.js';

/** One cluster's UI services over its own session: the same plan, apply and export as the single-cluster UI. */
export function sessionUiServices(session: Session, opts: { auditLog?: string | undefined; exportDir?: string | undefined } = {}): UiServices {
  const auditPath = opts.auditLog ?? defaultAuditPath();
  const exportDir = resolve(opts.exportDir ?? '.');
  return {
    diagnose: (onEvent) => session.diagnose(onEvent),
    plan: (remediation, report, options) => getRemediation(remediation).plan(report, { azure: session.azure, checks: session.checks, facts: session.facts }, options ?? {}),
    apply: (plan, report, hooks) => applyWithAudit(session, plan, report, auditPath, { onProgress: hooks.onProgress, confirmation: hooks.confirmation, signal: hooks.signal }),
    exportReport: async (report) => {
      await mkdir(exportDir, { recursive: true });
      const base = join(exportDir, `aks-netiso-${report.clusterName ?? 'report'}-${fileStamp()}`);
      await writeFile(`${base}.md`, renderMarkdown(report));
      await writeFile(`${base}.json`, renderJson(report));
      return { markdown: `${base}.md`, json: `${base}.json` };
    },
    auditLogPath: auditPath,
  };
}

/** The fleet view's services over an open fleet. */
export function fleetUiServices(fleet: Fleet, opts: { auditLog?: string | undefined } = {}): FleetUiServices {
  return {
    scan: (onProgress) => fleet.scan({ onProgress }),
    openCluster: async (clusterId) => {
      const session = await fleet.openCluster(clusterId);
      return { services: sessionUiServices(session, opts), close: () => session.close() };
    },
  };
}
