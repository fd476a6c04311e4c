/**
 * Walking the normalised model. Rules use these instead of hand-written
 * traversals so nested statements and sub-expressions are never missed.
 */
import type { ColumnExpr, Expr, FromEntry, SelectItem, SelectStatement, Statement, TableRef } from './model.js';

export type Clause =
  | 'select' | 'from' | 'join' | 'where' | 'group' | 'having' | 'order' | 'limit' | 'offset' | 'set' | 'values'
  | 'returning' | 'on-conflict' | 'index' | 'other';

export type StatementVia = 'top' | 'cte' | 'subquery' | 'from' | 'compound' | 'insert-select';

export interface StatementContext {
  /** 0 for a top-level statement, +1 per level of nesting. */
  depth: number;
  parent?: Statement;
  via: StatementVia;
}

/**
 * Visits every statement, parents before children: CTE queries, compound
 * members, FROM subqueries, subqueries inside expressions, INSERT ... SELECT
 * and CREATE TABLE ... AS SELECT (the last two with via 'insert-select').
 */
export function forEachStatement(statements: readonly Statement[], cb: (stmt: Statement, ctx: StatementContext) => void): void {
  const visit = (stmt: Statement, depth: number, via: StatementVia, parent?: Statement): void => {
    cb(stmt, parent ? { depth, parent, via } : { depth, via });
    const next = depth + 1;
    for (const cte of stmt.with) visit(cte.query, next, 'cte', stmt);
    switch (stmt.kind) {
      case 'select':
        for (const member of stmt.compound?.selects ?? []) visit(member, next, 'compound', stmt);
        fromSubqueries(stmt.from, (q) => visit(q, next, 'from', stmt));
        break;
      case 'insert':
        if (stmt.select) visit(stmt.select, next, 'insert-select', stmt);
        break;
      case 'update':
        fromSubqueries(stmt.from, (q) => visit(q, next, 'from', stmt));
        break;
      case 'delete':
        fromSubqueries(stmt.using, (q) => visit(q, next, 'from', stmt));
        break;
      case 'create-table':
        if (stmt.asSelect) visit(stmt.asSelect, next, 'insert-select', stmt);
        break;
    }
    forEachExpr(stmt, (e) => {
      if (e.type === 'subquery') visit(e.query, next, 'subquery', stmt);
    });
  };
  for (const s of statements) visit(s, 0, 'top');
}

function fromSubqueries(from: readonly FromEntry[], cb: (q: SelectStatement) => void): void {
  for (const entry of from) if (entry.item.type === 'subquery') cb(entry.item.query);
}

/** Direct sub-expressions (a subquery's statement is not an expression child). */
export function children(expr: Expr): Expr[] {
  switch (expr.type) {
    case 'binary':
      return [expr.left, expr.right];
    case 'unary':
      return [expr.operand];
    case 'function':
      return expr.args;
    case 'cast':
      return [expr.expr];
    case 'list':
      return expr.items;
    case 'between':
      return [expr.expr, expr.low, expr.high];
    case 'case': {
      const out: Expr[] = [];
      if (expr.operand) out.push(expr.operand);
      for (const w of expr.whens) out.push(w.when, w.then);
      if (expr.else) out.push(expr.else);
      return out;
    }
    case 'unknown':
      return expr.children;
    default:
      return [];
  }
}

/**
 * Visits every expression of one statement, parents before children, with the
 * clause it sits in. Nested statements' clauses are not entered: a subquery
 * expression is visited, its query is reached through forEachStatement.
 */
export function forEachExpr(stmt: Statement, cb: (expr: Expr, clause: Clause, parent?: Expr) => void): void {
  const walk = (e: Expr | undefined, clause: Clause, parent?: Expr): void => {
    if (!e) return;
    if (parent) cb(e, clause, parent);
    else cb(e, clause);
    for (const c of children(e)) walk(c, clause, e);
  };
  const items = (list: readonly SelectItem[], clause: Clause): void => {
    for (const i of list) walk(i.expr, clause);
  };
  const from = (list: readonly FromEntry[]): void => {
    for (const entry of list) {
      if (entry.item.type === 'function') for (const a of entry.item.args) walk(a, 'from');
      walk(entry.on, 'join');
    }
  };
  const rows = (values: readonly Expr[][] | undefined): void => {
    for (const row of values ?? []) for (const v of row) walk(v, 'values');
  };
  switch (stmt.kind) {
    case 'select':
      items(stmt.columns, 'select');
      from(stmt.from);
      walk(stmt.where, 'where');
      for (const g of stmt.groupBy) walk(g, 'group');
      walk(stmt.having, 'having');
      rows(stmt.values);
      for (const o of stmt.orderBy) walk(o.expr, 'order');
      walk(stmt.limit, 'limit');
      walk(stmt.offset, 'offset');
      break;
    case 'insert':
      rows(stmt.values);
      if (stmt.onConflict) {
        for (const a of stmt.onConflict.set) walk(a.value, 'on-conflict');
        walk(stmt.onConflict.where, 'on-conflict');
      }
      items(stmt.returning, 'returning');
      break;
    case 'update':
      for (const a of stmt.set) walk(a.value, 'set');
      from(stmt.from);
      walk(stmt.where, 'where');
      for (const o of stmt.orderBy) walk(o.expr, 'order');
      walk(stmt.limit, 'limit');
      items(stmt.returning, 'returning');
      break;
    case 'delete':
      from(stmt.using);
      walk(stmt.where, 'where');
      for (const o of stmt.orderBy) walk(o.expr, 'order');
      walk(stmt.limit, 'limit');
      items(stmt.returning, 'returning');
      break;
    case 'create-index':
      for (const c of stmt.columns) walk(c.expr, 'index');
      walk(stmt.where, 'index');
      break;
  }
}

/** The operands of top-level ANDs: `a AND (b AND c)` → [a, b, c]; anything else → [expr]. */
export function conjuncts(expr: Expr): Expr[] {
  if (expr.type === 'binary' && expr.op === 'AND') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/** The SQL text of an expression. */
export function exprText(sql: string, expr: Expr): string {
  return sql.slice(expr.span.start, expr.span.end);
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '||', '^', '&', '|', '<<', '>>', 'DIV', 'MOD']);

/** Literals, parameters, and casts, signs, lists and arithmetic made only of them. */
export function isConstant(expr: Expr): boolean {
  switch (expr.type) {
    case 'literal':
    case 'param':
      return true;
    case 'cast':
      return isConstant(expr.expr);
    case 'unary':
      return (expr.op === '-' || expr.op === '+') && isConstant(expr.operand);
    case 'binary':
      return ARITHMETIC.has(expr.op) && isConstant(expr.left) && isConstant(expr.right);
    case 'list':
      return expr.items.every(isConstant);
    default:
      return false;
  }
}

/** The tables named in a SELECT's own FROM clause (not CTE bodies, not subqueries). */
export function tablesInScope(select: SelectStatement): TableRef[] {
  const out: TableRef[] = [];
  for (const entry of select.from) if (entry.item.type === 'table') out.push(entry.item);
  return out;
}

/** Column references inside an expression (not inside its subqueries). */
export function columnsOf(expr: Expr): ColumnExpr[] {
  const out: ColumnExpr[] = [];
  const walk = (e: Expr): void => {
    if (e.type === 'column') out.push(e);
    for (const c of children(e)) walk(c);
  };
  walk(expr);
  return out;
}

/**
 * Whether a join entry's condition picks rows of the target table (MySQL
 * `DELETE t FROM t JOIN u ON u.id = t.u_id`, `UPDATE t JOIN u ON ... SET`):
 * an inner join by USING/NATURAL, or an ON that names the target or its alias.
 */
export function joinConstrains(target: TableRef, entry: FromEntry): boolean {
  if (entry.join !== 'inner') return false;
  if (entry.using || entry.natural) return true;
  const names = new Set([target.name, target.alias].filter((n): n is string => !!n).map((n) => n.toLowerCase()));
  return entry.on !== undefined && columnsOf(entry.on).some((c) => c.table !== undefined && names.has(c.table.toLowerCase()));
}

/** Where a statement's own keyword (DELETE, UPDATE ...) starts, after any WITH list. */
export function keywordStart(stmt: Statement, sql: string, keyword: string): number {
  const from = stmt.with.length > 0 ? stmt.with[stmt.with.length - 1]!.span.end : stmt.span.start;
  const at = sql.slice(from).search(new RegExp(`\\b${keyword}\\b`, 'i'));
  return at >= 0 ? from + at : stmt.span.start;
}
