import { mayHideClauses } from '../src/core/fragment.js';
import { defineRule } from '../src/core/rule.js';
import { joinConstrains, keywordStart } from '../src/parse/walk.js';

interface Options {
  allowInMigrations: boolean;
}

/** The highest `$n` in the SQL, so the example's WHERE takes the next parameter. */
function maxParam(sql: string): number {
  let max = 0;
  for (const m of sql.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export default defineRule<Options, 'missingWhere'>({
  name: 'no-update-without-where',
  meta: {
    description: 'Disallow UPDATE statements without a WHERE clause',
    category: 'data-loss',
    severity: 'error',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    missingWhere: {
      message: 'UPDATE without WHERE changes every row of "{{table}}"',
      help: 'Add a WHERE that selects the rows to change, for example: {{example}}. If every row must change (a backfill), run it as a migration, in batches on large tables.',
    },
  },
  options: {
    type: 'object',
    properties: {
      allowInMigrations: {
        type: 'boolean',
        description: 'Allow UPDATE without WHERE in migration files, where backfills such as `UPDATE users SET active = true` are normal.',
        default: true,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'An UPDATE without WHERE overwrites a column in every row: every user gets the same email, every order the same status. ' +
      'The old values are gone, and getting them back means restoring a backup and replaying writes. On a large table it also rewrites and locks every row, ' +
      'blocking concurrent writers for the duration. With `UPDATE ... FROM` (PostgreSQL) a missing WHERE is as bad: the joined table matches every target row. ' +
      'Intentional whole-table backfills belong in migrations, which this rule allows by default.',
    incorrect: [
      {
        language: 'ts',
        code: "export async function rename(id: string, name: string) {\n  await pool.query('UPDATE users SET name = $1', [name]);\n}",
        description: 'The id is never used: every user is renamed.',
      },
      { language: 'sql', code: 'UPDATE orders SET status = s.status FROM order_status_import s;', description: 'FROM without WHERE: every order takes some imported status.' },
      { language: 'ts', dialect: 'mysql', code: "await conn.execute('UPDATE products SET price = ?', [price]);" },
    ],
    correct: [
      { language: 'ts', code: "await pool.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);" },
      {
        language: 'sql',
        code: 'UPDATE orders o SET status = s.status FROM order_status_import s WHERE s.order_id = o.id;',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "await conn.execute('UPDATE jobs SET state = ? ORDER BY id LIMIT 500', ['queued']);",
        description: 'MySQL chunked updates: each batch is bounded by LIMIT.',
      },
      {
        language: 'sql',
        filename: 'migrations/012_backfill_active.sql',
        code: 'ALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true;',
        description: 'A backfill in a migration (allowInMigrations, on by default).',
      },
    ],
    whenNotToUse:
      'In maintenance scripts whose job is to rewrite whole tables; scope the rule off for their folder, or add the folder to the `migrations` globs.',
  },
  visit: {
    update(stmt, ctx) {
      if (stmt.where || stmt.limit) return;
      if (ctx.options.allowInMigrations && ctx.isMigration) return;
      if (mayHideClauses(ctx.fragment)) return;
      if (stmt.from.some((e) => joinConstrains(stmt.table, e))) return;
      const sql = ctx.fragment.sql;
      const text = (start: number, end: number) => sql.slice(start, end).replace(/\s+/g, ' ');
      const start = keywordStart(stmt, sql, 'update');
      const first = stmt.set[0];
      const set = first ? `SET ${text(first.span.start, first.span.end)}${stmt.set.length > 1 ? ', ...' : ''}` : 'SET ...';
      const joins = stmt.from.length > 0 ? text(stmt.from[0]!.span.start, stmt.from[stmt.from.length - 1]!.span.end) : '';
      const target = `UPDATE ${text(stmt.table.span.start, stmt.table.span.end)}`;
      // PostgreSQL `UPDATE t SET ... FROM u`; MySQL `UPDATE t JOIN u ON ... SET ...`.
      const statement =
        joins === '' ? `${target} ${set}` : stmt.from[0]!.join === 'base' ? `${target} ${set} FROM ${joins}` : `${target} ${joins} ${set}`;
      const condition = joins ? '<join condition>' : `id = ${ctx.fragment.dialect === 'postgresql' ? `$${maxParam(sql) + 1}` : '?'}`;
      ctx.report({
        messageId: 'missingWhere',
        span: { start, end: Math.max(start + 1, stmt.table.span.end) },
        data: {
          table: stmt.table.schema ? `${stmt.table.schema}.${stmt.table.name}` : stmt.table.name,
          example: `${statement} WHERE ${condition}`,
        },
      });
    },
  },
});
