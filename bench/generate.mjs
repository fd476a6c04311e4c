#!/usr/bin/env node
/**
 * Deterministic generator of a synthetic TS/JS code base for benchmarking sqlwarden.
 *
 *   node bench/generate.mjs --files N --out DIR [--seed S]
 *
 * N counts script files (.ts .tsx .mts .cts .js .jsx .mjs .cjs). A few migrations
 * (.sql) and a .gitignore come on top. Same N and seed give byte-identical output.
 * About half the script files hold no SQL (components, utils, types, tests with
 * strings such as "Select a file"); the rest query through pg, postgres.js, mysql2,
 * better-sqlite3, pg-promise, knex, Prisma, TypeORM, Sequelize, slonik and drizzle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- PRNG

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rnd = mulberry32(1);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const chance = (p) => rnd() < p;
/** Pick from [[weight, value], ...]. */
function weighted(pairs) {
  let r = rnd() * pairs.reduce((s, [w]) => s + w, 0);
  for (const [w, v] of pairs) if ((r -= w) < 0) return v;
  return pairs[pairs.length - 1][1];
}

// ---------------------------------------------------------------- vocabulary

const TABLES = {
  users: ['id', 'email', 'name', 'status', 'org_id', 'created_at'],
  orders: ['id', 'user_id', 'total_cents', 'status', 'created_at'],
  products: ['id', 'sku', 'name', 'price_cents', 'stock', 'created_at'],
  invoices: ['id', 'order_id', 'amount_cents', 'due_at', 'paid_at'],
  sessions: ['id', 'user_id', 'token', 'expires_at'],
  posts: ['id', 'author_id', 'title', 'body', 'published_at'],
  comments: ['id', 'post_id', 'author_id', 'body', 'created_at'],
  audit_events: ['id', 'actor_id', 'action', 'payload', 'created_at'],
  teams: ['id', 'org_id', 'name', 'created_at'],
};
const RELATIONS = [
  ['orders', 'user_id', 'users'], ['invoices', 'order_id', 'orders'], ['sessions', 'user_id', 'users'],
  ['posts', 'author_id', 'users'], ['comments', 'post_id', 'posts'], ['audit_events', 'actor_id', 'users'],
];
const TEXT_COLS = [['users', 'email'], ['products', 'name'], ['posts', 'title'], ['teams', 'name']];
const UI_STRINGS = [
  'Select a file', 'Update profile', 'Delete account', 'Insert image', 'Create new project', 'Drop files here',
  'Join the team', 'Order by date', 'Where do you live?', 'Select all items from the list', 'Update available',
  'Delete this item?', 'From your friends', 'Set as default', 'Group by category', 'Values must match',
];
const NOUNS = ['user', 'order', 'product', 'invoice', 'session', 'post', 'comment', 'audit', 'team', 'billing',
  'report', 'search', 'profile', 'checkout', 'cart', 'inventory', 'notification', 'settings', 'export', 'import'];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'zeta'];

const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const pascal = (s) => camel(s).replace(/^./, (c) => c.toUpperCase());
const singular = (t) => pascal(t.replace(/s$/, ''));
const typeOf = (param) => (/Cents$|^stock$/.test(param) ? 'number' : /At$|^since$|^before$/.test(param) ? 'Date' : 'string');

// ---------------------------------------------------------------- queries

/** Placeholder styles: pg $1, qm ?, colon :name, tag ${name}. */
function placeholders(style) {
  const params = [];
  const p = (name) => {
    if (!params.includes(name)) params.push(name);
    if (style === 'pg') return `$${params.indexOf(name) + 1}`;
    if (style === 'qm') return '?';
    if (style === 'colon') return `:${name}`;
    return '${' + name + '}';
  };
  return { p, params };
}

const cols = (t, n = 4) => TABLES[t].slice(0, n).join(', ');
const orderCol = (t) => (TABLES[t].includes('created_at') ? 'created_at' : 'id');

/** Returns { name, clauses: string[], params, write, one }. `dialect` only matters for random(). */
function makeQuery(style, dialect, risky) {
  const { p, params } = placeholders(style);
  const t = pick(Object.keys(TABLES));
  const S = singular(t);
  let q;
  if (risky) {
    const kind = pick(['update-all', 'delete-all', 'select-all', 'random', 'like']);
    if (kind === 'update-all') {
      const c = TABLES[t][2];
      q = { name: `reset${S}${pascal(c)}`, write: true, clauses: [`UPDATE ${t}`, `SET ${c} = ${p(camel(c))}`] };
    } else if (kind === 'delete-all') {
      q = { name: `purge${pascal(t)}`, write: true, clauses: [`DELETE FROM ${t}`] };
    } else if (kind === 'select-all') {
      q = { name: `dumpAll${pascal(t)}`, clauses: [`SELECT *`, `FROM ${t}`] };
    } else if (kind === 'random') {
      const fn = dialect === 'mysql' ? 'RAND()' : 'random()';
      q = { name: `sample${pascal(t)}`, clauses: [`SELECT ${cols(t)}`, `FROM ${t}`, `ORDER BY ${fn}`, `LIMIT 5`] };
    } else {
      const [lt, c] = pick(TEXT_COLS);
      q = { name: `search${pascal(lt)}By${pascal(c)}`, clauses: [`SELECT ${cols(lt)}`, `FROM ${lt}`, `WHERE ${c} LIKE '%${pick(WORDS)}%'`] };
    }
    return { ...q, params };
  }
  const kind = weighted([[5, 'by-id'], [4, 'by-fk'], [3, 'join'], [2, 'aggregate'], [3, 'insert'], [3, 'update'], [2, 'delete']]);
  if (kind === 'by-id') {
    q = { name: `find${S}ById`, one: true, clauses: [`SELECT ${cols(t)}`, `FROM ${t}`, `WHERE id = ${p('id')}`] };
  } else if (kind === 'by-fk' || kind === 'join') {
    const [child, fk, parent] = pick(RELATIONS);
    if (kind === 'by-fk') {
      q = { name: `list${pascal(child)}By${pascal(fk)}`, clauses: [`SELECT ${cols(child)}`, `FROM ${child}`,
        `WHERE ${fk} = ${p(camel(fk))}`, `ORDER BY ${orderCol(child)} DESC`, `LIMIT ${pick([20, 50, 100])}`] };
    } else {
      const a = child[0], b = parent[0] === a ? parent.slice(0, 2) : parent[0];
      q = { name: `list${pascal(child)}With${singular(parent)}`, clauses: [
        `SELECT ${a}.id, ${a}.${TABLES[child][2]}, ${b}.${TABLES[parent][1]}`, `FROM ${child} ${a}`,
        `JOIN ${parent} ${b} ON ${b}.id = ${a}.${fk}`, `WHERE ${b}.id = ${p(camel(fk))}`, `ORDER BY ${a}.id`] };
    }
  } else if (kind === 'aggregate') {
    const at = pick(['users', 'orders']);
    q = { name: `count${pascal(at)}ByStatus`, clauses: [`SELECT status, count(*) AS total`, `FROM ${at}`,
      `WHERE created_at >= ${p('since')}`, `GROUP BY status`, `ORDER BY total DESC`] };
  } else if (kind === 'insert') {
    const cs = TABLES[t].filter((c) => c !== 'id' && c !== 'created_at').slice(0, 3);
    q = { name: `insert${S}`, write: true, clauses: [`INSERT INTO ${t} (${cs.join(', ')})`,
      `VALUES (${cs.map((c) => p(camel(c))).join(', ')})`] };
  } else if (kind === 'update') {
    const c = TABLES[t][2];
    q = { name: `update${S}${pascal(c)}`, write: true, clauses: [`UPDATE ${t}`, `SET ${c} = ${p(camel(c))}`, `WHERE id = ${p('id')}`] };
  } else {
    q = t === 'sessions'
      ? { name: 'deleteExpiredSessions', write: true, clauses: ['DELETE FROM sessions', `WHERE expires_at < ${p('before')}`] }
      : { name: `delete${S}`, write: true, clauses: [`DELETE FROM ${t}`, `WHERE id = ${p('id')}`] };
  }
  return { ...q, params };
}

// ---------------------------------------------------------------- libraries

/**
 * Each library: placeholder style, dialect, identifiers it declares (two libraries
 * sharing one never meet in a file), imports (ESM and CJS) and the call it makes.
 * `call(arg, q)` gets the SQL argument expression (string libraries) and returns
 * [prefix, expression] where prefix is what the result is assigned to.
 */
const L = {
  pg: {
    style: 'pg', ids: ['pool'], esm: ["import pg from 'pg';"], cjs: ["const pg = require('pg');"],
    setup: ['const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });'],
    call: (s, q) => ['const { rows } =', `await pool.query(${args(s, q.params)})`], rows: 'rows',
  },
  pgConfig: {
    style: 'pg', ids: ['pool'], esm: ["import { Pool } from 'pg';"], cjs: ["const { Pool } = require('pg');"],
    setup: ['const pool = new Pool();'],
    call: (s, q) => ['const result =', `await pool.query({\n    text: ${s},${q.params.length ? `\n    values: [${q.params.join(', ')}],` : ''}\n  })`], rows: 'result.rows',
  },
  mysql2: {
    style: 'qm', dialect: 'mysql', ids: ['conn'], esm: ["import mysql from 'mysql2/promise';"], cjs: ["const mysql = require('mysql2/promise');"],
    setup: ["const conn = mysql.createPool({ uri: process.env.MYSQL_URL ?? 'mysql://localhost/app' });"],
    call: (s, q) => ['const [rows] =', `await conn.execute(${args(s, q.params)})`], rows: 'rows',
  },
  sqlite: {
    style: 'qm', dialect: 'sqlite', ids: ['db'], esm: ["import Database from 'better-sqlite3';"], cjs: ["const Database = require('better-sqlite3');"],
    setup: ["const db = new Database('app.db');"],
    call: (s, q) => ['const rows =', `db.prepare(${s}).${q.write ? 'run' : q.one ? 'get' : 'all'}(${q.params.join(', ')})`], rows: 'rows',
  },
  pgp: {
    style: 'pg', ids: ['db'], esm: ["import pgPromise from 'pg-promise';"], cjs: ["const pgPromise = require('pg-promise');"],
    setup: ["const db = pgPromise()(process.env.DATABASE_URL ?? '');"],
    call: (s, q) => ['const rows =', `await db.${q.write ? 'none' : q.one ? 'oneOrNone' : 'any'}(${args(s, q.params)})`], rows: 'rows',
  },
  knex: {
    style: 'qm', ids: ['knex'], esm: ["import createKnex from 'knex';"], cjs: ["const createKnex = require('knex');"],
    setup: ["const knex = createKnex({ client: 'pg', connection: process.env.DATABASE_URL });"],
    call: (s, q) => ['const result =', `await knex.raw(${args(s, q.params)})`], rows: 'result.rows',
  },
  prismaUnsafe: {
    style: 'pg', ids: ['prisma'], esm: ["import { PrismaClient } from '@prisma/client';"], cjs: ["const { PrismaClient } = require('@prisma/client');"],
    setup: ['const prisma = new PrismaClient();'],
    call: (s, q) => ['const rows =', `await prisma.${q.write ? '$executeRawUnsafe' : '$queryRawUnsafe'}(${[s, ...q.params].join(', ')})`], rows: 'rows',
  },
  typeorm: {
    style: 'pg', ids: ['dataSource'], esm: ["import { DataSource } from 'typeorm';"], cjs: ["const { DataSource } = require('typeorm');"],
    setup: ["const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });"],
    call: (s, q) => ['const rows =', `await dataSource.query(${args(s, q.params)})`], rows: 'rows',
  },
  sequelize: {
    style: 'colon', ids: ['sequelize'], esm: ["import { Sequelize, QueryTypes } from 'sequelize';"], cjs: ["const { Sequelize, QueryTypes } = require('sequelize');"],
    setup: ["const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'postgres://localhost/app');"],
    call: (s, q) => ['const rows =', `await sequelize.query(${s}, {${q.params.length ? `\n    replacements: { ${q.params.join(', ')} },` : ''}\n    type: QueryTypes.${q.write ? (q.clauses[0].startsWith('INSERT') ? 'INSERT' : 'UPDATE') : 'SELECT'},\n  })`], rows: 'rows',
  },
  // Tagged-template libraries: the SQL is written in place, interpolations are parameters.
  postgres: {
    style: 'tag', tag: true, ids: ['sql'], esm: ["import postgres from 'postgres';"], cjs: ["const postgres = require('postgres');"],
    setup: ['const sql = postgres(process.env.DATABASE_URL ?? \'\');'],
    call: (t) => ['const rows =', `await sql${t}`], rows: 'rows',
  },
  prismaTag: {
    style: 'tag', tag: true, ids: ['prisma'], esm: ["import { PrismaClient } from '@prisma/client';"], cjs: ["const { PrismaClient } = require('@prisma/client');"],
    setup: ['const prisma = new PrismaClient();'],
    call: (t, q) => ['const rows =', `await prisma.${q.write ? '$executeRaw' : '$queryRaw'}${t}`], rows: 'rows',
  },
  slonik: {
    style: 'tag', tag: true, ids: ['sql', 'pool'], esm: ["import { createPool, sql } from 'slonik';"], cjs: ["const { createPool, sql } = require('slonik');"],
    setup: ["const pool = await createPool(process.env.DATABASE_URL ?? '');"],
    call: (t, q) => ['const rows =', q.write ? `await pool.query(sql.unsafe${t})` : `await pool.${q.one ? 'maybeOne' : 'any'}(sql.typeAlias('${alias(q.name)}')${t})`], rows: 'rows',
  },
  drizzle: {
    style: 'tag', tag: true, ids: ['sql', 'db'], esm: ["import { drizzle } from 'drizzle-orm/node-postgres';", "import { sql } from 'drizzle-orm';"],
    cjs: ["const { drizzle } = require('drizzle-orm/node-postgres');", "const { sql } = require('drizzle-orm');"],
    setup: ["const db = drizzle(process.env.DATABASE_URL ?? '');"],
    call: (t) => ['const result =', `await db.execute(sql${t})`], rows: 'result.rows',
  },
};
const LIB_WEIGHTS = [[10, 'pg'], [3, 'pgConfig'], [6, 'postgres'], [5, 'mysql2'], [4, 'sqlite'], [3, 'pgp'], [5, 'knex'],
  [3, 'prismaTag'], [2, 'prismaUnsafe'], [4, 'typeorm'], [3, 'sequelize'], [2, 'slonik'], [3, 'drizzle']];
const alias = (name) => name.replace(/^[a-z]+/, '').replace(/^./, (c) => c.toLowerCase()) || 'row';
const args = (s, params) => (params.length ? `${s}, [${params.join(', ')}]` : s);

// ---------------------------------------------------------------- file context

const EXT = { sql: [[60, '.ts'], [14, '.js'], [10, '.mjs'], [6, '.cjs'], [6, '.mts'], [4, '.cts']] };
const isTs = (ext) => /\.[mc]?tsx?$/.test(ext);

function newFile(ext) {
  return { ext, ts: isTs(ext), cjs: ext === '.cjs', imports: new Set(), head: [], body: [], names: new Set(), exported: [] };
}
const T = (f, s) => (f.ts ? s : '');
function uniqueName(f, name) {
  let n = name, i = 2;
  while (f.names.has(n)) n = `${name}${i++}`;
  f.names.add(n);
  return n;
}
function fn(f, name, params, lines, { isAsync = true, ret = '' } = {}) {
  const sig = params.map(([n, t]) => `${n}${T(f, `: ${t}`)}`).join(', ');
  f.exported.push(name);
  return [`${f.cjs ? '' : 'export '}${isAsync ? 'async ' : ''}function ${name}(${sig})${T(f, ret)} {`, ...lines, '}', ''];
}
const countLines = (f) => f.head.length + f.body.reduce((n, b) => n + b.split('\n').length, 0);

// ---------------------------------------------------------------- SQL files

/** Render clauses as the SQL argument of a string library, in one of several shapes. */
function sqlExpression(f, q, mod, relDepth) {
  const one = q.clauses.join(' ');
  const quote = (s) => (s.includes("'") ? `"${s}"` : `'${s}'`);
  const shape = weighted([[5, 'inline'], [3, 'template'], [2, 'const'], [2, 'concat'], [f.cjs ? 0 : 2, 'imported']]);
  if (shape === 'inline') return quote(one);
  if (shape === 'template') return '`\n    ' + q.clauses.join('\n    ') + '\n  `';
  if (shape === 'concat') {
    const cut = Math.max(1, Math.floor(q.clauses.length / 2));
    return `${quote(q.clauses.slice(0, cut).join(' ') + ' ')} +\n    ${quote(q.clauses.slice(cut).join(' '))}`;
  }
  const name = `${q.name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()}_SQL`;
  if (shape === 'const') {
    const cname = uniqueName(f, name);
    f.head.push(`const ${cname} = ${chance(0.5) ? quote(one) : '`\n  ' + q.clauses.join('\n  ') + '\n`'};`);
    return cname;
  }
  const cname = uniqueName(mod.queryNames, name);
  mod.queries.push(`export const ${cname} = ${chance(0.5) ? quote(one) : '`\n  ' + q.clauses.join('\n  ') + '\n`'};`);
  f.imports.add(`import { ${cname} } from '${'../'.repeat(relDepth)}queries${chance(0.7) ? '.js' : ''}';`);
  return cname;
}

function queryFunction(f, lib, mod, relDepth) {
  const L0 = L[lib];
  const risky = chance(0.08);
  const q = makeQuery(L0.style, L0.dialect ?? 'postgresql', risky);
  let arg;
  if (L0.tag) arg = '`\n    ' + q.clauses.join('\n    ') + '\n  `';
  else arg = sqlExpression(f, q, mod, relDepth);
  let [lhs, call] = L0.call(arg, q);
  let params = q.params.map((n) => [n, typeOf(n)]);
  // Risky: interpolate a runtime value straight into pool.query text.
  if (lib === 'pg' && chance(0.06)) {
    const [t, c] = pick(TEXT_COLS);
    const v = camel(c);
    params = [[v, 'string']];
    call = `await pool.query(\`SELECT ${cols(t)} FROM ${t} WHERE ${c} = '\${${v}}'\`)`;
    q.name = `find${singular(t)}By${pascal(c)}Unsafe`;
  }
  const name = uniqueName(f, q.name);
  const body = [];
  if (params.length && chance(0.15)) {
    // N+1: the query runs once per element of a list.
    const [first, ...rest] = params;
    body.push(`  const out${T(f, ': unknown[]')} = [];`, `  for (const ${first[0]} of ${first[0]}List) {`,
      `    ${lhs} ${call.replace(/\n/g, '\n  ')};`, `    out.push(${L0.rows});`, '  }', '  return out;');
    params = [[`${first[0]}List`, `${first[1]}[]`], ...rest];
  } else {
    body.push(`  ${lhs} ${call};`, `  return ${q.one && L0.rows === 'rows' && lib !== 'sqlite' && lib !== 'pgp' ? 'rows[0] ?? null' : L0.rows};`);
  }
  return fn(f, name, params, body, { isAsync: lib !== 'sqlite' });
}

/** Query-builder styles where only a predicate fragment is SQL. */
function predicateFunction(f, lib) {
  const [t, c] = pick(TEXT_COLS);
  const v = camel(c);
  if (lib === 'knex') {
    const name = uniqueName(f, `find${pascal(t)}By${pascal(c)}Ci`);
    return fn(f, name, [[v, 'string']], [
      `  return knex('${t}')`, `    .select(${TABLES[t].slice(0, 3).map((x) => `'${x}'`).join(', ')})`,
      `    .whereRaw('lower(${c}) = lower(?)', [${v}])`, `    .orderBy('id')`, `    .limit(${pick([10, 25, 50])});`]);
  }
  const a = t[0];
  const name = uniqueName(f, `query${singular(t)}By${pascal(c)}`);
  return fn(f, name, [[v, 'string'], ['id', 'string']], [
    `  return dataSource`, '    .createQueryBuilder()', `    .select('${a}')`, `    .from('${t}', '${a}')`,
    `    .where('${a}.${c} = :${v}', { ${v} })`, `    .andWhere('${a}.id <> :id', { id })`, `    .orderBy('${a}.id', 'DESC')`,
    `    .getMany();`]);
}

function sqlFile(mod, relDepth) {
  const f = newFile(weighted(EXT.sql));
  const first = weighted(LIB_WEIGHTS);
  const libs = [first];
  const second = weighted(LIB_WEIGHTS);
  if (chance(0.3) && !L[second].ids.some((id) => L[first].ids.includes(id))) libs.push(second);
  const topLevelAwait = !f.cjs && f.ext !== '.cts';
  for (const lib of libs) {
    for (const i of f.cjs ? L[lib].cjs : L[lib].esm) f.imports.add(i);
    f.head.push(...L[lib].setup.map((l) => (topLevelAwait ? l : l.replace('await ', ''))));
  }
  const target = lineTarget();
  const n = int(2, 6);
  for (let i = 0; i < n || countLines(f) < target; i++) {
    if (i >= n && chance(0.45)) { f.body.push(fillerBlock(f).join('\n')); continue; }
    const lib = pick(libs);
    const block = (lib === 'knex' || lib === 'typeorm') && chance(0.35) ? predicateFunction(f, lib) : queryFunction(f, lib, mod, relDepth);
    f.body.push(block.join('\n'));
  }
  return f;
}

// ---------------------------------------------------------------- non-SQL files

function fillerBlock(f) {
  const kind = pick(['mapper', 'validate', 'format', 'log']);
  const t = pick(Object.keys(TABLES));
  if (kind === 'mapper') {
    const name = uniqueName(f, `to${singular(t)}Dto`);
    return fn(f, name, [['row', 'Record<string, any>']],
      ['  return {', ...TABLES[t].map((c) => `    ${camel(c)}: row.${c},`), '  };'], { isAsync: false });
  }
  if (kind === 'validate') {
    const name = uniqueName(f, `validate${singular(t)}Input`);
    return fn(f, name, [['input', 'Record<string, unknown>']], [
      `  const errors${T(f, ': string[]')} = [];`,
      ...TABLES[t].slice(1, 4).map((c) => `  if (input.${camel(c)} == null) errors.push('${camel(c)} is required');`),
      `  if (errors.length > 0) throw new Error('${pick(UI_STRINGS)}: ' + errors.join(', '));`, '  return true;'], { isAsync: false, ret: ': boolean' });
  }
  if (kind === 'format') {
    const name = uniqueName(f, `format${pascal(pick(NOUNS))}Label`);
    return fn(f, name, [['value', 'string'], ['max', 'number']], [
      '  const trimmed = value.trim();', '  if (trimmed.length <= max) return trimmed;',
      "  return trimmed.slice(0, Math.max(0, max - 1)) + '…';"], { isAsync: false, ret: ': string' });
  }
  const name = uniqueName(f, `log${pascal(pick(NOUNS))}Event`);
  return fn(f, name, [['event', 'string'], ['detail', 'unknown']], [
    `  const message = \`[${pick(NOUNS)}] \${event}: ${pick(UI_STRINGS)}\`;`,
    "  if (process.env.NODE_ENV !== 'test') console.info(message, detail);", '  return message;'], { isAsync: false, ret: ': string' });
}

function componentFile() {
  const f = newFile(chance(0.85) ? '.tsx' : '.jsx');
  f.imports.add("import React, { useState } from 'react';");
  const target = lineTarget();
  while (countLines(f) < target) {
    const name = uniqueName(f, `${pascal(pick(NOUNS))}${pick(['Card', 'Panel', 'Form', 'Dialog', 'List', 'Header'])}`);
    const label = pick(UI_STRINGS), other = pick(UI_STRINGS);
    if (f.ts) f.body.push(`interface ${name}Props {\n  title: string;\n  onSubmit?: (value: string) => void;\n  disabled?: boolean;\n}\n`);
    f.body.push(fn(f, name, [['{ title, onSubmit, disabled }', `${name}Props`]], [
      "  const [value, setValue] = useState('');", '  const [open, setOpen] = useState(false);', '  return (',
      `    <section className="${name.toLowerCase()}" aria-label="${label}">`, '      <h2>{title}</h2>',
      `      <input placeholder="${other}" value={value} onChange={(e) => setValue(e.target.value)} disabled={disabled} />`,
      `      <button type="button" onClick={() => setOpen(!open)}>${label}</button>`,
      `      {open && <p className="hint">${pick(UI_STRINGS)}</p>}`,
      `      <button type="submit" onClick={() => onSubmit?.(value)}>${other}</button>`, '    </section>', '  );'],
    { isAsync: false }).join('\n'));
  }
  return f;
}

function utilFile() {
  const f = newFile(weighted([[6, '.ts'], [2, '.js'], [1, '.mjs'], [1, '.mts']]));
  const target = lineTarget();
  while (countLines(f) < target) {
    if (chance(0.3)) {
      const name = uniqueName(f, `${pick(NOUNS)}${pick(['Labels', 'Messages', 'Defaults'])}`);
      f.body.push(`export const ${name} = {\n${UI_STRINGS.slice(0, int(3, 8)).map((s, i) => `  k${i}: '${s}',`).join('\n')}\n};\n`);
      continue;
    }
    f.body.push(fillerBlock(f).join('\n'));
  }
  return f;
}

function typesFile() {
  const f = newFile('.ts');
  const target = lineTarget();
  while (countLines(f) < target) {
    const t = pick(Object.keys(TABLES));
    const name = uniqueName(f, singular(t) + pick(['', 'Row', 'Input', 'Patch', 'Summary']));
    f.body.push(`/** ${pick(UI_STRINGS)} */\nexport interface ${name} {\n${TABLES[t].map((c) => `  ${camel(c)}${chance(0.3) ? '?' : ''}: ${typeOf(camel(c))};`).join('\n')}\n}\n`);
    if (chance(0.4)) f.body.push(`export type ${name}Status = ${WORDS.slice(0, int(2, 5)).map((w) => `'${w}'`).join(' | ')};\n`);
  }
  return f;
}

function testFile() {
  const f = newFile(weighted([[6, '.test.ts'], [2, '.spec.ts'], [2, '.test.js']]));
  f.imports.add("import { describe, it, expect } from 'vitest';");
  const target = lineTarget();
  while (countLines(f) < target) {
    const lines = [`describe('${pick(NOUNS)} ${pick(['form', 'dialog', 'helpers', 'labels'])}', () => {`];
    for (let i = int(2, 5); i > 0; i--) {
      const s = pick(UI_STRINGS);
      lines.push(`  it('shows "${s}"', () => {`, `    const label = '${s}';`, `    expect(label.toLowerCase()).toContain('${s.split(' ')[0].toLowerCase()}');`,
        `    expect(label).not.toBe('');`, '  });', '');
    }
    lines.push('});', '');
    f.body.push(lines.join('\n'));
  }
  return f;
}

function queriesFile(mod) {
  const f = newFile('.ts');
  f.head.push('// SQL shared by this module.');
  while (mod.queries.length < 3 || mod.queries.join('\n').split('\n').length < 50) {
    const q = makeQuery('pg', 'postgresql', false);
    mod.queries.push(`export const ${uniqueName(mod.queryNames, `${q.name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()}_SQL`)} = \`\n  ${q.clauses.join('\n  ')}\n\`;`);
  }
  f.body.push(mod.queries.join('\n\n') + '\n');
  return f;
}

function lineTarget() {
  return 50 + Math.floor(220 * Math.min(rnd(), rnd()));
}

function render(f) {
  const imports = [...f.imports];
  const exportsLine = f.cjs && f.exported.length ? [`module.exports = { ${f.exported.join(', ')} };`, ''] : [];
  return [...imports, imports.length ? '' : null, ...f.head, f.head.length ? '' : null, ...f.body, ...exportsLine]
    .filter((l) => l !== null).join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
}

// ---------------------------------------------------------------- migrations

function migration(i) {
  const t = Object.keys(TABLES)[i % Object.keys(TABLES).length];
  const defs = TABLES[t].map((c) => `  ${c} ${c === 'id' ? 'uuid PRIMARY KEY' : /_at$/.test(c) ? 'timestamptz' : /cents|stock/.test(c) ? 'integer NOT NULL DEFAULT 0' : 'text'}`);
  return [`-- Migration ${i + 1}: ${t}`, `CREATE TABLE IF NOT EXISTS ${t} (`, defs.join(',\n'), ');', '',
    `CREATE INDEX IF NOT EXISTS ${t}_${TABLES[t][1]}_idx ON ${t} (${TABLES[t][1]});`, ''].join('\n');
}

// ---------------------------------------------------------------- driver

const AREAS = [
  ['components', componentFile, 0], ['components/forms', componentFile, 0], ['utils', utilFile, 0], ['types', typesFile, 0],
  ['__tests__', testFile, 0], ['db', sqlFile, 1], ['services', sqlFile, 1], ['repositories/internal', sqlFile, 1], ['jobs', sqlFile, 1],
];

export function generate({ files, out, seed = 1 }) {
  rnd = mulberry32(seed);
  fs.rmSync(out, { recursive: true, force: true });
  const written = [];
  const write = (rel, text) => {
    const abs = path.join(out, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    written.push({ rel, text });
  };
  let left = files;
  for (let m = 1; left > 0; m++) {
    const mod = { queries: [], queryNames: { names: new Set() } };
    const dir = `src/module-${String(m).padStart(3, '0')}`;
    const count = Math.min(left - 1, int(12, 30));
    const used = new Set();
    for (let i = 0; i < count; i++) {
      const [area, make, isSql] = chance(0.5) ? pick(AREAS.slice(5)) : pick(AREAS.slice(0, 5));
      const f = make(mod, area.split('/').length);
      let base = `${pick(NOUNS)}-${pick(isSql ? ['repo', 'service', 'queries-impl', 'store', 'job'] : ['view', 'helpers', 'model', 'widget', 'util'])}`;
      for (let k = 2; used.has(area + base); k++) base = base.replace(/-\d+$/, '') + `-${k}`;
      used.add(area + base);
      write(`${dir}/${area}/${base}${f.ext}`, render(f));
    }
    write(`${dir}/queries.ts`, render(queriesFile(mod)));
    left -= count + 1;
  }
  const sqlCount = Math.min(20, 3 + Math.floor(files / 500));
  for (let i = 0; i < sqlCount; i++) write(`migrations/${String(i + 1).padStart(4, '0')}_${Object.keys(TABLES)[i % 9]}.sql`, migration(i));
  write('.gitignore', 'node_modules/\ndist/\ncoverage/\n.sqlwarden-cache/\n*.log\n');
  const scripts = written.filter((w) => !/\.sql$|\.gitignore$/.test(w.rel));
  return {
    files: scripts.length,
    sqlFiles: sqlCount,
    lines: scripts.reduce((n, w) => n + w.text.split('\n').length - 1, 0),
    bytes: scripts.reduce((n, w) => n + Buffer.byteLength(w.text), 0),
    withSql: scripts.filter((w) => /\/(db|services|repositories|jobs)\/|queries\.ts$/.test(w.rel)).length,
  };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(\w+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    opts[m[1]] = m[2] ?? argv[++i];
  }
  return opts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.files || !opts.out) {
    console.error('usage: node bench/generate.mjs --files N --out DIR [--seed S]');
    process.exit(2);
  }
  const t0 = performance.now();
  const s = generate({ files: Number(opts.files), out: path.resolve(opts.out), seed: Number(opts.seed ?? 1) });
  console.log(`generated ${s.files} files (${s.withSql} with SQL) + ${s.sqlFiles} .sql, ${s.lines} lines, ${s.bytes} bytes in ${((performance.now() - t0) / 1000).toFixed(1)}s -> ${opts.out}`);
}
