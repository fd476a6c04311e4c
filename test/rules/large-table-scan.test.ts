import { describe, expect, it } from 'vitest';
import { findingsOf, ruleTester } from './harness.js';

const schema = `CREATE TABLE accounts (id bigserial PRIMARY KEY, name text NOT NULL, plan text);
CREATE TABLE events (id bigserial PRIMARY KEY, account_id bigint NOT NULL, kind text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE audit (id bigserial PRIMARY KEY, note text);
CREATE INDEX events_account_id_idx ON events (account_id);
CREATE INDEX events_kind_created_idx ON events (kind, created_at) WHERE kind <> 'debug';
-- sqlwarden-rows: events=25000000, accounts=50000`;

const mysqlSchema = `CREATE TABLE page_views (id bigint AUTO_INCREMENT PRIMARY KEY, url varchar(255), viewed_at datetime, KEY page_views_viewed_idx (viewed_at));
-- sqlwarden-rows: page_views=90000000`;

ruleTester('large-table-scan', {
  valid: [
    { name: 'an indexed lookup', schema, code: "await pool.query('SELECT id, kind FROM events WHERE account_id = $1', [accountId]);" },
    { name: 'primary key', schema, language: 'sql', code: 'SELECT * FROM events WHERE id = $1;' },
    { name: 'LIMIT without ORDER BY stops early', schema, language: 'sql', code: 'SELECT id FROM events LIMIT 10;' },
    { name: 'ORDER BY an indexed key, after an equality, with LIMIT', schema, language: 'sql', code: "SELECT id FROM events WHERE kind = 'signup' AND kind <> 'debug' ORDER BY created_at DESC LIMIT 20;" },
    { name: 'a join driven by an indexed key', schema, language: 'sql', code: 'SELECT e.id FROM accounts a JOIN events e ON e.account_id = a.id WHERE a.id = $1;' },
    { name: 'a correlated EXISTS on an indexed key', schema, language: 'sql', code: 'SELECT a.id FROM accounts a WHERE a.id = $1 AND EXISTS (SELECT 1 FROM events e WHERE e.account_id = a.id);' },
    { name: 'small tables', schema, language: 'sql', code: 'SELECT count(*) FROM accounts;' },
    { name: 'no row count for the table', schema, language: 'sql', code: 'SELECT count(*) FROM audit;' },
    { name: 'minRows above the table size', schema, options: { minRows: 100000000 }, language: 'sql', code: 'SELECT count(*) FROM events;' },
    { name: 'OR across columns is not judged', schema, language: 'sql', code: 'SELECT id FROM events WHERE account_id = $1 OR kind = $2;' },
    { name: 'no schema: silent', code: "await pool.query('SELECT count(*) FROM events');" },
    { name: 'a WHERE filled in at run time', schema, code: 'await pool.query(`SELECT id FROM events ${where}`, params);' },
    { name: 'MySQL range on an indexed column', schema: mysqlSchema, dialect: 'mysql', code: "await conn.query('SELECT url FROM page_views WHERE viewed_at > ?', [since]);" },
  ],
  invalid: [
    {
      name: 'a count over the whole table',
      schema,
      code: "const { rows } = await pool.query('SELECT count(*) FROM events');",
      errors: [{ messageId: 'largeTableScan', line: 1, column: 57, endColumn: 63, message: 'Reads every row of "events" (about 25,000,000 rows): no WHERE or JOIN condition narrows it' }],
    },
    {
      name: 'a condition no index serves',
      schema,
      language: 'sql',
      code: 'SELECT id FROM events e WHERE e.created_at > $1;',
      errors: [{ line: 1, column: 16, endColumn: 22, message: 'no index serves e.created_at > $1' }],
    },
    {
      name: 'ORDER BY ... LIMIT without an index in that order',
      schema,
      language: 'sql',
      code: 'SELECT id, kind\n  FROM events\n ORDER BY created_at DESC\n LIMIT 20;',
      errors: [{ line: 2, column: 8, endColumn: 14, message: 'ORDER BY created_at ... LIMIT sorts every row first' }],
    },
    {
      name: 'a partial index the query does not imply',
      schema,
      language: 'sql',
      code: 'SELECT id FROM events WHERE kind = $1;',
      errors: [{ line: 1, column: 16, message: 'no index serves kind = $1' }],
    },
    {
      name: 'conditions that cannot use an index',
      schema,
      language: 'sql',
      code: "SELECT id FROM events WHERE kind NOT LIKE '%debug%';",
      errors: [{ line: 1, column: 16, message: 'its conditions cannot use an index' }],
    },
    {
      name: 'UPDATE of every row, and a subquery in FROM',
      schema,
      language: 'sql',
      code: "UPDATE events SET kind = 'x';\nSELECT * FROM (SELECT kind, count(*) AS n FROM events GROUP BY kind) t;",
      errors: [
        { line: 1, column: 8, endColumn: 14 },
        { line: 2, column: 48, endColumn: 54 },
      ],
    },
    {
      name: 'a join on a column without an index',
      schema,
      language: 'sql',
      code: 'SELECT e.id FROM accounts a JOIN events e ON e.kind = a.plan WHERE a.id = $1;',
      errors: [{ line: 1, column: 34, message: 'no index serves e.kind = a.plan' }],
    },
    {
      name: 'MySQL',
      schema: mysqlSchema,
      dialect: 'mysql',
      code: "await conn.query('SELECT count(*) FROM page_views WHERE url LIKE ?', [pattern]);",
      errors: [{ line: 1, column: 40, endColumn: 50, message: '"page_views" (about 90,000,000 rows)' }],
    },
  ],
});

describe('large-table-scan help', () => {
  it('suggests the index for an unserved condition', async () => {
    const [d] = await findingsOf('large-table-scan', { schema, language: 'sql', code: 'SELECT id FROM events WHERE created_at > $1;' });
    expect(d?.help).toBe('Add an index the condition can use: CREATE INDEX CONCURRENTLY idx_events_created_at ON events (created_at); (Row counts come from the schema source; tables under 1,000,000 rows are not reported.)');
    expect(d?.evidence).toBe('schema');
  });
});
