/** Large or user-driven OFFSET pagination. */
import { ruleTester } from './harness.js';

ruleTester('no-large-offset', {
  valid: [
    {
      code: 'SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET 0;',
      language: 'sql',
    },
    {
      code: "const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY created_at DESC LIMIT 20 OFFSET 100');",
    },
    {
      name: 'parameterised LIMIT without OFFSET',
      code: "const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY id LIMIT $1', [pageSize]);",
    },
    {
      name: 'exactly the threshold',
      code: 'SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET 1000;',
      language: 'sql',
    },
    {
      name: 'threshold option',
      code: 'SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET 5000;',
      language: 'sql',
      options: {"threshold": 10000},
    },
    {
      name: 'allowParameters option',
      code: "await pool.query('SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET $1', [offset]);",
      options: {"allowParameters": true},
    },
    {
      name: 'MySQL LIMIT offset, count below threshold',
      code: "const [rows] = await pool.query('SELECT id, sku FROM products ORDER BY id LIMIT 100, 20');",
      dialect: 'mysql',
    },
    {
      name: 'keyset pagination',
      code: "await pool.query('SELECT id, title, created_at FROM posts WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT 20', [lastCreatedAt, lastId]);",
    },
    {
      code: 'SELECT id FROM notes ORDER BY id LIMIT 50 OFFSET 200;',
      language: 'sql',
      dialect: 'sqlite',
    },
  ],
  invalid: [
    {
      code: "const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY created_at DESC LIMIT $1 OFFSET $2', [size, page * size]);",
      errors: [{ messageId: 'parameterOffset', line: 1, column: 105, endColumn: 107, message: 'OFFSET $2 is set at run time' }],
    },
    {
      name: 'multi-line template with an interpolated offset',
      code: `import { pool } from './db';

export async function listPosts(page: number) {
  const { rows } = await pool.query(\`
    SELECT id, title, created_at
    FROM posts
    ORDER BY created_at DESC, id DESC
    LIMIT 20 OFFSET \${page * 20}
  \`);
  return rows;
}
`,
      errors: [{ messageId: 'parameterOffset', line: 8, column: 23, endColumn: 32, message: 'OFFSET ${page * 20} is set at run time' }],
    },
    {
      name: 'MySQL LIMIT offset, count',
      code: "const [rows] = await pool.query('SELECT id, sku FROM products ORDER BY id LIMIT 50000, 20');",
      dialect: 'mysql',
      errors: [{ messageId: 'largeOffset', line: 1, column: 81, endColumn: 86, message: 'OFFSET 50000 makes the database read and throw away 50000 rows of products' }],
    },
    {
      code: "const [rows] = await pool.query('SELECT id, sku FROM products ORDER BY id LIMIT ?, ?', [offset, 20]);",
      dialect: 'mysql',
      errors: [{ messageId: 'parameterOffset', line: 1, column: 81, endColumn: 82 }],
    },
    {
      name: 'knex raw with positional bindings',
      code: "const rows = await knex.raw('SELECT id FROM posts WHERE author_id = ? ORDER BY id LIMIT 20 OFFSET ?', [authorId, offset]);",
      errors: [{ messageId: 'parameterOffset', line: 1, column: 99, endColumn: 100 }],
    },
    {
      code: 'SELECT id FROM events ORDER BY id OFFSET 2000 ROWS FETCH NEXT 20 ROWS ONLY;',
      language: 'sql',
      errors: [{ messageId: 'largeOffset', line: 1, column: 42, endColumn: 46 }],
    },
    {
      name: 'SQLite bound offset',
      code: "export const page = (offset: number) => db.prepare('SELECT id, title FROM notes ORDER BY id LIMIT 20 OFFSET ?').all(offset);",
      dialect: 'sqlite',
      errors: [{ messageId: 'parameterOffset', line: 1, column: 109, endColumn: 110 }],
    },
    {
      code: 'SELECT id FROM notes ORDER BY id LIMIT 50 OFFSET 5000;',
      language: 'sql',
      dialect: 'sqlite',
      errors: [{ messageId: 'largeOffset', line: 1, column: 50, endColumn: 54 }],
    },
    {
      name: 'computed offsets',
      code: `SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET 20 * 100;
SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET ($1 - 1) * 20;`,
      language: 'sql',
      errors: [{ messageId: 'largeOffset', line: 1, column: 50, endColumn: 58, message: 'OFFSET 2000' }, { messageId: 'parameterOffset', line: 2, column: 50, endColumn: 63 }],
    },
    {
      name: 'threshold option',
      code: 'SELECT id FROM posts ORDER BY id LIMIT 20 OFFSET 600;',
      language: 'sql',
      options: {"threshold": 500},
      errors: [{ messageId: 'largeOffset', line: 1, column: 50, endColumn: 53 }],
    },
    {
      name: 'in a subquery',
      code: 'SELECT p.id FROM posts p WHERE p.id IN (SELECT post_id FROM comments ORDER BY id LIMIT 10 OFFSET 10000) LIMIT 10;',
      language: 'sql',
      errors: [{ messageId: 'largeOffset', line: 1, column: 98, endColumn: 103, message: 'rows of comments' }],
    },
  ],
});
