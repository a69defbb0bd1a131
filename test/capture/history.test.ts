import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBundle, captureBundleWithReport, type CaptureOptions } from '../../src/capture/capture.js';
import { createCredential } from '../../src/azure/credentials.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { findScenario } from '../../src/emulator/scenarios/index.js';
import { CLUSTER_ID } from '../../src/emulator/scenarios/build.js';
import { PERSON } from '../../src/emulator/scenarios/history.js';
import { CHECKS } from '../helpers/registry.js';

function token(): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ upn: 'capture@emulator.local', exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;
}

describe('capture records the Activity Log events it read', () => {
  let emulator: RunningEmulator;
  let base: Omit<CaptureOptions, 'clusterId' | 'kube'>;
  beforeAll(async () => {
    const scenario = findScenario('history-registry-deleted-by-person');
    if (!scenario) throw new Error('scenario missing');
    emulator = await startEmulator({ bundle: scenario.build() });
    base = { checks: CHECKS, azureOptions: { credential: createCredential({ accessToken: token() }), armEndpoint: emulator.url, caPem: emulator.caPem, retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 } } };
  });
  afterAll(async () => emulator.close());

  it('holds the events as EventData in a top-level activityLog array', async () => {
    const bundle = await captureBundle({ ...base, clusterId: CLUSTER_ID, kube: { disabled: true } });
    const events = bundle['activityLog'] as Record<string, unknown>[];
    expect(events.map((e) => (e['status'] as { value: string }).value)).toEqual(['Started', 'Succeeded']);
    expect(events[1]).toMatchObject({ caller: PERSON, operationName: { value: 'Microsoft.ContainerRegistry/registries/delete' } });
  });

  it('--redact replaces callers and ip addresses consistently', async () => {
    const { bundle, mapping } = await captureBundleWithReport({ ...base, clusterId: CLUSTER_ID, kube: { disabled: true }, redact: true });
    const text = JSON.stringify(bundle['activityLog']);
    expect(text).not.toContain('jordan.lee');
    expect(text).not.toContain('203.0.113.24');
    expect(text).not.toContain('Jordan Lee');
    const events = bundle['activityLog'] as { caller: string; claims: { upn: string }; httpRequest: { clientIpAddress: string } }[];
    expect(events[0]?.caller).toBe(events[1]?.caller);
    expect(events[1]?.claims.upn).toBe(events[1]?.caller);
    expect(mapping?.get('203.0.113.24')).toBe(events[1]?.httpRequest.clientIpAddress);
  });
});
