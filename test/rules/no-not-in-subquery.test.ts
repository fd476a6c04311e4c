/** NOT IN (SELECT ...). */
import { ruleTester } from './harness.js';

ruleTester('no-not-in-subquery', {
  valid: [
    {
      code: "SELECT id FROM orders WHERE status NOT IN ('cancelled', 'refunded') AND priority NOT IN (1, 2, 3);",
      language: 'sql',
    },
    {
      name: 'list of parameters',
      code: "const { rows } = await pool.query('SELECT id FROM users WHERE id NOT IN ($1, $2) LIMIT 10', [a, b]);",
    },
    {
      name: 'IN (SELECT ...)',
      code: 'SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE total_cents > 10000);',
      language: 'sql',
    },
    {
      name: 'the NOT EXISTS rewrite',
      code: 'SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) LIMIT 500;',
      language: 'sql',
    },
    {
      name: '<> ALL of an array parameter',
      code: "await pool.query('SELECT id FROM users WHERE id <> ALL($1::int[])', [blockedIds]);",
    },
    {
      name: 'mysql2 expands an array parameter',
      code: "const [rows] = await pool.query('SELECT id FROM products WHERE category_id NOT IN (?) LIMIT 50', [ids]);",
      dialect: 'mysql',
    },
    {
      name: 'knex piece with a value list',
      code: "const users = await knex('users').whereRaw('id NOT IN (?, ?)', [a, b]);",
      dialect: 'mysql',
    },
    {
      code: 'SELECT id FROM notes WHERE NOT (archived AND id IN (1, 2));',
      language: 'sql',
      dialect: 'sqlite',
    },
  ],
  invalid: [
    {
      code: `SELECT id, email
FROM customers
WHERE id NOT IN (SELECT customer_id FROM orders)
LIMIT 500;`,
      language: 'sql',
      errors: [{ messageId: 'notIn', line: 3, column: 7, endColumn: 49, message: 'id NOT IN (SELECT customer_id FROM orders) matches nothing once the subquery returns a NULL customer_id' }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: `import { db } from './db';

export function unbilled(status: string) {
  return db.any(
    \`SELECT id, name
     FROM customers
     WHERE id NOT IN (
       SELECT customer_id FROM invoices WHERE status = $1
     )
     LIMIT 200\`,
    [status],
  );
}
`,
      errors: [{ messageId: 'notIn', line: 7, column: 12, endLine: 9, endColumn: 7 }],
    },
    {
      name: 'knex whereRaw piece',
      code: "const users = await knex('users').whereRaw('id NOT IN (SELECT user_id FROM bans)');",
      errors: [{ messageId: 'notIn', line: 1, column: 45, endColumn: 81 }],
    },
    {
      name: 'knex whereRaw piece with a binding',
      code: "const users = await knex('users').whereRaw('id NOT IN (SELECT user_id FROM bans WHERE until > ?)', [now]);",
      errors: [{ messageId: 'notIn', line: 1, column: 45, endColumn: 97 }],
    },
    {
      name: 'knex whereRaw piece (MySQL)',
      code: "const users = await knex('users').whereRaw('id NOT IN (SELECT user_id FROM bans WHERE until > ?)', [now]);",
      dialect: 'mysql',
      errors: [{ messageId: 'notIn', line: 1, column: 45, endColumn: 97 }],
    },
    {
      code: "const [rows] = await pool.query('SELECT p.id FROM products p WHERE p.id NOT IN (SELECT product_id FROM order_items) LIMIT 100');",
      dialect: 'mysql',
      errors: [{ messageId: 'notIn', line: 1, column: 68, endColumn: 116, message: 'p.id NOT IN' }],
    },
    {
      code: 'DELETE FROM sessions WHERE user_id NOT IN (SELECT id FROM users);',
      language: 'sql',
      dialect: 'sqlite',
      errors: [{ messageId: 'notIn', line: 1, column: 28, endColumn: 65 }],
    },
    {
      name: 'NOT x IN and <> ALL',
      code: 'SELECT c.id FROM customers c WHERE NOT c.id IN (SELECT customer_id FROM bans) AND c.id <> ALL (SELECT customer_id FROM refunds);',
      language: 'sql',
      errors: [{ messageId: 'notIn', line: 1, column: 36, endColumn: 78 }, { messageId: 'notIn', line: 1, column: 83, endColumn: 128, message: '<> ALL' }],
    },
    {
      name: 'in the select list',
      code: 'SELECT id, (id NOT IN (SELECT parent_id FROM categories)) AS is_leaf FROM categories;',
      language: 'sql',
      errors: [{ messageId: 'notIn', line: 1, column: 13, endColumn: 57 }],
    },
  ],
});
