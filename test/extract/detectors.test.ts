/** Each detector row, positive and negative, on the shapes real code takes. */
import { describe, expect, it } from 'vitest';
import { extractCode, sqlOf } from './helpers.js';

describe('pg', () => {
  it('reads query(text) on pools and clients', () => {
    expect(sqlOf(`import { Pool } from 'pg'; const pool = new Pool(); await pool.query('SELECT id FROM users WHERE id = $1', [id]);`)).toEqual([
      'SELECT id FROM users WHERE id = $1',
    ]);
    expect(sqlOf(`await this.client.query("DELETE FROM sessions WHERE id = $1", [id]);`)).toEqual(['DELETE FROM sessions WHERE id = $1']);
  });
  it('reads query({ text }) config objects', () => {
    expect(sqlOf(`await pool.query({ text: 'SELECT id FROM users WHERE email = $1', values: [email] });`)).toEqual(['SELECT id FROM users WHERE email = $1']);
  });
  it('reads generic query<T>() and a bare query() wrapper', () => {
    expect(sqlOf(`const r = await pool.query<User>('SELECT * FROM users WHERE id = $1', [id]);`)).toHaveLength(1);
    expect(sqlOf(`import { query } from './db'; await query('SELECT id FROM posts WHERE id = $1', [id]);`)).toHaveLength(1);
  });
  it('attributes the library and dialect from imports', () => {
    const f = extractCode(`import pg from 'pg'; const pool = new pg.Pool(); pool.query('SELECT 1 FROM t WHERE a = $1');`).fragments[0]!;
    expect([f.library, f.dialect, f.dialectSource]).toEqual(['pg', 'postgresql', 'library']);
  });
  it('ignores query() calls that carry no SQL', () => {
    expect(sqlOf(`db.query('posts/by_title', { key }); apollo.query({ query: GET_USER }); document.querySelector('select');`)).toEqual([]);
  });
});

describe('postgres.js', () => {
  it('turns tag holes into parameters and composes nested fragments', () => {
    const code = `import postgres from 'postgres'; const sql = postgres();
      const rows = await sql\`SELECT id FROM orders WHERE customer_id = \${id} \${status ? sql\`AND status = \${status}\` : sql\`\`} LIMIT 10\`;`;
    const frags = extractCode(code).fragments;
    expect(frags.map((f) => f.sql.replace(/\s+/g, ' ').trim())).toEqual([
      'SELECT id FROM orders WHERE customer_id = $1 AND status = $2 LIMIT 10',
      'SELECT id FROM orders WHERE customer_id = $1 LIMIT 10',
    ]);
    expect(frags[0]!.library).toBe('postgres');
    expect(frags[0]!.holes.map((h) => h.kind)).toEqual(['parameter', 'parameter']);
  });
  it('renders sql(identifier) helpers as identifiers', () => {
    const [f] = extractCode(`import postgres from 'postgres'; const sql = postgres(); await sql\`SELECT id FROM \${sql('orders')} WHERE id = \${id}\`;`).fragments;
    expect(f!.sql).toBe('SELECT id FROM orders WHERE id = $1');
    expect(f!.holes[0]!.kind).toBe('identifier');
  });
  it('reads sql.unsafe(text) with its holes pasted', () => {
    const [f] = extractCode(`import postgres from 'postgres'; const sql = postgres(); await sql.unsafe(\`SELECT count(*) FROM \${table}\`);`).fragments;
    expect(f!.holes[0]).toMatchObject({ kind: 'unknown', role: 'identifier' });
  });
});

describe('mysql2 and sqlite', () => {
  it('reads execute and query with ? placeholders as MySQL', () => {
    const f = extractCode(`import mysql from 'mysql2/promise'; const [rows] = await pool.execute('SELECT \`id\` FROM \`products\` WHERE \`id\` = ?', [id]);`).fragments[0]!;
    expect([f.library, f.dialect]).toEqual(['mysql2', 'mysql']);
  });
  it('reads better-sqlite3 prepare/exec and sqlite3 all/get/run', () => {
    const code = `import Database from 'better-sqlite3'; const db = new Database('x.db');
      db.exec('CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY)');
      const stmt = db.prepare('SELECT id FROM notes WHERE id = ?');`;
    const frags = extractCode(code).fragments;
    expect(frags.map((f) => [f.library, f.dialect])).toEqual([['better-sqlite3', 'sqlite'], ['better-sqlite3', 'sqlite']]);
    const legacy = extractCode(`const sqlite3 = require('sqlite3').verbose(); db.all('SELECT id FROM projects WHERE owner_id = ?', [o], cb);`, 'legacy.cjs').fragments[0]!;
    expect([legacy.library, legacy.dialect]).toEqual(['sqlite3', 'sqlite']);
  });
  it('does not take Map.get, regex exec or cache.all for SQL', () => {
    expect(sqlOf(`map.get('select'); /select (\\w+)/.exec(line); cache.all('update'); jobs.run('delete'); tasks.get('update from cache');`)).toEqual([]);
  });
});

describe('pg-promise', () => {
  it('rewrites its ${name} and $<name> parameters to numbered placeholders', () => {
    const f = extractCode(`import pgp from 'pg-promise'; await db.one('SELECT id FROM invoices WHERE id = \${id} AND status = $<status>', { id, status });`).fragments[0]!;
    expect(f.sql).toBe('SELECT id FROM invoices WHERE id = $1 AND status = $2');
    expect(f.library).toBe('pg-promise');
  });
});

describe('knex', () => {
  it('reads raw statements and the *Raw pieces with their context', () => {
    const code = `import knex from 'knex';
      await knex.raw('UPDATE users SET seen = now() WHERE id = ?', [id]);
      await knex('users').whereRaw('lower(email) = ?', [e]).orderByRaw('random()').groupByRaw('team_id').havingRaw('count(*) > ?', [1]);`;
    expect(extractCode(code).fragments.map((f) => [f.context, f.sql])).toEqual([
      ['statement', 'UPDATE users SET seen = now() WHERE id = $1'],
      ['condition', 'lower(email) = $1'],
      ['order-by', 'random()'],
      ['group-by', 'team_id'],
      ['condition', 'count(*) > $1'],
    ]);
  });
  it('does not read knex.raw expression pieces without a statement shape', () => {
    expect(sqlOf(`knex.select(knex.raw('count(*) as n')).from('users');`)).toEqual([]);
  });
});

describe('Prisma', () => {
  it('reads $queryRaw tags, Prisma.join and Prisma.raw of constants', () => {
    const code = `import { Prisma, PrismaClient } from '@prisma/client'; const ORDER = 'created_at';
      await prisma.$queryRaw\`SELECT id FROM posts WHERE id IN (\${Prisma.join(ids)}) ORDER BY \${Prisma.raw(ORDER)} LIMIT 10\`;`;
    const f = extractCode(code).fragments[0]!;
    expect(f.sql).toBe('SELECT id FROM posts WHERE id IN ($1) ORDER BY created_at LIMIT 10');
    expect(f.library).toBe('prisma');
  });
  it('reads $queryRawUnsafe with values and $executeRawUnsafe with holes', () => {
    const frags = extractCode(`await prisma.$queryRawUnsafe('SELECT id FROM posts WHERE author_id = $1', id); await prisma.$executeRawUnsafe(\`DELETE FROM posts WHERE title = '\${t}'\`);`).fragments;
    expect(frags).toHaveLength(2);
    expect(frags[1]!.holes[0]).toMatchObject({ kind: 'unknown', role: 'string' });
  });
  it('composes a Prisma.sql fragment held in a const', () => {
    const code = `const where = Prisma.sql\`WHERE published = true\`; await prisma.$queryRaw\`SELECT id FROM posts \${where} LIMIT 5\`;`;
    expect(sqlOf(code)).toEqual(['SELECT id FROM posts WHERE published = true LIMIT 5']);
  });
});

describe('TypeORM and Sequelize', () => {
  it('keeps positions exact across rewritten parameters', () => {
    const f = extractCode(`qb.where('user.email = :email AND lower(user.name) = :name', { email, name });`).fragments[0]!;
    expect(f.sql).toBe('user.email = $1 AND lower(user.name) = $2');
    const at = f.sql.indexOf('lower');
    const seg = f.segments.find((s) => at >= s.sqlStart && at < s.sqlStart + s.length)!;
    expect(seg.fileStart + (at - seg.sqlStart)).toBe("qb.where('user.email = :email AND ".length);
  });
  it('reads QueryBuilder conditions with :name parameters but not column-only where()', () => {
    const code = `qb.where('user.email = :email', { email }).andWhere('user.active = :active', { active }); knexQuery.where('id', 1).where('status', '=', 'x');`;
    expect(extractCode(code).fragments.map((f) => [f.context, f.sql])).toEqual([
      ['condition', 'user.email = $1'],
      ['condition', 'user.active = $1'],
    ]);
  });
  it('reads sequelize.query and literal', () => {
    const code = `import { Sequelize } from 'sequelize'; await sequelize.query('SELECT id FROM products WHERE category_id = :cat', { replacements: { cat } });
      sequelize.literal('(SELECT COUNT(*) FROM reviews WHERE reviews.product_id = "Product"."id")');`;
    const frags = extractCode(code).fragments;
    expect(frags.map((f) => [f.library, f.context])).toEqual([['sequelize', 'statement'], ['sequelize', 'select-list']]);
  });
});

describe('slonik, drizzle, kysely, @vercel/postgres', () => {
  it('reads slonik typeAlias tags, sql.join and sql.identifier', () => {
    const code = `import { sql } from 'slonik';
      await pool.any(sql.typeAlias('post')\`SELECT id FROM \${sql.identifier(['public', 'posts'])} WHERE id IN (\${sql.join(ids, sql.fragment\`, \`)})\`);`;
    const f = extractCode(code).fragments[0]!;
    expect(f.sql).toBe('SELECT id FROM public.posts WHERE id IN ($1)');
    expect(f.library).toBe('slonik');
  });
  it('renders drizzle table objects as identifiers in where() pieces', () => {
    const code = `import { sql } from 'drizzle-orm'; import { pgTable, text } from 'drizzle-orm/pg-core';
      const users = pgTable('users', { email: text('email') });
      await db.select().from(users).where(sql\`lower(\${users.email}) = \${email}\`);`;
    const f = extractCode(code).fragments[0]!;
    expect([f.context, f.sql]).toEqual(['condition', 'lower(users.email) = $1']);
  });
  it('reads kysely sql<T> tags and @vercel/postgres sql', () => {
    expect(sqlOf(`import { sql } from 'kysely'; await sql<Pet>\`SELECT id FROM pets WHERE owner_id = \${id} LIMIT 20\`.execute(db);`)).toEqual([
      'SELECT id FROM pets WHERE owner_id = $1 LIMIT 20',
    ]);
    const f = extractCode(`import { sql } from '@vercel/postgres'; await sql\`DELETE FROM products WHERE id = \${id}\`;`).fragments[0]!;
    expect(f.library).toBe('@vercel/postgres');
  });
});

describe('plain code', () => {
  it('folds consts, + across lines, template concatenation and arrays of lines', () => {
    const code = `const TABLE = 'users';
      const COLS = "id, email";
      const q = 'SELECT ' + COLS +
        ' FROM ' + TABLE +
        ' WHERE id = $1';
      await pool.query(q, [id]);
      const lines = ['UPDATE users', 'SET active = false', 'WHERE last_login < $1'].join('\\n');
      await pool.query(lines, [cutoff]);
      await pool.query(\`SELECT id FROM \${TABLE} WHERE email = $1\`, [e]);`;
    expect(sqlOf(code)).toEqual(['SELECT id, email FROM users WHERE id = $1', 'UPDATE users SET active = false WHERE last_login < $1', 'SELECT id FROM users WHERE email = $1']);
    expect(extractCode(code).fragments.every((f) => f.holes.length === 0)).toBe(true);
  });
  it('reads enum members and object-literal properties', () => {
    const code = `enum Q { List = 'SELECT id FROM posts LIMIT 10' } const QUERIES = { one: 'SELECT id FROM posts WHERE id = $1' } as const;
      await pool.query(Q.List); await pool.query(QUERIES.one, [id]);`;
    expect(sqlOf(code)).toEqual(['SELECT id FROM posts LIMIT 10', 'SELECT id FROM posts WHERE id = $1']);
  });
  it('yields each variant of a ternary, bounded', () => {
    expect(sqlOf(`await pool.query(desc ? 'SELECT id FROM t ORDER BY id DESC LIMIT 5' : 'SELECT id FROM t ORDER BY id LIMIT 5');`)).toHaveLength(2);
  });
  it('marks unknown holes with their role', () => {
    const f = extractCode(`await pool.query(\`SELECT id FROM \${table} WHERE name = '\${name}' AND id = \${id} \${extra}\`);`).fragments[0]!;
    expect(f.holes.map((h) => [h.role, h.kind])).toEqual([['identifier', 'unknown'], ['string', 'unknown'], ['value', 'unknown'], ['clause', 'unknown']]);
    expect(f.partial).toBe(true);
  });
  it('marks Number(), escape calls and placeholder lists as safe', () => {
    const code = `const ph = ids.map((_, i) => \`$\${i + 1}\`).join(', ');
      await pool.query(\`SELECT id FROM t WHERE id IN (\${ph}) AND n > \${Number(n)} AND s = \${client.escapeLiteral(s)}\`, ids);`;
    expect(extractCode(code).fragments[0]!.holes.map((h) => h.safe)).toEqual(['placeholders', 'numeric', 'escaped']);
  });
  it('takes a bare SQL constant only when it reads as SQL', () => {
    const code = `export const LIST = \`SELECT id, title FROM posts WHERE author_id = $1\`;
      const label = 'Select a file from the list';
      const msg = 'Update your profile';
      logger.info(\`update from server complete\`);`;
    expect(extractCode(code).fragments.map((f) => [f.origin, f.sql])).toEqual([['constant', 'SELECT id, title FROM posts WHERE author_id = $1']]);
  });
  it('does not read GraphQL, HTML or CSS', () => {
    const code = 'const Q = gql`query GetUser { user(id: 1) { name } }`; const html = `<select name="x"><option>Select all</option></select>`; const css = "select { width: 100% }";';
    expect(sqlOf(code)).toEqual([]);
  });
});

describe('driver-expanded objects', () => {
  it('reads mysql2 `SET ?` as a statement that parses', () => {
    const frags = extractCode(`import mysql from 'mysql2/promise'; await conn.query('INSERT INTO users SET ?', [u]); await conn.query('UPDATE users SET ? WHERE id = ?', [p, id]);`).fragments;
    expect(frags.map((f) => f.sql)).toEqual(['INSERT INTO users VALUES (?)', 'UPDATE users SET sqlwarden_object_fields = ? WHERE id = ?']);
  });
});

describe('escaping done elsewhere', () => {
  it('treats escaped/quoted names as escaped values', () => {
    const f = extractCode('await client.query(`SELECT id FROM ${escapedWorkerSchema}.jobs WHERE q = ${opts.quotedName} AND n = ${name}`);').fragments[0]!;
    expect(f.holes.map((h) => h.safe ?? null)).toEqual(['escaped', 'escaped', null]);
  });
});

describe('.sql files', () => {
  it('blanks psql meta-commands, keeping every offset', () => {
    const text = '\\connect app\nSELECT id FROM users WHERE id = 1;\n\\i seed.sql\n';
    const [f] = extractCode(text, 'db/seed.sql').fragments;
    expect(f!.sql.length).toBe(text.length);
    expect(f!.sql.trim()).toBe('SELECT id FROM users WHERE id = 1;');
    expect(f!.sql.indexOf('SELECT')).toBe(text.indexOf('SELECT'));
  });
});

describe('filter builders', () => {
  it('a join of conditions pushed as constant text with placeholder numbers is safe; one with input is not', () => {
    const safe = `const where: string[] = []; const params: unknown[] = [];
      if (status) { params.push(status); where.push('status = $' + params.length); }
      if (q) { params.push(q); where.push(\`title ILIKE $\${params.length}\`); }
      await pool.query(\`SELECT id FROM posts \${where.length ? 'WHERE ' + where.join(' AND ') : ''} LIMIT 20\`, params);`;
    expect(extractCode(safe).fragments.flatMap((f) => f.holes.map((h) => h.safe ?? null))).not.toContain(null);
    const unsafe = `const where = []; if (q) where.push(\`title = '\${q}'\`); await pool.query(\`SELECT id FROM posts WHERE \${where.join(' AND ')} LIMIT 5\`);`;
    expect(extractCode(unsafe).fragments[0]!.holes.map((h) => h.safe ?? null)).toEqual([null]);
  });
});
