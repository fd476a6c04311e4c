/** `sqlwarden check` end to end: exit codes, formats, errors, determinism. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-e2e-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('sqlwarden check', () => {
  it('reports the outage query at its exact line, with help, in stylish format', () => {
    const r = cli(['check', 'fixtures/outage']);
    expect(r.stdout).toContain('fixtures/outage/src/repositories/postsRepository.ts');
    expect(r.stdout).toMatch(/ {2}24:\d+ +warning {2}.*posts.*no-unbounded-select/);
    expect(r.stdout).toContain('help:');
    expect(r.stdout).toMatch(/\d+ problems? \(\d+ errors?, \d+ warnings?\)/);
    expect(r.stdout).toMatch(/\d+ files read, \d+ queries found, \d+ parsed/);
  });

  it('prints JSON with the documented fields', () => {
    const r = cli(['check', '--format', 'json', 'fixtures/outage']);
    const out = JSON.parse(r.stdout) as { findings: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      for (const key of ['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'help']) expect(f).toHaveProperty(key);
    }
    expect(out.summary).toMatchObject({ files: expect.any(Number), queries: expect.any(Number), parsed: expect.any(Number) });
  });

  it('exits 1 on an error-severity finding and 0 on a clean project', () => {
    const bad = tempProject({ 'a.ts': "await pool.query('DELETE FROM sessions');\n" });
    expect(cli(['check', '.'], { cwd: bad }).code).toBe(1);
    const good = tempProject({ 'a.ts': "await pool.query('SELECT id FROM users WHERE id = $1', [id]);\n" });
    const r = cli(['check', '.'], { cwd: good });
    expect(r.stdout).toContain('0 problems');
    expect(r.code).toBe(0);
  });

  it('exits 1 when warnings exceed --max-warnings', () => {
    const dir = tempProject({ 'a.ts': "await pool.query('SELECT id FROM users ORDER BY random() LIMIT 5');\n" });
    expect(cli(['check', '.'], { cwd: dir }).code).toBe(0);
    const r = cli(['check', '.', '--max-warnings', '0'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('too many warnings');
  });

  it('--quiet shows errors only', () => {
    const dir = tempProject({ 'a.ts': "await pool.query('SELECT id FROM users ORDER BY random() LIMIT 5');\n" });
    expect(cli(['check', '.', '--quiet'], { cwd: dir }).stdout).not.toContain('no-order-by-random');
  });

  it('reports unparsable SQL as a parse-error finding at its position', () => {
    const r = cli(['check', '--format', 'json', 'fixtures/sql/broken.sql']);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; column: number }[] };
    const pe = out.findings.filter((f) => f.ruleId === 'parse-error');
    expect(pe.map((f) => `${f.line}:${f.column}`)).toEqual(['3:1']);
  });

  it('exits 2 naming the key of a broken config', () => {
    const dir = tempProject({ 'sqlwarden.config.json': '{ "rules": { "no-select-star": ["warn", { "nope": 1 }] } }', 'a.ts': '' });
    const r = cli(['check', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sqlwarden.config.json');
    expect(r.stderr).toContain('rules.no-select-star[1].nope');
    const typo = tempProject({ '.sqlwardenrc.json': '{ "dialekt": "mysql" }' });
    const t = cli(['check', '.'], { cwd: typo });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/dialekt/);
  });

  it('exits 2 on usage errors without a stack trace', () => {
    const r = cli(['check', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No such file or folder: no/such/dir');
    expect(r.stderr).not.toContain('    at ');
    expect(cli(['check', '--format', 'xml']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('prints version and help with examples', () => {
    expect(cli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = cli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });

  it('is deterministic: same input, same bytes', () => {
    expect(cli(['check', '--format', 'json', 'fixtures']).stdout).toBe(cli(['check', '--format', 'json', 'fixtures']).stdout);
  });

  it('skips binary and huge files with a note, never a crash', () => {
    const dir = tempProject({ 'ok.ts': "pool.query('SELECT 1 FROM t WHERE a = 1');\n" });
    writeFileSync(path.join(dir, 'bin.ts'), Buffer.from([0, 1, 2, 3]));
    const r = cli(['check', '--format', 'json', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.skipped).toEqual([{ file: 'bin.ts', reason: 'skipped: binary file' }]);
  });
});

describe('parallel extraction', () => {
  it('gives the same bytes with worker threads as on one thread', () => {
    const one = cli(['check', '--format', 'json', 'fixtures'], { env: { SQLWARDEN_WORKERS: '0' } });
    const many = cli(['check', '--format', 'json', 'fixtures'], { env: { SQLWARDEN_WORKERS: '2', SQLWARDEN_PARALLEL_MIN_FILES: '1' } });
    expect(JSON.parse(many.stdout).findings.length).toBeGreaterThan(20);
    expect(many.stdout).toBe(one.stdout);
  });
});
