import { ruleTester } from './harness.js';

ruleTester('no-update-without-where', {
  valid: [
    { name: 'WHERE', code: "await pool.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);" },
    { name: 'FROM with WHERE', language: 'sql', code: 'UPDATE orders o SET status = s.status FROM order_status_import s WHERE s.order_id = o.id;' },
    { name: 'WHERE CURRENT OF a cursor', language: 'sql', code: "UPDATE jobs SET state = 'done' WHERE CURRENT OF job_cursor;" },
    { name: 'mysql chunked update', dialect: 'mysql', code: "await conn.execute('UPDATE jobs SET state = ? ORDER BY id LIMIT 500', ['queued']);" },
    {
      name: 'mysql multi-table update filtered by its join',
      dialect: 'mysql',
      language: 'sql',
      code: 'UPDATE posts p JOIN authors a ON a.id = p.author_id SET p.author_name = a.name;',
    },
    { name: 'sqlite WHERE', dialect: 'sqlite', code: "db.prepare('UPDATE notes SET body = ? WHERE id = ?').run(body, id);" },
    { name: 'backfill in a migration', language: 'sql', filename: 'migrations/001_x.sql', code: 'ALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true;' },
    {
      name: 'knex migration',
      filename: 'db/migrations/20240101_backfill.ts',
      code: "export async function up(knex) {\n  await knex.raw(\"UPDATE users SET locale = 'en'\");\n}",
    },
    { name: 'partial template with a clause hole', code: 'await pool.query(`UPDATE users SET name = $1 ${where}`, [name]);' },
    { name: 'ON CONFLICT DO UPDATE is an insert', language: 'sql', code: 'INSERT INTO counters (k, n) VALUES ($1, 1) ON CONFLICT (k) DO UPDATE SET n = counters.n + 1;' },
    { name: 'knex whereRaw piece', code: "await knex('users').whereRaw('last_seen_at < ?', [cutoff]).update({ active: false });" },
  ],
  invalid: [
    {
      name: 'pg',
      code: "await pool.query('UPDATE users SET name = $1', [name]);",
      errors: [{ messageId: 'missingWhere', line: 1, column: 19, endColumn: 31, message: 'UPDATE without WHERE changes every row of "users"' }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: 'export async function expireAll() {\n  await db.query(`\n    UPDATE subscriptions\n       SET expires_at = now()`);\n}',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 25, message: '"subscriptions"' }],
    },
    {
      name: 'FROM without WHERE',
      language: 'sql',
      code: 'UPDATE orders SET status = s.status FROM order_status_import s;',
      errors: [{ line: 1, column: 1, endColumn: 14, message: '"orders"' }],
    },
    {
      name: 'RETURNING does not bound it',
      language: 'sql',
      code: 'UPDATE users SET token = NULL RETURNING id;',
      errors: [{ column: 1, endColumn: 13 }],
    },
    {
      name: 'data-modifying CTE',
      language: 'sql',
      code: 'WITH t AS (UPDATE carts SET total = 0 RETURNING id)\nSELECT count(*) FROM t;',
      errors: [{ line: 1, column: 12, endColumn: 24, message: '"carts"' }],
    },
    {
      name: 'mysql',
      dialect: 'mysql',
      code: "await conn.execute('UPDATE products SET price = ?', [price]);",
      errors: [{ line: 1, column: 21, endColumn: 36, message: '"products"' }],
    },
    {
      name: 'sqlite',
      dialect: 'sqlite',
      code: "db.prepare('UPDATE notes SET pinned = 0').run();",
      errors: [{ line: 1, column: 13, endColumn: 25, message: '"notes"' }],
    },
    {
      name: 'allowInMigrations: false',
      language: 'sql',
      filename: 'migrations/001_x.sql',
      options: { allowInMigrations: false },
      code: 'UPDATE users SET active = true;',
      errors: [{ line: 1, column: 1, endColumn: 13 }],
    },
    {
      name: 'knex migration with allowInMigrations: false',
      filename: 'db/migrations/20240101_backfill.ts',
      options: { allowInMigrations: false },
      code: "export async function up(knex) {\n  await knex.raw(\"UPDATE users SET locale = 'en'\");\n}",
      errors: [{ line: 2, column: 19, endColumn: 31, message: '"users"' }],
    },
    {
      name: 'aliased and schema-qualified',
      language: 'sql',
      code: 'UPDATE app.users u SET flagged = false;',
      errors: [{ column: 1, endColumn: 19, message: '"app.users"' }],
    },
  ],
});
