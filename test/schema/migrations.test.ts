import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/index.js';
import { SchemaError, catalogFromFiles, compareMigrations, isDownMigration, listMigrations, loadCatalog, upSection } from '../../src/schema/index.js';
import { facts, table } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
let tmp: string;

function write(rel: string, text: string): string {
  const abs = path.join(tmp, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-migrations-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('migration file order', () => {
  it('sorts numerically, skips down and undo files, runs Flyway repeatables last', () => {
    const names = ['V10__c.sql', 'V2__b.sql', 'V1__a.sql', 'R__views.sql', 'U2__undo.sql', '20240102_x.down.sql', '20240102_x.up.sql'];
    expect(names.filter((n) => !isDownMigration(n)).sort(compareMigrations)).toEqual(['20240102_x.up.sql', 'V1__a.sql', 'V2__b.sql', 'V10__c.sql', 'R__views.sql']);
  });

  it('lists SQL files and Prisma-style migration folders', () => {
    write('plain/002_b.sql', 'SELECT 1;');
    write('plain/001_a.sql', 'SELECT 1;');
    write('plain/001_a.down.sql', 'SELECT 1;');
    write('plain/README.md', '');
    write('prisma/20240102000000_second/migration.sql', 'SELECT 1;');
    write('prisma/20240101000000_first/migration.sql', 'SELECT 1;');
    write('prisma/migration_lock.toml', '');
    expect(listMigrations(path.join(tmp, 'plain')).map((f) => path.basename(f))).toEqual(['001_a.sql', '002_b.sql']);
    expect(listMigrations(path.join(tmp, 'prisma')).map((f) => path.relative(tmp, f).split(path.sep).join('/'))).toEqual([
      'prisma/20240101000000_first/migration.sql',
      'prisma/20240102000000_second/migration.sql',
    ]);
    // The folder holding `migrations/` works too.
    write('outer/migrations/001_a.sql', 'SELECT 1;');
    write('outer/schema.prisma', '');
    expect(listMigrations(path.join(tmp, 'outer')).map((f) => path.basename(f))).toEqual(['001_a.sql']);
  });

  it('cuts the down section of dbmate and goose files, keeping lines', () => {
    const dbmate = '-- migrate:up\nCREATE TABLE a (x int);\n\n-- migrate:down\nDROP TABLE a;\n';
    const up = upSection(dbmate);
    expect(up).toContain('CREATE TABLE a');
    expect(up).not.toContain('DROP TABLE');
    expect(up.split('\n')).toHaveLength(dbmate.split('\n').length);
    expect(upSection('-- +goose Up\nCREATE TABLE g (x int);\n-- +goose Down\nDROP TABLE g;')).not.toContain('DROP');
    expect(upSection('CREATE TABLE plain (x int);')).toBe('CREATE TABLE plain (x int);');
  });
});

describe('loadCatalog', () => {
  it('applies a migration folder in file-name order', async () => {
    write('app/migrations/010_rename.sql', 'ALTER TABLE users RENAME COLUMN handle TO username;');
    write('app/migrations/002_add.sql', 'ALTER TABLE users ADD COLUMN handle text;');
    write('app/migrations/001_init.sql', 'CREATE TABLE users (id int PRIMARY KEY);');
    write('app/migrations/002_add.down.sql', 'ALTER TABLE users DROP COLUMN handle;');
    const { catalog, notes, description } = await loadCatalog(['app/migrations'], { cwd: tmp });
    expect(notes).toEqual([]);
    expect(facts(table(catalog, 'users')).columns).toEqual(['id', 'username?']);
    expect(catalog.sources).toEqual(['app/migrations']);
    expect(description).toBe('schema: built from 3 migration files in app/migrations (1 table)');
  });

  it('applies a schema file, then migrations, then more files, in the order given', async () => {
    write('multi/schema.sql', 'CREATE TABLE accounts (id int PRIMARY KEY);');
    write('multi/migrations/001.sql', 'ALTER TABLE accounts ADD COLUMN plan text;');
    write('multi/extra.sql', 'CREATE INDEX accounts_plan_idx ON accounts (plan);');
    const { catalog } = await loadCatalog(['multi/schema.sql', 'multi/migrations', 'multi/extra.sql'], { cwd: tmp });
    expect(facts(table(catalog, 'accounts'))).toEqual({ columns: ['id', 'plan?'], indexes: ['accounts_pkey(id) primary', 'accounts_plan_idx(plan)'], foreignKeys: [] });
  });

  it('reads Prisma migration folders', async () => {
    write('p/prisma/migrations/20240101_init/migration.sql', 'CREATE TABLE "User" ("id" SERIAL NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));');
    write('p/prisma/migrations/20240201_email/migration.sql', 'ALTER TABLE "User" ADD COLUMN "email" TEXT NOT NULL;\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");');
    const { catalog } = await loadCatalog(['p/prisma/migrations'], { cwd: tmp });
    expect(facts(table(catalog, 'User')).indexes).toEqual(['User_email_key(email) unique', 'User_pkey(id) primary']);
  });

  it('reads the SQL of knex and TypeORM migration up functions only', async () => {
    const knex = await loadCatalog(['fixtures/apps/knex/migrations'], { cwd: root });
    // knex.schema.createTable('teams', ...) is a builder call, not SQL: only the raw SQL is read.
    expect(knex.catalog.tables.map((t) => t.name)).toEqual(['users']);
    expect(facts(table(knex.catalog, 'users')).indexes).toEqual(['users_email_key(email) unique', 'users_pkey(id) primary', 'users_team_id_idx(team_id)']);
    const typeorm = await loadCatalog(['fixtures/apps/typeorm/migrations'], { cwd: root });
    expect(typeorm.catalog.tables.map((t) => t.name)).toEqual(['users', 'posts']);
    expect(facts(table(typeorm.catalog, 'posts'))).toEqual({
      columns: ['id', 'authorId', 'title', 'createdAt'],
      indexes: ['IDX_posts_authorId(authorid)', 'PK_posts_id(id) primary'],
      foreignKeys: ['authorId -> users(id)'],
    });
  });

  it('reports missing sources and unknown kinds as SchemaError', async () => {
    await expect(loadCatalog(['nope.sql'], { cwd: tmp })).rejects.toThrow(SchemaError);
    await expect(loadCatalog(['nope.sql'], { cwd: tmp })).rejects.toThrow('schema source not found: nope.sql');
    write('notes.txt', 'hello');
    await expect(loadCatalog(['notes.txt'], { cwd: tmp })).rejects.toThrow(/expected a \.sql file/);
  });
});

describe('catalogFromFiles', () => {
  it('builds from migration folders among discovered files and describes it', async () => {
    const { files } = discover({ cwd: root, paths: ['fixtures/outage'] });
    const built = await catalogFromFiles(files, { cwd: root });
    expect(built?.description).toBe('schema: built from 2 migration files in fixtures/outage/migrations (2 tables)');
    expect(built?.catalog.tables.map((t) => t.name)).toEqual(['posts', 'comments']);
  });

  it('reads schema files first, then migrations', async () => {
    write('proj/db/structure.sql', 'CREATE TABLE orders (id int PRIMARY KEY, total int);');
    write('proj/db/migrations/001_add_status.sql', 'ALTER TABLE orders ADD COLUMN status text;');
    write('proj/src/app.ts', "await pool.query('SELECT 1');");
    const { files } = discover({ cwd: path.join(tmp, 'proj') });
    const built = await catalogFromFiles(files, { cwd: path.join(tmp, 'proj') });
    expect(facts(table(built!.catalog, 'orders')).columns).toEqual(['id', 'total?', 'status?']);
    expect(built!.description).toBe('schema: built from db/structure.sql, 1 migration file in db/migrations (1 table)');
  });

  it('falls back to a schema.prisma next to the files', async () => {
    const { files } = discover({ cwd: path.join(root, 'fixtures/schema-app/prisma-variant') });
    const built = await catalogFromFiles(files, { cwd: path.join(root, 'fixtures/schema-app/prisma-variant') });
    expect(built!.description).toBe('schema: built from prisma/schema.prisma (3 tables)');
  });

  it('is undefined without any DDL', async () => {
    const { files } = discover({ cwd: root, paths: ['fixtures/apps/pg'] });
    expect(await catalogFromFiles(files, { cwd: root })).toBeUndefined();
  });
});
