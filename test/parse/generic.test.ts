import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/core/types.js';
import { ALL_GENERIC, as, only, parse, select, statements, text } from './helpers.js';
import { conjuncts } from '../../src/parse/walk.js';


describe('node-sql-parser dialects: common SELECT', () => {
  for (const dialect of ALL_GENERIC) {
    it(`${dialect}: reads a simple SELECT with exact spans`, () => {
      const sql = "SELECT a, count(*) AS n FROM t WHERE b = 'x' GROUP BY a ORDER BY n DESC";
      const q = parse(sql, dialect);
      expect(q.error).toBeUndefined();
      expect(q.parser).toBe('node-sql-parser');
      const s = select(sql, dialect);
      expect(text(sql, s)).toBe(sql);
      expect(s.columns.map((c) => text(sql, c))).toEqual(['a', 'count(*) AS n']);
      expect(as(s.columns[1]!.expr, 'function')).toMatchObject({ name: 'count', star: true, aggregate: true });
      expect(s.from[0]!.item).toMatchObject({ type: 'table', name: 't' });
      expect(text(sql, s.where)).toBe("b = 'x'");
      expect(text(sql, as(s.where, 'binary').right)).toBe("'x'");
      expect(s.groupBy.map((g) => text(sql, g))).toEqual(['a']);
      expect(s.orderBy.map((o) => [text(sql, o), o.direction])).toEqual([['n DESC', 'DESC']]);
      expect(q.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    });
  }
});

describe('mysql', () => {
  it('reads joins, subqueries and expressions', () => {
    const sql =
      'SELECT DISTINCT p.id, (SELECT max(id) FROM c) AS m FROM posts p LEFT JOIN users u ON u.id = p.user_id INNER JOIN tags USING (id) WHERE p.title LIKE ? AND p.state IN (1, 2) AND NOT EXISTS (SELECT 1 FROM bans b WHERE b.uid = u.id) AND p.x BETWEEN 1 AND 5 AND p.y IS NOT NULL AND p.z NOT IN (SELECT 3)';
    const s = select(sql, 'mysql');
    expect(s.distinct).toBe(true);
    expect(text(sql, s.columns[1]!.expr)).toBe('(SELECT max(id) FROM c)');
    expect(s.from.map((f) => [f.join, text(sql, f)])).toEqual([
      ['base', 'posts p'],
      ['left', 'LEFT JOIN users u ON u.id = p.user_id'],
      ['inner', 'INNER JOIN tags USING (id)'],
    ]);
    expect(s.from[2]!.using).toEqual(['id']);
    const parts = conjuncts(s.where!);
    expect(parts.map((p) => text(sql, p))).toEqual([
      'p.title LIKE ?', 'p.state IN (1, 2)', 'NOT EXISTS (SELECT 1 FROM bans b WHERE b.uid = u.id)', 'p.x BETWEEN 1 AND 5',
      'p.y IS NOT NULL', 'p.z NOT IN (SELECT 3)',
    ]);
    expect(as(parts[2], 'unary').op).toBe('NOT EXISTS');
    expect(text(sql, as(as(parts[2], 'unary').operand, 'subquery').query)).toBe('SELECT 1 FROM bans b WHERE b.uid = u.id');
    expect(as(parts[1], 'binary').op).toBe('IN');
    expect(text(sql, as(parts[1], 'binary').right)).toBe('(1, 2)');
    expect(parts[3]!.type).toBe('between');
    expect(as(parts[4], 'unary').op).toBe('IS NOT NULL');
    expect(as(parts[5], 'binary').op).toBe('NOT IN');
    expect(as(parts[5], 'binary').right.type).toBe('subquery');
  });

  it('reads LIMIT offset, count and LIMIT count OFFSET offset', () => {
    const a = 'SELECT * FROM t LIMIT 10, 20';
    const s = select(a, 'mysql');
    expect([as(s.offset, 'literal').value, as(s.limit, 'literal').value]).toEqual([10, 20]);
    const b = 'SELECT * FROM t LIMIT ? OFFSET ?';
    const t = select(b, 'mysql');
    expect(t.limit?.type).toBe('param');
    expect(t.offset?.type).toBe('param');
    expect([t.limit!.span.start, t.offset!.span.start]).toEqual([b.indexOf('?'), b.lastIndexOf('?')]);
  });

  it('reads UNION with its trailing ORDER BY / LIMIT and FOR UPDATE', () => {
    const sql = 'SELECT a FROM t UNION ALL SELECT b FROM u UNION SELECT c FROM v ORDER BY 1 LIMIT 3';
    const s = select(sql, 'mysql');
    expect(s.compound?.op).toBe('UNION');
    expect(s.compound?.all).toBe(false);
    const inner = s.compound!.selects[0]!;
    expect(inner.compound).toMatchObject({ op: 'UNION', all: true });
    expect(inner.compound!.selects.map((m) => text(sql, m))).toEqual(['SELECT a FROM t', 'SELECT b FROM u']);
    expect(text(sql, s.compound!.selects[1])).toBe('SELECT c FROM v');
    expect(text(sql, s.limit)).toBe('3');
    expect(s.orderBy).toHaveLength(1);
    expect(select('SELECT * FROM t WHERE id = 1 FOR UPDATE', 'mysql').locking).toBe('FOR UPDATE');
  });

  it('reads WITH RECURSIVE', () => {
    const sql = 'WITH RECURSIVE x AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM x WHERE n < 5) SELECT * FROM x';
    const s = select(sql, 'mysql');
    expect(s.with.map((c) => [c.name, c.recursive])).toEqual([['x', true]]);
    expect(text(sql, s.with[0])).toBe('x AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM x WHERE n < 5)');
    expect(text(sql, s.with[0]!.query)).toBe('SELECT 1 AS n UNION ALL SELECT n + 1 FROM x WHERE n < 5');
  });

  it('reads INSERT ... VALUES ... ON DUPLICATE KEY UPDATE', () => {
    const sql = "INSERT INTO t (a, b) VALUES (1, 'x'), (?, ?) ON DUPLICATE KEY UPDATE b = VALUES(b)";
    const s = only(sql, 'mysql');
    if (s.kind !== 'insert') throw new Error('expected insert');
    expect(s.columns).toEqual(['a', 'b']);
    expect(s.values?.map((r) => r.map((e) => text(sql, e)))).toEqual([["1", "'x'"], ['?', '?']]);
    expect(s.onConflict).toMatchObject({ target: [], action: 'update' });
    expect(s.onConflict!.set.map((a) => [a.column, text(sql, a)])).toEqual([['b', 'b = VALUES(b)']]);
  });

  it('reads INSERT ... SELECT', () => {
    const sql = 'INSERT INTO t (a) SELECT a FROM u JOIN v ON v.id = u.id WHERE u.id = 1';
    const s = only(sql, 'mysql');
    if (s.kind !== 'insert') throw new Error('expected insert');
    expect(text(sql, s.select)).toBe('SELECT a FROM u JOIN v ON v.id = u.id WHERE u.id = 1');
    expect(s.onConflict).toBeUndefined();
  });

  it('reads UPDATE ... ORDER BY ... LIMIT and multi-table UPDATE', () => {
    const sql = 'UPDATE t SET a = 1, t.b = b + 1 WHERE id IN (1, 2) ORDER BY x LIMIT 1';
    const s = only(sql, 'mysql');
    if (s.kind !== 'update') throw new Error('expected update');
    expect(s.set.map((a) => [a.column, text(sql, a), text(sql, a.value)])).toEqual([
      ['a', 'a = 1', '1'],
      ['b', 't.b = b + 1', 'b + 1'],
    ]);
    expect(text(sql, s.orderBy[0])).toBe('x');
    expect(text(sql, s.limit)).toBe('1');
    const multi = 'UPDATE a JOIN b ON a.id = b.id SET a.x = b.y WHERE b.z = 1';
    const m = only(multi, 'mysql');
    if (m.kind !== 'update') throw new Error('expected update');
    expect(m.table.name).toBe('a');
    expect(m.from.map((f) => [f.join, text(multi, f)])).toEqual([['inner', 'JOIN b ON a.id = b.id']]);
  });

  it('reads DELETE ... ORDER BY ... LIMIT and multi-table DELETE', () => {
    const sql = 'DELETE FROM t WHERE id = ? ORDER BY id LIMIT 10';
    const s = only(sql, 'mysql');
    if (s.kind !== 'delete') throw new Error('expected delete');
    expect(s.table.name).toBe('t');
    expect(s.using).toEqual([]);
    expect(text(sql, s.where)).toBe('id = ?');
    expect(text(sql, s.limit)).toBe('10');
    const multi = 'DELETE a FROM a JOIN b ON a.id = b.id WHERE b.z = 1';
    const m = only(multi, 'mysql');
    if (m.kind !== 'delete') throw new Error('expected delete');
    expect(m.table.name).toBe('a');
    expect(m.using.map((u) => text(multi, u))).toEqual(['JOIN b ON a.id = b.id']);
  });

  it('reads CREATE TABLE', () => {
    const sql =
      "CREATE TABLE IF NOT EXISTS users (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, org_id INT REFERENCES orgs(id), name TEXT DEFAULT 'x', CONSTRAINT fk_o FOREIGN KEY (org_id) REFERENCES orgs (id), UNIQUE KEY uq (email, name), PRIMARY KEY (id))";
    const s = only(sql, 'mysql');
    if (s.kind !== 'create-table') throw new Error('expected create-table');
    expect(s.ifNotExists).toBe(true);
    expect(s.columns.map((c) => [c.name, c.dataType, c.nullable, c.primaryKey, c.unique, c.default])).toEqual([
      ['id', 'int', false, true, false, undefined],
      ['email', 'varchar(255)', false, false, true, undefined],
      ['org_id', 'int', true, false, false, undefined],
      ['name', 'text', true, false, false, "'x'"],
    ]);
    expect(s.columns[2]!.references).toEqual({ table: 'orgs', columns: ['id'] });
    expect(text(sql, s.columns[1])).toBe('email VARCHAR(255) NOT NULL UNIQUE');
    expect(s.constraints.map((c) => [c.kind, c.name, c.columns])).toEqual([
      ['foreign-key', 'fk_o', ['org_id']],
      ['unique', 'uq', ['email', 'name']],
      ['primary-key', undefined, ['id']],
    ]);
    expect(text(sql, s.constraints[0])).toBe('CONSTRAINT fk_o FOREIGN KEY (org_id) REFERENCES orgs (id)');
  });

  it('reads CREATE TABLE AS SELECT', () => {
    const sql = 'CREATE TABLE t2 AS SELECT * FROM t';
    const s = only(sql, 'mysql');
    if (s.kind !== 'create-table') throw new Error('expected create-table');
    expect(text(sql, s.asSelect)).toBe('SELECT * FROM t');
  });

  it('reads ALTER TABLE', () => {
    const sql =
      'ALTER TABLE users ADD COLUMN age INT NOT NULL DEFAULT 0, DROP COLUMN foo, RENAME COLUMN a TO b, MODIFY COLUMN c BIGINT, ADD CONSTRAINT uq UNIQUE (x), RENAME TO users2';
    const s = only(sql, 'mysql');
    if (s.kind !== 'alter-table') throw new Error('expected alter-table');
    expect(s.table.name).toBe('users');
    expect(s.actions.map((a) => [a.kind, text(sql, a)])).toEqual([
      ['add-column', 'ADD COLUMN age INT NOT NULL DEFAULT 0'],
      ['drop-column', 'DROP COLUMN foo'],
      ['rename-column', 'RENAME COLUMN a TO b'],
      ['alter-column-type', 'MODIFY COLUMN c BIGINT'],
      ['add-constraint', 'ADD CONSTRAINT uq UNIQUE (x)'],
      ['rename-table', 'RENAME TO users2'],
    ]);
    expect(s.actions[0]).toMatchObject({ column: { name: 'age', dataType: 'int', nullable: false, default: '0' } });
    expect(s.actions[2]).toMatchObject({ column: 'a', newName: 'b' });
    expect(s.actions[3]).toMatchObject({ column: 'c', dataType: 'bigint' });
    expect(s.actions[5]).toMatchObject({ newName: 'users2' });
  });

  it('reads CREATE INDEX, DROP and TRUNCATE', () => {
    const sql = 'CREATE UNIQUE INDEX ix ON t (a, b DESC) USING BTREE; DROP TABLE IF EXISTS a; DROP INDEX ix ON t; DROP DATABASE d; TRUNCATE TABLE t';
    const [idx, dropT, dropI, dropD, trunc] = statements(sql, 'mysql');
    expect(idx).toMatchObject({ kind: 'create-index', name: 'ix', unique: true, method: 'btree', table: { name: 't' } });
    expect(idx!.kind === 'create-index' && idx.columns.map((c) => [c.column, c.direction])).toEqual([['a', undefined], ['b', 'DESC']]);
    expect(dropT).toMatchObject({ kind: 'drop', objectType: 'TABLE', names: ['a'], ifExists: true });
    expect(dropI).toMatchObject({ kind: 'drop', objectType: 'INDEX' });
    expect(dropD).toMatchObject({ kind: 'drop', objectType: 'DATABASE', names: ['d'] });
    expect(trunc).toMatchObject({ kind: 'truncate', tables: [{ name: 't' }] });
  });

  it('reads other statements', () => {
    const list = statements('START TRANSACTION; CREATE VIEW v AS SELECT 1; GRANT SELECT ON t TO u; SHOW TABLES; COMMIT', 'mysql');
    expect(list.map((s) => (s.kind === 'other' ? s.keyword : s.kind))).toEqual(['START TRANSACTION', 'CREATE VIEW', 'GRANT', 'SHOW', 'COMMIT']);
  });

  it('reads literals', () => {
    const sql = "SELECT 'it''s', \"dq\", -1, 1.5, NULL, TRUE, x'ff' FROM t";
    const cols = select(sql, 'mysql').columns.map((c) => as(c.expr, 'literal'));
    expect(cols.map((c) => [c.kind, c.value, text(sql, c)])).toEqual([
      ['string', "it's", "'it''s'"],
      ['string', 'dq', '"dq"'],
      ['number', -1, '-1'],
      ['number', 1.5, '1.5'],
      ['null', null, 'NULL'],
      ['boolean', true, 'TRUE'],
      ['string', 'ff', "x'ff'"],
    ]);
  });

  it('reads CASE, CAST, INTERVAL and window functions', () => {
    const sql = "SELECT CASE WHEN a THEN 1 ELSE 2 END, CAST(a AS CHAR(10)), DATE_ADD(now(), INTERVAL 1 DAY), row_number() OVER (ORDER BY a) FROM t";
    const cols = select(sql, 'mysql').columns.map((c) => c.expr);
    expect(text(sql, cols[0])).toBe('CASE WHEN a THEN 1 ELSE 2 END');
    expect(as(cols[0], 'case').whens).toHaveLength(1);
    expect(as(cols[1], 'cast').to).toBe('char(10)');
    expect(text(sql, cols[1])).toBe('CAST(a AS CHAR(10))');
    const interval = as(as(cols[2], 'function').args[1], 'cast');
    expect(interval.to).toBe('interval day');
    expect(text(sql, interval)).toBe('INTERVAL 1 DAY');
    expect(as(cols[3], 'function')).toMatchObject({ name: 'row_number', window: true, aggregate: false });
    expect(text(sql, cols[3])).toBe('row_number() OVER (ORDER BY a)');
  });
});

describe('other node-sql-parser dialects', () => {
  it('sqlite: INSERT OR REPLACE, double-quoted identifiers, expression index', () => {
    const ins = only('INSERT OR REPLACE INTO t (a) VALUES (1)', 'sqlite');
    expect(ins).toMatchObject({ kind: 'insert', table: { name: 't' }, columns: ['a'] });
    const sql = 'CREATE INDEX IF NOT EXISTS ix ON t (lower(name) DESC, b) WHERE x > 1';
    const idx = only(sql, 'sqlite');
    if (idx.kind !== 'create-index') throw new Error('expected create-index');
    expect(idx.ifNotExists).toBe(true);
    expect(idx.columns.map((c) => [c.text, c.direction])).toEqual([['lower(name)', 'DESC'], ['b', undefined]]);
    expect(text(sql, idx.where)).toBe('x > 1');
    const q = 'SELECT "Id" FROM "User" WHERE "Id" = ?';
    const s = select(q, 'sqlite');
    expect(s.from[0]!.item).toMatchObject({ name: 'User' });
    expect(text(q, s.where)).toBe('"Id" = ?');
  });

  it('transactsql: TOP, bracketed names and @params', () => {
    const sql = "SELECT TOP 10 a, [b] FROM [dbo].[users] u WHERE id = @id AND name LIKE N'x%'";
    const s = select(sql, 'transactsql');
    expect(text(sql, s.limit)).toBe('10');
    expect(s.columns.map((c) => text(sql, c))).toEqual(['a', '[b]']);
    expect(s.from[0]!.item).toMatchObject({ schema: 'dbo', name: 'users', alias: 'u' });
    const [id, like] = conjuncts(s.where!);
    expect(as(as(id, 'binary').right, 'param').name).toBe('@id');
    expect(text(sql, as(like, 'binary').right)).toBe("N'x%'");
  });

  it('transactsql: OFFSET ... FETCH', () => {
    const sql = 'SELECT a FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY';
    const s = select(sql, 'transactsql');
    expect([text(sql, s.offset), text(sql, s.limit)]).toEqual(['10', '5']);
  });

  it('bigquery: backticked paths, @params, UNNEST', () => {
    const sql = 'SELECT * FROM `proj.ds.t`, UNNEST([1, 2]) AS n WHERE x = @p LIMIT 10';
    const s = select(sql, 'bigquery');
    expect(s.from[0]!.item).toMatchObject({ type: 'table', schema: 'proj.ds', name: 't' });
    expect(s.from[1]!.item).toMatchObject({ type: 'function', name: 'unnest', alias: 'n' });
    expect(text(sql, s.from[1]!.item)).toBe('UNNEST([1, 2]) AS n');
    expect(as(as(s.where, 'binary').right, 'param').name).toBe('@p');
  });

  it('snowflake: :: casts and schema-qualified names', () => {
    const sql = "SELECT a::int FROM db.sch.t WHERE a ILIKE 'x' LIMIT 10";
    const s = select(sql, 'snowflake');
    expect(as(s.columns[0]!.expr, 'cast').to).toBe('int');
    expect(text(sql, s.columns[0]!.expr)).toBe('a::int');
    expect(s.from[0]!.item).toMatchObject({ schema: 'sch', name: 't' });
    expect(as(s.where, 'binary').op).toBe('ILIKE');
  });

  it('mariadb: statements without locations still get spans', () => {
    const sql = 'SELECT a FROM t WHERE id = ? ORDER BY a LIMIT 1';
    const s = select(sql, 'mariadb');
    expect(text(sql, s.where)).toBe('id = ?');
    expect(text(sql, as(s.where, 'binary').right)).toBe('?');
    expect(text(sql, s.limit)).toBe('1');
  });
});

describe('node-sql-parser errors', () => {
  const cases: [Dialect, string, string, string][] = [
    ['mysql', 'SELECT * FORM t', 'FORM', 'syntax error at or near "FORM"'],
    ['mysql', "SELECT 'é😀' FROM t WHERE a = = 1", '= 1', 'syntax error at or near "="'],
    // The PEG parser reads SELEC as a statement keyword it lacks and stops at the next token.
    ['sqlite', 'SELEC id FROM users', 'id', 'syntax error at or near "id"'],
  ];
  for (const [dialect, sql, at, message] of cases) {
    it(`${dialect}: ${sql}`, () => {
      const q = parse(sql, dialect);
      expect(q.statements).toEqual([]);
      expect(q.error?.message).toBe(message);
      expect(sql.slice(q.error!.offset).startsWith(at)).toBe(true);
    });
  }

  it('transactsql: text the grammar misreads as assignments is an error, not statements', () => {
    const q = parse('SELECT CASE WHEN a THEN 1 ELSE 2', 'transactsql');
    expect(q.statements).toEqual([]);
    expect(q.error).toEqual({ message: 'syntax error: statement not recognised', offset: 0 });
  });

  it('reports end of input', () => {
    const q = parse('SELECT * FROM', 'mysql');
    expect(q.error?.message).toBe('syntax error at end of input');
    expect(q.error?.offset).toBe('SELECT * FROM'.length);
  });
});
