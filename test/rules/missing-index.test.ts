import { describe, expect, it } from 'vitest';
import { type Case, findingsOf, ruleTester } from './harness.js';

const schema = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, team_id bigint, deleted_at timestamptz);
CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL, status text NOT NULL, title text, created_at timestamptz NOT NULL);
CREATE TABLE comments (id bigserial PRIMARY KEY, post_id bigint NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
CREATE INDEX posts_status_created_at_idx ON posts (status, created_at);
CREATE INDEX users_lower_email_idx ON users (lower(email));
CREATE INDEX users_team_live_idx ON users (team_id) WHERE deleted_at IS NULL;
-- sqlwarden-rows: countries=250`;

const mysqlSchema = `CREATE TABLE orders (id bigint AUTO_INCREMENT PRIMARY KEY, customer_id bigint NOT NULL, status varchar(20), KEY orders_status_idx (status));`;

ruleTester('missing-index', {
  valid: [
    { name: 'primary key', schema, code: "await pool.query('SELECT * FROM posts WHERE id = $1', [id]);" },
    { name: 'unique constraint', schema, language: 'sql', code: 'SELECT id FROM users WHERE email = $1;' },
    { name: 'both keys of a composite index', schema, language: 'sql', code: 'SELECT id FROM posts WHERE status = $1 AND created_at >= $2;' },
    { name: 'the leading key of a composite index', schema, language: 'sql', code: 'SELECT id FROM posts WHERE status IN ($1, $2);' },
    { name: 'ORDER BY ... LIMIT on the key after an equality', schema, language: 'sql', code: 'SELECT id FROM posts WHERE status = $1 ORDER BY created_at DESC LIMIT 20;' },
    { name: 'expression index', schema, language: 'sql', code: 'SELECT id FROM users WHERE LOWER( "email" ) = lower($1);' },
    { name: 'partial index whose predicate the query repeats', schema, language: 'sql', code: 'SELECT id FROM users u WHERE u.team_id = $1 AND u.deleted_at IS NULL;' },
    { name: 'join through primary keys', schema, language: 'sql', code: 'SELECT p.title, u.email FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1;' },
    { name: 'join with no filter on either side (a hash join reads both anyway)', schema, language: 'sql', code: 'SELECT c.body, p.title FROM comments c JOIN posts p ON p.id = c.post_id;' },
    { name: 'no condition at all is large-table-scan\'s business', schema, language: 'sql', code: 'SELECT id FROM comments;' },
    { name: 'OR across columns is not judged', schema, language: 'sql', code: 'SELECT id FROM posts WHERE author_id = $1 OR title = $2;' },
    { name: 'a function around the column is no-non-sargable-predicate\'s business', schema, language: 'sql', code: 'SELECT id FROM comments WHERE date(created_at) = $1;' },
    { name: 'small table by row count', schema, language: 'sql', code: 'SELECT code FROM countries WHERE name = $1;' },
    { name: 'minRows raised above the table size', schema: `${schema}\n-- sqlwarden-rows: comments=50000`, options: { minRows: 100000 }, language: 'sql', code: 'SELECT id FROM comments WHERE post_id = $1;' },
    { name: 'unknown tables are unknown-table\'s business', schema, language: 'sql', code: 'SELECT id FROM reactions WHERE post_id = $1;' },
    { name: 'no schema: silent', code: "await pool.query('SELECT id FROM comments WHERE post_id = $1', [id]);" },
    { name: 'conditions composed at run time', schema, code: 'await pool.query(`SELECT id FROM comments WHERE post_id = $1 ${extra}`, params);' },
    { name: 'MySQL secondary index', schema: mysqlSchema, dialect: 'mysql', code: "await conn.query('SELECT id FROM orders WHERE status = ?', [status]);" },
  ],
  invalid: [
    {
      name: 'an unindexed foreign key column',
      schema,
      code: "await pool.query('SELECT id, title FROM posts WHERE author_id = $1', [authorId]);",
      errors: [
        {
          messageId: 'missingIndex',
          line: 1,
          column: 53,
          endColumn: 67,
          message: 'No index on "posts" serves author_id = $1',
        },
      ],
    },
    {
      name: 'a range on the second key of a composite index only',
      schema,
      language: 'sql',
      code: 'SELECT id FROM posts WHERE created_at > $1;',
      errors: [{ line: 1, column: 28, endColumn: 43, message: 'serves created_at > $1' }],
    },
    {
      name: 'a partial index the query does not repeat',
      schema,
      language: 'sql',
      code: 'SELECT id FROM users WHERE team_id = $1;',
      errors: [{ line: 1, column: 28, endColumn: 40, message: 'No index on "users" serves team_id = $1' }],
    },
    {
      name: 'the inner side of a join',
      schema,
      language: 'sql',
      code: 'SELECT c.body\n  FROM posts p\n  JOIN comments c ON c.post_id = p.id\n WHERE p.id = $1;',
      errors: [{ line: 3, column: 22, endColumn: 38, message: 'No index on "comments" serves c.post_id = p.id' }],
    },
    {
      name: 'a correlated subquery, once per table with the best composite',
      schema,
      language: 'sql',
      code: 'SELECT id FROM posts p WHERE EXISTS (SELECT 1 FROM comments c WHERE c.post_id = p.id AND c.created_at > $1);',
      errors: [{ line: 1, column: 69, message: 'No index on "comments" serves c.post_id = p.id' }],
    },
    {
      name: 'equality, IN and OR on one column, in UPDATE and DELETE',
      schema,
      language: 'sql',
      code: 'UPDATE posts SET title = $1 WHERE author_id IN (1, 2);\nDELETE FROM comments WHERE post_id = 1 OR post_id = 2;',
      errors: [
        { line: 1, column: 35, message: '"posts" serves author_id IN (1, 2)' },
        { line: 2, column: 28, message: '"comments" serves post_id = 1 OR post_id = 2' },
      ],
    },
    {
      name: 'MySQL: plain CREATE INDEX in the help',
      schema: mysqlSchema,
      dialect: 'mysql',
      code: "await conn.query('SELECT id FROM orders WHERE customer_id = ?', [id]);",
      errors: [{ line: 1, column: 47, endColumn: 62, message: 'No index on "orders" serves customer_id = ?' }],
    },
    {
      name: 'a filtered ORDER BY ... LIMIT',
      schema,
      language: 'sql',
      code: "SELECT id FROM comments WHERE body <> '' ORDER BY created_at DESC LIMIT 10;",
      errors: [{ line: 1, column: 51, message: 'serves ORDER BY created_at with LIMIT' }],
    },
  ],
});

describe('missing-index help', () => {
  const help = async (c: Case) => (await findingsOf('missing-index', c)).map((d) => d.help);
  it('gives the exact CREATE INDEX, CONCURRENTLY on PostgreSQL', async () => {
    expect(await help({ schema, language: 'sql', code: 'SELECT id FROM posts WHERE author_id = $1;' })).toEqual([
      'Without an index on author_id the database reads every row of posts to find the matching rows. Add one: CREATE INDEX CONCURRENTLY idx_posts_author_id ON posts (author_id);',
    ]);
  });
  it('orders equality columns before a range, and says the table size when known', async () => {
    const sized = `${schema}\n-- sqlwarden-rows: comments=1234567`;
    expect(await help({ schema: sized, language: 'sql', code: 'SELECT id FROM comments WHERE created_at > $1 AND post_id = $2;' })).toEqual([
      'Without an index on post_id, created_at the database reads all 1,234,567 rows of comments to find the matching rows. Add one: CREATE INDEX CONCURRENTLY idx_comments_post_id_created_at ON comments (post_id, created_at);',
    ]);
  });
  it('uses plain CREATE INDEX elsewhere and quotes mixed-case names', async () => {
    expect(await help({ schema: mysqlSchema, dialect: 'mysql', language: 'sql', code: 'SELECT id FROM orders WHERE customer_id = ?;' })).toEqual([
      'Without an index on customer_id the database reads every row of orders to find the matching rows. Add one: CREATE INDEX idx_orders_customer_id ON orders (customer_id);',
    ]);
    const typeorm = 'CREATE TABLE "posts" ("id" SERIAL PRIMARY KEY, "authorId" integer NOT NULL);';
    expect((await help({ schema: typeorm, language: 'sql', code: 'SELECT id FROM posts WHERE "authorId" = $1;' }))[0]).toContain('CREATE INDEX CONCURRENTLY idx_posts_authorid ON posts ("authorId");');
  });
});
