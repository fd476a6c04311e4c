/**
 * node-sql-parser tree → the normalised model. Children are converted in
 * source order while a cursor walks the tokens of the enclosing clause, so a
 * node without a location is found at the first matching token after its
 * predecessor. A node that cannot be found takes its nearest located
 * ancestor's span rather than a guess.
 */
import type { Range } from '../core/types.js';
import type { Locator, TokRange } from './generic-locator.js';
import { leadingKeyword } from './keywords.js';
import {
  AGGREGATE_FUNCTIONS,
  type AlterAction, type AlterTableStatement, type Assignment, type ColumnDef, type CreateIndexStatement,
  type CreateTableStatement, type Cte, type DeleteStatement, type DropStatement, type Expr, type FromEntry,
  type FromItem, type IndexColumn, type InsertStatement, type OrderItem, type SelectItem, type SelectStatement,
  type Statement, type TableConstraint, type TableRef, type TruncateStatement, type UpdateStatement,
} from './model.js';

type Node = Record<string, any>;

const SELECT_CLAUSES = new Set([
  'SELECT', 'TOP', 'INTO', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH',
  'FOR', 'LOCK',
]);
const INSERT_CLAUSES = new Set(['VALUES', 'VALUE', 'SELECT', 'WITH', 'RETURNING']);
const UPDATE_CLAUSES = new Set(['SET', 'FROM', 'WHERE', 'ORDER', 'LIMIT', 'RETURNING']);
const DELETE_CLAUSES = new Set(['FROM', 'WHERE', 'ORDER', 'LIMIT', 'RETURNING']);
const DELETE_USING_CLAUSES = new Set([...DELETE_CLAUSES, 'USING']);
const SET_OPS = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'MINUS']);
const JOIN_WORDS = new Set(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER', 'CROSS', 'NATURAL', 'STRAIGHT_JOIN']);
const STRING_TYPES = new Set([
  'single_quote_string', 'double_quote_string', 'string', 'natural_string', 'hex_string', 'full_hex_string',
  'bit_string', 'regex_string', 'var_string', 'dollar_quote_string', 'date', 'time', 'timestamp', 'datetime',
]);
const COLUMN_STOP = new Set([
  'NOT', 'NULL', 'PRIMARY', 'UNIQUE', 'DEFAULT', 'REFERENCES', 'CHECK', 'AUTO_INCREMENT', 'AUTOINCREMENT', 'COLLATE',
  'COMMENT', 'CONSTRAINT', 'GENERATED', 'AS', 'IDENTITY', 'KEY', 'ON', 'CHARSET', 'FIRST', 'AFTER', 'INVISIBLE', 'VISIBLE',
]);
const NOW_WORDS = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'SYSDATE']);

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : v == null ? [] : [v];
}

/** An identifier field that may be a string or a `{ expr: { value } }` / `{ value }` wrapper. */
function name(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Node;
    if (typeof o.value === 'string') return o.value;
    if (o.expr) return name(o.expr);
    if (typeof o.column === 'string' || (o.column && typeof o.column === 'object')) return name(o.column);
    if (typeof o.name === 'string') return o.name;
  }
  return '';
}

function funcName(n: Node): string {
  const nm = n.name;
  if (typeof nm === 'string') return nm;
  const parts = arr(nm?.name).map((p) => name(p));
  return parts[parts.length - 1] ?? '';
}

export class GenericConverter {
  private cur = 0;
  private lim = 0;
  private readonly tokRange = new WeakMap<object, TokRange>();

  constructor(private readonly L: Locator) {}

  // ---- cursor ----------------------------------------------------------------

  /** Run `fn` with the search confined to `r`; afterwards the cursor sits after `r`. */
  private within<T>(r: TokRange | undefined, fn: () => T): T {
    if (!r) return fn();
    const saved = [this.cur, this.lim] as const;
    this.cur = r[0];
    this.lim = r[1] + 1;
    try {
      return fn();
    } finally {
      this.lim = saved[1];
      this.cur = Math.max(saved[0], r[1] + 1);
    }
  }

  private find(pred: (i: number) => boolean): number {
    return this.L.find(this.cur, this.lim, pred);
  }

  private found<T extends object>(x: T, r: TokRange | undefined): T {
    if (r) {
      this.tokRange.set(x, r);
      if (r[1] + 1 > this.cur) this.cur = r[1] + 1;
    }
    return x;
  }

  private rangeOf(x: object | undefined): TokRange | undefined {
    return x ? this.tokRange.get(x) : undefined;
  }

  private span(r: TokRange | undefined, fb: Range): Range {
    return r ? this.L.span(r) : fb;
  }

  private join2(a: TokRange | undefined, b: TokRange | undefined): TokRange | undefined {
    if (!a) return b;
    if (!b) return a;
    return this.L.balance(Math.min(a[0], b[0]), Math.max(a[1], b[1]));
  }

  // ---- statements ------------------------------------------------------------

  /** A top-level statement: the search starts afresh in its own token range (or the whole text). */
  top(ast: Node, range: TokRange | undefined, span: Range): Statement {
    this.cur = range ? range[0] : 0;
    this.lim = range ? range[1] + 1 : this.L.count;
    return this.statement(ast, range, span);
  }

  private statement(ast: Node, range: TokRange | undefined, span: Range): Statement {
    if (range) {
      this.cur = range[0];
      this.lim = range[1] + 1;
    }
    switch (ast.type) {
      case 'select':
        return this.select(ast, range, span);
      case 'insert':
      case 'replace':
        return this.insert(ast, range, span);
      case 'update':
        return this.update(ast, range, span);
      case 'delete':
        return this.delete(ast, range, span);
      case 'create':
        if (ast.keyword === 'table') return this.createTable(ast, range, span);
        if (ast.keyword === 'index') return this.createIndex(ast, range, span);
        return this.other(span);
      case 'alter':
        return ast.table ? this.alterTable(ast, range, span) : this.other(span);
      case 'drop':
        return this.drop(ast, range, span);
      case 'truncate':
        return this.truncate(ast, span);
      default:
        return this.other(span);
    }
  }

  private other(span: Range): Statement {
    return { kind: 'other', keyword: leadingKeyword(this.L.sql, span), span, with: [] };
  }

  /** Clause ranges keyed by their leading keyword, each up to the next clause. */
  private clauses(r: TokRange | undefined, words: ReadonlySet<string>): Map<string, TokRange> {
    const out = new Map<string, TokRange>();
    if (!r) return out;
    const found = [...this.L.anchors(r[0], r[1], words)].sort((a, b) => a[1] - b[1]);
    found.forEach(([w, i], k) => out.set(w, [i, (found[k + 1]?.[1] ?? r[1] + 1) - 1]));
    return out;
  }

  private withClause(ast: Node, r: TokRange | undefined, fb: Range): Cte[] {
    const list = arr(ast.with);
    if (list.length === 0) return [];
    const recursive = list.some((c) => c?.recursive) || (!!r && this.L.isWord(r[0] + 1, 'RECURSIVE'));
    return list.map((c: Node) => {
      const cname = name(c.name);
      const nameTok = this.find((i) => this.L.isIdent(i, cname));
      let cteRange: TokRange | undefined;
      let inner: TokRange | undefined;
      if (nameTok >= 0) {
        const open = this.L.find(nameTok + 1, this.lim, (i) => this.L.isPunct(i, '(') && (this.L.isWord(i - 1, 'AS') || this.L.isWord(i - 1, 'MATERIALIZED')));
        const close = open >= 0 ? this.L.match[open]! : -1;
        if (close > open) {
          cteRange = [nameTok, close];
          inner = [open + 1, close - 1];
        }
      }
      const stmtAst = c.stmt?.ast ?? c.stmt;
      const cspan = this.span(cteRange, fb);
      const query = this.within(inner, () =>
        this.statement(stmtAst ?? {}, inner, this.span(inner, cspan)),
      );
      if (cteRange) this.cur = Math.max(this.cur, cteRange[1] + 1);
      return { name: cname, query, recursive, span: cspan };
    });
  }

  select(ast: Node, range: TokRange | undefined, span: Range): SelectStatement {
    const r = range ?? this.L.snap(ast.loc);
    const sspan = r ? this.L.span(r) : span;
    if (!ast._next) return this.simpleSelect(ast, r, sspan);
    return this.within(r, () => this.compound(ast, r, sspan));
  }

  private compound(ast: Node, r: TokRange | undefined, span: Range): SelectStatement {
    const members: Node[] = [];
    const ops: string[] = [];
    for (let m: Node | undefined = ast; m; m = m._next) {
      members.push(m);
      if (m._next) ops.push(String(m.set_op ?? 'union').toUpperCase());
    }
    const withs = this.withClause(ast, r, span);
    const segs = r ? this.setOpSegments(r) : [];
    if (segs.length > 0 && withs.length > 0) {
      // The WITH clause belongs to the whole compound, not to its first member.
      const s0 = segs[0]!;
      const sel = this.L.anchors(s0[0], s0[1], new Set(['SELECT'])).get('SELECT');
      if (sel !== undefined) segs[0] = [sel, s0[1]];
    }
    const last = members[members.length - 1]!;
    // node-sql-parser hangs the compound's ORDER BY / LIMIT on its last member.
    const tail = segs.length === members.length ? this.clauses(segs[segs.length - 1], new Set(['ORDER', 'LIMIT', 'OFFSET', 'FETCH'])) : new Map();
    const tailStart = Math.min(...[...tail.values()].map((x) => x[0]));
    if (segs.length === members.length && Number.isFinite(tailStart)) {
      const s = segs[segs.length - 1]!;
      segs[segs.length - 1] = [s[0], tailStart - 1];
    }
    const selects = members.map((m, i) => {
      const seg = segs.length === members.length ? segs[i] : this.L.snap(m.loc);
      const stripped = m === last ? { ...m, orderby: null, limit: null, with: null } : { ...m, with: null };
      return this.within(seg, () => this.simpleSelect(stripped, seg, this.span(seg, span)));
    });
    let acc: SelectStatement | undefined;
    let first: SelectStatement = selects[0]!;
    for (let i = 1; i < selects.length; i++) {
      const op = ops[i - 1]!;
      const kind = (op.startsWith('INTERSECT') ? 'INTERSECT' : op.startsWith('EXCEPT') || op.startsWith('MINUS') ? 'EXCEPT' : 'UNION') as 'UNION';
      const all = / ALL$/.test(op);
      if (acc?.compound && acc.compound.op === kind && acc.compound.all === all) {
        acc.compound.selects.push(selects[i]!);
        acc.span = { start: acc.span.start, end: selects[i]!.span.end };
      } else {
        const base = acc ?? first;
        acc = this.emptySelect({ start: base.span.start, end: selects[i]!.span.end });
        acc.compound = { op: kind, all, selects: [base, selects[i]!] };
      }
      first = acc;
    }
    const out = acc ?? first;
    out.span = span;
    out.with = withs;
    const tailRange = tail.size > 0 ? ([tailStart, r ? r[1] : tailStart] as TokRange) : undefined;
    this.within(tailRange, () => {
      out.orderBy = this.orderBy(last.orderby, tail.get('ORDER'), span);
      this.limit(out, last.limit, tail, span);
    });
    return out;
  }

  /** Token ranges of the members of `a UNION b EXCEPT c` at depth 0. */
  private setOpSegments(r: TokRange): TokRange[] {
    const out: TokRange[] = [];
    let s = r[0];
    for (let i = r[0]; i <= r[1]; i++) {
      const t = this.L.tokens[i]!;
      if (t.kind === 'punct' && (t.value === '(' || t.value === '[') && this.L.match[i]! > i) {
        i = this.L.match[i]!;
        continue;
      }
      if (t.kind === 'word' && SET_OPS.has(t.value)) {
        out.push([s, i - 1]);
        let j = i + 1;
        if (this.L.isWord(j, 'ALL') || this.L.isWord(j, 'DISTINCT')) j++;
        s = j;
        i = j - 1;
      }
    }
    out.push([s, r[1]]);
    // Strip parentheses around a member: (SELECT ...) UNION (SELECT ...).
    return out.map((x) => {
      let [a, b] = x;
      while (this.L.isPunct(a, '(') && this.L.match[a] === b) {
        a++;
        b--;
      }
      return [a, b] as TokRange;
    });
  }

  private emptySelect(span: Range): SelectStatement {
    return { kind: 'select', span, with: [], distinct: false, columns: [], from: [], groupBy: [], orderBy: [] };
  }

  private simpleSelect(ast: Node, r: TokRange | undefined, span: Range): SelectStatement {
    const out = this.emptySelect(span);
    const c = this.clauses(r, SELECT_CLAUSES);
    out.with = this.withClause(ast, r, span);
    const d = ast.distinct;
    out.distinct = d === 'DISTINCT' || (typeof d === 'object' && d?.type === 'DISTINCT');
    const sel = c.get('SELECT');
    const top = c.get('TOP');
    let colRange: TokRange | undefined = sel ? [sel[0] + 1, sel[1]] : undefined;
    if (top) {
      // T-SQL: SELECT TOP (n) [PERCENT] [WITH TIES] columns
      let after = top[0] + 1;
      if (ast.top?.value !== undefined) {
        const v = typeof ast.top.value === 'object' ? ast.top.value : { type: 'number', value: ast.top.value };
        this.within([top[0] + 1, top[1]], () => {
          out.limit = this.expr(v, span);
          after = this.cur;
        });
      }
      while (after <= top[1] && (this.L.isPunct(after, ')') || this.L.isWord(after, 'PERCENT') || this.L.isWord(after, 'WITH') || this.L.isWord(after, 'TIES'))) after++;
      colRange = [after, top[1]];
    }
    if (colRange) {
      // Skip DISTINCT / ALL / DISTINCTROW before the first column.
      let a = colRange[0];
      while (a <= colRange[1] && (this.L.isWord(a, 'DISTINCT') || this.L.isWord(a, 'ALL') || this.L.isWord(a, 'DISTINCTROW'))) a++;
      colRange = [a, colRange[1]];
    }
    this.within(colRange, () => {
      out.columns = this.selectItems(ast.columns, colRange, span);
    });
    const from = c.get('FROM');
    this.within(from ? [from[0] + 1, from[1]] : undefined, () => {
      out.from = this.fromList(ast.from, span);
    });
    if (ast.where) out.where = this.clauseExpr(ast.where, c.get('WHERE'), span);
    const group = c.get('GROUP');
    this.within(group, () => {
      const cols = Array.isArray(ast.groupby) ? ast.groupby : arr(ast.groupby?.columns);
      out.groupBy = cols.map((g: Node) => this.expr(g, span));
    });
    if (ast.having) out.having = this.clauseExpr(ast.having, c.get('HAVING'), span);
    out.orderBy = this.within(c.get('ORDER'), () => this.orderBy(ast.orderby, c.get('ORDER'), span));
    this.limit(out, ast.limit, c, span);
    const lock = ast.locking_read;
    if (lock) out.locking = (typeof lock === 'string' ? lock : String(lock.type ?? lock.value ?? 'FOR UPDATE')).toUpperCase();
    return out;
  }

  private clauseExpr(node: Node, clause: TokRange | undefined, fb: Range): Expr {
    return this.within(clause ? [clause[0] + 1, clause[1]] : undefined, () => this.expr(node, fb));
  }

  private limit(out: SelectStatement, lim: Node | undefined, c: Map<string, TokRange>, fb: Range): void {
    if (!lim) return;
    const lr = c.get('LIMIT');
    if (lim.fetch || lim.offset) {
      // T-SQL: OFFSET n ROWS FETCH NEXT m ROWS ONLY
      if (lim.offset?.value) out.offset = this.within(c.get('OFFSET'), () => this.expr(lim.offset.value, fb));
      if (lim.fetch?.value) out.limit = this.within(c.get('FETCH'), () => this.expr(lim.fetch.value, fb));
      return;
    }
    const values = arr(lim.value);
    if (values.length === 0) return;
    const region: TokRange | undefined = lr ? [lr[0], Math.max(lr[1], c.get('OFFSET')?.[1] ?? lr[1])] : undefined;
    this.within(region, () => {
      const first = this.expr(values[0], fb);
      const second = values[1] !== undefined ? this.expr(values[1], fb) : undefined;
      if (lim.seperator === ',' && second) {
        // MySQL: LIMIT offset, count
        out.offset = first;
        out.limit = second;
      } else {
        out.limit = first;
        if (second) out.offset = second;
      }
    });
  }

  private selectItems(columns: unknown, r: TokRange | undefined, fb: Range): SelectItem[] {
    if (columns === '*') {
      const i = this.find((k) => this.L.value(k) === '*');
      const s = this.span(i >= 0 ? [i, i] : undefined, fb);
      return [{ expr: { type: 'star', span: s }, span: s }];
    }
    const items = arr(columns);
    const segs = r ? this.L.splitCommas(r[0], r[1]) : [];
    return items.map((item: Node, k) => {
      const seg = segs.length === items.length ? segs[k] : undefined;
      return this.within(seg, () => {
        const expr = this.expr(item.expr ?? item, fb);
        const er = this.rangeOf(expr);
        const alias = item.as ? name(item.as) : undefined;
        let end = er?.[1];
        if (alias && er) {
          let i = er[1] + 1;
          if (this.L.isWord(i, 'AS')) i++;
          if (this.L.isIdent(i, alias) || this.L.tokens[i]?.kind === 'string') end = i;
        }
        const itemRange: TokRange | undefined = seg ?? (er && end !== undefined ? [er[0], end] : undefined);
        const out: SelectItem = { expr, span: this.span(itemRange, expr.span) };
        if (alias) out.alias = alias;
        return out;
      });
    });
  }

  private orderBy(list: unknown, clause: TokRange | undefined, fb: Range): OrderItem[] {
    const items = arr(list);
    const body: TokRange | undefined = clause ? [clause[0] + 2, clause[1]] : undefined;
    const segs = body ? this.L.splitCommas(body[0], body[1]) : [];
    return items.map((o: Node, k): OrderItem => {
      const seg = segs.length === items.length ? segs[k] : undefined;
      return this.within(seg, () => {
        const expr = this.expr(o.expr, fb);
        const er = this.rangeOf(expr);
        let end = er?.[1];
        if (end !== undefined) {
          if (this.L.isWord(end + 1, 'ASC') || this.L.isWord(end + 1, 'DESC')) end++;
          if (this.L.isWord(end + 1, 'NULLS') && (this.L.isWord(end + 2, 'FIRST') || this.L.isWord(end + 2, 'LAST'))) end += 2;
        }
        const range: TokRange | undefined = er && end !== undefined ? [er[0], end] : seg;
        return {
          expr,
          direction: String(o.type ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
          span: this.span(range, expr.span),
        };
      });
    });
  }

  // ---- FROM -------------------------------------------------------------------

  private fromList(list: unknown, fb: Range): FromEntry[] {
    const out: FromEntry[] = [];
    arr(list).forEach((f: Node, i) => {
      if (!f || f.type === 'dual') return;
      const entry = this.fromEntry(f, fb);
      if (i > 0 && entry.join === 'base') entry.join = 'comma';
      out.push(entry);
    });
    return out;
  }

  private fromEntry(f: Node, fb: Range): FromEntry {
    const joinText = typeof f.join === 'string' ? f.join.toUpperCase() : '';
    const join: FromEntry['join'] = !joinText ? 'base'
      : joinText.includes('LEFT') ? 'left'
      : joinText.includes('RIGHT') ? 'right'
      : joinText.includes('FULL') ? 'full'
      : joinText.includes('CROSS') ? 'cross'
      : 'inner';
    const item = this.fromItem(f, fb);
    const ir = this.rangeOf(item);
    let start = ir?.[0];
    if (joinText && start !== undefined) {
      let j = start - 1;
      while (this.L.isPunct(j, '(') || this.L.isWord(j, 'LATERAL')) j--;
      while (j >= 0 && this.L.tokens[j]!.kind === 'word' && JOIN_WORDS.has(this.L.tokens[j]!.value)) j--;
      start = j + 1;
    }
    let end = ir?.[1];
    const entry: FromEntry = { join, natural: joinText.includes('NATURAL'), item, span: item.span };
    if (f.on) {
      entry.on = this.expr(f.on, fb);
      const or = this.rangeOf(entry.on);
      if (or) end = or[1];
    }
    if (f.using) {
      entry.using = arr(f.using).map((u) => name(u));
      const u = end !== undefined ? this.L.find(end + 1, this.lim, (i) => this.L.isWord(i, 'USING')) : -1;
      if (u >= 0 && this.L.isPunct(u + 1, '(') && this.L.match[u + 1]! > u) {
        end = this.L.match[u + 1]!;
        this.cur = Math.max(this.cur, end + 1);
      }
    }
    if (start !== undefined && end !== undefined) entry.span = this.L.span([start, end]);
    return entry;
  }

  private fromItem(f: Node, fb: Range): FromItem {
    const alias = f.as ? name(f.as) : undefined;
    if (f.expr?.ast) {
      const sq = this.subquery(f.expr, fb);
      const sr = this.rangeOf(sq);
      const lateral = !!sr && this.L.isWord(sr[0] - 1, 'LATERAL');
      const r = sr ? this.aliasTail([lateral ? sr[0] - 1 : sr[0], sr[1]], alias) : undefined;
      const ref: FromItem = { type: 'subquery', query: sq.type === 'subquery' ? sq.query : this.emptySelect(fb), lateral, span: this.span(r, fb) };
      if (alias) ref.alias = alias;
      return this.found(ref, r);
    }
    if (f.type === 'unnest') {
      const i = this.find((k) => this.L.isWord(k, 'UNNEST'));
      const close = i >= 0 && this.L.isPunct(i + 1, '(') ? this.L.match[i + 1]! : -1;
      const cr: TokRange | undefined = close > i ? [i, close] : undefined;
      const args = this.within(cr ? [i + 2, close - 1] : undefined, () => (f.expr ? [this.expr(f.expr, fb)] : []));
      const r = cr ? this.aliasTail(cr, alias) : undefined;
      const ref: FromItem = { type: 'function', name: 'unnest', args, span: this.span(r, fb) };
      if (alias) ref.alias = alias;
      return this.found(ref, r);
    }
    if (f.expr) {
      const call = this.expr(f.expr ?? f, fb);
      const cr = this.rangeOf(call);
      const r = cr ? this.aliasTail(cr, alias) : undefined;
      const ref: FromItem = {
        type: 'function',
        name: call.type === 'function' ? call.name : String(f.type ?? 'function').toLowerCase(),
        args: call.type === 'function' ? call.args : [call],
        span: this.span(r, fb),
      };
      if (alias) ref.alias = alias;
      return this.found(ref, r);
    }
    return this.tableRef(f, fb);
  }

  private aliasTail(r: TokRange, alias: string | undefined): TokRange {
    if (!alias) return r;
    let i = r[1] + 1;
    if (this.L.isWord(i, 'AS')) i++;
    if (!this.L.isIdent(i, alias)) return r;
    if (this.L.isPunct(i + 1, '(') && this.L.match[i + 1]! > i) return [r[0], this.L.match[i + 1]!];
    return [r[0], i];
  }

  private tableRef(t: Node, fb: Range): TableRef {
    let tname = name(t.table);
    let schema: string | undefined = t.schema ?? t.db ?? undefined;
    if (typeof schema !== 'string') schema = schema ? name(schema) : undefined;
    // BigQuery: `project.dataset.table` in one quoted identifier.
    if (tname.includes('.') && !schema) {
      const parts = tname.split('.');
      tname = parts.pop()!;
      schema = parts.join('.');
    }
    const alias = t.as ? name(t.as) : undefined;
    let r = this.L.snap(t.loc);
    if (!r) {
      const i = this.find((k) => this.L.isIdent(k, tname) || (!!schema && this.L.tokens[k]?.kind === 'qident' && this.L.tokens[k]!.value.endsWith(`.${tname}`)));
      if (i >= 0) {
        let a = i;
        while (this.L.isPunct(a - 1, '.') && a - 2 >= this.cur) a -= 2;
        r = [a, i];
      }
    }
    // A location may stop before the alias; take it when it is there.
    if (r && alias && !this.L.isIdent(r[1], alias)) r = this.aliasTail(r, alias);
    const ref: TableRef = { type: 'table', name: tname, span: this.span(r, fb) };
    if (schema) ref.schema = schema;
    if (alias) ref.alias = alias;
    return this.found(ref, r);
  }

  // ---- DML ----------------------------------------------------------------------

  private returning(ret: unknown, c: Map<string, TokRange>, fb: Range): SelectItem[] {
    if (!ret) return [];
    const cols = (ret as Node).columns ?? ret;
    const rr = c.get('RETURNING');
    const body: TokRange | undefined = rr ? [rr[0] + 1, rr[1]] : undefined;
    return this.within(body, () => this.selectItems(cols, body, fb));
  }

  private assignments(set: unknown, fb: Range): Assignment[] {
    return arr(set).map((a: Node) => {
      const col = name(a.column);
      const i = this.find((k) => this.L.isIdent(k, col) && (this.L.isPunct(k + 1, '=') || this.L.value(k + 1) === '='));
      let start = i;
      if (i >= 0) {
        this.cur = i + 1;
        while (this.L.isPunct(start - 1, '.')) start -= 2;
      }
      const value = this.expr(a.value, fb);
      const vr = this.rangeOf(value);
      const r: TokRange | undefined = i >= 0 && vr ? [start, vr[1]] : undefined;
      return { column: col, value, span: this.span(r, value.span) };
    });
  }

  private insert(ast: Node, r: TokRange | undefined, span: Range): InsertStatement {
    const c = this.clauses(r, INSERT_CLAUSES);
    if (r) {
      // ON starts a clause only as ON DUPLICATE KEY / ON CONFLICT, not inside INSERT ... SELECT ... JOIN ... ON.
      const anchors = this.L.anchors(r[0], r[1], new Set(['ON']));
      let on = -1;
      for (let i = anchors.get('ON') ?? -1; i >= 0 && i <= r[1]; i++) {
        if (this.L.isWord(i, 'ON') && (this.L.isWord(i + 1, 'DUPLICATE') || this.L.isWord(i + 1, 'CONFLICT'))) {
          on = i;
          break;
        }
      }
      if (on >= 0) {
        const end = c.get('RETURNING')?.[0] ?? r[1] + 1;
        c.set('ON', [on, end - 1]);
        for (const [k, v] of c) if (k !== 'ON' && v[0] < on && v[1] >= on) c.set(k, [v[0], on - 1]);
      }
    }
    const withs = this.withClause(ast, r, span);
    const target = arr(ast.table)[0] ?? {};
    const stmt: InsertStatement = {
      kind: 'insert',
      span,
      with: withs,
      table: this.tableRef(target, span),
      columns: arr(ast.columns).map((x) => name(x)),
      returning: [],
    };
    const v = ast.values;
    if (v && v.type === 'values') {
      const vr = c.get('VALUES') ?? c.get('VALUE');
      this.within(vr, () => {
        stmt.values = arr(v.values).map((row: Node) => arr(row.value ?? row).map((x: Node) => this.expr(x, span)));
      });
    } else if (v && v.type === 'select') {
      stmt.select = this.insertSelect(v, c, r, span);
    } else if (ast.select) {
      stmt.select = this.insertSelect(ast.select, c, r, span);
    }
    const dup = ast.on_duplicate_update;
    if (dup) {
      const on = c.get('ON');
      stmt.onConflict = {
        target: [],
        action: 'update',
        set: this.within(on, () => this.assignments(dup.set, span)),
      };
    }
    stmt.returning = this.returning(ast.returning, c, span);
    return stmt;
  }

  private insertSelect(sel: Node, c: Map<string, TokRange>, r: TokRange | undefined, span: Range): SelectStatement {
    const start = c.get('SELECT')?.[0] ?? c.get('WITH')?.[0];
    const end = Math.min(c.get('ON')?.[0] ?? Infinity, c.get('RETURNING')?.[0] ?? Infinity) - 1;
    const sr: TokRange | undefined = start !== undefined && r ? [start, Math.min(end, r[1])] : this.L.snap(sel.loc);
    return this.within(sr, () => this.select(sel, sr, this.span(sr, span)));
  }

  private update(ast: Node, r: TokRange | undefined, span: Range): UpdateStatement {
    const c = this.clauses(r, UPDATE_CLAUSES);
    const withs = this.withClause(ast, r, span);
    const tables = arr(ast.table);
    const head: TokRange | undefined = r ? [r[0], (c.get('SET')?.[0] ?? r[1] + 1) - 1] : undefined;
    let table: TableRef = { type: 'table', name: '', span };
    const from: FromEntry[] = [];
    this.within(head, () => {
      tables.forEach((t: Node, i) => {
        if (i === 0 && !t.expr) table = this.tableRef(t, span);
        else {
          const e = this.fromEntry(t, span);
          if (i > 0 && e.join === 'base') e.join = 'comma';
          from.push(e);
        }
      });
    });
    const set = this.within(c.get('SET'), () => this.assignments(ast.set, span));
    const fr = c.get('FROM');
    this.within(fr ? [fr[0] + 1, fr[1]] : undefined, () => {
      for (const e of this.fromList(ast.from, span)) from.push(e);
    });
    const stmt: UpdateStatement = {
      kind: 'update', span, with: withs, table, set, from, orderBy: [], returning: [],
    };
    if (ast.where) stmt.where = this.clauseExpr(ast.where, c.get('WHERE'), span);
    stmt.orderBy = this.within(c.get('ORDER'), () => this.orderBy(ast.orderby, c.get('ORDER'), span));
    const lim = arr(ast.limit?.value)[0];
    if (lim) stmt.limit = this.within(c.get('LIMIT'), () => this.expr(lim, span));
    stmt.returning = this.returning(ast.returning, c, span);
    return stmt;
  }

  private delete(ast: Node, r: TokRange | undefined, span: Range): DeleteStatement {
    const c = this.clauses(r, ast.using ? DELETE_USING_CLAUSES : DELETE_CLAUSES);
    const withs = this.withClause(ast, r, span);
    const targets = arr(ast.table);
    const fr = c.get('FROM');
    let table: TableRef | undefined;
    const explicit = targets[0] && !targets[0].addition;
    if (explicit) {
      const head: TokRange | undefined = r ? [r[0], (fr?.[0] ?? r[1] + 1) - 1] : undefined;
      table = this.within(head, () => this.tableRef(targets[0], span));
    }
    let using: FromEntry[] = this.within(fr ? [fr[0] + 1, fr[1]] : undefined, () => this.fromList(ast.from, span));
    if (!table) {
      const first = using[0];
      table = first?.item.type === 'table' ? first.item : { type: 'table', name: name(targets[0]?.table), span };
      using = using.slice(1);
    } else {
      const tname = table.name;
      const idx = using.findIndex((e) => e.item.type === 'table' && (e.item.name === tname || e.item.alias === tname));
      if (idx === 0) using = using.slice(1);
    }
    if (using[0]?.join === 'comma') using[0].join = 'base';
    const ur = c.get('USING');
    if (ast.using) {
      this.within(ur ? [ur[0] + 1, ur[1]] : undefined, () => {
        for (const e of this.fromList(ast.using, span)) using.push(e);
      });
    }
    const stmt: DeleteStatement = { kind: 'delete', span, with: withs, table, using, orderBy: [], returning: [] };
    if (ast.where) stmt.where = this.clauseExpr(ast.where, c.get('WHERE'), span);
    stmt.orderBy = this.within(c.get('ORDER'), () => this.orderBy(ast.orderby, c.get('ORDER'), span));
    const lim = arr(ast.limit?.value)[0];
    if (lim) stmt.limit = this.within(c.get('LIMIT'), () => this.expr(lim, span));
    stmt.returning = this.returning(ast.returning, c, span);
    return stmt;
  }

  // ---- DDL ----------------------------------------------------------------------

  /** Items of the first parenthesised list after token `from`. */
  private parenItems(from: number): TokRange[] {
    const open = this.L.find(from, this.lim, (i) => this.L.isPunct(i, '('));
    const close = open >= 0 ? this.L.match[open]! : -1;
    return close > open ? this.L.splitCommas(open + 1, close - 1) : [];
  }

  private typeText(seg: TokRange | undefined, nameTok: number, def: Node | undefined): string {
    if (seg && nameTok >= seg[0] && nameTok < seg[1]) {
      let e = nameTok;
      for (let i = nameTok + 1; i <= seg[1]; i++) {
        const t = this.L.tokens[i]!;
        if (t.kind === 'word' && COLUMN_STOP.has(t.value)) break;
        if (t.kind === 'word' && t.value === 'CHARACTER' && this.L.isWord(i + 1, 'SET')) break;
        if (t.kind === 'punct' && (t.value === '(' || t.value === '[') && this.L.match[i]! > i) i = this.L.match[i]!;
        else if (t.kind !== 'word' && t.kind !== 'qident') break;
        e = i;
      }
      if (e > nameTok) return this.L.text([nameTok + 1, e]).toLowerCase();
    }
    if (!def) return '';
    let s = String(def.dataType ?? '').toLowerCase();
    if (def.length !== undefined && def.length !== null) s += `(${def.length}${def.scale != null ? `,${def.scale}` : ''})`;
    return s;
  }

  private columnDef(d: Node, seg: TokRange | undefined, fb: Range): ColumnDef {
    const cname = name(d.column);
    const nameTok = seg ? this.L.find(seg[0], seg[1] + 1, (i) => this.L.isIdent(i, cname)) : -1;
    const s: Range = seg && nameTok >= 0 ? this.L.span([nameTok, seg[1]]) : this.span(seg, fb);
    const col: ColumnDef = {
      name: cname,
      dataType: this.typeText(seg, nameTok, d.definition),
      nullable: !(d.nullable?.type === 'not null' || d.primary_key || d.unique_or_primary === 'primary key'),
      primaryKey: !!d.primary_key || d.unique_or_primary === 'primary key',
      unique: !!d.unique || d.unique_or_primary === 'unique',
      span: s,
    };
    const dv = d.default_val?.value;
    if (dv !== undefined) {
      this.within(seg, () => {
        const dflt = this.L.find(this.cur, this.lim, (i) => this.L.isWord(i, 'DEFAULT'));
        if (dflt >= 0) this.cur = dflt + 1;
        const e = this.expr(dv, s);
        const er = this.rangeOf(e);
        col.default = er ? this.L.text(er) : this.L.sql.slice(e.span.start, e.span.end);
      });
    }
    if (d.reference_definition) col.references = this.reference(d.reference_definition);
    return col;
  }

  private reference(rd: Node): { table: string; columns: string[] } {
    const t = arr(rd.table)[0] ?? {};
    const table = [t.db, name(t.table)].filter(Boolean).join('.');
    return { table, columns: arr(rd.definition).map((x) => name(x)) };
  }

  private constraint(d: Node, s: Range): TableConstraint {
    const type = String(d.constraint_type ?? d.resource ?? '').toLowerCase();
    const kind: TableConstraint['kind'] =
      type.startsWith('primary') ? 'primary-key'
      : type.startsWith('unique') ? 'unique'
      : type.startsWith('foreign') ? 'foreign-key'
      : type.startsWith('check') ? 'check'
      : 'other';
    const out: TableConstraint = { kind, columns: arr(d.definition).map((x) => name(x)).filter(Boolean), span: s };
    const cname = d.constraint ?? d.index;
    if (cname) out.name = name(cname);
    if (d.reference_definition) out.references = this.reference(d.reference_definition);
    return out;
  }

  private createTable(ast: Node, r: TokRange | undefined, span: Range): CreateTableStatement {
    const table = this.tableRef(arr(ast.table)[0] ?? {}, span);
    const stmt: CreateTableStatement = {
      kind: 'create-table', span, with: [], table, ifNotExists: !!ast.if_not_exists, columns: [], constraints: [],
    };
    const defs = arr(ast.create_definitions);
    const tr = this.rangeOf(table);
    const items = tr && defs.length > 0 ? this.parenItems(tr[1] + 1) : [];
    defs.forEach((d: Node, i) => {
      const seg = items.length === defs.length ? items[i] : undefined;
      const s = this.span(seg, span);
      if (d.resource === 'column') stmt.columns.push(this.columnDef(d, seg, span));
      else stmt.constraints.push(this.constraint(d, s));
    });
    if (ast.query_expr) {
      const as = r ? this.L.find(tr ? tr[1] + 1 : r[0], r[1] + 1, (i) => this.L.isWord(i, 'SELECT') || this.L.isWord(i, 'WITH')) : -1;
      const sr: TokRange | undefined = as >= 0 && r ? [as, r[1]] : this.L.snap(ast.query_expr.loc);
      stmt.asSelect = this.within(sr, () => this.select(ast.query_expr, sr, this.span(sr, span)));
    }
    return stmt;
  }

  private alterTable(ast: Node, r: TokRange | undefined, span: Range): AlterTableStatement {
    const table = this.tableRef(arr(ast.table)[0] ?? {}, span);
    const tr = this.rangeOf(table);
    const exprs = arr(ast.expr);
    const items = tr && r ? this.L.splitCommas(tr[1] + 1, r[1]) : [];
    const actions = exprs.map((x: Node, i): AlterAction => {
      const seg = items.length === exprs.length ? items[i] : undefined;
      const s = this.span(seg, span);
      const action = String(x.action ?? '').toLowerCase();
      const resource = String(x.resource ?? '').toLowerCase();
      const col = name(x.column);
      const text = seg ? this.L.text(seg) : '';
      if (resource === 'column' || (x.column && !resource)) {
        if (action === 'add') return { kind: 'add-column', column: this.columnDef(x, seg, span), span: s };
        if (action === 'drop') return { kind: 'drop-column', column: col, ifExists: /\bIF\s+EXISTS\b/i.test(text), span: s };
        if (action === 'rename') return { kind: 'rename-column', column: name(x.old_column), newName: col, span: s };
        if (action === 'modify' || action === 'change') {
          const dataType = this.columnDef(x, seg, span).dataType;
          return { kind: 'alter-column-type', column: name(x.old_column) || col, dataType, span: s };
        }
      }
      if (action === 'rename' && resource === 'table') return { kind: 'rename-table', newName: name(x.table), span: s };
      if (action === 'add' && resource === 'constraint' && x.create_definitions) {
        const d = x.create_definitions;
        const at = seg ? this.L.find(seg[0] + 1, seg[1] + 1, (k) => this.L.tokens[k]!.kind === 'word') : -1;
        return { kind: 'add-constraint', constraint: this.constraint(d, at >= 0 && seg ? this.L.span([at, seg[1]]) : s), span: s };
      }
      if (action === 'drop' && (resource === 'constraint' || resource === 'index' || resource === 'key')) {
        return { kind: 'drop-constraint', name: name(x.constraint ?? x.index ?? x.name ?? ''), span: s };
      }
      return { kind: 'other', description: text || `${action} ${resource}`.trim().toUpperCase(), span: s };
    });
    return { kind: 'alter-table', span, with: [], table, actions };
  }

  private createIndex(ast: Node, r: TokRange | undefined, span: Range): CreateIndexStatement {
    const on = r ? this.L.find(r[0], r[1] + 1, (i) => this.L.isWord(i, 'ON')) : -1;
    if (on >= 0) this.cur = on + 1;
    const table = this.tableRef(arr(ast.table)[0] ?? ast.table ?? {}, span);
    const tr = this.rangeOf(table);
    const cols = arr(ast.index_columns);
    const items = tr ? this.parenItems(tr[1] + 1) : [];
    const columns = cols.map((c: Node, i): IndexColumn => {
      const seg = items.length === cols.length ? items[i] : undefined;
      return this.within(seg, () => {
        const out: IndexColumn = { text: '' };
        const e = this.expr(c, span);
        const er = this.rangeOf(e);
        if (e.type === 'column') out.column = e.name;
        else out.expr = e;
        out.text = seg ? this.L.text(this.keyText(seg)) : er ? this.L.text(er) : e.type === 'column' ? e.name : '';
        const dir = String(c.order_by ?? c.order ?? '').toUpperCase();
        if (dir === 'ASC' || dir === 'DESC') out.direction = dir;
        return out;
      });
    });
    const idx = ast.index;
    const stmt: CreateIndexStatement = {
      kind: 'create-index', span, with: [], table, unique: String(ast.index_type ?? '').toLowerCase() === 'unique',
      concurrently: !!ast.concurrently, ifNotExists: !!ast.if_not_exists, columns,
    };
    const iname = typeof idx === 'string' ? idx : idx ? name(idx.name ?? idx) : '';
    if (iname) stmt.name = iname;
    if (ast.where) stmt.where = this.expr(ast.where, span);
    const using = ast.index_using?.type ?? arr(ast.index_options).find((o: Node) => o?.keyword === 'using')?.type;
    if (using) stmt.method = String(using).toLowerCase();
    return stmt;
  }

  /** An index key without its trailing ASC / DESC / NULLS FIRST|LAST. */
  private keyText(seg: TokRange): TokRange {
    let e = seg[1];
    if (e - 1 > seg[0] && this.L.isWord(e - 1, 'NULLS') && (this.L.isWord(e, 'FIRST') || this.L.isWord(e, 'LAST'))) e -= 2;
    if (e > seg[0] && (this.L.isWord(e, 'ASC') || this.L.isWord(e, 'DESC'))) e--;
    return [seg[0], e];
  }

  private drop(ast: Node, r: TokRange | undefined, span: Range): DropStatement {
    const words = r ? this.L.tokens.slice(r[0], r[1] + 1).filter((t) => t.kind === 'word').map((t) => t.value) : [];
    const names = arr(ast.name).map((n: Node | string) => {
      if (typeof n === 'string') return n;
      if (n.table) return [n.db ?? n.schema, name(n.table)].filter(Boolean).join('.');
      if (n.schema) return arr(n.schema).map((x) => name(x)).join('.');
      return name(n);
    });
    return {
      kind: 'drop',
      span,
      with: [],
      objectType: String(ast.keyword ?? words[1] ?? '').toUpperCase(),
      names,
      ifExists: /if exists/i.test(String(ast.prefix ?? '')) || words.slice(0, 5).join(' ').includes('IF EXISTS'),
      cascade: words.includes('CASCADE'),
      concurrently: words.slice(0, 4).includes('CONCURRENTLY'),
    };
  }

  private truncate(ast: Node, span: Range): TruncateStatement {
    return { kind: 'truncate', span, with: [], tables: arr(ast.name).map((t: Node) => this.tableRef(t, span)) };
  }

  // ---- expressions ------------------------------------------------------------

  expr(node: any, fb: Range): Expr {
    if (node == null || typeof node !== 'object') return { type: 'unknown', description: 'empty', children: [], span: fb };
    if (node.ast) return this.subquery(node, fb);
    switch (node.type) {
      case 'column_ref':
        return this.column(node, fb);
      case 'number':
      case 'bigint':
        return this.number(node, fb);
      case 'bool':
      case 'boolean':
        return this.word(node.value ? 'TRUE' : 'FALSE', { type: 'literal', kind: 'boolean', value: !!node.value, span: fb });
      case 'null':
        return this.word('NULL', { type: 'literal', kind: 'null', value: null, span: fb });
      case 'origin':
        return this.origin(node, fb);
      case 'param':
        return this.param(`${node.prefix ?? ':'}${node.value}`, fb);
      case 'var':
        return this.param(`${node.prefix ?? '@'}${node.name}`, fb);
      case 'binary_expr':
        return this.binary(node, fb);
      case 'unary_expr':
        return this.unary(node, fb);
      case 'function':
      case 'aggr_func':
      case 'window_func':
        return this.func(node, fb);
      case 'cast':
        return this.cast(node, fb);
      case 'case':
        return this.caseExpr(node, fb);
      case 'interval':
        return this.interval(node, fb);
      case 'expr_list':
        return this.list(node, fb);
      case 'select':
        return this.subquery({ ast: node }, fb);
      case 'star':
        return this.word('*', { type: 'star', span: fb });
      case 'default':
        return this.column({ column: node.value }, fb);
      default:
        if (STRING_TYPES.has(node.type)) return this.string(node, fb);
        return this.unknown(node, fb);
    }
  }

  private unknown(node: Node, fb: Range): Expr {
    const children: Expr[] = [];
    for (const k of Object.keys(node)) {
      if (k === 'loc' || k === 'type') continue;
      for (const v of arr(node[k])) {
        if (v && typeof v === 'object' && (typeof v.type === 'string' || v.ast)) children.push(this.expr(v, fb));
        else if (v && typeof v === 'object' && v.expr && typeof v.expr === 'object') children.push(this.expr(v.expr, fb));
        else if (v && typeof v === 'object' && !Array.isArray(v)) {
          // Untyped holders such as EXTRACT's `args: { field, source }`: their typed members are operands.
          for (const inner of Object.values(v as Record<string, unknown>)) {
            if (inner && typeof inner === 'object' && typeof (inner as Node).type === 'string') children.push(this.expr(inner as Node, fb));
          }
        }
      }
    }
    let r = this.L.snap(node.loc);
    for (const ch of children) r = this.join2(r, this.rangeOf(ch));
    // Array literals and parenthesised nodes own their brackets.
    if (r && (this.L.isPunct(r[0] - 1, '[') || (node.parentheses && this.L.isPunct(r[0] - 1, '('))) && this.L.match[r[0] - 1] === r[1] + 1) {
      r = [r[0] - 1, r[1] + 1];
    }
    const e: Expr = { type: 'unknown', description: String(node.type ?? 'expression'), children, span: this.span(r, fb) };
    return this.found(e, r);
  }

  /** A node whose only text is one word (NULL, TRUE, *). */
  private word<T extends Expr>(w: string, e: T): T {
    const i = this.find((k) => this.L.value(k) === w);
    if (i >= 0) e.span = this.L.span([i, i]);
    return this.found(e, i >= 0 ? [i, i] : undefined);
  }

  private column(node: Node, fb: Range): Expr {
    const cname = name(node.column);
    const table = typeof node.table === 'string' ? node.table : node.table ? name(node.table) : undefined;
    const schema = typeof node.db === 'string' ? node.db : typeof node.schema === 'string' ? node.schema : undefined;
    if (cname.startsWith('@') && !cname.startsWith('@@')) return this.param(cname, fb);
    let r = this.L.snap(node.loc);
    if (r && cname !== '*') {
      // Some locations run on over a COLLATE clause; end at the column's own name.
      let e = r[1];
      while (e > r[0] && !this.L.isIdent(e, cname)) e--;
      if (this.L.isIdent(e, cname)) r = [r[0], e];
    }
    if (!r) {
      const i = this.find((k) => {
        if (cname === '*' ? this.L.value(k) !== '*' : !this.L.isIdent(k, cname)) return false;
        if (table) return this.L.isPunct(k - 1, '.') && this.L.isIdent(k - 2, table);
        return !this.L.isPunct(k + 1, '(') && !this.L.isPunct(k - 1, '.');
      });
      if (i >= 0) {
        let a = i;
        while (this.L.isPunct(a - 1, '.') && a - 2 >= 0) a -= 2;
        r = [a, i];
      }
    }
    const span = this.span(r, fb);
    if (cname === '*') {
      const star: Expr = { type: 'star', span };
      if (table) star.table = table;
      return this.found(star, r);
    }
    const col: Expr = { type: 'column', name: cname, span };
    if (table) col.table = table;
    if (schema) col.schema = schema;
    return this.found(col, r);
  }

  private number(node: Node, fb: Range): Expr {
    const n = Number(node.value);
    const i = this.find((k) => {
      const t = this.L.tokens[k]!;
      if (t.kind !== 'number') return false;
      const v = Number(t.value.replace(/_/g, ''));
      if (v === n) return true;
      return v === -n && this.L.value(k - 1) === '-';
    });
    let r: TokRange | undefined;
    if (i >= 0) r = Number(this.L.value(i)) === n || n === 0 ? [i, i] : [i - 1, i];
    const value = Number.isFinite(n) ? n : String(node.value);
    return this.found({ type: 'literal', kind: 'number', value: value as number, span: this.span(r, fb) }, r);
  }

  private string(node: Node, fb: Range): Expr {
    const v = String(node.value ?? '');
    const i = this.find((k) => {
      const t = this.L.tokens[k]!;
      if (t.kind !== 'string' && !(t.kind === 'qident' && node.type === 'double_quote_string')) return false;
      if (t.value === v) return true;
      const raw = this.L.sql.slice(t.start, t.end);
      const q = raw.search(/['"`]/);
      return q >= 0 && raw.slice(q + 1, -1) === v;
    });
    const r: TokRange | undefined = i >= 0 ? [i, i] : undefined;
    const value = i >= 0 ? this.L.tokens[i]!.value : v;
    return this.found({ type: 'literal', kind: 'string', value, span: this.span(r, fb) }, r);
  }

  private param(text: string, fb: Range): Expr {
    const i = this.find((k) => {
      const t = this.L.tokens[k]!;
      return t.kind === 'param' && (t.value === text || (text === '?' && t.value.startsWith('?')));
    });
    const r: TokRange | undefined = i >= 0 ? [i, i] : undefined;
    return this.found({ type: 'param', name: i >= 0 ? this.L.tokens[i]!.value : text, span: this.span(r, fb) }, r);
  }

  private origin(node: Node, fb: Range): Expr {
    const v = String(node.value ?? '');
    if (v === '?') return this.param('?', fb);
    const upper = v.toUpperCase();
    if (NOW_WORDS.has(upper)) {
      return this.word(upper, { type: 'function', name: v.toLowerCase(), args: [], star: false, distinct: false, aggregate: false, window: false, span: fb });
    }
    return this.word(upper, { type: 'unknown', description: upper, children: [], span: fb });
  }

  private binary(node: Node, fb: Range): Expr {
    let op = String(node.operator ?? '').toUpperCase();
    const locR = this.L.snap(node.loc);
    if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
      const e = this.expr(node.left, fb);
      const [lo, hi] = arr(node.right?.value);
      const low = this.expr(lo, fb);
      const high = this.expr(hi, fb);
      const r = this.join2(this.rangeOf(e), this.rangeOf(high)) ?? locR;
      return this.found({ type: 'between', expr: e, low, high, not: op === 'NOT BETWEEN', span: this.span(r, fb) }, r);
    }
    const left = this.expr(node.left, fb);
    const rn = node.right;
    if ((op === 'IS' || op === 'IS NOT') && rn && (rn.type === 'null' || rn.type === 'bool' || rn.type === 'boolean' || (rn.type === 'origin' && /^unknown$/i.test(rn.value)))) {
      const what = rn.type === 'null' ? 'NULL' : rn.type === 'origin' ? 'UNKNOWN' : rn.value ? 'TRUE' : 'FALSE';
      const end = this.find((k) => this.L.isWord(k, what));
      const lr = this.rangeOf(left);
      const r: TokRange | undefined = lr && end >= 0 ? [lr[0], end] : locR;
      if (end >= 0) this.cur = end + 1;
      return this.found({ type: 'unary', op: `${op} ${what}`, operand: left, span: this.span(r, fb) }, r);
    }
    let right: Expr;
    if (rn?.type === 'expr_list' && arr(rn.value).length === 1 && arr(rn.value)[0]?.ast) right = this.expr(arr(rn.value)[0], fb);
    else right = this.expr(rn, fb);
    const rr = this.rangeOf(right);
    if (right.type === 'function' && /^(ANY|ALL|SOME)$/i.test(right.name) && right.args.length === 1) {
      op = `${op} ${right.name.toUpperCase() === 'SOME' ? 'ANY' : right.name.toUpperCase()}`;
      right = right.args[0]!;
    }
    const r = this.join2(this.rangeOf(left), rr) ?? locR;
    return this.found({ type: 'binary', op, left, right, span: this.span(r, fb) }, r);
  }

  private unary(node: Node, fb: Range): Expr {
    let op = String(node.operator ?? '').toUpperCase();
    if (op === '!') op = 'NOT';
    const first = op.split(' ')[0]!;
    const i = this.find((k) => this.L.value(k) === first || (op === 'NOT' && this.L.value(k) === '!'));
    if (i >= 0) this.cur = i + 1;
    const operand = this.expr(node.expr, fb);
    const or = this.rangeOf(operand);
    let r: TokRange | undefined = i >= 0 && or ? this.L.balance(i, or[1]) : this.L.snap(node.loc);
    if (!r && or) r = or;
    if (op === 'NOT' && operand.type === 'unary' && operand.op === 'EXISTS') {
      return this.found({ type: 'unary', op: 'NOT EXISTS', operand: operand.operand, span: this.span(r, fb) }, r);
    }
    return this.found({ type: 'unary', op, operand, span: this.span(r, fb) }, r);
  }

  private func(node: Node, fb: Range): Expr {
    const fname = funcName(node);
    const lower = fname.toLowerCase();
    let r = this.L.snap(node.loc);
    if (!r) {
      const i = this.find((k) => this.L.isIdent(k, fname));
      if (i >= 0) {
        let end = i;
        if (this.L.isPunct(i + 1, '(') && this.L.match[i + 1]! > i) end = this.L.match[i + 1]!;
        if (node.over && this.L.isWord(end + 1, 'OVER')) {
          end = this.L.isPunct(end + 2, '(') && this.L.match[end + 2]! > 0 ? this.L.match[end + 2]! : end + 2;
        }
        r = [i, end];
      }
    }
    const span = this.span(r, fb);
    const args: Expr[] = [];
    let star = false;
    let distinct = false;
    this.within(r ? [r[0] + 1, r[1]] : undefined, () => {
      const a = node.args;
      if (node.type === 'aggr_func') {
        distinct = String(a?.distinct ?? '').toUpperCase() === 'DISTINCT';
        const inner = a?.expr;
        if (inner?.type === 'star') star = true;
        else if (inner?.type === 'expr_list') for (const x of arr(inner.value)) args.push(this.expr(x, span));
        else if (inner) args.push(this.expr(inner, span));
      } else {
        for (const x of arr(a?.value ?? (a && a.type !== 'expr_list' ? a : []))) {
          if (x?.type === 'star') star = true;
          else args.push(this.expr(x, span));
        }
      }
    });
    if (lower === 'exists' && args.length === 1) {
      return this.found({ type: 'unary', op: 'EXISTS', operand: args[0]!, span }, r);
    }
    const window = !!node.over;
    return this.found(
      { type: 'function', name: lower, args, star, distinct, aggregate: !window && AGGREGATE_FUNCTIONS.has(lower), window, span },
      r,
    );
  }

  private cast(node: Node, fb: Range): Expr {
    const target = arr(node.target);
    const fallbackType = (t: Node | undefined): string => {
      if (!t) return '';
      let s = String(t.dataType ?? '').toLowerCase();
      if (t.length != null) s += `(${t.length}${t.scale != null ? `,${t.scale}` : ''})`;
      return s;
    };
    if (node.symbol === '::') {
      let inner = this.expr(node.expr, fb);
      let r = this.rangeOf(inner);
      for (const t of target.length > 0 ? target : [undefined]) {
        let to = fallbackType(t);
        let next: TokRange | undefined;
        if (r && this.L.value(r[1] + 1) === '::') {
          const a = r[1] + 2;
          let e = a;
          while (this.L.isPunct(e + 1, '.') && e + 2 < this.lim) e += 2;
          while ((this.L.isPunct(e + 1, '(') || this.L.isPunct(e + 1, '[')) && this.L.match[e + 1]! > e) e = this.L.match[e + 1]!;
          to = this.L.text([a, e]).toLowerCase();
          next = [r[0], e];
        }
        inner = this.found({ type: 'cast', expr: inner, to, span: this.span(next, fb) }, next);
        r = next;
      }
      return inner;
    }
    const kw = String(node.keyword ?? 'cast').toUpperCase();
    const i = this.find((k) => this.L.isWord(k, kw));
    const close = i >= 0 && this.L.isPunct(i + 1, '(') ? this.L.match[i + 1]! : -1;
    const r: TokRange | undefined = close > i ? [i, close] : undefined;
    let to = fallbackType(target[0]);
    const expr = this.within(r ? [i + 2, close - 1] : undefined, () => {
      const e = this.expr(node.expr, fb);
      const as = this.find((k) => this.L.isWord(k, 'AS'));
      if (as >= 0 && r && as + 1 <= close - 1) to = this.L.text([as + 1, close - 1]).toLowerCase();
      return e;
    });
    return this.found({ type: 'cast', expr, to, span: this.span(r, fb) }, r);
  }

  private caseExpr(node: Node, fb: Range): Expr {
    const i = this.find((k) => this.L.isWord(k, 'CASE'));
    const end = i >= 0 ? this.L.caseEnd(i, this.lim) : -1;
    const r: TokRange | undefined = end > i ? [i, end] : undefined;
    const span = this.span(r, fb);
    const out: Expr = { type: 'case', whens: [], span };
    this.within(r ? [i + 1, end - 1] : undefined, () => {
      if (node.expr) out.operand = this.expr(node.expr, span);
      for (const a of arr(node.args)) {
        if (a.type === 'when') out.whens.push({ when: this.expr(a.cond, span), then: this.expr(a.result, span) });
        else if (a.type === 'else') out.else = this.expr(a.result, span);
      }
    });
    return this.found(out, r);
  }

  private interval(node: Node, fb: Range): Expr {
    const i = this.find((k) => this.L.isWord(k, 'INTERVAL'));
    if (i >= 0) this.cur = i + 1;
    const e = this.expr(node.expr, fb);
    const er = this.rangeOf(e);
    const unit = node.unit ? String(node.unit).toUpperCase() : '';
    let end = er?.[1];
    if (end !== undefined && unit && this.L.isWord(end + 1, unit)) end++;
    const r: TokRange | undefined = i >= 0 && end !== undefined ? [i, end] : undefined;
    return this.found({ type: 'cast', expr: e, to: unit ? `interval ${unit.toLowerCase()}` : 'interval', span: this.span(r, fb) }, r);
  }

  private list(node: Node, fb: Range): Expr {
    const values = arr(node.value);
    const items = values.map((v: Node) => this.expr(v, fb));
    let r: TokRange | undefined;
    for (const it of items) r = this.join2(r, this.rangeOf(it));
    if (r && this.L.isPunct(r[0] - 1, '(') && this.L.match[r[0] - 1] === r[1] + 1) r = [r[0] - 1, r[1] + 1];
    else if (!r && values.length === 0) {
      const open = this.find((k) => this.L.isPunct(k, '('));
      if (open >= 0 && this.L.match[open]! > open) r = [open, this.L.match[open]!];
    }
    return this.found({ type: 'list', items, span: this.span(r, fb) }, r);
  }

  private subquery(node: Node, fb: Range): Expr {
    const ast = node.ast as Node;
    let inner = this.L.snap(ast.loc);
    if (inner && this.L.isPunct(inner[0], '(') && this.L.match[inner[0]] === inner[1]) inner = [inner[0] + 1, inner[1] - 1];
    if (!inner) {
      const open = this.find((k) => this.L.isPunct(k, '(') && (this.L.isWord(k + 1, 'SELECT') || this.L.isWord(k + 1, 'WITH') || this.L.isWord(k + 1, 'VALUES') || this.L.isPunct(k + 1, '(')));
      if (open >= 0 && this.L.match[open]! > open) inner = [open + 1, this.L.match[open]! - 1];
    }
    const outer = inner ? this.L.wrapParens(inner) : undefined;
    const span = this.span(outer, fb);
    const query = this.within(inner, () =>
      ast.type === 'select' ? this.select(ast, inner, this.span(inner, span)) : this.emptySelect(this.span(inner, span)),
    );
    return this.found({ type: 'subquery', query, span }, outer);
  }
}
