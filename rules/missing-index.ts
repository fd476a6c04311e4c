import { defineRule } from '../src/core/rule.js';
import { analyseAccess } from '../src/schema/access.js';
import { adviseIndex } from '../src/schema/index-advice.js';
import { orderServingIndex, servingIndex } from '../src/schema/indexes.js';
import { displayName } from '../src/schema/names.js';
import { catalogFor, formatCount, mayHideClausesOrNames } from '../src/schema/rule-support.js';
import { walkScopes } from '../src/schema/scope.js';

interface Options {
  minRows: number;
}

const SCHEMA = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, team_id bigint, deleted_at timestamptz);
CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL REFERENCES users (id), status text NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX posts_status_created_at_idx ON posts (status, created_at);
CREATE INDEX users_lower_email_idx ON users (lower(email));
CREATE INDEX users_team_live_idx ON users (team_id) WHERE deleted_at IS NULL;`;

export default defineRule<Options, 'missingIndex'>({
  name: 'missing-index',
  meta: {
    description: 'Report WHERE, JOIN and ORDER BY ... LIMIT lookups that no index of the schema can serve',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
    requiresSchema: true,
  },
  messages: {
    missingIndex: {
      message: 'No index on "{{table}}" serves {{predicate}}',
      help: 'Without an index on {{columns}} the database reads {{rows}} to find the matching rows. Add one: {{ddl}}',
    },
  },
  options: {
    type: 'object',
    properties: {
      minRows: {
        type: 'integer',
        minimum: 0,
        description: 'Tables the schema source says hold fewer rows than this are not reported (a scan of a small table is cheap). Applies only when the catalog has a row count.',
        default: 10000,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'A lookup by a column no index covers makes the database read the whole table for every call. It is fast in development, where the table has a hundred rows, and it is the query that saturates the database once the table has millions. ' +
      'With a schema, sqlwarden checks the equality, IN and range conditions of WHERE and JOIN ... ON (a join column counts once the other side of the join is narrowed) and ORDER BY ... LIMIT, and reports a table when no index can serve any of them. ' +
      'An index serves a condition on its leading column, or on a later column when equality binds every column before it; primary keys and unique constraints count; an expression index serves the same expression (`lower(email)`); a partial index counts only when the query repeats its WHERE. ' +
      'Each table is reported once per query, with the CREATE INDEX that would serve it. Tables the catalog knows to be small (`minRows`) are skipped; a table with no condition at all is large-table-scan\'s business, and conditions that wrap the column in a function are no-non-sargable-predicate\'s.',
    incorrect: [
      {
        language: 'ts',
        schema: SCHEMA,
        code: "const { rows } = await pool.query('SELECT id, status FROM posts WHERE author_id = $1', [authorId]);",
        description: 'The classic: a foreign key column without an index.',
      },
      {
        language: 'sql',
        schema: SCHEMA,
        code: "SELECT id FROM posts WHERE created_at > now() - interval '1 day';",
        description: 'The composite index starts with `status`, so a range on `created_at` alone cannot use it.',
      },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'SELECT id, email FROM users WHERE team_id = $1;',
        description: 'The partial index only covers rows WHERE deleted_at IS NULL, and the query does not say so.',
      },
    ],
    correct: [
      { language: 'ts', schema: SCHEMA, code: "await pool.query('SELECT id FROM posts WHERE status = $1 AND created_at > $2', [status, since]);", description: 'The composite index serves both columns.' },
      { language: 'sql', schema: SCHEMA, code: 'SELECT id FROM users WHERE lower(email) = lower($1);', description: 'An expression index on the same expression.' },
      { language: 'sql', schema: SCHEMA, code: 'SELECT id FROM users WHERE team_id = $1 AND deleted_at IS NULL;', description: 'The query repeats the partial index\'s condition.' },
      {
        language: 'sql',
        schema: `${SCHEMA}\n-- sqlwarden-rows: posts=800`,
        code: 'SELECT id FROM posts WHERE author_id = $1;',
        description: 'A table the schema source says is small.',
      },
    ],
    whenNotToUse: 'When the schema sqlwarden reads lacks indexes the database has (indexes created by hand); read the schema from the live database or a snapshot instead.',
  },
  visit: {
    query(query, ctx) {
      const catalog = catalogFor(ctx, query);
      if (!catalog || mayHideClausesOrNames(ctx.fragment)) return;
      const sql = ctx.fragment.sql;
      const reported = new Set<string>();
      walkScopes(query, catalog, (stmt, scope) => {
        for (const access of analyseAccess(stmt, scope, sql)) {
          const table = access.table;
          if (table.kind === 'view' || access.undecidable) continue;
          if (table.rowCount !== undefined && table.rowCount < ctx.options.minRows) continue;
          // Only judge a table some condition narrows; an unfiltered read is large-table-scan's business.
          const plain = access.candidates.filter((c) => c.column !== undefined);
          if (plain.length === 0 && !(access.filtered && access.order)) continue;
          if (access.candidates.some((c) => c.expression !== undefined) && plain.length === 0) continue;
          if (servingIndex(table, access.candidates, access.conjunctKeys)) continue;
          if (access.order && orderServingIndex(table, access.order.columns, access.candidates, access.conjunctKeys)) continue;
          const advice = adviseIndex(access, ctx.fragment.dialect);
          if (!advice) continue;
          const key = `${displayName(table)}\u0000${advice.columns.join(',')}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const text = sql.slice(advice.anchor.start, advice.anchor.end).replace(/\s+/g, ' ');
          ctx.report({
            messageId: 'missingIndex',
            span: advice.anchor,
            data: {
              table: displayName(table),
              predicate: advice.predicate ? (text.length > 60 ? `${text.slice(0, 57)}...` : text) : `ORDER BY ${access.order!.columns.join(', ')} with LIMIT`,
              columns: advice.columns.join(', '),
              rows: table.rowCount !== undefined ? `all ${formatCount(table.rowCount)} rows of ${displayName(table)}` : `every row of ${displayName(table)}`,
              ddl: advice.ddl,
            },
            evidence: 'schema',
          });
        }
      });
    },
  },
});
