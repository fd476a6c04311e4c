import { mayHideClauses } from '../src/core/fragment.js';
import { defineRule } from '../src/core/rule.js';
import { joinConstrains, keywordStart } from '../src/parse/walk.js';

interface Options {
  allowInMigrations: boolean;
}

export default defineRule<Options, 'missingWhere'>({
  name: 'no-delete-without-where',
  meta: {
    description: 'Disallow DELETE statements without a WHERE clause',
    category: 'data-loss',
    severity: 'error',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    missingWhere: {
      message: 'DELETE without WHERE removes every row of "{{table}}"',
      help: 'Add a WHERE that selects the rows to delete, for example: {{example}}. {{emptying}}',
    },
  },
  options: {
    type: 'object',
    properties: {
      allowInMigrations: {
        type: 'boolean',
        description: 'Allow DELETE without WHERE in migration files (clearing a table that a migration then refills is normal there).',
        default: true,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'A DELETE without WHERE empties the table. It is usually a bug: a condition lost in a refactor, a query builder that dropped an empty filter, ' +
      'or a statement run against the wrong connection. The damage is immediate and only a backup restore undoes it, with the downtime and lost writes that implies. ' +
      'With `DELETE ... USING` (PostgreSQL) the missing WHERE is as bad: every row of the target is deleted as soon as the other table has one row. ' +
      'When emptying the table is the intent, TRUNCATE says so, and is faster.',
    incorrect: [
      {
        language: 'ts',
        code: "export async function clearSessions(userId: string) {\n  await pool.query('DELETE FROM sessions');\n}",
        description: 'The user id was never used: every session of every user is deleted.',
      },
      { language: 'sql', code: 'DELETE FROM order_items USING orders;', description: 'USING without WHERE joins nothing.' },
      { language: 'ts', dialect: 'mysql', code: "await conn.execute('DELETE FROM cart_items');" },
    ],
    correct: [
      { language: 'ts', code: "await pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);" },
      {
        language: 'sql',
        code: 'DELETE FROM order_items USING orders WHERE order_items.order_id = orders.id AND orders.status = \'cancelled\';',
      },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "await conn.execute('DELETE FROM events ORDER BY id LIMIT 1000');",
        description: 'MySQL chunked deletes: each batch is bounded by LIMIT.',
      },
      { language: 'sql', code: 'TRUNCATE sessions;', description: 'Emptying the table on purpose.' },
      {
        language: 'sql',
        filename: 'migrations/004_reset_feature_flags.sql',
        code: 'DELETE FROM feature_flags;\nINSERT INTO feature_flags (name, enabled) VALUES (\'new_feed\', false);',
        description: 'In a migration (allowInMigrations, on by default).',
      },
    ],
    whenNotToUse:
      'In scripts that reset test or staging databases, where emptying tables is the point; scope the rule off for those folders with an override rather than disabling it everywhere.',
  },
  visit: {
    delete(stmt, ctx) {
      if (stmt.where || stmt.limit) return;
      if (ctx.options.allowInMigrations && ctx.isMigration) return;
      if (mayHideClauses(ctx.fragment)) return;
      if (stmt.using.some((e) => joinConstrains(stmt.table, e))) return;
      const sql = ctx.fragment.sql;
      const text = (start: number, end: number) => sql.slice(start, end).replace(/\s+/g, ' ');
      const start = keywordStart(stmt, sql, 'delete');
      const name = stmt.table.schema ? `${stmt.table.schema}.${stmt.table.name}` : stmt.table.name;
      const table = text(stmt.table.span.start, stmt.table.span.end);
      const using = stmt.using[0]?.join === 'base' ? ` USING ${text(stmt.using[0]!.span.start, stmt.using[stmt.using.length - 1]!.span.end)}` : '';
      const condition = using ? '<join condition>' : `id = ${ctx.fragment.dialect === 'postgresql' ? '$1' : '?'}`;
      ctx.report({
        messageId: 'missingWhere',
        span: { start, end: Math.max(start + 1, stmt.table.span.end) },
        data: {
          table: name,
          example: `DELETE FROM ${table}${using} WHERE ${condition}`,
          emptying:
            ctx.fragment.dialect === 'sqlite'
              ? 'If emptying the table is really meant, suppress this line with a reason that says so.'
              : `If emptying the table is really meant, use TRUNCATE ${name}: it says so, and is faster.`,
        },
      });
    },
  },
});
