/** ORDER BY random() / RAND() / NEWID(). */
import { ruleTester } from './harness.js';

ruleTester('no-order-by-random', {
  valid: [
    {
      code: 'SELECT id, title FROM posts TABLESAMPLE SYSTEM (1) LIMIT 5;',
      language: 'sql',
    },
    {
      name: 'sampling in WHERE',
      code: 'SELECT id, email FROM customers WHERE random() < 0.01;',
      language: 'sql',
    },
    {
      name: 'random in the select list, columns named random_*',
      code: "const { rows } = await pool.query('SELECT id, random() AS jitter FROM jobs ORDER BY random_score DESC, rand_id LIMIT 10');",
    },
    {
      name: 'random key then index seek',
      code: 'SELECT id, title FROM posts WHERE id >= (SELECT floor(random() * max(id)) FROM posts) ORDER BY id LIMIT 1;',
      language: 'sql',
    },
    {
      code: "const [rows] = await pool.query('SELECT id, sku, RAND() AS r FROM products WHERE active = 1 ORDER BY id LIMIT 3');",
      dialect: 'mysql',
    },
    {
      name: 'knex orderBy with a column',
      code: "const picks = await knex('users').select('id').orderBy('random_rank').limit(3);",
    },
    {
      code: 'SELECT id FROM notes WHERE id IN (SELECT id FROM notes ORDER BY id DESC LIMIT 50) ORDER BY created_at;',
      language: 'sql',
      dialect: 'sqlite',
    },
  ],
  invalid: [
    {
      code: "const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY random() LIMIT 5');",
      errors: [{ messageId: 'orderByRandom', line: 1, column: 73, endColumn: 81, message: 'ORDER BY random() computes a random value for every row of posts' }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: `import { pool } from './db';

export async function featured() {
  const { rows } = await pool.query(\`
    SELECT id, name, price_cents
    FROM products
    WHERE active
    ORDER BY random()
    LIMIT 3
  \`);
  return rows;
}
`,
      errors: [{ messageId: 'orderByRandom', line: 8, column: 14, endColumn: 22 }],
    },
    {
      name: 'knex orderByRaw piece',
      code: "const picks = await knex('users').select('id', 'email').where('active', true).orderByRaw('random()').limit(3);",
      errors: [{ messageId: 'orderByRandom', line: 1, column: 91, endColumn: 99, message: 'ORDER BY random() computes a random value for every row and' }],
    },
    {
      code: "const [rows] = await pool.query('SELECT id, sku FROM products WHERE active = 1 ORDER BY RAND() LIMIT 3');",
      dialect: 'mysql',
      errors: [{ messageId: 'orderByRandom', line: 1, column: 89, endColumn: 95, message: 'ORDER BY RAND()' }],
    },
    {
      code: "export const pick = () => db.prepare('SELECT id, title FROM notes ORDER BY RANDOM() LIMIT 1').get();",
      dialect: 'sqlite',
      errors: [{ messageId: 'orderByRandom', line: 1, column: 76, endColumn: 84 }],
    },
    {
      code: 'SELECT TOP 5 id FROM customers ORDER BY NEWID();',
      language: 'sql',
      dialect: 'transactsql',
      errors: [{ messageId: 'orderByRandom', line: 1, column: 41, endColumn: 48 }],
    },
    {
      name: 'inside a FROM subquery, nested in an expression',
      code: `SELECT *
FROM (SELECT id, title FROM posts ORDER BY created_at DESC, md5(random()::text) LIMIT 10) recent
ORDER BY id;`,
      language: 'sql',
      errors: [{ messageId: 'orderByRandom', line: 2, column: 65, endColumn: 73 }],
    },
    {
      name: 'MySQL DELETE ... ORDER BY RAND()',
      code: "await pool.query('DELETE FROM jobs WHERE done = 1 ORDER BY RAND() LIMIT 10');",
      dialect: 'mysql',
      errors: [{ messageId: 'orderByRandom', line: 1, column: 60, endColumn: 66, message: 'every row of jobs' }],
    },
  ],
});
