import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/bundle/types.js';
import { humanDuration, tableRequest, toTable, type TableRequest } from '../../src/emulator/kube-table.js';

/** Server-side printing, case by case as kubernetes/kubernetes printers.go prints them. */

const NOW = Date.parse('2026-12-02T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.000Z$/, 'Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const V1: TableRequest = { version: 'v1', includeObject: 'Metadata' };

function cells(resource: 'nodes' | 'pods' | 'events', o: KubeObject): unknown[] {
  const table = toTable(resource, 'X', [o], {}, V1, NOW) as { rows: Array<{ cells: unknown[] }> };
  return table.rows[0]?.cells ?? [];
}

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [0, '0s'], [-1_000, '0s'], [-5_000, '<invalid>'], [59_000, '59s'], [119_000, '119s'], [2 * MIN, '2m'],
    [2 * MIN + 5_000, '2m5s'], [10 * MIN, '10m'], [179 * MIN, '179m'], [180 * MIN, '3h'], [185 * MIN, '3h5m'],
    [8 * 60 * MIN, '8h'], [47 * 60 * MIN, '47h'], [2 * DAY, '2d'], [2 * DAY + 2 * 60 * MIN, '2d2h'], [8 * DAY, '8d'],
    [400 * DAY, '400d'], [730 * DAY, '2y'], [800 * DAY, '2y70d'], [9 * 365 * DAY, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('tableRequest (Accept negotiation)', () => {
  const q = (s = ''): URLSearchParams => new URLSearchParams(s);
  it('takes the first Table kind kubectl accepts', () => {
    expect(tableRequest('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json', q()))
      .toEqual({ version: 'v1', includeObject: 'Metadata' });
    expect(tableRequest('application/json;as=Table;v=v1beta1;g=meta.k8s.io', q('includeObject=Object'))).toEqual({ version: 'v1beta1', includeObject: 'Object' });
  });
  it('serves objects to everyone else', () => {
    expect(tableRequest('application/json, */*', q())).toBeUndefined();
    expect(tableRequest(undefined, q())).toBeUndefined();
    expect(tableRequest('application/json;as=Table;v=v2;g=meta.k8s.io', q())).toBeUndefined();
    expect(tableRequest('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', q())).toBeUndefined();
  });
});

describe('node rows', () => {
  const node = (over: { ready?: string; unschedulable?: boolean; labels?: Record<string, string>; noConditions?: boolean } = {}): KubeObject => ({
    metadata: { name: 'aks-user1-23456789-vmss000000', creationTimestamp: ago(393 * DAY), labels: over.labels ?? { 'kubernetes.azure.com/role': 'agent' } },
    spec: over.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: over.noConditions ? [] : [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: over.ready ?? 'True', reason: 'KubeletReady' }],
      addresses: [{ type: 'InternalIP', address: '10.224.0.7' }, { type: 'Hostname', address: 'aks-user1-23456789-vmss000000' }],
      nodeInfo: { kubeletVersion: 'v1.32.7', osImage: 'Ubuntu 22.04.5 LTS', kernelVersion: '5.15.0-1098-azure', containerRuntimeVersion: 'containerd://1.7.28-1' },
    },
  });
  it.each([
    ['ready', node(), 'Ready', '<none>'],
    ['not ready', node({ ready: 'False' }), 'NotReady', '<none>'],
    ['kubelet never reported', node({ noConditions: true }), 'Unknown', '<none>'],
    ['cordoned', node({ unschedulable: true }), 'Ready,SchedulingDisabled', '<none>'],
    ['role labels', node({ labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'agent', 'node-role.kubernetes.io/': '' } }), 'Ready', 'agent,control-plane'],
  ])('%s', (_name, n, status, roles) => {
    expect(cells('nodes', n)).toEqual([
      'aks-user1-23456789-vmss000000', status, roles, '393d', 'v1.32.7',
      '10.224.0.7', '<none>', 'Ubuntu 22.04.5 LTS', '5.15.0-1098-azure', 'containerd://1.7.28-1',
    ]);
  });
});

describe('pod rows', () => {
  const image = 'mcr.microsoft.com/dotnet/samples:aspnetapp-9.0';
  const running = { running: { startedAt: ago(10 * DAY) } };
  const pod = (status: Record<string, unknown>, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject => ({
    metadata: { name: 'storefront-7d9c6b5f4-s4h8v', namespace: 'shop', creationTimestamp: ago(10 * DAY), ...meta },
    spec: { nodeName: 'aks-user1-23456789-vmss000000', containers: [{ name: 'storefront', image }], ...spec },
    status,
  });
  const container = (state: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name: 'storefront', image, ready: false, restartCount: 0, state, ...extra,
  });
  const initSpec = { initContainers: [{ name: 'migrate', image: 'ghcr.io/contoso/migrate:2.4.1' }, { name: 'seed', image: 'ghcr.io/contoso/seed:1.0' }] };

  it.each([
    ['running and ready', pod({ phase: 'Running', podIPs: [{ ip: '10.244.1.7' }], containerStatuses: [container(running, { ready: true })] }), '1/1', 'Running', '0'],
    ['image pull back-off', pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } })] }), '0/1', 'ImagePullBackOff', '0'],
    ['init container cannot pull', pod({ phase: 'Pending', initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }], containerStatuses: [container({ waiting: { reason: 'PodInitializing' } })] }, initSpec), '0/1', 'Init:ErrImagePull', '0'],
    ['first init container running', pod({ phase: 'Pending', initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: running }] }, initSpec), '0/1', 'Init:0/2', '0'],
    ['second init container failed', pod({ phase: 'Pending', initContainerStatuses: [
      { name: 'migrate', ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'seed', ready: false, restartCount: 1, state: { terminated: { exitCode: 1, reason: 'Error' } } },
    ] }, initSpec), '0/1', 'Init:Error', '1'],
    ['crash loop with a recent restart', pod({ phase: 'Running', containerStatuses: [container({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 5, lastState: { terminated: { exitCode: 137, finishedAt: ago(3 * MIN) } } })] }), '0/1', 'CrashLoopBackOff', '5 (3m ago)'],
    ['completed job', pod({ phase: 'Succeeded', containerStatuses: [container({ terminated: { exitCode: 0, reason: 'Completed' } })] }), '0/1', 'Completed', '0'],
    ['evicted', pod({ phase: 'Failed', reason: 'Evicted', containerStatuses: [] }), '0/1', 'Evicted', '0'],
    ['being deleted', pod({ phase: 'Running', containerStatuses: [container(running, { ready: true })] }, {}, { deletionTimestamp: ago(MIN) }), '1/1', 'Terminating', '0'],
    ['native sidecar', pod({ phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 0, state: running }],
      containerStatuses: [container(running, { ready: true })] }, { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] }), '2/2', 'Running', '0'],
  ])('%s', (_name, p, ready, status, restarts) => {
    expect(cells('pods', p).slice(0, 5)).toEqual(['storefront-7d9c6b5f4-s4h8v', ready, status, restarts, '10d']);
  });

  it('prints the wide columns and marks finished pods Completed in the row conditions', () => {
    const done = pod({ phase: 'Succeeded', podIPs: [{ ip: '10.244.1.7' }], containerStatuses: [container({ terminated: { exitCode: 0, reason: 'Completed' } })] });
    const table = toTable('pods', 'Pod', [done], { resourceVersion: '7' }, V1, NOW) as { rows: Array<{ cells: unknown[]; conditions?: unknown[]; object?: unknown }> };
    expect(table.rows[0]?.cells.slice(5)).toEqual(['10.244.1.7', 'aks-user1-23456789-vmss000000', '<none>', '<none>']);
    expect(table.rows[0]?.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(table.rows[0]?.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: done.metadata });
  });
});

describe('event rows', () => {
  it('prints LAST SEEN, TYPE, REASON, OBJECT, MESSAGE first, then the wide columns', () => {
    const event: KubeObject = {
      metadata: { name: 'storefront-7d9c6b5f4-s4h8v.17f3c0a1b2c3d4e5', namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'storefront-7d9c6b5f4-s4h8v', namespace: 'shop', fieldPath: 'spec.containers{storefront}' },
      type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff\n', count: 48,
      source: { component: 'kubelet', host: 'aks-user1-23456789-vmss000000' },
      firstTimestamp: ago(10 * DAY), lastTimestamp: ago(4 * MIN),
    };
    expect(cells('events', event)).toEqual([
      '4m', 'Warning', 'Failed', 'pod/storefront-7d9c6b5f4-s4h8v', 'spec.containers{storefront}',
      'kubelet, aks-user1-23456789-vmss000000', 'Error: ImagePullBackOff', '10d', 48, 'storefront-7d9c6b5f4-s4h8v.17f3c0a1b2c3d4e5',
    ]);
  });

  it('falls back to eventTime and series for events written through events.k8s.io', () => {
    const event: KubeObject = {
      metadata: { name: 'aks-user1-23456789-vmss000000.180a', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'aks-user1-23456789-vmss000000' },
      type: 'Normal', reason: 'RegisteredNode', message: 'Node aks-user1-23456789-vmss000000 event: Registered Node',
      eventTime: ago(2 * 60 * MIN), reportingComponent: 'node-controller', firstTimestamp: null, lastTimestamp: null,
      series: { count: 3, lastObservedTime: ago(30_000) },
    };
    expect(cells('events', event)).toEqual([
      '30s', 'Normal', 'RegisteredNode', 'node/aks-user1-23456789-vmss000000', '', 'node-controller',
      'Node aks-user1-23456789-vmss000000 event: Registered Node', '120m', 3, 'aks-user1-23456789-vmss000000.180a',
    ]);
    const single = cells('events', { ...event, series: undefined, count: 0 });
    expect([single[0], single[8]]).toEqual(['120m', 1]);
  });
});

describe('Table envelope', () => {
  it('carries the list metadata, the column definitions of printers.go and the requested row objects', () => {
    const node: KubeObject = { kind: 'Node', apiVersion: 'v1', metadata: { name: 'n1', resourceVersion: '12' }, status: {} };
    const table = toTable('nodes', 'Node', [node], { resourceVersion: '40', continue: 'abc' }, { version: 'v1beta1', includeObject: 'Object' }, NOW) as {
      kind: string; apiVersion: string; metadata: unknown; columnDefinitions: Array<{ name: string; type: string; format: string; priority: number }>; rows: Array<{ object: unknown }>;
    };
    expect([table.kind, table.apiVersion, table.metadata]).toEqual(['Table', 'meta.k8s.io/v1beta1', { resourceVersion: '40', continue: 'abc' }]);
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0], ['Status', 'string', '', 0], ['Roles', 'string', '', 0], ['Age', 'string', '', 0], ['Version', 'string', '', 0],
      ['Internal-IP', 'string', '', 1], ['External-IP', 'string', '', 1], ['OS-Image', 'string', '', 1], ['Kernel-Version', 'string', '', 1], ['Container-Runtime', 'string', '', 1],
    ]);
    expect(table.rows[0]?.object).toEqual(node);
    const none = toTable('nodes', 'Node', [node], {}, { version: 'v1', includeObject: 'None' }, NOW) as { rows: Array<Record<string, unknown>> };
    expect(none.rows[0]).not.toHaveProperty('object');
  });

  it('has the pod and event columns kubectl prints (NAME READY STATUS RESTARTS AGE; LAST SEEN TYPE REASON OBJECT MESSAGE)', () => {
    const names = (r: 'pods' | 'events', p: number): string[] => (toTable(r, 'X', [], {}, V1, NOW) as { columnDefinitions: Array<{ name: string; priority: number }> })
      .columnDefinitions.filter((c) => c.priority === p).map((c) => c.name);
    expect(names('pods', 0)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(names('pods', 1)).toEqual(['IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(names('events', 0)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
    expect(names('events', 1)).toEqual(['Subobject', 'Source', 'First Seen', 'Count', 'Name']);
  });
});
