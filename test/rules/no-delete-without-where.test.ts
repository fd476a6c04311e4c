import { ruleTester } from './harness.js';

ruleTester('no-delete-without-where', {
  valid: [
    { name: 'WHERE', code: "await pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);" },
    { name: 'WHERE with a subquery', language: 'sql', code: 'DELETE FROM posts WHERE author_id IN (SELECT id FROM users WHERE banned);' },
    { name: 'USING with WHERE', language: 'sql', code: "DELETE FROM order_items USING orders WHERE order_items.order_id = orders.id AND orders.status = 'cancelled';" },
    { name: 'WHERE CURRENT OF a cursor', language: 'sql', code: 'DELETE FROM jobs WHERE CURRENT OF job_cursor;' },
    { name: 'mysql chunked delete', dialect: 'mysql', code: "await conn.execute('DELETE FROM events ORDER BY id LIMIT 1000');" },
    { name: 'mysql LIMIT ?', dialect: 'mysql', language: 'sql', code: 'DELETE FROM events WHERE created_at < NOW() - INTERVAL 30 DAY LIMIT ?;' },
    {
      name: 'mysql multi-table delete filtered by its join',
      dialect: 'mysql',
      language: 'sql',
      code: 'DELETE p FROM posts p JOIN banned_users b ON b.id = p.author_id;',
    },
    { name: 'sqlite WHERE', dialect: 'sqlite', code: "db.prepare('DELETE FROM notes WHERE id = ?').run(id);" },
    { name: 'migration (allowInMigrations by default)', language: 'sql', filename: 'migrations/001_reset.sql', code: 'DELETE FROM feature_flags;' },
    { name: 'knex migration file', filename: 'db/migrations/20240101_seed.ts', code: "export async function up(knex) {\n  await knex.raw('DELETE FROM countries');\n}" },
    { name: 'partial template with a clause hole', code: 'await pool.query(`DELETE FROM sessions ${where}`, params);' },
    { name: 'fragment built at run time', code: "let where = sql``;\nif (userId) where = sql`WHERE user_id = ${userId}`;\nawait db.query(sql`DELETE FROM sessions ${where}`);" },
    { name: 'TRUNCATE is another rule\'s business', language: 'sql', code: 'TRUNCATE sessions;' },
    { name: 'SELECT without WHERE is not a delete', language: 'sql', code: 'SELECT id FROM sessions LIMIT 10;' },
    { name: 'knex whereRaw piece', code: "await knex('sessions').whereRaw('expires_at < now()').del();" },
  ],
  invalid: [
    {
      name: 'pg',
      code: "await pool.query('DELETE FROM sessions');",
      errors: [{ messageId: 'missingWhere', line: 1, column: 19, endColumn: 39, message: 'DELETE without WHERE removes every row of "sessions"' }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: 'export async function purge() {\n  await pool.query(`\n    DELETE FROM\n      audit_log\n    RETURNING id`);\n}',
      errors: [{ line: 3, column: 5, endLine: 4, endColumn: 16, message: '"audit_log"' }],
    },
    {
      name: 'USING without WHERE',
      language: 'sql',
      code: 'DELETE FROM order_items USING orders;',
      errors: [{ line: 1, column: 1, endColumn: 24, message: '"order_items"' }],
    },
    {
      name: 'data-modifying CTE',
      language: 'sql',
      code: 'WITH gone AS (DELETE FROM posts RETURNING *)\nINSERT INTO posts_archive SELECT * FROM gone;',
      errors: [{ line: 1, column: 15, endColumn: 32, message: '"posts"' }],
    },
    {
      name: 'main DELETE after WITH',
      language: 'sql',
      code: 'WITH x AS (SELECT 1)\nDELETE FROM carts;',
      errors: [{ line: 2, column: 1, endColumn: 18, message: '"carts"' }],
    },
    {
      name: 'mysql',
      dialect: 'mysql',
      code: "await conn.execute('DELETE FROM cart_items');",
      errors: [{ line: 1, column: 21, endColumn: 43, message: '"cart_items"' }],
    },
    {
      name: 'sqlite',
      dialect: 'sqlite',
      code: "db.prepare('DELETE FROM notes').run();",
      errors: [{ line: 1, column: 13, endColumn: 30, message: '"notes"' }],
    },
    {
      name: 'schema-qualified table',
      language: 'sql',
      code: 'DELETE FROM billing.invoices;',
      errors: [{ column: 1, endColumn: 29, message: '"billing.invoices"' }],
    },
    {
      name: 'allowInMigrations: false',
      language: 'sql',
      filename: 'migrations/002_clear.sql',
      options: { allowInMigrations: false },
      code: 'DELETE FROM feature_flags;',
      errors: [{ line: 1, column: 1, endColumn: 26 }],
    },
    {
      name: 'only the statement without WHERE in a multi-statement file',
      dialect: 'mysql',
      language: 'sql',
      code: 'DELETE FROM sessions;\nDELETE FROM tokens WHERE id = 1;',
      errors: [{ line: 1, column: 1 }],
    },
  ],
});
