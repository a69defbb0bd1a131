import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS, openEmulatorSession } from '../helpers/registry.js';
import { captureBundleWithReport } from '../../src/capture/capture.js';
import { redactBundle } from '../../src/capture/redact.js';
import { PRESERVED_GUIDS } from '../../src/capture/redact-words.js';
import { createCredential } from '../../src/azure/credentials.js';
import { bundleProblems, parseBundle } from '../../src/bundle/validate.js';
import type { Bundle } from '../../src/bundle/types.js';
import { startEmulator } from '../../src/emulator/server.js';
import { SCENARIOS } from '../../src/emulator/scenarios/index.js';
import { loadKubeConfig } from '../../src/kube/access.js';
import type { Report } from '../../src/engine/types.js';

/**
 * For every scenario of the library: capture it from the emulator through the real SDK and
 * Kubernetes clients, replay the capture (and its redacted copy) in a new emulator, and get the
 * same diagnosis as live.
 */

function token(): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ upn: 'capture@emulator.local', exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;
}

function outcome(r: Report): unknown {
  return {
    networkIsolated: r.networkIsolated,
    registryMode: r.registryMode,
    rootCauses: r.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation })),
    checks: r.checks.map((c) => ({ id: c.id, status: c.status, remediations: c.remediations })),
    pulls: r.imagePullFailures.map((p) => p.failureKind),
  };
}

async function diagnoseBundle(bundle: Bundle): Promise<Report> {
  const session = await openEmulatorSession({ bundle });
  try {
    return await session.diagnose();
  } finally {
    await session.close();
  }
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const IPV4 = /(?<![0-9.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9])/g;
/** Public constants a redacted bundle keeps on purpose. */
// The public role ids redaction keeps (AcrPull, the ABAC repository roles) and the platform's addresses.
const KEPT = new Set([...PRESERVED_GUIDS, '168.63.129.16', '127.0.0.1']);
const PUBLIC_NAMES = new Set(['system', 'default', 'aks-managed-mcr', 'acr-cache-rule', 'privatelink', 'azurecr', 'io', 'data', 'nodepool1', 'user', 'nic', 'eastus2', 'westeurope', 'eastus']);

/** The ids, names and addresses of the original that must not survive redaction. */
function sensitiveValues(b: Bundle): string[] {
  const text = JSON.stringify(b.arm) + JSON.stringify(b.cluster);
  const values = new Set<string>();
  for (const m of text.matchAll(GUID)) values.add(m[0].toLowerCase());
  for (const m of JSON.stringify(b).matchAll(IPV4)) values.add(m[0]);
  for (const r of b.arm) {
    for (const label of r.name.split('.')) if (!/^[0-9a-f-]{36}$/i.test(label)) values.add(label.toLowerCase());
    const rg = /\/resourcegroups\/([^/]+)/i.exec(r.id)?.[1];
    if (rg) values.add(rg.toLowerCase());
  }
  return [...values].filter((v) => !KEPT.has(v) && !PUBLIC_NAMES.has(v) && !/^\d+$/.test(v));
}

function occurs(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'i').test(text);
}

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('capture and replay of %s', (_name, scenario) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('replays to the live diagnosis, redacted or not', async () => {
    const emulator = await startEmulator({ bundle: scenario.build(), pageSize: 2 });
    cleanups.push(() => emulator.close());
    const progress: { done: number; total: number }[] = [];
    const captured = await captureBundleWithReport({
      clusterId: emulator.bundle.cluster,
      checks: CHECKS,
      azureOptions: {
        credential: createCredential({ accessToken: token() }),
        armEndpoint: emulator.url,
        caPem: emulator.caPem,
        retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
        lroPollIntervalMs: 20,
      },
      kube: scenario.build().kubernetes.reachable ? { kubeconfig: loadKubeConfig({ kubeconfigYaml: emulator.kubeconfigYaml() }) } : { fromArm: true },
      kubeTimeoutMs: 2000,
      onProgress: (m) => progress.push({ done: m.done, total: m.total }),
    });
    // The capture's own run is the live diagnosis (the recorders only listen); it finds what the scenario intends.
    const live = captured.report;
    expect(live.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation }))).toEqual(
      scenario.rootCauses.map((rc) => ({ checkId: rc.checkId, remediation: rc.remediation })),
    );
    // One step per check, and one for reading the cluster.
    expect(progress.at(-1)).toEqual({ done: CHECKS.length + 1, total: CHECKS.length + 1 });

    // The file round trip: what `capture -o` writes, `diagnose --bundle` reads.
    const bundle = parseBundle(JSON.stringify(captured.bundle, null, 2), 'captured.json');
    expect(bundleProblems(bundle)).toEqual([]);
    expect(bundle.kubernetes.reachable).toBe(scenario.build().kubernetes.reachable);
    if (!bundle.kubernetes.reachable) expect(bundle.kubernetes.reason).toBeTruthy();
    expect(JSON.stringify(bundle)).not.toMatch(/kubeconfigs|BEGIN CERTIFICATE|emulator\.local/);
    // Only what a diagnosis reads: never the emulator's own state.
    expect(bundle['x-emulator']).toBeUndefined();

    const replayed = await diagnoseBundle(bundle);
    expect(outcome(replayed)).toEqual(outcome(live));
    expect(replayed.imagePullFailures).toEqual(live.imagePullFailures);

    const { bundle: redacted } = redactBundle(bundle);
    const text = JSON.stringify(redacted);
    const leaks = sensitiveValues(bundle).filter((v) => occurs(text, v));
    expect(leaks).toEqual([]);
    expect(bundleProblems(redacted)).toEqual([]);
    const replayedRedacted = await diagnoseBundle(redacted);
    expect(outcome(replayedRedacted)).toEqual(outcome(live));
  });
});
