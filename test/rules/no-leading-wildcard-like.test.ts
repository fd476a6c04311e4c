/** LIKE patterns that start with a wildcard in filters. */
import { ruleTester } from './harness.js';

ruleTester('no-leading-wildcard-like', {
  valid: [
    {
      name: 'anchored prefix built from a parameter',
      code: "await pool.query(\"SELECT id, title FROM posts WHERE title LIKE $1 || '%' LIMIT 50\", [prefix]);",
    },
    {
      code: "SELECT id FROM products WHERE sku LIKE 'AB-%' AND name LIKE 'a%b';",
      language: 'sql',
    },
    {
      name: 'bare parameter: unknown at lint time',
      code: "const { rows } = await pool.query('SELECT id FROM users WHERE email LIKE $1 LIMIT 20', [pattern]);",
    },
    {
      name: 'patterns in the select list',
      code: "SELECT id, CASE WHEN name LIKE '%(old)' THEN 'legacy' END AS generation, '%' AS pct FROM products WHERE id = $1;",
      language: 'sql',
    },
    {
      name: 'anchored SIMILAR TO, and LIKE in ORDER BY',
      code: "SELECT id FROM products WHERE code SIMILAR TO 'AB(1|2)%' ORDER BY CASE WHEN name LIKE '%sale' THEN 0 ELSE 1 END LIMIT 10;",
      language: 'sql',
    },
    {
      name: 'escaped leading percent is a literal character',
      code: "SELECT id FROM files WHERE name LIKE '\\%done' ESCAPE '\\';",
      language: 'sql',
    },
    {
      code: "const [rows] = await pool.query(\"SELECT id FROM products WHERE name LIKE CONCAT(?, '%') LIMIT 20\", [prefix]);",
      dialect: 'mysql',
    },
    {
      name: 'knex anchored piece',
      code: "const users = await knex('users').whereRaw(\"email LIKE 'admin@%'\");",
    },
  ],
  invalid: [
    {
      code: "await pool.query(\"SELECT id, title FROM posts WHERE title ILIKE '%' || $1 || '%' LIMIT 50\", [term]);",
      errors: [{ messageId: 'leadingWildcard', line: 1, column: 65, endColumn: 81, message: "ILIKE pattern '%' || $1 || '%' starts with a wildcard" }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: `import { pool } from './db';

export async function searchCustomers(domain: string) {
  const { rows } = await pool.query(\`
    SELECT id, email
    FROM customers
    WHERE active
      AND email LIKE '%@' || $1
    LIMIT 100\`, [domain]);
  return rows;
}
`,
      errors: [{ messageId: 'leadingWildcard', line: 8, column: 22, endColumn: 32, message: 'on email' }],
    },
    {
      name: 'knex whereRaw piece',
      code: "const users = await knex('users').select('id').whereRaw(\"email LIKE '%@example.com'\");",
      errors: [{ messageId: 'leadingWildcard', line: 1, column: 69, endColumn: 84 }],
    },
    {
      name: 'knex piece, MySQL CONCAT',
      code: "const rows = await knex('products').whereRaw(\"name NOT LIKE CONCAT('%', ?, '%')\", [word]);",
      dialect: 'mysql',
      errors: [{ messageId: 'leadingWildcard', line: 1, column: 61, endColumn: 80, message: 'NOT LIKE pattern' }],
    },
    {
      code: "const [rows] = await pool.execute('SELECT id, sku FROM products WHERE description LIKE ? AND name LIKE CONCAT(\\'%\\', ?)', [a, b]);",
      dialect: 'mysql',
      errors: [{ messageId: 'leadingWildcard', line: 1, column: 104, endColumn: 120 }],
    },
    {
      code: "export const notes = (q: string) => db.prepare(\"SELECT id, title FROM notes WHERE title LIKE '%' || ? || '%'\").all(q);",
      dialect: 'sqlite',
      errors: [{ messageId: 'leadingWildcard', line: 1, column: 94, endColumn: 109 }],
    },
    {
      name: 'JOIN ON, WHERE and HAVING; leading underscore',
      code: `SELECT c.id
FROM customers c
JOIN orders o ON o.customer_id = c.id AND o.note ILIKE '_urgent%'
WHERE c.name NOT ILIKE '%test%'
GROUP BY c.id
HAVING max(o.ref) LIKE '%-X';
`,
      language: 'sql',
      errors: [{ messageId: 'leadingWildcard', line: 3, column: 56, endColumn: 66 }, { messageId: 'leadingWildcard', line: 4, column: 24, endColumn: 32 }, { messageId: 'leadingWildcard', line: 6, column: 24, endColumn: 29 }],
    },
    {
      name: 'UPDATE and DELETE filters',
      code: `UPDATE products SET archived = true WHERE sku LIKE '%-old';
DELETE FROM sessions WHERE agent SIMILAR TO '%bot%';`,
      language: 'sql',
      errors: [{ messageId: 'leadingWildcard', line: 1, column: 52, endColumn: 59 }, { messageId: 'leadingWildcard', line: 2, column: 45, endColumn: 52 }],
    },
  ],
});
