import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { type UserConfig, resolveConfig, validateConfig } from '../../src/cli/config.js';
import { hashConfig, hashValue, stableStringify } from '../../src/cache/hash.js';
import { runCheckCached } from '../../src/cache/incremental.js';
import { CACHE_FILE_NAME, cacheFilePath, openCache } from '../../src/cache/store.js';
import { runCheck } from '../../src/run.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-cache-'));
  roots.push(dir);
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
  return dir;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

function configFor(cwd: string, user: UserConfig = {}) {
  return resolveConfig(validateConfig(user, '<test config>', ALL_RULES), { cwd, dir: cwd, rules: ALL_RULES });
}

const FILES: Record<string, string> = {
  'src/queries.ts': "export const PURGE = 'DELETE FROM sessions';\nexport const ALL_USERS = 'SELECT * FROM users';\n",
  'src/users.ts': `import { Pool } from 'pg';
import { PURGE } from './queries.js';
const pool = new Pool();
export async function purge() {
  await pool.query(PURGE);
}
export async function loadUser(id: string) {
  return pool.query('SELECT id, name FROM users WHERE id = $1', [id]);
}
`,
  'src/jobs.ts': `import { loadUser } from './users.js';
export async function warm(ids: string[]) {
  for (const id of ids) {
    await loadUser(id);
  }
}
`,
  'src/orders.ts': `import { Pool } from 'pg';
const pool = new Pool();
export async function all() {
  return pool.query('SELECT * FROM orders ORDER BY random()');
}
`,
  'src/ui.tsx': "export const label = 'Select a file';\n",
  'migrations/001.sql': 'UPDATE users SET name = 1;\n',
};

async function compare(cwd: string, location: string, user: UserConfig = {}, paths: string[] = ['.'], version = '1.0.0') {
  const config = configFor(cwd, user);
  const cache = openCache(location, { version, configHash: hashConfig(config), cwd });
  const cached = await runCheckCached({ cwd, paths, config }, { cache });
  const plain = await runCheck({ cwd, paths, config });
  expect(cached.diagnostics).toEqual(plain.diagnostics);
  expect(cached.summary).toEqual(plain.summary);
  expect(cached.notes).toEqual(plain.notes);
  expect(cached.filesWithQueries).toEqual([...new Set(plain.queries.map((q) => q.fragment.file))].sort());
  return cached;
}

describe('runCheckCached', () => {
  it('gives runCheck results cold, then answers an unchanged tree from the cache', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    const cold = await compare(cwd, loc);
    expect(cold.diagnostics.length).toBeGreaterThanOrEqual(5);
    expect(cold.diagnostics.map((d) => d.ruleId)).toContain('no-query-in-loop');
    expect(cold.cache).toMatchObject({ mode: 'incremental', reusedGroups: 0 });
    expect(existsSync(path.join(loc, CACHE_FILE_NAME))).toBe(true);
    expect(cold.filesWithQueries).toEqual(expect.arrayContaining(['migrations/001.sql', 'src/orders.ts', 'src/users.ts']));

    const warm = await compare(cwd, loc);
    expect(warm.cache.mode).toBe('unchanged');
    expect(warm.cache.recomputedGroups).toBe(0);
    expect(warm.parsedQueries).toEqual([]);
    expect(warm.filesWithQueries).toEqual(cold.filesWithQueries);
  });

  it('recomputes only the group of a changed file', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    const cold = await compare(cwd, loc);
    write(cwd, 'src/orders.ts', `\n\n// moved down\n${FILES['src/orders.ts']}`);
    const after = await compare(cwd, loc);
    expect(after.cache).toMatchObject({ mode: 'incremental', recomputedGroups: 1 });
    expect(after.cache.groups).toBe(cold.cache.groups);
    expect(after.parsedQueries.map((q) => q.fragment.file)).toEqual(['src/orders.ts']);
    expect(after.diagnostics.find((d) => d.file === 'src/orders.ts')!.line).toBe(cold.diagnostics.find((d) => d.file === 'src/orders.ts')!.line + 3);
  });

  it('follows imported constants: editing the constant recomputes the file that uses it', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    await compare(cwd, loc);
    write(cwd, 'src/queries.ts', "export const PURGE = 'DELETE FROM sessions WHERE expires_at < now()';\nexport const ALL_USERS = 'SELECT * FROM users';\n");
    const after = await compare(cwd, loc);
    expect(after.diagnostics.some((d) => d.ruleId === 'no-delete-without-where')).toBe(false);
  });

  it('follows helpers in other files: a new or moved helper changes the N+1 finding', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    await compare(cwd, loc);
    write(cwd, 'src/users.ts', FILES['src/users.ts']!.replace("return pool.query('SELECT id, name FROM users WHERE id = $1', [id]);", 'return { id };'));
    const noHelper = await compare(cwd, loc);
    expect(noHelper.diagnostics.some((d) => d.file === 'src/jobs.ts')).toBe(false);
    write(cwd, 'src/users.ts', `// header\n\n${FILES['src/users.ts']}`);
    const helperBack = await compare(cwd, loc);
    expect(helperBack.diagnostics.some((d) => d.file === 'src/jobs.ts' && d.ruleId === 'no-query-in-loop')).toBe(true);
  });

  it('notices files outside the checked paths that imports reach, and project files', async () => {
    const cwd = project({
      'app/a.ts': "import { Pool } from 'pg';\nimport { Q } from '../shared/q.js';\nconst pool = new Pool();\nexport const run = () => pool.query(Q);\nexport const one = () => pool.query('SELECT id FROM users WHERE id = $1', [1]);\n",
      'shared/q.ts': "export const Q = 'SELECT id FROM users WHERE id = 1';\n",
    });
    const loc = path.join(cwd, '.cache');
    const first = await compare(cwd, loc, {}, ['app']);
    expect(first.diagnostics).toEqual([]);
    expect((await compare(cwd, loc, {}, ['app'])).cache.mode).toBe('unchanged');
    write(cwd, 'shared/q.ts', "export const Q = 'DELETE FROM users';\n");
    const changed = await compare(cwd, loc, {}, ['app']);
    expect(changed.cache.mode).toBe('incremental');
    expect(changed.diagnostics.map((d) => d.ruleId)).toContain('no-delete-without-where');
    expect((await compare(cwd, loc, {}, ['app'])).cache.mode).toBe('unchanged');
    write(cwd, 'package.json', JSON.stringify({ dependencies: { mysql2: '^3' } }));
    expect((await compare(cwd, loc, {}, ['app'])).cache.mode).toBe('incremental');
  });

  it('a suppression comment in a file without SQL is still reported when unused', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    await compare(cwd, loc);
    write(cwd, 'src/ui.tsx', "// sqlwarden-disable-next-line no-select-star -- legacy\nexport const label = 'Select a file';\n");
    const after = await compare(cwd, loc);
    expect(after.diagnostics.some((d) => d.file === 'src/ui.tsx' && d.ruleId === 'unused-disable')).toBe(true);
  });

  it('per-file config changes invalidate the files they touch; version and run-wide config empty the cache', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    await compare(cwd, loc);
    const override: UserConfig = { overrides: [{ files: 'src/orders.ts', rules: { 'no-order-by-random': 'off' } }] };
    const changed = await compare(cwd, loc, override);
    expect(changed.cache).toMatchObject({ mode: 'incremental', recomputedGroups: 1 });
    expect(changed.diagnostics.some((d) => d.ruleId === 'no-order-by-random')).toBe(false);
    expect((await compare(cwd, loc, override)).cache.mode).toBe('unchanged');
    const upgraded = await compare(cwd, loc, override, ['.'], '1.1.0');
    expect(upgraded.cache).toMatchObject({ mode: 'incremental', reusedGroups: 0 });
    const other = await compare(cwd, loc, { ...override, detectors: [{ callee: 'runSql', library: 'pg' }] } as UserConfig, ['.'], '1.1.0');
    expect(other.cache.reusedGroups).toBe(0);
  });

  it('ignores a corrupt cache with a note and rewrites it', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    mkdirSync(loc, { recursive: true });
    writeFileSync(path.join(loc, CACHE_FILE_NAME), '{"format": 1, "files": {');
    const r = await compare(cwd, loc);
    expect(r.cache.notes).toEqual([`cache: ${path.join(loc, CACHE_FILE_NAME)} is corrupt (not JSON); ignored, it will be rewritten`]);
    expect(() => JSON.parse(readFileSync(path.join(loc, CACHE_FILE_NAME), 'utf8'))).not.toThrow();
    expect((await compare(cwd, loc)).cache).toMatchObject({ mode: 'unchanged', notes: [] });
  });

  it('keeps one snapshot per set of paths', async () => {
    const cwd = project(FILES);
    const loc = path.join(cwd, '.cache');
    await compare(cwd, loc, {}, ['src']);
    await compare(cwd, loc, {}, ['migrations']);
    expect((await compare(cwd, loc, {}, ['src'])).cache.mode).toBe('unchanged');
    expect((await compare(cwd, loc, {}, ['migrations'])).cache.mode).toBe('unchanged');
    rmSync(path.join(cwd, 'src/orders.ts'));
    expect((await compare(cwd, loc, {}, ['src'])).cache.mode).toBe('incremental');
  });
});

describe('cache store', () => {
  it('saves atomically and reads back entries', () => {
    const dir = project({});
    const opts = { version: '1', configHash: 'c', cwd: dir };
    const cache = openCache('cache-dir', opts);
    expect(cache.file).toBe(path.join(dir, 'cache-dir', CACHE_FILE_NAME));
    expect(cache.save()).toEqual({ saved: false });
    cache.set('__proto__', { hash: 'h', key: 'k', diagnostics: [], queries: 1, parsed: 1, suppressed: 0 });
    expect(cache.save()).toEqual({ saved: true });
    expect(readdirSync(path.join(dir, 'cache-dir'))).toEqual([CACHE_FILE_NAME]);
    expect(openCache('cache-dir', opts).get('__proto__')).toMatchObject({ key: 'k', queries: 1 });
    expect(openCache('cache-dir', { ...opts, version: '2' }).keys()).toEqual([]);
    expect(openCache('cache-dir', { ...opts, configHash: 'other' }).notes).toEqual([]);
  });

  it('reports an unwritable location as a note, not an error', () => {
    const dir = project({ 'file-not-dir': 'x' });
    const cache = openCache(path.join(dir, 'file-not-dir', 'sub'), { version: '1', configHash: 'c' });
    cache.set('a', { hash: '', key: '', diagnostics: [], queries: 0, parsed: 0, suppressed: 0 });
    expect(cache.save().note).toMatch(/^cache: cannot write .*results were not cached$/);
  });

  it('cacheFilePath: folders by default, a .json path as a file', () => {
    expect(cacheFilePath('node_modules/.cache/sqlwarden', '/p')).toBe(`/p/node_modules/.cache/sqlwarden/${CACHE_FILE_NAME}`);
    expect(cacheFilePath('.sqlwarden-cache.json', '/p')).toBe('/p/.sqlwarden-cache.json');
  });

  it('stable hashing ignores key order', () => {
    expect(stableStringify({ b: 1, a: [new Map([['y', 1], ['x', 2]]), new Set([2, 1])], c: undefined })).toBe(stableStringify({ a: [new Map([['x', 2], ['y', 1]]), new Set([1, 2])], b: 1 }));
    expect(hashValue({ a: 1 })).not.toBe(hashValue({ a: 2 }));
  });
});
