/** Suppression directives in TypeScript comments and in SQL comments, and unused-directive reports. */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/api.js';
import { parseDirectives } from '../../src/analyse/suppressions.js';

async function ids(code: string, filename = 'a.ts', config: Record<string, unknown> = {}): Promise<string[]> {
  const r = await lintText(code, { filename, config: config as never });
  return r.diagnostics.map((d) => `${d.line}:${d.ruleId}`).sort();
}

describe('parseDirectives', () => {
  it('reads kinds, rule lists and reasons in every comment style', () => {
    const ds = parseDirectives(
      [
        '// sqlwarden-disable-next-line no-select-star, no-unbounded-select -- legacy report',
        "pool.query('SELECT * FROM t -- sqlwarden-disable-line no-select-star')",
        '/* sqlwarden-disable no-order-by-random */',
        '/* sqlwarden-enable */',
        '-- sqlwarden-disable-file',
      ].join('\n'),
    );
    expect(ds.map((d) => [d.kind, d.rules, d.reason ?? null, d.fromLine, d.toLine])).toEqual([
      ['disable-next-line', ['no-select-star', 'no-unbounded-select'], 'legacy report', 2, 2],
      ['disable-line', ['no-select-star'], null, 2, 2],
      ['disable', ['no-order-by-random'], null, 3, 4],
      ['disable-file', [], null, 1, 5],
    ]);
  });
});

describe('directive text in string literals', () => {
  it('is not a directive, unless it is a SQL comment inside SQL', () => {
    const ds = parseDirectives(
      [
        'const help = "// sqlwarden-disable-next-line no-select-star -- reason";',
        'const doc = `/* sqlwarden-disable */`;',
        "pool.query('SELECT * FROM t -- sqlwarden-disable-line no-select-star')",
      ].join('\n'),
    );
    expect(ds.map((d) => [d.kind, d.line])).toEqual([['disable-line', 3]]);
  });
});

describe('suppressions', () => {
  const risky = "await pool.query('SELECT * FROM users ORDER BY random() LIMIT 5');";

  it('reports without a directive', async () => {
    expect(await ids(risky)).toEqual(['1:no-order-by-random', '1:no-select-star']);
  });

  it('disable-next-line above the call silences the named rule only', async () => {
    expect(await ids(`// sqlwarden-disable-next-line no-select-star -- three columns\n${risky}`)).toEqual(['2:no-order-by-random']);
  });

  it('disable-next-line above a multi-line call covers findings on later lines of the SQL', async () => {
    const code = "// sqlwarden-disable-next-line no-select-star -- view\nawait pool.query(`\n  SELECT *\n  FROM users WHERE id = $1`, [id]);";
    expect(await ids(code)).toEqual([]);
  });

  it('disable-line inside the SQL', async () => {
    const code = "await pool.query(`\n  SELECT * -- sqlwarden-disable-line no-select-star\n  FROM users WHERE id = $1`, [id]);";
    expect(await ids(code)).toEqual([]);
  });

  it('disable ... enable ranges', async () => {
    const code = `/* sqlwarden-disable no-select-star */\n${risky}\n/* sqlwarden-enable */\n${risky}`;
    expect(await ids(code)).toEqual(['2:no-order-by-random', '4:no-order-by-random', '4:no-select-star']);
  });

  it('file-level disable in a .sql file', async () => {
    expect(await ids('-- sqlwarden-disable-file no-delete-without-where -- nightly cleanup\nDELETE FROM sessions;', 'cleanup.sql')).toEqual([]);
  });

  it('reports a directive that suppresses nothing', async () => {
    const code = "// sqlwarden-disable-next-line no-select-star -- old\nawait pool.query('SELECT id FROM users WHERE id = $1', [id]);";
    expect(await ids(code)).toEqual(['1:unused-disable']);
  });

  it('with requireReason (strict), a directive without a reason is reported and does not apply', async () => {
    const code = `// sqlwarden-disable-next-line no-select-star\n${risky}`;
    const found = await ids(code, 'a.ts', { rules: { 'unused-disable': ['error', { requireReason: true }] } });
    expect(found).toEqual(['1:unused-disable', '2:no-order-by-random', '2:no-select-star']);
    const strict = await ids(code, 'a.ts', { extends: 'strict' });
    expect(strict).toContain('1:unused-disable');
  });
});
