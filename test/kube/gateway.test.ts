import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { createKubeGateway, notConfiguredKube, type RecordedKubeResponse } from '../../src/kube/gateway.js';
import { KubeConfigError, kubeConfigFromArm, loadKubeConfig } from '../../src/kube/access.js';
import type { KubeResult } from '../../src/kube/types.js';
import { fixtureBundle, IDS, ScopedTestCredential, testGateway } from '../azure/helpers.js';

function value<T>(r: KubeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.reason}: ${r.message}`);
  return r.value;
}

function kubeRequests(emu: RunningEmulator): string[] {
  return emu.requests.filter((r) => r.api === 'kube').map((r) => r.path);
}

describe('Kubernetes gateway (real client-node against the emulated API server)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle(), pageSize: 2 });
  });
  afterAll(async () => {
    await emu.close();
  });
  afterEach(() => {
    emu.clearFaults();
  });

  it('gets a token kubeconfig from ARM and lists nodes, pods and pod warning events', async () => {
    const kc = await kubeConfigFromArm(testGateway(emu), IDS.cluster);
    const kube = createKubeGateway(kc);
    expect(value(await kube.version()).gitVersion).toMatch(/^v1\.31\./);

    const nodes = value(await kube.nodes());
    expect(nodes.map((n) => [n.name, n.pool, n.ready])).toEqual([
      ['aks-systempool-38291746-vmss000000', 'systempool', true],
      ['aks-systempool-38291746-vmss000001', 'systempool', true],
      ['aks-userpool-38291746-vmss000000', 'userpool', true],
      ['aks-userpool-38291746-vmss000001', 'userpool', true],
      ['aks-userpool-38291746-vmss000002', 'userpool', false],
    ]);
    expect(nodes[0]).toMatchObject({ nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.19.0', kubeletVersion: 'v1.31.7', osImage: 'Ubuntu 22.04.5 LTS', createdAt: '2025-10-02T08:25:13.000Z' });

    const pods = value(await kube.pods());
    expect(pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(expect.arrayContaining(['kube-system/coredns-6f8b9c7d54-x2k9p', 'shop/web-7d9f8c6b5-qm4lz', 'monitoring/metrics-agent-5c7b9d8f6-7hj2r']));
    const web = pods.find((p) => p.name === 'web-7d9f8c6b5-qm4lz');
    expect(web?.containers).toEqual([
      { name: 'migrate', image: 'ghcr.io/contoso/migrate:2.4.1', init: true, ready: false, waitingReason: 'ImagePullBackOff', waitingMessage: 'Back-off pulling image "ghcr.io/contoso/migrate:2.4.1"', running: false },
      { name: 'web', image: 'docker.io/library/nginx:1.27', init: false, ready: false, waitingReason: 'PodInitializing', waitingMessage: undefined, running: false },
    ]);
    const agent = pods.find((p) => p.name === 'metrics-agent-5c7b9d8f6-7hj2r');
    expect(agent).toMatchObject({ phase: 'Pending', nodeName: 'aks-userpool-38291746-vmss000001' });
    expect(agent?.containers[0]?.waitingReason).toBe('ErrImagePull');
    expect(agent?.containers[0]?.waitingMessage).toContain('dial tcp 150.171.69.10:443: i/o timeout');

    const events = value(await kube.podWarningEvents());
    expect(events.map((e) => [e.involvedObject.kind, e.type, e.reason, e.involvedObject.name])).toEqual(expect.arrayContaining([
      ['Pod', 'Warning', 'Failed', 'metrics-agent-5c7b9d8f6-7hj2r'],
      ['Pod', 'Warning', 'BackOff', 'metrics-agent-5c7b9d8f6-7hj2r'],
      ['Pod', 'Warning', 'Failed', 'web-7d9f8c6b5-qm4lz'],
    ]));
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ count: 14, host: expect.stringMatching(/^aks-/) as unknown, lastTimestamp: '2025-11-20T09:21:40.000Z' });
    expect(kubeRequests(emu).some((p) => decodeURIComponent(p).includes('fieldSelector=involvedObject.kind=Pod,type=Warning'))).toBe(true);
  });

  it('pages with limit/continue, memoises each list, and records raw bodies', async () => {
    const recorded: RecordedKubeResponse[] = [];
    const kube = createKubeGateway(loadKubeConfig({ kubeconfigYaml: emu.kubeconfigYaml() }), { pageSize: 2, onResponse: (r) => recorded.push(r) });
    const before = kubeRequests(emu).length;
    const [a, b] = await Promise.all([kube.nodes(), kube.nodes()]);
    expect(a).toBe(b);
    expect(value(a)).toHaveLength(5);
    const nodePages = kubeRequests(emu).slice(before).filter((p) => p.startsWith('/api/v1/nodes'));
    expect(nodePages).toHaveLength(3);
    expect(nodePages[0]).toContain('limit=2');
    expect(nodePages[1]).toContain('continue=');
    expect(kube.stats().requests).toBe(3);
    await kube.nodes();
    expect(kube.stats().requests).toBe(3);

    expect(recorded.map((r) => r.path.split('?')[0])).toEqual(['/api/v1/nodes', '/api/v1/nodes', '/api/v1/nodes']);
    const first = JSON.parse(recorded[0]?.bodyText ?? '{}') as { kind: string; items: { metadata: { labels: Record<string, string> } }[]; metadata: { continue?: string } };
    expect(first.kind).toBe('NodeList');
    expect(first.items).toHaveLength(2);
    expect(first.items[0]?.metadata.labels['kubernetes.azure.com/agentpool']).toBe('systempool');
    expect(first.metadata.continue).toBeTruthy();
  });

  it('times out a hanging API server per call', async () => {
    emu.addFault({ path: '/api/v1/pods', kind: 'hang' });
    const kube = createKubeGateway(loadKubeConfig({ kubeconfigYaml: emu.kubeconfigYaml() }), { timeoutMs: 300 });
    const r = await kube.pods();
    expect(r).toEqual({ ok: false, reason: 'timeout', message: `the API server at ${emu.url} did not answer within 0.3 s` });
  });

  it('reports a rejected token as unauthorized', async () => {
    const kube = createKubeGateway(loadKubeConfig({ kubeconfigYaml: emu.kubeconfigYaml(), bearerToken: 'not-the-cluster-token' }));
    const r = await kube.nodes();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('unauthorized');
    expect(!r.ok && r.message).toContain('401');
  });

  it('reports RBAC denial as forbidden with the API server\'s message', async () => {
    emu.addFault({ path: '/api/v1/events', kind: 'status', status: 403 });
    const kube = createKubeGateway(loadKubeConfig({ kubeconfigYaml: emu.kubeconfigYaml() }));
    const r = await kube.podWarningEvents();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('forbidden');
    expect(!r.ok && r.message).toMatch(/cannot list resource "events" in API group "" at the cluster scope/);
  });

  it('uses an Entra ID token for the AKS server app instead of kubelogin', async () => {
    const entra = await startEmulator({
      bundle: fixtureBundle((b) => {
        const cluster = b.arm.find((r) => r.id === b.cluster);
        if (cluster?.properties) cluster.properties.aadProfile = { managed: true, enableAzureRBAC: true, tenantID: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
      }),
    });
    try {
      const credential = new ScopedTestCredential('dana@contoso.example');
      const azure = testGateway(entra, { credential });
      expect(await azure.clusterUserKubeconfig(IDS.cluster)).toContain('kubelogin');
      const kc = await kubeConfigFromArm(azure, IDS.cluster);
      expect(kc.getCurrentUser()?.exec).toBeUndefined();
      expect(credential.scopesAsked).toContain('6dae42f8-4368-4678-94ff-3960e28e3630/.default');
      expect(value(await createKubeGateway(kc).nodes())).toHaveLength(5);
    } finally {
      await entra.close();
    }
  });

  it('says why a private API server cannot be reached', async () => {
    const priv = await startEmulator({ bundle: fixtureBundle((b) => { b.kubernetes = { reachable: false }; }) });
    try {
      const kube = createKubeGateway(await kubeConfigFromArm(testGateway(priv), IDS.cluster));
      const r = await kube.version();
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toBe('unreachable');
      expect(!r.ok && r.message).toMatch(/^the API server at https:\/\/127\.0\.0\.1:\d+ refused the connection: a network isolated cluster's API server is private; run from inside the VNet or pass --kubeconfig$/);
    } finally {
      await priv.close();
    }
  });
});

describe('loadKubeConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aks-netiso-kube-'));
  const yaml = [
    'apiVersion: v1', 'kind: Config', 'current-context: aks-iso-prod',
    'clusters:', '- name: aks-iso-prod', '  cluster:', '    server: https://aks-iso-prod-dns-4k2j7q1p.privatelink.eastus2.azmk8s.io:443',
    '- name: staging', '  cluster:', '    server: https://10.0.0.4:443',
    'users:', '- name: clusterUser_rg_aks-iso-prod', '  user:', '    token: t0k3n',
    'contexts:', '- name: aks-iso-prod', '  context:', '    cluster: aks-iso-prod', '    user: clusterUser_rg_aks-iso-prod',
    '- name: staging', '  context:', '    cluster: staging', '    user: clusterUser_rg_aks-iso-prod', '',
  ].join('\n');
  const path = join(dir, 'config');
  writeFileSync(path, yaml);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function loadError(target: Parameters<typeof loadKubeConfig>[0]): string {
    try {
      loadKubeConfig(target);
    } catch (e) {
      expect(e).toBeInstanceOf(KubeConfigError);
      expect((e as Error).message).not.toContain('\n');
      return (e as Error).message;
    }
    throw new Error('expected a KubeConfigError');
  }

  it('loads --kubeconfig and selects --context', () => {
    expect(loadKubeConfig({ kubeconfigPath: path }).getCurrentCluster()?.server).toContain('privatelink.eastus2.azmk8s.io');
    expect(loadKubeConfig({ kubeconfigPath: path, context: 'staging' }).getCurrentCluster()?.server).toBe('https://10.0.0.4:443');
  });

  it('honours KUBECONFIG when no path is given', () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = path;
    try {
      expect(loadKubeConfig({ context: 'staging' }).getCurrentContext()).toBe('staging');
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('replaces the user with a bearer token when asked', () => {
    expect(loadKubeConfig({ kubeconfigPath: path, bearerToken: 'other' }).getCurrentUser()?.token).toBe('other');
  });

  it('gives one clear line for each bad input', () => {
    expect(loadError({ kubeconfigPath: join(dir, 'missing') })).toBe(`cannot read kubeconfig ${join(dir, 'missing')}: no such file`);
    expect(loadError({ kubeconfigPath: path, context: 'prod' })).toBe(`context "prod" is not in ${path} (contexts: aks-iso-prod, staging)`);
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'clusters: [unclosed');
    expect(loadError({ kubeconfigPath: bad })).toMatch(/^invalid kubeconfig /);
    const noContext = join(dir, 'nocontext');
    writeFileSync(noContext, yaml.replace('current-context: aks-iso-prod', ''));
    expect(loadError({ kubeconfigPath: noContext })).toContain('has no current context: pass --context NAME');
  });

  it('notConfiguredKube answers every call with the reason', async () => {
    const kube = notConfiguredKube('--no-kube was given');
    for (const r of [await kube.version(), await kube.nodes(), await kube.pods(), await kube.podWarningEvents()]) {
      expect(r).toEqual({ ok: false, reason: 'notConfigured', message: '--no-kube was given' });
    }
    expect(kube.stats().requests).toBe(0);
  });
});
