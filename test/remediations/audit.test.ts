import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditError, AuditLog, defaultAuditPath } from '../../src/remediations/audit.js';

describe('defaultAuditPath', () => {
  it.each([
    [{ XDG_STATE_HOME: '/var/state', HOME: '/home/alice' }, '/var/state/aks-netiso/audit.jsonl'],
    [{ HOME: '/home/alice' }, '/home/alice/.local/state/aks-netiso/audit.jsonl'],
    [{ XDG_STATE_HOME: '', HOME: '/home/alice' }, '/home/alice/.local/state/aks-netiso/audit.jsonl'],
    // The XDG spec: a relative path is invalid and ignored.
    [{ XDG_STATE_HOME: 'state', HOME: '/home/alice' }, '/home/alice/.local/state/aks-netiso/audit.jsonl'],
  ])('%j → %s', (env, expected) => {
    expect(defaultAuditPath(env)).toBe(expected);
  });
});

describe('AuditLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aks-netiso-audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates missing folders and appends one JSON line per event, in order', async () => {
    const path = join(dir, 'a', 'b', 'audit.jsonl');
    const log = await AuditLog.open(path);
    expect(log.path).toBe(path);
    const base = { who: 'alice@contoso.com', cluster: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks', remediation: 'reconcile' as const };
    await Promise.all([log.write({ ...base, event: 'planned' }), log.write({ ...base, event: 'confirmed' }), log.write({ ...base, event: 'started', operation: 0 })]);
    await log.close();
    const again = await AuditLog.open(path);
    await again.write({ ...base, event: 'verified', verification: 'fixed', time: '2026-11-21T10:00:00.000Z' });
    await again.close();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['planned', 'confirmed', 'started', 'verified']);
    expect(lines[0]).toMatchObject({ who: 'alice@contoso.com', remediation: 'reconcile' });
    expect(typeof lines[0]?.time).toBe('string');
    expect(Number.isNaN(Date.parse(lines[0]?.time as string))).toBe(false);
    expect(lines[3]?.time).toBe('2026-11-21T10:00:00.000Z');
  });

  it('refuses with a clear AuditError when the folder cannot be created', async () => {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const path = join(file, 'audit.jsonl');
    await expect(AuditLog.open(path)).rejects.toThrow(AuditError);
    await expect(AuditLog.open(path)).rejects.toThrow(`cannot create the audit log's folder ${file}: a file is in the way where a folder should be`);
  });

  it('refuses when the path is a directory', async () => {
    await expect(AuditLog.open(dir)).rejects.toThrow(/cannot open the audit log .* for appending: it is a directory/);
  });

  it('a write after close fails instead of being lost', async () => {
    const log = await AuditLog.open(join(dir, 'audit.jsonl'));
    await log.close();
    await expect(log.write({ event: 'planned', who: null, cluster: 'c', remediation: 'reconcile' })).rejects.toThrow(AuditError);
  });
});
