/**
 * A catalog read from a running PostgreSQL server: tables, views and
 * materialized views of user schemas with their columns, indexes (key order,
 * expressions and partial predicates through pg_get_indexdef, read back by the
 * parse stage so keys normalise exactly like DDL), foreign keys and
 * pg_class.reltuples as the row count. Read-only, with timeouts.
 */
import pg from 'pg';
import type { CatalogTable } from '../core/catalog.js';
import type { CastExpr, Expr } from '../parse/model.js';
import { CatalogBuilder } from './builder.js';
import { SchemaError } from './errors.js';
import { redactUrl } from './redact.js';
import { parseSqlText, prepareParsers } from './sql-text.js';

export interface LiveOptions {
  /** Connect and per-statement timeout in milliseconds (default 10000). */
  timeoutMs?: number;
}

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples::float8 AS reltuples
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS}
 ORDER BY 1, 2`;

const COLUMNS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS}
 ORDER BY 1, 2, a.attnum`;

const INDEXES_SQL = `
SELECT n.nspname AS schema, t.relname AS table, i.relname AS name, x.indisprimary AS primary,
       pg_get_indexdef(x.indexrelid) AS def
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE ${USER_SCHEMAS}
 ORDER BY 1, 2, 3`;

const FOREIGN_KEYS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, con.conname AS name,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
       rn.nspname AS ref_schema, rc.relname AS ref_table,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS ref_columns
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_class rc ON rc.oid = con.confrelid
  JOIN pg_namespace rn ON rn.oid = rc.relnamespace
 WHERE con.contype = 'f' AND ${USER_SCHEMAS}
 ORDER BY 1, 2, 3`;

export async function postgresTables(url: string, options: LiveOptions = {}): Promise<{ tables: CatalogTable[]; notes: string[] }> {
  const timeout = options.timeoutMs ?? 10_000;
  await prepareParsers();
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeout,
    statement_timeout: timeout,
    query_timeout: timeout + 1000,
    application_name: 'sqlwarden schema',
  });
  // An error event after connect (server restart) must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new SchemaError(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
  }
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    const tables = (await client.query(TABLES_SQL)).rows as { schema: string; name: string; kind: string; reltuples: number }[];
    const columns = (await client.query(COLUMNS_SQL)).rows as { schema: string; table: string; name: string; type: string; nullable: boolean }[];
    const indexes = (await client.query(INDEXES_SQL)).rows as { schema: string; table: string; name: string; primary: boolean; def: string }[];
    const fks = (await client.query(FOREIGN_KEYS_SQL)).rows as { schema: string; table: string; name: string; columns: string[]; ref_schema: string; ref_table: string; ref_columns: string[] }[];
    await client.query('ROLLBACK');
    return build(tables, columns, indexes, fks);
  } catch (error) {
    throw new SchemaError(`reading the schema of ${redactUrl(url)} failed: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function build(
  tables: { schema: string; name: string; kind: string; reltuples: number }[],
  columns: { schema: string; table: string; name: string; type: string; nullable: boolean }[],
  indexes: { schema: string; table: string; name: string; primary: boolean; def: string }[],
  fks: { schema: string; table: string; name: string; columns: string[]; ref_schema: string; ref_table: string; ref_columns: string[] }[],
): { tables: CatalogTable[]; notes: string[] } {
  const notes: string[] = [];
  const builder = new CatalogBuilder('postgresql');
  const key = (schema: string, name: string) => `${schema}\u0000${name}`;
  const byKey = new Map<string, CatalogTable>();
  for (const t of tables) {
    const table: CatalogTable = { name: t.name, schema: t.schema, columns: [], indexes: [], foreignKeys: [] };
    if (t.kind === 'v') table.kind = 'view';
    if (t.kind === 'm') table.kind = 'materialized-view';
    // reltuples is -1 until the first VACUUM / ANALYZE (PostgreSQL 14+): unknown, not empty.
    if ((t.kind === 'r' || t.kind === 'm') && t.reltuples >= 0) table.rowCount = Math.round(t.reltuples);
    byKey.set(key(t.schema, t.name), table);
    builder.tables.push(table);
  }
  for (const c of columns) byKey.get(key(c.schema, c.table))?.columns.push({ name: c.name, type: c.type, nullable: c.nullable });
  for (const i of indexes) {
    const table = byKey.get(key(i.schema, i.table));
    if (!table) continue;
    const parsed = parseSqlText(i.def, 'postgresql');
    const stmt = parsed.statements[0];
    if (parsed.error || stmt?.kind !== 'create-index') {
      notes.push(`index ${i.schema}.${i.name}: definition not understood, ignored (${i.def})`);
      continue;
    }
    const textual = new Set(table.columns.filter((c) => /^(?:text|character varying|character)\b/.test(c.type)).map((c) => c.name.toLowerCase()));
    for (const col of stmt.columns) if (col.expr) col.expr = stripImplicitCasts(col.expr, textual);
    if (stmt.where) stmt.where = stripImplicitCasts(stmt.where, textual);
    builder.addIndex(table, stmt, i.def);
    const added = table.indexes[table.indexes.length - 1]!;
    added.name = i.name;
    added.primary = i.primary;
  }
  for (const f of fks) {
    const table = byKey.get(key(f.schema, f.table));
    if (!table) continue;
    const refTable = f.ref_schema === f.schema || f.ref_schema === 'public' ? f.ref_table : `${f.ref_schema}.${f.ref_table}`;
    table.foreignKeys.push({ name: f.name, columns: f.columns, references: { table: refTable, columns: f.ref_columns } });
  }
  return { tables: builder.tables, notes };
}

const TEXT_TYPES = new Set(['text', 'character varying', 'varchar', 'bpchar', 'character']);

/**
 * pg_get_indexdef prints the casts PostgreSQL adds on its own: `(email)::text`
 * for a varchar column, `'active'::text` for a literal. The query text has
 * none, so they are removed to keep keys comparable with DDL and queries.
 */
export function stripImplicitCasts(expr: Expr, textualColumns: ReadonlySet<string>): Expr {
  const strip = (e: Expr): Expr => {
    if (e.type === 'cast' && TEXT_TYPES.has(e.to)) {
      const inner = e.expr;
      if (inner.type === 'literal' && inner.kind === 'string') return inner;
      if (inner.type === 'column' && textualColumns.has(inner.name.toLowerCase())) return inner;
    }
    switch (e.type) {
      case 'binary':
        return { ...e, left: strip(e.left), right: strip(e.right) };
      case 'unary':
        return { ...e, operand: strip(e.operand) };
      case 'function':
        return { ...e, args: e.args.map(strip) };
      case 'cast':
        return { ...(e as CastExpr), expr: strip(e.expr) };
      case 'list':
        return { ...e, items: e.items.map(strip) };
      case 'between':
        return { ...e, expr: strip(e.expr), low: strip(e.low), high: strip(e.high) };
      default:
        return e;
    }
  };
  return strip(expr);
}
