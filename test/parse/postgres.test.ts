import { beforeAll, describe, expect, it } from 'vitest';
import { initParsers } from '../../src/parse/index.js';
import { as, only, parse, select, statements, text } from './helpers.js';
import { conjuncts } from '../../src/parse/walk.js';

beforeAll(async () => {
  await initParsers();
});

describe('postgres: SELECT', () => {
  it('reads a parameter cast', () => {
    const sql = 'SELECT * FROM posts WHERE id = $1::int';
    const s = select(sql);
    expect(s.columns[0]!.expr).toMatchObject({ type: 'star' });
    expect(s.from[0]).toMatchObject({ join: 'base', item: { type: 'table', name: 'posts' } });
    const where = as(s.where, 'binary');
    expect(where.op).toBe('=');
    expect(as(where.left, 'column').name).toBe('id');
    const cast = as(where.right, 'cast');
    expect(cast.to).toBe('int');
    expect(as(cast.expr, 'param').name).toBe('$1');
    expect(text(sql, cast)).toBe('$1::int');
    expect(text(sql, where)).toBe('id = $1::int');
  });

  it('reads locking, ORDER BY and LIMIT', () => {
    const sql = "SELECT * FROM jobs WHERE status = 'queued' ORDER BY id DESC NULLS LAST LIMIT 1 FOR UPDATE SKIP LOCKED";
    const s = select(sql);
    expect(s.locking).toBe('FOR UPDATE SKIP LOCKED');
    expect(s.orderBy).toHaveLength(1);
    expect(s.orderBy[0]!.direction).toBe('DESC');
    expect(text(sql, s.orderBy[0])).toBe('id DESC NULLS LAST');
    expect(as(s.limit, 'literal').value).toBe(1);
    expect(text(sql, s)).toBe(sql);
  });

  it('reads FETCH FIRST, OFFSET and LIMIT ALL', () => {
    const sql = 'SELECT * FROM t ORDER BY created_at FETCH FIRST 10 ROWS ONLY';
    expect(text(sql, select(sql).limit)).toBe('10');
    const all = 'SELECT x FROM t LIMIT ALL OFFSET $1';
    const s = select(all);
    expect(s.limit).toMatchObject({ type: 'literal', kind: 'null', value: null });
    expect(text(all, s.limit)).toBe('ALL');
    expect(text(all, s.offset)).toBe('$1');
  });

  it('reads DISTINCT, aliases, GROUP BY and HAVING', () => {
    const sql = 'SELECT DISTINCT u.id AS "Uid", count(*) n FROM users u GROUP BY u.id HAVING count(*) > 2';
    const s = select(sql);
    expect(s.distinct).toBe(true);
    expect(s.columns.map((c) => c.alias)).toEqual(['Uid', 'n']);
    expect(text(sql, s.columns[0])).toBe('u.id AS "Uid"');
    expect(text(sql, s.columns[1])).toBe('count(*) n');
    const count = as(s.columns[1]!.expr, 'function');
    expect(count).toMatchObject({ name: 'count', star: true, aggregate: true, window: false, args: [] });
    expect(s.groupBy.map((g) => text(sql, g))).toEqual(['u.id']);
    expect(text(sql, s.having)).toBe('count(*) > 2');
  });

  it('reads every join kind with ON and USING', () => {
    const sql =
      'SELECT * FROM a JOIN b ON b.id = a.b_id LEFT JOIN c USING (id) RIGHT OUTER JOIN d ON true FULL JOIN e ON e.x = d.x CROSS JOIN f NATURAL JOIN g, h AS hh';
    const s = select(sql);
    expect(s.from.map((f) => [f.join, f.natural])).toEqual([
      ['base', false], ['inner', false], ['left', false], ['right', false], ['full', false], ['cross', false],
      ['inner', true], ['comma', false],
    ]);
    expect(s.from.map((f) => text(sql, f))).toEqual([
      'a', 'JOIN b ON b.id = a.b_id', 'LEFT JOIN c USING (id)', 'RIGHT OUTER JOIN d ON true', 'FULL JOIN e ON e.x = d.x',
      'CROSS JOIN f', 'NATURAL JOIN g', 'h AS hh',
    ]);
    expect(s.from[2]!.using).toEqual(['id']);
    expect(text(sql, s.from[1]!.on)).toBe('b.id = a.b_id');
    expect(s.from[7]!.item).toMatchObject({ type: 'table', name: 'h', alias: 'hh' });
  });

  it('reads subqueries in FROM, LATERAL and set-returning functions', () => {
    const sql = 'SELECT * FROM generate_series(1, 10) WITH ORDINALITY AS g(i, n), LATERAL (SELECT * FROM t WHERE t.x = g.i) s';
    const s = select(sql);
    const fn = s.from[0]!.item;
    expect(fn).toMatchObject({ type: 'function', name: 'generate_series', alias: 'g' });
    expect(text(sql, fn)).toBe('generate_series(1, 10) WITH ORDINALITY AS g(i, n)');
    const sub = s.from[1]!.item;
    if (sub.type !== 'subquery') throw new Error('expected subquery');
    expect(sub.lateral).toBe(true);
    expect(sub.alias).toBe('s');
    expect(text(sql, sub)).toBe('LATERAL (SELECT * FROM t WHERE t.x = g.i) s');
    expect(text(sql, sub.query)).toBe('SELECT * FROM t WHERE t.x = g.i');
  });

  it('reads compound queries and their trailing ORDER BY / LIMIT', () => {
    const sql = 'SELECT a FROM t UNION ALL SELECT b FROM u UNION ALL SELECT c FROM v ORDER BY 1 LIMIT 5';
    const s = select(sql);
    expect(s.compound).toMatchObject({ op: 'UNION', all: true });
    expect(s.compound!.selects.map((m) => text(sql, m))).toEqual(['SELECT a FROM t', 'SELECT b FROM u', 'SELECT c FROM v']);
    expect(s.columns).toEqual([]);
    expect(text(sql, s.limit)).toBe('5');
    expect(text(sql, s.orderBy[0])).toBe('1');
    const mixed = select('(SELECT 1) INTERSECT (SELECT 2) EXCEPT SELECT 3');
    expect(mixed.compound?.op).toBe('EXCEPT');
    expect(mixed.compound?.selects[0]!.compound?.op).toBe('INTERSECT');
  });

  it('reads VALUES as a query and SELECT INTO', () => {
    const sql = "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)";
    const sub = select(sql).from[0]!.item;
    if (sub.type !== 'subquery') throw new Error('expected subquery');
    expect(sub.query.values?.map((row) => row.map((e) => text(sql, e)))).toEqual([["1", "'a'"], ["2", "'b'"]]);
    expect(select('SELECT x INTO y FROM z').into?.name).toBe('y');
  });

  it('reads WITH, RECURSIVE and data-modifying CTEs', () => {
    const sql = 'WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r), d AS (DELETE FROM q RETURNING *) SELECT * FROM r';
    const s = select(sql);
    expect(s.with.map((c) => [c.name, c.recursive, c.query.kind])).toEqual([
      ['r', true, 'select'],
      ['d', true, 'delete'],
    ]);
    expect(text(sql, s.with[0])).toBe('r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r)');
    expect(text(sql, s.with[0]!.query)).toBe('SELECT 1 AS n UNION ALL SELECT n + 1 FROM r');
    expect(text(sql, s.with[1]!.query)).toBe('DELETE FROM q RETURNING *');
    expect(s.with[1]!.query).toMatchObject({ kind: 'delete', table: { name: 'q' } });
  });

  it('keeps identifiers as written, unquoted', () => {
    const sql = 'SELECT "User".id, u."Name" FROM "User" AS u JOIN Orgs o ON o.id = u.org_id';
    const s = select(sql);
    expect(as(s.columns[0]!.expr, 'column')).toMatchObject({ table: 'User', name: 'id' });
    expect(as(s.columns[1]!.expr, 'column')).toMatchObject({ table: 'u', name: 'Name' });
    expect(s.from[0]!.item).toMatchObject({ name: 'User', alias: 'u' });
    expect(s.from[1]!.item).toMatchObject({ name: 'Orgs', alias: 'o' });
    expect(as(select('SELECT s.t.c FROM s.t').columns[0]!.expr, 'column')).toMatchObject({ schema: 's', table: 't', name: 'c' });
  });
});

describe('postgres: expressions', () => {
  it('reads LIKE / ILIKE / SIMILAR TO with concatenation', () => {
    const sql = "SELECT * FROM users WHERE email ILIKE '%' || $1 || '%' AND a NOT LIKE 'x' AND b NOT ILIKE 'y' AND c SIMILAR TO 'z%'";
    const parts = conjuncts(select(sql).where!);
    expect(parts.map((p) => as(p, 'binary').op)).toEqual(['ILIKE', 'NOT LIKE', 'NOT ILIKE', 'SIMILAR TO']);
    const ilike = as(parts[0], 'binary');
    expect(text(sql, ilike.right)).toBe("'%' || $1 || '%'");
    expect(as(ilike.right, 'binary').op).toBe('||');
    expect(text(sql, as(parts[3], 'binary').right)).toBe("'z%'");
  });

  it('reads function calls, now() - interval and random()', () => {
    const sql = "SELECT * FROM events WHERE lower(email) = $1 AND created_at > now() - interval '1 day' ORDER BY random()";
    const s = select(sql);
    const [eq, gt] = conjuncts(s.where!);
    const lower = as(as(eq, 'binary').left, 'function');
    expect(lower).toMatchObject({ name: 'lower', aggregate: false, window: false });
    expect(text(sql, lower)).toBe('lower(email)');
    const minus = as(as(gt, 'binary').right, 'binary');
    expect(minus.op).toBe('-');
    expect(text(sql, minus)).toBe("now() - interval '1 day'");
    expect(as(minus.right, 'cast')).toMatchObject({ to: 'interval' });
    expect(text(sql, minus.right)).toBe("interval '1 day'");
    expect(as(s.orderBy[0]!.expr, 'function').name).toBe('random');
  });

  it('reads IN lists, ANY/ALL, IS [NOT] DISTINCT FROM and BETWEEN', () => {
    const sql =
      "SELECT 1 FROM t WHERE a IN ($1, $2) AND b NOT IN ('x') AND c = ANY($3::int[]) AND d <> ALL(ARRAY[1, 2]) AND e IS DISTINCT FROM f AND g IS NOT DISTINCT FROM 1 AND h NOT BETWEEN 1 AND 2";
    const parts = conjuncts(select(sql).where!);
    expect(parts.slice(0, 6).map((p) => as(p, 'binary').op)).toEqual(['IN', 'NOT IN', '= ANY', '<> ALL', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM']);
    const inList = as(as(parts[0], 'binary').right, 'list');
    expect(inList.items.map((i) => text(sql, i))).toEqual(['$1', '$2']);
    expect(text(sql, inList)).toBe('($1, $2)');
    expect(text(sql, as(parts[3], 'binary').right)).toBe('ARRAY[1, 2]');
    const between = as(parts[6], 'between');
    expect(between.not).toBe(true);
    expect(text(sql, between)).toBe('h NOT BETWEEN 1 AND 2');
  });

  it('reads subqueries: IN, NOT IN, EXISTS, NOT EXISTS, scalar', () => {
    const sql =
      'SELECT (SELECT max(id) FROM t2) AS m FROM t WHERE a IN (SELECT 1) AND b NOT IN (SELECT 2) AND EXISTS (SELECT 3) AND NOT EXISTS (SELECT 4)';
    const s = select(sql);
    const scalar = as(s.columns[0]!.expr, 'subquery');
    expect(text(sql, scalar)).toBe('(SELECT max(id) FROM t2)');
    expect(text(sql, scalar.query)).toBe('SELECT max(id) FROM t2');
    const [inq, notIn, exists, notExists] = conjuncts(s.where!);
    expect(as(inq, 'binary').op).toBe('IN');
    expect(as(as(inq, 'binary').right, 'subquery').query.columns).toHaveLength(1);
    expect(as(notIn, 'binary').op).toBe('NOT IN');
    expect(text(sql, notIn)).toBe('b NOT IN (SELECT 2)');
    expect(as(exists, 'unary').op).toBe('EXISTS');
    expect(text(sql, exists)).toBe('EXISTS (SELECT 3)');
    expect(as(notExists, 'unary').op).toBe('NOT EXISTS');
    expect(text(sql, as(notExists, 'unary').operand)).toBe('(SELECT 4)');
  });

  it('reads unary operators, null and boolean tests', () => {
    const sql = 'SELECT 1 FROM t WHERE NOT a AND -b > 0 AND c IS NULL AND d IS NOT NULL AND e IS TRUE AND f IS NOT UNKNOWN';
    const parts = conjuncts(select(sql).where!);
    expect(as(parts[0], 'unary').op).toBe('NOT');
    expect(as(as(parts[1], 'binary').left, 'unary').op).toBe('-');
    expect(parts.slice(2).map((p) => as(p, 'unary').op)).toEqual(['IS NULL', 'IS NOT NULL', 'IS TRUE', 'IS NOT UNKNOWN']);
    expect(parts.slice(2).map((p) => text(sql, p))).toEqual(['c IS NULL', 'd IS NOT NULL', 'e IS TRUE', 'f IS NOT UNKNOWN']);
  });

  it('reads literals', () => {
    const sql = "SELECT 'a''b', 42, -7, 1.5, true, false, NULL, E'x\\ny', $$dollar$$";
    const values = select(sql).columns.map((c) => as(c.expr, 'literal'));
    expect(values.map((v) => [v.kind, v.value])).toEqual([
      ['string', "a'b"], ['number', 42], ['number', -7], ['number', 1.5], ['boolean', true], ['boolean', false],
      ['null', null], ['string', 'x\ny'], ['string', 'dollar'],
    ]);
    expect(values.map((v) => text(sql, v))).toEqual(["'a''b'", '42', '-7', '1.5', 'true', 'false', 'NULL', "E'x\\ny'", '$$dollar$$']);
  });

  it('reads casts, CASE, windows, aggregates and special functions', () => {
    const sql =
      "SELECT CAST(a AS varchar(10)), b::timestamp with time zone, c::numeric(10,2)[], CASE WHEN x > 0 THEN 'p' ELSE 'n' END, CASE y WHEN 1 THEN 'one' END, sum(z) OVER (PARTITION BY k ORDER BY j), count(DISTINCT w), COALESCE(a, 0), CURRENT_DATE FROM t";
    const cols = select(sql).columns.map((c) => c.expr);
    expect(as(cols[0], 'cast').to).toBe('varchar(10)');
    expect(text(sql, cols[0])).toBe('CAST(a AS varchar(10))');
    expect(as(cols[1], 'cast').to).toBe('timestamp with time zone');
    expect(text(sql, cols[1])).toBe('b::timestamp with time zone');
    expect(as(cols[2], 'cast').to).toBe('numeric(10,2)[]');
    const c1 = as(cols[3], 'case');
    expect(c1.whens).toHaveLength(1);
    expect(text(sql, c1.else)).toBe("'n'");
    expect(text(sql, c1)).toBe("CASE WHEN x > 0 THEN 'p' ELSE 'n' END");
    expect(text(sql, as(cols[4], 'case').operand)).toBe('y');
    expect(as(cols[5], 'function')).toMatchObject({ name: 'sum', window: true, aggregate: false });
    expect(text(sql, cols[5])).toBe('sum(z) OVER (PARTITION BY k ORDER BY j)');
    expect(as(cols[6], 'function')).toMatchObject({ name: 'count', distinct: true, aggregate: true });
    expect(as(cols[7], 'function').name).toBe('coalesce');
    expect(as(cols[8], 'function').name).toBe('current_date');
  });

  it('keeps unknown nodes with their children', () => {
    const sql = 'SELECT arr[1], (rec).field, a #>> b FROM t';
    const cols = select(sql).columns.map((c) => c.expr);
    const sub = as(cols[0], 'unknown');
    expect(text(sql, sub)).toBe('arr[1]');
    expect(sub.children.map((c) => text(sql, c))).toEqual(['arr', '1']);
    expect(text(sql, cols[1])).toBe('(rec).field');
    expect(as(cols[2], 'binary').op).toBe('#>>');
  });
});

describe('postgres: DML', () => {
  it('reads INSERT with VALUES, ON CONFLICT DO UPDATE and RETURNING', () => {
    const sql =
      'INSERT INTO t AS x (a, "B") VALUES (1, $1), (DEFAULT, 2) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b WHERE x.b <> 1 RETURNING id, a AS z';
    const s = only(sql);
    if (s.kind !== 'insert') throw new Error('expected insert');
    expect(s.table).toMatchObject({ name: 't', alias: 'x' });
    expect(s.columns).toEqual(['a', 'B']);
    expect(s.values?.map((r) => r.map((e) => text(sql, e)))).toEqual([['1', '$1'], ['DEFAULT', '2']]);
    expect(s.onConflict).toMatchObject({ target: ['a'], action: 'update' });
    expect(s.onConflict!.set.map((a) => [a.column, text(sql, a)])).toEqual([['b', 'b = EXCLUDED.b']]);
    expect(text(sql, s.onConflict!.where)).toBe('x.b <> 1');
    expect(s.returning.map((r) => text(sql, r))).toEqual(['id', 'a AS z']);
  });

  it('reads INSERT ... SELECT and ON CONFLICT ON CONSTRAINT DO NOTHING', () => {
    const sql = 'INSERT INTO t SELECT * FROM u ON CONFLICT ON CONSTRAINT x DO NOTHING';
    const s = only(sql);
    if (s.kind !== 'insert') throw new Error('expected insert');
    expect(text(sql, s.select)).toBe('SELECT * FROM u');
    expect(s.onConflict).toMatchObject({ action: 'nothing', target: [], set: [] });
  });

  it('reads UPDATE with FROM and RETURNING', () => {
    const sql = 'UPDATE ONLY t AS x SET a = 1, (c, d) = (2, 3) FROM u WHERE x.id = u.id RETURNING x.a';
    const s = only(sql);
    if (s.kind !== 'update') throw new Error('expected update');
    expect(s.table).toMatchObject({ name: 't', alias: 'x' });
    expect(s.set.map((a) => [a.column, text(sql, a.value)])).toEqual([['a', '1'], ['c', '2'], ['d', '3']]);
    expect(text(sql, s.set[1])).toBe('(c, d) = (2, 3)');
    expect(s.from.map((f) => text(sql, f))).toEqual(['u']);
    expect(text(sql, s.where)).toBe('x.id = u.id');
    expect(s.returning).toHaveLength(1);
    expect(s.orderBy).toEqual([]);
  });

  it('reads DELETE ... USING', () => {
    const sql = 'DELETE FROM a USING b WHERE a.id = b.id RETURNING a.*';
    const s = only(sql);
    if (s.kind !== 'delete') throw new Error('expected delete');
    expect(s.table.name).toBe('a');
    expect(s.using.map((u) => text(sql, u.item))).toEqual(['b']);
    expect(text(sql, s.where)).toBe('a.id = b.id');
    expect(s.returning[0]!.expr).toMatchObject({ type: 'star', table: 'a' });
  });
});

describe('postgres: DDL and other statements', () => {
  it('reads CREATE TABLE columns and constraints', () => {
    const sql =
      'CREATE TABLE IF NOT EXISTS public.users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, org_id int REFERENCES orgs(id) ON DELETE CASCADE, created_at timestamp with time zone DEFAULT now(), tags text[], CONSTRAINT u_pk PRIMARY KEY (id, email), FOREIGN KEY (org_id) REFERENCES orgs (id), CHECK (id > 0))';
    const s = only(sql);
    if (s.kind !== 'create-table') throw new Error('expected create-table');
    expect(s.ifNotExists).toBe(true);
    expect(s.table).toMatchObject({ schema: 'public', name: 'users' });
    expect(s.columns.map((c) => [c.name, c.dataType, c.nullable, c.primaryKey, c.unique])).toEqual([
      ['id', 'bigserial', false, true, false],
      ['email', 'varchar(255)', false, false, true],
      ['org_id', 'int', true, false, false],
      ['created_at', 'timestamp with time zone', true, false, false],
      ['tags', 'text[]', true, false, false],
    ]);
    expect(s.columns[2]!.references).toEqual({ table: 'orgs', columns: ['id'] });
    expect(s.columns[3]!.default).toBe('now()');
    expect(text(sql, s.columns[1])).toBe('email varchar(255) NOT NULL UNIQUE');
    expect(s.constraints.map((c) => [c.kind, c.name, c.columns])).toEqual([
      ['primary-key', 'u_pk', ['id', 'email']],
      ['foreign-key', undefined, ['org_id']],
      ['check', undefined, []],
    ]);
    expect(s.constraints[1]!.references).toEqual({ table: 'orgs', columns: ['id'] });
    expect(text(sql, s.constraints[2])).toBe('CHECK (id > 0)');
  });

  it('reads CREATE TABLE AS SELECT', () => {
    const sql = 'CREATE TABLE t2 AS SELECT a FROM t';
    const s = only(sql);
    if (s.kind !== 'create-table') throw new Error('expected create-table');
    expect(text(sql, s.asSelect)).toBe('SELECT a FROM t');
  });

  it('reads ALTER TABLE actions', () => {
    const sql =
      'ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0, DROP COLUMN IF EXISTS foo, ALTER COLUMN a TYPE bigint USING a::bigint, ALTER COLUMN b SET NOT NULL, ALTER COLUMN c DROP NOT NULL, ALTER COLUMN d SET DEFAULT 1, ALTER COLUMN e DROP DEFAULT, ADD CONSTRAINT uq UNIQUE (x), DROP CONSTRAINT c1';
    const s = only(sql);
    if (s.kind !== 'alter-table') throw new Error('expected alter-table');
    expect(s.actions.map((a) => a.kind)).toEqual([
      'add-column', 'drop-column', 'alter-column-type', 'set-not-null', 'drop-not-null', 'set-default', 'drop-default',
      'add-constraint', 'drop-constraint',
    ]);
    expect(s.actions.map((a) => text(sql, a))[2]).toBe('ALTER COLUMN a TYPE bigint USING a::bigint');
    const add = s.actions[0]!;
    if (add.kind !== 'add-column') throw new Error();
    expect(add.column).toMatchObject({ name: 'age', dataType: 'int', nullable: false, default: '0' });
    expect(s.actions[1]).toMatchObject({ column: 'foo', ifExists: true });
    expect(s.actions[2]).toMatchObject({ column: 'a', dataType: 'bigint' });
    expect(s.actions[7]).toMatchObject({ constraint: { kind: 'unique', name: 'uq', columns: ['x'] } });
    expect(s.actions[8]).toMatchObject({ name: 'c1' });
  });

  it('reads renames as ALTER TABLE actions', () => {
    expect(only('ALTER TABLE users RENAME COLUMN a TO b')).toMatchObject({
      kind: 'alter-table', table: { name: 'users' }, actions: [{ kind: 'rename-column', column: 'a', newName: 'b' }],
    });
    expect(only('ALTER TABLE users RENAME TO people')).toMatchObject({ actions: [{ kind: 'rename-table', newName: 'people' }] });
  });

  it('reads CREATE INDEX', () => {
    const sql =
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON public.t USING gin (a, lower(b) DESC, (c + 1)) WHERE deleted_at IS NULL';
    const s = only(sql);
    if (s.kind !== 'create-index') throw new Error('expected create-index');
    expect(s).toMatchObject({ name: 'ix', unique: true, concurrently: true, ifNotExists: true, method: 'gin', table: { schema: 'public', name: 't' } });
    expect(s.columns.map((c) => [c.column, c.text, c.direction])).toEqual([
      ['a', 'a', undefined],
      [undefined, 'lower(b)', 'DESC'],
      [undefined, '(c + 1)', undefined],
    ]);
    expect(as(s.columns[1]!.expr, 'function').name).toBe('lower');
    expect(text(sql, s.where)).toBe('deleted_at IS NULL');
    const plain = only('CREATE INDEX ON t (a)');
    expect(plain).toMatchObject({ kind: 'create-index', unique: false, concurrently: false });
    expect(plain.kind === 'create-index' && plain.method).toBeUndefined();
  });

  it('reads DROP and TRUNCATE', () => {
    const list = statements('DROP TABLE IF EXISTS a, s.b CASCADE; DROP INDEX CONCURRENTLY ix; DROP SCHEMA sc; DROP DATABASE d; DROP VIEW v; TRUNCATE a, b');
    expect(list.map((s) => (s.kind === 'drop' ? [s.objectType, s.names, s.ifExists, s.cascade, s.concurrently] : s.kind))).toEqual([
      ['TABLE', ['a', 's.b'], true, true, false],
      ['INDEX', ['ix'], false, false, true],
      ['SCHEMA', ['sc'], false, false, false],
      ['DATABASE', ['d'], false, false, false],
      ['VIEW', ['v'], false, false, false],
      'truncate',
    ]);
    const t = list[5]!;
    expect(t.kind === 'truncate' && t.tables.map((x) => x.name)).toEqual(['a', 'b']);
  });

  it('reads other statements as their leading keywords', () => {
    const list = statements(
      "BEGIN; SET search_path = x; CREATE OR REPLACE VIEW v AS SELECT 1; GRANT SELECT ON t TO u; COMMENT ON TABLE t IS 'x'; CREATE EXTENSION IF NOT EXISTS pgcrypto; CREATE MATERIALIZED VIEW mv AS SELECT 1; COMMIT",
    );
    expect(list.map((s) => (s.kind === 'other' ? s.keyword : s.kind))).toEqual([
      'BEGIN', 'SET', 'CREATE VIEW', 'GRANT', 'COMMENT', 'CREATE EXTENSION', 'CREATE MATERIALIZED VIEW', 'COMMIT',
    ]);
  });

  it('splits a migration into statements with their own spans', () => {
    const sql = [
      '-- 001_init.sql; creates users',
      'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);',
      '/* index; concurrently */',
      'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      "INSERT INTO users (email) VALUES ('a;b');",
      'ALTER TABLE users ADD COLUMN name text',
    ].join('\n');
    const list = statements(sql);
    expect(list.map((s) => s.kind)).toEqual(['create-table', 'create-index', 'insert', 'alter-table']);
    expect(list.map((s) => text(sql, s))).toEqual([
      'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)',
      'CREATE INDEX CONCURRENTLY users_email_idx ON users (email)',
      "INSERT INTO users (email) VALUES ('a;b')",
      'ALTER TABLE users ADD COLUMN name text',
    ]);
  });
});

describe('postgres: errors', () => {
  it('reports the parser message and offset', () => {
    const q = parse('SELECT * FORM t');
    expect(q.parser).toBe('libpg-query');
    expect(q.statements).toEqual([]);
    expect(q.error).toEqual({ message: 'syntax error at or near "FORM"', offset: 9 });
    expect(q.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('converts the error cursor to UTF-16 after non-ASCII text', () => {
    const sql = "SELECT '😀 café', x FROM t WHERE a = = 1";
    const q = parse(sql);
    expect(q.error?.message).toBe('syntax error at or near "="');
    expect(sql.slice(q.error!.offset, q.error!.offset + 3)).toBe('= 1');
  });

  it('reports unterminated strings and empty input', () => {
    expect(parse("SELECT 'abc").error?.offset).toBe(7);
    expect(parse('   ')).toMatchObject({ parser: 'none', statements: [] });
    expect(parse('   ').error).toBeUndefined();
    expect(parse('-- nothing here').statements).toEqual([]);
  });
});

