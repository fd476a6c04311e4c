import { defineRule, type QueryContext } from '../src/core/rule.js';
import type { Cte, SelectItem, SelectStatement, StarExpr, TableRef } from '../src/parse/model.js';

interface Options {
  checkReturning: boolean;
}

type Messages = 'selectStar' | 'returningStar';

/** CTEs visible by (lower-cased) name. */
type Scope = ReadonlyMap<string, Cte>;

function withCtes(scope: Scope, ctes: readonly Cte[]): Scope {
  if (ctes.length === 0) return scope;
  const next = new Map(scope);
  for (const cte of ctes) next.set(cte.name.toLowerCase(), cte);
  return next;
}

function quotedList(tables: readonly TableRef[]): string {
  const names = [...new Set(tables.map((t) => `"${t.schema ? `${t.schema}.` : ''}${t.name}"`))];
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

function starOf(item: SelectItem): StarExpr | undefined {
  return item.expr.type === 'star' ? item.expr : undefined;
}

/** The `*` character of `*` or `t.*`. */
function starSpan(star: StarExpr): { start: number; end: number } {
  return { start: Math.max(star.span.start, star.span.end - 1), end: star.span.end };
}

/**
 * Reports stars whose columns reach the client. A star over a base table is reported;
 * a star over a CTE or a subquery is followed into it, since its columns may be listed there.
 */
function checkOutput(select: SelectStatement, outer: Scope, seen: Set<Cte>, ctx: QueryContext<Options, Messages>): void {
  const scope = withCtes(outer, select.with);
  for (const member of select.compound?.selects ?? []) checkOutput(member, scope, seen, ctx);
  for (const star of select.columns.map(starOf)) {
    if (!star) continue;
    const qualifier = star.table?.toLowerCase();
    const covered = select.from
      .map((e) => e.item)
      .filter((item) => qualifier === undefined || (item.alias ?? (item.type === 'table' ? item.name : '')).toLowerCase() === qualifier);
    const tables: TableRef[] = [];
    for (const item of covered) {
      if (item.type === 'subquery') checkOutput(item.query, scope, seen, ctx);
      if (item.type !== 'table') continue;
      const cte = item.schema === undefined ? scope.get(item.name.toLowerCase()) : undefined;
      if (!cte) tables.push(item);
      else if (cte.query.kind === 'select' && !seen.has(cte)) {
        seen.add(cte);
        checkOutput(cte.query, scope, seen, ctx);
      }
    }
    if (tables.length === 0) continue;
    const sql = ctx.fragment.sql;
    const first = tables[0]!;
    ctx.report({
      messageId: 'selectStar',
      span: starSpan(star),
      data: {
        star: sql.slice(star.span.start, star.span.end),
        tables: quotedList(tables),
        example: `SELECT id, ... FROM ${sql.slice(first.span.start, first.span.end).replace(/\s+/g, ' ')}`,
      },
    });
  }
}

function checkReturning(returning: readonly SelectItem[], table: TableRef, ctx: QueryContext<Options, Messages>): void {
  if (!ctx.options.checkReturning) return;
  for (const star of returning.map(starOf)) {
    if (star) ctx.report({ messageId: 'returningStar', span: starSpan(star), data: { tables: quotedList([table]) } });
  }
}

export default defineRule<Options, Messages>({
  name: 'no-select-star',
  meta: {
    description: 'Disallow `SELECT *` in queries whose rows go to the client',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    selectStar: {
      message: 'SELECT {{star}} fetches every column of {{tables}}',
      help: 'List the columns the code reads, for example: {{example}}. The query then moves less data, can be answered from an index, and keeps its shape when columns are added.',
    },
    returningStar: {
      message: 'RETURNING * sends back every column of {{tables}}',
      help: 'Return only the columns the code uses, for example: RETURNING id.',
    },
  },
  options: {
    type: 'object',
    properties: {
      checkReturning: {
        type: 'boolean',
        description: 'Also report `RETURNING *` in INSERT, UPDATE and DELETE statements.',
        default: false,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      '`SELECT *` fetches every column, including the large ones (bodies, JSON documents, blobs) that the code does not read: more I/O, more network, more memory per row, ' +
      'and no index-only scans. It also ties the code to the table\'s current shape: a column added later (a password hash, a 1 MB document) silently starts flowing ' +
      'into every response, and a column dropped or renamed breaks the code at run time rather than in the query. ' +
      'Stars that do not reach the client are not reported: `count(*)`, `EXISTS (SELECT * ...)`, INSERT ... SELECT * and CREATE TABLE AS copies, ' +
      'and a star over a CTE or subquery whose own select list names the columns.',
    incorrect: [
      {
        language: 'ts',
        code: "const { rows } = await pool.query('SELECT * FROM posts WHERE author_id = $1 LIMIT 20', [authorId]);",
      },
      {
        language: 'sql',
        code: 'SELECT u.*, t.name AS team FROM users u JOIN teams t ON t.id = u.team_id WHERE u.id = $1;',
        description: 'A qualified star fetches every column of that table.',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [rows] = await conn.query('SELECT * FROM products WHERE sku = ?', [sku]);",
      },
    ],
    correct: [
      { language: 'ts', code: "await pool.query('SELECT id, title, created_at FROM posts WHERE author_id = $1 LIMIT 20', [authorId]);" },
      { language: 'sql', code: 'SELECT count(*) FROM posts WHERE author_id = $1;' },
      { language: 'sql', code: 'SELECT id FROM users u WHERE EXISTS (SELECT * FROM bans b WHERE b.user_id = u.id);' },
      {
        language: 'sql',
        code: 'WITH recent AS (SELECT id, title FROM posts WHERE created_at > now() - interval \'1 day\')\nSELECT * FROM recent;',
        description: 'The CTE lists the columns.',
      },
      { language: 'sql', code: 'INSERT INTO posts_archive SELECT * FROM posts WHERE created_at < $1;', description: 'A copy, not a read.' },
    ],
    whenNotToUse: 'For ad-hoc scripts and admin tools that print whole rows, or for views built to expose exactly the columns a caller needs.',
  },
  visit: {
    select(stmt, ctx, info) {
      // Only rows that reach the client: not subqueries, INSERT ... SELECT, CREATE TABLE AS or SELECT INTO.
      if (info.via !== 'top' || stmt.into || ctx.fragment.context !== 'statement') return;
      checkOutput(stmt, new Map(), new Set(), ctx);
    },
    insert(stmt, ctx) {
      checkReturning(stmt.returning, stmt.table, ctx);
    },
    update(stmt, ctx) {
      checkReturning(stmt.returning, stmt.table, ctx);
    },
    delete(stmt, ctx) {
      checkReturning(stmt.returning, stmt.table, ctx);
    },
  },
});
