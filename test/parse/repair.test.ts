import { beforeAll, describe, expect, it } from 'vitest';
import { initParsers } from '../../src/parse/index.js';
import { conjuncts } from '../../src/parse/walk.js';
import { as, parse, select, text } from './helpers.js';

beforeAll(async () => {
  await initParsers();
});

describe('postgres: text an ORM or query builder rewrites before sending', () => {
  it('reads ? placeholders (knex, sequelize) with spans and names as written', () => {
    const sql = "SELECT * FROM users WHERE lower(email) = ? AND id = ?::int AND note = 'why?'";
    const s = select(sql);
    const [a, b, c] = conjuncts(s.where!);
    expect(as(as(a, 'binary').right, 'param').name).toBe('?');
    expect(text(sql, as(a, 'binary').right)).toBe('?');
    expect(text(sql, as(b, 'binary').right)).toBe('?::int');
    expect(text(sql, c)).toBe("note = 'why?'");
    expect(text(sql, s)).toBe(sql);
  });

  it('reads :name placeholders and pg-promise filters', () => {
    const sql = 'UPDATE invoices SET status = :status WHERE id IN ($2:csv)';
    const q = parse(sql);
    expect(q.error).toBeUndefined();
    const s = q.statements[0]!;
    if (s.kind !== 'update') throw new Error('expected update');
    expect(as(s.set[0]!.value, 'param').name).toBe(':status');
    const list = as(as(s.where, 'binary').right, 'list');
    expect(list.items.map((i) => text(sql, i))).toEqual(['$2:csv']);
  });

  it('reads a reserved word used as an alias (TypeORM quotes it)', () => {
    const sql = 'user.email = $1';
    const q = parse(sql, 'postgresql', 'condition');
    expect(q.error).toBeUndefined();
    const s = q.statements[0]!;
    if (s.kind !== 'select') throw new Error('expected select');
    const left = as(as(s.where, 'binary').left, 'column');
    expect(left).toMatchObject({ table: 'user', name: 'email' });
    expect(text(sql, left)).toBe('user.email');
  });

  it('leaves jsonb ? operators alone and reports the original error', () => {
    const sql = "SELECT data ? 'k', data ?| array['a'] FROM t";
    expect(select(sql).columns.map((c) => as(c.expr, 'binary').op)).toEqual(['?', '?|']);
    const bad = parse('SELECT * FORM t WHERE a = ?');
    expect(bad.error).toEqual({ message: 'syntax error at or near "FORM"', offset: 9 });
  });
});

describe('node-sql-parser dialects: ? placeholders their grammar lacks', () => {
  for (const dialect of ['bigquery', 'snowflake', 'transactsql'] as const) {
    it(`${dialect}: reads ? with spans and names as written`, () => {
      const sql = 'SELECT * FROM t WHERE a = ? AND b IN (?, ?)';
      const q = parse(sql, dialect);
      expect(q.error).toBeUndefined();
      const s = q.statements[0]!;
      if (s.kind !== 'select') throw new Error('expected select');
      const [a, b] = conjuncts(s.where!);
      expect(as(as(a, 'binary').right, 'param').name).toBe('?');
      expect(text(sql, as(a, 'binary').right)).toBe('?');
      expect(text(sql, as(b, 'binary').right)).toBe('(?, ?)');
      expect(text(sql, s)).toBe(sql);
    });
  }

  it('sqlite: reads numbered ?1 placeholders', () => {
    const sql = 'SELECT * FROM t WHERE a = ?1 AND b = ?2';
    const [a, b] = conjuncts(select(sql, 'sqlite').where!);
    expect([as(a, 'binary').right, as(b, 'binary').right].map((p) => as(p, 'param').name)).toEqual(['?1', '?2']);
  });

  it('keeps the original error when the rewrite does not help', () => {
    const q = parse('SELECT * FROM t WHERE a = ? FORM', 'bigquery');
    expect(q.error?.message).toBe('syntax error at or near "?"');
    expect(q.error?.offset).toBe(26);
  });
});
