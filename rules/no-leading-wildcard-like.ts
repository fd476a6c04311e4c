import { defineRule, NO_OPTIONS } from '../src/core/rule.js';
import type { Dialect } from '../src/core/types.js';
import type { Expr, Statement, TableRef } from '../src/parse/model.js';
import { exprText } from '../src/parse/walk.js';

const LIKE_OPS = new Set(['LIKE', 'ILIKE', 'NOT LIKE', 'NOT ILIKE', 'SIMILAR TO', 'NOT SIMILAR TO']);
const FILTER_CLAUSES = new Set(['where', 'join', 'having']);

/** A pattern whose first character is a wildcard: '%abc', '%' || $1, CONCAT('%', ?). */
function startsWithWildcard(pattern: Expr): boolean {
  switch (pattern.type) {
    case 'literal':
      return pattern.kind === 'string' && /^[%_]/.test(String(pattern.value));
    case 'binary':
      return pattern.op === '||' && startsWithWildcard(pattern.left);
    case 'function':
      return pattern.name === 'concat' && pattern.args.length > 0 && startsWithWildcard(pattern.args[0]!);
    case 'cast':
      return startsWithWildcard(pattern.expr);
    default:
      return false;
  }
}

export default defineRule({
  name: 'no-leading-wildcard-like',
  meta: {
    description: 'Disallow LIKE / ILIKE patterns that start with a wildcard in filters',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    leadingWildcard: {
      message: '{{op}} pattern {{pattern}} starts with a wildcard, so no B-tree index on {{column}} can be used and every row is scanned.',
      help: "A B-tree index only serves patterns with a fixed prefix. If a prefix search is enough, anchor the pattern: {{anchored}}. Otherwise {{advice}}",
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      "`col LIKE 'abc%'` can walk a B-tree index from 'abc' onwards; `col LIKE '%abc'` cannot, because the index is sorted by the first characters and the pattern does not fix them. " +
      'The database reads and tests every row, which is fast on a small table in development and a sequential scan of millions of rows in production, usually behind a search box. ' +
      'The rule reports patterns that start with `%` or `_` in WHERE, JOIN ... ON and HAVING, whether written as a literal or built with `||` or `CONCAT()`. ' +
      'A bare parameter (`LIKE $1`) is not reported, since its value is not known when linting.',
    incorrect: [
      {
        language: 'ts',
        code: "await pool.query(\"SELECT id, title FROM posts WHERE title ILIKE '%' || $1 || '%' LIMIT 50\", [term]);",
        description: 'A substring search built with `||`.',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [rows] = await pool.query(\"SELECT id, sku FROM products WHERE name LIKE CONCAT('%', ?) LIMIT 50\", [suffix]);",
        description: 'MySQL: a suffix search built with CONCAT().',
      },
      { language: 'sql', code: "SELECT id FROM customers WHERE email LIKE '%@example.com';" },
    ],
    correct: [
      {
        language: 'ts',
        code: "await pool.query(\"SELECT id, title FROM posts WHERE title LIKE $1 || '%' LIMIT 50\", [prefix]);",
        description: 'An anchored prefix search can use an index (with text_pattern_ops, or the C collation).',
      },
      { language: 'sql', code: "SELECT id FROM products WHERE sku LIKE 'AB-%' AND name LIKE $1;", description: 'A fixed prefix, and a parameter whose value is unknown.' },
      {
        language: 'sql',
        code: "SELECT id, CASE WHEN name LIKE '%(old)' THEN 'legacy' ELSE 'current' END AS generation FROM products WHERE id = $1;",
        description: 'Patterns in the select list filter nothing.',
      },
      { language: 'sql', code: "SELECT id FROM posts WHERE to_tsvector('english', body) @@ plainto_tsquery('english', $1);", description: 'Full-text search instead of a substring scan.' },
    ],
    whenNotToUse:
      'When the filtered table is small and stays small (a lookup table of a few hundred rows), or when a trigram index already serves the pattern: sqlwarden does not read index definitions, so disable the rule for that line.',
  },
  visit: {
    expression(expr, ctx, info) {
      if (expr.type !== 'binary' || !LIKE_OPS.has(expr.op) || !FILTER_CLAUSES.has(info.clause)) return;
      if (!startsWithWildcard(expr.right)) return;
      const sql = ctx.fragment.sql;
      const column = exprText(sql, expr.left);
      const key = expr.left.type === 'column' ? expr.left.name : column;
      const table = tableFor(expr.left, info.statement) ?? '<table>';
      ctx.report({
        messageId: 'leadingWildcard',
        span: expr.right.span,
        data: {
          op: expr.op,
          pattern: exprText(sql, expr.right),
          column,
          anchored: `${column} LIKE ${anchoredPattern(ctx.fragment.dialect)}`,
          advice: adviceFor(ctx.fragment.dialect, table, key),
        },
      });
    },
  },
});

function anchoredPattern(dialect: Dialect): string {
  if (dialect === 'postgresql') return "$1 || '%'";
  if (dialect === 'mysql' || dialect === 'mariadb') return "CONCAT(?, '%')";
  return "? || '%'";
}

function adviceFor(dialect: Dialect, table: string, key: string): string {
  switch (dialect) {
    case 'postgresql':
      return (
        `add a trigram index, which serves LIKE and ILIKE with leading wildcards: CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON ${table} USING gin (${key} gin_trgm_ops); ` +
        `or use full-text search: to_tsvector('english', ${key}) @@ plainto_tsquery('english', $1).`
      );
    case 'mysql':
    case 'mariadb':
      return `add a FULLTEXT index (ALTER TABLE ${table} ADD FULLTEXT (${key})) and search with MATCH (${key}) AGAINST (? IN BOOLEAN MODE).`;
    case 'sqlite':
      return `search an FTS5 virtual table over ${table}.${key} with MATCH instead of scanning with LIKE.`;
    default:
      return `use the database's full-text search or a trigram/n-gram index on ${table}.${key}.`;
  }
}

/** The table a column belongs to, when its qualifier or a single-table FROM says so. */
function tableFor(expr: Expr, stmt: Statement): string | undefined {
  const tables: TableRef[] = [];
  if (stmt.kind === 'update' || stmt.kind === 'delete') tables.push(stmt.table);
  const from = stmt.kind === 'select' || stmt.kind === 'update' ? stmt.from : stmt.kind === 'delete' ? stmt.using : [];
  for (const entry of from) if (entry.item.type === 'table') tables.push(entry.item);
  if (expr.type === 'column' && expr.table) return tables.find((t) => t.alias === expr.table || t.name === expr.table)?.name ?? expr.table;
  return tables.length === 1 ? tables[0]!.name : undefined;
}
