/**
 * Name lookups in a catalog. The query model keeps identifiers as written but
 * unquoted, so quoting is lost: lookups are case-insensitive, which is what
 * unquoted identifiers mean in every supported dialect and the safe choice for
 * quoted ones (a linter must not report `"Users"` vs `users` as unknown).
 */
import type { Catalog, CatalogColumn, CatalogTable } from '../core/catalog.js';

/** PostgreSQL's default search_path: unqualified names resolve here first. */
export const DEFAULT_SCHEMA = 'public';

/** Schemas whose tables are the database's own and never in a user catalog. */
const SYSTEM_SCHEMAS = new Set(['information_schema', 'pg_catalog', 'pg_toast', 'mysql', 'performance_schema', 'sys', 'sqlite_schema', 'sqlite_temp_schema']);
/** Unqualified system tables and views (pg_catalog is always on the PostgreSQL search path). */
const SYSTEM_TABLE = /^(?:pg_\w+|sqlite_(?:master|schema|sequence|temp_master|temp_schema|stat\d)|dual)$/i;

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** `public.users` → { schema: 'public', name: 'users' }; the last dot separates (names in DROP lists). */
export function splitQualified(qualified: string): { schema?: string; name: string } {
  const dot = qualified.lastIndexOf('.');
  return dot < 0 ? { name: qualified } : { schema: qualified.slice(0, dot), name: qualified.slice(dot + 1) };
}

/** Tables of the database itself (information_schema, pg_catalog, sqlite_master ...): never unknown. */
export function isSystemTable(name: string, schema?: string): boolean {
  if (schema !== undefined) return SYSTEM_SCHEMAS.has(schema.toLowerCase());
  return SYSTEM_TABLE.test(name);
}

interface TableIndex {
  tables: readonly CatalogTable[];
  length: number;
  byName: Map<string, CatalogTable[]>;
}

/** Rules resolve many names per run; index a catalog's tables once (rebuilt if the array changes). */
const indexes = new WeakMap<Catalog, TableIndex>();

function indexOf(catalog: Catalog): TableIndex {
  const known = indexes.get(catalog);
  if (known && known.tables === catalog.tables && known.length === catalog.tables.length) return known;
  const byName = new Map<string, CatalogTable[]>();
  for (const t of catalog.tables) {
    const key = t.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), t]);
  }
  const built = { tables: catalog.tables, length: catalog.tables.length, byName };
  indexes.set(catalog, built);
  return built;
}

/**
 * The table a (possibly schema-qualified) name refers to. A qualified name
 * matches its schema, or a table whose schema the source did not say (plain
 * DDL). An unqualified name prefers the search path (no schema, or `public`),
 * then any schema that has it (MySQL databases, other PostgreSQL schemas).
 */
export function resolveTable(catalog: Catalog, name: string, schema?: string): CatalogTable | undefined {
  const candidates = indexOf(catalog).byName.get(name.toLowerCase());
  if (!candidates) return undefined;
  if (schema !== undefined) return candidates.find((t) => sameName(t.schema, schema)) ?? candidates.find((t) => t.schema === undefined);
  return candidates.find((t) => t.schema === undefined || sameName(t.schema, DEFAULT_SCHEMA)) ?? candidates[0];
}

export function findColumn(table: CatalogTable, name: string): CatalogColumn | undefined {
  return table.columns.find((c) => c.name === name) ?? table.columns.find((c) => sameName(c.name, name));
}

/** How a table is shown in messages: `users`, or `billing.invoices` outside the default schema. */
export function displayName(table: CatalogTable): string {
  return table.schema && !sameName(table.schema, DEFAULT_SCHEMA) ? `${table.schema}.${table.name}` : table.name;
}
