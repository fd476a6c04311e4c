import { defineRule, NO_OPTIONS } from '../src/core/rule.js';
import type { ColumnExpr, Cte, Expr, FromEntry, FromItem, SelectStatement } from '../src/parse/model.js';
import { children, columnsOf, conjuncts, exprText, forEachExpr, forEachStatement } from '../src/parse/walk.js';

/** A derived table that yields at most one row: SELECT count(*) ..., ... LIMIT 1, VALUES (...), SELECT now(). */
function isOneRow(q: SelectStatement): boolean {
  if (q.compound) return false;
  if (q.values) return q.values.length <= 1;
  if (q.limit?.type === 'literal' && Number(q.limit.value) <= 1) return true;
  if (q.from.length === 0) return true;
  return q.groupBy.length === 0 && q.columns.length > 0 && q.columns.every((c) => c.expr.type === 'function' && c.expr.aggregate);
}

/** Items a product with is intended and cheap: set-returning functions, VALUES, LATERAL, one-row subqueries and CTEs. */
function isBenign(item: FromItem, ctes: readonly Cte[]): boolean {
  if (item.type === 'function') return true;
  if (item.type === 'subquery') return item.lateral || !!item.query.values || isOneRow(item.query);
  const cte = item.schema ? undefined : ctes.find((c) => c.name === item.name);
  return cte?.query.kind === 'select' && isOneRow(cte.query);
}

function hasSubquery(e: Expr): boolean {
  return e.type === 'subquery' || children(e).some(hasSubquery);
}

/** Qualified columns inside the subqueries of `e` (correlated references to the outer FROM). */
function outerReferences(e: Expr): ColumnExpr[] {
  const out: ColumnExpr[] = [];
  const visit = (x: Expr): void => {
    if (x.type === 'subquery') {
      forEachStatement([x.query], (s) => forEachExpr(s, (c) => {
        if (c.type === 'column' && c.table) out.push(c);
      }));
    }
    children(x).forEach(visit);
  };
  visit(e);
  return out;
}

function label(item: FromItem): string {
  if (item.type === 'table') return item.schema ? `${item.schema}.${item.name}` : item.name;
  return item.alias ? `${item.type === 'subquery' ? 'subquery' : item.name + '()'} ${item.alias}` : item.type === 'subquery' ? 'a subquery' : `${item.name}()`;
}

export default defineRule({
  name: 'no-cartesian-join',
  meta: {
    description: 'Disallow joins with no condition linking the joined tables',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    cartesian: {
      message: '{{right}} is joined to {{left}} by {{how}} with no condition linking them: every row of one is paired with every row of the other.',
      help:
        'Add the join condition, preferably as an explicit join: ... FROM {{leftRef}} JOIN {{rightRef}} ON {{rightKey}} = {{leftKey}}. ' +
        'If every combination is really wanted (a small lookup table), keep the product and disable this line with a reason.',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      'A join without a condition returns the product of its inputs: 100 000 orders and 50 000 refunds make five billion rows, which the database builds before any LIMIT or filter can help. ' +
      'It is nearly always a forgotten predicate in an old-style comma join (`FROM orders o, refunds r` with the `WHERE r.order_id = o.id` missing), or a placeholder `ON true` that was never filled in. ' +
      'The rule reports comma joins, CROSS JOINs and `JOIN ... ON true` / `ON 1=1` of tables that no WHERE or ON condition links (qualifiers are resolved through aliases; ' +
      'a condition with unqualified columns counts as linking, since they could belong to either side). ' +
      'Set-returning functions (`unnest`, `generate_series`, `jsonb_array_elements`), VALUES lists, LATERAL subqueries and one-row subqueries or CTEs are not reported: a product with them is intended and cheap.',
    incorrect: [
      {
        language: 'sql',
        code: "SELECT o.id, o.total_cents, r.amount_cents\nFROM orders o, refunds r\nWHERE o.created_at >= now() - interval '30 days';",
        description: 'A comma join whose linking predicate was forgotten.',
      },
      {
        language: 'ts',
        code: "const { rows } = await pool.query('SELECT u.id, p.name FROM users u CROSS JOIN plans p WHERE u.org_id = $1', [orgId]);",
        description: 'An explicit CROSS JOIN of two tables.',
      },
      { language: 'ts', dialect: 'mysql', code: "const [rows] = await pool.query('SELECT c.id, t.label FROM customers c JOIN tags t ON 1 = 1 LIMIT 100');" },
    ],
    correct: [
      { language: 'sql', code: 'SELECT o.id, r.amount_cents FROM orders o, refunds r WHERE r.order_id = o.id;', description: 'A comma join with its predicate.' },
      { language: 'sql', code: 'SELECT p.id, tag FROM posts p CROSS JOIN unnest(p.tags) AS tag;', description: 'A set-returning function.' },
      {
        language: 'sql',
        code: 'SELECT o.id, o.total_cents / t.total AS share FROM orders o CROSS JOIN (SELECT sum(total_cents) AS total FROM orders) t;',
        description: 'A one-row subquery.',
      },
      {
        language: 'ts',
        code: "await pool.query('SELECT u.id, last.created_at FROM users u LEFT JOIN LATERAL (SELECT created_at FROM logins l WHERE l.user_id = u.id ORDER BY created_at DESC LIMIT 1) last ON true');",
        description: 'A LATERAL subquery joined ON true.',
      },
      { language: 'sql', code: 'SELECT id, name FROM users JOIN profiles USING (id);' },
    ],
    whenNotToUse: 'When queries deliberately build products of small tables (calendars, report grids) and the intent is already clear to readers; disable the rule for those files.',
  },
  visit: {
    select(stmt, ctx, info) {
      const from = stmt.from;
      // CTEs of the statement and of the one around it (`WITH d AS (...) INSERT ... SELECT ... FROM t, d`).
      const ctes = [...stmt.with, ...(info.parent?.with ?? [])];
      const candidates = from.map((_, i) => i).filter((i) => i > 0 && isProductJoin(from[i]!));
      if (candidates.length === 0) return;
      const links = new Links(from);
      // Join conditions and WHERE conjuncts are the facts that link entries.
      from.forEach((e, i) => {
        if (e.using || e.natural) links.union(i, i - 1);
        if (e.on) for (const c of conjuncts(e.on)) links.link(c, i);
      });
      if (stmt.where) for (const c of conjuncts(stmt.where)) links.link(c);
      const benign = from.map((e) => isBenign(e.item, ctes));
      for (const i of candidates) {
        if (benign[i]) continue;
        const earlier = from.slice(0, i).map((_, j) => j).filter((j) => !benign[j]);
        if (earlier.length === 0 || earlier.some((j) => links.connected(i, j))) continue;
        const right = from[i]!;
        const left = from[earlier[0]!]!;
        ctx.report({
          messageId: 'cartesian',
          span: right.item.span,
          data: {
            right: label(right.item),
            left: earlier.map((j) => label(from[j]!.item)).join(', '),
            how: right.join === 'comma' ? 'a comma join' : right.join === 'cross' ? 'a CROSS JOIN' : `JOIN ... ON ${exprText(ctx.fragment.sql, right.on!)}`,
            leftRef: ctx.fragment.sql.slice(left.item.span.start, left.item.span.end),
            rightRef: ctx.fragment.sql.slice(right.item.span.start, right.item.span.end),
            leftKey: `${left.item.alias ?? label(left.item)}.<column>`,
            rightKey: `${right.item.alias ?? label(right.item)}.<column>`,
          },
        });
      }
    },
  },
});

/** Comma joins, CROSS JOINs and joins whose ON condition references no column (ON true, ON 1 = 1). */
function isProductJoin(entry: FromEntry): boolean {
  if (entry.join === 'comma' || entry.join === 'cross') return true;
  return !!entry.on && columnsOf(entry.on).length === 0 && !hasSubquery(entry.on);
}

/** Union-find over FROM entries, fed with the conditions that mention them. */
class Links {
  private readonly parent: number[];

  constructor(private readonly from: readonly FromEntry[]) {
    this.parent = from.map((_, i) => i);
  }

  private find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }

  union(a: number, b: number): void {
    if (a >= 0 && b >= 0) this.parent[this.find(a)] = this.find(b);
  }

  connected(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }

  /**
   * Links the entries a condition mentions. An unqualified column could belong to
   * any entry, so a condition with one and another column links everything (when
   * unsure, do not report). `joined` is the entry an ON condition belongs to.
   */
  link(cond: Expr, joined?: number): void {
    const direct = columnsOf(cond);
    const refs = [...direct, ...outerReferences(cond)];
    if (refs.length < 2) return;
    if (direct.some((c) => !c.table)) {
      if (joined === undefined) this.from.forEach((_, i) => this.union(i, 0));
      else this.union(joined, joined - 1);
      return;
    }
    const entries = [...new Set(refs.map((c) => this.resolve(c)).filter((i) => i >= 0))];
    for (const i of entries.slice(1)) this.union(i, entries[0]!);
  }

  private resolve(col: ColumnExpr): number {
    const byAlias = this.from.findIndex((e) => e.item.alias === col.table);
    if (byAlias >= 0) return byAlias;
    return this.from.findIndex((e) => !e.item.alias && e.item.type === 'table' && e.item.name === col.table && (!col.schema || e.item.schema === col.schema));
  }
}
