import { ruleTester } from './harness.js';

const pg = "import { Pool } from 'pg';\nconst pool = new Pool();\n";

ruleTester('no-unsafe-interpolation', {
  valid: [
    {
      name: 'pg: bound parameter',
      code: pg + "export const byId = (id: string) => pool.query('SELECT id, email FROM users WHERE id = $1', [id]);",
    },
    {
      name: 'postgres.js tag binds its holes',
      code: "import postgres from 'postgres';\nconst sql = postgres();\nexport const byId = (id: string) => sql`SELECT id FROM users WHERE id = ${id}`;",
    },
    {
      name: 'prisma.$queryRaw tagged template',
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const byId = (id: string) => prisma.$queryRaw`SELECT id FROM users WHERE id = ${id}`;",
    },
    {
      name: '$queryRawUnsafe with positional parameters',
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const byId = (id: string) => prisma.$queryRawUnsafe('SELECT id FROM users WHERE id = $1', id);",
    },
    {
      name: 'a local constant is folded into the text',
      code: pg + "const TABLE = 'users';\nexport const byId = (id: string) => pool.query(`SELECT id FROM ${TABLE} WHERE id = $1`, [id]);",
    },
    {
      name: 'a ternary of constants',
      code: pg + "export const list = (desc: boolean) => pool.query(`SELECT id FROM users ORDER BY created_at ${desc ? 'DESC' : 'ASC'} LIMIT 20`);",
    },
    {
      name: 'Number() and parseInt() cannot carry SQL',
      code: pg + 'export const page = (id: string, n: string) => pool.query(`SELECT id FROM users WHERE id = ${Number(id)} LIMIT ${parseInt(n, 10)}`);',
    },
    {
      name: 'generated placeholder list',
      code: pg + "export const byIds = (ids: string[]) =>\n  pool.query(`SELECT id FROM users WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`, ids);",
    },
    {
      name: 'mysql2 placeholder list with Array.fill',
      code: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\nexport const byIds = (ids: number[]) => pool.query(`SELECT id FROM products WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);",
    },
    {
      name: 'drizzle sql.identifier and a bound value',
      code: "import { sql } from 'drizzle-orm';\nimport { db } from './db';\nexport const count = (table: string, status: string) =>\n  db.execute(sql`SELECT count(*) FROM ${sql.identifier(table)} WHERE status = ${status}`);",
    },
    {
      name: 'postgres.js sql(name) identifier helper',
      code: "import postgres from 'postgres';\nconst sql = postgres();\nexport const count = (table: string) => sql`SELECT count(*) FROM ${sql(table)}`;",
    },
    {
      name: 'Prisma.raw of a constant',
      code: "import { Prisma, PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst ORDER_COLUMN = 'created_at';\nexport const list = () => prisma.$queryRaw`SELECT id FROM posts ORDER BY ${Prisma.raw(ORDER_COLUMN)} DESC LIMIT 10`;",
    },
    {
      name: 'knex raw with bindings',
      code: "import knexFactory from 'knex';\nconst knex = knexFactory({ client: 'pg' });\nexport const find = (email: string) => knex('users').whereRaw('lower(email) = ?', [email]).first();",
    },
    {
      name: 'an escape call',
      code: pg + 'export const byName = (client: any, name: string) => pool.query(`SELECT id FROM users WHERE name = ${client.escapeLiteral(name)}`);',
    },
    {
      name: 'interpolated text that never reaches a database API (a log line)',
      code: 'export const log = (id: string) => console.log(`SELECT id FROM users WHERE id = ${id}`);',
    },
  ],
  invalid: [
    {
      name: 'pg: template literal',
      code: pg + 'export const byId = (id: string) => pool.query(`SELECT id FROM users WHERE id = ${id}`);',
      errors: [{ messageId: 'value', line: 3, column: 83, endLine: 3, endColumn: 85, message: '`id` is pasted into the SQL sent by pool.query' }],
    },
    {
      name: 'pg: quotes do not make it safe',
      code: pg + "export const byName = (name: string) => pool.query(`SELECT id FROM users WHERE name = '${name}'`);",
      errors: [{ messageId: 'string', line: 3, column: 90, endColumn: 94, message: 'the quotes do not make it safe' }],
    },
    {
      name: 'pg: identifier hole',
      code: pg + 'export const count = (table: string) => pool.query(`SELECT count(*) FROM ${table}`);',
      errors: [{ messageId: 'identifier', line: 3, column: 76, endColumn: 81, message: 'as a table or column name' }],
    },
    {
      name: 'pg: ORDER BY column is reported as a name',
      code: pg + 'export const list = (sort: string) =>\n  pool.query(`SELECT id FROM users ORDER BY ${sort} LIMIT 20`);',
      errors: [{ messageId: 'identifier', line: 4, column: 47, endColumn: 51 }],
    },
    {
      name: 'pg: a piece of SQL',
      code: pg + 'export const list = (where: string) => pool.query(`SELECT id FROM users ${where} LIMIT 20`);',
      errors: [{ messageId: 'clause', line: 3, column: 75, endColumn: 80 }],
    },
    {
      name: 'pg: a query text built in a const first',
      code: pg + 'export async function byId(id: string) {\n  const text = `SELECT id FROM users WHERE id = ${id}`;\n  return pool.query(text);\n}',
      errors: [{ messageId: 'value', line: 4, column: 51 }],
    },
    {
      name: 'mysql2: concatenation with a request parameter',
      code:
        "const mysql = require('mysql2');\nconst connection = mysql.createConnection({});\n" +
        "function getCustomer(req, res) {\n  connection.query('SELECT id, email FROM customers WHERE id = ' + req.params.id, (err, rows) => res.json(rows));\n}",
      errors: [{ messageId: 'value', line: 4, column: 68, endColumn: 81, message: '`req.params.id` is pasted into the SQL sent by connection.query' }],
    },
    {
      name: 'knex.raw template',
      code: "import knexFactory from 'knex';\nconst knex = knexFactory({ client: 'pg' });\nexport const touch = (id: string) => knex.raw(`UPDATE users SET seen_at = now() WHERE id = ${id}`);",
      errors: [{ messageId: 'value', line: 3, column: 94, message: 'knex.raw' }],
    },
    {
      name: 'knex whereRaw template',
      code: "import knexFactory from 'knex';\nconst knex = knexFactory({ client: 'pg' });\nexport const find = (email: string) => knex('users').whereRaw(`email = '${email}'`).first();",
      errors: [{ messageId: 'string', line: 3, column: 75 }],
    },
    {
      name: 'Prisma $queryRawUnsafe and $executeRawUnsafe',
      code:
        "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n" +
        'export const byAuthor = (authorId: string) => prisma.$queryRawUnsafe(`SELECT id FROM posts WHERE author_id = ${authorId}`);\n' +
        "export const deleteByTitle = (title: string) => prisma.$executeRawUnsafe(`DELETE FROM posts WHERE title = '${title}'`);",
      errors: [
        { messageId: 'value', line: 3, column: 112, endColumn: 120, message: 'prisma.$queryRawUnsafe' },
        { messageId: 'string', line: 4, column: 110, message: 'prisma.$executeRawUnsafe' },
      ],
    },
    {
      name: 'Prisma.raw of a variable inside $queryRaw',
      code: "import { Prisma, PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const list = (sort: string) => prisma.$queryRaw`SELECT id FROM posts ORDER BY ${Prisma.raw(sort)} LIMIT 10`;",
      errors: [{ messageId: 'raw', line: 3, column: 99, endColumn: 103, message: 'through Prisma.raw()' }],
    },
    {
      name: 'drizzle sql.raw of a variable inside the tag',
      code: "import { sql } from 'drizzle-orm';\nimport { db } from './db';\nexport const list = (sort: string) => db.execute(sql`SELECT id FROM users ORDER BY ${sql.raw(sort)} LIMIT 10`);",
      errors: [{ messageId: 'raw', line: 3, column: 94, message: 'through sql.raw()' }],
    },
    {
      name: 'sequelize.query template',
      code:
        "import { QueryTypes, Sequelize } from 'sequelize';\nconst sequelize = new Sequelize('postgres://localhost/shop');\n" +
        "export const byName = (name: string) => sequelize.query(`SELECT id, name FROM products WHERE name = '${name}'`, { type: QueryTypes.SELECT });",
      errors: [{ messageId: 'string', line: 3, column: 104, message: 'sequelize.query' }],
    },
    {
      name: 'postgres.js sql.unsafe',
      code: "import postgres from 'postgres';\nconst sql = postgres();\nexport const count = (table: string) => sql.unsafe(`SELECT count(*) FROM ${table}`);",
      errors: [{ messageId: 'identifier', line: 3, column: 76, message: 'sql.unsafe' }],
    },
    {
      name: 'one finding per unsafe hole',
      code: pg + 'export const f = (a: string, b: string) => pool.query(`SELECT id FROM t WHERE a = ${a} AND b = ${b}`);',
      errors: [
        { messageId: 'value', line: 3, column: 85, endColumn: 86 },
        { messageId: 'value', line: 3, column: 98, endColumn: 99 },
      ],
    },
  ],
});
