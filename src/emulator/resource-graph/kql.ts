/**
 * The slice of KQL the emulated Resource Graph evaluates: the operators the product's fleet
 * queries use, with Resource Graph's semantics (`=~`, `!~`, `in~`, `contains` ignore case; `==`,
 * `!=`, `in` do not; `order by` defaults to descending). Anything else is a `KqlError`, which the
 * route answers as Resource Graph's 400 `InvalidQuery` — never a silently different answer.
 *
 * Grammar: `table ('|' op)*`, op ∈ where | project | extend | order by / sort by | take / limit.
 */

export type Value = unknown;
export type Row = Record<string, Value>;

export class KqlError extends Error {
  constructor(readonly code: 'ParserFailure' | 'UnsupportedOperator' | 'UnknownName' | 'UnknownFunction', message: string, readonly position: number, readonly token?: string) {
    super(message);
    this.name = 'KqlError';
  }
}

interface Token { kind: 'ident' | 'string' | 'number' | 'op' | 'end'; text: string; value?: string | number; pos: number }

const OPS = ['=~', '!~', '==', '!=', '<=', '>=', '|', ',', '(', ')', '[', ']', '.', '=', '<', '>', '!', '~'];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const verbatim = c === '@' && (src[i + 1] === "'" || src[i + 1] === '"');
    if (c === "'" || c === '"' || verbatim) {
      const start = i;
      const quote = verbatim ? src[i + 1] : c;
      i += verbatim ? 2 : 1;
      let text = '';
      for (;;) {
        if (i >= src.length) throw new KqlError('ParserFailure', 'Unterminated string literal.', start);
        const d = src[i] ?? '';
        if (d === quote) { i++; break; }
        if (d === '\\' && !verbatim) {
          const e = src[i + 1] ?? '';
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        text += d;
        i++;
      }
      out.push({ kind: 'string', text: src.slice(start, i), value: text, pos: start });
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'number', text: num[0], value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    // `mv-expand`, `project-away`: a dash joins words of an operator name.
    const ident = /^[A-Za-z_$][A-Za-z0-9_]*(?:-[A-Za-z]+)*/.exec(src.slice(i));
    if (ident) {
      out.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new KqlError('ParserFailure', `Unexpected character '${c}'.`, i, c);
    out.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  out.push({ kind: 'end', text: '<EOF>', pos: src.length });
  return out;
}

export type Expr =
  | { k: 'lit'; v: Value }
  | { k: 'col'; name: string; pos: number }
  | { k: 'member'; base: Expr; key: string | number }
  | { k: 'call'; fn: string; args: Expr[]; pos: number }
  | { k: 'cmp'; op: string; l: Expr; r: Expr }
  | { k: 'in'; negate: boolean; ci: boolean; l: Expr; list: Expr[] }
  | { k: 'and' | 'or'; l: Expr; r: Expr }
  | { k: 'not'; e: Expr };

export interface Column { name: string; expr: Expr }
export type Step =
  | { op: 'where'; expr: Expr }
  | { op: 'project' | 'extend'; columns: Column[] }
  | { op: 'order'; keys: { expr: Expr; desc: boolean }[] }
  | { op: 'take'; count: number };

export interface Query { table: string; steps: Step[] }

/** String operators: case-insensitive unless `_cs`. */
const STRING_OPS = new Set(['contains', '!contains', 'contains_cs', '!contains_cs', 'startswith', '!startswith', 'endswith', '!endswith']);
const FUNCTIONS = new Set(['tostring', 'tolower', 'toupper', 'isnotempty', 'isempty', 'isnull', 'isnotnull', 'strcat']);

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  private peek(offset = 0): Token {
    return this.t[Math.min(this.i + offset, this.t.length - 1)] as Token;
  }
  private next(): Token {
    const tok = this.peek();
    this.i++;
    return tok;
  }
  private isOp(text: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.kind === 'op' && tok.text === text;
  }
  private isWord(text: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.kind === 'ident' && tok.text === text;
  }
  private expectOp(text: string): void {
    const tok = this.next();
    if (tok.kind !== 'op' || tok.text !== text) throw new KqlError('ParserFailure', `'${text}' expected, found '${tok.text}'.`, tok.pos, tok.text);
  }
  private ident(): Token {
    const tok = this.next();
    if (tok.kind !== 'ident') throw new KqlError('ParserFailure', `A name expected, found '${tok.text}'.`, tok.pos, tok.text);
    return tok;
  }

  query(): Query {
    const table = this.ident().text;
    const steps: Step[] = [];
    while (this.isOp('|')) {
      this.next();
      steps.push(this.step());
    }
    const end = this.peek();
    if (end.kind !== 'end') throw new KqlError('ParserFailure', `Unexpected '${end.text}'.`, end.pos, end.text);
    return { table, steps };
  }

  private step(): Step {
    const tok = this.ident();
    switch (tok.text) {
      case 'where':
        return { op: 'where', expr: this.expr() };
      case 'project':
      case 'extend':
        return { op: tok.text, columns: this.columns() };
      case 'order':
      case 'sort': {
        const by = this.ident();
        if (by.text !== 'by') throw new KqlError('ParserFailure', `'by' expected after '${tok.text}'.`, by.pos, by.text);
        const keys: { expr: Expr; desc: boolean }[] = [];
        do {
          if (keys.length > 0) this.next();
          const expr = this.expr();
          let desc = true;
          if (this.isWord('asc') || this.isWord('desc')) desc = this.next().text === 'desc';
          keys.push({ expr, desc });
        } while (this.isOp(','));
        return { op: 'order', keys };
      }
      case 'take':
      case 'limit': {
        const n = this.next();
        if (n.kind !== 'number') throw new KqlError('ParserFailure', `A number expected after '${tok.text}'.`, n.pos, n.text);
        return { op: 'take', count: Number(n.value) };
      }
      default:
        throw new KqlError('UnsupportedOperator', `The query operator '${tok.text}' is not supported by the emulated Resource Graph.`, tok.pos, tok.text);
    }
  }

  private columns(): Column[] {
    const out: Column[] = [];
    do {
      if (out.length > 0) this.next();
      if (this.peek().kind === 'ident' && this.isOp('=', 1)) {
        const name = this.ident().text;
        this.next();
        out.push({ name, expr: this.expr() });
      } else {
        const expr = this.expr();
        out.push({ name: autoName(expr, out.length), expr });
      }
    } while (this.isOp(','));
    return out;
  }

  expr(): Expr {
    let l = this.and();
    while (this.isWord('or')) {
      this.next();
      l = { k: 'or', l, r: this.and() };
    }
    return l;
  }

  private and(): Expr {
    let l = this.comparison();
    while (this.isWord('and')) {
      this.next();
      l = { k: 'and', l, r: this.comparison() };
    }
    return l;
  }

  private comparison(): Expr {
    const l = this.unary();
    const tok = this.peek();
    if (tok.kind === 'op' && ['=~', '!~', '==', '!='].includes(tok.text)) {
      this.next();
      return { k: 'cmp', op: tok.text, l, r: this.unary() };
    }
    // in, in~, !in, !in~
    const negated = this.isOp('!') && this.isWord('in', 1);
    if (negated || this.isWord('in')) {
      if (negated) this.next();
      this.next();
      const ci = this.isOp('~');
      if (ci) this.next();
      this.expectOp('(');
      const list: Expr[] = [];
      while (!this.isOp(')')) {
        if (list.length > 0) this.expectOp(',');
        list.push(this.unary());
      }
      this.next();
      return { k: 'in', negate: negated, ci, l, list };
    }
    const bang = this.isOp('!') && this.peek(1).kind === 'ident' ? '!' : '';
    const word = this.peek(bang ? 1 : 0);
    if (word.kind === 'ident' && STRING_OPS.has(bang + word.text)) {
      if (bang) this.next();
      this.next();
      return { k: 'cmp', op: bang + word.text, l, r: this.unary() };
    }
    if (tok.kind === 'op' && ['<', '>', '<=', '>='].includes(tok.text)) {
      throw new KqlError('UnsupportedOperator', `The operator '${tok.text}' is not supported by the emulated Resource Graph.`, tok.pos, tok.text);
    }
    if (word.kind === 'ident' && /^!?(has|has_cs|hasprefix|hassuffix|matches|between|like|has_any|has_all)$/.test(bang + word.text)) {
      throw new KqlError('UnsupportedOperator', `The operator '${bang}${word.text}' is not supported by the emulated Resource Graph.`, word.pos, word.text);
    }
    return l;
  }

  private unary(): Expr {
    if (this.isWord('not') && this.isOp('(', 1)) {
      this.next();
      this.next();
      const e = this.expr();
      this.expectOp(')');
      return { k: 'not', e };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        e = { k: 'member', base: e, key: this.ident().text };
      } else if (this.isOp('[')) {
        this.next();
        const key = this.next();
        if (key.kind !== 'string' && key.kind !== 'number') throw new KqlError('ParserFailure', 'An index or a quoted name expected.', key.pos, key.text);
        this.expectOp(']');
        e = { k: 'member', base: e, key: key.value as string | number };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const tok = this.next();
    if (tok.kind === 'string' || tok.kind === 'number') return { k: 'lit', v: tok.value };
    if (tok.kind === 'op' && tok.text === '(') {
      const e = this.expr();
      this.expectOp(')');
      return e;
    }
    if (tok.kind === 'ident') {
      if (tok.text === 'true' || tok.text === 'false') return { k: 'lit', v: tok.text === 'true' };
      if (this.isOp('(')) {
        if (!FUNCTIONS.has(tok.text)) throw new KqlError('UnknownFunction', `The function '${tok.text}' is not supported by the emulated Resource Graph.`, tok.pos, tok.text);
        this.next();
        const args: Expr[] = [];
        while (!this.isOp(')')) {
          if (args.length > 0) this.expectOp(',');
          args.push(this.expr());
        }
        this.next();
        return { k: 'call', fn: tok.text, args, pos: tok.pos };
      }
      return { k: 'col', name: tok.text, pos: tok.pos };
    }
    throw new KqlError('ParserFailure', `An expression expected, found '${tok.text}'.`, tok.pos, tok.text);
  }
}

/** The name Kusto gives an unnamed projected expression: `properties.a.b` → `properties_a_b`. */
function autoName(e: Expr, index: number): string {
  if (e.k === 'col') return e.name;
  if (e.k === 'member') {
    const base = autoName(e.base, index);
    return `${base}_${String(e.key)}`;
  }
  return `Column${index + 1}`;
}

export function parseQuery(src: string): Query {
  return new Parser(tokenize(src)).query();
}

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
