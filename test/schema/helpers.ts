import type { Catalog, CatalogTable } from '../../src/core/catalog.js';
import type { Dialect } from '../../src/core/types.js';
import { CatalogBuilder } from '../../src/schema/builder.js';
import { applyDdl } from '../../src/schema/ddl.js';

/** Builds a catalog from DDL and returns it with the notes (parsers must be prepared). */
export function build(sql: string, dialect: Dialect = 'postgresql', explicitDialect = true): { catalog: Catalog; notes: string[] } {
  const builder = new CatalogBuilder(dialect);
  const notes: string[] = [];
  applyDdl(builder, sql, { dialect, explicitDialect, file: 'test.sql', notes });
  return { catalog: builder.catalog(), notes };
}

export function table(catalog: Catalog, name: string): CatalogTable {
  const t = catalog.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${catalog.tables.map((x) => x.name).join(', ')}`);
  return t;
}

/** The facts tests compare: column names, index name → keys, flags and predicate, foreign keys. */
export function facts(t: CatalogTable): { columns: string[]; indexes: string[]; foreignKeys: string[] } {
  return {
    columns: t.columns.map((c) => `${c.name}${c.nullable ? '?' : ''}`),
    indexes: t.indexes
      .map((i) => `${i.name}(${i.keys.map((k) => k.column ?? `{${k.expression}}`).join(',')})${i.primary ? ' primary' : i.unique ? ' unique' : ''}${i.where ? ` where ${i.where}` : ''}`)
      .sort(),
    foreignKeys: t.foreignKeys.map((f) => `${f.columns.join(',')} -> ${f.references.table}(${f.references.columns.join(',')})`).sort(),
  };
}
