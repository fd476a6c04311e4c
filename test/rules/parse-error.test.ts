import { ruleTester } from './harness.js';

ruleTester('parse-error', {
  valid: [
    { name: 'valid PostgreSQL with casts and locking', code: "await pool.query('SELECT id FROM jobs WHERE id = $1::int FOR UPDATE SKIP LOCKED', [id]);" },
    { name: 'a runtime hole explains the failure', code: 'await pool.query(`SELECT id FROM t ${where} ${order}`);' },
    { name: 'a knex piece is parsed inside a host statement', code: "await knex('users').whereRaw('lower(email) = ?', [e]);" },
    { name: 'TypeORM alias that is a reserved word', code: "qb.where('user.email = :email', { email });" },
    { name: 'UI text is never taken for SQL', code: "const label = 'Select a file from the list below';" },
    { name: 'MySQL backticks in MySQL', code: "await conn.execute('SELECT `id` FROM `order` WHERE `id` = ?', [id]);", dialect: 'mysql' },
    { name: 'a valid multi-statement file', language: 'sql', code: 'CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n' },
  ],
  invalid: [
    { name: 'misspelt keyword in a .sql file', language: 'sql', code: 'SELECT 1;\nSELEC id FROM users;\n', errors: [{ line: 2, column: 1, message: 'SELEC' }] },
    {
      name: 'one bad statement does not hide the others',
      language: 'sql',
      code: 'DELETE FROM a WHERE id = 1;\nUPDATE b SET x = WHERE id = 2;\nSELECT 1;\n',
      errors: [{ line: 2, column: 18 }],
    },
    { name: 'ORDER without BY in a call', code: "await pool.query('SELECT id FROM users WHERE id = $1 ORDER created_at', [id]);", errors: [{ line: 1, column: 60, message: 'created_at' }] },
    {
      name: 'the position inside a multi-line template',
      code: 'await pool.query(`\n  SELECT id\n  FROM users\n  WHERE id = $1 AND AND name = $2`, [id, name]);',
      errors: [{ line: 4, column: 21 }],
    },
  ],
});
