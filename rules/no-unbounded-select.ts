import { mayHideClauses } from '../src/core/fragment.js';
import { NO_OPTIONS, defineRule, type QueryContext } from '../src/core/rule.js';
import type { SqlFragment } from '../src/core/types.js';
import type { Cte, Expr, FromEntry, SelectStatement, Statement, TableRef } from '../src/parse/model.js';
import { children, isConstant } from '../src/parse/walk.js';

/** CTEs visible by (lower-cased) name. */
type Scope = ReadonlyMap<string, Cte>;

/** What a FROM item contributes: the base tables it reads in full, and whether it can bound a join. */
interface Source {
  tables: TableRef[];
  bounding: boolean;
}

/** Sources already computed for CTEs, which may be referenced several times. */
type Memo = Map<Cte, Source>;

function withCtes(scope: Scope, ctes: readonly Cte[]): Scope {
  if (ctes.length === 0) return scope;
  const next = new Map(scope);
  for (const cte of ctes) next.set(cte.name.toLowerCase(), cte);
  return next;
}

/** LIMIT n, FETCH FIRST n, TOP n; `LIMIT ALL` (a null literal) bounds nothing. */
function hasLimit(select: SelectStatement): boolean {
  return select.limit !== undefined && !(select.limit.type === 'literal' && select.limit.kind === 'null');
}

function hasAggregate(expr: Expr): boolean {
  return (expr.type === 'function' && expr.aggregate) || children(expr).some(hasAggregate);
}

/** GROUP BY, DISTINCT, or aggregates without GROUP BY: the result has one row per group, not per table row. */
function collapsesRows(select: SelectStatement): boolean {
  if (select.groupBy.length > 0 || select.having) return true;
  if (select.distinct && !select.columns.some((c) => c.expr.type === 'star')) return true;
  return select.columns.some((c) => hasAggregate(c.expr));
}

/** A join that keeps only rows matching the item joined. */
function isFilteringJoin(entry: FromEntry): boolean {
  return entry.join === 'inner' && (entry.on !== undefined || entry.using !== undefined || entry.natural);
}

/**
 * The base tables a statement reads in full (empty when its rows are bounded).
 * CTEs referenced by name and subqueries in FROM are followed.
 */
function unboundedTables(stmt: Statement, outer: Scope, memo: Memo): TableRef[] {
  if (stmt.kind !== 'select') return [];
  if (hasLimit(stmt) || stmt.values) return [];
  const scope = withCtes(outer, stmt.with);
  if (stmt.compound) return stmt.compound.selects.flatMap((s) => unboundedTables(s, scope, memo));
  if (stmt.where || collapsesRows(stmt)) return [];
  const sources = stmt.from.map((entry) => ({ entry, ...source(entry, scope, memo) }));
  if (sources.every((s) => s.tables.length === 0)) return [];
  // An inner join to a bounded item bounds the result; so does a bounded first item that only inner/left joins.
  if (sources.some((s) => s.bounding && isFilteringJoin(s.entry))) return [];
  const [first, ...rest] = sources;
  if (first?.bounding && rest.every((s) => s.entry.join === 'inner' || s.entry.join === 'left')) return [];
  return sources.flatMap((s) => s.tables);
}

function cteOf(item: FromEntry['item'], scope: Scope): Cte | undefined {
  return item.type === 'table' && item.schema === undefined ? scope.get(item.name.toLowerCase()) : undefined;
}

/**
 * LATERAL subqueries and functions of columns (`unnest(p.tags)`) are bounded per
 * outer row only, so they bound no join.
 */
function source(entry: FromEntry, scope: Scope, memo: Memo): Source {
  const item = entry.item;
  if (item.type === 'function') return { tables: [], bounding: item.args.every(isConstant) };
  if (item.type === 'subquery') {
    const tables = unboundedTables(item.query, scope, memo);
    return { tables, bounding: tables.length === 0 && !item.lateral };
  }
  const cte = cteOf(item, scope);
  if (!cte) return { tables: [item], bounding: false };
  if (cte.recursive) return { tables: [], bounding: true };
  const known = memo.get(cte);
  if (known) return known;
  memo.set(cte, { tables: [], bounding: true }); // a reference to itself does not recurse
  const tables = unboundedTables(cte.query, scope, memo);
  const result = { tables, bounding: tables.length === 0 };
  memo.set(cte, result);
  return result;
}

function quotedList(tables: readonly TableRef[]): string {
  const names = [...new Set(tables.map((t) => `"${t.schema ? `${t.schema}.` : ''}${t.name}"`))];
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/** A keyset-paginated rewrite on the query's own table and ORDER BY. */
function keysetExample(sql: string, select: SelectStatement, table: TableRef, dialect: SqlFragment['dialect']): string {
  const text = (r: { start: number; end: number }) => sql.slice(r.start, r.end).replace(/\s+/g, ' ');
  const param = (i: number) => (dialect === 'postgresql' ? `$${i}` : '?');
  const from = `SELECT ... FROM ${text(table.span)}`;
  const first = select.orderBy[0];
  if (!first) return `${from} WHERE ${table.alias ? `${table.alias}.` : ''}id > ${param(1)} ORDER BY ${table.alias ? `${table.alias}.` : ''}id LIMIT 50`;
  const orderBy = `ORDER BY ${select.orderBy.map((o) => text(o.span)).join(', ')} LIMIT 50`;
  // The leading sort columns that share the first one's direction form the key.
  const keys: string[] = [];
  for (const o of select.orderBy) {
    if (o.expr.type !== 'column' || o.direction !== first.direction) break;
    keys.push(text(o.expr.span));
  }
  if (keys.length === 0) return `${from} ${orderBy}`;
  const op = first.direction === 'DESC' ? '<' : '>';
  if (keys.length === 1) return `${from} WHERE ${keys[0]} ${op} ${param(1)} ${orderBy}`;
  return `${from} WHERE (${keys.join(', ')}) ${op} (${keys.map((_, i) => param(i + 1)).join(', ')}) ${orderBy}`;
}

/** Reports each SELECT whose rows go to the client (itself, or each member of a UNION) that reads without bound. */
function checkOutput(select: SelectStatement, outer: Scope, ctx: QueryContext<unknown, 'unbounded'>): void {
  if (hasLimit(select)) return;
  const scope = withCtes(outer, select.with);
  if (select.compound) {
    for (const member of select.compound.selects) checkOutput(member, scope, ctx);
    return;
  }
  const tables = unboundedTables(select, outer, new Map());
  if (tables.length === 0) return;
  // From the SELECT keyword (after any WITH) to the first FROM item that reads without bound.
  const sql = ctx.fragment.sql;
  const from = select.with.length > 0 ? select.with[select.with.length - 1]!.span.end : select.span.start;
  const keyword = sql.slice(from).search(/\bselect\b/i);
  const start = keyword >= 0 ? from + keyword : select.span.start;
  const entry = select.from.find((e) => source(e, scope, new Map()).tables.length > 0) ?? select.from[0]!;
  const table = entry.item.type === 'table' ? entry.item : tables[0]!;
  ctx.report({
    messageId: 'unbounded',
    span: { start, end: Math.max(start + 1, entry.item.span.end) },
    data: { tables: quotedList(tables), example: keysetExample(sql, select, table, ctx.fragment.dialect) },
  });
}

export default defineRule<unknown, 'unbounded'>({
  name: 'no-unbounded-select',
  meta: {
    description: 'Disallow row-returning SELECTs over a table with neither WHERE nor LIMIT',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    unbounded: {
      message: 'SELECT reads every row of {{tables}}: no WHERE and no LIMIT',
      help: 'Bound the read with LIMIT and page with a keyset (the last row\'s sort key), for example: {{example}}. If the table is small by design, suppress this line with a reason.',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      'A query that returns a whole table works in development and on launch day, then grows with the table: every call reads, sorts, serialises and ships all rows, ' +
      'and the application holds them in memory. When the table reaches millions of rows the endpoint times out, the database saturates its I/O and the process runs out of memory; ' +
      'dropping a LIMIT in a refactor is a classic cause of outages. Reads that reach a client should be bounded by a WHERE, a LIMIT (keyset pagination scales; large OFFSETs do not), or an aggregate. ' +
      'Queries with GROUP BY, DISTINCT or aggregates are not reported: their result has one row per group; whether they scan the table is for the schema-aware rules to judge. ' +
      'Only statements whose rows go to the client are checked (the top-level SELECT, members of a top-level UNION, the main SELECT after WITH), not subqueries, INSERT ... SELECT or CREATE TABLE AS.',
    incorrect: [
      {
        language: 'ts',
        code: "const { rows } = await pool.query('SELECT * FROM posts ORDER BY created_at DESC');",
        description: 'The feed query that lost its LIMIT: it reads the whole posts table on every request.',
      },
      {
        language: 'sql',
        code: 'SELECT id, email FROM users u JOIN teams t ON t.id = u.team_id;',
        description: 'A join does not bound the result: every user with a team is returned.',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [products] = await conn.query('SELECT sku, name, price FROM products ORDER BY price');",
        description: 'MySQL: every product, on every call.',
      },
    ],
    correct: [
      {
        language: 'ts',
        code: "const { rows } = await pool.query(\n  'SELECT id, title FROM posts WHERE created_at < $1 ORDER BY created_at DESC LIMIT 50',\n  [cursor],\n);",
        description: 'Keyset pagination: each page is bounded and stays fast however deep it goes.',
      },
      { language: 'sql', code: 'SELECT count(*) FROM posts;', description: 'An aggregate without GROUP BY returns one row.' },
      {
        language: 'sql',
        code: 'WITH recent AS (SELECT id, title FROM posts WHERE created_at > now() - interval \'1 day\')\nSELECT * FROM recent ORDER BY id;',
        description: 'Reading a bounded CTE.',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [rows] = await conn.query('SELECT id, name FROM products ORDER BY id LIMIT ?', [pageSize]);",
      },
      { language: 'sql', code: 'SELECT author_id, count(*) FROM posts GROUP BY author_id;', description: 'One row per group: not this rule\'s business.' },
    ],
    whenNotToUse:
      'For lookup tables that are small by design (countries, feature flags, enum tables) a full read is fine: suppress the line with a reason rather than turning the rule off. ' +
      'Batch jobs that must stream a whole table should use a cursor or keyset batches; they can disable the rule for their folder.',
  },
  visit: {
    select(stmt, ctx, info) {
      if (info.via !== 'top' || stmt.into) return;
      // Pieces (knex whereRaw ...) are never whole statements; unknown clause text may hold the bound.
      if (ctx.fragment.context !== 'statement' || mayHideClauses(ctx.fragment)) return;
      checkOutput(stmt, new Map(), ctx);
    },
  },
});
