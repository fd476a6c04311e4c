/**
 * The schema catalog: what sqlwarden knows about the database. Built by the
 * schema stage from DDL, migrations, schema.prisma, a live database or a JSON
 * snapshot; read by schema-aware rules. Plain data, so a snapshot is this
 * object as JSON.
 */

export interface CatalogColumn {
  name: string;
  /** Type as written, lower-cased. */
  type: string;
  nullable: boolean;
}

export interface CatalogIndex {
  name?: string;
  /**
   * Key parts in order. A plain column is its name (lower-cased); an expression
   * key is its normalised text (see schema/normalise.ts), e.g. "lower(email)".
   */
  keys: { column?: string; expression?: string }[];
  unique: boolean;
  /** The primary key is listed as an index too, with primary: true. */
  primary: boolean;
  /** Normalised text of a partial index predicate. */
  where?: string;
  method?: string;
}

export interface CatalogForeignKey {
  /** Constraint name, when declared or defaulted (lets DROP CONSTRAINT find it). */
  name?: string;
  columns: string[];
  references: { table: string; columns: string[] };
}

export interface CatalogTable {
  name: string;
  schema?: string;
  columns: CatalogColumn[];
  indexes: CatalogIndex[];
  foreignKeys: CatalogForeignKey[];
  /** Estimated rows, when the source knows (live databases, snapshots, config). */
  rowCount?: number;
  /** Set for views and materialized views (they can be read like tables). */
  kind?: 'view' | 'materialized-view';
  /**
   * The column list is not known (a view or CREATE TABLE AS read from DDL, a
   * table copied with LIKE from an unknown one): rules must not judge its columns.
   */
  columnsUnknown?: boolean;
}

export interface Catalog {
  tables: CatalogTable[];
  /**
   * Built from whatever DDL the walked files happened to contain, not from a
   * configured source: it may miss tables, so rules report only near misses.
   */
  inferred?: boolean;
  /** Where the catalog came from: file paths, or URLs with credentials removed. */
  sources: string[];
}
