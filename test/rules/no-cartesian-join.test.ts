/** Joins with no condition linking the joined tables. */
import { ruleTester } from './harness.js';

ruleTester('no-cartesian-join', {
  valid: [
    {
      name: 'comma join with its predicate',
      code: "SELECT o.id, r.amount_cents FROM orders o, refunds r WHERE r.order_id = o.id AND o.created_at >= now() - interval '30 days';",
      language: 'sql',
    },
    {
      name: 'qualified by table name',
      code: "const { rows } = await pool.query('SELECT orders.id FROM orders, customers WHERE customers.id = orders.customer_id AND customers.country = $1', [c]);",
    },
    {
      name: 'three tables linked through the middle one',
      code: 'SELECT a.id FROM accounts a, billing b, regions r WHERE b.account_id = a.id AND r.id = b.region_id;',
      language: 'sql',
    },
    {
      name: 'unqualified columns: linkage unclear, not reported',
      code: 'SELECT o.id FROM orders o, refunds r WHERE order_ref = refund_ref;',
      language: 'sql',
    },
    {
      name: 'linked through a correlated subquery',
      code: 'SELECT a.id FROM authors a, books b WHERE EXISTS (SELECT 1 FROM authorship x WHERE x.author_id = a.id AND x.book_id = b.id);',
      language: 'sql',
    },
    {
      name: 'set-returning functions and VALUES',
      code: `SELECT p.id, tag, g.n, e.value, v.x
FROM posts p
CROSS JOIN unnest(p.tags) AS tag
CROSS JOIN generate_series(1, 3) AS g(n)
CROSS JOIN jsonb_array_elements(p.data) AS e
CROSS JOIN (VALUES (1), (2)) AS v(x)
WHERE p.id = $1;`,
      language: 'sql',
    },
    {
      name: 'one-row aggregate subquery',
      code: 'SELECT o.id, o.total_cents / t.total AS share FROM orders o CROSS JOIN (SELECT sum(total_cents) AS total FROM orders) t;',
      language: 'sql',
    },
    {
      name: 'one-row CTE',
      code: 'WITH latest AS (SELECT id FROM releases ORDER BY created_at DESC LIMIT 1) SELECT f.id FROM features f, latest WHERE f.flag = true;',
      language: 'sql',
    },
    {
      name: 'LATERAL subquery ON true',
      code: "await pool.query('SELECT u.id, last.created_at FROM users u LEFT JOIN LATERAL (SELECT created_at FROM logins l WHERE l.user_id = u.id ORDER BY created_at DESC LIMIT 1) last ON true WHERE u.id = $1', [id]);",
    },
    {
      name: 'USING and NATURAL JOIN',
      code: 'SELECT id, name FROM users JOIN profiles USING (id) NATURAL JOIN settings;',
      language: 'sql',
    },
    {
      code: "const [rows] = await pool.query('SELECT c.id, t.label FROM customers c JOIN tags t ON t.customer_id = c.id LIMIT 100');",
      dialect: 'mysql',
    },
    {
      name: 'CROSS JOIN linked in WHERE',
      code: 'SELECT a.id FROM users a CROSS JOIN plans p WHERE p.id = a.plan_id;',
      language: 'sql',
    },
  ],
  invalid: [
    {
      name: 'comma join, predicate forgotten',
      code: `SELECT o.id, o.total_cents, r.amount_cents
FROM orders o, refunds r
WHERE o.created_at >= now() - interval '30 days'
LIMIT 1000;`,
      language: 'sql',
      errors: [{ messageId: 'cartesian', line: 2, column: 16, endColumn: 25, message: 'refunds is joined to orders by a comma join with no condition linking them' }],
    },
    {
      name: 'multi-line template, joined table on a later line',
      code: `import { pool } from './db';

export async function refundReport(since: Date) {
  const { rows } = await pool.query(
    \`SELECT o.id, r.amount_cents
     FROM orders o,
          refunds r
     WHERE o.created_at >= $1
       AND r.status = 'done'\`,
    [since],
  );
  return rows;
}
`,
      errors: [{ messageId: 'cartesian', line: 7, column: 11, endColumn: 20 }],
    },
    {
      code: "const { rows } = await pool.query('SELECT u.id, p.name FROM users u CROSS JOIN plans p WHERE u.org_id = $1', [orgId]);",
      errors: [{ messageId: 'cartesian', line: 1, column: 80, endColumn: 87, message: 'plans is joined to users by a CROSS JOIN' }],
    },
    {
      code: "const [rows] = await pool.query('SELECT c.id, t.label FROM customers c JOIN tags t ON 1 = 1 LIMIT 100');",
      dialect: 'mysql',
      errors: [{ messageId: 'cartesian', line: 1, column: 77, endColumn: 83, message: 'by JOIN ... ON 1 = 1' }],
    },
    {
      name: 'ON true',
      code: 'SELECT s.id FROM shops s JOIN brands ON true LEFT JOIN colours ON TRUE;',
      language: 'sql',
      errors: [{ messageId: 'cartesian', line: 1, column: 31, endColumn: 37, message: 'by JOIN ... ON true' }, { messageId: 'cartesian', line: 1, column: 56, endColumn: 63, message: 'colours is joined to shops, brands' }],
    },
    {
      name: 'first table not linked to the others',
      code: 'SELECT a.id FROM accounts a, billing b, regions r WHERE b.account_id = r.account_id;',
      language: 'sql',
      errors: [{ messageId: 'cartesian', line: 1, column: 30, endColumn: 39, message: 'billing is joined to accounts' }],
    },
    {
      code: 'SELECT n.id, t.name FROM notes n, tags t WHERE n.owner = ?',
      language: 'sql',
      dialect: 'sqlite',
      errors: [{ messageId: 'cartesian', line: 1, column: 35, endColumn: 41 }],
    },
    {
      name: 'knex raw',
      code: "const rows = await knex.raw('SELECT s.id FROM stores s, products p WHERE s.region = ? LIMIT 10', [region]);",
      dialect: 'mysql',
      errors: [{ messageId: 'cartesian', line: 1, column: 57, endColumn: 67 }],
    },
  ],
});

ruleTester('no-cartesian-join', {
  valid: [
    {
      name: 'a one-row CTE of the enclosing INSERT (pg-boss style defaults)',
      code: "await pool.query(`WITH defaults AS (SELECT $2::int AS retry_limit)\n  INSERT INTO job (name, retry_limit) SELECT j.name, defaults.retry_limit FROM json_to_recordset($1) AS j (name text) JOIN queue q ON j.name = q.name, defaults`, [rows, 2]);",
    },
  ],
  invalid: [],
});
