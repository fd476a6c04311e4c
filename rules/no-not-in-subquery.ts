import { defineRule, NO_OPTIONS } from '../src/core/rule.js';
import type { Expr, SelectStatement, Statement, SubqueryExpr } from '../src/parse/model.js';
import { exprText } from '../src/parse/walk.js';

const NEGATED_ANY = new Set(['NOT IN', '<> ALL', '!= ALL']);

/** `x NOT IN (SELECT ...)`, `NOT x IN (SELECT ...)`, `x <> ALL (SELECT ...)`: the tested value and the subquery. */
function negatedInSubquery(expr: Expr): { left: Expr; sub: SubqueryExpr; op: string } | undefined {
  if (expr.type === 'binary' && NEGATED_ANY.has(expr.op) && expr.right.type === 'subquery') return { left: expr.left, sub: expr.right, op: expr.op };
  if (expr.type === 'unary' && expr.op === 'NOT') {
    const inner = expr.operand;
    if (inner.type === 'binary' && inner.op === 'IN' && inner.right.type === 'subquery') return { left: inner.left, sub: inner.right, op: 'NOT ... IN' };
  }
  return undefined;
}

export default defineRule({
  name: 'no-not-in-subquery',
  meta: {
    description: 'Disallow NOT IN (SELECT ...); use NOT EXISTS',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    notIn: {
      message: '{{column}} {{op}} {{subquery}} matches nothing once the subquery returns a NULL {{innerColumn}}, and the planner cannot run it as an anti-join.',
      help: 'Use NOT EXISTS, which has the intended meaning with NULLs and is planned as an anti-join that can use an index: {{rewrite}}.',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      '`x NOT IN (SELECT y FROM t)` is true only if x differs from every y. If any y is NULL, "differs" is unknown, so the condition is never true and the query silently returns no rows: ' +
      'one NULL `customer_id` in orders empties "customers who never ordered". ' +
      'Because of that NULL rule, PostgreSQL cannot turn NOT IN into an anti-join: it hashes the whole subquery result (or, when it does not fit in work_mem, re-runs it for every outer row). ' +
      '`NOT EXISTS (SELECT 1 FROM t WHERE t.y = outer.x)` has the intended meaning and is planned as an anti-join on any database. ' +
      'NOT IN over a list of values or parameters is not reported.',
    incorrect: [
      {
        language: 'sql',
        code: 'SELECT id, email FROM customers\nWHERE id NOT IN (SELECT customer_id FROM orders)\nLIMIT 500;',
        description: 'Customers who never ordered: empty as soon as one order has a NULL customer_id.',
      },
      {
        language: 'ts',
        code: "await db.any('SELECT id, name FROM customers WHERE id NOT IN (SELECT customer_id FROM invoices WHERE status = $1) LIMIT 200', [status]);",
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [rows] = await pool.query('SELECT p.id FROM products p WHERE p.id NOT IN (SELECT product_id FROM order_items) LIMIT 100');",
      },
    ],
    correct: [
      {
        language: 'sql',
        code: 'SELECT c.id, c.email FROM customers c\nWHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)\nLIMIT 500;',
        description: 'The NOT EXISTS rewrite.',
      },
      { language: 'sql', code: "SELECT id FROM orders WHERE status NOT IN ('cancelled', 'refunded') AND id NOT IN ($1, $2);", description: 'A list of values or parameters.' },
      { language: 'sql', code: 'SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE total_cents > 10000);', description: 'IN (SELECT ...) has no NULL trap.' },
      { language: 'ts', code: "await pool.query('SELECT id FROM users WHERE id <> ALL($1::int[])', [blockedIds]);", description: 'An array parameter.' },
    ],
    whenNotToUse: 'When the subquery column is declared NOT NULL and the subquery is small, NOT IN is correct and its cost is low; the rule does not read the schema, so disable it for that line.',
  },
  visit: {
    expression(expr, ctx, info) {
      const found = negatedInSubquery(expr);
      if (!found) return;
      const sql = ctx.fragment.sql;
      const inner = found.sub.query;
      const first = inner.from[0]?.item;
      const innerColumn = inner.columns[0]?.expr;
      ctx.report({
        messageId: 'notIn',
        span: expr.span,
        data: {
          column: exprText(sql, found.left),
          op: found.op === 'NOT ... IN' ? 'NOT IN' : found.op,
          subquery: abbreviate(exprText(sql, found.sub), first ? sql.slice(first.span.start, first.span.end) : undefined),
          innerColumn: innerColumn ? exprText(sql, innerColumn) : 'value',
          rewrite: rewrite(found.left, inner, info.statement, sql),
        },
      });
    },
  },
});

/** The subquery as written, or `(SELECT ... FROM orders ...)` when it is long. */
function abbreviate(text: string, table: string | undefined): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= 70 ? flat : `(SELECT ... FROM ${table ?? '...'} ...)`;
}

/** NOT EXISTS (SELECT 1 FROM <inner> WHERE <inner column> = <outer column> [AND <inner where>]). */
function rewrite(left: Expr, inner: SelectStatement, outer: Statement, sql: string): string {
  const first = inner.from[0];
  const last = inner.from[inner.from.length - 1];
  const innerColumn = inner.columns[0]?.expr;
  if (!first || !last || !innerColumn || inner.compound || inner.groupBy.length > 0 || left.type === 'list') {
    return 'NOT EXISTS (SELECT 1 FROM <table> t WHERE t.<column> = <outer>.<column>)';
  }
  const outerRef = outerName(outer);
  let fromText = sql.slice(first.span.start, last.span.end);
  let innerRef = first.item.alias ?? (first.item.type === 'table' ? first.item.name : 's');
  // A self-reference needs an alias to tell the two scans apart.
  if (innerRef === outerRef && !first.item.alias && inner.from.length === 1) {
    innerRef = 'inner_';
    fromText += ` ${innerRef}`;
  }
  const qualify = (e: Expr, ref: string | undefined) => (e.type === 'column' && !e.table && ref ? `${ref}.${e.name}` : exprText(sql, e));
  const where = inner.where ? ` AND ${inner.where.type === 'binary' && inner.where.op === 'OR' ? `(${exprText(sql, inner.where)})` : exprText(sql, inner.where)}` : '';
  return `NOT EXISTS (SELECT 1 FROM ${fromText} WHERE ${qualify(innerColumn, innerRef)} = ${qualify(left, outerRef)}${where})`;
}

function outerName(stmt: Statement): string | undefined {
  if (stmt.kind === 'update' || stmt.kind === 'delete') return stmt.table.alias ?? stmt.table.name;
  if (stmt.kind !== 'select') return undefined;
  const item = stmt.from[0]?.item;
  return item ? (item.alias ?? (item.type === 'table' ? item.name : undefined)) : undefined;
}
