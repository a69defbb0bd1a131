import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import type { Plan } from '../../src/remediations/types.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

export const REPORT_FIXTURES = [
  'healthy',
  'managed-cache-rule-deleted',
  'kube-unreachable',
  'permission-error',
  'byo-uncached-registry',
] as const;
export type ReportFixture = (typeof REPORT_FIXTURES)[number];

export const PLAN_FIXTURES = ['plan-delete-registry-and-reconcile', 'plan-upgrade-node-image', 'plan-repair-private-dns'] as const;
export type PlanFixture = (typeof PLAN_FIXTURES)[number];

export function fixturePath(rel: string): string {
  return fileURLToPath(new URL(rel, FIXTURES));
}

export function loadReport(name: ReportFixture): Report {
  return JSON.parse(readFileSync(fixturePath(`reports/${name}.json`), 'utf8')) as Report;
}

export function loadPlan(name: PlanFixture): Plan {
  return JSON.parse(readFileSync(fixturePath(`reports/${name}.json`), 'utf8')) as Plan;
}

/** A plan as `fix --output json` wrote it before plans became typed data: the golden of planToJson. */
export function loadPlanJson(name: PlanFixture): unknown {
  return JSON.parse(readFileSync(fixturePath(`golden/plan/${name}.json`), 'utf8')) as unknown;
}

/** Compares with test/fixtures/golden/<name>; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const path = fixturePath(`golden/${name}`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
