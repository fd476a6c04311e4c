/**
 * libpg-query parse tree → the normalised model. Identifiers are read back from
 * the scanner tokens so they keep the case they were written in (the parse tree
 * folds unquoted names to lower case); when a token does not line up with the
 * tree, the tree's name is used.
 */
import type { Range } from '../core/types.js';
import {
  AGGREGATE_FUNCTIONS,
  type AlterAction, type AlterTableStatement, type Assignment, type ColumnDef, type CreateIndexStatement,
  type CreateTableStatement, type Cte, type DeleteStatement, type DropStatement, type Expr, type FromEntry,
  type FromItem, type IndexColumn, type InsertStatement, type OrderItem, type SelectItem, type SelectStatement,
  type Statement, type TableConstraint, type TableRef, type TruncateStatement, type UpdateStatement,
} from './model.js';
import { PgRanges, unwrap, type PgNode, type TokRange } from './pg-ranges.js';
import type { PgTokens } from './pg-tokens.js';
import { leadingKeyword } from './keywords.js';

type Via = 'paren' | 'bare';

const SVF_NAMES: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date', SVFOP_CURRENT_TIME: 'current_time', SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp', SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime', SVFOP_LOCALTIME_N: 'localtime', SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp', SVFOP_CURRENT_ROLE: 'current_role', SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user', SVFOP_SESSION_USER: 'session_user', SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

const LIKE_OPS: Record<string, string> = {
  '~~': 'LIKE', '!~~': 'NOT LIKE', '~~*': 'ILIKE', '!~~*': 'NOT ILIKE', '~': 'SIMILAR TO', '!~': 'NOT SIMILAR TO',
};

const BOOL_TESTS: Record<string, string> = {
  IS_TRUE: 'IS TRUE', IS_NOT_TRUE: 'IS NOT TRUE', IS_FALSE: 'IS FALSE', IS_NOT_FALSE: 'IS NOT FALSE',
  IS_UNKNOWN: 'IS UNKNOWN', IS_NOT_UNKNOWN: 'IS NOT UNKNOWN',
};

const JOIN_TYPES: Record<string, FromEntry['join']> = {
  JOIN_INNER: 'inner', JOIN_LEFT: 'left', JOIN_RIGHT: 'right', JOIN_FULL: 'full',
};

const LOCK_STRENGTH: Record<string, string> = {
  LCS_FORUPDATE: 'FOR UPDATE', LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE', LCS_FORSHARE: 'FOR SHARE',
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
};

const OBJECT_TYPES: Record<string, string> = {
  OBJECT_MATVIEW: 'MATERIALIZED VIEW', OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE', OBJECT_EVENT_TRIGGER: 'EVENT TRIGGER',
  OBJECT_ACCESS_METHOD: 'ACCESS METHOD', OBJECT_TSCONFIGURATION: 'TEXT SEARCH CONFIGURATION',
  OBJECT_TSDICTIONARY: 'TEXT SEARCH DICTIONARY', OBJECT_TSPARSER: 'TEXT SEARCH PARSER',
  OBJECT_TSTEMPLATE: 'TEXT SEARCH TEMPLATE', OBJECT_FDW: 'FOREIGN DATA WRAPPER', OBJECT_FOREIGN_SERVER: 'SERVER',
  OBJECT_OPCLASS: 'OPERATOR CLASS', OBJECT_OPFAMILY: 'OPERATOR FAMILY',
};

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function strings(v: unknown): string[] {
  const out: string[] = [];
  for (const item of list(v)) {
    const w = unwrap(item);
    if (w && w[0] === 'String') out.push(w[1].sval ?? '');
  }
  return out;
}

export class PgConverter {
  private readonly r: PgRanges;

  constructor(
    private readonly sql: string,
    private readonly t: PgTokens,
  ) {
    this.r = new PgRanges(t);
  }

  // ---- spans -------------------------------------------------------------

  private span(range: TokRange | undefined, fallback: Range): Range {
    return range ? this.t.span(range[0], range[1]) : fallback;
  }

  private rangeSpan(node: unknown, fallback: Range): Range {
    return this.span(this.r.of(node), fallback);
  }

  private text(range: TokRange): string {
    return this.sql.slice(this.t.start[range[0]]!, this.t.end[range[1]]!);
  }

  /** The span of a nested query: inside its parentheses, or from its keyword to its last clause. */
  private querySpan(node: unknown, via: Via, fallback: Range): Range {
    const w = unwrap(node);
    const r = w ? this.r.typed(w[0], w[1]) : this.r.typed('SelectStmt', node as PgNode);
    if (!r) return fallback;
    if (via === 'paren') {
      let enc = this.t.enclosingParen(r[0], r[1]);
      // ((SELECT 1)) is still the query inside the innermost pair.
      while (enc && this.t.text[enc[0]] === '(' && this.t.match[enc[0]] === enc[1]) enc = [enc[0] + 1, enc[1] - 1];
      if (enc && enc[0] <= enc[1]) return this.t.span(enc[0], enc[1]);
    }
    const isDml = w && w[0] !== 'SelectStmt';
    const start = isDml ? r[0] : this.r.selectStart(r[0]);
    return this.t.span(Math.min(start, r[0]), isDml ? r[1] : this.r.selectTail(r[1]));
  }

  /** An identifier as written at token i when it matches the parse tree's (folded) name. */
  private asWritten(i: number, name: string | undefined): string {
    if (name === undefined) return '';
    const w = this.t.ident(i);
    if (w !== undefined && (w === name || (!this.t.text[i]!.startsWith('"') && w.toLowerCase() === name))) return w;
    return name;
  }

  // ---- statements ----------------------------------------------------------

  statement(node: unknown, span: Range): Statement {
    const w = unwrap(node);
    if (!w) return this.other(span);
    const [type, n] = w;
    switch (type) {
      case 'SelectStmt':
        return this.select(n, span);
      case 'InsertStmt':
        return this.insert(n, span);
      case 'UpdateStmt':
        return this.update(n, span);
      case 'DeleteStmt':
        return this.delete(n, span);
      case 'CreateStmt':
        return this.createTable(n, span);
      case 'CreateTableAsStmt':
        if (n.objtype === 'OBJECT_TABLE') return this.createTableAs(n, span);
        return this.other(span);
      case 'AlterTableStmt':
        if ((n.objtype ?? 'OBJECT_TABLE') === 'OBJECT_TABLE') return this.alterTable(n, span);
        return this.other(span);
      case 'RenameStmt':
        return this.rename(n, span);
      case 'IndexStmt':
        return this.createIndex(n, span);
      case 'DropStmt':
        return this.drop(n, span);
      case 'DropdbStmt':
        return this.dropNamed('DATABASE', [n.dbname], n, span);
      case 'DropRoleStmt':
        return this.dropNamed('ROLE', list(n.roles).map((x) => unwrap(x)?.[1].rolename ?? ''), n, span);
      case 'TruncateStmt':
        return this.truncate(n, span);
      default:
        return this.other(span);
    }
  }

  private other(span: Range): Statement {
    return { kind: 'other', keyword: leadingKeyword(this.sql, span), span, with: [] };
  }

  private withClause(n: PgNode, span: Range): Cte[] {
    const wc = n.withClause as PgNode | undefined;
    if (!wc) return [];
    const recursive = !!wc.recursive;
    return list(wc.ctes).map((c) => {
      const cte = unwrap(c)![1];
      const range = this.r.typed('CommonTableExpr', cte);
      const cspan = this.span(range, span);
      const nameTok = this.r.loc('CommonTableExpr', cte);
      const qspan = this.querySpan(cte.ctequery, 'paren', cspan);
      return {
        name: this.asWritten(nameTok, cte.ctename),
        query: this.statement(cte.ctequery, qspan),
        recursive,
        span: cspan,
      };
    });
  }

  select(n: PgNode, span: Range): SelectStatement {
    const base: SelectStatement = {
      kind: 'select', span, with: this.withClause(n, span), distinct: false, columns: [], from: [], groupBy: [],
      orderBy: [],
    };
    if (n.op && n.op !== 'SETOP_NONE') {
      const op = (n.op as string).slice('SETOP_'.length) as 'UNION' | 'INTERSECT' | 'EXCEPT';
      const all = !!n.all;
      const members: PgNode[] = [];
      const flatten = (m: PgNode, top: boolean): void => {
        if (m.op === n.op && !!m.all === all && (top || (!m.sortClause && !m.limitCount && !m.limitOffset && !m.withClause && !m.lockingClause))) {
          flatten(m.larg, false);
          flatten(m.rarg, false);
        } else members.push(m);
      };
      flatten(n, true);
      base.compound = {
        op,
        all,
        selects: members.map((m) => this.select(m, this.querySpan(m, 'bare', span))),
      };
    } else if (n.valuesLists) {
      base.values = list(n.valuesLists).map((row) => list(unwrap(row)?.[1].items).map((x) => this.expr(x, span)));
    } else {
      base.distinct = Array.isArray(n.distinctClause);
      base.columns = this.targets(n.targetList, span);
      base.from = this.fromList(n.fromClause, span);
      if (n.whereClause) base.where = this.expr(n.whereClause, span);
      base.groupBy = list(n.groupClause).map((g) => this.expr(g, span));
      if (n.havingClause) base.having = this.expr(n.havingClause, span);
      if (n.intoClause?.rel) base.into = this.tableRef(n.intoClause.rel, span);
    }
    base.orderBy = this.orderBy(n.sortClause, span);
    if (n.limitCount) base.limit = this.expr(n.limitCount, span);
    if (n.limitOffset) base.offset = this.expr(n.limitOffset, span);
    if (n.lockingClause) base.locking = this.locking(n.lockingClause);
    return base;
  }

  private locking(clauses: unknown): string {
    return list(clauses)
      .map((c) => {
        const l = unwrap(c)?.[1] ?? {};
        let s = LOCK_STRENGTH[l.strength as string] ?? 'FOR UPDATE';
        const rels = list(l.lockedRels).map((r) => unwrap(r)?.[1].relname).filter(Boolean);
        if (rels.length > 0) s += ` OF ${rels.join(', ')}`;
        if (l.waitPolicy === 'LockWaitSkip') s += ' SKIP LOCKED';
        else if (l.waitPolicy === 'LockWaitError') s += ' NOWAIT';
        return s;
      })
      .join(' ');
  }

  private targets(v: unknown, fallback: Range): SelectItem[] {
    return list(v).map((item) => {
      const rt = unwrap(item)?.[1] ?? {};
      const expr = this.expr(rt.val, fallback);
      const range = this.r.of(rt.val);
      if (!range) return { expr, span: expr.span, ...(rt.name ? { alias: rt.name } : {}) };
      let end = range[1];
      let alias: string | undefined;
      if (rt.name) {
        end = this.r.aliasTail(range[1], { aliasname: rt.name });
        alias = end > range[1] ? this.asWritten(end, rt.name) : rt.name;
      }
      return { expr, ...(alias !== undefined ? { alias } : {}), span: this.t.span(range[0], end) };
    });
  }

  private orderBy(v: unknown, fallback: Range): OrderItem[] {
    return list(v).map((item) => {
      const sb = unwrap(item)?.[1] ?? {};
      const expr = this.expr(sb.node, fallback);
      return {
        expr,
        direction: sb.sortby_dir === 'SORTBY_DESC' ? 'DESC' : 'ASC',
        span: this.rangeSpan(item, expr.span),
      };
    });
  }

  private tableRef(rv: PgNode, fallback: Range): TableRef {
    const L = this.r.loc('RangeVar', rv);
    const range = this.r.typed('RangeVar', rv);
    const parts = (rv.catalogname ? 1 : 0) + (rv.schemaname ? 1 : 0);
    const ref: TableRef = {
      type: 'table',
      name: this.asWritten(L + 2 * parts, rv.relname),
      span: this.span(range, fallback),
    };
    if (rv.schemaname) ref.schema = this.asWritten(L + 2 * (parts - 1), rv.schemaname);
    if (rv.alias?.aliasname) ref.alias = this.aliasName(range, rv.alias.aliasname);
    return ref;
  }

  private aliasName(range: TokRange | undefined, name: string): string {
    if (!range) return name;
    // The alias is the last token, or the one before a column list.
    let i = range[1];
    if (this.t.text[i] === ')' && this.t.match[i]! > 0) i = this.t.match[i]! - 1;
    return this.asWritten(i, name);
  }

  private fromList(v: unknown, fallback: Range): FromEntry[] {
    const out: FromEntry[] = [];
    list(v).forEach((item, i) => {
      const entries = this.fromEntries(item, fallback);
      if (entries.length > 0 && i > 0 && entries[0]!.join === 'base') entries[0]!.join = 'comma';
      out.push(...entries);
    });
    return out;
  }

  private fromEntries(node: unknown, fallback: Range): FromEntry[] {
    const w = unwrap(node);
    if (w && w[0] === 'JoinExpr') return this.join(w[1], fallback);
    const item = this.fromItem(node, fallback);
    return [{ join: 'base', natural: false, item, span: item.span }];
  }

  private join(j: PgNode, fallback: Range): FromEntry[] {
    const left = this.fromEntries(j.larg, fallback);
    const right = this.fromEntries(j.rarg, fallback);
    const first = right[0];
    if (!first) return left;
    let kind = JOIN_TYPES[j.jointype as string] ?? 'inner';
    if (kind === 'inner' && !j.quals && !j.usingClause && !j.isNatural) kind = 'cross';
    first.join = kind;
    first.natural = !!j.isNatural;
    if (j.quals) first.on = this.expr(j.quals, fallback);
    if (j.usingClause) first.using = strings(j.usingClause);
    // From the join keyword, which follows the left side, to the end of the condition.
    const lr = this.r.of(j.larg);
    const whole = this.r.typed('JoinExpr', j);
    if (lr && whole) {
      let k = lr[1] + 1;
      while (this.t.text[k] === ')' && k < whole[1]) k++;
      if (k <= whole[1]) first.span = this.t.span(k, whole[1]);
    }
    return [...left, ...right];
  }

  private fromItem(node: unknown, fallback: Range): FromItem {
    const w = unwrap(node);
    if (!w) return { type: 'table', name: '', span: fallback };
    const [type, n] = w;
    const range = this.r.typed(type, n);
    const span = this.span(range, fallback);
    switch (type) {
      case 'RangeVar':
        return this.tableRef(n, fallback);
      case 'RangeSubselect': {
        const ref: FromItem = {
          type: 'subquery',
          query: this.select(unwrap(n.subquery)?.[1] ?? {}, this.querySpan(n.subquery, 'paren', span)),
          lateral: !!n.lateral,
          span,
        };
        if (n.alias?.aliasname) ref.alias = this.aliasName(range, n.alias.aliasname);
        return ref;
      }
      case 'RangeFunction': {
        const fn = unwrap(list(unwrap(list(n.functions)[0])?.[1].items)[0]);
        const call = fn ? this.expr({ [fn[0]]: fn[1] }, span) : undefined;
        const ref: FromItem = {
          type: 'function',
          name: call?.type === 'function' ? call.name : (fn?.[0] ?? 'rows from').toLowerCase(),
          args: call?.type === 'function' ? call.args : call ? [call] : [],
          span,
        };
        if (n.alias?.aliasname) ref.alias = this.aliasName(range, n.alias.aliasname);
        return ref;
      }
      case 'RangeTableSample':
        return this.fromItem(n.relation, fallback);
      default: {
        const ref: FromItem = { type: 'function', name: type.toLowerCase(), args: [], span };
        if (n.alias?.aliasname) ref.alias = n.alias.aliasname;
        return ref;
      }
    }
  }

  private returning(n: PgNode, span: Range): SelectItem[] {
    return this.targets(n.returningClause?.exprs ?? n.returningList, span);
  }

  private assignments(v: unknown, fallback: Range): Assignment[] {
    return list(v).map((item) => {
      const rt = unwrap(item)?.[1] ?? {};
      const L = this.r.loc('ResTarget', rt);
      let valueNode: unknown = rt.val;
      let whole = this.r.of(rt.val);
      const mar = unwrap(rt.val);
      if (mar && mar[0] === 'MultiAssignRef') {
        // `(a, b) = (1, 2)`: each column gets its own value; the span is the whole assignment.
        const src = unwrap(mar[1].source);
        valueNode = src && src[0] === 'RowExpr' ? list(src[1].args)[mar[1].colno - 1] ?? mar[1].source : mar[1].source;
        whole = this.r.of(mar[1].source);
      }
      const value = this.expr(valueNode, fallback);
      const span = L >= 0 && whole ? this.t.span(...this.t.balance(Math.min(L, whole[0]), whole[1])) : value.span;
      return { column: this.asWritten(L, rt.name), value, span };
    });
  }

  private insert(n: PgNode, span: Range): InsertStatement {
    const stmt: InsertStatement = {
      kind: 'insert',
      span,
      with: this.withClause(n, span),
      table: this.tableRef(n.relation ?? {}, span),
      columns: list(n.cols).map((c) => {
        const rt = unwrap(c)?.[1] ?? {};
        return this.asWritten(this.r.loc('ResTarget', rt), rt.name);
      }),
      returning: this.returning(n, span),
    };
    const sel = unwrap(n.selectStmt)?.[1];
    if (sel) {
      if (sel.valuesLists && (!sel.op || sel.op === 'SETOP_NONE') && !sel.sortClause && !sel.limitCount) {
        stmt.values = list(sel.valuesLists).map((row) => list(unwrap(row)?.[1].items).map((x) => this.expr(x, span)));
      } else stmt.select = this.select(sel, this.querySpan(n.selectStmt, 'bare', span));
    }
    const oc = n.onConflictClause as PgNode | undefined;
    if (oc) {
      const target = list(oc.infer?.indexElems).map((e) => {
        const ie = unwrap(e)?.[1] ?? {};
        if (ie.name) return ie.name as string;
        const r = this.r.of(ie.expr);
        return r ? this.text(r) : '';
      });
      stmt.onConflict = {
        target,
        action: oc.action === 'ONCONFLICT_UPDATE' ? 'update' : 'nothing',
        set: this.assignments(oc.targetList, span),
      };
      if (oc.whereClause) stmt.onConflict.where = this.expr(oc.whereClause, span);
    }
    return stmt;
  }

  private update(n: PgNode, span: Range): UpdateStatement {
    const stmt: UpdateStatement = {
      kind: 'update',
      span,
      with: this.withClause(n, span),
      table: this.tableRef(n.relation ?? {}, span),
      set: this.assignments(n.targetList, span),
      from: this.fromList(n.fromClause, span),
      orderBy: [],
      returning: [],
    };
    if (n.whereClause) stmt.where = this.expr(n.whereClause, span);
    stmt.returning = this.returning(n, span);
    return stmt;
  }

  private delete(n: PgNode, span: Range): DeleteStatement {
    const stmt: DeleteStatement = {
      kind: 'delete',
      span,
      with: this.withClause(n, span),
      table: this.tableRef(n.relation ?? {}, span),
      using: this.fromList(n.usingClause, span),
      orderBy: [],
      returning: [],
    };
    if (n.whereClause) stmt.where = this.expr(n.whereClause, span);
    stmt.returning = this.returning(n, span);
    return stmt;
  }

  /** Token ranges of the comma-separated items inside the bracket pair at `open`. */
  private commaItems(open: number): TokRange[] {
    const close = this.t.match[open]!;
    if (close < 0) return [];
    return this.splitCommas(open + 1, close - 1);
  }

  private splitCommas(from: number, to: number): TokRange[] {
    const out: TokRange[] = [];
    let s = from;
    for (let i = from; i <= to; i++) {
      const x = this.t.text[i];
      if ((x === '(' || x === '[') && this.t.match[i]! > i) i = this.t.match[i]!;
      else if (x === ',') {
        if (i > s) out.push([s, i - 1]);
        s = i + 1;
      }
    }
    if (to >= s) out.push([s, to]);
    return out;
  }

  private typeText(tn: PgNode | undefined): string {
    if (!tn) return '';
    const r = this.r.typed('TypeName', tn);
    if (r) return this.text(r).toLowerCase();
    return strings(tn.names).filter((x) => x !== 'pg_catalog').join('.');
  }

  private reference(c: PgNode): { table: string; columns: string[] } {
    const pk = c.pktable as PgNode | undefined;
    const table = pk ? [pk.schemaname, this.tableRef(pk, { start: 0, end: 0 }).name].filter(Boolean).join('.') : '';
    return { table, columns: strings(c.pk_attrs) };
  }

  private columnDef(cd: PgNode, span: Range): ColumnDef {
    const def: ColumnDef = {
      name: this.asWritten(this.r.loc('ColumnDef', cd), cd.colname),
      dataType: this.typeText(cd.typeName),
      nullable: true,
      primaryKey: false,
      unique: false,
      span,
    };
    for (const c of list(cd.constraints)) {
      const con = unwrap(c)?.[1] ?? {};
      switch (con.contype) {
        case 'CONSTR_NOTNULL':
          def.nullable = false;
          break;
        case 'CONSTR_PRIMARY':
          def.primaryKey = true;
          def.nullable = false;
          break;
        case 'CONSTR_UNIQUE':
          def.unique = true;
          break;
        case 'CONSTR_DEFAULT': {
          const r = this.r.of(con.raw_expr);
          if (r) def.default = this.text(r);
          break;
        }
        case 'CONSTR_FOREIGN':
          def.references = this.reference(con);
          break;
      }
    }
    return def;
  }

  private tableConstraint(con: PgNode, span: Range): TableConstraint {
    const kind: TableConstraint['kind'] =
      con.contype === 'CONSTR_PRIMARY' ? 'primary-key'
      : con.contype === 'CONSTR_UNIQUE' ? 'unique'
      : con.contype === 'CONSTR_FOREIGN' ? 'foreign-key'
      : con.contype === 'CONSTR_CHECK' ? 'check'
      : 'other';
    const out: TableConstraint = {
      kind,
      columns: kind === 'foreign-key' ? strings(con.fk_attrs) : strings(con.keys),
      span,
    };
    if (con.conname) out.name = con.conname;
    if (kind === 'foreign-key') out.references = this.reference(con);
    return out;
  }

  private createTable(n: PgNode, span: Range): CreateTableStatement {
    const table = this.tableRef(n.relation ?? {}, span);
    const stmt: CreateTableStatement = {
      kind: 'create-table', span, with: [], table, ifNotExists: !!n.if_not_exists, columns: [], constraints: [],
    };
    const elts = list(n.tableElts);
    const rel = this.r.typed('RangeVar', n.relation ?? {});
    const open = rel ? rel[1] + 1 : -1;
    const items = open >= 0 && this.t.text[open] === '(' ? this.commaItems(open) : [];
    elts.forEach((e, i) => {
      const w = unwrap(e);
      if (!w) return;
      const item = items.length === elts.length ? items[i] : this.r.typed(w[0], w[1]);
      const s = this.span(item, span);
      if (w[0] === 'ColumnDef') stmt.columns.push(this.columnDef(w[1], s));
      else if (w[0] === 'Constraint') stmt.constraints.push(this.tableConstraint(w[1], s));
    });
    return stmt;
  }

  private createTableAs(n: PgNode, span: Range): CreateTableStatement {
    const rel = (n.into?.rel ?? {}) as PgNode;
    return {
      kind: 'create-table',
      span,
      with: [],
      table: this.tableRef(rel, span),
      ifNotExists: !!n.if_not_exists,
      columns: [],
      constraints: [],
      asSelect: this.select(unwrap(n.query)?.[1] ?? {}, this.querySpan(n.query, 'bare', span)),
    };
  }

  private alterTable(n: PgNode, span: Range): AlterTableStatement {
    const table = this.tableRef(n.relation ?? {}, span);
    const cmds = list(n.cmds);
    const rel = this.r.typed('RangeVar', n.relation ?? {});
    const last = this.t.lastBefore(span.end);
    const items = rel ? this.splitCommas(rel[1] + 1, last) : [];
    const actions = cmds.map((c, i): AlterAction => {
      const cmd = unwrap(c)?.[1] ?? {};
      const item = items.length === cmds.length ? items[i] : undefined;
      const s = this.span(item, span);
      const name = cmd.name as string;
      // A column definition or constraint starts after ADD [COLUMN | CONSTRAINT ...].
      const own = (type: string): Range => {
        const def = unwrap(cmd.def);
        const L = def ? this.r.loc(type, def[1]) : -1;
        return item && L >= item[0] && L <= item[1] ? this.t.span(L, item[1]) : s;
      };
      switch (cmd.subtype) {
        case 'AT_AddColumn':
          return { kind: 'add-column', column: this.columnDef(unwrap(cmd.def)?.[1] ?? {}, own('ColumnDef')), span: s };
        case 'AT_DropColumn':
          return { kind: 'drop-column', column: name, ifExists: !!cmd.missing_ok, span: s };
        case 'AT_AlterColumnType':
          return { kind: 'alter-column-type', column: name, dataType: this.typeText(unwrap(cmd.def)?.[1].typeName), span: s };
        case 'AT_SetNotNull':
          return { kind: 'set-not-null', column: name, span: s };
        case 'AT_DropNotNull':
          return { kind: 'drop-not-null', column: name, span: s };
        case 'AT_ColumnDefault':
          return { kind: cmd.def ? 'set-default' : 'drop-default', column: name, span: s };
        case 'AT_AddConstraint':
          return { kind: 'add-constraint', constraint: this.tableConstraint(unwrap(cmd.def)?.[1] ?? {}, own('Constraint')), span: s };
        case 'AT_DropConstraint':
          return { kind: 'drop-constraint', name, span: s };
        default:
          return { kind: 'other', description: item ? this.text(item) : String(cmd.subtype ?? ''), span: s };
      }
    });
    return { kind: 'alter-table', span, with: [], table, actions };
  }

  private rename(n: PgNode, span: Range): Statement {
    const isTable = n.relationType === 'OBJECT_TABLE' || n.renameType === 'OBJECT_TABLE';
    if (!n.relation || !isTable) return this.other(span);
    const table = this.tableRef(n.relation, span);
    const rel = this.r.typed('RangeVar', n.relation);
    const s = rel ? this.t.span(Math.min(rel[1] + 1, this.t.lastBefore(span.end)), this.t.lastBefore(span.end)) : span;
    let action: AlterAction;
    if (n.renameType === 'OBJECT_COLUMN') action = { kind: 'rename-column', column: n.subname, newName: n.newname, span: s };
    else if (n.renameType === 'OBJECT_TABLE') action = { kind: 'rename-table', newName: n.newname, span: s };
    else action = { kind: 'other', description: this.sql.slice(s.start, s.end), span: s };
    return { kind: 'alter-table', span, with: [], table, actions: [action] };
  }

  private createIndex(n: PgNode, span: Range): CreateIndexStatement {
    const table = this.tableRef(n.relation ?? {}, span);
    const rel = this.r.typed('RangeVar', n.relation ?? {});
    let open = -1;
    let method: string | undefined;
    if (rel) {
      for (let i = rel[1] + 1; i < this.t.count; i++) {
        if (this.t.text[i] === '(') {
          open = i;
          break;
        }
        if (this.t.is(i, 'USING')) method = (this.t.ident(i + 1) ?? n.accessMethod)?.toLowerCase();
      }
    }
    const params = list(n.indexParams);
    const items = open >= 0 ? this.commaItems(open) : [];
    const columns = params.map((p, i): IndexColumn => {
      const ie = unwrap(p)?.[1] ?? {};
      const item = items.length === params.length ? items[i] : undefined;
      const col: IndexColumn = { text: '' };
      if (ie.name) {
        col.column = item ? this.asWritten(item[0], ie.name) : ie.name;
        col.text = item ? (this.t.text[item[0]] ?? ie.name) : ie.name;
      } else if (ie.expr) {
        col.expr = this.expr(ie.expr, span);
        let r = this.r.of(ie.expr);
        if (r && this.t.text[r[0] - 1] === '(' && this.t.match[r[0] - 1] === r[1] + 1) r = [r[0] - 1, r[1] + 1];
        col.text = r ? this.text(r) : '';
      }
      if (ie.ordering === 'SORTBY_DESC') col.direction = 'DESC';
      else if (ie.ordering === 'SORTBY_ASC') col.direction = 'ASC';
      return col;
    });
    const stmt: CreateIndexStatement = {
      kind: 'create-index', span, with: [], table, unique: !!n.unique, concurrently: !!n.concurrent,
      ifNotExists: !!n.if_not_exists, columns,
    };
    if (n.idxname) stmt.name = n.idxname;
    if (n.whereClause) stmt.where = this.expr(n.whereClause, span);
    if (method) stmt.method = method;
    return stmt;
  }

  private drop(n: PgNode, span: Range): DropStatement {
    const type = n.removeType as string;
    const objectType = OBJECT_TYPES[type] ?? type.replace(/^OBJECT_/, '').replace(/_/g, ' ');
    const names = list(n.objects).map((o) => {
      const w = unwrap(o);
      if (!w) return '';
      if (w[0] === 'String') return w[1].sval as string;
      if (w[0] === 'List') return strings(w[1].items).join('.');
      if (w[0] === 'TypeName') return strings(w[1].names).join('.');
      if (w[0] === 'ObjectWithArgs') return strings(w[1].objname).join('.');
      return '';
    });
    return this.dropNamed(objectType, names, n, span);
  }

  private dropNamed(objectType: string, names: string[], n: PgNode, span: Range): DropStatement {
    return {
      kind: 'drop', span, with: [], objectType, names, ifExists: !!n.missing_ok,
      cascade: n.behavior === 'DROP_CASCADE', concurrently: !!n.concurrent,
    };
  }

  private truncate(n: PgNode, span: Range): TruncateStatement {
    return {
      kind: 'truncate', span, with: [],
      tables: list(n.relations).map((r) => this.tableRef(unwrap(r)?.[1] ?? {}, span)),
    };
  }

  // ---- expressions --------------------------------------------------------

  expr(node: unknown, fallback: Range): Expr {
    const w = unwrap(node);
    if (!w) return { type: 'unknown', description: 'empty', children: [], span: fallback };
    const [type, n] = w;
    const range = this.r.typed(type, n);
    const span = this.span(range, fallback);
    const sub = (x: unknown): Expr => this.expr(x, span);
    switch (type) {
      case 'ColumnRef':
        return this.columnRef(n, span);
      case 'A_Const':
        return this.constant(n, span);
      case 'ParamRef':
        return { type: 'param', name: range ? this.text([range[0], range[0]]) : `$${n.number ?? 0}`, span };
      case 'A_Expr':
        return this.aExpr(n, span);
      case 'BoolExpr':
        return this.boolExpr(n, span);
      case 'NullTest':
        return { type: 'unary', op: n.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL', operand: sub(n.arg), span };
      case 'BooleanTest':
        return { type: 'unary', op: BOOL_TESTS[n.booltesttype as string] ?? 'IS TRUE', operand: sub(n.arg), span };
      case 'FuncCall':
        return this.funcCall(n, span);
      case 'TypeCast':
        return { type: 'cast', expr: sub(n.arg), to: this.typeText(n.typeName), span };
      case 'SubLink':
        return this.subLink(n, span);
      case 'CaseExpr': {
        const out: Expr = {
          type: 'case',
          whens: list(n.args).map((cw) => {
            const c = unwrap(cw)?.[1] ?? {};
            return { when: sub(c.expr), then: sub(c.result) };
          }),
          span,
        };
        if (n.arg) out.operand = sub(n.arg);
        if (n.defresult) out.else = sub(n.defresult);
        return out;
      }
      case 'CoalesceExpr':
        return this.fn('coalesce', list(n.args).map(sub), span);
      case 'MinMaxExpr':
        return this.fn(n.op === 'IS_LEAST' ? 'least' : 'greatest', list(n.args).map(sub), span);
      case 'SQLValueFunction':
        return this.fn(SVF_NAMES[n.op as string] ?? String(n.op).replace(/^SVFOP_/, '').toLowerCase(), [], span);
      case 'RowExpr':
        return { type: 'list', items: list(n.args).map(sub), span };
      case 'A_ArrayExpr':
        return { type: 'list', items: list(n.elements).map(sub), span };
      case 'List':
        return { type: 'list', items: list(n.items).map(sub), span };
      default:
        return { type: 'unknown', description: type, children: this.childExprs(n, span), span };
    }
  }

  private fn(name: string, args: Expr[], span: Range): Expr {
    return { type: 'function', name, args, star: false, distinct: false, aggregate: false, window: false, span };
  }

  /** Sub-expressions of a node the model does not describe, so walkers still see them. */
  private childExprs(n: PgNode, span: Range): Expr[] {
    const out: Expr[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) {
        v.forEach(visit);
        return;
      }
      const w = unwrap(v);
      if (!w) return;
      if (w[0] === 'String' || w[0] === 'Integer' || w[0] === 'TypeName' || w[0] === 'A_Star' || w[0].endsWith('Stmt')) return;
      if (w[0] === 'A_Indices') {
        visit(w[1].lidx);
        visit(w[1].uidx);
        return;
      }
      out.push(this.expr(v, span));
    };
    for (const k in n) if (k !== 'location') visit(n[k]);
    return out;
  }

  private columnRef(n: PgNode, span: Range): Expr {
    const fields = list(n.fields);
    const L = this.r.loc('ColumnRef', n);
    const names = fields.map((f, i) => {
      const w = unwrap(f);
      if (!w || w[0] !== 'String') return '*';
      return L >= 0 ? this.asWritten(L + 2 * i, w[1].sval) : w[1].sval;
    });
    const last = unwrap(fields[fields.length - 1]);
    if (last && last[0] === 'A_Star') {
      const star: Expr = { type: 'star', span };
      if (names.length > 1) star.table = names[names.length - 2]!;
      return star;
    }
    const col: Expr = { type: 'column', name: names[names.length - 1] ?? '', span };
    if (names.length > 1) col.table = names[names.length - 2]!;
    if (names.length > 2) col.schema = names[names.length - 3]!;
    return col;
  }

  private constant(n: PgNode, span: Range): Expr {
    if (n.isnull) return { type: 'literal', kind: 'null', value: null, span };
    if (n.ival !== undefined) return { type: 'literal', kind: 'number', value: n.ival.ival ?? 0, span };
    if (n.fval !== undefined) return { type: 'literal', kind: 'number', value: Number(n.fval.fval ?? 0), span };
    if (n.boolval !== undefined) return { type: 'literal', kind: 'boolean', value: !!n.boolval.boolval, span };
    if (n.sval !== undefined) return { type: 'literal', kind: 'string', value: n.sval.sval ?? '', span };
    if (n.bsval !== undefined) return { type: 'literal', kind: 'string', value: n.bsval.bsval ?? '', span };
    return { type: 'literal', kind: 'null', value: null, span };
  }

  private aExpr(n: PgNode, span: Range): Expr {
    const name = strings(n.name);
    const op = (name[name.length - 1] ?? '').toUpperCase();
    const sub = (x: unknown): Expr => this.expr(x, span);
    switch (n.kind as string) {
      case 'AEXPR_OP':
        if (!n.lexpr) return { type: 'unary', op, operand: sub(n.rexpr), span };
        if (!n.rexpr) return { type: 'unary', op, operand: sub(n.lexpr), span };
        return { type: 'binary', op, left: sub(n.lexpr), right: sub(n.rexpr), span };
      case 'AEXPR_OP_ANY':
        return { type: 'binary', op: `${op} ANY`, left: sub(n.lexpr), right: sub(n.rexpr), span };
      case 'AEXPR_OP_ALL':
        return { type: 'binary', op: `${op} ALL`, left: sub(n.lexpr), right: sub(n.rexpr), span };
      case 'AEXPR_DISTINCT':
        return { type: 'binary', op: 'IS DISTINCT FROM', left: sub(n.lexpr), right: sub(n.rexpr), span };
      case 'AEXPR_NOT_DISTINCT':
        return { type: 'binary', op: 'IS NOT DISTINCT FROM', left: sub(n.lexpr), right: sub(n.rexpr), span };
      case 'AEXPR_NULLIF':
        return this.fn('nullif', [sub(n.lexpr), sub(n.rexpr)], span);
      case 'AEXPR_IN': {
        const items = list(unwrap(n.rexpr)?.[1].items ?? n.rexpr);
        let lspan = span;
        const start = n.rexpr_list_start;
        const end = n.rexpr_list_end;
        if (typeof start === 'number' && typeof end === 'number') {
          const a = this.t.indexOfByte(start);
          const b = this.t.indexOfByte(end);
          if (a >= 0 && b >= a) lspan = this.t.span(a, b);
        }
        const right: Expr = { type: 'list', items: items.map((x) => this.expr(x, lspan)), span: lspan };
        return { type: 'binary', op: op === '<>' ? 'NOT IN' : 'IN', left: sub(n.lexpr), right, span };
      }
      case 'AEXPR_LIKE':
      case 'AEXPR_ILIKE':
      case 'AEXPR_SIMILAR': {
        let right: unknown = n.rexpr;
        // `x SIMILAR TO p` and `x LIKE p ESCAPE e` wrap the pattern in a helper call.
        const call = unwrap(right);
        if (call && call[0] === 'FuncCall') {
          const fname = strings(call[1].funcname);
          if (fname[0] === 'pg_catalog' && /_escape$/.test(fname[1] ?? '')) right = list(call[1].args)[0];
        }
        return { type: 'binary', op: LIKE_OPS[name[name.length - 1] ?? ''] ?? op, left: sub(n.lexpr), right: sub(right), span };
      }
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN':
      case 'AEXPR_BETWEEN_SYM':
      case 'AEXPR_NOT_BETWEEN_SYM': {
        const [low, high] = list(unwrap(n.rexpr)?.[1].items ?? n.rexpr);
        return {
          type: 'between', expr: sub(n.lexpr), low: sub(low), high: sub(high),
          not: (n.kind as string).includes('NOT'), span,
        };
      }
      default:
        return { type: 'binary', op, left: sub(n.lexpr), right: sub(n.rexpr), span };
    }
  }

  private boolExpr(n: PgNode, span: Range): Expr {
    const args = list(n.args);
    if (n.boolop === 'NOT_EXPR') {
      const inner = unwrap(args[0]);
      if (inner && inner[0] === 'SubLink') {
        const sl = inner[1];
        if (sl.subLinkType === 'EXISTS_SUBLINK') {
          return { type: 'unary', op: 'NOT EXISTS', operand: this.subquery(sl, this.rangeSpan(args[0], span)), span };
        }
        // `x NOT IN (SELECT ...)` puts NOT after x; `NOT x IN (...)` puts it first.
        const lr = this.r.of(sl.testexpr);
        const notTok = this.r.loc('BoolExpr', n);
        if (sl.subLinkType === 'ANY_SUBLINK' && !sl.operName && lr && notTok > lr[1]) {
          return { type: 'binary', op: 'NOT IN', left: this.expr(sl.testexpr, span), right: this.subquery(sl, span), span };
        }
      }
      return { type: 'unary', op: 'NOT', operand: this.expr(args[0], span), span };
    }
    const op = n.boolop === 'OR_EXPR' ? 'OR' : 'AND';
    const ranges = args.map((a) => this.r.of(a));
    let acc = this.expr(args[0], span);
    for (let i = 1; i < args.length; i++) {
      const right = this.expr(args[i], span);
      let s = span;
      const first = ranges[0];
      const cur = ranges[i];
      if (i < args.length - 1 && first && cur) {
        const [a, b] = this.t.balance(first[0], cur[1]);
        s = this.t.span(a, b);
      }
      acc = { type: 'binary', op, left: acc, right, span: s };
    }
    return acc;
  }

  private subquery(sl: PgNode, span: Range): Expr {
    const q = unwrap(sl.subselect);
    const qspan = this.querySpan(sl.subselect, 'paren', span);
    const query = q && q[0] === 'SelectStmt' ? this.select(q[1], qspan) : this.select({}, qspan);
    const r = this.t.indexAt(qspan.start) - 1;
    // The subquery expression includes its parentheses.
    const open = r >= 0 && this.t.text[r] === '(' ? r : -1;
    const s = open >= 0 && this.t.match[open]! > open ? this.t.span(open, this.t.match[open]!) : qspan;
    return { type: 'subquery', query, span: s };
  }

  private subLink(n: PgNode, span: Range): Expr {
    const sq = this.subquery(n, span);
    const opName = strings(n.operName);
    const op = (opName[opName.length - 1] ?? '=').toUpperCase();
    switch (n.subLinkType as string) {
      case 'EXISTS_SUBLINK':
        return { type: 'unary', op: 'EXISTS', operand: sq, span };
      case 'EXPR_SUBLINK':
        return sq;
      case 'ANY_SUBLINK':
        return { type: 'binary', op: opName.length === 0 ? 'IN' : `${op} ANY`, left: this.expr(n.testexpr, span), right: sq, span };
      case 'ALL_SUBLINK':
        return { type: 'binary', op: `${op} ALL`, left: this.expr(n.testexpr, span), right: sq, span };
      case 'ROWCOMPARE_SUBLINK':
        return { type: 'binary', op, left: this.expr(n.testexpr, span), right: sq, span };
      default:
        return { type: 'unknown', description: String(n.subLinkType).replace(/_SUBLINK$/, ''), children: [sq], span };
    }
  }

  private funcCall(n: PgNode, span: Range): Expr {
    const name = (strings(n.funcname).pop() ?? '').toLowerCase();
    const args = list(n.args).map((a) => this.expr(a, span));
    const window = !!n.over;
    return {
      type: 'function',
      name,
      args,
      star: !!n.agg_star,
      distinct: !!n.agg_distinct,
      aggregate: !window && AGGREGATE_FUNCTIONS.has(name),
      window,
      span,
    };
  }
}
