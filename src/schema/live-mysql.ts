/**
 * A catalog read from a running MySQL or MariaDB server (the database named in
 * the URL): information_schema tables, columns, statistics (index keys in
 * seq_in_index order, MySQL 8 functional keys) and key_column_usage (foreign
 * keys); tables.table_rows as the row count (an InnoDB estimate). Read-only,
 * with timeouts.
 */
import mysql from 'mysql2/promise';
import type { CatalogIndex, CatalogTable } from '../core/catalog.js';
import { SchemaError } from './errors.js';
import type { LiveOptions } from './live-postgres.js';
import { normaliseExpr } from './normalise.js';
import { redactUrl } from './redact.js';
import { parseSqlText, prepareParsers } from './sql-text.js';

type Row = Record<string, unknown>;

export async function mysqlTables(url: string, options: LiveOptions = {}): Promise<{ tables: CatalogTable[]; notes: string[] }> {
  const timeout = options.timeoutMs ?? 10_000;
  const uri = url.replace(/^mariadb:/i, 'mysql:');
  const database = decodeURIComponent(new URL(uri).pathname.replace(/^\//, ''));
  if (!database) throw new SchemaError(`${redactUrl(url)} names no database; add it to the path (mysql://user@host/dbname)`);
  await prepareParsers();
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({ uri, connectTimeout: timeout });
  } catch (error) {
    throw new SchemaError(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
  }
  conn.on('error', () => undefined);
  const query = async (sql: string): Promise<Row[]> => (await conn.query({ sql, timeout }))[0] as Row[];
  try {
    // Server-side limits differ: MySQL has max_execution_time (ms), MariaDB max_statement_time (s).
    await query(`SET SESSION max_execution_time = ${timeout}`).catch(() => undefined);
    await query(`SET SESSION max_statement_time = ${timeout / 1000}`).catch(() => undefined);
    await query('START TRANSACTION READ ONLY');
    const tables = await query(
      'SELECT table_name AS name, table_type AS type, table_rows AS table_rows FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name',
    );
    const columns = await query(
      'SELECT table_name AS tbl, column_name AS name, column_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position',
    );
    const hasExpression = (await query("SELECT 1 AS x FROM information_schema.columns WHERE table_schema = 'information_schema' AND table_name = 'STATISTICS' AND column_name = 'EXPRESSION'")).length > 0;
    const stats = await query(
      `SELECT table_name AS tbl, index_name AS name, non_unique AS non_unique, seq_in_index AS seq, column_name AS col, index_type AS method${hasExpression ? ', expression AS expr' : ''}
         FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY table_name, index_name, seq_in_index`,
    );
    const fks = await query(
      `SELECT table_name AS tbl, constraint_name AS name, column_name AS col, referenced_table_name AS ref_table, referenced_column_name AS ref_col
         FROM information_schema.key_column_usage
        WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL ORDER BY table_name, constraint_name, ordinal_position`,
    );
    await query('ROLLBACK');
    return build(tables, columns, stats, fks);
  } catch (error) {
    if (error instanceof SchemaError) throw error;
    throw new SchemaError(`reading the schema of ${redactUrl(url)} failed: ${(error as Error).message}`);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

function build(tables: Row[], columns: Row[], stats: Row[], fks: Row[]): { tables: CatalogTable[]; notes: string[] } {
  const notes: string[] = [];
  const byName = new Map<string, CatalogTable>();
  const out: CatalogTable[] = [];
  for (const t of tables) {
    const table: CatalogTable = { name: String(t.name), columns: [], indexes: [], foreignKeys: [] };
    if (String(t.type).toUpperCase().includes('VIEW')) table.kind = 'view';
    else if (t.table_rows !== null && t.table_rows !== undefined) table.rowCount = Number(t.table_rows);
    byName.set(table.name, table);
    out.push(table);
  }
  for (const c of columns) byName.get(String(c.tbl))?.columns.push({ name: String(c.name), type: String(c.type).toLowerCase(), nullable: String(c.nullable).toUpperCase() === 'YES' });
  const indexes = new Map<string, CatalogIndex>();
  for (const s of stats) {
    const table = byName.get(String(s.tbl));
    if (!table) continue;
    const name = String(s.name);
    const id = `${table.name}\u0000${name}`;
    let index = indexes.get(id);
    if (!index) {
      index = { name, keys: [], unique: Number(s.non_unique) === 0, primary: name === 'PRIMARY' };
      const method = String(s.method ?? '').toLowerCase();
      if (method && method !== 'btree') index.method = method;
      indexes.set(id, index);
      table.indexes.push(index);
    }
    if (s.col !== null && s.col !== undefined) index.keys.push({ column: String(s.col).toLowerCase() });
    else if (typeof s.expr === 'string') index.keys.push({ expression: expressionKey(s.expr, notes) });
  }
  for (const f of fks) {
    const table = byName.get(String(f.tbl));
    if (!table) continue;
    const name = String(f.name);
    let fk = table.foreignKeys.find((x) => x.name === name);
    if (!fk) {
      fk = { name, columns: [], references: { table: String(f.ref_table), columns: [] } };
      table.foreignKeys.push(fk);
    }
    fk.columns.push(String(f.col));
    fk.references.columns.push(String(f.ref_col));
  }
  return { tables: out, notes };
}

/** A functional key part as MySQL prints it (`lower(\`email\`)`), read by the parse stage. */
function expressionKey(text: string, notes: string[]): string {
  const sql = `SELECT ${text}`;
  const parsed = parseSqlText(sql, 'mysql');
  const stmt = parsed.statements[0];
  if (parsed.error || stmt?.kind !== 'select' || !stmt.columns[0]) {
    notes.push(`index expression not understood: ${text}`);
    return text.toLowerCase().replace(/[`"\s]/g, '');
  }
  return normaliseExpr(stmt.columns[0].expr, sql);
}
