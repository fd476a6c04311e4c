/**
 * Migration layouts: which files of a folder are "up" migrations and in what
 * order they run, and the SQL inside knex / TypeORM migration scripts.
 *
 * - plain SQL: `001_init.sql`, `V1__init.sql` (Flyway), `20240101_x.up.sql`; `*.down.sql`
 *   and Flyway undo files (`U1__x.sql`) are skipped; repeatable Flyway files (`R__x.sql`) run last
 * - Prisma: `prisma/migrations/<timestamp>_<name>/migration.sql`
 * - dbmate / goose: one file with `-- migrate:up` / `-- +goose Up` sections; the down section is cut
 * - knex / TypeORM: `.js`/`.ts` files whose `up` function runs `knex.raw('...')` / `queryRunner.query('...')`
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from '../extract/typescript.js';
import type { Dialect, SourceFile, SqlFragment } from '../core/types.js';
import { SCRIPT_EXTENSIONS } from '../discover/index.js';
import { extractAll } from '../extract/index.js';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function isDownMigration(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  return /[._-]down\.sql$/.test(base) || /^u\d[\w.]*__/.test(base) || base === 'down.sql';
}

export function isScriptFile(file: string): boolean {
  return (SCRIPT_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase()) && !file.endsWith('.d.ts');
}

/** Sort key for run order: Flyway repeatables last, then file name with numbers compared as numbers. */
export function compareMigrations(a: string, b: string): number {
  const ra = /^r__/i.test(path.basename(a)) ? 1 : 0;
  const rb = /^r__/i.test(path.basename(b)) ? 1 : 0;
  return ra - rb || collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The up-migration files of a folder in run order (absolute paths): `.sql`
 * files, Prisma's `<dir>/migration.sql`, and (when there is no SQL) scripts.
 */
export function listMigrations(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const sql: string[] = [];
  const scripts: string[] = [];
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      // Prisma and some tools keep one folder per migration.
      for (const inner of ['migration.sql', 'up.sql']) {
        const candidate = path.join(abs, inner);
        if (isFile(candidate)) sql.push(candidate);
      }
    } else if (e.isFile()) {
      if (e.name.toLowerCase().endsWith('.sql') && !isDownMigration(e.name)) sql.push(abs);
      else if (isScriptFile(e.name)) scripts.push(abs);
    }
  }
  const order = (list: string[]) => list.sort((a, b) => compareMigrations(path.relative(dir, a), path.relative(dir, b)));
  if (sql.length > 0) return order(sql);
  if (scripts.length > 0) return order(scripts);
  // A project or `prisma/` folder given instead of its migrations folder.
  const nested = entries.find((e) => e.isDirectory() && /^migrations$/i.test(e.name));
  return nested ? listMigrations(path.join(dir, nested.name)) : [];
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The up part of a migration file that holds both directions (dbmate, goose,
 * sql-migrate); other text is returned whole. Offsets and lines are kept by
 * blanking what is cut.
 */
export function upSection(text: string): string {
  const up = /^[ \t]*--[ \t]*(?:migrate:up|\+goose[ \t]+up|\+migrate[ \t]+up)\b.*$/im.exec(text);
  const down = /^[ \t]*--[ \t]*(?:migrate:down|\+goose[ \t]+down|\+migrate[ \t]+down)\b.*$/im.exec(text);
  if (!up && !down) return text;
  const start = up ? up.index : 0;
  const end = down && down.index > start ? down.index : text.length;
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/**
 * SQL fragments run by the `up` function of knex / TypeORM migration scripts,
 * found by the extract stage (so constants and template literals resolve as
 * they do in application code).
 */
export function upFragments(file: SourceFile, cwd: string, dialect: Dialect): SqlFragment[] {
  const ranges = upFunctionRanges(file);
  if (ranges.length === 0) return [];
  const { fragments } = extractAll([file], { cwd, dialectFor: () => ({ dialect, source: 'config' }) });
  return fragments.filter((f) => f.file === file.relativePath && f.variant === 0 && ranges.some((r) => f.site.start >= r.start && f.site.end <= r.end));
}

/** Ranges of `up` functions: `exports.up = ...`, `export async function up`, `up: ...`, `async up(queryRunner) {}`. */
export function upFunctionRanges(file: SourceFile): { start: number; end: number }[] {
  const kind = /\.(?:js|mjs|cjs|jsx)$/i.test(file.path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, kind);
  const out: { start: number; end: number }[] = [];
  const isUp = (name: ts.Node | undefined) => !!name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === 'up';
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && isUp(node.name) && node.body) {
      out.push({ start: node.getStart(sf), end: node.end });
      return;
    }
    if (ts.isPropertyAssignment(node) && isUp(node.name)) {
      out.push({ start: node.initializer.getStart(sf), end: node.initializer.end });
      return;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.name.text === 'up') {
      out.push({ start: node.right.getStart(sf), end: node.right.end });
      return;
    }
    if (ts.isVariableDeclaration(node) && isUp(node.name) && node.initializer) {
      out.push({ start: node.initializer.getStart(sf), end: node.initializer.end });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
