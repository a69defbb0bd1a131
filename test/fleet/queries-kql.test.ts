import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLEET_QUERIES } from '../../src/fleet/queries.js';
import { parseQuery, KqlError } from '../../src/emulator/resource-graph/kql.js';
import { TABLE_COLUMNS, TABLES } from '../../src/emulator/resource-graph/tables.js';

interface SentQuery { name: string; table: string; kql: string }

function isQuery(v: unknown): v is SentQuery {
  const q = v as Partial<SentQuery> | null;
  return !!q && typeof q === 'object' && typeof q.kql === 'string' && typeof q.table === 'string' && typeof q.name === 'string';
}

/** Every query object any module of src/fleet/ exports (FLEET_QUERIES' and any other's), by export name. */
async function exportedQueries(): Promise<[string, SentQuery][]> {
  const dir = new URL('../../src/fleet/', import.meta.url);
  const out = new Map<string, [string, SentQuery]>();
  for (const file of readdirSync(dir).filter((f) => /\.tsx?$/.test(f)).sort()) {
    const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      for (const q of Array.isArray(value) ? value : [value]) if (isQuery(q)) out.set(q.kql, [`${file}: ${name === 'FLEET_QUERIES' ? q.name : name}`, q]);
    }
  }
  return [...out.values()];
}

const QUERIES = await exportedQueries();

/**
 * Every query the product sends, checked by the official Kusto parser (`@kusto/language-service-next`,
 * loaded as its README says: the Bridge.NET runtime as a global, then the library), syntax alone
 * and analysed against Resource Graph's `resources` and `dnsresources` schema (the emulator's
 * columns), so no query can be invalid KQL or name a column the tables lack.
 */

interface Diagnostic { Message: string; Start: number; Severity: number | string }
interface Diagnostics { Count: number; getItem(i: number): Diagnostic }
interface KustoCode { GetDiagnostics(): Diagnostics }
interface KustoLanguage {
  KustoCode: { Parse(text: string): KustoCode; ParseAndAnalyze(text: string, globals: unknown): KustoCode };
  GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
    DatabaseSymbol: { $ctor1: new (name: string, members: unknown[], isOpen: boolean) => unknown };
  };
}

let kusto: KustoLanguage;
let globals: unknown;

function messages(code: KustoCode): string[] {
  const d = code.GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < d.Count; i++) out.push(`${d.getItem(i).Message} @${d.getItem(i).Start}`);
  return out;
}

beforeAll(() => {
  const require = createRequire(import.meta.url);
  const g = globalThis as Record<string, unknown>;
  g['Bridge'] ??= require('@kusto/language-service-next/bridge.js') as unknown;
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  kusto = (g['Kusto'] as { Language: KustoLanguage }).Language;
  // `kind` is a word of the schema syntax: quoted, as Kusto quotes names.
  const schema = `(${TABLE_COLUMNS.map((c) => `["${c}"]:${['sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'].includes(c) ? 'dynamic' : 'string'}`).join(', ')})`;
  const tables = TABLES.map((t) => new kusto.Symbols.TableSymbol.$ctor7(t, schema, null));
  globals = kusto.GlobalState.Default.WithDatabase(new kusto.Symbols.DatabaseSymbol.$ctor1('arg', tables, false));
}, 60_000);

describe('the fleet queries are valid KQL (official parser)', () => {
  it('finds the queries: at least FLEET_QUERIES', () => {
    for (const q of FLEET_QUERIES) expect(QUERIES.map(([, x]) => x.kql)).toContain(q.kql);
  });

  it.each(QUERIES)('%s parses and analyses with no diagnostics against the Resource Graph schema', (_name, q) => {
    expect(messages(kusto.KustoCode.Parse(q.kql))).toEqual([]);
    expect(messages(kusto.KustoCode.ParseAndAnalyze(q.kql, globals))).toEqual([]);
    expect(q.kql.startsWith(q.table)).toBe(true);
    // And the emulator evaluates it (its own parser accepts every operator used).
    expect(parseQuery(q.kql).table).toBe(q.table);
  });

  it('the check can fail: the parser names a misspelt operator and the analysis an unknown column or table', () => {
    expect(messages(kusto.KustoCode.Parse('resources | wher type =~ "x"')).join(' ')).toMatch(/Query operator expected/);
    expect(messages(kusto.KustoCode.ParseAndAnalyze('resources | project id, nme', globals)).join(' ')).toMatch(/'nme'/);
    expect(messages(kusto.KustoCode.ParseAndAnalyze('resourcez | project id', globals)).join(' ')).toMatch(/'resourcez'/);
  });

  it('valid KQL the emulator does not evaluate is refused by it, not answered differently', () => {
    const q = 'resources | summarize count() by type';
    expect(messages(kusto.KustoCode.ParseAndAnalyze(q, globals))).toEqual([]);
    expect(() => parseQuery(q)).toThrow(KqlError);
  });
});
