import picomatch from 'picomatch';
import { type QueryContext, defineRule } from '../src/core/rule.js';
import type { DropStatement } from '../src/parse/model.js';

interface Options {
  allow: string[];
}

type MessageId = 'drop' | 'truncate' | 'dropColumn';
type Context = QueryContext<Options, MessageId>;

const DEFAULT_ALLOW = ['**/*.{test,spec}.{ts,tsx,js,jsx,mjs,cjs,mts,cts}', '**/{__tests__,test,tests,spec,e2e}/**', '**/{seed,seeds}/**', '**/*.seed.*'];
const DESTRUCTIVE_DROPS = new Set(['TABLE', 'DATABASE', 'SCHEMA']);
const NOUNS: Record<string, string> = { TABLE: 'table and all its rows', DATABASE: 'database and everything in it', SCHEMA: 'schema and every object in it' };
const TEMP_NAME = /^(?:tmp|temp)_/i;
const TEMP_CREATE = /^\s*create\s+(?:(?:global|local)\s+)?temp(?:orary)?\s+table\b/i;

const matchers = new Map<string, picomatch.Matcher>();

/** Migrations change schemas on purpose; tests and seeds reset data on purpose. */
function isExempt(ctx: Context): boolean {
  if (ctx.isMigration) return true;
  const key = JSON.stringify(ctx.options.allow);
  let match = matchers.get(key);
  if (!match) matchers.set(key, (match = picomatch(ctx.options.allow, { dot: true })));
  return match(ctx.fragment.file);
}

/** Scratch tables: named tmp_/temp_, or created as TEMP tables in the same SQL. */
function isScratchTable(name: string, ctx: Context): boolean {
  const bare = name.split('.').pop()!;
  if (TEMP_NAME.test(bare)) return true;
  return ctx.query.statements.some(
    (s) => s.kind === 'create-table' && s.table.name.toLowerCase() === bare.toLowerCase() && TEMP_CREATE.test(ctx.fragment.sql.slice(s.span.start, s.span.end)),
  );
}

function quoted(names: string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/** Where the last dropped name ends in `DROP TABLE [IF EXISTS] a, "b"`, quoted or not; undefined if not found. */
function nameEnd(sql: string, stmt: DropStatement, name: string): number | undefined {
  const text = sql.slice(stmt.span.start, stmt.span.end);
  const keywords = new RegExp(`^drop\\s+${stmt.objectType}\\s+(?:if\\s+exists\\s+)?`, 'i').exec(text);
  const part = (p: string) => `["\`[]?${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["\`\\]]?`;
  const pattern = new RegExp(`(?<![\\w$])${name.split('.').map(part).join('\\s*\\.\\s*')}(?![\\w$])`, 'g');
  pattern.lastIndex = keywords?.[0].length ?? 0;
  const m = pattern.exec(text);
  return m ? stmt.span.start + m.index + m[0].length : undefined;
}

export default defineRule<Options, MessageId>({
  name: 'no-destructive-statement',
  meta: {
    description: 'Disallow DROP TABLE/DATABASE/SCHEMA, TRUNCATE and DROP COLUMN outside migrations',
    category: 'data-loss',
    severity: 'error',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    drop: {
      message: 'DROP {{type}} {{names}} deletes the {{noun}}, outside a migration.',
      help:
        'Move it into a reviewed migration (e.g. `migrations/20240611_drop_{{bare}}.sql` holding `DROP {{type}} {{first}};`) so it runs once, in order, after a backup. ' +
        'For scratch data use `CREATE TEMP TABLE` or a `tmp_` name; for test or seed code, add its path to the `allow` option.',
    },
    truncate: {
      message: 'TRUNCATE {{names}} deletes every row, outside a migration.',
      help:
        'Delete only what you mean to (`DELETE FROM {{first}} WHERE created_at < now() - interval \'30 days\'`), or move the TRUNCATE into a reviewed migration. ' +
        'For scratch data use `CREATE TEMP TABLE` or a `tmp_` name; for test or seed code, add its path to the `allow` option.',
    },
    dropColumn: {
      message: 'ALTER TABLE {{table}} DROP COLUMN {{names}} deletes the column and its data, outside a migration.',
      help:
        'Drop columns in two steps (expand/contract): first deploy code that no longer reads or writes `{{first}}`, then drop it in a reviewed migration, ' +
        'e.g. `migrations/20240611_drop_{{table}}_{{first}}.sql` holding `ALTER TABLE {{table}} DROP COLUMN {{first}};`.',
    },
  },
  options: {
    type: 'object',
    properties: {
      allow: {
        type: 'array',
        items: { type: 'string' },
        description:
          'Globs (matched against the path relative to the working directory) of files where destructive statements are expected, such as tests that TRUNCATE between cases and seed scripts. Migration files (the `migrations` config globs) are always allowed.',
        default: DEFAULT_ALLOW,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'DROP and TRUNCATE cannot be undone by the application and, in most databases, not by a transaction rollback once committed: the data is gone until a backup is restored. ' +
      'In a migration such a statement is reviewed, ordered and run once; anywhere else it runs whenever the code path is reached, against whichever database the process is connected to. ' +
      'Dropping a column while deployed code still reads it breaks that code, so columns are removed in two steps (expand/contract). ' +
      'Scratch tables (`tmp_`/`temp_` names or `CREATE TEMP TABLE`), DROP INDEX, DROP VIEW and DROP CONSTRAINT are not reported.',
    incorrect: [
      {
        language: 'ts',
        description: 'A reset endpoint in application code.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function resetCarts() {\n  await pool.query('TRUNCATE carts, cart_items');\n}",
      },
      {
        language: 'ts',
        description: 'A column dropped from a service.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function cleanup() {\n  await pool.query('ALTER TABLE users DROP COLUMN legacy_password');\n}",
      },
      {
        language: 'sql',
        filename: 'scripts/cleanup.sql',
        description: 'A maintenance script outside the migrations folder.',
        code: 'DROP TABLE IF EXISTS orders_2019;',
      },
    ],
    correct: [
      {
        language: 'sql',
        filename: 'migrations/20240611_drop_orders_2019.sql',
        description: 'The same statement in a migration.',
        code: 'DROP TABLE IF EXISTS orders_2019;',
      },
      {
        language: 'ts',
        filename: 'test/orders.test.ts',
        description: 'Tests reset tables between cases.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function reset() {\n  await pool.query('TRUNCATE orders, order_items RESTART IDENTITY');\n}",
      },
      {
        language: 'ts',
        description: 'A scratch table of an import job.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function finishImport() {\n  await pool.query('DROP TABLE IF EXISTS tmp_product_import');\n}",
      },
      {
        language: 'ts',
        description: 'Indexes, views and constraints can be rebuilt from the schema.',
        code: "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function rebuild() {\n  await pool.query('DROP INDEX IF EXISTS idx_orders_status');\n  await pool.query('DROP VIEW IF EXISTS open_orders');\n}",
      },
    ],
    whenNotToUse:
      'Projects whose schema changes live in application code on purpose (an admin tool that manages tenant schemas). Prefer adding those paths to `allow`, or the `migrations` config globs, over turning the rule off.',
  },
  visit: {
    drop(stmt, ctx) {
      if (!DESTRUCTIVE_DROPS.has(stmt.objectType) || isExempt(ctx)) return;
      const sql = ctx.fragment.sql;
      if (/^\s*drop\s+temporary\b/i.test(sql.slice(stmt.span.start, stmt.span.end))) return;
      const names = stmt.objectType === 'TABLE' ? stmt.names.filter((n) => !isScratchTable(n, ctx)) : stmt.names;
      if (names.length === 0) return;
      const end = nameEnd(sql, stmt, names[names.length - 1]!) ?? stmt.span.end;
      ctx.report({
        messageId: 'drop',
        span: { start: stmt.span.start, end },
        data: { type: stmt.objectType, names: quoted(names), first: names[0]!, bare: names[0]!.split('.').pop()!, noun: NOUNS[stmt.objectType]! },
        evidence: 'syntax',
      });
    },
    truncate(stmt, ctx) {
      if (isExempt(ctx)) return;
      const tables = stmt.tables.filter((t) => !isScratchTable(t.name, ctx));
      if (tables.length === 0) return;
      const names = tables.map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name));
      ctx.report({
        messageId: 'truncate',
        span: { start: stmt.span.start, end: tables[tables.length - 1]!.span.end },
        data: { names: quoted(names), first: names[0]! },
        evidence: 'syntax',
      });
    },
    'alter-table'(stmt, ctx) {
      const drops = stmt.actions.flatMap((a) => (a.kind === 'drop-column' ? [a] : []));
      if (drops.length === 0 || isScratchTable(stmt.table.name, ctx) || isExempt(ctx)) return;
      const columns = drops.map((d) => d.column);
      ctx.report({
        messageId: 'dropColumn',
        span: { start: stmt.span.start, end: drops[drops.length - 1]!.span.end },
        data: { table: stmt.table.name, names: quoted(columns), first: columns[0]! },
        evidence: 'syntax',
      });
    },
  },
});
