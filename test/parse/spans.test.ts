import { beforeAll, describe, expect, it } from 'vitest';
import { initParsers } from '../../src/parse/index.js';
import type { Dialect } from '../../src/core/types.js';
import { offsetMap } from '../../src/parse/offsets.js';
import { as, parse, select, statements, text } from './helpers.js';
import { conjuncts } from '../../src/parse/walk.js';

beforeAll(async () => {
  await initParsers();
});

describe('byte and code-point offsets', () => {
  it('maps UTF-8 byte offsets to UTF-16 offsets', () => {
    const s = 'a\u00e9\u20ac😀b';
    const m = offsetMap(s);
    // a=1 byte, é=2, €=3, 😀=4 (two UTF-16 units), b=1
    expect([0, 1, 3, 6, 10].map((b) => m.fromByte(b))).toEqual([0, 1, 2, 3, 5]);
    expect(m.fromByte(2)).toBe(1);
    expect(m.fromByte(99)).toBe(s.length);
    expect([0, 1, 2, 3, 4, 5].map((c) => m.fromCodePoint(c))).toEqual([0, 1, 2, 3, 5, 6]);
  });

  it('is the identity for ASCII', () => {
    const m = offsetMap('SELECT 1');
    expect(m.fromByte(7)).toBe(7);
    expect(m.fromCodePoint(7)).toBe(7);
  });
});

describe('exact spans after non-ASCII text', () => {
  const cases: [Dialect, string][] = [
    ['postgresql', "SELECT 'café 😀' AS label, lower(name) FROM users u WHERE u.name = 'naïve' AND u.id = $1 AND u.n > -3 LIMIT 10 OFFSET 20"],
    ['mysql', "SELECT 'café 😀' AS label, lower(name) FROM users u WHERE u.name = 'naïve' AND u.id = ? AND u.n > -3 LIMIT 10 OFFSET 20"],
    ['sqlite', "SELECT 'café 😀' AS label, lower(name) FROM users u WHERE u.name = 'naïve' AND u.id = ? AND u.n > -3 LIMIT 10 OFFSET 20"],
  ];
  for (const [dialect, sql] of cases) {
    it(`${dialect}: columns, literals, params, functions, tables, limit`, () => {
      const s = select(sql, dialect);
      expect(text(sql, s)).toBe(sql);
      expect(text(sql, s.columns[0])).toBe("'café 😀' AS label");
      expect(as(s.columns[0]!.expr, 'literal').value).toBe('café 😀');
      expect(text(sql, s.columns[1]!.expr)).toBe('lower(name)');
      expect(text(sql, as(s.columns[1]!.expr, 'function').args[0])).toBe('name');
      expect(text(sql, s.from[0]!.item)).toBe('users u');
      const [name, id, n] = conjuncts(s.where!);
      expect(text(sql, name)).toBe("u.name = 'naïve'");
      expect(text(sql, as(name, 'binary').left)).toBe('u.name');
      expect(text(sql, as(name, 'binary').right)).toBe("'naïve'");
      expect(text(sql, as(id, 'binary').right)).toBe(dialect === 'postgresql' ? '$1' : '?');
      expect(text(sql, as(n, 'binary').right)).toBe('-3');
      expect(text(sql, s.limit)).toBe('10');
      expect(text(sql, s.offset)).toBe('20');
    });
  }

  it('postgresql: casts, binary and unary expressions, subqueries after emoji', () => {
    const sql = "SELECT '👍👍' FROM t WHERE (a + b) * 2 > c::int AND NOT (d OR e) AND f IN (SELECT g FROM h) AND i IS NOT NULL";
    const s = select(sql);
    const [mul, not, inq, isnn] = conjuncts(s.where!);
    expect(text(sql, mul)).toBe('(a + b) * 2 > c::int');
    expect(text(sql, as(mul, 'binary').left)).toBe('(a + b) * 2');
    expect(text(sql, as(as(mul, 'binary').left, 'binary').left)).toBe('a + b');
    expect(text(sql, as(mul, 'binary').right)).toBe('c::int');
    expect(text(sql, not)).toBe('NOT (d OR e)');
    expect(text(sql, as(not, 'unary').operand)).toBe('d OR e');
    expect(text(sql, inq)).toBe('f IN (SELECT g FROM h)');
    expect(text(sql, as(as(inq, 'binary').right, 'subquery').query)).toBe('SELECT g FROM h');
    expect(text(sql, isnn)).toBe('i IS NOT NULL');
  });

  it('mysql: backticks, placeholders and LIMIT offset, count', () => {
    const sql = 'SELECT `order`, t.`x` FROM `Tbl` t WHERE `order` = ? LIMIT 10, 20';
    const s = select(sql, 'mysql');
    expect(as(s.columns[0]!.expr, 'column').name).toBe('order');
    expect(text(sql, s.columns[0]!.expr)).toBe('`order`');
    expect(text(sql, s.columns[1]!.expr)).toBe('t.`x`');
    expect(s.from[0]!.item).toMatchObject({ name: 'Tbl', alias: 't' });
    expect(text(sql, s.offset)).toBe('10');
    expect(text(sql, s.limit)).toBe('20');
  });
});

describe('multi-statement splitting', () => {
  const sql = "SELECT ';' AS semi FROM t; -- a comment; with a semicolon\n/* block; comment */ UPDATE t SET a = 'x;y' WHERE id = 1;;\nDELETE FROM t WHERE note = 'it''s; fine'";
  for (const dialect of ['postgresql', 'mysql', 'sqlite'] as Dialect[]) {
    it(`${dialect}: splits by the parser, not by every semicolon`, () => {
      const list = statements(sql, dialect);
      expect(list.map((s) => s.kind)).toEqual(['select', 'update', 'delete']);
      expect(list.map((s) => text(sql, s))).toEqual([
        "SELECT ';' AS semi FROM t",
        "UPDATE t SET a = 'x;y' WHERE id = 1",
        "DELETE FROM t WHERE note = 'it''s; fine'",
      ]);
    });
  }

  it('postgresql: dollar-quoted bodies keep their semicolons', () => {
    const body = "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$ LANGUAGE sql";
    const sql = `${body};\nSELECT 3`;
    const list = statements(sql);
    expect(list.map((s) => text(sql, s))).toEqual([body, 'SELECT 3']);
    expect(list[0]).toMatchObject({ kind: 'other', keyword: 'CREATE FUNCTION' });
  });

  it('reports no statements for comment-only text', () => {
    expect(parse('/* nothing */ -- here', 'mysql').statements).toEqual([]);
  });
});

