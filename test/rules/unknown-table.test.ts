import { ruleTester } from './harness.js';

const schema = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text, team_id bigint);
CREATE TABLE teams (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL, title text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, total numeric NOT NULL);
CREATE VIEW active_users AS SELECT id, email FROM users;`;

const mysqlSchema = 'CREATE TABLE products (id int AUTO_INCREMENT PRIMARY KEY, sku varchar(40) NOT NULL, price int);';

ruleTester('unknown-table', {
  valid: [
    { name: 'known tables, any case', schema, code: "await pool.query('SELECT id FROM Users u JOIN TEAMS t ON t.id = u.team_id WHERE u.id = $1', [id]);" },
    { name: 'schema-qualified names', schema, language: 'sql', code: 'SELECT u.id, i.total FROM public.users u, billing.invoices i WHERE i.id = $1;' },
    { name: 'views', schema, language: 'sql', code: 'SELECT id FROM active_users WHERE id = $1;' },
    { name: 'CTE names', schema, language: 'sql', code: 'WITH recent AS (SELECT id FROM posts ORDER BY id DESC LIMIT 5), again AS (SELECT id FROM recent) SELECT * FROM again;' },
    { name: 'recursive CTE', schema, language: 'sql', code: 'WITH RECURSIVE chain(id) AS (SELECT id FROM teams WHERE id = $1 UNION ALL SELECT t.id FROM teams t JOIN chain c ON c.id = t.id) SELECT id FROM chain;' },
    { name: 'subquery alias and set-returning functions', schema, language: 'sql', code: 'SELECT s.n, g FROM (SELECT count(*) AS n FROM posts) s, generate_series(1, 3) g, unnest($1::int[]) AS ids(id);' },
    { name: 'system catalogs', schema, language: 'sql', code: 'SELECT c.relname FROM pg_class c JOIN information_schema.tables t ON t.table_name = c.relname JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace;' },
    { name: 'temp table created by the same SQL', schema, language: 'sql', code: 'CREATE TEMP TABLE ids (id int);\nINSERT INTO ids VALUES (1);\nSELECT u.id FROM users u JOIN ids ON ids.id = u.id;' },
    { name: 'SELECT INTO target', schema, language: 'sql', code: 'SELECT id INTO backup_users FROM users;\nSELECT id FROM backup_users;' },
    { name: 'table name interpolated at run time', schema, code: 'await pool.query(`SELECT id FROM ${table} WHERE id = $1`, [id]);' },
    { name: 'no schema: silent', code: "await pool.query('SELECT id FROM usres WHERE id = $1', [id]);" },
    { name: 'migration files describe history', schema, language: 'sql', filename: 'db/migrations/004_backfill.sql', code: 'INSERT INTO legacy_users SELECT * FROM users;' },
    { name: 'MySQL', schema: mysqlSchema, dialect: 'mysql', code: "const [rows] = await conn.query('SELECT id, sku FROM products WHERE id = ?', [id]);" },
  ],
  invalid: [
    {
      name: 'a typo in FROM, with a suggestion',
      schema,
      code: "await pool.query('SELECT id FROM usres WHERE id = $1', [id]);",
      errors: [{ messageId: 'unknownTable', line: 1, column: 34, endColumn: 39, message: 'Table "usres" is not in the schema; did you mean "users"?' }],
    },
    {
      name: 'a typo in a JOIN',
      schema,
      language: 'sql',
      code: 'SELECT p.title FROM posts p\n  JOIN team t ON t.id = p.author_id;',
      errors: [{ line: 2, column: 8, endColumn: 12, message: 'did you mean "teams"?' }],
    },
    {
      name: 'INSERT into a table that was never created, no close match',
      schema,
      language: 'sql',
      code: 'INSERT INTO comments (post_id, body) VALUES ($1, $2);',
      errors: [{ line: 1, column: 13, endColumn: 21, message: 'Table "comments" is not in the schema' }],
    },
    {
      name: 'UPDATE and DELETE targets',
      schema,
      language: 'sql',
      code: 'UPDATE post SET title = $1 WHERE id = $2;\nDELETE FROM userz WHERE id = $1;',
      errors: [
        { line: 1, column: 8, endColumn: 12, message: '"post"' },
        { line: 2, column: 13, endColumn: 18, message: 'did you mean "users"?' },
      ],
    },
    {
      name: 'a schema-qualified name',
      schema,
      language: 'sql',
      code: 'SELECT total FROM billing.invoice WHERE id = $1;',
      errors: [{ line: 1, column: 19, endColumn: 34, message: 'Table "billing.invoice" is not in the schema; did you mean "invoices"?' }],
    },
    {
      name: 'inside a subquery and a CTE body',
      schema,
      language: 'sql',
      code: 'WITH t AS (SELECT id FROM teems)\nSELECT id FROM users WHERE team_id IN (SELECT id FROM t) AND id IN (SELECT author_id FROM postz);',
      errors: [
        { line: 1, column: 27, message: 'did you mean "teams"?' },
        { line: 2, column: 91, message: 'did you mean "posts"?' },
      ],
    },
    {
      name: 'MySQL',
      schema: mysqlSchema,
      dialect: 'mysql',
      code: "const [rows] = await conn.query('SELECT id FROM product WHERE sku = ?', [sku]);",
      errors: [{ line: 1, column: 49, endColumn: 56, message: 'did you mean "products"?' }],
    },
  ],
});
