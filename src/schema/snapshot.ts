/**
 * Catalog snapshots: the catalog as JSON, so CI can lint against a schema
 * dumped once from a database. Output is canonical (sorted tables, indexes and
 * keys; columns in table order), so the same catalog always gives the same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Catalog, CatalogIndex, CatalogTable } from '../core/catalog.js';
import { SchemaError } from './errors.js';

export const SNAPSHOT_VERSION = 1;
export const DEFAULT_SNAPSHOT_PATH = '.sqlwarden/schema.json';

const columnSchema = z.object({ name: z.string(), type: z.string(), nullable: z.boolean() }).strict();
const indexSchema = z
  .object({
    name: z.string().optional(),
    keys: z.array(z.object({ column: z.string().optional(), expression: z.string().optional() }).strict()).min(1),
    unique: z.boolean(),
    primary: z.boolean(),
    where: z.string().optional(),
    method: z.string().optional(),
  })
  .strict();
const foreignKeySchema = z
  .object({
    name: z.string().optional(),
    columns: z.array(z.string()),
    references: z.object({ table: z.string(), columns: z.array(z.string()) }).strict(),
  })
  .strict();
const tableSchema = z
  .object({
    name: z.string().min(1),
    schema: z.string().optional(),
    kind: z.enum(['view', 'materialized-view']).optional(),
    columnsUnknown: z.boolean().optional(),
    rowCount: z.number().nonnegative().optional(),
    columns: z.array(columnSchema),
    indexes: z.array(indexSchema),
    foreignKeys: z.array(foreignKeySchema),
  })
  .strict();
const snapshotSchema = z
  .object({
    version: z.literal(SNAPSHOT_VERSION),
    sources: z.array(z.string()),
    tables: z.array(tableSchema),
  })
  .strict();

/** The canonical JSON text of a catalog (ends with a newline). */
export function serialiseCatalog(catalog: Catalog): string {
  const tables = [...catalog.tables].map(canonicalTable).sort((a, b) => cmp(tableKey(a), tableKey(b)));
  return `${JSON.stringify(sortKeys({ version: SNAPSHOT_VERSION, sources: [...catalog.sources], tables }), null, 2)}\n`;
}

function canonicalTable(t: CatalogTable): CatalogTable {
  const out: CatalogTable = {
    name: t.name,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    indexes: t.indexes.map(canonicalIndex).sort((a, b) => cmp(indexKey(a), indexKey(b))),
    foreignKeys: t.foreignKeys
      .map((f) => ({ ...(f.name !== undefined ? { name: f.name } : {}), columns: [...f.columns], references: { table: f.references.table, columns: [...f.references.columns] } }))
      .sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b))),
  };
  if (t.schema !== undefined) out.schema = t.schema;
  if (t.kind !== undefined) out.kind = t.kind;
  if (t.columnsUnknown) out.columnsUnknown = true;
  if (t.rowCount !== undefined) out.rowCount = t.rowCount;
  return out;
}

function canonicalIndex(i: CatalogIndex): CatalogIndex {
  const out: CatalogIndex = {
    keys: i.keys.map((k) => (k.column !== undefined ? { column: k.column } : { expression: k.expression ?? '' })),
    unique: i.unique,
    primary: i.primary,
  };
  if (i.name !== undefined) out.name = i.name;
  if (i.where !== undefined) out.where = i.where;
  if (i.method !== undefined) out.method = i.method;
  return out;
}

function tableKey(t: CatalogTable): string {
  return `${t.schema ?? ''}\u0000${t.name}`;
}

function indexKey(i: CatalogIndex): string {
  return `${i.primary ? 0 : 1}\u0000${i.name ?? ''}\u0000${JSON.stringify(i.keys)}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Object keys in alphabetical order at every level (arrays keep their order). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function saveSnapshot(catalog: Catalog, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, serialiseCatalog(catalog));
}

/** Parses and validates snapshot text; `file` names it in errors. */
export function parseSnapshot(text: string, file: string): Catalog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SchemaError(`${file}: schema snapshot is not valid JSON: ${(error as Error).message}`);
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (data && typeof data === 'object' && version !== SNAPSHOT_VERSION) {
    throw new SchemaError(`${file}: unsupported schema snapshot version ${JSON.stringify(version)} (this sqlwarden reads version ${SNAPSHOT_VERSION}); dump it again with \`sqlwarden schema dump\``);
  }
  const result = snapshotSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new SchemaError(`${file}: invalid schema snapshot at ${at}: ${issue.message}`);
  }
  return result.data as Catalog;
}

export function loadSnapshot(file: string): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SchemaError(`${file}: cannot read schema snapshot (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseSnapshot(text, file);
}
