import { NO_OPTIONS, defineRule } from '../src/core/rule.js';
import { closestName } from '../src/schema/suggest.js';
import { catalogFor, tableNameSpan } from '../src/schema/rule-support.js';
import { walkScopes } from '../src/schema/scope.js';

const SCHEMA = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text);
CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL REFERENCES users (id), title text NOT NULL);`;

export default defineRule<Record<string, never>, 'unknownTable'>({
  name: 'unknown-table',
  meta: {
    description: 'Report tables that the database schema does not have',
    category: 'schema',
    severity: 'error',
    recommended: true,
    fixable: false,
    dialects: 'all',
    requiresSchema: true,
  },
  messages: {
    unknownTable: {
      message: 'Table "{{name}}" is not in the schema{{didYouMean}}',
      help: '{{fix}}; if the table was created since, update the schema sqlwarden reads (config `schema`, migrations or a snapshot).',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      'A query that names a table the database does not have fails on every call, and usually only in the code path nobody ran before release. ' +
      'With a schema (a DDL file, migrations, schema.prisma, a live database or a snapshot) sqlwarden checks every table in FROM, JOIN, INSERT, UPDATE and DELETE and suggests the closest existing name. ' +
      'CTE names, subquery aliases, set-returning functions, system tables (`information_schema`, `pg_catalog`), tables the same SQL creates and names filled in at run time are not reported. ' +
      'Migration files are skipped: they describe the schema\'s history, not its current state. Without a schema the rule is silent.',
    incorrect: [
      {
        language: 'ts',
        schema: SCHEMA,
        code: "const { rows } = await pool.query('SELECT id, title FROM post WHERE id = $1', [id]);",
        description: 'A singular table name where the schema has `posts`.',
      },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'SELECT p.id, u.email FROM posts p JOIN usres u ON u.id = p.author_id WHERE p.id = $1;',
        description: 'A typo in a join.',
      },
      { language: 'sql', schema: SCHEMA, code: 'INSERT INTO comments (post_id, body) VALUES ($1, $2);', description: 'A table that was never created.' },
    ],
    correct: [
      { language: 'ts', schema: SCHEMA, code: "await pool.query('SELECT id, email FROM users WHERE id = $1', [id]);" },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'WITH recent AS (SELECT id, author_id FROM posts ORDER BY id DESC LIMIT 10)\nSELECT r.id, u.email FROM recent r JOIN users u ON u.id = r.author_id;',
        description: 'A CTE is a table the query defines.',
      },
      { language: 'sql', schema: SCHEMA, code: 'SELECT table_name FROM information_schema.tables WHERE table_schema = $1;', description: 'System catalogs.' },
      { language: 'ts', schema: SCHEMA, code: 'await db.query(sql`SELECT id FROM ${sql.identifier(table)} WHERE id = ${id}`);', description: 'A table name chosen at run time cannot be checked.' },
    ],
    whenNotToUse: 'When the schema sqlwarden reads is incomplete (tables created outside migrations, other databases on the same connection); point `schema` at a complete source instead, or suppress the line.',
  },
  visit: {
    query(query, ctx) {
      const catalog = catalogFor(ctx, query, ['statement', 'from', 'join']);
      if (!catalog) return;
      const sql = ctx.fragment.sql;
      const names = catalog.tables.map((t) => t.name);
      const seen = new Set<number>();
      walkScopes(query, catalog, (_stmt, scope) => {
        for (const source of scope.sources) {
          if (source.kind !== 'missing' || !source.ref || seen.has(source.ref.span.start)) continue;
          seen.add(source.ref.span.start);
          const ref = source.ref;
          const suggestion = closestName(ref.name, names);
          // A schema pieced together from the DDL sqlwarden happened to find may lack tables
          // created elsewhere; there only a near miss (a likely typo) is worth reporting.
          if (catalog.inferred && !suggestion) continue;
          ctx.report({
            messageId: 'unknownTable',
            span: tableNameSpan(sql, ref),
            data: {
              name: ref.schema ? `${ref.schema}.${ref.name}` : ref.name,
              didYouMean: suggestion ? `; did you mean "${suggestion}"?` : '',
              fix: suggestion ? `Use "${suggestion}" if that is the table meant` : 'Check the table name',
            },
            evidence: 'schema',
          });
        }
      });
    },
  },
});
