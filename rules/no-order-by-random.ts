import { defineRule, NO_OPTIONS } from '../src/core/rule.js';
import type { Statement } from '../src/parse/model.js';
import { exprText } from '../src/parse/walk.js';

/** Per-row random values across dialects: random() (PostgreSQL, SQLite), rand() (MySQL), newid() (SQL Server), uuid generators. */
const RANDOM_FUNCTIONS = new Set(['random', 'rand', 'newid', 'gen_random_uuid', 'uuid_generate_v4', 'uuid']);

export default defineRule({
  name: 'no-order-by-random',
  meta: {
    description: 'Disallow ORDER BY random() to pick random rows',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    orderByRandom: {
      message: 'ORDER BY {{call}} computes a random value for every row{{source}} and sorts them all to return a few.',
      help: '{{advice}}',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      'To sort by a random value the database must read every matching row, give each one a random number and sort the whole set, even to return a single row. ' +
      'The cost grows with the table, not with the LIMIT, so a "random featured product" that takes a millisecond in development reads the whole table in production. ' +
      'Sampling (`TABLESAMPLE`) or picking a random key reads only the rows it returns. ' +
      '`random()` in the select list or in a WHERE filter (`WHERE random() < 0.01`) is not reported.',
    incorrect: [
      { language: 'ts', code: "const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY random() LIMIT 5');" },
      {
        language: 'ts',
        dialect: 'mysql',
        code: "const [rows] = await pool.query('SELECT id, sku FROM products WHERE active = 1 ORDER BY RAND() LIMIT 3');",
        description: 'MySQL RAND().',
      },
      { language: 'ts', code: "const picks = await knex('users').select('id', 'email').where('active', true).orderByRaw('random()').limit(3);", description: 'A knex raw ORDER BY.' },
    ],
    correct: [
      { language: 'sql', code: 'SELECT id, title FROM posts TABLESAMPLE SYSTEM (1) LIMIT 5;', description: 'Sampling reads only some pages.' },
      {
        language: 'sql',
        code: 'SELECT id, title FROM posts WHERE id >= (SELECT floor(random() * max(id)) FROM posts) ORDER BY id LIMIT 1;',
        description: 'A random key, then an index seek.',
      },
      { language: 'sql', code: 'SELECT id, email FROM customers WHERE random() < 0.01;', description: 'Bernoulli-style sampling in WHERE is a single pass without a sort.' },
      { language: 'sql', code: 'SELECT id, random() AS jitter FROM jobs ORDER BY random_score DESC, rand_id LIMIT 10;', description: 'Columns whose names start with random.' },
    ],
    whenNotToUse: 'On tables that stay small (a few thousand rows), where sorting all of them is cheap and the simplicity is worth it.',
  },
  visit: {
    expression(expr, ctx, info) {
      if (info.clause !== 'order' || expr.type !== 'function' || !RANDOM_FUNCTIONS.has(expr.name) || expr.args.length > 1) return;
      const table = firstTable(info.statement);
      ctx.report({
        messageId: 'orderByRandom',
        span: expr.span,
        data: {
          call: exprText(ctx.fragment.sql, expr),
          source: table ? ` of ${table}` : '',
          advice: adviceFor(ctx.fragment.dialect, table ?? '<table>'),
        },
      });
    },
  },
});

function firstTable(stmt: Statement): string | undefined {
  if (stmt.kind === 'update' || stmt.kind === 'delete') return stmt.table.name;
  if (stmt.kind !== 'select') return undefined;
  const item = stmt.from[0]?.item;
  return item?.type === 'table' ? item.name : undefined;
}

function adviceFor(dialect: string, table: string): string {
  const pickKey = (randomKey: string) =>
    `For one row, pick a random key and seek the index: SELECT ... FROM ${table} WHERE id >= (SELECT ${randomKey} FROM ${table}) ORDER BY id LIMIT 1.`;
  switch (dialect) {
    case 'postgresql':
      return `Sample instead of sorting: SELECT ... FROM ${table} TABLESAMPLE SYSTEM (1) LIMIT n (BERNOULLI for a row-level sample). ` + pickKey('floor(random() * max(id))');
    case 'mysql':
    case 'mariadb':
      return pickKey('FLOOR(RAND() * MAX(id))') + ' For several rows, repeat with different keys or sample ids in the application.';
    case 'sqlite':
      return pickKey('abs(random()) % max(id)') + ' For several rows, repeat with different keys or sample ids in the application.';
    default:
      return `Sample instead of sorting (TABLESAMPLE where the database supports it), or pick a random key below max(id) and read the next row by index.`;
  }
}
