/**
 * The schema stage's entry points: a catalog from configured sources
 * (`loadCatalog`), from the DDL among already-discovered files when nothing is
 * configured (`catalogFromFiles`), and `dumpSchema` for `sqlwarden schema dump`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../core/catalog.js';
import type { Dialect, SourceFile } from '../core/types.js';
import { toRelative } from '../discover/index.js';
import { parseFragment } from '../parse/index.js';
import { CatalogBuilder } from './builder.js';
import { applyDdl } from './ddl.js';
import { SchemaError } from './errors.js';
import type { LiveOptions } from './live-postgres.js';
import { isScriptFile, listMigrations, upFragments, upSection } from './migrations.js';
import { catalogFromPrisma } from './prisma.js';
import { isDatabaseUrl, redactUrl } from './redact.js';
import { DEFAULT_SNAPSHOT_PATH, loadSnapshot, saveSnapshot } from './snapshot.js';
import { isSqliteFile, readSqliteSchema } from './sqlite-file.js';
import { prepareParsers } from './sql-text.js';

export interface LoadOptions {
  cwd: string;
  /** Dialect of SQL files; when absent it is inferred (URL scheme, Prisma provider) or PostgreSQL, and unreadable statements are retried in other dialects. */
  dialect?: Dialect;
  /** Live database connect and statement timeout (ms). */
  timeoutMs?: number;
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** Statements skipped, objects not understood, counts left unknown: one line each. */
  notes: string[];
  /** One line for the run summary, e.g. "schema: built from 3 migration files in db/migrations (4 tables)". */
  description: string;
}

/**
 * Builds one catalog from sources applied in order: a `.sql` file, a folder of
 * migrations, a `schema.prisma`, a snapshot `.json`, a SQLite database file,
 * or a `postgres://` / `postgresql://` / `mysql://` / `mariadb://` URL.
 * Later sources add to and replace tables of earlier ones.
 */
export async function loadCatalog(sources: string[], opts: LoadOptions): Promise<LoadedCatalog> {
  await prepareParsers();
  const dialect = opts.dialect ?? (await inferDialect(sources, opts.cwd));
  const builder = new CatalogBuilder(dialect);
  const notes: string[] = [];
  const parts: string[] = [];
  const sqlOptions = { dialect, explicitDialect: opts.dialect !== undefined, notes };
  for (const source of sources) {
    if (isDatabaseUrl(source)) {
      const live = await liveTables(source, opts);
      for (const t of live.tables) builder.putTable(t);
      notes.push(...live.notes.map((n) => `${redactUrl(source)}: ${n}`));
      builder.addSource(redactUrl(source));
      parts.push(redactUrl(source));
      continue;
    }
    const abs = path.resolve(opts.cwd, source.replace(/^sqlite:(?:\/\/)?/i, ''));
    const label = toRelative(opts.cwd, abs);
    if (!existsSync(abs)) throw new SchemaError(`schema source not found: ${source}`);
    builder.addSource(label);
    if (statSync(abs).isDirectory()) {
      const count = applyMigrationFolder(builder, abs, opts.cwd, sqlOptions);
      if (count === 0) notes.push(`${label}: no migration files found`);
      parts.push(`${count} migration file${count === 1 ? '' : 's'} in ${label}`);
    } else if (/\.json$/i.test(abs)) {
      for (const t of loadSnapshot(abs).tables) builder.putTable(t);
      parts.push(`snapshot ${label}`);
    } else if (/\.prisma$/i.test(abs)) {
      const prisma = await catalogFromPrisma(readFileSync(abs, 'utf8'), label);
      for (const t of prisma.tables) builder.putTable(t);
      notes.push(...prisma.notes);
      parts.push(label);
    } else if (/\.sql$/i.test(abs)) {
      applyDdl(builder, upSection(readFileSync(abs, 'utf8')), { ...sqlOptions, file: label });
      parts.push(label);
    } else if (isSqliteFile(abs)) {
      applySqlite(builder, abs, label, notes);
      parts.push(label);
    } else {
      throw new SchemaError(`schema source ${source}: expected a .sql file, a migrations folder, a schema.prisma, a .json snapshot, a SQLite file or a database URL`);
    }
  }
  const catalog = builder.catalog();
  return { catalog, notes, description: describe(parts, catalog) };
}

/** Database drivers load only when a URL is used, so linting without one never pays for them. */
async function liveTables(url: string, opts: LiveOptions): Promise<{ tables: Catalog['tables']; notes: string[] }> {
  if (/^(?:mysql|mariadb):/i.test(url)) return (await import('./live-mysql.js')).mysqlTables(url, opts);
  return (await import('./live-postgres.js')).postgresTables(url, opts);
}

function describe(parts: string[], catalog: Catalog): string {
  const n = catalog.tables.length;
  return `schema: built from ${parts.join(', ') || 'nothing'} (${n} table${n === 1 ? '' : 's'})`;
}

async function inferDialect(sources: readonly string[], cwd: string): Promise<Dialect> {
  for (const s of sources) {
    if (/^(?:mysql|mariadb):/i.test(s)) return /^mariadb:/i.test(s) ? 'mariadb' : 'mysql';
    if (/^postgres(?:ql)?:/i.test(s)) return 'postgresql';
    if (/^sqlite:/i.test(s)) return 'sqlite';
    const abs = path.resolve(cwd, s);
    if (/\.prisma$/i.test(s) && existsSync(abs)) {
      const prisma = await catalogFromPrisma(readFileSync(abs, 'utf8'), s);
      if (prisma.dialect) return prisma.dialect;
    }
    if (!/\.(?:sql|json|prisma)$/i.test(s) && existsSync(abs) && statSync(abs).isFile() && isSqliteFile(abs)) return 'sqlite';
  }
  return 'postgresql';
}

interface SqlOptions {
  dialect: Dialect;
  explicitDialect: boolean;
  notes: string[];
}

/** Applies a folder's migrations in run order; returns how many files were read. */
function applyMigrationFolder(builder: CatalogBuilder, dir: string, cwd: string, options: SqlOptions): number {
  const files = listMigrations(dir);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const label = toRelative(cwd, file);
    if (isScriptFile(file)) void applyScriptMigration(builder, { path: file, relativePath: label, text, kind: 'script' }, cwd, options);
    else applyDdl(builder, upSection(text), { ...options, file: label });
  }
  return files.length;
}

/** SQL run by the `up` function of a knex / TypeORM migration, in call order; returns how many queries it found. */
function applyScriptMigration(builder: CatalogBuilder, file: SourceFile, cwd: string, options: SqlOptions): number {
  const fragments = upFragments(file, cwd, options.dialect);
  for (const fragment of fragments) {
    const parsed = parseFragment(fragment);
    if (parsed.error) {
      options.notes.push(`${file.relativePath}: a migration query is skipped, it does not parse (${parsed.error.message})`);
      continue;
    }
    for (const stmt of parsed.statements) builder.apply(stmt, fragment.sql, (m) => options.notes.push(`${file.relativePath}: ${m}`));
  }
  return fragments.length;
}

function applySqlite(builder: CatalogBuilder, file: string, label: string, notes: string[]): void {
  const schema = readSqliteSchema(file);
  notes.push(...schema.notes);
  // Tables first, then indexes and views, each in the order SQLite stored them.
  const order = ['table', 'index', 'view'];
  const rows = schema.rows.filter((r) => r.sql && !r.name.startsWith('sqlite_')).sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  for (const r of rows) applyDdl(builder, r.sql!, { dialect: 'sqlite', file: label, notes });
  for (const t of builder.tables) {
    const count = schema.rowCounts.get(t.name);
    if (count !== undefined) t.rowCount = count;
  }
}

// ---- catalogs from discovered files -------------------------------------------------

export const SCHEMA_FILE = /(?:^|\/)(?:schema|structure)\.sql$|\.schema\.sql$/i;
const MIGRATION_DIR = /^(?:migrations|migration|migrate)$/i;

export interface FilesCatalogOptions {
  cwd: string;
  /** Dialect chosen for a file by config or CLI, if any. */
  dialectFor?: (relativePath: string) => Dialect | undefined;
}

/**
 * A catalog from the DDL among discovered files, for runs without a configured
 * schema: schema files (`schema.sql`, `structure.sql`, `*.schema.sql`) first,
 * then each migration folder in run order, then the tables of any
 * `schema.prisma` found next to the files that are not known yet. Undefined
 * when the files hold no DDL source at all.
 */
export async function catalogFromFiles(files: readonly SourceFile[], opts: FilesCatalogOptions): Promise<LoadedCatalog | undefined> {
  await prepareParsers();
  const schemaFiles = files.filter((f) => f.kind === 'sql' && SCHEMA_FILE.test(f.relativePath)).sort((a, b) => cmp(a.relativePath, b.relativePath));
  const roots = new Map<string, SourceFile[]>();
  for (const f of files) {
    if (schemaFiles.includes(f)) continue;
    const root = migrationRoot(f.relativePath);
    if (!root) continue;
    roots.set(root, [...(roots.get(root) ?? []), f]);
  }
  const prismaFiles = findPrismaSchemas(files, opts.cwd);
  if (schemaFiles.length === 0 && roots.size === 0 && prismaFiles.length === 0) return undefined;

  const prismas = await Promise.all(prismaFiles.map(async (p) => ({ file: p, ...(await catalogFromPrisma(readFileSync(p, 'utf8'), toRelative(opts.cwd, p))) })));
  const fallbackDialect = prismas.find((p) => p.dialect)?.dialect;
  const builder = new CatalogBuilder(fallbackDialect ?? 'postgresql');
  const notes: string[] = [];
  const parts: string[] = [];
  const ddlOptions = (f: SourceFile) => {
    const chosen = opts.dialectFor?.(f.relativePath);
    return { dialect: chosen ?? fallbackDialect ?? 'postgresql', explicitDialect: chosen !== undefined, notes, file: f.relativePath };
  };

  for (const f of schemaFiles) {
    applyDdl(builder, upSection(f.text), ddlOptions(f));
    builder.addSource(f.relativePath);
  }
  if (schemaFiles.length > 0) parts.push(schemaFiles.map((f) => f.relativePath).join(', '));

  for (const root of [...roots.keys()].sort(cmp)) {
    const all = roots.get(root)!;
    const sql = all.filter((f) => f.kind === 'sql' && !/[._-]down\.sql$/i.test(f.relativePath) && !/(?:^|\/)u\d[\w.]*__[^/]*$/i.test(f.relativePath));
    // A folder of SQL migrations may also hold helper scripts; scripts count only when there is no SQL.
    const chosen = sql.length > 0 ? sql : all.filter((f) => f.kind === 'script');
    chosen.sort((a, b) => compareInRoot(root, a.relativePath, b.relativePath));
    let used = 0;
    for (const f of chosen) {
      if (f.kind === 'sql') {
        applyDdl(builder, upSection(f.text), ddlOptions(f));
        used++;
      } else {
        if (applyScriptMigration(builder, f, opts.cwd, ddlOptions(f)) > 0) used++;
      }
    }
    if (used === 0) continue;
    builder.addSource(root);
    parts.push(`${used} migration file${used === 1 ? '' : 's'} in ${root}`);
  }

  for (const p of prismas) {
    const label = toRelative(opts.cwd, p.file);
    let added = 0;
    for (const t of p.tables) {
      if (builder.find(t)) continue;
      builder.putTable(t);
      added++;
    }
    notes.push(...p.notes);
    if (added > 0 || builder.tables.length === 0) {
      builder.addSource(label);
      parts.push(label);
    }
  }
  if (builder.tables.length === 0 && notes.length === 0) return undefined;
  const catalog = builder.catalog();
  return { catalog, notes, description: describe(parts, catalog) };
}

/** `db/migrations/001_x.sql` → `db/migrations`; `prisma/migrations/2024_x/migration.sql` → `prisma/migrations`. */
export function migrationRoot(relativePath: string): string | undefined {
  const parts = relativePath.split('/');
  for (let i = parts.length - 2; i >= 0; i--) if (MIGRATION_DIR.test(parts[i]!)) return parts.slice(0, i + 1).join('/');
  return undefined;
}

function compareInRoot(root: string, a: string, b: string): number {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const ra = a.slice(root.length + 1);
  const rb = b.slice(root.length + 1);
  const rep = (p: string) => (/^r__/i.test(path.posix.basename(p)) ? 1 : 0);
  return rep(ra) - rep(rb) || collator.compare(ra, rb) || cmp(ra, rb);
}

/** `schema.prisma` and `prisma/schema.prisma` in the folders of the files and their parents up to cwd. */
export function findPrismaSchemas(files: readonly SourceFile[], cwd: string): string[] {
  const root = path.resolve(cwd);
  const dirs = new Set<string>([root]);
  for (const f of files) {
    let dir = path.dirname(f.path);
    while (dir.startsWith(root) && !dirs.has(dir)) {
      dirs.add(dir);
      dir = path.dirname(dir);
    }
  }
  const found = new Set<string>();
  for (const dir of dirs) {
    if (dir.split(path.sep).includes('node_modules')) continue;
    for (const candidate of [path.join(dir, 'schema.prisma'), path.join(dir, 'prisma', 'schema.prisma')]) if (existsSync(candidate)) found.add(candidate);
  }
  return [...found].sort();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- schema dump -----------------------------------------------------------------

export interface DumpResult extends LoadedCatalog {
  /** The snapshot written (absolute path). */
  file: string;
}

/** `sqlwarden schema dump --from <url|path> --out <file>`: loads one source and writes its snapshot. */
export async function dumpSchema(from: string, out: string | undefined, opts: LoadOptions): Promise<DumpResult> {
  const loaded = await loadCatalog([from], opts);
  const file = path.resolve(opts.cwd, out ?? DEFAULT_SNAPSHOT_PATH);
  saveSnapshot(loaded.catalog, file);
  return { ...loaded, file };
}

