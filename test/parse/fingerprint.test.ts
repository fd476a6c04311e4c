import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/core/types.js';
import { fingerprintSql, initParsers } from '../../src/parse/index.js';
import { statementRanges, tokenize } from '../../src/parse/lexer.js';
import { parse } from './helpers.js';

beforeAll(async () => {
  await initParsers();
});

describe('fingerprintSql (fallback)', () => {
  it('is a 16-hex-digit hash', () => {
    expect(fingerprintSql('SELECT 1')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('ignores whitespace, comments, keyword case, literals, placeholders and IN-list length', () => {
    const base = fingerprintSql("SELECT * FROM users WHERE id = 1 AND name = 'bob' AND x IN (1, 2, 3)");
    expect(fingerprintSql("select *\n  from users -- who\n where id = 42 and name = 'alice' /* c */ and x in (7)")).toBe(base);
    expect(fingerprintSql('SELECT * FROM users WHERE id = $1 AND name = $2 AND x IN ($3, $4)')).toBe(base);
    expect(fingerprintSql('SELECT * FROM users WHERE id = ? AND name = :name AND x IN (?)', 'mysql')).toBe(base);
    expect(fingerprintSql("SELECT * FROM users WHERE id = 1 AND name = 'bob' AND x IN (1, 2, 3);")).toBe(base);
  });

  it('differs for different tables, columns and operators', () => {
    const base = fingerprintSql('SELECT * FROM users WHERE id = 1');
    expect(fingerprintSql('SELECT * FROM orders WHERE id = 1')).not.toBe(base);
    expect(fingerprintSql('SELECT * FROM users WHERE uid = 1')).not.toBe(base);
    expect(fingerprintSql('SELECT * FROM users WHERE id > 1')).not.toBe(base);
  });
});

describe('ParsedQuery.fingerprint', () => {
  for (const dialect of ['postgresql', 'mysql', 'sqlite'] as Dialect[]) {
    it(`${dialect}: stable across reformatting and literal values, different across tables`, () => {
      const a = parse('SELECT id, name FROM users WHERE id = 1', dialect).fingerprint;
      const b = parse('select id,\n       name\n  from users\n where id = 999', dialect).fingerprint;
      const c = parse('SELECT id, name FROM accounts WHERE id = 1', dialect).fingerprint;
      expect(a).toMatch(/^[0-9a-f]{16}$/);
      expect(b).toBe(a);
      expect(c).not.toBe(a);
    });
  }

  it('postgresql: falls back when the text does not parse', () => {
    const q = parse('SELECT * FORM users WHERE id = 1');
    expect(q.error).toBeDefined();
    expect(q.fingerprint).toBe(parse('SELECT *   FORM users WHERE id = 2').fingerprint);
  });
});

describe('tokenizer', () => {
  it('skips comments and keeps quoted text whole', () => {
    const t = tokenize("SELECT 'a;b' -- c;\n/* d; */ \"e;f\", $$g;h$$, E'i\\'j', $1, ?, :name, x::int FROM t;", 'postgresql');
    expect(t.map((x) => [x.kind, x.value])).toEqual([
      ['word', 'SELECT'], ['string', 'a;b'], ['qident', 'e;f'], ['punct', ','], ['string', 'g;h'], ['punct', ','],
      ['string', "i'j"], ['punct', ','], ['param', '$1'], ['punct', ','], ['param', '?'], ['punct', ','],
      ['param', ':name'], ['punct', ','], ['word', 'X'], ['op', '::'], ['word', 'INT'], ['word', 'FROM'], ['word', 'T'],
      ['punct', ';'],
    ]);
  });

  it('knows dialect quoting: backticks, brackets, # comments, backslash escapes', () => {
    const my = tokenize("SELECT `a``b`, \"s\", 'x\\'y' # c; d\nFROM t", 'mysql');
    expect(my.map((x) => [x.kind, x.value])).toEqual([
      ['word', 'SELECT'], ['qident', 'a`b'], ['punct', ','], ['string', 's'], ['punct', ','], ['string', "x'y"],
      ['word', 'FROM'], ['word', 'T'],
    ]);
    const ms = tokenize('SELECT [a b] FROM [dbo].[t] WHERE x = @p', 'transactsql');
    expect(ms.filter((x) => x.kind === 'qident' || x.kind === 'param').map((x) => x.value)).toEqual(['a b', 'dbo', 't', '@p']);
  });

  it('never throws on unterminated text', () => {
    expect(tokenize("SELECT 'abc", 'postgresql').map((x) => x.kind)).toEqual(['word', 'string']);
    expect(tokenize('SELECT /* open', 'mysql').map((x) => x.kind)).toEqual(['word']);
    expect(tokenize('SELECT $tag$ open', 'postgresql').map((x) => x.kind)).toEqual(['word', 'string']);
  });

  it('splits statements on semicolons outside quotes and comments', () => {
    const sql = "SELECT ';'; -- ;\n;; UPDATE t SET a = 'x;y' /* ; */ ; DELETE FROM t";
    const tokens = tokenize(sql, 'mysql');
    const ranges = statementRanges(tokens);
    expect(ranges.map(([a, b]) => sql.slice(tokens[a]!.start, tokens[b]!.end))).toEqual([
      "SELECT ';'",
      "UPDATE t SET a = 'x;y'",
      'DELETE FROM t',
    ]);
  });

  it('splits operators the way PostgreSQL does', () => {
    expect(tokenize('a=-1 AND b<>2 AND c->>d AND e@>f', 'postgresql').filter((x) => x.kind === 'op').map((x) => x.value)).toEqual([
      '=', '-', '<>', '->>', '@>',
    ]);
  });
});
