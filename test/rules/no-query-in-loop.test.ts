import { ruleTester } from './harness.js';

const pg = "import { Pool } from 'pg';\nconst pool = new Pool();\n";
const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";

ruleTester('no-query-in-loop', {
  valid: [
    {
      name: 'one batched query after a loop that builds its parameters',
      code:
        pg +
        'export async function addTags(postId: number, tags: { name: string }[]) {\n  const names: string[] = [];\n  for (const t of tags) names.push(t.name);\n' +
        "  await pool.query('INSERT INTO post_tags (post_id, tag) SELECT $1, unnest($2::text[])', [postId, names]);\n}",
    },
    {
      name: 'a query in the iterable expression runs once',
      code: pg + "export async function print() {\n  for (const r of (await pool.query('SELECT id, name FROM users ORDER BY id LIMIT 100')).rows) console.log(r.name);\n}",
    },
    {
      name: 'a keyset-pagination loop with LIMIT',
      code:
        pg +
        'export async function exportAll(write: (rows: unknown[]) => void) {\n  let last = 0;\n  while (true) {\n' +
        "    const { rows } = await pool.query('SELECT id, email FROM users WHERE id > $1 ORDER BY id LIMIT 1000', [last]);\n" +
        '    if (rows.length === 0) break;\n    write(rows);\n    last = rows[rows.length - 1].id;\n  }\n}',
      options: { allowBatchLoops: true },
    },
    {
      name: 'batch delete with LIMIT in a subquery, in a do...while',
      code:
        pg +
        'export async function purge() {\n  let n = 0;\n  do {\n' +
        "    n = (await pool.query('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < now() - interval \\'90 days\\' LIMIT 500)')).rowCount ?? 0;\n" +
        '  } while (n > 0);\n}',
    },
    {
      name: 'a route handler callback registered in a loop is not an iteration',
      code:
        pg +
        'export function routes(app: any, tables: string[]) {\n  for (const t of tables) {\n' +
        "    app.get(`/${t}/count`, async () => pool.query('SELECT count(*) FROM users WHERE active = $1', [true]));\n  }\n}",
    },
    {
      name: 'a function defined in a loop body but not called there',
      code:
        pg +
        'export function loaders(ids: number[]) {\n  const out: (() => Promise<unknown>)[] = [];\n  for (const id of ids) {\n' +
        "    out.push(async () => pool.query('SELECT id FROM users WHERE id = $1', [id]));\n  }\n  return out;\n}",
    },
    {
      name: 'knex whereRaw in a loop adds conditions to one query',
      code:
        "import knexFactory from 'knex';\nconst knex = knexFactory({ client: 'pg' });\n" +
        "export function search(filters: { col: string; value: string }[]) {\n  const q = knex('products').select('id', 'name');\n" +
        "  for (const f of filters) q.whereRaw('?? = ?', [f.col, f.value]);\n  return q.limit(50);\n}",
    },
    {
      name: 'Prisma.sql pieces built in a map and sent as one query',
      code:
        prisma.replace('{ PrismaClient }', '{ Prisma, PrismaClient }') +
        'export function names(ids: number[]) {\n  const parts = ids.map((id) => Prisma.sql`SELECT id, name FROM users WHERE id = ${id}`);\n' +
        "  return prisma.$queryRaw`${Prisma.join(parts, ' UNION ALL ')}`;\n}",
    },
    {
      name: 'Promise.all over a fixed list of different queries',
      code:
        pg +
        'export async function dashboard() {\n  return Promise.all([\n' +
        "    pool.query('SELECT count(*) FROM users WHERE active = true'),\n    pool.query('SELECT count(*) FROM orders WHERE status = $1', ['open']),\n  ]);\n}",
    },
    {
      name: 'a query helper called outside any loop',
      code:
        pg +
        "async function findUser(id: number) {\n  return pool.query('SELECT id, name FROM users WHERE id = $1', [id]);\n}\n" +
        'export async function show(id: number) {\n  const ids = [id];\n  return findUser(ids[0]!);\n}',
    },
    {
      name: 'an ORM batch call before the loop',
      code:
        prisma +
        'export async function names(ids: number[]) {\n  const users = await prisma.user.findMany({ where: { id: { in: ids } } });\n' +
        '  for (const u of users) console.log(u.name);\n}',
    },
  ],
  invalid: [
    {
      name: 'for...of',
      code:
        pg +
        'export async function names(ids: number[]) {\n  for (const id of ids) {\n' +
        "    const { rows } = await pool.query('SELECT name FROM users WHERE id = $1', [id]);\n    console.log(rows[0]);\n  }\n}",
      errors: [{ messageId: 'query', line: 5, column: 28, endLine: 5, endColumn: 84, message: '`pool.query` runs inside the for...of loop' }],
    },
    {
      name: 'classic for',
      code: pg + "export async function f(ids: number[]) {\n  for (let i = 0; i < ids.length; i++) await pool.query('DELETE FROM sessions WHERE user_id = $1', [ids[i]]);\n}",
      errors: [{ messageId: 'query', line: 4, column: 46, message: 'inside the for loop' }],
    },
    {
      name: 'while without LIMIT',
      code:
        pg +
        'export async function f(queue: number[]) {\n  while (queue.length > 0) {\n    const id = queue.pop();\n' +
        "    await pool.query('UPDATE users SET notified = true WHERE id = $1', [id]);\n  }\n}",
      errors: [{ messageId: 'query', line: 6, column: 11, message: 'inside the while loop' }],
    },
    {
      name: 'a while loop with LIMIT when allowBatchLoops is off',
      options: { allowBatchLoops: false },
      code:
        pg +
        'export async function drain() {\n  while (true) {\n' +
        "    const { rows } = await pool.query('SELECT id FROM jobs WHERE done = false ORDER BY id LIMIT 1000');\n    if (rows.length === 0) break;\n  }\n}",
      errors: [{ messageId: 'query', line: 5, column: 28 }],
    },
    {
      name: 'forEach callback',
      code:
        pg +
        'export function expire(ids: number[]) {\n  ids.forEach(async (id) => {\n' +
        "    await pool.query('DELETE FROM sessions WHERE user_id = $1', [id]);\n  });\n}",
      errors: [{ messageId: 'query', line: 5, column: 11, message: 'inside the ids.forEach() callback' }],
    },
    {
      name: 'map callback without Promise.all',
      code: pg + "export function lookups(ids: number[]) {\n  return ids.map(async (id) => (await pool.query('SELECT name FROM users WHERE id = $1', [id])).rows[0]);\n}",
      errors: [{ messageId: 'query', line: 4, column: 39, message: 'ids.map() callback' }],
    },
    {
      name: 'Promise.all(items.map()) has its own message',
      code:
        pg +
        'export async function counts(ids: number[]) {\n  const results = await Promise.all(\n' +
        "    ids.map((id) => pool.query('SELECT count(*) AS n FROM posts WHERE author_id = $1', [id])),\n  );\n  return results;\n}",
      errors: [{ messageId: 'concurrent', line: 5, column: 21, message: 'Promise.all(ids.map()) runs `pool.query` once per item, all at the same time' }],
    },
    {
      name: 'a postgres.js tag in for await...of',
      code:
        "import postgres from 'postgres';\nconst sql = postgres();\n" +
        'export async function sync(batches: AsyncIterable<number>) {\n  for await (const id of batches) {\n    await sql`UPDATE accounts SET synced_at = now() WHERE id = ${id}`;\n  }\n}',
      errors: [{ messageId: 'query', line: 5, column: 11, message: 'inside the for await...of loop' }],
    },
    {
      name: 'a project helper that queries, called in a loop',
      code:
        pg +
        "async function findUser(id: number) {\n  return (await pool.query('SELECT id, name FROM users WHERE id = $1', [id])).rows[0];\n}\n" +
        'export async function authors(ids: number[]) {\n  const users = [];\n  for (const id of ids) users.push(await findUser(id));\n  return users;\n}',
      errors: [{ messageId: 'helper', line: 8, column: 42, endColumn: 54, message: '`findUser()` runs a query and is called inside the for...of loop' }],
    },
    {
      name: 'a helper in Promise.all(map)',
      code:
        pg +
        "async function findUser(id: number) {\n  return (await pool.query('SELECT id, name FROM users WHERE id = $1', [id])).rows[0];\n}\n" +
        'export const authors = (ids: number[]) => Promise.all(ids.map((id) => findUser(id)));',
      errors: [{ messageId: 'concurrent', line: 6, column: 71, endColumn: 83, message: '`findUser()`, which runs a query,' }],
    },
    {
      name: 'Prisma ORM call in a loop',
      code: prisma + 'export async function load(ids: number[]) {\n  for (const id of ids) {\n    await prisma.user.findUnique({ where: { id } });\n  }\n}',
      errors: [{ messageId: 'orm', line: 5, column: 11, message: '`prisma.user.findUnique()` runs a query inside the for...of loop' }],
    },
    {
      name: 'Sequelize findByPk in a loop',
      code:
        "import { Product } from './models';\n" +
        'export async function total(items: { productId: number; quantity: number }[]) {\n  let sum = 0;\n  for (const item of items) {\n' +
        '    const product = await Product.findByPk(item.productId);\n    if (product) sum += Number(product.price) * item.quantity;\n  }\n  return sum;\n}',
      errors: [{ messageId: 'orm', line: 5, column: 27, message: 'Product.findByPk()' }],
    },
  ],
});
