import { defineRule } from '../src/core/rule.js';
import type { Dialect } from '../src/core/types.js';
import type { ColumnExpr, Expr, Statement, TableRef } from '../src/parse/model.js';
import { columnsOf, exprText, isConstant } from '../src/parse/walk.js';
import { expressionIndexFor } from '../src/schema/indexes.js';
import { normaliseExpr } from '../src/schema/normalise.js';

interface Options {
  ignoreFunctions: string[];
}

/** Comparisons an index on the raw column could serve. */
const COMPARISONS = new Set([
  '=', '<>', '!=', '<', '<=', '>', '>=', '<=>', 'IN', '= ANY', 'LIKE', 'ILIKE',
  'IS', 'IS NOT', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM',
]);
const NULL_TESTS = new Set(['IS NULL', 'IS NOT NULL']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '||', 'DIV', 'MOD']);
const JSON_OPS = new Set(['->', '->>', '#>', '#>>']);
const DATE_FUNCTIONS = new Set(['date', 'date_trunc']);
const CASE_FUNCTIONS = new Set(['lower', 'upper', 'lcase', 'ucase']);
const PREFIX_FUNCTIONS = new Set(['substring', 'substr', 'left']);

/** An expression that hides one or more columns from their indexes. */
export interface Wrapped {
  expr: Expr;
  /** "lower()", "Cast to date", "Arithmetic (+)". */
  label: string;
  columns: ColumnExpr[];
}

/**
 * The check itself: is `expr` a function, cast or arithmetic over a column?
 * Aggregates, window calls, JSON access and ignored functions are not.
 */
export function wrappedColumn(expr: Expr, ignoreFunctions: ReadonlySet<string>): Wrapped | undefined {
  let label: string;
  if (expr.type === 'function') {
    if (expr.aggregate || expr.window || ignoreFunctions.has(expr.name)) return undefined;
    label = `${expr.name}()`;
  } else if (expr.type === 'cast') {
    if (expr.expr.type === 'binary' && JSON_OPS.has(expr.expr.op)) return undefined;
    label = `Cast to ${expr.to}`;
  } else if (expr.type === 'binary' && ARITHMETIC.has(expr.op)) {
    label = `Arithmetic (${expr.op})`;
  } else {
    return undefined;
  }
  const columns = columnsOf(expr);
  return columns.length > 0 ? { expr, label, columns } : undefined;
}

export default defineRule<Options, 'nonSargable'>({
  name: 'no-non-sargable-predicate',
  meta: {
    description: 'Disallow functions, casts and arithmetic around a column in WHERE and JOIN ... ON comparisons',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    nonSargable: {
      message: '{{wrapper}} on {{target}} prevents index use: {{predicate}} is computed for every row.',
      help: '{{rewrite}}{{indexLead}} the expression itself: {{index}}',
    },
  },
  options: {
    type: 'object',
    properties: {
      ignoreFunctions: {
        type: 'array',
        items: { type: 'string' },
        description: 'Function names (case-insensitive) to accept around a column, typically those your schema has expression indexes for, e.g. `["lower"]` with `CREATE INDEX ON users (lower(email))`.',
        default: [],
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'An index on `created_at` stores `created_at` values; it knows nothing of `date(created_at)`, `created_at::date` or `created_at + 1`. ' +
      'When a comparison wraps the column, the database must compute the expression for every row and cannot seek the index ("the predicate is not sargable"), ' +
      'so a lookup that should touch a few rows scans the table. The fix is nearly always to move the work to the constant side (`email = lower($1)`), to compare with a range on the raw column ' +
      "(`created_at >= $1 AND created_at < $1 + interval '1 day'`), or to index the expression itself. " +
      'The rule looks at WHERE and JOIN ... ON comparisons; the select list, ORDER BY, GROUP BY and aggregates in HAVING are not reported, nor are JSON operators (`data->>\'kind\'`), which are usually expression-indexed.',
    incorrect: [
      {
        language: 'ts',
        code: "const { rows } = await pool.query('SELECT id, name FROM users WHERE lower(email) = $1', [email]);",
        description: 'Case-insensitive lookup that cannot use the index on email.',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [rows] = await pool.query('SELECT id, total FROM orders WHERE DATE(created_at) = ?', [day]);",
        description: 'MySQL: a day filter that scans every order.',
      },
      { language: 'sql', code: "SELECT id FROM events WHERE created_at::date = $1;" },
      {
        language: 'ts',
        code: "const user = await knex('users').whereRaw('upper(username) = ?', [name.toUpperCase()]).first();",
        description: 'A knex raw condition.',
      },
    ],
    correct: [
      { language: 'ts', code: "await pool.query('SELECT id, name FROM users WHERE email = lower($1)', [email]);", description: 'The function is on the parameter side.' },
      { language: 'sql', code: "SELECT id FROM events WHERE created_at >= $1 AND created_at < $1 + interval '1 day';", description: 'A range on the raw column.' },
      {
        language: 'sql',
        code: "SELECT date_trunc('day', created_at) AS day, count(*) FROM events GROUP BY 1 HAVING count(*) > 5 ORDER BY lower(name);",
        description: 'Functions in the select list, GROUP BY, ORDER BY and aggregates in HAVING.',
      },
      { language: 'sql', code: "SELECT id FROM events WHERE data->>'kind' = $1 AND created_at > now() - interval '7 days';", description: 'JSON access and a computed constant side.' },
      {
        language: 'sql',
        options: { ignoreFunctions: ['lower'] },
        code: 'SELECT id FROM users WHERE lower(email) = $1;',
        description: 'With an expression index on lower(email), declared through ignoreFunctions.',
      },
    ],
    whenNotToUse:
      'On tables small enough that a full scan is cheap, or when an expression index matches the predicate; prefer listing such functions in `ignoreFunctions`.',
  },
  visit: {
    expression(expr, ctx, info) {
      if (info.clause !== 'where' && info.clause !== 'join') return;
      const ignore = new Set(ctx.options.ignoreFunctions.map((f) => f.toLowerCase()));
      const found = wrappedSide(expr, ignore);
      if (!found) return;
      const { wrapped, other } = found;
      const sql = ctx.fragment.sql;
      const names = [...new Set(wrapped.columns.map((c) => (c.table ? `${c.table}.${c.name}` : c.name)))];
      const table = tableFor(wrapped.columns[0]!, info.statement) ?? '<table>';
      // An expression index on exactly this expression serves the predicate.
      if (ctx.catalog && table !== '<table>' && expressionIndexFor(ctx.catalog, table, normaliseExpr(wrapped.expr, sql))) return;
      const rewrite = suggestRewrite(wrapped, expr, other, sql, ctx.fragment.dialect);
      ctx.report({
        messageId: 'nonSargable',
        span: wrapped.expr.span,
        data: {
          wrapper: wrapped.label,
          target: `${names.length > 1 ? 'columns' : 'column'} ${names.join(', ')}`,
          predicate: exprText(sql, wrapped.expr),
          rewrite: rewrite ? `Compare the raw column instead: ${rewrite}. ` : '',
          indexLead: rewrite ? 'Or index' : 'Index',
          index: indexFor(wrapped, table, sql, ctx.fragment.dialect),
        },
      });
    },
  },
});

/** The wrapped side of a comparison, and the other side (undefined for IS NULL). */
function wrappedSide(expr: Expr, ignore: ReadonlySet<string>): { wrapped: Wrapped; other?: Expr } | undefined {
  if (expr.type === 'unary' && NULL_TESTS.has(expr.op)) {
    const w = wrappedColumn(expr.operand, ignore);
    return w && { wrapped: w };
  }
  if (expr.type === 'between' && !expr.not) {
    const w = wrappedColumn(expr.expr, ignore);
    return w && { wrapped: w, other: expr.low };
  }
  if (expr.type !== 'binary' || !COMPARISONS.has(expr.op)) return undefined;
  // Once per predicate: when both sides are wrapped, the left one is reported.
  const left = wrappedColumn(expr.left, ignore);
  if (left) return { wrapped: left, other: expr.right };
  const right = wrappedColumn(expr.right, ignore);
  return right && { wrapped: right, other: expr.left };
}

/** A rewrite on the raw column for the common shapes, or undefined. */
function suggestRewrite(w: Wrapped, cmp: Expr, other: Expr | undefined, sql: string, dialect: Dialect): string | undefined {
  const e = w.expr;
  if (w.columns.length !== 1) return undefined;
  const col = exprText(sql, w.columns[0]!);
  // lower(x) IS NULL, date(x) IS NULL, x::date IS NULL are null exactly when x is.
  if (cmp.type === 'unary') return e.type === 'cast' || (e.type === 'function' && (CASE_FUNCTIONS.has(e.name) || e.name === 'date')) ? `${col} ${cmp.op}` : undefined;
  if (!other) return undefined;
  const rhs = exprText(sql, other);
  const op = cmp.type === 'binary' ? cmp.op : cmp.type === 'between' ? 'BETWEEN' : '';
  // lower(email) = $1  →  email = lower($1)
  if (e.type === 'function' && CASE_FUNCTIONS.has(e.name) && e.args[0]?.type === 'column') {
    const upper = e.name.startsWith('u');
    const value = other.type === 'literal' && other.kind === 'string' ? String(other.value) : undefined;
    // `lower(email) = lower($1)` already cases the value: keep it as it is.
    const casedAlready = other.type === 'function' && other.name === e.name;
    const cased =
      value !== undefined ? `'${(upper ? value.toUpperCase() : value.toLowerCase()).replace(/'/g, "''")}'` : casedAlready ? rhs : `${e.name}(${rhs})`;
    return `${col} ${op} ${cased}, with the data normalised on write`;
  }
  // date(created_at) = $1  →  created_at >= $1 AND created_at < $1 + interval '1 day'
  const dateUnit = dateTruncUnit(e);
  if (dateUnit && (op === '=' || op === 'BETWEEN')) {
    const high = cmp.type === 'between' ? exprText(sql, cmp.high) : rhs;
    return `${col} >= ${rhs} AND ${col} < ${addInterval(high, dateUnit, dialect)}`;
  }
  // extract(year from created_at) = 2024  →  created_at >= '2024-01-01' AND created_at < '2025-01-01'
  if (e.type === 'function' && (e.name === 'extract' || e.name === 'year') && op === '=' && other.type === 'literal' && other.kind === 'number') {
    const unit = e.name === 'year' ? 'year' : e.args[0]?.type === 'literal' ? String(e.args[0].value).toLowerCase() : '';
    const year = Number(other.value);
    if (unit === 'year') return `${col} >= '${year}-01-01' AND ${col} < '${year + 1}-01-01'`;
  }
  // id + 1 = $2  →  id = $2 - 1
  if (e.type === 'binary' && (e.op === '+' || e.op === '-') && e.left.type === 'column' && isConstant(e.right) && cmp.type === 'binary') {
    return `${col} ${op} ${rhs} ${e.op === '+' ? '-' : '+'} ${exprText(sql, e.right)}`;
  }
  // coalesce(deleted_at, now()) > $1  →  (deleted_at > $1 OR (deleted_at IS NULL AND now() > $1))
  if (e.type === 'function' && (e.name === 'coalesce' || e.name === 'ifnull') && e.args.length === 2 && e.args[0]!.type === 'column' && cmp.type === 'binary') {
    return `(${col} ${op} ${rhs} OR (${col} IS NULL AND ${exprText(sql, e.args[1]!)} ${op} ${rhs}))`;
  }
  // substring(code, 1, 3) = 'abc'  →  code LIKE 'abc%'
  if (e.type === 'function' && PREFIX_FUNCTIONS.has(e.name) && op === '=' && other.type === 'literal' && other.kind === 'string') {
    const from = e.name === 'left' ? 1 : e.args[1]?.type === 'literal' ? e.args[1].value : undefined;
    if (from === 1) return `${col} LIKE '${String(other.value).replace(/'/g, "''")}%'`;
  }
  return undefined;
}

/** The unit a date-truncating wrapper rounds to: date(x), x::date, date_trunc('month', x). */
function dateTruncUnit(e: Expr): string | undefined {
  if (e.type === 'cast') return e.to === 'date' ? 'day' : undefined;
  if (e.type !== 'function' || !DATE_FUNCTIONS.has(e.name)) return undefined;
  if (e.name === 'date') return 'day';
  const unit = e.args.find((a) => a.type === 'literal' && a.kind === 'string');
  return unit?.type === 'literal' ? String(unit.value).toLowerCase() : undefined;
}

function addInterval(value: string, unit: string, dialect: Dialect): string {
  if (dialect === 'mysql' || dialect === 'mariadb') return `${value} + INTERVAL 1 ${unit.toUpperCase()}`;
  if (dialect === 'sqlite') return `date(${value}, '+1 ${unit}')`;
  return `${value} + interval '1 ${unit}'`;
}

function indexFor(w: Wrapped, table: string, sql: string, dialect: Dialect): string {
  const text = exprText(sql, w.expr).replace(/\b\w+\.(?=\w)/g, (q) => (w.columns.some((c) => `${c.table}.` === q) ? '' : q));
  const name = `${table}_${w.columns[0]!.name}_expr_idx`;
  if (dialect === 'mysql' || dialect === 'mariadb') return `CREATE INDEX ${name} ON ${table} ((${text}));`;
  if (dialect === 'postgresql') return `CREATE INDEX ON ${table} (${w.expr.type === 'function' ? text : `(${text})`});`;
  return `CREATE INDEX ${name} ON ${table} (${text});`;
}

/** The table a column belongs to, when its qualifier or a single-table FROM says so. */
function tableFor(col: ColumnExpr, stmt: Statement): string | undefined {
  const tables: TableRef[] = [];
  if (stmt.kind === 'update' || stmt.kind === 'delete') tables.push(stmt.table);
  const from = stmt.kind === 'select' || stmt.kind === 'update' ? stmt.from : stmt.kind === 'delete' ? stmt.using : [];
  for (const entry of from) if (entry.item.type === 'table') tables.push(entry.item);
  if (col.table) return tables.find((t) => t.alias === col.table || t.name === col.table)?.name ?? col.table;
  return tables.length === 1 ? tables[0]!.name : undefined;
}
