import { describe, expect, it } from 'vitest';
import { imagePullFailures, poolFromNodeName } from '../../src/domain/pull-failures.js';
import { MSG, NODES, container, errImagePullEvent, pod, pullEvent } from '../checks/fixtures.js';

const PAUSE = 'mcr.microsoft.com/oss/kubernetes/pause:3.6';

describe('imagePullFailures', () => {
  it('takes the newest Failed-to-pull event of each container, ignoring "Error: ErrImagePull"', () => {
    const p = pod('default', 'web-7d9f8b6c5-x2x4q', 'aks-user1-87654321-vmss000001', [container('web', 'nginx:1.25'), container('sidecar', PAUSE, { waitingReason: undefined, running: true, ready: true })]);
    const older = pullEvent(p, 'web', 'nginx:1.25', 'rpc error: code = Unknown desc = old', '2025-06-02T09:00:00Z');
    const newer = pullEvent(p, 'web', 'nginx:1.25', MSG.dockerTimeout('docker.io/library/nginx:1.25', 'library/nginx', '1.25'), '2025-06-02T10:15:00Z');
    const out = imagePullFailures([p], [newer, older, errImagePullEvent(p, 'web')], NODES);
    expect(out).toEqual([
      {
        namespace: 'default', pod: 'web-7d9f8b6c5-x2x4q', container: 'web', image: 'nginx:1.25', imageRegistry: 'docker.io',
        attemptedHost: 'registry-1.docker.io', failureKind: 'timeout', message: newer.message,
        node: 'aks-user1-87654321-vmss000001', pool: 'user1', init: false,
      },
    ]);
  });

  it('covers init containers and falls back to the waiting message', () => {
    const img = 'contosoacr.azurecr.io/tools/migrate:2.1';
    const waiting = MSG.acr401('contosoacr.azurecr.io', img, 'tools/migrate');
    const p = pod('jobs', 'migrate-xk2p9', 'aks-system-12345678-vmss000000', [container('migrate', img, { init: true, waitingReason: 'ErrImagePull', waitingMessage: waiting })]);
    const [f] = imagePullFailures([p], [], NODES);
    expect(f).toMatchObject({ container: 'migrate', init: true, message: waiting, attemptedHost: 'contosoacr.azurecr.io', failureKind: 'unauthorized', pool: 'system', imageRegistry: 'contosoacr.azurecr.io' });
  });

  it('matches an init container event by its fieldPath, not the main container with the same image', () => {
    const p = pod('default', 'app-1', 'aks-user1-87654321-vmss000000', [
      container('init', PAUSE, { init: true }),
      container('main', PAUSE),
    ]);
    const initEvent = pullEvent(p, 'init', PAUSE, MSG.mcrTimeout(PAUSE, 'oss/kubernetes/pause', '3.6'), '2025-06-02T10:00:00Z', true);
    const out = imagePullFailures([p], [initEvent], NODES);
    expect(out.map((f) => [f.container, f.failureKind])).toEqual([['init', 'timeout'], ['main', 'other']]);
  });

  it('matches events without fieldPath by the image they name, and only events of the same pod and namespace', () => {
    const p = pod('default', 'api-1', 'aks-user1-87654321-vmss000000', [container('api', 'ghcr.io/contoso/api:3')]);
    const e = pullEvent(p, 'api', 'ghcr.io/contoso/api:3', 'failed to do request: Head "https://ghcr.io/v2/contoso/api/manifests/3": dial tcp 140.82.121.33:443: i/o timeout');
    const noPath = { ...e, involvedObject: { ...e.involvedObject, fieldPath: undefined } };
    const otherNs = { ...e, involvedObject: { ...e.involvedObject, namespace: 'prod' }, namespace: 'prod', message: 'Failed to pull image "ghcr.io/contoso/api:3": x509: certificate has expired' };
    const [f] = imagePullFailures([p], [otherNs, noPath], NODES);
    expect(f).toMatchObject({ attemptedHost: 'ghcr.io', failureKind: 'timeout' });
  });

  it('ignores containers not waiting on a pull, and derives the pool from an AKS node name when nodes are unknown', () => {
    const p = pod('default', 'x', 'aks-gpu-11223344-vmss00000a', [container('a', 'nginx', { waitingReason: 'CrashLoopBackOff' }), container('b', 'nginx', { waitingReason: 'ErrImagePull', waitingMessage: undefined })]);
    const out = imagePullFailures([p], [], []);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ container: 'b', pool: 'gpu', attemptedHost: null, failureKind: 'other' });
  });

  it.each([
    ['aks-nodepool1-12345678-vmss000000', 'nodepool1'],
    ['aks-user1-87654321-vmss00000z', 'user1'],
    ['kind-worker', undefined],
    [undefined, undefined],
  ])('poolFromNodeName(%s) = %s', (name, pool) => {
    expect(poolFromNodeName(name)).toBe(pool);
  });
});
