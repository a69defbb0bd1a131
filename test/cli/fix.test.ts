import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, it } from 'vitest';
import { scenarioBundle } from '../../src/app/session.js';
import type { RequestLogEntry, RunningEmulator } from '../../src/emulator/api.js';
import { startEmulator } from '../../src/emulator/server.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');
const CLUSTER = 'aks-prod';
const WHO = 'demo@emulator.local';
const RESULT_KEYS = ['remediation', 'plan', 'outcome', 'verification', 'reason', 'auditLog'];

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'aks-netiso-fix-'));
}

/** Runs the real CLI as a child: no TTY on stdin/stdout, as in CI. State stays out of $HOME. */
async function cli(args: string[], stateDir: string): Promise<CliRun> {
  const env = { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateDir };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 110_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

interface JsonPlan {
  remediation: string;
  automated: boolean;
  risk: string;
  clusterName: string;
  operations: { method: string; resourceId: string; sdkCall: string; body?: { properties?: Record<string, unknown> } }[];
  azCommands: string[];
  parameters: Record<string, unknown>;
}

interface JsonResult {
  remediation: string;
  plan: JsonPlan | null;
  outcome: string;
  verification: string | null;
  reason: string;
  auditLog: string | null;
}

function parseResult(r: CliRun): JsonResult {
  try {
    return JSON.parse(r.stdout) as JsonResult;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

type AuditLine = Record<string, unknown> & { event: string; time: string; who: string | null; cluster: string; remediation: string };

async function readAudit(path: string): Promise<AuditLine[]> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as AuditLine);
}

/** `fix ID --scenario S --yes --output json --audit-log DIR/audit.jsonl …` */
async function fixJson(remediation: string, scenario: string, extra: string[] = []): Promise<{ r: CliRun; result: JsonResult; audit: AuditLine[]; auditPath: string }> {
  const dir = await tmp();
  const auditPath = join(dir, 'audit.jsonl');
  const r = await cli(['fix', remediation, '--scenario', scenario, '--output', 'json', '--audit-log', auditPath, ...extra], dir);
  return { r, result: parseResult(r), audit: await readAudit(auditPath), auditPath };
}

/** An unsigned JWT like the emulator's own credential: the audit log reads `who` from `upn`. */
const TOKEN = [{ alg: 'none', typ: 'JWT' }, { upn: WHO }].map((o) => Buffer.from(JSON.stringify(o)).toString('base64url')).join('.') + '.emulator';

interface External {
  emulator: RunningEmulator;
  /** Target args that point the CLI at this emulator as if it were Azure. */
  target: string[];
  dir: string;
  /** Requests that change state: every PUT/PATCH/DELETE and any POST that is not a list* or policy-check read. */
  writes: () => RequestLogEntry[];
}

const externals: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(externals.map((e) => e.close()));
});

/**
 * An emulator served from the test process, so its state outlives one CLI run: what a run
 * wrote (or did not) can be inspected, and a following `diagnose` sees the same cluster.
 */
async function external(scenario: string): Promise<External> {
  const emulator = await startEmulator({ bundle: scenarioBundle(scenario) });
  externals.push(emulator);
  const dir = await tmp();
  const env = await emulator.writeEnv(dir);
  return {
    emulator,
    dir,
    target: ['--cluster-id', env.clusterId, '--arm-endpoint', env.armEndpoint, '--ca-file', env.caCertificate, '--access-token', TOKEN, '--kubeconfig', env.kubeconfig],
    // checkPolicyRestrictions is a POST that only reads (pre-flight asks policy about a PUT body).
    writes: () => emulator.requests.filter((q) => q.api === 'arm' && q.method !== 'GET' && !(q.method === 'POST' && /\/(list[A-Za-z]*|checkPolicyRestrictions)\?/.test(q.path))),
  };
}

describe.concurrent('fix applies every automated remediation on its failing scenario', { timeout: 120_000 }, () => {
  const table: [string, string, string[], string][] = [
    ['reconcile', 'managed-registry-deleted', [], 'registry.exists'],
    ['reconcile', 'managed-endpoint-deleted', [], 'registry.private-endpoint'],
    ['reconcile', 'managed-dns-zone-deleted', [], 'dns.zone'],
    ['delete-registry-and-reconcile', 'managed-cache-rule-deleted', ['--confirm', CLUSTER], 'registry.mcr-cache-rule'],
    ['create-cache-rule', 'byo-missing-cache-rule', [], 'registry.mcr-cache-rule'],
    ['upgrade-node-image', 'registry-id-changed-stale-nodes', [], 'nodes.stale-registry-config'],
    ['upgrade-node-image', 'switched-to-isolated-stale-nodes', [], 'nodes.stale-registry-config'],
  ];
  it.for(table)('%s on %s %j → applied, fixed, exit 0', async ([remediation, scenario, extra, check], { expect }) => {
    const { r, result, audit, auditPath } = await fixJson(remediation, scenario, ['--yes', ...extra]);
    expect(Object.keys(result)).toEqual(RESULT_KEYS);
    expect(result, r.stderr).toMatchObject({ remediation, outcome: 'applied', verification: 'fixed', auditLog: auditPath });
    expect(result.reason).toContain(`${check} pass`);
    expect(result.plan?.remediation).toBe(remediation);
    expect(r.code).toBe(0);
    expect(audit.at(-1)).toMatchObject({ event: 'verified', verification: 'fixed', outcome: 'applied' });
    expect(audit.filter((e) => e.event === 'succeeded')).toHaveLength(result.plan?.operations.length ?? -1);
  });

  it('create-cache-rule with --source/--target/--rule-name creates exactly that rule (and is verified)', async ({ expect }) => {
    const { r, result } = await fixJson('create-cache-rule', 'byo-missing-cache-rule', ['--yes', '--source', 'mcr.microsoft.com/*', '--target', 'aks-managed-repository/*', '--rule-name', 'mcr-through-acr']);
    expect(Object.keys(result)).toEqual(RESULT_KEYS);
    expect(result).toMatchObject({ outcome: 'applied', verification: 'fixed', reason: 'applied and verified: registry.mcr-cache-rule pass' });
    expect(r.code).toBe(0);
    expect(result.plan?.operations).toHaveLength(1);
    expect(result.plan?.operations[0]).toMatchObject({ method: 'PUT', sdkCall: 'cacheRules.beginCreate' });
    expect(result.plan?.operations[0]?.resourceId).toMatch(/\/registries\/contosoprodacr\/cacheRules\/mcr-through-acr$/);
    expect(result.plan?.operations[0]?.body?.properties).toEqual({ sourceRepository: 'mcr.microsoft.com/*', targetRepository: 'aks-managed-repository/*' });
    expect(result.plan?.azCommands).toContain("az acr cache create -r contosoprodacr -g rg-registry -n mcr-through-acr -s 'mcr.microsoft.com/*' -t 'aks-managed-repository/*'");
  });

  it('dockerhub-image-uncached: the rule is created, but the pod still names docker.io → applied, not-fixed, exit 1', async ({ expect }) => {
    // The nodes redirect only MCR: a Docker Hub rule helps once the workload references the
    // image through the registry, which aks-netiso does not change. The check honestly still fails.
    const ext = await external('dockerhub-image-uncached');
    const auditPath = join(ext.dir, 'audit.jsonl');
    const r = await cli(['fix', 'create-cache-rule', ...ext.target, '--yes', '--output', 'json', '--audit-log', auditPath], ext.dir);
    const result = parseResult(r);
    expect(Object.keys(result)).toEqual(RESULT_KEYS);
    expect(result).toMatchObject({ outcome: 'applied', verification: 'not-fixed' });
    expect(result.reason).toContain('pods.uncached-registries fail');
    expect(result.reason).toContain('contosoprodacr.azurecr.io/nginx:1.27');
    expect(r.code).toBe(1);
    const op = result.plan?.operations[0];
    expect(op?.body?.properties?.sourceRepository).toMatch(/^docker\.io\//);
    const writes = ext.writes();
    expect(writes.map((w) => w.method)).toEqual(['PUT']);
    expect(writes[0]?.path.split('?')[0]?.toLowerCase()).toBe(op?.resourceId.toLowerCase());
    expect(ext.emulator.bundle.arm.some((a) => a.id.toLowerCase() === op?.resourceId.toLowerCase())).toBe(true);
  });

  it('--pool with an unknown pool is refused with the list of pools, exit 1', async ({ expect }) => {
    const { r, result, audit } = await fixJson('upgrade-node-image', 'registry-id-changed-stale-nodes', ['--yes', '--pool', 'gpu']);
    expect(result).toMatchObject({ outcome: 'refused', verification: null, plan: null });
    expect(result.reason).toBe('unknown pool "gpu"; the cluster\'s pools are: system, user1');
    expect(r.code).toBe(1);
    expect(audit).toEqual([]);
  });
});

describe.concurrent('fix without consent is a dry run or a refusal', { timeout: 120_000 }, () => {
  it('no TTY and no --yes → dry run with the ARM operations and az commands, exit 0', async ({ expect }) => {
    const { r, result, audit } = await fixJson('reconcile', 'managed-registry-deleted');
    expect(Object.keys(result)).toEqual(RESULT_KEYS);
    expect(result).toMatchObject({ outcome: 'dry-run', verification: null, auditLog: null });
    expect(result.reason).toMatch(/no terminal.*no --yes/);
    expect(result.plan?.operations).toEqual([
      expect.objectContaining({ method: 'PUT', sdkCall: 'managedClusters.beginCreateOrUpdate', resourceId: expect.stringMatching(/\/managedClusters\/aks-prod$/) as unknown }),
    ]);
    expect(result.plan?.azCommands).toContain('az aks update -g rg-prod -n aks-prod');
    expect(r.code).toBe(0);
    expect(audit).toEqual([]);
  });

  it('--dry-run wins over --yes', async ({ expect }) => {
    const { r, result, audit } = await fixJson('upgrade-node-image', 'registry-id-changed-stale-nodes', ['--yes', '--dry-run']);
    expect(result).toMatchObject({ outcome: 'dry-run', verification: null, reason: '--dry-run was given' });
    expect(result.plan?.operations.map((o) => o.sdkCall)).toEqual(['agentPools.beginUpgradeNodeImageVersion']);
    expect(result.plan?.azCommands).toContain('az aks nodepool upgrade -g rg-prod --cluster-name aks-prod -n user1 --node-image-only');
    expect(r.code).toBe(0);
    expect(audit).toEqual([]);
  });

  it('destructive with --yes but no --confirm → refused, audited, nothing sent; the root cause is still there', { timeout: 240_000 }, async ({ expect }) => {
    const ext = await external('managed-cache-rule-deleted');
    const auditPath = join(ext.dir, 'audit.jsonl');
    const r = await cli(['fix', 'delete-registry-and-reconcile', ...ext.target, '--yes', '--output', 'json', '--audit-log', auditPath], ext.dir);
    const result = parseResult(r);
    expect(result).toMatchObject({ outcome: 'refused', verification: null });
    expect(result.reason).toContain(`--confirm ${CLUSTER}`);
    expect(result.reason).toContain('nothing was changed');
    expect(r.code).toBe(1);
    const audit = await readAudit(auditPath);
    expect(audit.map((e) => e.event)).toEqual(['planned', 'refused']);
    expect(ext.writes()).toEqual([]);

    const again = await cli(['diagnose', ...ext.target, '--output', 'json'], ext.dir);
    expect(again.code).toBe(1);
    const report = JSON.parse(again.stdout) as { rootCauses: { checkId: string; remediation?: string }[] };
    expect(report.rootCauses[0]).toMatchObject({ checkId: 'registry.mcr-cache-rule', remediation: 'delete-registry-and-reconcile' });
  });

  it('destructive with the wrong --confirm → refused, nothing started, exit 1', async ({ expect }) => {
    const { r, result, audit } = await fixJson('delete-registry-and-reconcile', 'managed-cache-rule-deleted', ['--yes', '--confirm', 'aks-dev']);
    expect(result).toMatchObject({ outcome: 'refused', verification: null });
    expect(result.reason).toBe(`destructive: the confirmation "aks-dev" is not the cluster's name ${CLUSTER}; nothing was changed`);
    expect(r.code).toBe(1);
    expect(audit.map((e) => e.event)).toEqual(['planned', 'refused']);
    expect(audit.some((e) => e.event === 'started')).toBe(false);
  });

  const byo: [string][] = [['healthy-byo'], ['byo-missing-cache-rule']];
  it.for(byo)('delete-registry-and-reconcile on %s → refused: aks-netiso never deletes your registry, exit 1', async ([scenario], { expect }) => {
    const { r, result, audit } = await fixJson('delete-registry-and-reconcile', scenario, ['--yes', '--confirm', CLUSTER]);
    expect(result).toMatchObject({ outcome: 'refused', plan: null, verification: null });
    expect(result.reason).toContain('applies only to an AKS-managed registry');
    expect(result.reason).toContain('registries/contosoprodacr, which aks-netiso never deletes: it holds the customer\'s images');
    expect(r.code).toBe(1);
    expect(audit).toEqual([]);
  });

  it('an audit log that cannot be written → refused before any write, exit 1', async ({ expect }) => {
    const ext = await external('managed-registry-deleted');
    const file = join(ext.dir, 'not-a-folder');
    await writeFile(file, 'x');
    const r = await cli(['fix', 'reconcile', ...ext.target, '--yes', '--output', 'json', '--audit-log', join(file, 'sub', 'audit.jsonl')], ext.dir);
    const result = parseResult(r);
    expect(result).toMatchObject({ outcome: 'refused', verification: null });
    expect(result.reason).toMatch(/^the audit log cannot be written \(cannot create the audit log's folder .*: a file is in the way where a folder should be\); nothing was changed/);
    expect(r.code).toBe(1);
    expect(ext.writes()).toEqual([]);
    expect((await stat(file)).isFile()).toBe(true);
  });
});

describe.concurrent('guided remediations print the exact az commands and change nothing', { timeout: 120_000 }, () => {
  const table: [string, string, RegExp][] = [
    ['recreate-private-endpoint', 'byo-endpoint-pending', /^az network private-endpoint-connection approve --id \/subscriptions\/.*\/registries\/contosoprodacr\/privateEndpointConnections\/\S+ --description /],
    ['repair-private-dns', 'byo-dns-record-missing', /^az network private-dns record-set a add-record -g rg-prod -z privatelink\.azurecr\.io -n contosoprodacr\.eastus2\.data -a 10\.10\.8\.5$/],
    ['grant-acr-pull', 'anonymous-pull-off-no-acrpull', /^az role assignment create --assignee-object-id [0-9a-f-]{36} --assignee-principal-type ServicePrincipal --role AcrPull --scope \/subscriptions\/.*\/registries\/contosoprodacr$/],
  ];
  it.for(table)('%s on %s → dry-run with the command, exit 0, even with --yes', async ([remediation, scenario, command], { expect }) => {
    const { r, result, audit } = await fixJson(remediation, scenario, ['--yes']);
    expect(Object.keys(result)).toEqual(RESULT_KEYS);
    expect(result).toMatchObject({ remediation, outcome: 'dry-run', verification: null, auditLog: null });
    expect(result.reason).toContain('guided');
    expect(result.plan?.automated).toBe(false);
    expect(result.plan?.azCommands[0]).toBe('az account set --subscription 8f3c2a71-5d4e-4b9a-9c61-2e7f0a1b3c4d');
    expect(result.plan?.azCommands.slice(1).some((c) => command.test(c)), result.plan?.azCommands.join('\n')).toBe(true);
    expect(r.code).toBe(0);
    expect(audit).toEqual([]);
  });
});

describe.concurrent('the audit log of an applied fix', { timeout: 120_000 }, () => {
  it('one JSON line per event, in order, with time, who, cluster, remediation and ARM operation ids', async ({ expect }) => {
    const { r, result, audit } = await fixJson('delete-registry-and-reconcile', 'managed-cache-rule-deleted', ['--yes', '--confirm', CLUSTER]);
    expect(result).toMatchObject({ outcome: 'applied', verification: 'fixed' });
    expect(r.code).toBe(0);
    expect(audit.filter((e) => e.event !== 'progress').map((e) => `${e.event}${typeof e.operation === 'number' ? `#${e.operation}` : ''}`)).toEqual([
      'planned', 'confirmed',
      'started#0', 'accepted#0', 'succeeded#0',
      'started#1', 'accepted#1', 'succeeded#1',
      'verified',
    ]);
    const clusterId = result.plan?.operations[1]?.resourceId;
    for (const e of audit) {
      expect(e).toMatchObject({ who: WHO, cluster: clusterId, remediation: 'delete-registry-and-reconcile' });
      expect(Number.isNaN(Date.parse(e.time))).toBe(false);
    }
    const times = audit.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(audit[0]).toMatchObject({ event: 'planned', risk: 'destructive', operations: [{ method: 'DELETE' }, { method: 'PUT' }] });
    expect(audit[1]).toMatchObject({ event: 'confirmed', confirmation: 'cluster name typed' });
    const uuid = /^[0-9a-f-]{36}$/;
    for (const accepted of audit.filter((e) => e.event === 'accepted')) {
      expect(accepted.requestId).toMatch(uuid);
      expect(accepted.correlationId).toMatch(uuid);
      expect(accepted.operationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    }
    for (const succeeded of audit.filter((e) => e.event === 'succeeded')) {
      const accepted = audit.find((e) => e.event === 'accepted' && e.operation === succeeded.operation);
      expect(succeeded.status).toBe('Succeeded');
      expect((succeeded.requestIds as string[])[0]).toBe(accepted?.requestId);
      expect(succeeded.correlationId).toBe(accepted?.correlationId);
    }
    expect(audit.some((e) => e.event === 'progress' && e.status === 'InProgress')).toBe(true);
    expect(audit.at(-1)).toMatchObject({
      event: 'verified',
      verification: 'fixed',
      before: { rootCauses: [expect.stringContaining('registry.mcr-cache-rule') as unknown] },
      after: { rootCauses: [] },
    });
  });

  it('appends: a second run of the same fix adds its lines after the first', { timeout: 240_000 }, async ({ expect }) => {
    const dir = await tmp();
    const auditPath = join(dir, 'audit.jsonl');
    const args = ['fix', 'reconcile', '--scenario', 'managed-dns-zone-deleted', '--yes', '--output', 'json', '--audit-log', auditPath];
    expect((await cli(args, dir)).code).toBe(0);
    const first = await readAudit(auditPath);
    expect((await cli(args, dir)).code).toBe(0);
    const both = await readAudit(auditPath);
    expect(both.slice(0, first.length)).toEqual(first);
    expect(both.filter((e) => e.event === 'planned')).toHaveLength(2);
  });
});

describe.concurrent('text output', { timeout: 120_000 }, () => {
  it('prints the plan (ARM operation, az command, risk), then the result', async ({ expect }) => {
    const dir = await tmp();
    const auditPath = join(dir, 'audit.jsonl');
    const r = await cli(['fix', 'reconcile', '--scenario', 'managed-registry-deleted', '--yes', '--audit-log', auditPath], dir);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^Plan: .* \(reconcile\)\n/);
    expect(out).toContain('Cluster:  aks-prod');
    expect(out).toMatch(/^Risk: {5}reversible/m);
    expect(out).toMatch(/^ {2}1\. PUT \/subscriptions\/\S+\/managedClusters\/aks-prod$/m);
    expect(out).toContain('managedClusters.beginCreateOrUpdate');
    expect(out).toMatch(/^ {2}az aks update -g rg-prod -n aks-prod$/m);
    const plan = out.indexOf('ARM operations');
    const outcome = out.indexOf('Outcome:      applied');
    expect(plan).toBeGreaterThan(0);
    expect(outcome).toBeGreaterThan(plan);
    expect(out).toMatch(/^Verification: fixed/m);
    expect(out).toContain(`Audit log:    ${auditPath}`);
    expect(r.stderr).toBe('');
  });
});
