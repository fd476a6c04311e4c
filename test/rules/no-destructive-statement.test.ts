import { ruleTester } from './harness.js';

const pg = "import { Pool } from 'pg';\nconst pool = new Pool();\n";

ruleTester('no-destructive-statement', {
  valid: [
    { name: 'a SQL migration', filename: 'migrations/001_init.sql', language: 'sql', code: 'DROP TABLE users;\nTRUNCATE sessions;' },
    {
      name: 'a TS migration under src/db/migrations',
      filename: 'src/db/migrations/20240101_drop_legacy.ts',
      code: pg + "export async function up() {\n  await pool.query('DROP TABLE legacy_users');\n  await pool.query('ALTER TABLE users DROP COLUMN legacy_email');\n}",
    },
    {
      name: 'a knex migration',
      filename: 'migrations/20240101_init.js',
      code: "exports.down = async function down(knex) {\n  await knex.raw('DROP TABLE users');\n};",
    },
    {
      name: 'a TypeORM migration',
      filename: 'src/migration/1700000000000-Init.ts',
      code:
        "import type { MigrationInterface, QueryRunner } from 'typeorm';\n" +
        'export class Init1700000000000 implements MigrationInterface {\n  async down(queryRunner: QueryRunner): Promise<void> {\n' +
        '    await queryRunner.query(`DROP TABLE "posts"`);\n  }\n}',
    },
    {
      name: 'a custom migrations glob',
      filename: 'db/changes/2024_06_drop_orders_2019.sql',
      language: 'sql',
      config: { migrations: ['db/changes/**'] },
      code: 'DROP TABLE orders_2019;',
    },
    {
      name: 'a spec file truncating between cases',
      filename: 'src/orders/orders.spec.ts',
      code: pg + "export async function reset() {\n  await pool.query('TRUNCATE orders, order_items RESTART IDENTITY CASCADE');\n}",
    },
    {
      name: 'a __tests__ helper',
      filename: 'src/__tests__/helpers/db.ts',
      code: pg + "export const wipe = () => pool.query('TRUNCATE users CASCADE');",
    },
    {
      name: 'a seed script',
      filename: 'prisma/seeds/001_users.ts',
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const seed = () => prisma.$executeRawUnsafe('TRUNCATE users CASCADE');",
    },
    {
      name: 'a tmp_ scratch table',
      code: pg + "export const finishImport = () => pool.query('DROP TABLE IF EXISTS tmp_product_import');",
    },
    {
      name: 'a table created as TEMP in the same SQL',
      language: 'sql',
      filename: 'scripts/import.sql',
      code: 'CREATE TEMP TABLE import_batch (id int, sku text);\nTRUNCATE import_batch;\nDROP TABLE import_batch;',
    },
    {
      name: 'MySQL DROP TEMPORARY TABLE',
      code: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\nexport const done = () => pool.query('DROP TEMPORARY TABLE IF EXISTS import_batch');",
    },
    {
      name: 'DROP INDEX, DROP VIEW, DROP CONSTRAINT',
      code:
        pg +
        'export async function rebuild() {\n' +
        "  await pool.query('DROP INDEX IF EXISTS idx_orders_status');\n" +
        "  await pool.query('DROP VIEW IF EXISTS open_orders');\n" +
        "  await pool.query('ALTER TABLE orders DROP CONSTRAINT orders_status_check');\n}",
    },
  ],
  invalid: [
    {
      name: 'TRUNCATE in application code',
      filename: 'src/services/admin.ts',
      code: pg + "export async function resetCarts() {\n  await pool.query('TRUNCATE carts, cart_items');\n}",
      errors: [{ messageId: 'truncate', line: 4, column: 21, endLine: 4, endColumn: 47, message: 'TRUNCATE `carts`, `cart_items` deletes every row' }],
    },
    {
      name: 'DROP TABLE in application code',
      code: pg + "export const drop = () => pool.query(`DROP TABLE users`);",
      errors: [{ messageId: 'drop', line: 3, column: 39, endColumn: 55, message: 'DROP TABLE `users`' }],
    },
    {
      name: 'DROP DATABASE in a SQL script',
      language: 'sql',
      filename: 'scripts/reset.sql',
      code: '-- local reset\nDROP DATABASE IF EXISTS shop;',
      errors: [{ messageId: 'drop', line: 2, column: 1, endColumn: 29, message: 'deletes the database' }],
    },
    {
      name: 'DROP SCHEMA',
      language: 'sql',
      code: 'DROP SCHEMA reporting CASCADE;',
      errors: [{ messageId: 'drop', line: 1, column: 1, endColumn: 22, message: 'DROP SCHEMA `reporting`' }],
    },
    {
      name: 'ALTER TABLE ... DROP COLUMN (mysql2)',
      code:
        "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\n" +
        "export async function cleanup() {\n  await pool.execute('ALTER TABLE users DROP COLUMN legacy_password');\n}",
      errors: [{ messageId: 'dropColumn', line: 4, column: 23, endColumn: 68, message: 'ALTER TABLE users DROP COLUMN `legacy_password`' }],
    },
    {
      name: 'only the real table of a list with a scratch table is named',
      language: 'sql',
      code: 'DROP TABLE IF EXISTS tmp_import, public.orders CASCADE;',
      errors: [{ messageId: 'drop', line: 1, column: 1, endColumn: 47, message: 'DROP TABLE `public.orders` deletes' }],
    },
    {
      name: 'a quoted name',
      language: 'sql',
      code: 'DROP TABLE "Users";',
      errors: [{ messageId: 'drop', line: 1, column: 1, endColumn: 19 }],
    },
    {
      name: 'a migrations folder that the config does not list',
      language: 'sql',
      filename: 'migrations/001_init.sql',
      config: { migrations: ['db/changes/**'] },
      code: 'DROP TABLE users;',
      errors: [{ messageId: 'drop', line: 1, column: 1 }],
    },
    {
      name: 'a test file when allow is emptied',
      filename: 'src/orders/orders.spec.ts',
      options: { allow: [] },
      code: pg + "export const reset = () => pool.query('TRUNCATE orders');",
      errors: [{ messageId: 'truncate', line: 3, column: 40 }],
    },
    {
      name: 'a seeds-like name that is not a seed folder',
      filename: 'src/seeder-admin.ts',
      code: pg + "export const reset = () => pool.query('TRUNCATE users');",
      errors: [{ messageId: 'truncate', line: 3, column: 40 }],
    },
  ],
});
