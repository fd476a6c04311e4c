import { defineRule } from '../src/core/rule.js';
import type { Dialect, SqlFragment } from '../src/core/types.js';
import type { Expr, SelectStatement } from '../src/parse/model.js';
import { children, exprText } from '../src/parse/walk.js';

interface Options {
  threshold: number;
  allowParameters: boolean;
}

/** The numeric value of a constant offset (`2000`, `20 * 100`), or undefined. */
function numericValue(e: Expr): number | undefined {
  if (e.type === 'literal') return e.kind === 'number' || e.kind === 'string' ? Number(e.value) : undefined;
  if (e.type === 'cast') return numericValue(e.expr);
  if (e.type === 'unary' && e.op === '-') {
    const v = numericValue(e.operand);
    return v === undefined ? undefined : -v;
  }
  if (e.type !== 'binary') return undefined;
  const a = numericValue(e.left);
  const b = numericValue(e.right);
  if (a === undefined || b === undefined) return undefined;
  switch (e.op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return undefined;
  }
}

function hasParameter(e: Expr): boolean {
  return e.type === 'param' || children(e).some(hasParameter);
}

export default defineRule<Options, 'largeOffset' | 'parameterOffset'>({
  name: 'no-large-offset',
  meta: {
    description: 'Disallow large or user-driven OFFSET pagination',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    largeOffset: {
      message: 'OFFSET {{offset}} makes the database read and throw away {{offset}} rows{{source}} before returning a page.',
      help: '{{keyset}}',
    },
    parameterOffset: {
      message: 'OFFSET {{offset}} is set at run time: deep pages read and throw away every earlier row{{source}}, so each page is slower than the last.',
      help: '{{keyset}}',
    },
  },
  options: {
    type: 'object',
    properties: {
      threshold: {
        type: 'integer',
        minimum: 0,
        description: 'Largest constant OFFSET accepted; larger values are reported.',
        default: 1000,
      },
      allowParameters: {
        type: 'boolean',
        description: 'Accept an OFFSET bound to a parameter or interpolated value (`OFFSET $1`), for endpoints whose page depth is capped elsewhere.',
        default: false,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'OFFSET does not skip rows, it reads them: `LIMIT 20 OFFSET 50000` sorts and walks 50 020 rows to return the last 20. ' +
      'Page 1 is fast, page 2 500 reads the whole table, and crawlers reach deep pages. ' +
      'Keyset (seek) pagination remembers where the previous page ended and continues from there, `WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT 20`, ' +
      'so every page is an index seek of the same cost. The rule reports constant offsets above `threshold` (including MySQL `LIMIT 50000, 20` and `OFFSET 2000 ROWS`) ' +
      'and offsets bound to a parameter, which let callers page arbitrarily deep.',
    incorrect: [
      {
        language: 'ts',
        code: "const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY created_at DESC LIMIT $1 OFFSET $2', [pageSize, page * pageSize]);",
        description: 'Offset pagination driven by the request.',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [rows] = await pool.query('SELECT id, sku FROM products ORDER BY id LIMIT 50000, 20');",
        description: 'MySQL `LIMIT offset, count`.',
      },
      { language: 'sql', code: 'SELECT id FROM events ORDER BY id OFFSET 2000 ROWS FETCH NEXT 20 ROWS ONLY;' },
    ],
    correct: [
      {
        language: 'ts',
        code: "await pool.query('SELECT id, title, created_at FROM posts WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT 20', [lastCreatedAt, lastId]);",
        description: 'Keyset pagination.',
      },
      { language: 'sql', code: 'SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET 100;', description: 'A small constant offset.' },
      { language: 'sql', code: 'SELECT id FROM posts ORDER BY id LIMIT $1;', description: 'A parameterised LIMIT without OFFSET.' },
      {
        language: 'sql',
        options: { allowParameters: true },
        code: 'SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET $1;',
        description: 'With allowParameters, when the page depth is capped by the caller.',
      },
    ],
    whenNotToUse: 'For admin screens or exports over small tables where pages never get deep, or when the UI needs jumping to an arbitrary page number and the table is small.',
  },
  visit: {
    select(stmt, ctx) {
      const offset = stmt.offset;
      if (!offset) return;
      const value = numericValue(offset);
      const parameter = value === undefined && hasParameter(offset);
      if (value !== undefined ? value <= ctx.options.threshold : !parameter || ctx.options.allowParameters) return;
      const table = stmt.from[0]?.item.type === 'table' ? stmt.from[0].item.name : undefined;
      ctx.report({
        messageId: parameter ? 'parameterOffset' : 'largeOffset',
        span: offset.span,
        data: {
          offset: value !== undefined ? String(value) : asWritten(offset, ctx.fragment),
          source: table ? ` of ${table}` : '',
          keyset: keysetHelp(stmt, ctx.fragment.sql, ctx.fragment.dialect),
        },
      });
    },
  },
});

/** The offset as the author wrote it: `${page * size}` rather than its `$1` stand-in. */
function asWritten(e: Expr, fragment: SqlFragment): string {
  const hole = fragment.holes.find((h) => h.sql.start === e.span.start && h.sql.end === e.span.end);
  return hole ? `\${${hole.expression}}` : exprText(fragment.sql, e);
}

/** Keyset pagination, written with the query's own ORDER BY columns when they are plain columns. */
function keysetHelp(stmt: SelectStatement, sql: string, dialect: Dialect): string {
  // A row comparison only matches an ORDER BY of plain columns in one direction.
  const usable = stmt.orderBy.every((o) => o.expr.type === 'column' && o.direction === stmt.orderBy[0]!.direction);
  const cols = usable ? stmt.orderBy.map((o) => exprText(sql, o.expr)) : [];
  const desc = stmt.orderBy[0]?.direction === 'DESC';
  const limit = stmt.limit && stmt.limit.type !== 'param' ? exprText(sql, stmt.limit) : '20';
  const keys = cols.length > 0 ? cols : ['created_at'];
  if (!keys.some((k) => /(^|\.)id$/.test(k))) keys.push('id');
  const dir = cols.length > 0 ? (desc ? 'DESC' : 'ASC') : 'DESC';
  const param = (i: number) => (dialect === 'postgresql' ? `$${i + 1}` : '?');
  const seek = keys.length === 1 ? `${keys[0]} ${dir === 'DESC' ? '<' : '>'} ${param(0)}` : `(${keys.join(', ')}) ${dir === 'DESC' ? '<' : '>'} (${keys.map((_, i) => param(i)).join(', ')})`;
  return (
    'Use keyset (seek) pagination: pass the sort key of the last row of the previous page and continue after it, ' +
    `WHERE ${seek} ORDER BY ${keys.map((k) => `${k} ${dir}`).join(', ')} LIMIT ${limit}, with an index on (${keys.join(', ')}). Every page then costs one index seek.`
  );
}
