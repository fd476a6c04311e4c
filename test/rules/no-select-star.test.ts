import { ruleTester } from './harness.js';

ruleTester('no-select-star', {
  valid: [
    { name: 'listed columns', code: "await pool.query('SELECT id, title FROM posts WHERE author_id = $1', [authorId]);" },
    { name: 'count(*)', code: "await pool.query('SELECT count(*) FROM posts');" },
    { name: 'count(*) in mysql', dialect: 'mysql', code: "await conn.query('SELECT COUNT(*) AS n FROM products WHERE price > ?', [min]);" },
    { name: 'EXISTS (SELECT * ...)', language: 'sql', code: 'SELECT id FROM users u WHERE EXISTS (SELECT * FROM bans b WHERE b.user_id = u.id);' },
    { name: 'IN (SELECT * ...) with one column', language: 'sql', code: 'SELECT id FROM users WHERE id IN (SELECT * FROM unnest($1::int[]));' },
    { name: 'INSERT ... SELECT * copies', language: 'sql', code: 'INSERT INTO posts_archive SELECT * FROM posts WHERE created_at < $1;' },
    { name: 'CREATE TABLE AS copies', language: 'sql', code: 'CREATE TABLE posts_copy AS SELECT * FROM posts;' },
    { name: 'SELECT INTO copies', language: 'sql', code: 'SELECT * INTO posts_copy FROM posts;' },
    {
      name: 'star over a CTE that lists its columns',
      language: 'sql',
      code: "WITH recent AS (SELECT id, title FROM posts WHERE created_at > now() - interval '1 day')\nSELECT * FROM recent;",
    },
    { name: 'star over a subquery that lists its columns', language: 'sql', code: 'SELECT * FROM (SELECT id, title FROM posts LIMIT 10) p;' },
    { name: 'star over a set-returning function', code: "await pool.query('SELECT * FROM unnest($1::int[]) AS t(id)', [ids]);" },
    { name: 'star over VALUES', language: 'sql', code: "SELECT * FROM (VALUES (1, 'a')) AS v(id, name);" },
    { name: 'RETURNING * by default', code: "await pool.query('INSERT INTO users (email) VALUES ($1) RETURNING *', [email]);" },
    { name: 'row_to_json(t.*) is a function', language: 'sql', code: 'SELECT row_to_json(p.*) FROM posts p WHERE p.id = $1;' },
    { name: 'knex select-list piece', code: "await knex('posts').select(knex.raw('count(*) AS n'));" },
    { name: 'sqlite listed columns', dialect: 'sqlite', code: "db.prepare('SELECT id, body FROM notes WHERE id = ?').get(id);" },
  ],
  invalid: [
    {
      name: 'pg',
      code: "await pool.query('SELECT * FROM posts WHERE id = $1', [id]);",
      errors: [{ messageId: 'selectStar', line: 1, column: 26, endColumn: 27, message: 'SELECT * fetches every column of "posts"' }],
    },
    {
      name: 'multi-line template, finding on a later line',
      code: 'const { rows } = await pool.query(`\n  SELECT\n    *\n  FROM posts\n  WHERE author_id = $1`, [authorId]);',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 6, message: '"posts"' }],
    },
    {
      name: 'qualified star',
      language: 'sql',
      code: 'SELECT u.*, t.name FROM users u JOIN teams t ON t.id = u.team_id WHERE u.id = $1;',
      errors: [{ column: 10, endColumn: 11, message: 'SELECT u.* fetches every column of "users"' }],
    },
    {
      name: 'star over a join names every table',
      language: 'sql',
      code: 'SELECT * FROM users u JOIN teams t ON t.id = u.team_id WHERE u.id = $1;',
      errors: [{ column: 8, message: '"users" and "teams"' }],
    },
    {
      name: 'star over a CTE that is itself a star over a table',
      language: 'sql',
      code: 'WITH mine AS (SELECT * FROM posts WHERE author_id = $1)\nSELECT * FROM mine;',
      errors: [{ line: 1, column: 22, endColumn: 23, message: '"posts"' }],
    },
    {
      name: 'each member of a UNION',
      language: 'sql',
      code: 'SELECT * FROM posts WHERE id = 1 UNION ALL SELECT id, title FROM drafts UNION ALL SELECT * FROM archived LIMIT 5;',
      errors: [
        { column: 8, message: '"posts"' },
        { column: 90, message: '"archived"' },
      ],
    },
    {
      name: 'mysql',
      dialect: 'mysql',
      code: "const [rows] = await conn.query('SELECT * FROM products WHERE sku = ?', [sku]);",
      errors: [{ line: 1, column: 41, endColumn: 42, message: '"products"' }],
    },
    {
      name: 'sqlite',
      dialect: 'sqlite',
      code: "db.prepare('SELECT notes.* FROM notes WHERE id = ?').get(id);",
      errors: [{ column: 26, endColumn: 27, message: 'SELECT notes.* fetches every column of "notes"' }],
    },
    {
      name: 'partial template: the star is still there',
      code: 'await pool.query(`SELECT * FROM posts ${where}`, params);',
      errors: [{ column: 26, endColumn: 27 }],
    },
    {
      name: 'RETURNING * with checkReturning',
      options: { checkReturning: true },
      code: "await pool.query('UPDATE users SET name = $1 WHERE id = $2 RETURNING *', [name, id]);",
      errors: [{ messageId: 'returningStar', column: 70, endColumn: 71, message: 'RETURNING * sends back every column of "users"' }],
    },
    {
      name: 'T-SQL TOP',
      dialect: 'transactsql',
      language: 'sql',
      code: 'SELECT TOP 10 * FROM products ORDER BY id;',
      errors: [{ column: 15, endColumn: 16 }],
    },
  ],
});
