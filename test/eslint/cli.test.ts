/**
 * Real CLI runs on fixtures/eslint-app: ESLint 8 (legacy .eslintrc.cjs, plugin
 * resolved by name through eslint-plugin-sqlwarden), ESLint 9 and 10 (flat
 * eslint.config.mjs importing sqlwarden/eslint-plugin), and `sqlwarden check`
 * must give the same findings: rule, position, severity and message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuild } from './build.js';

const APP = path.join(ROOT, 'fixtures/eslint-app');

interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
}

interface Run {
  code: number;
  stderr: string;
  findings: Finding[];
}

function spawn(args: string[], env: Record<string, string> = {}, cwd = APP) {
  const r = spawnSync(process.execPath, args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface EslintFileResult {
  filePath: string;
  messages: { ruleId: string | null; fatal?: boolean; severity: number; line: number; column: number; endLine?: number; endColumn?: number; message: string }[];
}

function eslint(bin: string, args: string[], env: Record<string, string> = {}, cwd = APP): Run {
  const r = spawn([path.join(ROOT, 'node_modules', bin, 'bin/eslint.js'), '--format', 'json', ...args, '.'], env, cwd);
  let results: EslintFileResult[];
  try {
    results = JSON.parse(r.stdout) as EslintFileResult[];
  } catch {
    throw new Error(`${bin} printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  const findings = results.flatMap((f) =>
    f.messages.map((m) => ({
      file: path.relative(cwd, f.filePath).split(path.sep).join('/'),
      line: m.line,
      column: m.column,
      endLine: m.endLine ?? -1,
      endColumn: m.endColumn ?? -1,
      ruleId: m.fatal ? `FATAL ${m.message}` : (m.ruleId ?? 'null').replace(/^sqlwarden\//, ''),
      severity: m.severity === 2 ? ('error' as const) : ('warning' as const),
      message: m.message,
    })),
  );
  return { code: r.code, stderr: r.stderr, findings: sorted(findings) };
}

function sqlwardenCheck(cwd = APP, args: string[] = []): Run {
  const r = spawn([path.join(ROOT, 'bin/sqlwarden.js'), 'check', '--format', 'json', ...args, '.'], {}, cwd);
  const out = JSON.parse(r.stdout) as { findings: Finding[] };
  const findings = out.findings.map(({ file, line, column, endLine, endColumn, ruleId, severity, message }) => ({ file, line, column, endLine, endColumn, ruleId, severity, message }));
  return { code: r.code, stderr: r.stderr, findings: sorted(findings) };
}

function sorted(findings: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.file}\0${String(f.line).padStart(6)}\0${String(f.column).padStart(6)}\0${f.ruleId}\0${f.message}`;
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe('the plugin under real ESLint CLIs', () => {
  let check: Run;
  let v8: Run;
  let v9: Run;
  let v10: Run;

  beforeAll(() => {
    ensureBuild();
    check = sqlwardenCheck();
    v8 = eslint('eslint', ['--ext', '.ts,.js'], { ESLINT_USE_FLAT_CONFIG: 'false' });
    v9 = eslint('eslint9', []);
    v10 = eslint('eslint10', []);
  }, 120_000);

  it('sqlwarden check finds what the fixture is built to show', () => {
    const rules = new Set(check.findings.map((f) => f.ruleId));
    for (const id of ['no-select-star', 'no-unbounded-select', 'no-query-in-loop', 'no-delete-without-where', 'no-update-without-where', 'no-unsafe-interpolation', 'parse-error', 'unused-disable', 'no-cartesian-join', 'unknown-table', 'unknown-column', 'missing-index']) {
      expect(rules, id).toContain(id);
    }
    // The N+1 through a helper imported from another file.
    expect(check.findings).toContainEqual(expect.objectContaining({ file: 'src/users.ts', line: 6, ruleId: 'no-query-in-loop', message: expect.stringContaining('defined in src/db.ts') }));
    expect(check.findings).toContainEqual(expect.objectContaining({ file: 'src/counts.ts', line: 5, ruleId: 'no-query-in-loop', message: expect.stringContaining('`countOrders()` runs a query (defined in src/db.ts)') }));
    // Columns in UTF-16 code units after non-ASCII text, on a CRLF line.
    expect(check.findings).toContainEqual(expect.objectContaining({ file: 'src/unicode.ts', line: 4, column: 78, ruleId: 'no-select-star' }));
    // Schema-aware rules read the snapshot.
    expect(check.findings).toContainEqual(expect.objectContaining({ file: 'src/typos.ts', line: 4, column: 43, ruleId: 'unknown-table' }));
    // The real Postgres parser's message: libpg-query was loaded.
    expect(check.findings).toContainEqual(expect.objectContaining({ ruleId: 'parse-error', message: 'SQL does not parse as postgresql: syntax error at or near "created_at"' }));
  });

  it('ESLint 8 with legacy config (plugins: [\'sqlwarden\']) gives the same findings as sqlwarden check', () => {
    expect(v8.stderr).not.toMatch(/Error|Cannot find/);
    expect(v8.code).toBe(1);
    expect(v8.findings).toEqual(check.findings);
  });

  it('ESLint 9 with flat config gives the same findings as sqlwarden check', () => {
    expect(v9.stderr).not.toMatch(/Error|Cannot find/);
    expect(v9.code).toBe(1);
    expect(v9.findings).toEqual(check.findings);
  });

  it('ESLint 10 with flat config gives the same findings as sqlwarden check', () => {
    expect(v10.stderr).not.toMatch(/Error|Cannot find/);
    expect(v10.code).toBe(1);
    expect(v10.findings).toEqual(check.findings);
  });
});

describe('the plugin and sqlwarden check on a generated code base', () => {
  let dir: string;

  beforeAll(async () => {
    ensureBuild();
    dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-eslint-parity-'));
    const generator = path.join(ROOT, 'bench/generate.mjs');
    const { generate } = (await import(pathToFileURL(generator).href)) as { generate(o: { files: number; out: string; seed?: number }): unknown };
    generate({ files: 300, out: dir, seed: 7 });
    const parser = createRequire(path.join(ROOT, 'package.json')).resolve('@typescript-eslint/parser');
    writeFileSync(
      path.join(dir, 'eslint.config.mjs'),
      [
        `import tsParser from ${JSON.stringify(pathToFileURL(parser).href)};`,
        `import sqlwarden from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/eslint/index.js')).href)};`,
        "export default [{ ignores: ['eslint.config.mjs'] }, { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } }, sqlwarden.configs['flat/recommended']];",
      ].join('\n'),
    );
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same findings file by file (300 files, 11 libraries, SQL constants shared across files, schema from its migrations)', () => {
    // The CLI builds a schema from the DDL it walks; the plugin sees one file, so both read a snapshot of it.
    const dump = spawn([path.join(ROOT, 'bin/sqlwarden.js'), 'schema', 'dump', '--from', 'migrations'], {}, dir);
    expect(dump.code, dump.stderr).toBe(0);
    const check = sqlwardenCheck(dir, ['--schema', '.sqlwarden/schema.json']);
    const v9 = eslint('eslint9', [], {}, dir);
    expect(check.findings.length).toBeGreaterThan(100);
    expect(check.findings.some((f) => f.ruleId === 'unknown-table')).toBe(true);
    // The generated migrations (.sql) are not JavaScript: ESLint does not lint them. Messages are
    // left out: SQL in a constant shared across files is read by the plugin in its own file, where
    // a `?` the caller's driver would renumber to `$1` stays `?` in the message text.
    const place = ({ message: _message, ...rest }: Finding) => rest;
    expect(v9.findings.map(place)).toEqual(check.findings.filter((f) => !f.file.endsWith('.sql')).map(place));
  }, 120_000);
});
