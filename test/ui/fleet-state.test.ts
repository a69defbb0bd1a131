import { describe, expect, it } from 'vitest';
import { fleetKey, fleetReducer, fleetUiExitCode, initialFleetState, visibleClusters, type FleetUiState } from '../../src/ui/fleet/state.js';
import type { FleetCluster, FleetReport } from '../../src/fleet/report.js';
import type { KeyPress } from '../../src/ui/state/keys.js';

const SUB = '00000000-0000-0000-0000-000000000001';
function line(name: string, status: FleetCluster['status'], checkId?: string): FleetCluster {
  return {
    cluster: `/subscriptions/${SUB}/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name, subscriptionId: SUB, resourceGroup: `rg-${name}`, location: 'eastus', networkIsolated: status !== 'not-isolated', registryMode: 'managed', status,
    rootCauses: checkId ? [{ checkId, remediation: 'reconcile', summary: 's' }] : [], checks: [],
  };
}
const REPORT: FleetReport = {
  schema: 'aks-netiso/fleet@1', scannedAt: '2026-12-02T00:00:00Z', scope: { subscriptions: [SUB], managementGroups: [] },
  clusters: [line('a', 'healthy'), line('b', 'problem', 'dns.records'), line('c', 'not-isolated'), line('d', 'problem', 'registry.exists')],
  stats: { clusters: 4, resourceGraphQueries: 3, armRequests: 4, throttled: 0, durationMs: 1 },
};

function ready(): FleetUiState {
  const s = fleetReducer(initialFleetState(), { type: 'scan-started' });
  return fleetReducer(s, { type: 'scan-finished', scanId: s.scanId, report: REPORT });
}

function press(state: FleetUiState, ...keys: KeyPress[]): { state: FleetUiState; commands: unknown[] } {
  let s = state;
  const commands: unknown[] = [];
  for (const k of keys) {
    const o = fleetKey(s, k);
    for (const a of o.actions) s = fleetReducer(s, a);
    commands.push(...o.commands);
  }
  return { state: s, commands };
}
const ch = (input: string): KeyPress => ({ input });

describe('fleet view state', () => {
  it('lists most severe first', () => {
    expect(visibleClusters(ready()).map((c) => c.name)).toEqual(['b', 'd', 'c', 'a']);
  });

  it.each<[string, KeyPress[], string[], number]>([
    ['j moves down', [ch('j')], ['b', 'd', 'c', 'a'], 1],
    ['moves stop at the ends', [ch('k'), ch('k')], ['b', 'd', 'c', 'a'], 0],
    ['/ then text filters', [ch('/'), ch('r'), ch('e'), ch('g')], ['d'], 0],
    ['typed j while filtering is text, not a move', [ch('/'), ch('j')], [], 0],
    ['Esc while filtering clears it', [ch('/'), ch('d'), { input: '', escape: true }], ['b', 'd', 'c', 'a'], 0],
    ['Enter ends filtering, j then moves', [ch('/'), ch('p'), ch('r'), ch('o'), { input: '', return: true }, ch('j')], ['b', 'd'], 1],
  ])('%s', (_n, keys, names, selected) => {
    const { state } = press(ready(), ...keys);
    expect(visibleClusters(state).map((c) => c.name)).toEqual(names);
    expect(state.selected).toBe(selected);
  });

  it('Enter opens the selected cluster, f opens it for its fix, and the open cluster takes the keys', () => {
    const opened = press(ready(), ch('j'), { input: '', return: true });
    expect(opened.commands).toEqual([{ kind: 'open', clusterId: REPORT.clusters[3]?.cluster, autoFix: false }]);
    expect(press(opened.state, ch('q')).commands).toEqual([]);
    expect(press(fleetReducer(opened.state, { type: 'back' }), ch('q')).commands).toEqual([{ kind: 'quit' }]);
    expect(press(ready(), ch('f')).commands).toEqual([{ kind: 'open', clusterId: REPORT.clusters[1]?.cluster, autoFix: true }]);
  });

  it('a late answer of an earlier scan is dropped; the exit code is the scan\'s', () => {
    const s = ready();
    const again = fleetReducer(s, { type: 'scan-started' });
    const stale = fleetReducer(again, { type: 'scan-failed', scanId: s.scanId, message: 'old' });
    expect(stale.status).toBe('scanning');
    expect(fleetUiExitCode(s)).toBe(1);
    expect(fleetUiExitCode(fleetReducer(again, { type: 'scan-failed', scanId: again.scanId, message: 'x' }))).toBe(3);
  });
});
