import { describe, expect, it } from 'vitest';
import type { Bundle, KubeObject } from '../../src/bundle/types.js';
import { openEmulatorSession } from '../helpers/registry.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';

/**
 * Cost grows with the cluster, not with a server-side page cap: a diagnosis of a cluster with
 * 4,000 pods and 6,000 events reads them through the product's own kube gateway in chunks of
 * its page size, which the emulated API server honours as kube-apiserver does.
 */

const PODS = 4_000;
const EVENTS = 6_000;

/** The scenario's cluster, its failing pod cloned to 4,000 pods and every event one of 6,000 pod warnings (the worst case). */
function bigCluster(): Bundle {
  const bundle = findScenario('managed-registry-deleted')?.build();
  if (!bundle) throw new Error('scenario managed-registry-deleted is missing');
  const pods = bundle.kubernetes.pods ?? [];
  const failing = pods.find((p) => p.metadata?.namespace === 'shop') ?? pods[0];
  const warnings = (bundle.kubernetes.events ?? []).filter((e) => e['type'] === 'Warning' && (e['involvedObject'] as { kind?: string }).kind === 'Pod');
  if (!failing || warnings.length === 0) throw new Error('the scenario has no failing pod with warnings');
  const clones: KubeObject[] = [];
  for (let i = pods.length; i < PODS; i++) {
    const pod = structuredClone(failing);
    pod.metadata = { ...pod.metadata, name: `storefront-${String(i).padStart(5, '0')}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` };
    clones.push(pod);
  }
  bundle.kubernetes.pods = [...pods, ...clones];
  bundle.kubernetes.events = Array.from({ length: EVENTS }, (_, i) => {
    const event = structuredClone(warnings[i % warnings.length] ?? {});
    const pod = clones[i % clones.length];
    event.metadata = { ...event.metadata, name: `${pod?.metadata?.name ?? 'pod'}.${i.toString(16).padStart(16, '0')}` };
    event['involvedObject'] = { ...(event['involvedObject'] as object), name: pod?.metadata?.name, uid: pod?.metadata?.['uid'] };
    return event;
  });
  return bundle;
}

describe('a diagnosis of 4,000 pods and 6,000 events', () => {
  it('takes at most 30 Kubernetes requests', { timeout: 120_000 }, async () => {
    const session = await openEmulatorSession({ bundle: bigCluster() });
    try {
      const report = await session.diagnose();
      const kube = session.emulator.requests.filter((r) => r.api === 'kube');
      const byPath = new Map<string, number>();
      for (const r of kube) byPath.set(r.path.split('?')[0] ?? '', (byPath.get(r.path.split('?')[0] ?? '') ?? 0) + 1);
      console.log(`kube requests: ${kube.length} (${[...byPath].map(([p, n]) => `${p} ×${n}`).join(', ')}); report.stats.kubeRequests ${report.stats.kubeRequests}`);
      expect(report.rootCauses.map((c) => c.checkId)).toEqual(['registry.exists']);
      expect(report.stats.kubeRequests).toBe(kube.length);
      expect(kube.every((r) => r.status === 200)).toBe(true);
      expect(kube.length).toBeLessThanOrEqual(30);
    } finally {
      await session.close();
    }
  });
});
