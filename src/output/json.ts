import type { Report } from '../core/report.js';
import { reportSchema } from './report-schema.js';

/*
 * report@1 as formats.md writes it, through the one schema that also publishes
 * docs/report.schema.json: the contract's keys first, in the contract's order, so a diff of two
 * reports lines up; fields the engine adds beyond the contract (timings, codes, the data a
 * remediation plans from, when and against what) follow; keys no schema names are left out.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The report as a plain JSON value in report@1's key order. */
export function reportToJson(report: Report): Json {
  // A round trip through JSON also drops `undefined` nested inside `data` and `params`.
  return JSON.parse(JSON.stringify(reportSchema.parse(report))) as Json;
}

/** `diagnose --output json`: report@1, two-space indent, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(reportToJson(report), null, 2)}\n`;
}
