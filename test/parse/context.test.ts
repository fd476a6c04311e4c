import { beforeAll, describe, expect, it } from 'vitest';
import { initParsers } from '../../src/parse/index.js';
import { as, parse, text } from './helpers.js';

beforeAll(async () => {
  await initParsers();
});

describe('fragments that are pieces of a statement', () => {
  it('parses a condition (knex whereRaw) with spans in the fragment', () => {
    const sql = "age > $1 AND name ILIKE '%' || $2";
    const q = parse(sql, 'postgresql', 'condition');
    expect(q.error).toBeUndefined();
    expect(q.statements).toHaveLength(1);
    const s = q.statements[0]!;
    if (s.kind !== 'select') throw new Error('expected select');
    expect(s.columns).toEqual([]);
    expect(s.from).toEqual([]);
    expect(text(sql, s)).toBe(sql);
    expect(text(sql, s.where)).toBe(sql);
    expect(text(sql, as(s.where, 'binary').left)).toBe('age > $1');
  });

  it('parses ORDER BY, GROUP BY, select-list and join pieces', () => {
    const order = parse('created_at DESC, id', 'mysql', 'order-by').statements[0];
    expect(order?.kind === 'select' && order.orderBy.map((o) => o.direction)).toEqual(['DESC', 'ASC']);
    const group = parse('a, b', 'postgresql', 'group-by').statements[0];
    expect(group?.kind === 'select' && group.groupBy).toHaveLength(2);
    const cols = 'count(*) AS n -- trailing comment';
    const list = parse(cols, 'postgresql', 'select-list').statements[0];
    expect(list?.kind === 'select' && list.columns.map((c) => text(cols, c))).toEqual(['count(*) AS n']);
    const join = 'LEFT JOIN b ON b.id = a.bid';
    const j = parse(join, 'mysql', 'join').statements[0];
    expect(j?.kind === 'select' && j.from.map((f) => [f.join, text(join, f)])).toEqual([['left', join]]);
  });

  it('reports errors at offsets inside the piece', () => {
    const q = parse('a = = 1', 'postgresql', 'condition');
    expect(q.statements).toEqual([]);
    expect(q.error).toEqual({ message: 'syntax error at or near "="', offset: 4 });
    const m = parse('a = = 1', 'mysql', 'condition');
    expect(m.error?.offset).toBe(4);
  });
});
