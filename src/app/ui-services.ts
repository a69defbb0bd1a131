import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { UiServices } from '../ui/services.js';
import { SCENARIOS } from '../emulator/scenarios/index.js';
import { renderJson } from '../output/json.js';
import { renderMarkdown } from '../output/markdown.js';
import { getRemediation } from '../remediations/index.js';
import { defaultAuditPath } from '../remediations/audit.js';
import { withPreflight } from '../remediations/preflight-gate.js';
import type { FixResult } from '../remediations/types.js';
import { createAzureGateway } from '../azure/gateway.js';
import { UsageError } from './errors.js';
import { applyWithAudit } from './apply-fix.js';
import { fileStamp } from './file-names.js';
import { azureWiring, needsClusterPicker, openSession, type Session, type SessionDeps, type TargetArgs } from './session.js';

export interface UiServicesHandle {
  services: UiServices;
  close(): Promise<void>;
}

/**
 * The single-cluster services over whichever session `current` gives: a diagnosis, plans with
 * their pre-flight, fixes through exactly the remediation path of `aks-netiso fix` (audit,
 * verification), and the report export. Shared by the cluster UI and the fleet view's clusters.
 */
export function sessionServices(
  current: () => Promise<Session>,
  opts: { auditLog?: string | undefined; exportDir?: string | undefined } = {},
): UiServices {
  const auditPath = opts.auditLog ?? defaultAuditPath();
  const exportDir = resolve(opts.exportDir ?? '.');
  return {
    diagnose: async (onEvent) => (await current()).diagnose(onEvent),
    plan: async (remediation, report, options) => {
      const s = await current();
      return withPreflight(await getRemediation(remediation).plan(report, { azure: s.azure, checks: s.checks, facts: s.facts }, options ?? {}), s.azure);
    },
    apply: async (plan, report, hooks): Promise<FixResult> => {
      return applyWithAudit(await current(), plan, report, auditPath, {
        onProgress: hooks.onProgress,
        confirmation: hooks.confirmation,
        signal: hooks.signal,
      });
    },
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

/**
 * The UI's view of the program over a session. In demo mode (`scenario` set) the user may
 * switch scenarios: the session is reopened on the new one. Writes go through exactly the
 * remediation path of `aks-netiso fix` (pre-flight, audit, verification).
 */
export async function createUiServices(
  args: TargetArgs,
  opts: SessionDeps & { auditLog?: string | undefined; exportDir?: string | undefined; demo?: boolean },
): Promise<UiServicesHandle> {
  // With no cluster named, the session opens once the operator picks one from the list.
  const picker = needsClusterPicker(args);
  let session: Session | undefined = picker ? undefined : await openSession(args, opts);
  let chosen: string | undefined;
  const current = async (): Promise<Session> => {
    if (!session) {
      if (!chosen) throw new UsageError('pick a cluster first');
      session = await openSession({ ...args, clusterId: chosen }, opts);
    }
    return session;
  };
  const services = sessionServices(current, opts);
  if (picker) {
    const subscription = args.subscription ?? process.env.AZURE_SUBSCRIPTION_ID;
    if (!subscription) {
      throw new UsageError('which cluster? give --cluster-id or -g/-n, or --subscription S (or AZURE_SUBSCRIPTION_ID) to pick one from a list');
    }
    const lister = createAzureGateway((await azureWiring(args, '')).gatewayOptions);
    services.listClusters = () => lister.clustersInSubscription(subscription);
    services.selectCluster = (clusterId) => {
      chosen = clusterId;
      const previous = session;
      session = undefined;
      void previous?.close();
    };
  }
  if (opts.demo) {
    services.scenarios = SCENARIOS.map((s) => ({ name: s.name, description: s.description }));
    services.currentScenario = () => session?.scenario;
    services.switchScenario = async (name) => {
      const next = await openSession({ ...args, bundle: undefined, scenario: name }, opts);
      const previous = session;
      session = next;
      await previous?.close();
    };
  }
  return { services, close: async () => session?.close() };
}
