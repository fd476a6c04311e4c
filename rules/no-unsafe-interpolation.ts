import { defineRule } from '../src/core/rule.js';
import type { Hole, SqlFragment } from '../src/core/types.js';

type MessageId = 'value' | 'string' | 'identifier' | 'clause' | 'raw';

/** How each library binds a value (`{{fix}}`) and quotes a name (`{{names}}`). */
interface LibraryHelp {
  bind: (call: string, before: string, expr: string) => string;
  names: string;
}

/** Inline code for messages; a double-backtick span when the code holds a backtick (a tagged template). */
const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);
const dollar = (call: string, before: string, expr: string) => code(`${call}('${before} $1', [${expr}])`);
const question = (call: string, before: string, expr: string) => code(`${call}('${before} ?', [${expr}])`);
const tag = (call: string, before: string, expr: string) => `${code(`sql\`${before} \${${expr}}\``)} (the \`sql\` tag binds its holes; \`${call}\` does not)`;
const ALLOW_LIST = 'an allow-list (`if (!SORTABLE.has(col)) throw ...`)';

const LIBRARIES: Record<string, LibraryHelp> = {
  pg: { bind: dollar, names: "pg-format's `format('%I', name)` or `client.escapeIdentifier(name)`" },
  'pg-promise': { bind: dollar, names: "the `$1:name` filter (`db.any('SELECT $1:name FROM t', [col])`)" },
  '@vercel/postgres': { bind: dollar, names: ALLOW_LIST },
  '@neondatabase/serverless': { bind: dollar, names: ALLOW_LIST },
  mysql2: { bind: question, names: "the `??` placeholder (`pool.query('SELECT * FROM ??', [table])`)" },
  mysql: { bind: question, names: "the `??` placeholder (`connection.query('SELECT * FROM ??', [table])`)" },
  mariadb: { bind: question, names: ALLOW_LIST },
  'better-sqlite3': { bind: question, names: ALLOW_LIST },
  sqlite3: { bind: question, names: ALLOW_LIST },
  sqlite: { bind: question, names: ALLOW_LIST },
  '@libsql/client': { bind: (call, before, expr) => code(`${call}({ sql: '${before} ?', args: [${expr}] })`), names: ALLOW_LIST },
  knex: {
    bind: (call, before, expr) => code(`${knexMethod(call)}('${before} ?', [${expr}])`),
    names: "a `??` binding (`knex.raw('SELECT ?? FROM users', [col])`) or `knex.ref(col)`",
  },
  prisma: {
    bind: (call, before, expr) => `${code(`${call.replace('Unsafe', '')}\`${before} \${${expr}}\``)} (the tagged template binds its holes), or ${code(`${call}('${before} $1', ${expr})`)}`,
    names: `${ALLOW_LIST}; \`Prisma.raw()\` is only safe on constants`,
  },
  sequelize: {
    bind: (call, before, expr) => code(`${call}('${before} ?', { replacements: [${expr}] })`),
    names: '`sequelize.getQueryInterface().quoteIdentifier(name)` after an allow-list check',
  },
  postgres: { bind: tag, names: 'the `sql(name)` identifier helper inside the `sql` tag' },
  drizzle: { bind: tag, names: '`sql.identifier(name)`' },
  kysely: { bind: tag, names: '`sql.ref(name)` or `sql.table(name)`' },
  slonik: { bind: tag, names: '`sql.identifier([name])`' },
  typeorm: {
    bind: (call, before, expr) => code(`.${call.split('.').pop()}('${before} :value', { value: ${expr} })`),
    names: `${ALLOW_LIST}, then \`dataSource.driver.escape(name)\``,
  },
};

function knexMethod(api: string): string {
  const method = api.split('.').pop()!;
  return method === 'raw' ? api.replace(/\(\)/g, '') : `.${method}`;
}

function helpFor(fragment: SqlFragment): LibraryHelp {
  const known = LIBRARIES[fragment.library];
  if (known) return known;
  return { bind: fragment.dialect === 'postgresql' ? dollar : question, names: ALLOW_LIST };
}

/** A short single-line form of an expression, for messages. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

/** The last few words of SQL before the hole, as context for the rewritten call: "WHERE id =". */
function sqlBefore(sql: string, hole: Hole): string {
  const words = sql.slice(0, hole.sql.start).replace(/'%?$/, '').trim().split(/\s+/).slice(-3).join(' ');
  return `... ${words.replace(/'/g, '')}`;
}

function messageFor(fragment: SqlFragment, hole: Hole): MessageId {
  if (fragment.origin === 'tag') return 'raw';
  const before = fragment.sql.slice(0, hole.sql.start);
  // `ORDER BY ${col}`, `SELECT ${col}` read as values to the extractor but hold column names in practice.
  if (hole.role === 'identifier' || /\b(?:order\s+by|group\s+by|select(?:\s+distinct)?)\s*$/i.test(before)) return 'identifier';
  return hole.role;
}

const RAW_HELPERS: Record<string, string> = { prisma: 'Prisma.raw()', drizzle: 'sql.raw()', kysely: 'sql.raw()' };

export default defineRule({
  name: 'no-unsafe-interpolation',
  meta: {
    description: 'Disallow runtime values pasted into SQL text that the database driver does not parameterise',
    category: 'security',
    severity: 'error',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    value: {
      message: '`{{expression}}` is pasted into the SQL sent by {{api}} (SQL injection).',
      help: 'Send it as a bound parameter, which the driver keeps apart from the SQL text: {{fix}}.',
    },
    string: {
      message: '`{{expression}}` is pasted between quotes into the SQL sent by {{api}}; the quotes do not make it safe (SQL injection).',
      help: "A value containing `'` closes the string and the rest runs as SQL. Drop the quotes and bind it: {{fix}}.",
    },
    identifier: {
      message: '`{{expression}}` is pasted into the SQL sent by {{api}} as a table or column name (SQL injection).',
      help: 'Names cannot be bound as parameters. Check the value against a fixed set of names, or quote it with {{names}}.',
    },
    clause: {
      message: '`{{expression}}` is pasted into the SQL sent by {{api}} as a piece of SQL (SQL injection if any part of it comes from input).',
      help: "Build the piece from constant SQL only (`desc ? 'DESC' : 'ASC'` is read as a constant and not reported) and pass every value as a bound parameter, or compose the query with your library's SQL tag or query builder.",
    },
    raw: {
      message: '`{{expression}}` is spliced into the {{api}} query as raw SQL through {{helper}}, bypassing its parameters (SQL injection).',
      help: 'Interpolate values directly in the tag (`${value}`) so they are bound. For a column or table name, check it against a fixed set of names or use {{names}}.',
    },
  },
  options: { type: 'object', properties: {}, additionalProperties: false },
  docs: {
    rationale:
      'A value pasted into SQL text becomes SQL: a user name such as `x\' OR \'1\'=\'1` changes the query, and one such as `1; DROP TABLE users` may run a second statement. ' +
      'Every driver can send values separately from the SQL text (bound parameters, or a tagged template that binds its holes), which makes injection impossible whatever the value holds. ' +
      'sqlwarden follows each interpolated expression: constants, numeric conversions (`Number(x)`), escape calls and generated placeholder lists are safe and not reported; anything else that reaches an API that sends its text as is, is. ' +
      'Table and column names cannot be bound: they need an allow-list or the library\'s identifier helper.',
    incorrect: [
      {
        language: 'ts',
        description: 'node-postgres: a template literal is plain text by the time `pool.query` sees it.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function findByEmail(email: string) {\n  return pool.query(`SELECT id, email FROM users WHERE email = '${email}'`);\n}",
      },
      {
        language: 'ts',
        description: 'mysql2: concatenating a request parameter.',
        code: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({ uri: process.env.DATABASE_URL });\n\nexport async function getCustomer(req: { params: { id: string } }) {\n  const [rows] = await pool.query('SELECT id, email FROM customers WHERE id = ' + req.params.id);\n  return rows;\n}",
      },
      {
        language: 'ts',
        description: 'Prisma: `$queryRawUnsafe` does not bind template holes.',
        code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n\nexport async function postsBy(authorId: string) {\n  return prisma.$queryRawUnsafe(`SELECT id, title FROM posts WHERE author_id = ${authorId}`);\n}",
      },
      {
        language: 'ts',
        description: 'knex: a sort column from the query string.',
        code: "import knexFactory from 'knex';\nconst knex = knexFactory({ client: 'pg' });\n\nexport async function list(sort: string) {\n  return knex.raw(`SELECT id, name FROM products ORDER BY ${sort} LIMIT 50`);\n}",
      },
    ],
    correct: [
      {
        language: 'ts',
        description: 'A bound parameter.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function findByEmail(email: string) {\n  return pool.query('SELECT id, email FROM users WHERE email = $1', [email]);\n}",
      },
      {
        language: 'ts',
        description: 'Tagged templates bind their holes.',
        code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n\nexport async function postsBy(authorId: string) {\n  return prisma.$queryRaw`SELECT id, title FROM posts WHERE author_id = ${authorId}`;\n}",
      },
      {
        language: 'ts',
        description: 'Constants, numeric conversions and generated placeholder lists cannot inject SQL.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\nconst TABLE = 'users';\n\nexport async function byIds(ids: string[], limit: string) {\n  const list = ids.map((_, i) => `$${i + 1}`).join(', ');\n  return pool.query(`SELECT id FROM ${TABLE} WHERE id IN (${list}) LIMIT ${Number(limit)}`, ids);\n}",
      },
      {
        language: 'ts',
        description: "An identifier helper quotes a name; the library's tag binds the value.",
        code: "import { sql } from 'slonik';\n\nexport function countWhere(table: string, status: string) {\n  return sql.unsafe`SELECT count(*) FROM ${sql.identifier([table])} WHERE status = ${status}`;\n}",
      },
    ],
    whenNotToUse:
      'Scripts whose SQL is assembled only from trusted, developer-controlled input (a migration generator, a one-off admin CLI). Even there, prefer binding values and suppress single lines with a reason.',
  },
  visit: {
    query(_query, ctx) {
      const fragment = ctx.fragment;
      if (fragment.origin !== 'call' && fragment.origin !== 'tag') return;
      for (const hole of fragment.holes) {
        if (hole.kind !== 'unknown' || hole.safe) continue;
        const messageId = messageFor(fragment, hole);
        const library = helpFor(fragment);
        const expression = shorten(hole.expression);
        const data = {
          expression,
          api: fragment.api,
          fix: library.bind(fragment.api, sqlBefore(fragment.sql, hole), expression),
          names: library.names,
          helper: RAW_HELPERS[fragment.library] ?? 'a raw-SQL helper',
        };
        if (hole.sql.start === hole.sql.end && hole.source === 0) {
          // An empty stand-in has no SQL offset inside the hole: point at the expression directly.
          ctx.reportFile({ messageId, range: hole.file, data });
        } else {
          ctx.report({ messageId, span: hole.sql, data });
        }
      }
    },
  },
});
