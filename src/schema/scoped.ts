/**
 * Schemas inferred from the DDL among the walked files, one per application:
 * a monorepo (or a folder of sample apps) has several migration folders, and
 * tables of one app must not judge the queries of another. An application root
 * is the nearest folder with a package.json above a migration folder, schema
 * file or schema.prisma, else the folder that holds it (past db/, sql/, prisma/
 * and similar containers). A file uses the schema of the deepest root above it;
 * files under no root get none, so schema rules stay silent there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../core/catalog.js';
import type { SourceFile } from '../core/types.js';
import { type FilesCatalogOptions, SCHEMA_FILE, catalogFromFiles, findPrismaSchemas, migrationRoot } from './load.js';

export interface InferredSchemas {
  catalogFor(relativePath: string): Catalog | undefined;
  /** One summary line per application schema. */
  descriptions: string[];
  notes: string[];
}

const DDL_FOLDERS = new Set(['migrations', 'migration', 'migrate', 'prisma', 'schema', 'schemas', 'drizzle', 'supabase', 'sql']);
const HOLDERS = new Set(['db', 'database', 'sql', 'src', 'server', 'supabase']);

export async function inferCatalogs(files: readonly SourceFile[], opts: FilesCatalogOptions): Promise<InferredSchemas | undefined> {
  const cwd = path.resolve(opts.cwd);
  const roots = new Set<string>();
  for (const f of files) {
    const ddlDir = SCHEMA_FILE.test(f.relativePath) && f.kind === 'sql' ? path.posix.dirname(f.relativePath) : migrationRoot(f.relativePath);
    if (ddlDir !== undefined) roots.add(appRoot(cwd, ddlDir));
  }
  for (const p of findPrismaSchemas(files, cwd)) roots.add(appRoot(cwd, path.relative(cwd, path.dirname(p)).split(path.sep).join('/') || '.'));
  if (roots.size === 0) return undefined;

  const catalogs: { root: string; catalog: Catalog }[] = [];
  const descriptions: string[] = [];
  const notes: string[] = [];
  for (const root of [...roots].sort()) {
    const subset = files.filter((f) => within(root, f.relativePath));
    const built = await catalogFromFiles(subset, { ...opts, cwd });
    if (!built || built.catalog.tables.length === 0) continue;
    catalogs.push({ root, catalog: { ...built.catalog, inferred: true } });
    descriptions.push(root === '.' ? built.description : `${built.description} (for ${root}/)`);
    notes.push(...built.notes);
  }
  if (catalogs.length === 0) return undefined;
  // Deepest first, so a nested application wins over its parent.
  catalogs.sort((a, b) => b.root.length - a.root.length);
  return {
    catalogFor: (file) => catalogs.find((c) => within(c.root, file))?.catalog,
    descriptions,
    notes,
  };
}

function within(root: string, file: string): boolean {
  return root === '.' || file === root || file.startsWith(root + '/');
}

/** The application a DDL folder belongs to (relative to cwd, '.' for cwd itself). */
function appRoot(cwd: string, ddlDir: string): string {
  const parts = ddlDir === '.' ? [] : ddlDir.split('/');
  // Nearest package.json at or above the DDL folder.
  for (let i = parts.length; i >= 1; i--) {
    if (existsSync(path.join(cwd, ...parts.slice(0, i), 'package.json'))) return parts.slice(0, i).join('/');
  }
  // The DDL folder itself (migrations/, prisma/ ...), then at most one holder of it (db/, src/ ...).
  let end = parts.length;
  if (end > 0 && DDL_FOLDERS.has(parts[end - 1]!.toLowerCase())) end--;
  if (end > 0 && HOLDERS.has(parts[end - 1]!.toLowerCase())) end--;
  return end === 0 ? '.' : parts.slice(0, end).join('/');
}
