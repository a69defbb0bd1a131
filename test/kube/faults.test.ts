import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { applyEnvProxy, loadKubeConfig } from '../../src/kube/access.js';
import { createKubeGateway } from '../../src/kube/gateway.js';
import { startFaultServer, startForwardProxy, type FaultMode } from '../faults/fault-server.js';
import { fixtureBundle } from '../azure/helpers.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  delete process.env.HTTPS_PROXY;
  delete process.env.NO_PROXY;
});

function kubeconfig(server: string, caPem?: string): string {
  const ca = caPem ? `\n    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}` : '';
  return `apiVersion: v1
kind: Config
clusters:
- name: aks-iso-prod
  cluster:
    server: ${server}${ca}
users:
- name: clusterUser
  user:
    token: 0f3c9a7e2b
contexts:
- name: aks-iso-prod
  context:
    cluster: aks-iso-prod
    user: clusterUser
current-context: aks-iso-prod
`;
}

async function faulty(mode: FaultMode, withCa = true): Promise<{ url: string; host: string; kc: ReturnType<typeof loadKubeConfig> }> {
  const s = await startFaultServer(mode);
  open.push(s);
  return { url: s.url, host: s.host, kc: loadKubeConfig({ kubeconfigYaml: kubeconfig(s.url, withCa ? s.caPem : undefined) }) };
}

describe('Kubernetes gateway against a misbehaving API server', () => {
  it('the diagnosis deadline cancels a hanging call with its reason, and names the host while waiting', async () => {
    const { host, kc } = await faulty('hang');
    const run = new AbortController();
    const kube = createKubeGateway(kc, { timeoutMs: 30_000, signal: run.signal });
    const pods = kube.pods();
    await expect.poll(() => kube.pendingHosts()).toEqual([host]);
    run.abort(new Error(`no answer within 60 s from ${host}`));
    expect(await pods).toEqual({ ok: false, reason: 'deadline', message: `no answer within 60 s from ${host}` });
    expect(kube.pendingHosts()).toEqual([]);
  });

  it('an HTML page from a proxy is named, not shown as the API server\'s answer', async () => {
    const { url, kc } = await faulty('html502');
    const r = await createKubeGateway(kc, { timeoutMs: 2000 }).nodes();
    expect(r).toEqual({ ok: false, reason: 'badResponse', message: `got an HTML page with 502 Bad Gateway, not a Kubernetes answer: a proxy between you and the API server at ${url}?` });
  });

  it('a certificate the kubeconfig\'s CA did not sign is a TLS failure in words', async () => {
    const { url, kc } = await faulty('badjson', false);
    const r = await createKubeGateway(kc, { timeoutMs: 2000 }).version();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('tls');
    expect(!r.ok && r.message).toMatch(new RegExp(`^TLS verification of the API server at ${url.replace(/[/.]/g, '\\$&')} failed: its certificate is not signed by the kubeconfig's certificate authority \\(\\w+\\)`));
  });
});

describe('Kubernetes through HTTPS_PROXY', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ bundle: fixtureBundle() });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('tunnels to the API server through the proxy of HTTPS_PROXY, unless NO_PROXY names it', async () => {
    const proxy = await startForwardProxy();
    open.push(proxy);
    process.env.HTTPS_PROXY = proxy.url;
    const kc = loadKubeConfig({ kubeconfigYaml: emu.kubeconfigYaml() });
    expect(applyEnvProxy(kc)).toBe(proxy.url);
    const r = await createKubeGateway(kc, { timeoutMs: 5000 }).nodes();
    expect(r.ok && r.value.length).toBe(5);
    expect(proxy.connects).toEqual([new URL(emu.url).host]);

    process.env.NO_PROXY = '127.0.0.1';
    expect(applyEnvProxy(loadKubeConfig({ kubeconfigYaml: emu.kubeconfigYaml() }))).toBeUndefined();
  });

  it('a proxy that wants credentials says so', async () => {
    const proxy = await startForwardProxy({ requireAuth: true });
    open.push(proxy);
    process.env.HTTPS_PROXY = proxy.url;
    const kc = loadKubeConfig({ kubeconfigYaml: emu.kubeconfigYaml() });
    applyEnvProxy(kc);
    const r = await createKubeGateway(kc, { timeoutMs: 5000 }).version();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('proxy');
    expect(!r.ok && r.message).toBe(`the proxy at ${proxy.url} needs authentication (407 Proxy Authentication Required) to reach the API server at ${emu.url}: put its user and password in HTTPS_PROXY, or add the API server to NO_PROXY`);
  });
});
