/**
 * Catalogs from SQL DDL text: schema files, migrations, inline `schema` strings
 * of rule examples and tests.
 */
import type { Catalog, CatalogTable } from '../core/catalog.js';
import type { Dialect } from '../core/types.js';
import { CatalogBuilder } from './builder.js';
import { parseDdl, parsersReady } from './sql-text.js';

export interface ApplyDdlOptions {
  dialect: Dialect;
  /** False when the dialect is a default guess: unreadable statements are then retried as MySQL and SQLite. */
  explicitDialect?: boolean;
  /** Label for notes (a relative path). */
  file: string;
  notes: string[];
}

const FALLBACKS: Record<Dialect, Dialect[]> = {
  postgresql: ['mysql', 'sqlite'],
  mysql: ['mariadb', 'postgresql'],
  mariadb: ['mysql', 'postgresql'],
  sqlite: ['postgresql', 'mysql'],
  bigquery: [],
  transactsql: [],
  snowflake: [],
};

/** Applies every statement of `text` to the builder, in order. Parsers must be ready (see prepareParsers). */
export function applyDdl(builder: CatalogBuilder, text: string, options: ApplyDdlOptions): void {
  const statements = parseDdl(text, {
    dialect: options.dialect,
    ...(options.explicitDialect === false ? { fallbacks: FALLBACKS[options.dialect] } : {}),
    skipped: (line, message) => options.notes.push(`${options.file}:${line}: ${message}`),
  });
  for (const { stmt, sql } of statements) {
    builder.apply(stmt, sql, (message) => options.notes.push(`${options.file}: ${message}`));
  }
  applyRowCounts(builder.tables, text);
}

/**
 * `-- sqlwarden-rows: events=2000000, users=50_000` in DDL text gives tables a
 * row count (DDL cannot say how big a table is; live databases and snapshots can).
 */
const ROWS_DIRECTIVE = /^[ \t]*--[ \t]*sqlwarden-rows:[ \t]*(.+)$/gm;

export function applyRowCounts(tables: readonly CatalogTable[], text: string): void {
  for (const m of text.matchAll(ROWS_DIRECTIVE)) {
    for (const part of m[1]!.split(',')) {
      const pair = /^\s*([\w$."]+)\s*=\s*([\d_]+)\s*$/.exec(part);
      if (!pair) continue;
      const name = pair[1]!.replace(/"/g, '');
      const rows = Number(pair[2]!.replace(/_/g, ''));
      const short = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
      for (const t of tables) if (t.name.toLowerCase() === short.toLowerCase()) t.rowCount = rows;
    }
  }
}

/**
 * A catalog from DDL text. Synchronous, as the rule harness and `lintText`
 * need it: when libpg-query's WASM is not loaded yet (the very first call in a
 * process), the tables are built on first read instead; the pipeline reads
 * them only after it has awaited initParsers(), so the result is the same.
 */
export function catalogFromDdl(sql: string, dialect: Dialect, source: string): Catalog {
  const build = (): CatalogTable[] => {
    const builder = new CatalogBuilder(dialect);
    applyDdl(builder, sql, { dialect, file: source, notes: [] });
    return builder.tables;
  };
  if (dialect !== 'postgresql' || parsersReady()) return { tables: build(), sources: [source] };
  let tables: CatalogTable[] | undefined;
  const catalog = { sources: [source] } as Catalog;
  Object.defineProperty(catalog, 'tables', {
    enumerable: true,
    get: () => {
      if (tables) return tables;
      const built = build();
      if (parsersReady()) tables = built;
      return built;
    },
    set: (value: CatalogTable[]) => {
      tables = value;
    },
  });
  return catalog;
}
