import { describe, expect, it } from 'vitest';
import type { Bundle, KubeObject } from '../../src/bundle/types.js';
import { CONTINUE_TTL_MS, createKubeApi } from '../../src/emulator/kube-api.js';
import { fixtureBundle } from './server-fixture.js';

/** The stateful reads of the emulated API server: discovery, lists, chunks, resourceVersions. */

type List = { kind: string; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: KubeObject[] };

function clock(start = Date.parse('2026-12-02T12:00:00Z')): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

function withPods(bundle: Bundle, count: number): Bundle {
  const template = bundle.kubernetes.pods?.[0] ?? {};
  bundle.kubernetes.pods = Array.from({ length: count }, (_, i) => ({
    ...structuredClone(template),
    metadata: { name: `web-${String(i).padStart(5, '0')}`, namespace: 'shop', uid: `uid-${i}`, resourceVersion: String(5_000 + i) },
  }));
  return bundle;
}

function q(params: Record<string, string>): URLSearchParams {
  return new URLSearchParams(params);
}

describe('discovery', () => {
  const api = createKubeApi(fixtureBundle());
  it('lists the core group and the resources kubectl resolves names with', () => {
    expect(api.get({ path: '/api', query: q({}) }).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const v1 = api.get({ path: '/api/v1', query: q({}) }).body as { kind: string; groupVersion: string; resources: Array<Record<string, unknown>> };
    expect([v1.kind, v1.groupVersion]).toEqual(['APIResourceList', 'v1']);
    expect(v1.resources.map((r) => [r['name'], r['kind'], r['namespaced'], r['shortNames']])).toEqual([
      ['events', 'Event', true, ['ev']], ['nodes', 'Node', false, ['no']], ['pods', 'Pod', true, ['po']],
    ]);
    expect(v1.resources.every((r) => JSON.stringify(r['verbs']) === '["get","list"]')).toBe(true);
    expect(api.get({ path: '/apis', query: q({}) }).body).toMatchObject({ kind: 'APIGroupList', groups: [{ name: 'coordination.k8s.io' }] });
    expect(api.get({ path: '/apis/coordination.k8s.io/v1', query: q({}) }).body).toMatchObject({ resources: [{ name: 'leases', kind: 'Lease', verbs: ['get'] }] });
    expect(api.get({ path: '/apis/apps/v1', query: q({}) }).status).toBe(404);
  });

  it('serves the lease of each node from its heartbeat, as kubectl describe node reads it', () => {
    const bundle = fixtureBundle();
    const node = bundle.kubernetes.nodes?.[0];
    const name = node?.metadata?.name ?? '';
    const lease = api.get({ path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, query: q({}) });
    expect(lease.status).toBe(200);
    expect(lease.body).toMatchObject({ kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40 } });
    const missing = api.get({ path: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/nope', query: q({}) });
    expect(missing.body).toMatchObject({ kind: 'Status', code: 404, message: 'leases.coordination.k8s.io "nope" not found' });
  });
});

describe('lists and objects', () => {
  it('serves list items without kind/apiVersion and a single object with them', () => {
    const api = createKubeApi(fixtureBundle());
    const list = api.get({ path: '/api/v1/pods', query: q({}) }).body as List;
    expect(list.kind).toBe('PodList');
    expect(list.items.every((i) => !('kind' in i) && !('apiVersion' in i))).toBe(true);
    const name = list.items[0]?.metadata?.name ?? '';
    const one = api.get({ path: `/api/v1/namespaces/${list.items[0]?.metadata?.namespace ?? ''}/pods/${name}`, query: q({}) }).body as KubeObject;
    expect([one['kind'], one['apiVersion'], one.metadata?.name]).toEqual(['Pod', 'v1', name]);
  });

  it('answers namespaced resources only under a namespace, and refuses watches', () => {
    const api = createKubeApi(fixtureBundle());
    expect(api.get({ path: '/api/v1/pods/web-5b6c7d8e9-r4t5y', query: q({}) }).status).toBe(404);
    expect(api.get({ path: '/api/v1/namespaces/default/nodes', query: q({}) }).status).toBe(404);
    expect(api.get({ path: '/api/v1/pods', query: q({ watch: 'true' }) })).toMatchObject({ status: 405, body: { reason: 'MethodNotAllowed' } });
  });

  it('serves a resourceVersion at least every item’s', () => {
    const api = createKubeApi(withPods(fixtureBundle(), 3));
    const list = api.get({ path: '/api/v1/pods', query: q({}) }).body as List;
    const newest = Math.max(...list.items.map((i) => Number(i.metadata?.['resourceVersion'])));
    expect(newest).toBe(5_002);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(newest);
  });

  it('honours any limit, as kube-apiserver does: 4,000 pods in 8 chunks of 500', () => {
    const api = createKubeApi(withPods(fixtureBundle(), 4_000));
    const sizes: number[] = [];
    let cont: string | undefined;
    do {
      const page = api.get({ path: '/api/v1/pods', query: q({ limit: '500', ...(cont ? { continue: cont } : {}) }) }).body as List;
      sizes.push(page.items.length);
      if (sizes.length === 1) expect(page.metadata.remainingItemCount).toBe(3_500);
      cont = page.metadata.continue;
    } while (cont);
    expect(sizes).toEqual([500, 500, 500, 500, 500, 500, 500, 500]);
    const all = api.get({ path: '/api/v1/pods', query: q({ limit: '5000' }) }).body as List;
    expect([all.items.length, all.metadata.continue]).toEqual([4_000, undefined]);
  });

  it('leaves remainingItemCount unset for a filtered list (the server cannot know it)', () => {
    const api = createKubeApi(fixtureBundle());
    const page = api.get({ path: '/api/v1/events', query: q({ limit: '1', fieldSelector: 'type=Warning' }) }).body as List;
    expect(page.items).toHaveLength(1);
    expect(page.metadata.continue).toBeTruthy();
    expect(page.metadata).not.toHaveProperty('remainingItemCount');
  });

  it('answers a Table for as=Table, paged like the list', () => {
    const api = createKubeApi(withPods(fixtureBundle(), 3));
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const answer = api.get({ path: '/api/v1/pods', query: q({ limit: '2' }), accept });
    expect(answer.contentType).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = answer.body as { kind: string; metadata: { continue?: string }; rows: Array<{ cells: unknown[] }> };
    expect(table.kind).toBe('Table');
    expect(table.rows.map((r) => r.cells[0])).toEqual(['web-00000', 'web-00001']);
    const rest = api.get({ path: '/api/v1/pods', query: q({ limit: '2', continue: table.metadata.continue ?? '' }), accept }).body as typeof table;
    expect(rest.rows.map((r) => r.cells[0])).toEqual(['web-00002']);
    const one = api.get({ path: '/api/v1/namespaces/shop/pods/web-00001', query: q({}), accept }).body as typeof table & { metadata: { resourceVersion: string } };
    expect([one.kind, one.rows.length, one.metadata.resourceVersion]).toEqual(['Table', 1, '5001']);
  });
});

describe('continue tokens', () => {
  it('expire by age (an etcd compaction), with the 410 Expired Status and a token for the rest', () => {
    const c = clock();
    const api = createKubeApi(withPods(fixtureBundle(), 5), { now: c.now });
    const first = api.get({ path: '/api/v1/pods', query: q({ limit: '2' }) }).body as List;
    c.advance(CONTINUE_TTL_MS - 1_000);
    const second = api.get({ path: '/api/v1/pods', query: q({ limit: '2', continue: first.metadata.continue ?? '' }) }).body as List;
    expect(second.items.map((i) => i.metadata?.name)).toEqual(['web-00002', 'web-00003']);
    c.advance(2_000);
    const late = api.get({ path: '/api/v1/pods', query: q({ limit: '2', continue: second.metadata.continue ?? '' }) });
    expect(late.status).toBe(410);
    expect(late.body).toMatchObject({
      kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410,
      message: expect.stringMatching(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/) as unknown,
    });
    const inconsistent = (late.body as { metadata: { continue: string } }).metadata.continue;
    const rest = api.get({ path: '/api/v1/pods', query: q({ limit: '2', continue: inconsistent }) }).body as List;
    expect(rest.items.map((i) => i.metadata?.name)).toEqual(['web-00004']);
  });

  it('survive writes: a chunked list stays the snapshot its first chunk saw', () => {
    const bundle = withPods(fixtureBundle(), 5);
    const api = createKubeApi(bundle);
    const first = api.get({ path: '/api/v1/pods', query: q({ limit: '2' }) }).body as List;
    const before = first.metadata.resourceVersion;
    // A write that changes nothing Kubernetes shows (an ARM-only change) moves nothing.
    api.track(() => undefined);
    expect(api.resourceVersion()).toBe(before);
    // A remediation heals a pod in place and deletes another.
    api.track(() => {
      const pods = bundle.kubernetes.pods ?? [];
      (pods[3] as { status: Record<string, unknown> }).status = { phase: 'Succeeded' };
      bundle.kubernetes.pods = pods.filter((p) => p.metadata?.name !== 'web-00002');
    });
    expect(Number(api.resourceVersion())).toBeGreaterThan(Number(before));
    const rest = api.get({ path: '/api/v1/pods', query: q({ limit: '10', continue: first.metadata.continue ?? '' }) }).body as List;
    expect(rest.metadata.resourceVersion).toBe(before);
    expect(rest.items.map((i) => i.metadata?.name)).toEqual(['web-00002', 'web-00003', 'web-00004']);
    expect((rest.items[1] as { status: { phase: string } }).status.phase).not.toBe('Succeeded');
    // A fresh list sees the new state, and the changed pod carries the new resourceVersion.
    const now = api.get({ path: '/api/v1/pods', query: q({}) }).body as List;
    expect(now.items.map((i) => i.metadata?.name)).toEqual(['web-00000', 'web-00001', 'web-00003', 'web-00004']);
    const healed = now.items.find((i) => i.metadata?.name === 'web-00003');
    expect(healed?.metadata?.['resourceVersion']).toBe(now.metadata.resourceVersion);
    expect(Math.max(...now.items.map((i) => Number(i.metadata?.['resourceVersion'])))).toBeLessThanOrEqual(Number(now.metadata.resourceVersion));
  });

  it('refuses a token that is not one with 400', () => {
    const api = createKubeApi(fixtureBundle());
    expect(api.get({ path: '/api/v1/pods', query: q({ limit: '2', continue: 'not-a-token' }) })).toMatchObject({ status: 400, body: { reason: 'BadRequest' } });
    const forged = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 'x', start: 2, at: 0 })).toString('base64url');
    expect(api.get({ path: '/api/v1/pods', query: q({ continue: forged }) }).status).toBe(400);
  });
});
