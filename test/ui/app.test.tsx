import { PassThrough } from 'node:stream';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { runTui } from '../../src/ui/App.js';
import {
  CACHE_RULE_DELETED_REPORT,
  CLUSTER_ID,
  CLUSTER_NAME,
  DNS_LINK_MISSING_REPORT,
  HEALTHY_REPORT,
  UNSUPPORTED_REPORT,
  fakeServices,
  gate,
} from './fixtures.js';
import { KEY, expectFits, flat, footer, frame, press, renderApp, selectedLine, settle, until } from './helpers.js';

afterEach(() => cleanup());

const ROOT_CAUSE = "Root cause: the managed registry's MCR cache rule was deleted or is broken (guide Issue 3). Fix: delete the managed registry and reconcile.";

describe('run screen', () => {
  it('shows checks live, then the root-cause panel in plain words', async () => {
    const hold = gate();
    const { services } = fakeServices({ holdCheck: { id: 'registry.mcr-cache-rule', gate: hold } });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosing: 5/13 checks done');
    const live = frame(r);
    // Finished checks carry their symbol and time; the running one has a spinner; later ones wait.
    expect(live).toMatch(/✔ cluster\s+The cluster can be read\s+182 ms/u);
    expect(live).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s+The registry caches MCR for the nodes/u);
    expect(live).toMatch(/· endpoint A private endpoint reaches the registry/u);
    expect(live).not.toContain('Root cause');
    expectFits(r);

    hold.open();
    await until(r, 'Diagnosis finished: 2 fail, 11 pass');
    expect(flat(r)).toContain(ROOT_CAUSE);
    expect(frame(r)).toMatch(/✖\s+The registry caches MCR for the nodes: no cache rule/u);
    // The checks are grouped: cluster, registry, endpoint, DNS, pods, nodes, in that order.
    const groups = ['cluster', 'registry', 'endpoint', 'DNS', 'pods', 'nodes'].map((g) => frame(r).search(new RegExp(`[✔✖] ${g} `, 'u')));
    expect(groups.every((at) => at > 0)).toBe(true);
    expect([...groups].sort((a, b) => a - b)).toEqual(groups);
    expectFits(r);
  });

  it('moves with j/k and arrows, even when keys arrive in one burst', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    expect(selectedLine(r)).toContain('The cluster can be read');
    r.stdin.write('jjjjj');
    await until(r, /› ✖\s+The registry caches MCR/u);
    await press(r, 'k', /› ✔\s+The registry is configured/u);
    await press(r, KEY.down, /› ✖\s+The registry caches MCR/u);
    await press(r, KEY.up, /› ✔\s+The registry is configured/u);
    await press(r, 'G', /› ✔ nodes\s+Nodes pull through/u);
    await press(r, 'jj', /› ✔ nodes\s+Nodes pull through/u);
    await press(r, 'g', /› ✔ cluster\s+The cluster can be read/u);
  });

  it('Enter opens the evidence table of a check and Esc goes back', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    r.stdin.write('jjjjj');
    await until(r, /› ✖/u);
    await press(r, KEY.enter, 'FAIL The registry caches MCR for the nodes');
    const f = frame(r);
    expect(f).toMatch(/RESOURCE\s+FIELD\s+EXPECTED\s+ACTUAL/u);
    expect(f).toContain('registries/aksbootstrap7f3e2a/cacheRules/aks-managed-mcr sourceRepository:');
    expect(f).toContain('expected: mcr.microsoft.com/*');
    expect(f).toContain('actual: (no such cache rule)');
    expect(f).toContain('check registry.mcr-cache-rule · guide Issue 1, Issue 3');
    expectFits(r);
    await press(r, KEY.esc, 'Diagnosis finished');
    expect(selectedLine(r)).toContain('The registry caches MCR');
  });

  it('details of the pull check list pod, image, attempted host, kind and message, and scroll', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    r.stdin.write('jjjjjjjjjj');
    await until(r, /› ✖ pods/u);
    await press(r, KEY.enter, 'Image pull failures (2)');
    expect(frame(r)).toMatch(/lines 1–19 of \d+/u);
    expectFits(r);
    const f = frame(r);
    expect(f).toMatch(/POD\s+KIND\s+ATTEMPTED HOST/u);
    expect(f).toMatch(/kube-system\/coredns-autoscaler-5b4c7d9f8-x2k9p\s+timeout\s+mcr\.microsoft\.com/u);
    expect(f).toContain('  image mcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autosca');
    expect(flat(r)).toContain('(container autoscaler)');
    expect(flat(r)).toContain('message Failed to pull image');
    await press(r, 'jjjjjjjjjj', /lines 11–/u);
    // Scrolling stops at the end instead of building up hidden offset.
    r.stdin.write(KEY.pageDown + KEY.pageDown + KEY.pageDown);
    await until(r, /lines \d+–(\d+) of \1 /u);
    expect(flat(r)).toContain('shop/web-7d9c6b5f4-qwz8r');
    expect(flat(r)).toContain('dial tcp 204.79.197.219:443: i/o timeout');
    const bottom = /lines (\d+)–/u.exec(frame(r))?.[1];
    await press(r, 'k', `lines ${Number(bottom) - 1}–`);
    await press(r, KEY.esc, 'Diagnosis finished');
  });

  it('scrolls a long check list in a short terminal', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID, height: 16 });
    await until(r, 'Diagnosis finished');
    expect(flat(r)).toMatch(/\[1–\d+ of 13\] Diagnosis finished/u);
    expect(frame(r)).not.toContain('Nodes pull through');
    await press(r, 'G', /› ✔ nodes\s+Nodes pull through/u);
    expect(frame(r)).not.toContain('The cluster can be read');
    expectFits(r, 80, 16);
  });

  it('r runs the diagnosis again and shows the new result', async () => {
    const { services, calls } = fakeServices({ reports: [CACHE_RULE_DELETED_REPORT, HEALTHY_REPORT] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);
    await press(r, 'r', 'No problems found: every check passed.');
    expect(calls.diagnose).toBe(2);
    expect(flat(r)).toContain('Diagnosis finished: 13 pass');
    expect(flat(r)).not.toContain('Root cause');
  });

  it('e exports the report and shows both paths', async () => {
    const { services, calls } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    await press(r, 'e', 'Exported Markdown: out/aks-netiso-aks-prod-weu-2026-11-21T02-14-09.md');
    expect(frame(r)).toContain('Exported JSON:     out/aks-netiso-aks-prod-weu-2026-11-21T02-14-09.json');
    expect(calls.exports).toBe(1);
    expectFits(r);
  });

  it('? shows every key and closes again', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    await press(r, '?', 'Keys');
    for (const k of ['Enter', 'Esc', 'f ', 'd ', 'r ', 'e ', '?', 'q / Ctrl-C']) expect(frame(r)).toContain(k);
    expect(frame(r)).toContain('dry run: show the plan only');
    expectFits(r);
    // Keys do nothing else while the help is open.
    r.stdin.write('j');
    await settle();
    expect(frame(r)).toContain('Keys');
    await press(r, '?', 'Diagnosis finished');
    expect(selectedLine(r)).toContain('The cluster can be read');
  });

  it('a diagnosis that cannot complete says so in one line, without a stack trace', async () => {
    const { services } = fakeServices({ diagnoseError: 'AuthorizationFailed: the client has no read access to managed cluster aks-prod-weu' });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'The diagnosis could not complete: AuthorizationFailed');
    expect(frame(r)).not.toContain('gateway.ts');
    r.stdin.write('q');
    await settle();
    expect(r.exits).toEqual([3]);
  });

  it('q quits with the diagnose exit code (1: a problem was found)', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    r.stdin.write('q');
    await settle();
    expect(r.exits).toEqual([1]);
  });

  it('Ctrl-C quits when nothing is running (0: healthy)', async () => {
    const { services } = fakeServices({ reports: [HEALTHY_REPORT] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'No problems found: every check passed.');
    r.stdin.write(KEY.ctrlC);
    await settle();
    expect(r.exits).toEqual([0]);
  });
});

describe('fix flow', () => {
  it('f → plan → typed cluster name (wrong refused, right accepted) → progress → verified with changes', async () => {
    const hold = gate();
    const { services, calls } = fakeServices({ holdApply: hold });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);

    // On a passing row, f acts on the root cause.
    await press(r, 'f', 'Plan: Delete the managed registry and reconcile');
    expect(calls.plan).toEqual([{ remediation: 'delete-registry-and-reconcile' }]);
    const plan = flat(r);
    expect(plan).toContain('Risk: destructive');
    expect(plan).toContain('1. DELETE registries/aksbootstrap7f3e2a (registries.beginDelete)');
    expect(plan).toContain('2. PUT managedClusters/aks-prod-weu (managedClusters.beginCreateOrUpdate)');
    // Laid out with a shell continuation at 80 columns, so the two lines still copy as one command.
    expect(plan).toContain('$ az acr delete --resource-group MC_rg-aks-prod_aks-prod-weu_westeurope --name \\ aksbootstrap7f3e2a --yes');
    expect(plan).toContain('expected duration 10–20 minutes');
    expectFits(r);
    // Impact and warnings are further down.
    r.stdin.write(KEY.pageDown);
    await until(r, 'Impact');
    expect(flat(r)).toContain('new image pulls fail until AKS has recreated the registry');
    expect(flat(r)).toContain('⚠ Only the AKS-managed registry in the node resource group is deleted');

    await press(r, KEY.enter, 'Type the cluster name aks-prod-weu');
    expectFits(r);
    // Keys that mean something elsewhere are text here.
    r.stdin.write('aks-prod');
    await until(r, '> aks-prod');
    await press(r, KEY.enter, '"aks-prod" is not the cluster name aks-prod-weu; nothing was changed.');
    expect(calls.apply).toHaveLength(0);

    r.stdin.write('aks-prod-wex');
    await until(r, '> aks-prod-wex');
    await press(r, KEY.backspace + 'u', '> aks-prod-weu');
    await press(r, KEY.enter, 'Applying: Delete the managed registry and reconcile on aks-prod-weu');
    expect(calls.apply).toHaveLength(1);
    expect(calls.apply[0]?.confirmation).toBe(CLUSTER_NAME);
    expect(flat(r)).toMatch(/1\. DELETE registries\/aksbootstrap7f3e2a InProgress 10% · 1s/u);
    expect(flat(r)).toContain('2. PUT managedClusters/aks-prod-weu waiting');
    expect(flat(r)).toContain('Ctrl-C does not cancel the operation in Azure');
    expectFits(r);

    // Quitting while the fix runs asks first; n keeps watching.
    await press(r, 'q', 'A fix is still running. Quit anyway? (y/n)');
    expectFits(r);
    r.stdin.write('n');
    await vi_waitGone(r, 'Quit anyway');
    expect(r.exits).toEqual([]);

    hold.open();
    await until(r, 'Outcome: applied Verification: fixed: the affected checks pass now');
    expect(frame(r)).toMatch(/registry\.mcr-cache-rule\s+✖ fail\s+→ ✔ pass/u);
    expect(frame(r)).toMatch(/pods\.image-pull-failures\s+✖ fail\s+→ ✔ pass/u);
    expect(frame(r)).not.toMatch(/cluster\.readable\s+✔ pass\s+→/u);
    expect(flat(r)).toContain('No root cause remains.');
    expect(flat(r)).toContain('Audit log: aks-netiso-audit.jsonl');
    expectFits(r);

    // Back on the run screen, the verified report is shown.
    await press(r, KEY.esc, 'No problems found: every check passed.');
    expect(flat(r)).toContain('registry managed aksbootstrap9c41d0');
  });

  it('q then y while a fix runs quits, stops watching and exits 130', async () => {
    const hold = gate();
    const { services, calls } = fakeServices({ holdApply: hold });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);
    await press(r, 'f', 'Plan: Delete');
    await press(r, KEY.enter, 'Type the cluster name');
    r.stdin.write(CLUSTER_NAME);
    await until(r, `> ${CLUSTER_NAME}`);
    await press(r, KEY.enter, 'Applying');
    await press(r, KEY.ctrlC, 'Quit anyway? (y/n)');
    expect(r.exits).toEqual([]);
    r.stdin.write('y');
    await settle();
    expect(r.exits).toEqual([130]);
    expect(calls.apply[0]?.aborted()).toBe(true);
    hold.open();
  });

  it('d shows the plan as a dry run only: Enter never reaches confirmation', async () => {
    const { services, calls } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);
    await press(r, 'd', 'DRY RUN · Plan: Delete the managed registry and reconcile');
    await press(r, KEY.enter, 'Dry run: nothing will be changed.');
    r.stdin.write('y');
    await settle();
    expect(flat(r)).not.toContain('Type the cluster name');
    expect(calls.apply).toHaveLength(0);
    await press(r, KEY.esc, 'Diagnosis finished');
  });

  it('f on a healthy cluster says there is nothing to fix, and the footer does not offer f', async () => {
    const { services, calls } = fakeServices({ reports: [HEALTHY_REPORT] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'No problems found: every check passed.');
    expect(footer(r)).not.toContain('f fix');
    await press(r, 'f', 'Nothing to fix: no check fails.');
    await press(r, 'd', 'Nothing to fix: no check fails.');
    expect(calls.plan).toHaveLength(0);
  });

  it('f on a failing finding without a fix says what to do instead, wrapped to fit', async () => {
    const { services, calls } = fakeServices({ reports: [UNSUPPORTED_REPORT] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished: 1 fail');
    await press(r, 'jj', /› ✖\s+The configuration is supported/u);
    expect(footer(r)).not.toContain('f fix');
    await press(r, 'f', 'No automatic fix: change the unsupported settings listed below; network isolation cannot work until then.');
    expect(calls.plan).toHaveLength(0);
    expectFits(r);
  });

  it('a plan that cannot be made shows one line and Esc goes back', async () => {
    const { services } = fakeServices({ planError: 'the cluster is Updating: an operation is in progress, try again when it is Succeeded' });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);
    await press(r, 'f', 'No plan: the cluster is Updating');
    await press(r, KEY.esc, 'Diagnosis finished');
  });

  it('Esc on the confirmation goes back to the plan without applying', async () => {
    const { services, calls } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);
    await press(r, 'f', 'Plan: Delete');
    await press(r, KEY.enter, 'Type the cluster name');
    r.stdin.write('aks');
    await until(r, '> aks');
    await press(r, KEY.esc, 'Equivalent az commands');
    expect(calls.apply).toHaveLength(0);
  });
});

describe('demo scenarios', () => {
  it('s switches scenario, diagnoses it, and a reversible fix asks y/n', async () => {
    const { services, calls } = fakeServices({ demo: true });
    const r = renderApp(services);
    await until(r, ROOT_CAUSE);
    expect(frame(r)).toContain('demo: managed-cache-rule-deleted');
    expect(frame(r)).toContain('s scenario');
    await press(r, 's', 'Demo scenarios');
    expect(flat(r)).toMatch(/› managed-cache-rule-deleted \(current\) the managed registry/u);
    expectFits(r);
    r.stdin.write('j');
    await until(r, /› managed-endpoint-deleted/u);
    await press(r, KEY.enter, 'Fix: reconcile the cluster.');
    expect(calls.switched).toEqual(['managed-endpoint-deleted']);
    expect(calls.diagnose).toBe(2);
    expect(frame(r)).toContain('demo: managed-endpoint-deleted');
    expect(flat(r)).toContain("Root cause: the managed registry's private endpoint was deleted or is broken (guide Issue 3).");

    await press(r, 'f', 'Plan: Reconcile the cluster');
    expect(flat(r)).toContain('Risk: reversible');
    await press(r, KEY.enter, 'Apply this plan to cluster aks-prod-weu now? (y/n)');
    await press(r, 'n', 'Plan: Reconcile the cluster');
    await press(r, KEY.enter, 'Apply this plan');
    await press(r, 'y', 'Outcome: applied Verification: fixed: the affected checks pass now');
    expect(frame(r)).toMatch(/registry\.private-endpoint\s+✖ fail\s+→ ✔ pass/u);
    expect(frame(r)).toMatch(/dns\.records\s+– skip\s+→ ✔ pass/u);
    expect(calls.apply[0]?.confirmation).toBeUndefined();
  });

  it('s outside demo mode explains itself', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    await press(r, 's', 'Scenarios exist only in demo mode.');
  });
});

describe('cluster picker', () => {
  it('lists network isolated clusters first, filters as you type, Enter diagnoses', async () => {
    const { services, calls } = fakeServices({ withClusters: true });
    const r = renderApp(services);
    await until(r, 'Choose a cluster');
    const f = frame(r);
    const order = ['aks-payments-eus', 'aks-prod-weu', 'aks-dev-neu'].map((n) => f.indexOf(n));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(f).toMatch(/aks-payments-eus\s+rg-payments\s+yes\s+byo\s+1\.32\.0/u);
    expect(f).toMatch(/aks-prod-weu\s+rg-aks-prod\s+yes\s+managed\s+1\.31\.2/u);
    expect(f).toMatch(/aks-dev-neu\s+rg-aks-dev\s+no\s+unknown\s+1\.30\.6/u);
    expectFits(r);

    // j and q are filter text here, not navigation or quit.
    r.stdin.write('dq');
    await until(r, 'No cluster matches the filter.');
    expect(r.exits).toEqual([]);
    r.stdin.write(KEY.backspace + KEY.backspace + 'prod');
    await until(r, 'filter: prod');
    expect(frame(r)).not.toContain('aks-payments-eus');
    expect(frame(r)).not.toContain('aks-dev-neu');
    await press(r, KEY.enter, ROOT_CAUSE);
    expect(calls.selected).toEqual([CLUSTER_ID]);
    expect(calls.diagnose).toBe(1);
  });

  it('arrows move in the picker; Esc clears the filter', async () => {
    const { services, calls } = fakeServices({ withClusters: true });
    const r = renderApp(services);
    await until(r, 'Choose a cluster');
    r.stdin.write('eus');
    await until(r, 'filter: eus');
    await press(r, KEY.esc, 'aks-dev-neu');
    await press(r, KEY.down + KEY.down, /› aks-dev-neu/u);
    await press(r, KEY.up, /› aks-prod-weu/u);
    await press(r, KEY.enter, 'Diagnos');
    expect(calls.selected).toEqual([CLUSTER_ID]);
  });
});

async function vi_waitGone(r: ReturnType<typeof renderApp>, text: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (!flat(r).includes(text)) return;
    await settle(10);
  }
  expect(flat(r)).not.toContain(text);
}

describe('runTui', () => {
  it('refuses to start without a terminal, in one line', async () => {
    const { services } = fakeServices();
    const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
    await expect(runTui(services, { stdin })).rejects.toThrow('the terminal UI needs an interactive terminal (stdin is not a TTY); use the plain commands instead');
  });
});

describe('hints name only keys that work', () => {
  it('the footer of a dry-run plan and of "Planning…" offers no confirmation', async () => {
    const hold = gate();
    const { services, calls } = fakeServices({ holdPlan: hold });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);
    await press(r, 'd', 'Planning');
    expect(footer(r)).toBe('planning…  Esc back  r rerun  ? help  q quit');
    hold.open();
    await until(r, 'DRY RUN · Plan: Delete the managed registry and reconcile');
    expect(footer(r)).toBe('↑↓ scroll  Esc back  r rerun  ? help  q quit');
    await press(r, KEY.esc, 'Diagnosis finished');
    await press(r, 'f', 'Plan: Delete the managed registry and reconcile');
    expect(footer(r)).toBe('↑↓ scroll  Enter/y confirm  Esc back  ? help  q quit');
    expect(calls.plan).toHaveLength(2);
    expectFits(r);
  });

  it('r on a guided plan goes back and diagnoses again, as the plan says', async () => {
    const { services, calls } = fakeServices({ reports: [DNS_LINK_MISSING_REPORT, HEALTHY_REPORT] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished: 1 fail');
    await press(r, 'f', 'Plan: Repair the private DNS zone');
    await press(r, KEY.pageDown, 'then press r to diagnose again');
    expect(footer(r)).toBe('↑↓ scroll  r diagnose again  Esc back  ? help  q quit');
    expectFits(r);
    // Enter is no confirmation here: it says what to do instead.
    await press(r, KEY.enter, 'This fix is guided: run the commands shown yourself, then press r to diagnose again.');
    await press(r, 'r', 'No problems found: every check passed.');
    expect(calls.diagnose).toBe(2);
    expect(calls.apply).toHaveLength(0);
  });

  it('r on the details screen diagnoses again', async () => {
    const { services, calls } = fakeServices({ reports: [CACHE_RULE_DELETED_REPORT, HEALTHY_REPORT] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, ROOT_CAUSE);
    await press(r, KEY.enter, 'check cluster.readable');
    expect(footer(r)).toContain('r rerun');
    await press(r, 'r', 'No problems found: every check passed.');
    expect(calls.diagnose).toBe(2);
  });

  it('PgDn scrolls the details by the visible height, keeping one line of overlap', async () => {
    const { services } = fakeServices();
    const r = renderApp(services, { initialClusterId: CLUSTER_ID });
    await until(r, 'Diagnosis finished');
    await press(r, 'jjjjjjjjjj', /› ✖\s+pods\s+Pods pull their images/u);
    await press(r, KEY.enter, 'Image pull failures');
    const before = /lines (\d+)–(\d+) of (\d+)/u.exec(frame(r));
    expect(before?.[1]).toBe('1');
    const shown = Number(before?.[2]);
    const total = Number(before?.[3]);
    // 24 rows: header, notice, footer and a free row leave 20; the indicator takes one.
    expect(shown).toBe(19);
    r.stdin.write(KEY.pageDown);
    const start = Math.min(shown, total - shown + 1);
    await until(r, `lines ${start}–${start + shown - 1} of ${total}`);
    r.stdin.write(KEY.pageUp);
    await until(r, `lines 1–${shown} of ${total}`);
  });

  it('PgDn on the check list moves the selection by a page', async () => {
    const { services } = fakeServices({ reports: [HEALTHY_REPORT] });
    const r = renderApp(services, { initialClusterId: CLUSTER_ID, height: 16 });
    await until(r, 'Diagnosis finished');
    // 16 rows: a 12-row body, less the 3-row healthy panel and the status line: 8 rows, a page of 7.
    await press(r, KEY.pageDown, /› ✔ DNS\s+The privatelink\.azurecr\.io zone exists/u);
    await press(r, KEY.pageUp, /› ✔ cluster\s+The cluster can be read/u);
    expectFits(r, 80, 16);
  });
});
