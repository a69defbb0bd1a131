import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { UiServices } from '../ui/services.js';
import { SCENARIOS } from '../emulator/scenarios/index.js';
import { renderJson } from '../output/json.js';
import { renderMarkdown } from '../output/markdown.js';
import { getRemediation } from '../remediations/index.js';
import { applyPlan } from '../remediations/apply.js';
import { AuditLog, defaultAuditPath } from '../remediations/audit.js';
import type { FixResult } from '../remediations/types.js';
import { openSession, type Session, type TargetArgs } from './session.js';

export interface UiServicesHandle {
  services: UiServices;
  close(): Promise<void>;
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/**
 * The UI's view of the program over a session. In demo mode (`scenario` set) the user may
 * switch scenarios: the session is reopened on the new one. Writes go through exactly the
 * remediation path of `aks-netiso fix` (pre-flight, audit, verification).
 */
export async function createUiServices(args: TargetArgs, opts: { auditLog?: string | undefined; exportDir?: string | undefined; demo?: boolean } = {}): Promise<UiServicesHandle> {
  let session: Session = await openSession(args);
  const auditPath = opts.auditLog ?? defaultAuditPath();
  const exportDir = resolve(opts.exportDir ?? '.');

  const services: UiServices = {
    diagnose: (onEvent) => session.diagnose(onEvent),
    plan: (remediation, report, options) => getRemediation(remediation).plan(report, { azure: session.azure }, options ?? {}),
    apply: async (plan, report, hooks): Promise<FixResult> => {
      let audit: AuditLog;
      try {
        audit = await AuditLog.open(auditPath);
      } catch (e) {
        return { remediation: plan.remediation, plan, outcome: 'refused', verification: null, reason: `the audit log cannot be written (${(e as Error).message}); nothing was changed`, auditLog: auditPath };
      }
      return applyPlan(
        plan,
        report,
        { azure: session.azure, audit, diagnose: () => session.diagnose(), principal: await session.azure.principal().catch(() => undefined) },
        { onProgress: hooks.onProgress, confirmation: hooks.confirmation, signal: hooks.signal },
      );
    },
    exportReport: async (report) => {
      await mkdir(exportDir, { recursive: true });
      const base = join(exportDir, `aks-netiso-${report.clusterName ?? 'report'}-${stamp()}`);
      await writeFile(`${base}.md`, renderMarkdown(report));
      await writeFile(`${base}.json`, renderJson(report));
      return { markdown: `${base}.md`, json: `${base}.json` };
    },
    auditLogPath: auditPath,
  };
  if (opts.demo) {
    services.scenarios = SCENARIOS.map((s) => ({ name: s.name, description: s.description }));
    services.currentScenario = () => session.scenario;
    services.switchScenario = async (name) => {
      const next = await openSession({ ...args, bundle: undefined, scenario: name });
      const previous = session;
      session = next;
      await previous.close();
    };
  }
  return { services, close: () => session.close() };
}
