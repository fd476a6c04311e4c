/**
 * Catalogs from `schema.prisma` (via @mrleebo/prisma-ast): models are tables,
 * scalar and enum fields are columns (relation fields are not), `@map` /
 * `@@map` give the database names, `@id` / `@@id` / `@unique` / `@@unique` /
 * `@@index` give indexes, `@relation(fields, references)` gives foreign keys.
 */
import type { CatalogForeignKey, CatalogIndex, CatalogTable } from '../core/catalog.js';
import type { Dialect } from '../core/types.js';
import type * as PrismaAstModule from '@mrleebo/prisma-ast';

type PrismaAst = typeof PrismaAstModule;
type Schema = ReturnType<PrismaAst['getSchema']>;
type Block = Schema['list'][number];
type Model = Extract<Block, { type: 'model' | 'view' }>;
type Field = Extract<Model['properties'][number], { type: 'field' }>;
type Attr = NonNullable<Field['attributes']>[number];
type BlockAttr = Extract<Model['properties'][number], { type: 'attribute' }>;
type Value = unknown;

let prismaAst: Promise<PrismaAst> | undefined;

/**
 * chevrotain (under prisma-ast) calls Object.groupBy, which Node 20 lacks; the
 * package supports Node 20, so the standard function is provided when missing
 * before the module is loaded.
 */
function loadPrismaAst(): Promise<PrismaAst> {
  const O = Object as unknown as { groupBy?: <T>(items: Iterable<T>, key: (item: T, i: number) => PropertyKey) => Record<PropertyKey, T[]> };
  O.groupBy ??= <T>(items: Iterable<T>, key: (item: T, i: number) => PropertyKey) => {
    const out = Object.create(null) as Record<PropertyKey, T[]>;
    let i = 0;
    for (const item of items) (out[key(item, i++)] ??= []).push(item);
    return out;
  };
  return (prismaAst ??= import('@mrleebo/prisma-ast'));
}

export interface PrismaCatalog {
  tables: CatalogTable[];
  /** From `datasource { provider = ... }`, when it names a SQL database. */
  dialect?: Dialect;
  notes: string[];
}

const PROVIDERS: Record<string, Dialect> = { postgresql: 'postgresql', postgres: 'postgresql', cockroachdb: 'postgresql', mysql: 'mysql', sqlite: 'sqlite', sqlserver: 'transactsql' };

/** Column types as Prisma creates them, per provider family. */
const SCALARS: Record<string, { pg: string; mysql: string; sqlite: string }> = {
  String: { pg: 'text', mysql: 'varchar(191)', sqlite: 'text' },
  Int: { pg: 'integer', mysql: 'int', sqlite: 'integer' },
  BigInt: { pg: 'bigint', mysql: 'bigint', sqlite: 'integer' },
  Float: { pg: 'double precision', mysql: 'double', sqlite: 'real' },
  Decimal: { pg: 'decimal(65,30)', mysql: 'decimal(65,30)', sqlite: 'decimal' },
  Boolean: { pg: 'boolean', mysql: 'boolean', sqlite: 'boolean' },
  DateTime: { pg: 'timestamp(3)', mysql: 'datetime(3)', sqlite: 'datetime' },
  Json: { pg: 'jsonb', mysql: 'json', sqlite: 'text' },
  Bytes: { pg: 'bytea', mysql: 'longblob', sqlite: 'blob' },
};

export async function catalogFromPrisma(text: string, file: string): Promise<PrismaCatalog> {
  const { getSchema } = await loadPrismaAst();
  let schema: Schema;
  try {
    schema = getSchema(text);
  } catch (error) {
    return { tables: [], notes: [`${file}: not a readable Prisma schema (${firstLine((error as Error).message)})`] };
  }
  const datasource = schema.list.find((b): b is Extract<Block, { type: 'datasource' }> => b.type === 'datasource');
  const providerValue = datasource?.assignments.find((a) => a.type === 'assignment' && a.key === 'provider');
  const provider = providerValue && providerValue.type === 'assignment' ? unquote(providerValue.value) : undefined;
  const dialect = provider ? PROVIDERS[provider] : undefined;
  const family = dialect === 'mysql' ? 'mysql' : dialect === 'sqlite' ? 'sqlite' : 'pg';

  const models = schema.list.filter((b): b is Model => b.type === 'model' || b.type === 'view');
  const enums = new Set(schema.list.filter((b) => b.type === 'enum').map((b) => (b as { name: string }).name));
  const modelNames = new Set(models.map((m) => m.name));
  const tableName = (m: Model) => stringArg(blockAttrs(m).find((a) => a.name === 'map')) ?? m.name;
  const columnName = (f: Field) => stringArg(f.attributes?.find((a) => a.name === 'map' && !a.group)) ?? f.name;
  const byModel = new Map(models.map((m) => [m.name, m]));

  const tables = models.map((m): CatalogTable => {
    const name = tableName(m);
    const table: CatalogTable = { name, columns: [], indexes: [], foreignKeys: [] };
    if (m.type === 'view') table.kind = 'view';
    const schemaAttr = stringArg(blockAttrs(m).find((a) => a.name === 'schema'));
    if (schemaAttr) table.schema = schemaAttr;
    const fields = m.properties.filter((p): p is Field => p.type === 'field');
    const colOf = new Map(fields.map((f) => [f.name, columnName(f)]));
    const cols = (names: string[]) => names.map((n) => colOf.get(n) ?? n);
    for (const f of fields) {
      const type = typeof f.fieldType === 'string' ? f.fieldType : f.fieldType.name;
      if (modelNames.has(type)) {
        const fk = relationKey(f, byModel.get(type), cols, (mm) => tableName(mm), columnName);
        if (fk) table.foreignKeys.push(fk);
        continue;
      }
      const column = colOf.get(f.name)!;
      const dbType = f.attributes?.find((a) => a.group === 'db');
      let sqlType = dbType ? `${dbType.name.toLowerCase()}${dbType.args?.length ? `(${dbType.args.map((a) => String(unquote(a.value as Value) ?? '')).join(',')})` : ''}` : enums.has(type) ? type.toLowerCase() : (SCALARS[type]?.[family] ?? type.toLowerCase());
      if (f.array) sqlType += '[]';
      table.columns.push({ name: column, type: sqlType, nullable: !!f.optional });
      const attrs = f.attributes ?? [];
      if (attrs.some((a) => a.name === 'id' && !a.group)) table.indexes.push(index(`${name}_pkey`, [column], { primary: true, mapped: mapArg(attrs.find((a) => a.name === 'id')) }));
      if (attrs.some((a) => a.name === 'unique' && !a.group)) table.indexes.push(index(`${name}_${column}_key`, [column], { unique: true, mapped: mapArg(attrs.find((a) => a.name === 'unique')) }));
    }
    for (const a of blockAttrs(m)) {
      const fieldsArg = fieldList(a);
      if (!fieldsArg) continue;
      const columns = cols(fieldsArg);
      if (a.name === 'id') table.indexes.push(index(`${name}_pkey`, columns, { primary: true, mapped: mapArg(a) }));
      else if (a.name === 'unique') table.indexes.push(index(`${name}_${columns.join('_')}_key`, columns, { unique: true, mapped: mapArg(a) }));
      else if (a.name === 'index') table.indexes.push(index(`${name}_${columns.join('_')}_idx`, columns, { mapped: mapArg(a) ?? namedString(a, 'name') }));
    }
    for (const c of table.columns) if (table.indexes.some((i) => i.primary && i.keys.some((k) => k.column === c.name.toLowerCase()))) c.nullable = false;
    return table;
  });
  return { tables, ...(dialect ? { dialect } : {}), notes: [] };
}

function index(name: string, columns: string[], o: { primary?: boolean; unique?: boolean; mapped?: string | undefined }): CatalogIndex {
  return { name: o.mapped ?? name, keys: columns.map((c) => ({ column: c.toLowerCase() })), unique: !!(o.unique || o.primary), primary: !!o.primary };
}

function blockAttrs(m: Model): BlockAttr[] {
  return m.properties.filter((p): p is BlockAttr => p.type === 'attribute');
}

/** `@relation(fields: [authorId], references: [id])` on a relation field. */
function relationKey(f: Field, target: Model | undefined, cols: (names: string[]) => string[], tableName: (m: Model) => string, columnName: (f: Field) => string): CatalogForeignKey | undefined {
  const rel = f.attributes?.find((a) => a.name === 'relation' && !a.group);
  if (!rel || !target) return undefined;
  const fields = namedList(rel, 'fields');
  const references = namedList(rel, 'references');
  if (!fields || !references) return undefined;
  const targetFields = new Map(target.properties.filter((p): p is Field => p.type === 'field').map((tf) => [tf.name, columnName(tf)]));
  const fk: CatalogForeignKey = { columns: cols(fields), references: { table: tableName(target), columns: references.map((r) => targetFields.get(r) ?? r) } };
  const name = namedString(rel, 'map');
  if (name) fk.name = name;
  return fk;
}

/** The field list of @@id / @@unique / @@index: first positional argument or `fields:`. */
function fieldList(a: BlockAttr): string[] | undefined {
  const first = a.args[0]?.value;
  if (first && typeof first === 'object' && !Array.isArray(first) && (first as { type?: string }).type === 'array') return arrayNames(first);
  return namedList(a, 'fields');
}

function namedList(a: Attr | BlockAttr, key: string): string[] | undefined {
  for (const arg of a.args ?? []) {
    const v = arg.value as { type?: string; key?: string; value?: Value };
    if (v && typeof v === 'object' && v.type === 'keyValue' && v.key === key) return arrayNames(v.value);
  }
  return undefined;
}

function namedString(a: Attr | BlockAttr, key: string): string | undefined {
  for (const arg of a.args ?? []) {
    const v = arg.value as { type?: string; key?: string; value?: Value };
    if (v && typeof v === 'object' && v.type === 'keyValue' && v.key === key) return unquote(v.value);
  }
  return undefined;
}

/** `[a, b(sort: Desc)]` → ['a', 'b']. */
function arrayNames(v: Value): string[] | undefined {
  const arr = v as { type?: string; args?: Value[] };
  if (!arr || arr.type !== 'array' || !arr.args) return undefined;
  return arr.args.map((x) => (typeof x === 'string' ? x : ((x as { name?: string }).name ?? ''))).filter(Boolean);
}

/** `map: "name"` (or `name:` for @@index, which Prisma uses as the database name only with `map`). */
function mapArg(a: Attr | BlockAttr | undefined): string | undefined {
  return a ? namedString(a, 'map') : undefined;
}

/** The single string argument of `@map("x")` / `@@map("x")`. */
function stringArg(a: Attr | BlockAttr | undefined): string | undefined {
  const v = a?.args?.[0]?.value;
  if (typeof v === 'string') return unquote(v);
  if (v && typeof v === 'object' && (v as { type?: string }).type === 'keyValue' && (v as { key: string }).key === 'name') return unquote((v as { value: Value }).value);
  return undefined;
}

function unquote(v: Value): string | undefined {
  if (typeof v !== 'string') return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
