import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/core/types.js';
import { initParsers } from '../../src/parse/index.js';
import type { Expr, Statement } from '../../src/parse/model.js';
import {
  type Clause, children, columnsOf, conjuncts, exprText, forEachExpr, forEachStatement, isConstant, tablesInScope,
} from '../../src/parse/walk.js';
import { as, select, statements } from './helpers.js';

beforeAll(async () => {
  await initParsers();
});

function visited(list: Statement[], sql: string): [string, number, string, string | undefined][] {
  const out: [string, number, string, string | undefined][] = [];
  forEachStatement(list, (s, ctx) => {
    out.push([sql.slice(s.span.start, s.span.end), ctx.depth, ctx.via, ctx.parent?.kind]);
  });
  return out;
}

describe('forEachStatement', () => {
  for (const dialect of ['postgresql', 'mysql'] as Dialect[]) {
    it(`${dialect}: reaches CTEs, FROM subqueries, expression subqueries and compound members`, () => {
      const sql =
        'WITH c AS (SELECT 1 AS x) SELECT (SELECT 2) AS y FROM (SELECT 3 AS z) s WHERE EXISTS (SELECT 4) UNION SELECT 5';
      const list = statements(sql, dialect);
      const seen = visited(list, sql);
      expect(seen[0]).toEqual([sql, 0, 'top', undefined]);
      expect(seen.slice(1).map(([t, d, v]) => [t, d, v]).sort()).toEqual(
        [
          ['SELECT 1 AS x', 1, 'cte'],
          ['SELECT (SELECT 2) AS y FROM (SELECT 3 AS z) s WHERE EXISTS (SELECT 4)', 1, 'compound'],
          ['SELECT 5', 1, 'compound'],
          ['SELECT 2', 2, 'subquery'],
          ['SELECT 3 AS z', 2, 'from'],
          ['SELECT 4', 2, 'subquery'],
        ].sort(),
      );
    });
  }

  it('reaches INSERT ... SELECT, CREATE TABLE AS and DML subqueries', () => {
    const sql =
      'INSERT INTO t SELECT * FROM u; CREATE TABLE t2 AS SELECT 1; UPDATE t SET a = (SELECT 1) FROM (SELECT 2) s; DELETE FROM t WHERE id IN (SELECT 3)';
    const seen = visited(statements(sql), sql);
    expect(seen.map(([t, d, v, p]) => [t, d, v, p])).toEqual([
      ['INSERT INTO t SELECT * FROM u', 0, 'top', undefined],
      ['SELECT * FROM u', 1, 'insert-select', 'insert'],
      ['CREATE TABLE t2 AS SELECT 1', 0, 'top', undefined],
      ['SELECT 1', 1, 'insert-select', 'create-table'],
      ['UPDATE t SET a = (SELECT 1) FROM (SELECT 2) s', 0, 'top', undefined],
      ['SELECT 2', 1, 'from', 'update'],
      ['SELECT 1', 1, 'subquery', 'update'],
      ['DELETE FROM t WHERE id IN (SELECT 3)', 0, 'top', undefined],
      ['SELECT 3', 1, 'subquery', 'delete'],
    ]);
  });
});

describe('forEachExpr', () => {
  it('visits every expression of one statement with its clause and parent', () => {
    const sql =
      'SELECT a + 1 AS b FROM t JOIN u ON u.id = t.id, generate_series(1, 2) g WHERE c = $1 AND d IN (SELECT e FROM f) GROUP BY a HAVING count(*) > 1 ORDER BY a LIMIT 10 OFFSET 5';
    const s = select(sql);
    const seen: [string, Clause, string | undefined][] = [];
    forEachExpr(s, (e, clause, parent) => seen.push([exprText(sql, e), clause, parent && exprText(sql, parent)]));
    expect(seen).toEqual([
      ['a + 1', 'select', undefined],
      ['a', 'select', 'a + 1'],
      ['1', 'select', 'a + 1'],
      ['u.id = t.id', 'join', undefined],
      ['u.id', 'join', 'u.id = t.id'],
      ['t.id', 'join', 'u.id = t.id'],
      ['1', 'from', undefined],
      ['2', 'from', undefined],
      ['c = $1 AND d IN (SELECT e FROM f)', 'where', undefined],
      ['c = $1', 'where', 'c = $1 AND d IN (SELECT e FROM f)'],
      ['c', 'where', 'c = $1'],
      ['$1', 'where', 'c = $1'],
      ['d IN (SELECT e FROM f)', 'where', 'c = $1 AND d IN (SELECT e FROM f)'],
      ['d', 'where', 'd IN (SELECT e FROM f)'],
      ['(SELECT e FROM f)', 'where', 'd IN (SELECT e FROM f)'],
      ['a', 'group', undefined],
      ['count(*) > 1', 'having', undefined],
      ['count(*)', 'having', 'count(*) > 1'],
      ['1', 'having', 'count(*) > 1'],
      ['a', 'order', undefined],
      ['10', 'limit', undefined],
      ['5', 'offset', undefined],
    ]);
  });

  it('covers DML and index clauses', () => {
    const sql =
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2 RETURNING a; UPDATE t SET a = 3 WHERE b = 4 RETURNING c; CREATE INDEX i ON t (lower(a)) WHERE b > 5";
    const clauses: string[] = [];
    for (const s of statements(sql)) forEachExpr(s, (e, clause) => clauses.push(`${clause}:${exprText(sql, e)}`));
    expect(clauses).toEqual([
      'values:1', 'on-conflict:2', 'returning:a', 'set:3', 'where:b = 4', 'where:b', 'where:4', 'returning:c',
      'index:lower(a)', 'index:a', 'index:b > 5', 'index:b', 'index:5',
    ]);
  });
});

describe('expression helpers', () => {
  const where = (sql: string): Expr => select(sql).where!;

  it('children lists direct sub-expressions', () => {
    const sql = "SELECT 1 WHERE CASE WHEN a THEN b ELSE c END BETWEEN f(x, y) AND -z";
    const between = as(where(sql), 'between');
    expect(children(between).map((e) => exprText(sql, e))).toEqual(['CASE WHEN a THEN b ELSE c END', 'f(x, y)', '-z']);
    expect(children(between.expr).map((e) => exprText(sql, e))).toEqual(['a', 'b', 'c']);
    expect(children(between.low).map((e) => exprText(sql, e))).toEqual(['x', 'y']);
  });

  it('conjuncts splits top-level ANDs only', () => {
    const sql = 'SELECT 1 WHERE a = 1 AND (b = 2 OR c = 3) AND d AND (e AND f)';
    expect(conjuncts(where(sql)).map((e) => exprText(sql, e))).toEqual(['a = 1', 'b = 2 OR c = 3', 'd', 'e', 'f']);
    const or = 'SELECT 1 WHERE a OR b';
    expect(conjuncts(where(or))).toHaveLength(1);
  });

  it('isConstant recognises literals, params, casts and arithmetic of them', () => {
    const sql = "SELECT 1, 'a', $1, $2::int, -3, 1 + 2 * 3, '1 day'::interval, a, lower('x'), 1 + a, (1, 2)";
    const cols = select(sql).columns.map((c) => c.expr);
    expect(cols.map(isConstant)).toEqual([true, true, true, true, true, true, true, false, false, false, true]);
  });

  it('columnsOf finds column references but not inside subqueries', () => {
    const sql = 'SELECT 1 FROM t WHERE lower(t.a) = b AND c IN (SELECT d FROM u)';
    expect(columnsOf(where(sql)).map((c) => exprText(sql, c))).toEqual(['t.a', 'b', 'c']);
  });

  it('tablesInScope lists the FROM tables', () => {
    const s = select('SELECT * FROM a JOIN b ON true, (SELECT 1) s, generate_series(1, 2) g, c AS cc');
    expect(tablesInScope(s).map((t) => t.alias ?? t.name)).toEqual(['a', 'b', 'cc']);
  });
});
