import { ruleTester } from './harness.js';

const schema = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text, team_id bigint, created_at timestamptz NOT NULL);
CREATE TABLE teams (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL, title text NOT NULL, published_at timestamptz);
CREATE VIEW active_users AS SELECT id, email FROM users;`;

const mysqlSchema = 'CREATE TABLE products (id int AUTO_INCREMENT PRIMARY KEY, sku varchar(40) NOT NULL, name varchar(100), price int);';

ruleTester('unknown-column', {
  valid: [
    { name: 'known columns, any case', schema, code: "await pool.query('SELECT ID, Email FROM users WHERE id = $1', [id]);" },
    { name: 'ORDER BY, GROUP BY and HAVING may name output aliases', schema, language: 'sql', code: 'SELECT team_id AS team, count(*) AS n FROM users GROUP BY team HAVING count(*) > 1 ORDER BY n DESC;' },
    { name: 'an unqualified column one table of the join has', schema, language: 'sql', code: 'SELECT title, email FROM posts p JOIN users u ON u.id = p.author_id WHERE published_at IS NOT NULL;' },
    { name: 'correlated subquery reads the outer table', schema, language: 'sql', code: 'SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.id AND email LIKE $1);' },
    { name: 'CTE and subquery columns', schema, language: 'sql', code: 'WITH c(uid, n) AS (SELECT author_id, count(*) FROM posts GROUP BY 1)\nSELECT c.uid, c.n, s.total FROM c JOIN (SELECT count(*) AS total FROM teams) s ON true;' },
    { name: 'a SELECT * CTE: columns unknown, nothing said', schema, language: 'sql', code: 'WITH t AS (SELECT * FROM posts) SELECT anything FROM t;' },
    { name: 'views read from DDL have unknown columns', schema, language: 'sql', code: 'SELECT whatever FROM active_users;' },
    { name: 'functions in FROM', schema, language: 'sql', code: 'SELECT x, ids.id FROM unnest($1::int[]) AS x, unnest($2::int[]) AS ids(id);' },
    { name: 'an unknown table is unknown-table\'s finding', schema, language: 'sql', code: 'SELECT nope FROM comments;' },
    { name: 'values and system columns', schema, language: 'sql', code: 'SELECT current_date, current_user, ctid, id FROM users;' },
    { name: 'ON CONFLICT with EXCLUDED', schema, language: 'sql', code: 'INSERT INTO teams (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, name;' },
    { name: 'a whole-row reference', schema, language: 'sql', code: 'SELECT u FROM users u WHERE u.id = $1;' },
    { name: 'MySQL double-quoted strings', schema: mysqlSchema, dialect: 'mysql', code: 'const [rows] = await conn.query(\'SELECT id FROM products WHERE name = "widget"\');' },
    { name: 'no schema: silent', code: "await pool.query('SELECT nope FROM users');" },
    { name: 'a JOIN filled in at run time may bring the column', schema, code: 'await pool.query(`SELECT title FROM users u ${joins} WHERE u.id = $1`, [id]);' },
    { name: 'migration files describe history', schema, language: 'sql', filename: 'migrations/003_copy.sql', code: 'UPDATE users SET display_name = name;' },
  ],
  invalid: [
    {
      name: 'a typo in the select list',
      schema,
      code: "await pool.query('SELECT id, emial FROM users WHERE id = $1', [id]);",
      errors: [{ messageId: 'unknownColumn', line: 1, column: 30, endColumn: 35, message: 'Column "emial" does not exist in table "users"; did you mean "email"?' }],
    },
    {
      name: 'a qualified column the aliased table does not have',
      schema,
      language: 'sql',
      code: 'SELECT p.title, u.mail\n  FROM posts p JOIN users u ON u.id = p.author_id;',
      errors: [{ line: 1, column: 17, endColumn: 23, message: 'Column "u.mail" does not exist in table "users"; did you mean "email"?' }],
    },
    {
      name: 'an unqualified column no table in the join has',
      schema,
      language: 'sql',
      code: 'SELECT p.id FROM posts p JOIN users u ON u.id = p.author_id WHERE published = true;',
      errors: [{ line: 1, column: 67, endColumn: 76, message: 'Column "published" does not exist in tables "posts", "users"; did you mean "published_at"?' }],
    },
    {
      name: 'INSERT column list',
      schema,
      language: 'sql',
      code: 'INSERT INTO posts (author_id, titel) VALUES ($1, $2);',
      errors: [{ line: 1, column: 31, endColumn: 36, message: 'did you mean "title"?' }],
    },
    {
      name: 'UPDATE SET target',
      schema,
      language: 'sql',
      code: 'UPDATE users SET team = $1 WHERE id = $2;',
      errors: [{ line: 1, column: 18, endColumn: 22, message: 'Column "team" does not exist in table "users"' }],
    },
    {
      name: 'a column of a CTE with a known list',
      schema,
      language: 'sql',
      code: 'WITH x AS (SELECT id, email FROM users)\nSELECT name FROM x;',
      errors: [{ line: 2, column: 8, endColumn: 12, message: 'Column "name" does not exist in table "x"' }],
    },
    {
      name: 'ORDER BY and a correlated reference',
      schema,
      language: 'sql',
      code: 'SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.idd) ORDER BY createdat;',
      errors: [
        { line: 1, column: 80, endColumn: 85, message: 'did you mean "id"?' },
        { line: 1, column: 96, endColumn: 105, message: 'did you mean "created_at"?' },
      ],
    },
    {
      name: 'RETURNING',
      schema,
      language: 'sql',
      code: 'DELETE FROM posts WHERE id = $1 RETURNING id, titel;',
      errors: [{ line: 1, column: 47, endColumn: 52, message: 'did you mean "title"?' }],
    },
    {
      name: 'MySQL multi-table UPDATE',
      schema: mysqlSchema,
      dialect: 'mysql',
      code: "await conn.query('UPDATE products p SET p.prize = ? WHERE p.sku = ?', [price, sku]);",
      errors: [{ line: 1, column: 41, endColumn: 48, message: 'Column "prize" does not exist in table "products"; did you mean "price"?' }],
    },
  ],
});
