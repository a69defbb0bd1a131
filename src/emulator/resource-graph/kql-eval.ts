import { KqlError, type Expr, type Query, type Row, type Value } from './kql.js';

/**
 * Evaluation of a parsed query (kql.ts) over a table's rows, with Resource Graph's semantics.
 */

// ── Evaluation ──────────────────────────────────────────────────────────────────────────────

/** Kusto's tostring(): strings as they are, null as "", dynamic values as JSON. */
export function toKustoString(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isEmpty(v: Value): boolean {
  return v === null || v === undefined || v === '';
}

function member(v: Value, key: string | number): Value {
  if (v === null || typeof v !== 'object') return null;
  if (Array.isArray(v)) return typeof key === 'number' ? (v[key] ?? null) : null;
  return (v as Row)[String(key)] ?? null;
}

function evaluate(e: Expr, row: Row): Value {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'col':
      return row[e.name] ?? null;
    case 'member':
      return member(evaluate(e.base, row), e.key);
    case 'call': {
      const args = e.args.map((a) => evaluate(a, row));
      const a = args[0];
      switch (e.fn) {
        case 'tostring': return toKustoString(a);
        case 'tolower': return toKustoString(a).toLowerCase();
        case 'toupper': return toKustoString(a).toUpperCase();
        case 'isnotempty': return !isEmpty(a);
        case 'isempty': return isEmpty(a);
        case 'isnull': return a === null || a === undefined;
        case 'isnotnull': return a !== null && a !== undefined;
        case 'strcat': return args.map(toKustoString).join('');
        default: throw new KqlError('UnknownFunction', `The function '${e.fn}' is not supported.`, e.pos, e.fn);
      }
    }
    case 'and':
      return evaluate(e.l, row) === true && evaluate(e.r, row) === true;
    case 'or':
      return evaluate(e.l, row) === true || evaluate(e.r, row) === true;
    case 'not':
      return evaluate(e.e, row) !== true;
    case 'in': {
      const l = evaluate(e.l, row);
      if (l === null || l === undefined) return e.negate;
      const ls = toKustoString(l);
      const hit = e.list.some((x) => {
        const r = toKustoString(evaluate(x, row));
        return e.ci ? r.toLowerCase() === ls.toLowerCase() : r === ls;
      });
      return e.negate ? !hit : hit;
    }
    case 'cmp': {
      const lv = evaluate(e.l, row);
      const rv = evaluate(e.r, row);
      const negate = e.op.startsWith('!');
      const op = negate ? e.op.slice(1) : e.op;
      if (op === '=' || op === '~') {
        // `!=` and `!~` with a null side: unequal unless both are null.
        if (lv === null || lv === undefined || rv === null || rv === undefined) return !((lv ?? null) === (rv ?? null));
        const [a, b] = [toKustoString(lv), toKustoString(rv)];
        return op === '~' ? a.toLowerCase() !== b.toLowerCase() : a !== b;
      }
      if (op === '==' || op === '=~') {
        if (lv === null || lv === undefined || rv === null || rv === undefined) return false;
        const [a, b] = [toKustoString(lv), toKustoString(rv)];
        return op === '=~' ? a.toLowerCase() === b.toLowerCase() : a === b;
      }
      const cs = op.endsWith('_cs');
      const base = cs ? op.slice(0, -3) : op;
      let a = toKustoString(lv);
      let b = toKustoString(rv);
      if (!cs) {
        a = a.toLowerCase();
        b = b.toLowerCase();
      }
      const hit = base === 'contains' ? a.includes(b) : base === 'startswith' ? a.startsWith(b) : a.endsWith(b);
      return negate ? !hit : hit;
    }
  }
}

/** Column names an expression reads, for "Failed to resolve" errors before any row is seen. */
function columnsRead(e: Expr, out: { name: string; pos: number }[] = []): { name: string; pos: number }[] {
  switch (e.k) {
    case 'col': out.push({ name: e.name, pos: e.pos }); break;
    case 'member': columnsRead(e.base, out); break;
    case 'call': for (const a of e.args) columnsRead(a, out); break;
    case 'cmp': case 'and': case 'or': columnsRead(e.l, out); columnsRead(e.r, out); break;
    case 'in': columnsRead(e.l, out); for (const x of e.list) columnsRead(x, out); break;
    case 'not': columnsRead(e.e, out); break;
    case 'lit': break;
  }
  return out;
}

function checkNames(e: Expr, known: ReadonlySet<string>): void {
  for (const c of columnsRead(e)) {
    if (!known.has(c.name)) throw new KqlError('UnknownName', `Failed to resolve scalar expression named '${c.name}'.`, c.pos, c.name);
  }
}

function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [toKustoString(a), toKustoString(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface Evaluated {
  rows: Row[];
  /** The output columns, in order. */
  columns: string[];
}

/**
 * Runs a parsed query over a table's rows (which it does not change). Names are checked against
 * the columns in scope at each step, as Kusto does, so a typo is an error even on an empty table.
 */
export function run(query: Query, tableColumns: readonly string[], input: readonly Row[]): Evaluated {
  let columns = [...tableColumns];
  let rows: Row[] = input as Row[];
  for (const step of query.steps) {
    const known = new Set(columns);
    switch (step.op) {
      case 'where':
        checkNames(step.expr, known);
        rows = rows.filter((r) => evaluate(step.expr, r) === true);
        break;
      case 'project':
      case 'extend': {
        for (const c of step.columns) checkNames(c.expr, known);
        const names = step.columns.map((c) => c.name);
        const kept = step.op === 'extend' ? columns.filter((c) => !names.includes(c)) : [];
        rows = rows.map((r) => {
          const out: Row = {};
          for (const k of kept) out[k] = r[k] ?? null;
          for (const c of step.columns) out[c.name] = evaluate(c.expr, r);
          return out;
        });
        columns = [...kept, ...names];
        break;
      }
      case 'order': {
        for (const k of step.keys) checkNames(k.expr, known);
        const keyed = rows.map((r) => ({ r, keys: step.keys.map((k) => evaluate(k.expr, r)) }));
        keyed.sort((a, b) => {
          for (let i = 0; i < step.keys.length; i++) {
            const d = compare(a.keys[i], b.keys[i]);
            if (d !== 0) return step.keys[i]?.desc ? -d : d;
          }
          return 0;
        });
        rows = keyed.map((k) => k.r);
        break;
      }
      case 'take':
        rows = rows.slice(0, step.count);
        break;
    }
  }
  return { rows, columns };
}
