import {
  ApiException, CoreV1Api, KubeConfig, Observable, VersionApi,
  type ObservableMiddleware, type RequestContext, type ResponseContext,
} from '@kubernetes/client-node';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { startEmulator } from '../../src/emulator/server.js';
import { NODE_RG, SUB, fixtureBundle, staticCredential, unsignedJwt } from './server-fixture.js';

function kubeConfigOf(yaml: string, token?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  if (token !== undefined) {
    const user = kc.getCurrentUser();
    if (user) Object.assign(user, { token, exec: undefined });
  }
  return kc;
}

/** A per-call timeout, as the Kubernetes client has none: abort the fetch after `ms`. */
function timeout(ms: number): { middleware: ObservableMiddleware[]; middlewareMergeStrategy: 'append' } {
  return {
    middleware: [
      {
        pre(ctx: RequestContext): Observable<RequestContext> {
          ctx.setSignal(AbortSignal.timeout(ms));
          return new Observable(Promise.resolve(ctx));
        },
        post(ctx: ResponseContext): Observable<ResponseContext> {
          return new Observable(Promise.resolve(ctx));
        },
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('emulator: Kubernetes API through @kubernetes/client-node', () => {
  let emu: RunningEmulator;
  let core: CoreV1Api;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle() });
    core = kubeConfigOf(emu.kubeconfigYaml()).makeApiClient(CoreV1Api);
  });
  afterEach(() => {
    emu.clearFaults();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('serves /version from the cluster version', async () => {
    const version = await kubeConfigOf(emu.kubeconfigYaml()).makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.31.2');
    expect([version.major, version.minor]).toEqual(['1', '31']);
  });

  it('lists nodes, pods (all and namespaced) and logs the requests as kube', async () => {
    const before = emu.requests.length;
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['aks-nodepool1-12345678-vmss000000', 'aks-nodepool1-12345678-vmss000001']);
    expect(nodes.items[0]?.metadata?.labels?.['kubernetes.azure.com/agentpool']).toBe('nodepool1');
    const pods = await core.listPodForAllNamespaces();
    expect(pods.items).toHaveLength(5);
    expect(pods.kind).toBe('PodList');
    const inDefault = await core.listNamespacedPod({ namespace: 'default' });
    expect(inDefault.items.map((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason)).toEqual(['ImagePullBackOff', 'ErrImagePull']);
    const logged = emu.requests.slice(before);
    expect(logged.every((r) => r.api === 'kube')).toBe(true);
    expect(logged.map((r) => r.path.split('?')[0])).toEqual(['/api/v1/nodes', '/api/v1/pods', '/api/v1/namespaces/default/pods']);
    expect(logged.every((r) => r.status === 200 && r.end >= r.start)).toBe(true);
  });

  it('pages pods with limit and continue, as kube-apiserver does', async () => {
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const names = first.items.map((p) => p.metadata?.name);
    let cont = first.metadata?._continue;
    while (cont) {
      const page = await core.listPodForAllNamespaces({ limit: 2, _continue: cont });
      names.push(...page.items.map((p) => p.metadata?.name));
      cont = page.metadata?._continue;
    }
    expect(names).toHaveLength(5);
    expect(new Set(names).size).toBe(5);

    const bad = await failure(core.listPodForAllNamespaces({ limit: 2, _continue: 'not-a-token' }));
    expect(bad).toBeInstanceOf(ApiException);
    expect((bad as ApiException<unknown>).code).toBe(400);
  });

  it('filters events with fieldSelector (=, ==, !=, comma-joined)', async () => {
    const warnings = await core.listEventForAllNamespaces({ fieldSelector: 'involvedObject.kind=Pod,type=Warning' });
    expect(warnings.items.map((e) => e.reason)).toEqual(['Failed', 'BackOff', 'Failed']);
    expect(warnings.items[0]?.message).toContain('dial tcp 150.171.69.10:443: i/o timeout');
    const notBackOff = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.kind==Pod,type==Warning,reason!=BackOff' });
    expect(notBackOff.items.map((e) => e.involvedObject.name)).toEqual(['hello-7d9c8b6f5-q2w3e', 'web-5b6c7d8e9-r4t5y']);
    const onePod = await core.listEventForAllNamespaces({ fieldSelector: 'involvedObject.name=web-5b6c7d8e9-r4t5y,involvedObject.namespace=default' });
    expect(onePod.items).toHaveLength(1);
    const unsupported = await failure(core.listEventForAllNamespaces({ fieldSelector: 'spec.color=blue' }));
    expect((unsupported as ApiException<unknown>).code).toBe(400);
    expect(String((unsupported as ApiException<unknown>).body)).toContain('field label not supported: spec.color');
  });

  it('answers 401 to a wrong token', async () => {
    const stranger = kubeConfigOf(emu.kubeconfigYaml(), 'not-the-token').makeApiClient(CoreV1Api);
    const denied = await failure(stranger.listNode());
    expect(denied).toBeInstanceOf(ApiException);
    expect((denied as ApiException<unknown>).code).toBe(401);
  });

  it('answers 403 with the real Forbidden Status when a fault says so', async () => {
    emu.addFault({ kind: 'status', status: 403, path: '/api/v1/events', times: 1 });
    const denied = await failure(core.listEventForAllNamespaces({ fieldSelector: 'type=Warning' }));
    expect((denied as ApiException<unknown>).code).toBe(403);
    const body = JSON.parse(String((denied as ApiException<unknown>).body)) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: 'events is forbidden: User "clusterUser" cannot list resource "events" in API group "" at the cluster scope',
    });
    emu.addFault({ kind: 'status', status: 403, path: '/namespaces/default/pods', times: 1 });
    const namespaced = await failure(core.listNamespacedPod({ namespace: 'default' }));
    expect(String((namespaced as ApiException<unknown>).body)).toContain('cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"');
  });

  it('a hang fault is cut by the caller-side timeout (AbortSignal)', async () => {
    emu.addFault({ kind: 'hang', path: '/api/v1/nodes', times: 1 });
    const started = performance.now();
    const error = await failure(core.listNode(undefined, timeout(150)));
    expect((error as Error).name).toMatch(/AbortError|TimeoutError/);
    expect(performance.now() - started).toBeLessThan(5_000);
    // Under load the client may give up before the request even arrived: drop the fault either way.
    emu.clearFaults();
    // The server is still healthy afterwards.
    expect((await core.listNode()).items).toHaveLength(2);
  });

  it('accepts an Entra ID token for the AKS server application on an AAD cluster only', async () => {
    const token = unsignedJwt({ aud: '6dae42f8-4368-4678-94ff-3960e28e3630', upn: 'alice@contoso.example', oid: '11111111-2222-4333-8444-555555555555' });
    const denied = await failure(kubeConfigOf(emu.kubeconfigYaml(), token).makeApiClient(CoreV1Api).listNode());
    expect((denied as ApiException<unknown>).code).toBe(401);

    const aad = await startEmulator({ bundle: fixtureBundle({ aad: true }) });
    try {
      const client = kubeConfigOf(aad.kubeconfigYaml(), token).makeApiClient(CoreV1Api);
      expect((await client.listNode()).items).toHaveLength(2);
      const wrongAudience = unsignedJwt({ aud: 'https://management.azure.com', upn: 'alice@contoso.example' });
      const refused = await failure(kubeConfigOf(aad.kubeconfigYaml(), wrongAudience).makeApiClient(CoreV1Api).listNode());
      expect((refused as ApiException<unknown>).code).toBe(401);
    } finally {
      await aad.close();
    }
  });
});

describe('emulator: continue tokens through @kubernetes/client-node', () => {
  it('stay valid across ARM writes (the rest of the list is the snapshot the first chunk saw)', async () => {
    const emu = await startEmulator({ bundle: fixtureBundle() });
    try {
      const core = kubeConfigOf(emu.kubeconfigYaml()).makeApiClient(CoreV1Api);
      const first = await core.listPodForAllNamespaces({ limit: 2 });
      const dns = new PrivateDnsManagementClient(staticCredential(), SUB, { endpoint: emu.url, tlsOptions: { ca: emu.caPem } });
      await dns.recordSets.createOrUpdate(NODE_RG, 'privatelink.azurecr.io', 'A', 'unrelated', { ttl: 10, aRecords: [{ ipv4Address: '10.224.0.99' }] });
      const rest = await core.listPodForAllNamespaces({ limit: 10, _continue: first.metadata?._continue });
      expect(rest.items).toHaveLength(3);
      expect(rest.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    } finally {
      await emu.close();
    }
  });

  it('expire with age: 410 Expired, with a token to continue inconsistently', async () => {
    const emu = await startEmulator({ bundle: fixtureBundle(), kubeContinueTtlMs: 50 });
    try {
      const core = kubeConfigOf(emu.kubeconfigYaml()).makeApiClient(CoreV1Api);
      const page = await core.listPodForAllNamespaces({ limit: 2 });
      await sleep(120);
      const expired = await failure(core.listPodForAllNamespaces({ limit: 2, _continue: page.metadata?._continue }));
      expect((expired as ApiException<unknown>).code).toBe(410);
      const status = JSON.parse(String((expired as ApiException<unknown>).body)) as { metadata: { continue: string } };
      expect(status).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
      const rest = await core.listPodForAllNamespaces({ limit: 10, _continue: status.metadata.continue });
      expect(rest.items).toHaveLength(3);
    } finally {
      await emu.close();
    }
  });
});

describe('emulator: unreachable Kubernetes API server', () => {
  it('points the kubeconfig at a closed port: connection refused', async () => {
    const emu = await startEmulator({ bundle: fixtureBundle({ reachable: false }) });
    try {
      const kc = kubeConfigOf(emu.kubeconfigYaml());
      const server = kc.getCurrentCluster()?.server ?? '';
      expect(server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(server).not.toBe(emu.url);
      const error = await failure(kc.makeApiClient(CoreV1Api).listNode());
      const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
      expect(code).toBe('ECONNREFUSED');
    } finally {
      await emu.close();
    }
  });
});
