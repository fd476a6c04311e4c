/**
 * The detector table: every way application code hands SQL to a database that
 * sqlwarden understands, as data. Extraction matches calls and tagged templates
 * against these rows; users add rows through the `detectors` config key.
 *
 * Callee shapes: `name` is a bare function; `obj.name` matches a member call
 * whose receiver's last name is `obj`, and `*` matches any receiver.
 */
import type { Dialect, FragmentContext } from '../core/types.js';

export interface CallDetector {
  kind: 'call';
  callee: string;
  /** Which argument holds the SQL. */
  arg: number;
  library: string;
  dialect?: Dialect;
  /** The API sends separate values as bound parameters (template holes are still pasted). */
  parameterises: boolean;
  /** Generic shapes (`*.query`, `*.get`) fire only when the argument looks like SQL. */
  requireSqlShape: boolean;
  /** What the SQL text is; statements by default. */
  context?: FragmentContext;
  /** Also accept `{ text: '...' }` / `{ sql: '...' }` config objects (pg, mysql2). */
  objectKeys?: string[];
}

export interface TagDetector {
  kind: 'tag';
  /** `sql`, `sql.fragment`, `sql.typeAlias()` (a call result as the tag), `*.$queryRaw`. */
  tag: string;
  library: string;
  dialect?: Dialect;
  parameterises: boolean;
  /** A composable piece, not sent by itself (Prisma.sql, sql.fragment). */
  fragment?: boolean;
}

export type Detector = CallDetector | TagDetector;

/** Placeholder-only libraries share these callee rows; the library is refined from imports. */
const generic = (callee: string, library: string, extra: Partial<CallDetector> = {}): CallDetector => ({
  kind: 'call',
  callee,
  arg: 0,
  library,
  parameterises: true,
  requireSqlShape: true,
  ...extra,
});

const knexPiece = (callee: string, context: FragmentContext): CallDetector => ({
  kind: 'call',
  callee,
  arg: 0,
  library: 'knex',
  parameterises: true,
  requireSqlShape: false,
  context,
});

export const BUILTIN_DETECTORS: readonly Detector[] = [
  // node-postgres, mysql2, TypeORM DataSource/EntityManager/QueryRunner, Sequelize, @vercel/postgres sql.query
  generic('*.query', 'driver', { objectKeys: ['text', 'sql'] }),
  generic('query', 'driver', { objectKeys: ['text', 'sql'] }),
  // mysql2 execute (prepared statements)
  generic('*.execute', 'mysql2', { objectKeys: ['sql'] }),
  // better-sqlite3 and sqlite3 / sqlite
  generic('*.prepare', 'sqlite'),
  generic('*.exec', 'sqlite'),
  generic('*.run', 'sqlite'),
  generic('*.get', 'sqlite'),
  generic('*.all', 'sqlite'),
  generic('*.each', 'sqlite'),
  // pg-promise
  ...['any', 'one', 'none', 'many', 'oneOrNone', 'manyOrNone', 'result', 'multi', 'multiResult', 'map', 'stream'].map((m) =>
    generic(`*.${m}`, 'pg-promise', { dialect: 'postgresql' }),
  ),
  // knex
  { kind: 'call', callee: '*.raw', arg: 0, library: 'knex', parameterises: true, requireSqlShape: true },
  knexPiece('*.whereRaw', 'condition'),
  knexPiece('*.orWhereRaw', 'condition'),
  knexPiece('*.andWhereRaw', 'condition'),
  knexPiece('*.havingRaw', 'condition'),
  knexPiece('*.orHavingRaw', 'condition'),
  knexPiece('*.orderByRaw', 'order-by'),
  knexPiece('*.groupByRaw', 'group-by'),
  knexPiece('*.selectRaw', 'select-list'),
  knexPiece('*.fromRaw', 'from'),
  knexPiece('*.joinRaw', 'join'),
  // Prisma
  { kind: 'call', callee: '*.$queryRawUnsafe', arg: 0, library: 'prisma', parameterises: true, requireSqlShape: false },
  { kind: 'call', callee: '*.$executeRawUnsafe', arg: 0, library: 'prisma', parameterises: true, requireSqlShape: false },
  { kind: 'tag', tag: '*.$queryRaw', library: 'prisma', parameterises: true },
  { kind: 'tag', tag: '*.$executeRaw', library: 'prisma', parameterises: true },
  { kind: 'tag', tag: '*.$queryRawTyped', library: 'prisma', parameterises: true },
  { kind: 'tag', tag: 'Prisma.sql', library: 'prisma', parameterises: true, fragment: true },
  // TypeORM QueryBuilder conditions (strings with an operator only: `.where('id', 1)` is knex's column form)
  ...['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving'].map(
    (m): CallDetector => ({ kind: 'call', callee: `*.${m}`, arg: 0, library: 'typeorm', parameterises: true, requireSqlShape: true, context: 'condition' }),
  ),
  // Sequelize
  { kind: 'call', callee: '*.literal', arg: 0, library: 'sequelize', parameterises: false, requireSqlShape: true, context: 'select-list' },
  // postgres.js sql.unsafe(text) and drizzle/kysely sql.raw(text) send their text as is
  { kind: 'call', callee: 'sql.unsafe', arg: 0, library: 'postgres', dialect: 'postgresql', parameterises: true, requireSqlShape: false },
  { kind: 'call', callee: 'sql.raw', arg: 0, library: 'sql-tag', parameterises: false, requireSqlShape: true },
  // Tagged templates: postgres.js, slonik, drizzle, kysely, @vercel/postgres, sql-template-strings ...
  { kind: 'tag', tag: 'sql', library: 'sql-tag', parameterises: true },
  { kind: 'tag', tag: 'SQL', library: 'sql-template-strings', parameterises: true },
  { kind: 'tag', tag: 'sql.fragment', library: 'slonik', dialect: 'postgresql', parameterises: true, fragment: true },
  { kind: 'tag', tag: 'sql.typeAlias()', library: 'slonik', dialect: 'postgresql', parameterises: true },
  { kind: 'tag', tag: 'sql.type()', library: 'slonik', dialect: 'postgresql', parameterises: true },
  // slonik's sql.unsafe is a tag (parameterising, untyped); postgres.js's is the call above.
  { kind: 'tag', tag: 'sql.unsafe', library: 'slonik', dialect: 'postgresql', parameterises: true },
  { kind: 'tag', tag: '*.sql', library: 'sql-tag', parameterises: true },
];

/** Which dialect a library speaks, when it speaks only one. */
export const LIBRARY_DIALECTS: Readonly<Record<string, Dialect>> = {
  pg: 'postgresql',
  postgres: 'postgresql',
  slonik: 'postgresql',
  'pg-promise': 'postgresql',
  '@vercel/postgres': 'postgresql',
  '@neondatabase/serverless': 'postgresql',
  mysql2: 'mysql',
  mysql: 'mysql',
  mariadb: 'mariadb',
  'better-sqlite3': 'sqlite',
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
  '@libsql/client': 'sqlite',
  'bun:sqlite': 'sqlite',
  'node:sqlite': 'sqlite',
};

/**
 * Modules that identify the library behind a tag or receiver. The key is the
 * import specifier (or its prefix before '/'), the value the library name.
 */
export const MODULE_LIBRARIES: Readonly<Record<string, string>> = {
  pg: 'pg',
  postgres: 'postgres',
  slonik: 'slonik',
  'pg-promise': 'pg-promise',
  '@vercel/postgres': '@vercel/postgres',
  '@neondatabase/serverless': '@neondatabase/serverless',
  mysql2: 'mysql2',
  mysql: 'mysql',
  mariadb: 'mariadb',
  'better-sqlite3': 'better-sqlite3',
  sqlite3: 'sqlite3',
  sqlite: 'sqlite',
  '@libsql/client': '@libsql/client',
  knex: 'knex',
  '@prisma/client': 'prisma',
  typeorm: 'typeorm',
  sequelize: 'sequelize',
  '@sequelize/core': 'sequelize',
  'drizzle-orm': 'drizzle',
  kysely: 'kysely',
  'sql-template-strings': 'sql-template-strings',
  'sql-template-tag': 'sql-template-tag',
};

/** A receiver or tag path: last names only (`this.db.pool` → ['this','db','pool']). */
export function matchesShape(pattern: string, path: readonly string[]): boolean {
  const parts = pattern.split('.');
  if (parts.length === 1) return path.length === 1 && path[0] === parts[0];
  const method = parts[parts.length - 1]!;
  if (path[path.length - 1] !== method || path.length < 2) return false;
  const receiver = parts.slice(0, -1);
  if (receiver.length === 1 && receiver[0] === '*') return true;
  // Compare the receiver's trailing names: `knex.raw` matches `this.knex.raw`.
  const tail = path.slice(path.length - 1 - receiver.length, path.length - 1);
  return tail.length === receiver.length && receiver.every((r, i) => r === '*' || r === tail[i]);
}
