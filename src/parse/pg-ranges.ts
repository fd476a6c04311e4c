/**
 * Token ranges of libpg-query parse-tree nodes. A node's start is the smallest
 * location in its subtree; its end is the last token its syntax owns: the last
 * name of a column reference, a call's closing parenthesis, the words of a
 * multi-word type, IS NOT NULL ..., widened so brackets inside are balanced.
 */
import type { PgTokens } from './pg-tokens.js';

export type PgNode = Record<string, any>;
/** Inclusive token indices [first, last]. */
export type TokRange = [number, number];

/** Node types whose JSON omits `location` when it is 0 (protobuf default). */
const LOCATED = new Set([
  'A_Const', 'RangeVar', 'TableFunc', 'BoolExpr', 'SubLink', 'CaseExpr', 'CaseWhen', 'ArrayExpr', 'RowExpr',
  'CoalesceExpr', 'MinMaxExpr', 'SQLValueFunction', 'XmlExpr', 'JsonFormat', 'JsonIsPredicate', 'NullTest',
  'BooleanTest', 'SetToDefault', 'TypeName', 'ColumnRef', 'ParamRef', 'A_Expr', 'TypeCast', 'CollateClause',
  'RoleSpec', 'FuncCall', 'A_ArrayExpr', 'ResTarget', 'SortBy', 'WindowDef', 'RangeTableFunc', 'RangeTableFuncCol',
  'RangeTableSample', 'ColumnDef', 'DefElem', 'XmlSerialize', 'PartitionElem', 'PartitionSpec', 'PartitionBoundSpec',
  'PartitionRangeDatum', 'GroupingSet', 'GroupingFunc', 'WithClause', 'InferClause', 'OnConflictClause',
  'CTESearchClause', 'CTECycleClause', 'CommonTableExpr', 'JsonFuncExpr', 'JsonTablePathSpec', 'JsonTable',
  'JsonTableColumn', 'JsonParseExpr', 'JsonScalarExpr', 'JsonSerializeExpr', 'JsonObjectConstructor',
  'JsonArrayConstructor', 'JsonArrayQueryConstructor', 'JsonAggConstructor', 'Constraint', 'FunctionParameter',
  'ReturningOption', 'PublicationObjSpec',
]);

/** Fields that hold a node without the `{ Type: ... }` wrapper. */
const FIELD_TYPES: Record<string, string> = {
  typeName: 'TypeName', returnType: 'TypeName', relation: 'RangeVar', rel: 'RangeVar', pktable: 'RangeVar',
  view: 'RangeVar', over: 'WindowDef', withClause: 'WithClause', onConflictClause: 'OnConflictClause',
  infer: 'InferClause', larg: 'SelectStmt', rarg: 'SelectStmt', intoClause: 'IntoClause', into: 'IntoClause',
  returningClause: 'ReturningClause', alias: 'Alias',
};

/** `{ Type: fields }` → [Type, fields]. */
export function unwrap(node: unknown): [string, PgNode] | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  let only: string | undefined;
  for (const k in node as PgNode) {
    if (only !== undefined) return undefined;
    only = k;
  }
  if (only === undefined) return undefined;
  const c = only.charCodeAt(0);
  if (c < 65 || c > 90) return undefined;
  const inner = (node as PgNode)[only];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? [only, inner] : undefined;
}

const INTERVAL_FIELDS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND']);

export class PgRanges {
  private readonly cache = new Map<object, TokRange | null>();

  constructor(readonly t: PgTokens) {}

  /** Range of a wrapped node (`{ ColumnRef: {...} }`). */
  of(node: unknown): TokRange | undefined {
    const w = unwrap(node);
    return w ? this.typed(w[0], w[1]) : undefined;
  }

  /** Range of an unwrapped node of a known type. */
  typed(type: string, n: PgNode): TokRange | undefined {
    const hit = this.cache.get(n);
    if (hit !== undefined) return hit ?? undefined;
    const r = this.compute(type, n);
    this.cache.set(n, r ?? null);
    return r;
  }

  /** Token index of a node's own location, or -1. */
  loc(type: string, n: PgNode): number {
    const l = n.location;
    if (typeof l === 'number') return this.t.indexOfByte(l);
    return LOCATED.has(type) ? this.t.indexOfByte(0) : -1;
  }

  private compute(type: string, n: PgNode): TokRange | undefined {
    const t = this.t;
    let lo = Number.POSITIVE_INFINITY;
    let hi = -1;
    const L = this.loc(type, n);
    if (L >= 0) {
      lo = L;
      hi = this.ownEnd(type, n, L);
    }
    for (const k in n) {
      if (k === 'location') continue;
      const r = this.field(k, n[k]);
      if (r) {
        if (r[0] < lo) lo = r[0];
        if (r[1] > hi) hi = r[1];
      }
    }
    if (hi < 0 || lo === Number.POSITIVE_INFINITY) return undefined;
    [lo, hi] = t.balance(lo, hi);
    switch (type) {
      case 'CaseExpr':
        if (t.is(hi + 1, 'END')) hi++;
        break;
      case 'A_Indirection':
        [lo, hi] = this.indirection(n, lo, hi);
        break;
      case 'SortBy':
        hi = this.sortTail(hi);
        break;
      case 'CommonTableExpr': {
        const q = this.of(n.ctequery);
        const enc = q && t.enclosingParen(q[0], q[1]);
        if (enc && enc[1] + 1 > hi) hi = enc[1] + 1;
        break;
      }
      case 'RangeSubselect': {
        const q = this.of(n.subquery);
        const enc = q && t.enclosingParen(q[0], q[1]);
        if (enc) {
          lo = Math.min(lo, enc[0] - 1);
          hi = Math.max(hi, enc[1] + 1);
        }
        if (n.lateral && t.is(lo - 1, 'LATERAL')) lo--;
        hi = this.aliasTail(hi, n.alias);
        break;
      }
      case 'RangeFunction':
        if (n.lateral && t.is(lo - 1, 'LATERAL')) lo--;
        if (t.is(hi + 1, 'WITH') && t.is(hi + 2, 'ORDINALITY')) hi += 2;
        hi = this.aliasTail(hi, n.alias);
        break;
      case 'JoinExpr':
        if (n.usingClause && t.is(hi + 1, 'USING') && t.text[hi + 2] === '(') hi = t.match[hi + 2]!;
        break;
    }
    return t.balance(lo, hi);
  }

  private field(key: string, v: unknown): TokRange | undefined {
    if (!v || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = -1;
      for (const item of v) {
        const r = this.field('', item);
        if (r) {
          if (r[0] < lo) lo = r[0];
          if (r[1] > hi) hi = r[1];
        }
      }
      return hi < 0 ? undefined : [lo, hi];
    }
    const w = unwrap(v);
    if (w) return this.typed(w[0], w[1]);
    return this.typed(FIELD_TYPES[key] ?? '', v as PgNode);
  }

  /** Last token of the syntax a node's own location starts. */
  private ownEnd(type: string, n: PgNode, L: number): number {
    const t = this.t;
    switch (type) {
      case 'ColumnRef':
        return this.dotted(L, (n.fields as unknown[]).length);
      case 'A_Const':
        return (t.text[L] === '-' || t.text[L] === '+') && L + 1 < t.count ? L + 1 : L;
      case 'FuncCall':
        return this.callEnd(L, (n.funcname as unknown[]).length);
      case 'TypeName':
        return this.typeEnd(L);
      case 'NullTest':
        if (t.is(L, 'IS')) return t.is(L + 1, 'NOT') ? L + 2 : L + 1;
        return L;
      case 'BooleanTest':
        return t.is(L + 1, 'NOT') ? L + 2 : L + 1;
      case 'SubLink': {
        for (let i = L; i < t.count && i <= L + 3; i++) if (t.text[i] === '(') return t.match[i]! >= 0 ? t.match[i]! : L;
        return L;
      }
      case 'RangeVar': {
        const parts = 1 + (n.schemaname ? 1 : 0) + (n.catalogname ? 1 : 0);
        return this.aliasTail(this.dotted(L, parts), n.alias);
      }
      case 'CollateClause':
        return Math.min(t.count - 1, L + 2 * (n.collname as unknown[]).length - 1);
      case 'ParamRef':
      case 'ResTarget':
      case 'ColumnDef':
      case 'Constraint':
      case 'CommonTableExpr':
      case 'A_Expr':
      case 'BoolExpr':
      case 'TypeCast':
        return L;
      default:
        return this.parenAt(L);
    }
  }

  /** `a.b.c` starting at L with `parts` names. */
  dotted(L: number, parts: number): number {
    const t = this.t;
    let e = L;
    for (let k = 1; k < parts; k++) {
      if (t.text[e + 1] !== '.') return e;
      e += 2;
    }
    return Math.min(e, t.count - 1);
  }

  private parenAt(L: number): number {
    const t = this.t;
    for (const i of [L, L + 1]) {
      const x = t.text[i];
      if ((x === '(' || x === '[') && t.match[i]! >= 0) return t.match[i]!;
    }
    return L;
  }

  private callEnd(L: number, nameParts: number): number {
    const t = this.t;
    let p = -1;
    if (t.text[L + 1] === '(') p = L + 1;
    else {
      const e = this.dotted(L, nameParts);
      if (t.text[e + 1] === '(') p = e + 1;
    }
    if (p < 0 || t.match[p]! < 0) return L;
    let e = t.match[p]!;
    for (;;) {
      if (t.is(e + 1, 'FILTER') && t.text[e + 2] === '(') e = t.match[e + 2]!;
      else if (t.is(e + 1, 'WITHIN') && t.is(e + 2, 'GROUP') && t.text[e + 3] === '(') e = t.match[e + 3]!;
      else if (t.is(e + 1, 'OVER')) e = t.text[e + 2] === '(' ? t.match[e + 2]! : e + 2;
      else break;
      if (e < 0) return L;
    }
    return e;
  }

  /** End of a type name: qualified name, multi-word forms, modifiers, array bounds. */
  typeEnd(L: number): number {
    const t = this.t;
    let e = L;
    if (t.is(e, 'SETOF')) e++;
    while (t.text[e + 1] === '.' && e + 2 < t.count) e += 2;
    for (;;) {
      const prev = t.upper[e]!;
      const next = t.upper[e + 1];
      if (next === undefined) break;
      if (next === '(' || next === '[') {
        const m = t.match[e + 1]!;
        if (m < 0) break;
        e = m;
      } else if (next === 'PRECISION' && prev === 'DOUBLE') e++;
      else if (next === 'VARYING' && (prev === 'CHARACTER' || prev === 'CHAR' || prev === 'BIT' || prev === 'NCHAR')) e++;
      else if (next === 'CHARACTER' && prev === 'NATIONAL') e++;
      else if ((next === 'WITH' || next === 'WITHOUT') && t.is(e + 2, 'TIME') && t.is(e + 3, 'ZONE')) e += 3;
      else if (INTERVAL_FIELDS.has(next) && (prev === 'INTERVAL' || prev === 'TO' || prev === ')')) {
        if (prev === ')' && !this.intervalBefore(e)) break;
        e++;
      } else if (next === 'TO' && INTERVAL_FIELDS.has(prev) && INTERVAL_FIELDS.has(t.upper[e + 2] ?? '')) e++;
      else if (next === 'ARRAY' && !t.is(e + 2, '(')) e++;
      else break;
    }
    return e;
  }

  private intervalBefore(closeParen: number): boolean {
    const open = this.t.match[closeParen]!;
    return open > 0 && this.t.is(open - 1, 'INTERVAL');
  }

  /** `[AS] alias [(cols)]` after token `e`, when the alias is really there. */
  aliasTail(e: number, alias: PgNode | undefined): number {
    if (!alias?.aliasname) return e;
    const t = this.t;
    let i = e + 1;
    if (t.is(i, 'AS')) i++;
    const word = t.ident(i);
    if (word === undefined) return e;
    const name = alias.aliasname as string;
    if (word !== name && word.toLowerCase() !== name) return e;
    if (alias.colnames && t.text[i + 1] === '(' && t.match[i + 1]! > 0) return t.match[i + 1]!;
    return i;
  }

  /** ASC / DESC / USING op, NULLS FIRST / LAST after an ORDER BY key. */
  sortTail(e: number): number {
    const t = this.t;
    if (t.is(e + 1, 'ASC') || t.is(e + 1, 'DESC')) e++;
    else if (t.is(e + 1, 'USING')) e += 2;
    if (t.is(e + 1, 'NULLS') && (t.is(e + 2, 'FIRST') || t.is(e + 2, 'LAST'))) e += 2;
    return Math.min(e, t.count - 1);
  }

  private indirection(n: PgNode, lo: number, hi: number): TokRange {
    const t = this.t;
    let e = hi;
    while (t.text[e + 1] === ')' && t.match[e + 1]! >= 0 && t.match[e + 1]! < lo) {
      lo = t.match[e + 1]!;
      e++;
    }
    for (const ind of (n.indirection as unknown[]) ?? []) {
      const w = unwrap(ind);
      if (!w) continue;
      if (w[0] === 'A_Indices') {
        if (t.text[e + 1] === '[' && t.match[e + 1]! > 0) e = t.match[e + 1]!;
      } else if (t.text[e + 1] === '.') e += 2;
    }
    return [lo, Math.min(e, t.count - 1)];
  }

  /** The SELECT / VALUES / TABLE keyword that opens a query whose first located token is `lo`. */
  selectStart(lo: number): number {
    const t = this.t;
    let i = lo;
    for (let steps = 0; steps < 8; steps++) {
      const j = i - 1;
      if (j < 0) break;
      const u = t.upper[j]!;
      if (u === 'SELECT' || u === 'VALUES' || u === 'TABLE') return j;
      if (u === 'DISTINCT' || u === 'ALL' || u === 'ON' || u === '(' || u === 'FROM') {
        if (u === 'FROM' && !t.is(j - 1, 'SELECT')) break;
        i = j;
        continue;
      }
      break;
    }
    return lo;
  }

  /** ORDER BY / FETCH / locking words that trail a query's last located token. */
  selectTail(e: number): number {
    const t = this.t;
    for (;;) {
      const u = t.upper[e + 1];
      if (u === 'ASC' || u === 'DESC') e++;
      else if (u === 'NULLS' && (t.is(e + 2, 'FIRST') || t.is(e + 2, 'LAST'))) e += 2;
      else if (u === 'ROW' || u === 'ROWS') e++;
      else if (u === 'ONLY' && (t.is(e, 'ROW') || t.is(e, 'ROWS'))) e++;
      else if (u === 'WITH' && t.is(e + 2, 'TIES')) e += 2;
      else if (u === 'FOR') {
        let j = e + 2;
        if (t.is(j, 'NO') && t.is(j + 1, 'KEY')) j += 2;
        if (t.is(j, 'KEY')) j++;
        if (t.is(j, 'UPDATE') || t.is(j, 'SHARE')) e = j;
        else break;
      } else if (u === 'NOWAIT') e++;
      else if (u === 'SKIP' && t.is(e + 2, 'LOCKED')) e += 2;
      else break;
    }
    return e;
  }
}
