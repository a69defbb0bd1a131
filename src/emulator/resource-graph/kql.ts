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

export { run, toKustoString, type Evaluated } from './kql-eval.js';
