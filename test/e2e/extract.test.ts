/** `sqlwarden extract` on every fixture: every query found, nothing from prose. */
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';

interface Q {
  file: string;
  line: number;
  column: number;
  sql: string;
  library: string;
  dialect: string;
  parsed: boolean;
}

function extract(...paths: string[]): Q[] {
  const r = cli(['extract', '--format', 'json', ...paths]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { queries: Q[] }).queries;
}

const at = (qs: Q[]) => qs.map((q) => `${q.file.replace(/^fixtures\/(apps\/)?/, '')}:${q.line}`);

describe('sqlwarden extract', () => {
  it('finds nothing in strings that only look like SQL', () => {
    expect(extract('fixtures/not-sql')).toEqual([]);
  });

  it('finds every query of the outage app with the line where its literal starts', () => {
    const qs = extract('fixtures/outage/src');
    expect(at(qs)).toEqual([
      'outage/src/repositories/postsRepository.ts:24',
      'outage/src/repositories/postsRepository.ts:30',
      'outage/src/repositories/postsRepository.ts:38',
      'outage/src/repositories/postsRepository.ts:45',
      'outage/src/repositories/postsRepository.ts:51',
      'outage/src/repositories/postsRepository.ts:59',
      'outage/src/repositories/postsRepository.ts:65',
    ]);
    expect(qs[0]!.sql).toBe('SELECT * FROM posts ORDER BY created_at DESC');
    expect(qs.every((q) => q.parsed && q.library === 'pg' && q.dialect === 'postgresql')).toBe(true);
  });

  it('follows constants imported from another file and + concatenation', () => {
    const qs = extract('fixtures/apps/pg');
    const sqls = qs.map((q) => q.sql.replace(/\s+/g, ' ').trim());
    expect(sqls).toContain('SELECT * FROM tags ORDER BY name');
    expect(sqls).toContain('SELECT id, email, name FROM users WHERE lower(email) = lower($1) LIMIT 1');
    expect(qs.every((q) => q.library === 'pg')).toBe(true);
  });

  it('reads every library fixture, all of it parsing', () => {
    const qs = extract('fixtures/apps');
    const libraries = new Set(qs.map((q) => q.library));
    for (const lib of ['pg', 'postgres', 'mysql2', 'better-sqlite3', 'sqlite3', 'pg-promise', 'knex', 'prisma', 'typeorm', 'sequelize', 'slonik', 'drizzle', 'kysely', '@vercel/postgres']) {
      expect(libraries, lib).toContain(lib);
    }
    const unparsed = qs.filter((q) => !q.parsed).map((q) => `${q.file}:${q.line} ${q.sql}`);
    // Only queries with runtime holes in clause positions may fail to parse.
    expect(unparsed.length).toBeLessThanOrEqual(2);
  });

  it('is deterministic: same input, same bytes', () => {
    const a = cli(['extract', '--format', 'json', 'fixtures']).stdout;
    const b = cli(['extract', '--format', 'json', 'fixtures']).stdout;
    expect(a).toBe(b);
  });
});

describe('sqlwarden extract on .sql files', () => {
  it('lists one entry per statement, at its line, and marks the one that does not parse', () => {
    const qs = extract('fixtures/sql/broken.sql');
    expect(qs.map((q) => [q.line, q.column, q.parsed, q.sql])).toEqual([
      [1, 1, true, 'SELECT id, email FROM customers WHERE id = 1'],
      [3, 1, false, 'SELEC id FROM users'],
      [5, 1, true, "UPDATE customers SET name = 'Ada' WHERE id = 1"],
    ]);
  });
});
