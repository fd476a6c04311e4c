/** Functions, casts and arithmetic around a column in WHERE / JOIN ON comparisons. */
import { ruleTester } from './harness.js';

ruleTester('no-non-sargable-predicate', {
  valid: [
    {
      name: 'function on the parameter side',
      code: "const { rows } = await pool.query('SELECT id, name FROM users WHERE email = lower($1)', [email]);",
    },
    {
      name: 'computed constant side, cast parameter, function over no column',
      code: "SELECT id FROM events WHERE created_at > now() - interval '1 day' AND id = $1::int AND now() > $2;",
      language: 'sql',
    },
    {
      name: 'select list, GROUP BY, ORDER BY and aggregates in HAVING',
      code: `SELECT date_trunc('day', created_at) AS day, count(*) AS n
FROM events
GROUP BY date_trunc('day', created_at)
HAVING count(*) > 5
ORDER BY lower(min(name));`,
      language: 'sql',
    },
    {
      name: 'JSON operators are commonly expression-indexed',
      code: "SELECT id FROM events WHERE data->>'kind' = $1 AND (data->>'attempts')::int > 3 AND payload #>> '{a,b}' = $2;",
      language: 'sql',
    },
    {
      name: 'plain column comparisons and IS NULL',
      code: 'SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.deleted_at IS NULL AND c.email IS NOT NULL;',
      language: 'sql',
    },
    {
      name: 'column against column in JOIN ON',
      code: 'SELECT a.id, b.id FROM accounts a JOIN billing b ON b.account_id = a.id AND b.region = a.region;',
      language: 'sql',
    },
    {
      code: "const [rows] = await pool.query('SELECT id FROM orders WHERE created_at >= ? AND created_at < ? + INTERVAL 1 DAY', [day, day]);",
      dialect: 'mysql',
    },
    {
      name: 'ignoreFunctions',
      code: 'SELECT id FROM users WHERE lower(email) = $1 AND upper(code) = $2;',
      language: 'sql',
      options: {"ignoreFunctions": ["LOWER", "upper"]},
    },
    {
      name: 'knex piece with the function on the parameter',
      code: "const user = await knex('users').whereRaw('email = lower(?)', [email]).first();",
      dialect: 'mysql',
    },
  ],
  invalid: [
    {
      code: "const { rows } = await pool.query('SELECT id, name FROM users WHERE lower(email) = $1', [email]);",
      errors: [{ messageId: 'nonSargable', line: 1, column: 69, endColumn: 81, message: 'lower() on column email prevents index use' }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: `import { pool } from './db';

export async function ordersOn(day: string) {
  const { rows } = await pool.query(
    \`SELECT id, total_cents
     FROM orders
     WHERE customer_id = $1
       AND created_at::date = $2
     ORDER BY id\`,
    [customerId, day],
  );
  return rows;
}
`,
      errors: [{ messageId: 'nonSargable', line: 8, column: 12, endColumn: 28, message: 'Cast to date on column created_at' }],
    },
    {
      name: 'knex whereRaw piece',
      code: "const user = await knex('users').whereRaw('lower(email) = ?', [e]).first();",
      errors: [{ messageId: 'nonSargable', line: 1, column: 44, endColumn: 56, message: 'lower() on column email' }],
    },
    {
      name: 'knex whereRaw piece (MySQL), after a placeholder',
      code: "const user = await knex('users').whereRaw('org_id = ? AND lower(email) = ?', [orgId, e]).first();",
      dialect: 'mysql',
      errors: [{ messageId: 'nonSargable', line: 1, column: 59, endColumn: 71 }],
    },
    {
      name: 'knex whereRaw piece (SQLite)',
      code: "const user = await knex('users').whereRaw('lower(email) = ?', [e]).first();",
      dialect: 'sqlite',
      errors: [{ messageId: 'nonSargable', line: 1, column: 44, endColumn: 56 }],
    },
    {
      code: "const [rows] = await pool.query('SELECT id, total FROM orders WHERE DATE(created_at) = ? AND YEAR(shipped_at) = 2024', [day]);",
      dialect: 'mysql',
      errors: [{ messageId: 'nonSargable', line: 1, column: 69, endColumn: 85, message: 'date() on column created_at' }, { messageId: 'nonSargable', line: 1, column: 94, endColumn: 110 }],
    },
    {
      name: 'the common wrappers',
      code: `SELECT id FROM events
WHERE to_char(created_at, 'YYYY') = $1
  AND id + 1 = $2
  AND CAST(created_at AS date) = $3
  AND coalesce(deleted_at, now()) > $4
  AND extract(year from created_at) = 2024
  AND substring(code, 1, 3) = 'abc';`,
      language: 'sql',
      errors: [{ messageId: 'nonSargable', line: 2, column: 7, endColumn: 34 }, { messageId: 'nonSargable', line: 3, column: 7, endColumn: 13, message: 'Arithmetic (+) on column id' }, { messageId: 'nonSargable', line: 4, column: 7, endColumn: 31 }, { messageId: 'nonSargable', line: 5, column: 7, endColumn: 34, message: 'coalesce() on column deleted_at' }, { messageId: 'nonSargable', line: 6, column: 7, endColumn: 36 }, { messageId: 'nonSargable', line: 7, column: 7, endColumn: 28 }],
    },
    {
      name: 'JOIN ON, constant on the left, IN and BETWEEN',
      code: "SELECT o.id FROM orders o JOIN invoices i ON i.order_id = o.id AND date_trunc('month', i.issued_at) = $1 WHERE $2 = upper(o.ref) AND lower(o.code) IN ($3, $4) AND date(o.created_at) BETWEEN $5 AND $6;",
      language: 'sql',
      errors: [{ messageId: 'nonSargable', line: 1, column: 68, endColumn: 100, message: 'column i.issued_at' }, { messageId: 'nonSargable', line: 1, column: 117, endColumn: 129 }, { messageId: 'nonSargable', line: 1, column: 134, endColumn: 147 }, { messageId: 'nonSargable', line: 1, column: 164, endColumn: 182 }],
    },
    {
      name: 'wrapped column against a column of another table in JOIN ON',
      code: `SELECT d.day, count(e.id)
FROM days d
LEFT JOIN events e ON date(e.created_at) = d.day
GROUP BY d.day;`,
      language: 'sql',
      errors: [{ messageId: 'nonSargable', line: 3, column: 23, endColumn: 41, message: 'date() on column e.created_at' }],
    },
    {
      name: 'both sides wrapped: reported once',
      code: 'SELECT u.id FROM users u JOIN invites i ON lower(i.email) = lower(u.email);',
      language: 'sql',
      errors: [{ messageId: 'nonSargable', line: 1, column: 44, endColumn: 58 }],
    },
    {
      name: 'UPDATE and DELETE',
      code: `UPDATE users SET last_seen = now() WHERE lower(email) = $1;
DELETE FROM sessions WHERE expires_at + interval '1 day' < now();`,
      language: 'sql',
      errors: [{ messageId: 'nonSargable', line: 1, column: 42, endColumn: 54 }, { messageId: 'nonSargable', line: 2, column: 28, endColumn: 57 }],
    },
    {
      name: 'ignoreFunctions leaves the others',
      code: 'SELECT id FROM users WHERE lower(email) = $1 AND trim(name) = $2;',
      language: 'sql',
      options: {"ignoreFunctions": ["lower"]},
      errors: [{ messageId: 'nonSargable', line: 1, column: 50, endColumn: 60 }],
    },
  ],
});

// With a schema: an expression index on the same expression serves the predicate.
ruleTester('no-non-sargable-predicate', {
  valid: [
    {
      name: 'an expression index on lower(email) serves lower(email) = $1',
      schema: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE INDEX users_email_lower ON users (lower(email));',
      code: "await pool.query('SELECT id FROM users WHERE LOWER( email ) = lower($1)', [email]);",
    },
  ],
  invalid: [
    {
      name: 'an index on another expression does not',
      schema: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE INDEX users_email_lower ON users (lower(email));',
      code: "await pool.query('SELECT id FROM users WHERE upper(email) = $1', [email]);",
      errors: [{ line: 1, column: 46 }],
    },
  ],
});
