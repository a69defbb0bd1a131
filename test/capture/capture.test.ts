import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBundle, captureBundleWithReport, type CaptureOptions } from '../../src/capture/capture.js';
import { createCredential } from '../../src/azure/credentials.js';
import { IncompleteError } from '../../src/app/errors.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import { CLUSTER_ID, SUBSCRIPTION } from '../../src/emulator/scenarios/build.js';
import { CHECKS } from '../helpers/registry.js';

function token(): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ upn: 'capture@emulator.local', exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;
}

describe('captureBundle against the emulator', () => {
  let emulator: RunningEmulator;
  let base: Omit<CaptureOptions, 'clusterId' | 'kube'>;
  beforeAll(async () => {
    const scenario = findScenario('managed-cache-rule-deleted');
    if (!scenario) throw new Error('scenario missing');
    emulator = await startEmulator({ bundle: scenario.build() });
    base = {
      checks: CHECKS,
      azureOptions: {
        credential: createCredential({ accessToken: token() }),
        armEndpoint: emulator.url,
        caPem: emulator.caPem,
        retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
      },
    };
  });
  afterAll(async () => emulator.close());

  it('with Kubernetes disabled: the Azure side, and reachable false with the reason', async () => {
    const bundle = await captureBundle({ ...base, clusterId: CLUSTER_ID, kube: { disabled: true }, now: new Date('2026-11-21T12:00:00Z') });
    expect(bundle.kubernetes).toEqual({ reachable: false, reason: 'Kubernetes was not read (--no-kube)' });
    expect(bundle.capturedAt).toBe('2026-11-21T12:00:00.000Z');
    expect(bundle.arm.some((r) => r.id === CLUSTER_ID)).toBe(true);
    // No cache rule in this scenario: the bundle holds none either.
    expect(bundle.arm.filter((r) => r.type.endsWith('/cacheRules'))).toEqual([]);
  });

  it('redacts when asked, and hands back the mapping', async () => {
    const { bundle, mapping } = await captureBundleWithReport({ ...base, clusterId: CLUSTER_ID, kube: { fromArm: true }, redact: true });
    expect(JSON.stringify(bundle)).not.toContain(SUBSCRIPTION);
    expect(mapping?.get(SUBSCRIPTION)).toMatch(/^00000000-0000-0000-0001-/);
    expect(bundle.kubernetes.reachable).toBe(true);
    expect(bundle.kubernetes.pods?.length).toBeGreaterThan(0);
  });

  it('refuses with one line when the cluster cannot be read', async () => {
    const missing = CLUSTER_ID.replace(/aks-prod$/, 'aks-gone');
    const capture = captureBundle({ ...base, clusterId: missing, kube: { disabled: true } });
    await expect(capture).rejects.toBeInstanceOf(IncompleteError);
    await expect(capture).rejects.toThrow(/^cannot capture .*aks-gone: the cluster could not be read/);
  });
});
