import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintText } from '../../src/api.js';
import {
  BASELINE_VERSION,
  BaselineError,
  applyBaseline,
  baselineFingerprint,
  createBaseline,
  describeBaselineResult,
  formatBaseline,
  readBaseline,
  writeBaseline,
} from '../../src/baseline/index.js';
import type { Diagnostic } from '../../src/core/types.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-baseline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const V1 = `import { Pool } from 'pg';
const pool = new Pool();

export async function purge() {
  await pool.query('DELETE FROM sessions');
}

export async function everyone() {
  return pool.query('SELECT * FROM users');
}
`;

// The same queries, moved down, re-indented and reflowed; a comment added.
const V2 = `import { Pool } from 'pg';

// Helpers for the admin screen.
const pool = new Pool();

export async function everyone() {
  return pool.query(\`
    SELECT *
      FROM   users
  \`);
}

export async function purge() {
      await pool.query(
        'DELETE   FROM sessions',
      );
}
`;

async function lint(code: string, filename = 'src/admin.ts'): Promise<Diagnostic[]> {
  return (await lintText(code, { filename, cwd: tmp })).diagnostics;
}

describe('baseline', () => {
  it('absorbs the same findings after lines move and queries are reformatted', async () => {
    const before = await lint(V1);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const baseline = createBaseline(before);
    const after = await lint(V2);
    expect(after.map((d) => d.line)).not.toEqual(before.map((d) => d.line));
    const result = applyBaseline(after, baseline);
    expect(result.kept).toEqual([]);
    expect(result.absorbed).toBe(after.length);
    expect(result.fixed).toEqual([]);
  });

  it('reports a new finding and lists fixed entries', async () => {
    const baseline = createBaseline(await lint(V1));
    const changed = V1.replace("'DELETE FROM sessions'", "'DELETE FROM sessions WHERE expires_at < now()'").replace(
      'export async function everyone',
      "export async function wipe() {\n  await pool.query('DELETE FROM audit_events');\n}\n\nexport async function everyone",
    );
    const result = applyBaseline(await lint(changed), baseline);
    expect(result.kept.map((d) => `${d.ruleId} ${d.sql ?? ''}`)).toEqual([expect.stringMatching(/^no-delete-without-where DELETE FROM audit_events/)]);
    expect(result.fixed).toHaveLength(1);
    expect(result.fixed[0]).toMatchObject({ ruleId: 'no-delete-without-where', file: 'src/admin.ts', count: 1 });
    expect(describeBaselineResult(result, '.sqlwarden-baseline.json')).toMatch(/hidden, 1 fixed since the baseline/);
  });

  it('matches by count when the same query appears several times in a file', async () => {
    const twice = V1.replace('export async function everyone', "export async function purgeAgain() {\n  await pool.query('DELETE FROM sessions');\n}\n\nexport async function everyone");
    const thrice = twice.replace('export async function everyone', "export async function purgeThird() {\n  await pool.query('delete from sessions');\n}\n\nexport async function everyone");
    const baseline = createBaseline(await lint(twice));
    const entry = baseline.entries.find((e) => e.ruleId === 'no-delete-without-where')!;
    expect(entry.count).toBe(2);

    const three = applyBaseline(await lint(thrice), baseline);
    expect(three.kept.map((d) => d.ruleId)).toEqual(['no-delete-without-where']);
    expect(three.absorbed).toBe((await lint(twice)).length);

    const one = applyBaseline(await lint(V1), baseline);
    expect(one.kept).toEqual([]);
    expect(one.fixed).toEqual([expect.objectContaining({ ruleId: 'no-delete-without-where', count: 1 })]);
  });

  it('keys on rule and file too', async () => {
    const baseline = createBaseline(await lint(V1, 'src/a.ts'));
    const elsewhere = applyBaseline(await lint(V1, 'src/b.ts'), baseline);
    expect(elsewhere.absorbed).toBe(0);
    expect(elsewhere.fixed.reduce((n, e) => n + e.count, 0)).toBe(baseline.entries.reduce((n, e) => n + e.count, 0));
  });

  it('falls back to SQL text, then to the message with digits masked', () => {
    const base: Diagnostic = { ruleId: 'r', severity: 'warning', message: 'm', help: 'h', file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2, docsUrl: '', evidence: 'heuristic' };
    expect(baselineFingerprint({ ...base, fingerprint: 'abc' })).toBe('q:abc');
    expect(baselineFingerprint({ ...base, sql: 'SELECT\n   1' })).toBe('s:SELECT 1');
    expect(baselineFingerprint({ ...base, message: '`load()` (defined at line 12) runs in a loop' })).toBe(baselineFingerprint({ ...base, message: '`load()` (defined at line 40) runs in a loop' }));
  });

  it('writes stable, sorted JSON with a version and reads it back', async () => {
    const diagnostics = await lint(V1);
    const file = path.join(tmp, 'nested', '.sqlwarden-baseline.json');
    writeBaseline(file, createBaseline([...diagnostics].reverse()));
    const text = readFileSync(file, 'utf8');
    writeBaseline(file, createBaseline(await lint(V2)));
    expect(readFileSync(file, 'utf8')).toBe(text);
    const parsed = JSON.parse(text) as { version: number; tool: string; entries: { file: string; ruleId: string; fingerprint: string; count: number }[] };
    expect(parsed.version).toBe(BASELINE_VERSION);
    expect(parsed.tool).toBe('sqlwarden');
    expect(Object.keys(parsed.entries[0]!)).toEqual(['file', 'ruleId', 'fingerprint', 'count', 'message']);
    const keys = parsed.entries.map((e) => `${e.file}\0${e.ruleId}\0${e.fingerprint}`);
    expect(keys).toEqual([...keys].sort());
    expect(text.endsWith('}\n')).toBe(true);
    expect(readBaseline(file)).toEqual(createBaseline(diagnostics));
    expect(formatBaseline(readBaseline(file))).toBe(text);
  });

  it('names the file in a clear error when the baseline is missing or broken', () => {
    const missing = path.join(tmp, 'nope.json');
    expect(() => readBaseline(missing)).toThrow(BaselineError);
    expect(() => readBaseline(missing)).toThrow(`baseline file ${missing} does not exist`);
    const cases: [string, RegExp][] = [
      ['{"version": 1, "entries": [', /is not valid JSON/],
      ['[]', /is not a sqlwarden baseline: expected an object/],
      ['{"version": 2, "entries": []}', /has version 2, newer than this sqlwarden supports/],
      ['{"version": 1}', /"entries" must be an array/],
      ['{"version": 1, "entries": [{"ruleId": "r", "file": "f", "fingerprint": "q:x", "count": 0}]}', /entries\[0\]\.count must be a whole number/],
      ['{"version": 1, "entries": [{"ruleId": "r", "fingerprint": "q:x"}]}', /entries\[0\]\.file must be a non-empty string/],
    ];
    for (const [text, why] of cases) {
      const file = path.join(tmp, 'broken.json');
      writeFileSync(file, text);
      expect(() => readBaseline(file)).toThrow(why);
      expect(() => readBaseline(file)).toThrow(file);
    }
  });
});
