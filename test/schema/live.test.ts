/**
 * Live catalogs against real servers (PostgreSQL and MariaDB run locally and in
 * CI). Each suite creates its own database and drops it afterwards; a server
 * that is not reachable within a second skips its suite with the reason printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { resolveConfig, validateConfig } from '../../src/cli/config.js';
import type { Catalog } from '../../src/core/catalog.js';
import type { SourceFile } from '../../src/core/types.js';
import { runCheck } from '../../src/run.js';
import { dumpSchema, loadCatalog, serialiseCatalog } from '../../src/schema/index.js';
import { build, facts, table } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const PG_HOST = process.env.SQLWARDEN_TEST_PG_HOST ?? '127.0.0.1:5432';
const MY_HOST = process.env.SQLWARDEN_TEST_MYSQL_HOST ?? '127.0.0.1:3306';
const SCHEMA_RULES = new Set(['unknown-table', 'unknown-column', 'missing-index', 'large-table-scan']);

async function reachable(connect: () => Promise<{ close: () => Promise<unknown> }>): Promise<string | undefined> {
  try {
    const c = await connect();
    await c.close();
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  }
}

const pgDown = await reachable(async () => {
  const c = new pg.Client({ connectionString: `postgres://postgres@${PG_HOST}/postgres`, connectionTimeoutMillis: 1000 });
  await c.connect();
  return { close: () => c.end() };
});
const myDown = await reachable(async () => {
  const c = await mysql.createConnection({ uri: `mysql://root@${MY_HOST}/`, connectTimeout: 1000 });
  return { close: () => c.end() };
});
if (pgDown) console.log(`skipping live PostgreSQL tests: ${PG_HOST} is not reachable (${pgDown})`);
if (myDown) console.log(`skipping live MariaDB tests: ${MY_HOST} is not reachable (${myDown})`);

const dbName = () => `sqlwarden_test_${randomBytes(5).toString('hex')}`;

async function findings(catalog: Catalog, paths: string[], files?: SourceFile[]): Promise<string[]> {
  const config = resolveConfig(validateConfig({}, '<test>', ALL_RULES), { cwd: root, dir: root, rules: ALL_RULES });
  const result = await runCheck({ cwd: root, paths, config, catalog, ...(files ? { files } : {}) });
  return result.diagnostics.filter((d) => SCHEMA_RULES.has(d.ruleId)).map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}: ${d.message} | ${d.help}`);
}

function withoutSources(catalog: Catalog): string {
  return serialiseCatalog({ ...catalog, sources: [] });
}

describe.skipIf(pgDown !== undefined)('live PostgreSQL', () => {
  const db = dbName();
  const url = `postgres://postgres:hunter2@${PG_HOST}/${db}`;
  let admin: pg.Client;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-live-pg-'));
    admin = new pg.Client({ connectionString: `postgres://postgres@${PG_HOST}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    const c = new pg.Client({ connectionString: `postgres://postgres@${PG_HOST}/${db}` });
    await c.connect();
    for (const f of ['001_init.sql', '002_indexes.sql', '003_alter.sql']) await c.query(readFileSync(path.join(root, 'fixtures/schema-app/migrations', f), 'utf8'));
    await c.query(`
      INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 5000) g;
      INSERT INTO posts (author_id, status, title) SELECT 1 + g % 5000, 'draft', 'post ' || g FROM generate_series(1, 20000) g;
      ANALYZE;`);
    await c.end();
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin?.end();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the same tables, columns and indexes (expression and partial) as the migrations', async () => {
    const live = await loadCatalog([url], { cwd: root });
    const ddl = await loadCatalog(['fixtures/schema-app/migrations'], { cwd: root });
    expect(live.notes).toEqual([]);
    expect(live.catalog.tables.map((t) => t.name).sort()).toEqual(ddl.catalog.tables.map((t) => t.name).sort());
    for (const t of ddl.catalog.tables) expect(facts(table(live.catalog, t.name)), t.name).toEqual(facts(t));
    expect(facts(table(live.catalog, 'users')).indexes).toContain('users_lower_email_idx({lower(email)})');
    expect(facts(table(live.catalog, 'posts')).indexes).toContain('posts_author_published_idx(author_id) where published_at is not null');
  });

  it('reads row counts from the statistics', async () => {
    const { catalog } = await loadCatalog([url], { cwd: root });
    expect(table(catalog, 'users').rowCount).toBe(5000);
    expect(table(catalog, 'posts').rowCount).toBe(20000);
    expect(table(catalog, 'comments').rowCount).toBe(0);
  });

  it('never shows the password', async () => {
    const file = path.join(tmp, 'schema.json');
    const dumped = await dumpSchema(url, file, { cwd: root });
    expect(dumped.description).toContain(`postgres://postgres:***@${PG_HOST}/${db}`);
    expect(dumped.catalog.sources).toEqual([`postgres://postgres:***@${PG_HOST}/${db}`]);
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
  });

  it('gives the same findings from a snapshot as from the live database', async () => {
    const file = path.join(tmp, 'snapshot.json');
    const live = await dumpSchema(url, file, { cwd: root });
    const snap = await loadCatalog([file], { cwd: root });
    expect(withoutSources(snap.catalog)).toBe(withoutSources(live.catalog));
    const fromLive = await findings(live.catalog, ['fixtures/schema-app/src']);
    expect(await findings(snap.catalog, ['fixtures/schema-app/src'])).toEqual(fromLive);
    // posts is large enough to matter; comments is empty, so its missing index is not reported.
    expect(fromLive.map((f) => f.replace(/ \|.*/, ''))).toEqual([
      'fixtures/schema-app/src/posts.ts:23:80 missing-index: No index on "posts" serves author_id = $1',
      'fixtures/schema-app/src/posts.ts:48:59 unknown-table: Table "comment" is not in the schema; did you mean "comments"?',
      'fixtures/schema-app/src/users.ts:11:56 unknown-column: Column "username" does not exist in table "users"; did you mean "user_name"?',
    ]);
  });

  it('reports an unreachable database as a schema error without the password', async () => {
    const bad = `postgres://postgres:hunter2@${PG_HOST}/${db}_missing`;
    const error = await loadCatalog([bad], { cwd: root, timeoutMs: 2000 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('SchemaError');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

const MYSQL_DDL = `
CREATE TABLE users (
  id bigint AUTO_INCREMENT PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  user_name varchar(100),
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at datetime NULL
) ENGINE=InnoDB;
CREATE TABLE posts (
  id bigint AUTO_INCREMENT PRIMARY KEY,
  author_id bigint NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'draft',
  title varchar(200) NOT NULL,
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY posts_author_idx (author_id),
  CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB;
CREATE TABLE comments (
  id bigint AUTO_INCREMENT PRIMARY KEY,
  post_id bigint NOT NULL,
  body text NOT NULL,
  KEY comments_post_idx (post_id),
  CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id)
) ENGINE=InnoDB;
CREATE INDEX posts_status_created_idx ON posts (status, created_at);
ALTER TABLE users ADD INDEX users_created_idx (created_at), ADD UNIQUE KEY users_name_uq (user_name, id);
`;

describe.skipIf(myDown !== undefined)('live MariaDB / MySQL', () => {
  const db = dbName();
  let admin: mysql.Connection;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-live-my-'));
    admin = await mysql.createConnection({ uri: `mysql://root@${MY_HOST}/`, multipleStatements: true });
    await admin.query(`CREATE DATABASE ${db}; USE ${db};`);
    await admin.query(MYSQL_DDL);
    await admin.query(`
      SET SESSION max_recursive_iterations = 100000;
      INSERT INTO users (email) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT CONCAT('u', i, '@example.com') FROM n;
      INSERT INTO posts (author_id, title) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT 1 + i % 5000, CONCAT('post ', i) FROM n;
      ANALYZE TABLE users, posts, comments;`);
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${db}`);
    await admin?.end();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the same tables, columns, indexes and foreign keys as the DDL', async () => {
    const live = await loadCatalog([`mysql://root@${MY_HOST}/${db}`], { cwd: root });
    const ddl = build(MYSQL_DDL, 'mysql');
    expect(live.notes).toEqual([]);
    expect(ddl.notes).toEqual([]);
    expect(live.catalog.tables.map((t) => t.name).sort()).toEqual(ddl.catalog.tables.map((t) => t.name).sort());
    for (const t of ddl.catalog.tables) expect(facts(table(live.catalog, t.name)), t.name).toEqual(facts(t));
  });

  it('reads row counts (InnoDB estimates) and accepts mariadb:// URLs', async () => {
    const { catalog } = await loadCatalog([`mariadb://root@${MY_HOST}/${db}`], { cwd: root });
    expect(table(catalog, 'users').rowCount).toBeGreaterThan(4000);
    expect(table(catalog, 'users').rowCount).toBeLessThan(6000);
    expect(table(catalog, 'comments').rowCount).toBe(0);
  });

  it('gives the same findings from a snapshot as from the live database', async () => {
    const file = path.join(tmp, 'snapshot.json');
    const live = await dumpSchema(`mysql://root@${MY_HOST}/${db}`, file, { cwd: root });
    const snap = await loadCatalog([file], { cwd: root });
    expect(withoutSources(snap.catalog)).toBe(withoutSources(live.catalog));
    const text = [
      "import mysql from 'mysql2/promise';",
      'const conn = await mysql.createConnection(process.env.DATABASE_URL!);',
      "await conn.query('SELECT id, title FROM posts WHERE title = ?', [title]);",
      "await conn.query('SELECT id, emial FROM users WHERE id = ?', [id]);",
      "await conn.query('SELECT id FROM post WHERE author_id = ?', [id]);",
      "await conn.query('SELECT id FROM posts WHERE status = ? AND created_at > ?', [s, d]);",
    ].join('\n');
    const files: SourceFile[] = [{ path: path.join(root, 'live-mysql.ts'), relativePath: 'live-mysql.ts', text, kind: 'script' }];
    const fromLive = await findings(live.catalog, [], files);
    expect(await findings(snap.catalog, [], files)).toEqual(fromLive);
    expect(fromLive.map((f) => f.replace(/ \|.*/, ''))).toEqual([
      'live-mysql.ts:3:53 missing-index: No index on "posts" serves title = ?',
      'live-mysql.ts:4:30 unknown-column: Column "emial" does not exist in table "users"; did you mean "email"?',
      'live-mysql.ts:5:34 unknown-table: Table "post" is not in the schema; did you mean "posts"?',
    ]);
  });
});
