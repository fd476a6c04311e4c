import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/core/catalog.js';
import { DEFAULT_SNAPSHOT_PATH, SchemaError, dumpSchema, loadCatalog, loadSnapshot, parseSnapshot, saveSnapshot, serialiseCatalog } from '../../src/schema/index.js';
import { prepareParsers } from '../../src/schema/sql-text.js';
import { build } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
let tmp: string;
beforeAll(async () => {
  await prepareParsers();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-snapshot-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DDL = `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint REFERENCES users (id));
CREATE INDEX users_email_live ON users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX b_idx ON posts (author_id);
-- sqlwarden-rows: posts=1200`;

describe('snapshots', () => {
  it('round-trip a catalog', () => {
    const { catalog } = build(DDL);
    const file = path.join(tmp, 'a', 'schema.json');
    saveSnapshot({ ...catalog, sources: ['db/schema.sql'] }, file);
    const loaded = loadSnapshot(file);
    expect(serialiseCatalog(loaded)).toBe(serialiseCatalog({ ...catalog, sources: ['db/schema.sql'] }));
    expect(loaded.tables.find((t) => t.name === 'posts')!.rowCount).toBe(1200);
  });

  it('are canonical: the same catalog gives the same bytes whatever the order', () => {
    const { catalog } = build(DDL);
    const shuffled: Catalog = {
      sources: catalog.sources,
      tables: [...catalog.tables].reverse().map((t) => ({ ...t, indexes: [...t.indexes].reverse(), foreignKeys: [...t.foreignKeys].reverse() })),
    };
    expect(serialiseCatalog(shuffled)).toBe(serialiseCatalog(catalog));
    const text = serialiseCatalog(catalog);
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text).version).toBe(1);
    // Columns keep table order; keys are sorted.
    expect(Object.keys(JSON.parse(text))).toEqual(['sources', 'tables', 'version']);
    expect(JSON.parse(text).tables[1].columns.map((c: { name: string }) => c.name)).toEqual(['id', 'email', 'deleted_at']);
  });

  it('reject invalid files with an error naming the file and the place', () => {
    expect(() => parseSnapshot('{', 'x.json')).toThrow(/^x\.json: schema snapshot is not valid JSON/);
    expect(() => parseSnapshot('{"version": 2, "sources": [], "tables": []}', 'x.json')).toThrow('x.json: unsupported schema snapshot version 2');
    expect(() => parseSnapshot('{"version": 1, "sources": [], "tables": [{"name": "t", "columns": [{"name": 1}], "indexes": [], "foreignKeys": []}]}', 'x.json')).toThrow(
      /^x\.json: invalid schema snapshot at tables\.0\.columns\.0\.name: /,
    );
    expect(() => loadSnapshot(path.join(tmp, 'missing.json'))).toThrow(SchemaError);
  });

  it('load through loadCatalog as a source', async () => {
    const file = path.join(tmp, 'b.json');
    writeFileSync(file, serialiseCatalog(build(DDL).catalog));
    const { catalog, description } = await loadCatalog(['b.json'], { cwd: tmp });
    expect(catalog.tables.map((t) => t.name).sort()).toEqual(['posts', 'users']);
    expect(description).toBe('schema: built from snapshot b.json (2 tables)');
  });

  it('are written by dumpSchema, to .sqlwarden/schema.json by default', async () => {
    const out = await dumpSchema(path.join(root, 'fixtures/schema-app/migrations'), undefined, { cwd: tmp });
    expect(out.file).toBe(path.join(tmp, DEFAULT_SNAPSHOT_PATH));
    const again = await dumpSchema(path.join(root, 'fixtures/schema-app/migrations'), 'other.json', { cwd: tmp });
    expect(readFileSync(again.file, 'utf8')).toBe(readFileSync(out.file, 'utf8'));
  });
});
