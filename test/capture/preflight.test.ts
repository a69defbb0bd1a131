import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBundleWithReport, type CaptureOptions } from '../../src/capture/capture.js';
import { createCredential } from '../../src/azure/credentials.js';
import { bundleProblems } from '../../src/bundle/validate.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { scenarioBundle } from '../../src/app/session.js';
import { CLUSTER_ID, NODE_RG, SUBSCRIPTION, clusterProps } from '../../src/emulator/scenarios/build.js';
import { getRemediation } from '../../src/remediations/index.js';
import { withPreflight } from '../../src/remediations/preflight-gate.js';
import { CHECKS, openEmulatorSession } from '../helpers/registry.js';

/*
 * `capture` records what pre-flight reads (locks, the permissions answers, lockdown in the
 * cluster), so a replay of the bundle reaches the same pre-flight verdicts as the live cluster.
 */

function token(): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ upn: 'capture@emulator.local', exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;
}

const NRG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${NODE_RG}`;

describe('capture records pre-flight', () => {
  let emulator: RunningEmulator;
  let base: Omit<CaptureOptions, 'clusterId' | 'kube'>;
  beforeAll(async () => {
    const live = scenarioBundle('preflight-nrg-delete-lock');
    live['callerPermissions'] = [{ scope: `/subscriptions/${SUBSCRIPTION}`, actions: ['*'], notActions: ['Microsoft.ContainerRegistry/registries/delete'] }];
    clusterProps(live)['nodeResourceGroupProfile'] = { restrictionLevel: 'ReadOnly' };
    emulator = await startEmulator({ bundle: live });
    base = {
      checks: CHECKS,
      azureOptions: { credential: createCredential({ accessToken: token() }), armEndpoint: emulator.url, caPem: emulator.caPem, retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 } },
    };
  });
  afterAll(async () => emulator.close());

  it('holds the lock, the permissions answers and lockdown, and the replay judges as live', { timeout: 60_000 }, async () => {
    const { bundle } = await captureBundleWithReport({ ...base, clusterId: CLUSTER_ID, kube: { disabled: true } });
    expect(bundleProblems(bundle)).toEqual([]);
    expect(bundle.arm.filter((r) => r.type === 'Microsoft.Authorization/locks').map((r) => r.id)).toEqual([`${NRG}/providers/Microsoft.Authorization/locks/nrg-do-not-delete`]);
    const answers = bundle['permissionsAnswers'] as { scope: string; value: { notActions: string[] }[] }[];
    expect(answers.map((a) => a.scope.split('/').pop())).toEqual(expect.arrayContaining(['aks-prod', 'aksbootstrap3f9c1e2a']));
    for (const a of answers) expect(a.value[0]?.notActions).toEqual(['Microsoft.ContainerRegistry/registries/delete']);
    expect(bundle.arm.find((r) => r.id.toLowerCase() === CLUSTER_ID.toLowerCase())?.properties?.['nodeResourceGroupProfile']).toEqual({ restrictionLevel: 'ReadOnly' });

    const replay = await openEmulatorSession({ bundle });
    try {
      const report = await replay.diagnose();
      const plan = await withPreflight(await getRemediation('delete-registry-and-reconcile').plan(report, { azure: replay.azure, checks: replay.checks, facts: replay.facts }, {}), replay.azure);
      expect(plan.preflight?.filter((i) => i.status === 'blocked').map((i) => `${i.operation}:${i.aspect}`)).toEqual(['0:lock', '0:permission', '0:lockdown']);
    } finally {
      await replay.close();
    }
  });

  it('redacts the recorded scopes and lock notes with the rest of the bundle', { timeout: 60_000 }, async () => {
    const { bundle } = await captureBundleWithReport({ ...base, clusterId: CLUSTER_ID, kube: { disabled: true }, redact: true });
    const text = JSON.stringify(bundle);
    expect(text).not.toContain(SUBSCRIPTION);
    expect(text).not.toContain(NODE_RG);
    expect((bundle['permissionsAnswers'] as unknown[]).length).toBeGreaterThan(0);
    expect(bundle.arm.some((r) => r.type === 'Microsoft.Authorization/locks')).toBe(true);
  });
});
