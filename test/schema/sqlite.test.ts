import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSqliteFile, loadCatalog, readSqliteSchema } from '../../src/schema/index.js';
import { facts, table } from './helpers.js';

// The reader needs no native module; the sqlite3 CLI is only used to make test databases.
const cli = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
const available = cli.status === 0;
if (!available) console.log('skipping SQLite file tests: the sqlite3 command-line tool is not installed');

let tmp: string;
let file: string;

beforeAll(() => {
  if (!available) return;
  tmp = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-sqlite-'));
  file = path.join(tmp, 'app.db');
  const long = 'x'.repeat(6000);
  execFileSync('sqlite3', [
    file,
    `CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, name TEXT, note TEXT DEFAULT '${long}');
     CREATE TABLE tags (post_id INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (post_id, tag)) WITHOUT ROWID;
     CREATE INDEX users_name_live ON users (lower(name)) WHERE name IS NOT NULL;
     CREATE VIEW named_users AS SELECT id, name FROM users WHERE name IS NOT NULL;
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
       INSERT INTO users (email, name) SELECT 'u' || i || '@x', CASE WHEN i % 2 = 0 THEN 'n' || i END FROM n;
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 700)
       INSERT INTO tags SELECT i, 't' || i FROM n;`,
  ]);
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!available)('SQLite database files', () => {
  it('are recognised by their header', () => {
    expect(isSqliteFile(file)).toBe(true);
    expect(isSqliteFile(path.resolve(import.meta.dirname, 'helpers.ts'))).toBe(false);
  });

  it('give their schema SQL (long rows through overflow pages) and exact row counts', () => {
    const schema = readSqliteSchema(file);
    expect(schema.rows.map((r) => `${r.type}:${r.name}`)).toEqual(
      expect.arrayContaining(['table:users', 'table:tags', 'index:users_name_live', 'view:named_users', 'table:sqlite_sequence']),
    );
    expect(schema.rows.find((r) => r.name === 'users')!.sql).toContain('x'.repeat(6000));
    expect(schema.rowCounts.get('users')).toBe(3000);
    expect(schema.rowCounts.get('tags')).toBe(700);
  });

  it('load as a catalog source', async () => {
    const { catalog, notes, description } = await loadCatalog([file], { cwd: tmp });
    expect(notes).toEqual([]);
    expect(description).toBe('schema: built from app.db (3 tables)');
    expect(facts(table(catalog, 'users'))).toEqual({
      columns: ['id', 'email', 'name?', 'note?'],
      indexes: ['users_email_key(email) unique', 'users_name_live({lower(name)}) where name is not null', 'users_pkey(id) primary'],
      foreignKeys: [],
    });
    expect(table(catalog, 'users').rowCount).toBe(3000);
    expect(table(catalog, 'named_users').kind).toBe('view');
    expect((await loadCatalog([`sqlite:${file}`], { cwd: tmp })).catalog.tables).toHaveLength(3);
  });
});
