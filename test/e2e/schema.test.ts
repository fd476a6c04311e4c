/** Schema-aware checks end to end: migrations, Prisma, snapshots, and inferred schemas. */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  help: string;
  evidence: string;
}

function check(args: string[], cwd?: string): { findings: Finding[]; remarks: string[]; code: number } {
  const r = cli(['check', '--format', 'json', ...args], cwd ? { cwd } : {});
  const out = JSON.parse(r.stdout) as { findings: Finding[]; summary: { remarks: string[] } };
  return { findings: out.findings, remarks: out.summary.remarks, code: r.code };
}

const schemaRules = new Set(['unknown-table', 'unknown-column', 'missing-index', 'large-table-scan']);
const brief = (fs: Finding[]) => fs.filter((f) => schemaRules.has(f.ruleId)).map((f) => `${path.basename(f.file)}:${f.line} ${f.ruleId}`);

describe('schema-aware check', () => {
  it('builds the schema from the migrations it walks and reports unknown names with suggestions and missing indexes', () => {
    const r = check(['fixtures/schema-app']);
    expect(r.remarks.join('\n')).toMatch(/schema: built from 3 migration files/);
    const found = r.findings.filter((f) => schemaRules.has(f.ruleId));
    expect(found.find((f) => f.ruleId === 'unknown-table')?.message).toMatch(/"comment".*did you mean "comments"/);
    expect(found.find((f) => f.ruleId === 'unknown-column')?.message).toMatch(/username.*did you mean "user_name"/);
    const indexes = found.filter((f) => f.ruleId === 'missing-index');
    expect(indexes.map((f) => f.help).join('\n')).toMatch(/CREATE INDEX CONCURRENTLY \w+ ON posts \(author_id\)/);
    expect(found.every((f) => f.evidence === 'schema')).toBe(true);
  });

  it('gives the same schema findings from an explicit --schema folder and from a snapshot', () => {
    const fromMigrations = brief(check(['--schema', 'fixtures/schema-app/migrations', 'fixtures/schema-app/src']).findings);
    const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-snap-'));
    const snapshot = path.join(dir, 'schema.json');
    const dump = cli(['schema', 'dump', '--from', 'fixtures/schema-app/migrations', '--out', snapshot]);
    expect(dump.code).toBe(0);
    expect(JSON.parse(readFileSync(snapshot, 'utf8')).tables.length).toBeGreaterThan(1);
    const fromSnapshot = brief(check(['--schema', snapshot, 'fixtures/schema-app/src']).findings);
    expect(fromSnapshot).toEqual(fromMigrations);
    expect(fromMigrations.length).toBeGreaterThanOrEqual(4);
  });

  it('reads the Prisma variant', () => {
    const r = check(['--schema', 'fixtures/schema-app/prisma-variant/prisma/schema.prisma', 'fixtures/schema-app/prisma-variant/src']);
    expect(r.remarks.join('\n')).toMatch(/schema/);
    expect(r.findings.some((f) => f.ruleId === 'unknown-table' || f.ruleId === 'unknown-column')).toBe(true);
  });

  it('with an inferred schema, reports only unknown tables that look like typos', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-inferred-'));
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, 'migrations', '001.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, total int);\n');
    writeFileSync(
      path.join(dir, 'app.ts'),
      "await pool.query('SELECT id FROM ordrs WHERE id = $1', [id]);\nawait pool.query('SELECT id FROM invoices WHERE id = $1', [id]);\n",
    );
    const unknown = check(['.'], dir).findings.filter((f) => f.ruleId === 'unknown-table');
    expect(unknown.map((f) => `${f.line} ${f.message}`)).toEqual([expect.stringMatching(/^1 .*"ordrs".*did you mean "orders"/)]);
  });

  it('names a broken schema source and exits 2', () => {
    const r = cli(['check', '--schema', 'no/such/schema.sql', 'fixtures/schema-app/src']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no\/such\/schema\.sql/);
  });

  it('never prints a password from a database URL', () => {
    const r = cli(['check', '--schema', 'postgres://app:s3cret@127.0.0.1:1/nope', 'fixtures/schema-app/src']);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).not.toContain('s3cret');
  });
});

describe('inferred schemas in a monorepo', () => {
  it('judges each app by its own migrations only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-mono-'));
    for (const app of ['billing', 'blog']) mkdirSync(path.join(dir, 'apps', app, 'migrations'), { recursive: true });
    writeFileSync(path.join(dir, 'apps/billing/migrations/001.sql'), 'CREATE TABLE posts (id bigint PRIMARY KEY, amount int);\n');
    writeFileSync(path.join(dir, 'apps/blog/migrations/001.sql'), 'CREATE TABLE posts (id bigint PRIMARY KEY, title text);\n');
    writeFileSync(path.join(dir, 'apps/blog/posts.ts'), "await pool.query('SELECT id, title FROM posts WHERE id = $1', [id]);\nawait pool.query('SELECT id, titel FROM posts WHERE id = $1', [id]);\n");
    const r = check(['.'], dir);
    const unknown = r.findings.filter((f) => f.ruleId === 'unknown-column').map((f) => `${f.line} ${f.message}`);
    expect(unknown).toEqual([expect.stringMatching(/^2 .*"titel".*did you mean "title"/)]);
    expect(r.remarks.filter((x) => x.startsWith('schema:'))).toHaveLength(2);
  });
});
