import type { ImageRewrite } from '../core/report.js';
import type { Report } from '../engine/types.js';
import type { ShellCommand } from './command.js';
import { readCluster, requireAddressed, verifyingChecks, withAddressed } from './common.js';
import { facetsFor } from './facets.js';
import type { PlannedOperation } from './operations.js';
import { PlanError, type Plan, type PlanOptions, type Remediation, type RemediationEnv } from './types.js';

function kubectl(...words: string[]): ShellCommand {
  return { argv: ['kubectl', ...words] };
}

/** The API path of a workload, for the plan's list of changes. */
function workloadPath(kind: string, namespace: string, name: string): string {
  const plural = `${kind.toLowerCase()}s`;
  const core = kind === 'Pod';
  const group = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kind) ? 'apis/apps/v1' : kind === 'Job' || kind === 'CronJob' ? 'apis/batch/v1' : core ? 'api/v1' : 'apis';
  return `/${group}/namespaces/${namespace}/${plural}/${name}`;
}

/**
 * Network isolated nodes redirect only `mcr.microsoft.com` to the registry: an image written
 * `docker.io/…` (or `nginx:1.27`) goes to the internet and times out even though a cache rule
 * covers it. The workload must name the image through the registry.
 */
export const useCachedImageReference: Remediation = {
  id: 'use-cached-image-reference',
  title: 'Reference the cached images through the registry (guided)',
  words: {
    title: 'Reference the cached images through the registry (guided)',
    phrase: 'change the workloads to pull the image through the registry',
    description: 'Gives the exact image reference each failing workload must use (its cache rule already caches it), and the kubectl command that sets it.',
  },
  risk: 'disruptive',
  automated: false,
  async plan(report: Report, env: RemediationEnv, _options: PlanOptions): Promise<Plan> {
    const addresses = requireAddressed(report, 'use-cached-image-reference');
    const cluster = await readCluster(env.azure, report.cluster);
    const rewrites: ImageRewrite[] = facetsFor(report, 'use-cached-image-reference').imageRewrites;
    if (rewrites.length === 0) throw new PlanError('use-cached-image-reference: the diagnosis found no image that a cache rule covers and a workload still names at its upstream registry');
    const operations: PlannedOperation[] = [];
    const commands: ShellCommand[] = [];
    const impact: string[] = [];
    for (const r of rewrites) {
      for (const w of r.workloads) {
        const target = `${w.kind.toLowerCase()}/${w.name}`;
        operations.push({ kind: 'guided', method: 'PATCH', resourceId: workloadPath(w.kind, w.namespace, w.name), sdkCall: 'kubectl set image', summary: `container ${w.container}: ${r.image} → ${r.newImage}` });
        commands.push(kubectl('set', 'image', '-n', w.namespace, target, `${w.container}=${r.newImage}`));
        impact.push(`${target} in ${w.namespace}: container ${w.container} uses ${r.newImage} (cache rule ${r.rule}) instead of ${r.image}; its pods roll to the new reference`);
      }
    }
    return {
      remediation: 'use-cached-image-reference',
      title: useCachedImageReference.title,
      automated: false,
      risk: 'disruptive',
      clusterId: cluster.id,
      clusterName: cluster.name,
      summary:
        'The nodes of a network isolated cluster mirror only mcr.microsoft.com through the registry; these workloads name an upstream registry directly, ' +
        'so their pulls go to the internet and time out although a cache rule covers the image. Reference each image through the registry instead.',
      operations,
      azCommands: commands,
      impact,
      expectedDuration: 'a rollout per workload (minutes)',
      verifyChecks: withAddressed(addresses, verifyingChecks(env, 'use-cached-image-reference')),
      addresses,
      warnings: [
        { code: 'guided', text: 'guided: aks-netiso does not change your workloads; run the commands (or change the manifests in source control), then diagnose again' },
        { code: 'workload-owner', text: 'a workload managed by Helm, GitOps or an operator is reset to its source: change the image there, or the next sync reverts it' },
      ],
      parameters: { rewrites: rewrites.map((r) => ({ image: r.image, newImage: r.newImage, rule: r.rule, workloads: r.workloads })) },
    };
  },
};
