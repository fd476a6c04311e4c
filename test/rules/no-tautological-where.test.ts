import { ruleTester } from './harness.js';

ruleTester('no-tautological-where', {
  valid: [
    { name: 'builder prefix 1=1 AND ...', code: "await pool.query('SELECT id FROM users WHERE 1=1 AND team_id = $1', [teamId]);" },
    { name: 'true AND ...', language: 'sql', code: 'SELECT id FROM jobs WHERE true AND deleted_at IS NULL;' },
    { name: 'always false', language: 'sql', code: 'SELECT id FROM users WHERE 1=0;' },
    { name: 'parameters are unknown', code: "await pool.query('SELECT id FROM users WHERE $1 = $1 OR id = $2', [flag, id]);" },
    { name: 'optional filter on a parameter', code: "await pool.query('SELECT id FROM users WHERE ($1::int IS NULL OR team_id = $1)', [teamId]);" },
    { name: 'columns of two tables', language: 'sql', code: 'SELECT a.id FROM a JOIN b ON a.id = b.id WHERE a.id = b.id;' },
    { name: 'qualified and unqualified column differ (correlation)', language: 'sql', code: 'SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE user_id = u.user_id);' },
    { name: 'LIKE prefix', code: "await pool.query(\"SELECT id FROM tags WHERE name LIKE 'abc%'\");" },
    { name: 'different strings under a collation', dialect: 'mysql', language: 'sql', code: "SELECT id FROM t WHERE 'a' <> 'A';" },
    { name: 'tautology in JOIN ON is another rule\'s business', language: 'sql', code: 'SELECT a.id FROM a JOIN b ON 1=1 WHERE a.id = $1;' },
    { name: 'partial template with appended filters', code: 'await pool.query(`SELECT id FROM users WHERE 1=1 ${filters}`, params);' },
    {
      name: 'fragment built at run time',
      code: "let filters = sql``;\nif (name) filters = sql`AND name = ${name}`;\nawait db.query(sql`SELECT id FROM users WHERE 1=1 ${filters}`);",
    },
    {
      name: 'composed optional filter (the empty variant is not reported)',
      code: "const byName = name ? sql`AND name = ${name}` : sql``;\nawait db.query(sql`SELECT id FROM users WHERE 1=1 ${byName}`);",
    },
    { name: 'knex whereRaw piece 1=1', code: "await knex('users').whereRaw('1 = 1').where('team_id', teamId);" },
    { name: 'mysql builder prefix', dialect: 'mysql', code: "await conn.query('SELECT id FROM users WHERE 1 AND team_id = ?', [teamId]);" },
    { name: 'sqlite always false', dialect: 'sqlite', language: 'sql', code: 'DELETE FROM notes WHERE 0;' },
  ],
  invalid: [
    {
      name: 'WHERE 1=1 alone',
      code: "await pool.query('SELECT id FROM users WHERE 1=1');",
      errors: [{ messageId: 'alwaysTrue', line: 1, column: 46, endColumn: 49, message: 'WHERE `1=1` is always true: the query returns every row' }],
    },
    {
      name: 'OR 1=1 at the top of the chain',
      code: "await pool.query('SELECT id FROM users WHERE id = $1 OR 1=1', [id]);",
      errors: [{ messageId: 'orAlwaysTrue', line: 1, column: 57, endColumn: 60, message: '`OR 1=1` makes the whole WHERE always true' }],
    },
    {
      name: 'WHERE true',
      language: 'sql',
      code: 'SELECT id FROM users WHERE true;',
      errors: [{ column: 28, endColumn: 32 }],
    },
    {
      name: "'a' = 'a'",
      language: 'sql',
      code: "UPDATE users SET plan = 'free' WHERE 'a' = 'a';",
      errors: [{ column: 38, endColumn: 47, message: 'the UPDATE changes every row' }],
    },
    {
      name: 'column compared with itself',
      code: "await pool.query('UPDATE accounts SET balance = $1 WHERE id = id', [balance]);",
      errors: [{ column: 58, endColumn: 65, message: 'WHERE `id = id`' }],
    },
    {
      name: 'AND of only tautologies',
      language: 'sql',
      code: "SELECT id FROM users WHERE 1 = 1 AND 'x' = 'x';",
      errors: [{ column: 28, endColumn: 47, messageId: 'alwaysTrue' }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: 'const { rows } = await pool.query(`\n  SELECT id, email\n    FROM users\n   WHERE email = $1\n      OR 1 = 1`, [email]);',
      errors: [{ messageId: 'orAlwaysTrue', line: 5, column: 10, endLine: 5, endColumn: 15 }],
    },
    {
      name: 'mysql WHERE 1',
      dialect: 'mysql',
      code: "await conn.execute('DELETE FROM sessions WHERE 1');",
      errors: [{ column: 48, endColumn: 49, message: 'the DELETE removes every row' }],
    },
    {
      name: 'sqlite',
      dialect: 'sqlite',
      code: "db.prepare('SELECT id FROM notes WHERE pinned = 1 OR 2 > 1').all();",
      errors: [{ messageId: 'orAlwaysTrue', column: 54, endColumn: 59 }],
    },
    {
      name: 'NOT of a contradiction',
      language: 'sql',
      code: 'SELECT id FROM users WHERE NOT 1 = 0;',
      errors: [{ column: 28, endColumn: 37 }],
    },
    {
      name: 'in a subquery',
      language: 'sql',
      code: 'SELECT id FROM users WHERE id IN (SELECT user_id FROM bans WHERE user_id = user_id);',
      errors: [{ column: 66, endColumn: 83 }],
    },
    {
      name: 'knex whereRaw piece with OR 1 = 1',
      dialect: 'mysql',
      code: "await knex('users').whereRaw('id = ? OR 1 = 1', [id]);",
      errors: [{ messageId: 'orAlwaysTrue', line: 1, column: 41, endColumn: 46, message: '`OR 1 = 1` makes this condition always true: it filters nothing' }],
    },
    {
      name: 'OR inside an AND of tautologies',
      language: 'sql',
      code: 'SELECT id FROM users WHERE (id = 1 OR true) AND 1 = 1;',
      errors: [{ messageId: 'alwaysTrue', column: 28 }],
    },
  ],
});
