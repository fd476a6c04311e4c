/**
 * ESLint 9's RuleTester on the plugin's rules, parsed by @typescript-eslint/parser,
 * with exact positions (ESLint reports 1-based lines and columns).
 */
// The plugin first: it must see libpg-query before anything else loads it.
import plugin from '../../src/eslint/index.js';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { type Rule, RuleTester } from 'eslint9';
import { afterAll, describe, it } from 'vitest';

// RuleTester hooks into the test framework through these statics (afterAll is not in its typings).
Object.assign(RuleTester, { afterAll, describe, it, itOnly: it.only });

const ROOT = path.resolve(import.meta.dirname, '../..');
const filename = path.join(ROOT, 'test/eslint/example.ts');

const tester = new RuleTester({
  languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
});

const rule = (name: string) => plugin.rules[name] as unknown as Rule.RuleModule;

tester.run('no-select-star', rule('no-select-star'), {
  valid: [
    { filename, code: "await pool.query('SELECT id, email FROM users WHERE id = $1', [id]);" },
    { filename, code: "await pool.query('SELECT count(*) FROM users WHERE org_id = $1', [org]);" },
    { filename, code: "const label = 'Select * from the list below';" },
  ],
  invalid: [
    {
      filename,
      code: "await pool.query('SELECT * FROM users WHERE id = $1', [id]);",
      errors: [{ messageId: 'selectStar', line: 1, column: 26, endLine: 1, endColumn: 27 }],
    },
    {
      name: 'SQL spread over lines, indented with tabs',
      filename,
      code: 'async function f(id: number) {\n\treturn pool.query(`\n\t\tSELECT *\n\t\tFROM orders\n\t\tWHERE id = $1`, [id]);\n}\n',
      errors: [{ messageId: 'selectStar', line: 3, column: 10, endLine: 3, endColumn: 11 }],
    },
    {
      name: 'columns count UTF-16 code units after non-ASCII text',
      filename,
      code: "const wave = '👋 é'; await pool.query('SELECT * FROM users WHERE id = $1', [id]);",
      errors: [{ messageId: 'selectStar', line: 1, column: 47, endColumn: 48 }],
    },
  ],
});

tester.run('no-delete-without-where', rule('no-delete-without-where'), {
  valid: [
    { filename, code: "await pool.query('DELETE FROM sessions WHERE expires_at < now()');" },
    {
      name: 'allowInMigrations in a migration file',
      filename: path.join(ROOT, 'test/eslint/migrations/001_reset.ts'),
      options: [{ allowInMigrations: true }],
      code: "await pool.query('DELETE FROM sessions');",
    },
  ],
  invalid: [
    {
      filename,
      code: "\n\nawait pool.query('DELETE FROM sessions');",
      errors: [{ message: 'DELETE without WHERE removes every row of "sessions"', line: 3, column: 19, endLine: 3, endColumn: 39 }],
    },
  ],
});

tester.run('no-query-in-loop', rule('no-query-in-loop'), {
  valid: [
    { filename, code: "const { rows } = await pool.query('SELECT id, name FROM users WHERE id = ANY($1)', [ids]);" },
    {
      name: 'a batch loop with LIMIT (allowBatchLoops defaults to true)',
      filename,
      code: "while (true) {\n  const { rows } = await pool.query('SELECT id FROM jobs WHERE done = false LIMIT 100');\n  if (rows.length === 0) break;\n}",
    },
  ],
  invalid: [
    {
      filename,
      code: "for (const id of ids) {\n  await pool.query('SELECT id, name FROM users WHERE id = $1', [id]);\n}",
      errors: [{ messageId: 'query', line: 2, column: 9, endLine: 2, endColumn: 69 }],
    },
    {
      name: 'an ORM call without SQL text',
      filename,
      code: "for (const id of ids) {\n  const user = await prisma.user.findUnique({ where: { id } });\n}",
      errors: [{ messageId: 'orm', line: 2, column: 22 }],
    },
    {
      name: 'a query helper defined in the same file',
      filename,
      code: "async function findUser(id: number) {\n  return pool.query('SELECT id FROM users WHERE id = $1', [id]);\n}\nfor (const id of ids) await findUser(id);",
      errors: [{ messageId: 'helper', line: 4, column: 29, endLine: 4, endColumn: 41 }],
    },
    {
      name: 'allowBatchLoops: false',
      filename,
      options: [{ allowBatchLoops: false }],
      code: "while (true) {\n  const { rows } = await pool.query('SELECT id FROM jobs WHERE done = false LIMIT 100');\n  if (rows.length === 0) break;\n}",
      errors: [{ messageId: 'query', line: 2 }],
    },
  ],
});

tester.run('no-large-offset', rule('no-large-offset'), {
  valid: [
    { filename, code: "await pool.query('SELECT id FROM orders ORDER BY id LIMIT 20 OFFSET 40');" },
    { filename, options: [{ threshold: 100000 }], code: "await pool.query('SELECT id FROM orders ORDER BY id LIMIT 20 OFFSET 50000');" },
  ],
  invalid: [
    {
      filename,
      code: "await pool.query('SELECT id FROM orders ORDER BY id LIMIT 20 OFFSET 50000');",
      errors: [{ messageId: 'largeOffset', line: 1, column: 69, endColumn: 74 }],
    },
  ],
});

tester.run('no-unsafe-interpolation', rule('no-unsafe-interpolation'), {
  valid: [{ filename, code: 'await sql`SELECT id FROM users WHERE email = ${email}`;' }],
  invalid: [
    {
      filename,
      code: "await pool.query(`SELECT id FROM users WHERE email = '${email}'`);",
      errors: [{ messageId: 'string', line: 1, column: 57, endColumn: 62 }],
    },
  ],
});

tester.run('parse-error', rule('parse-error'), {
  valid: [
    { filename, code: "await pool.query('SELECT id FROM users WHERE id = $1', [id]);" },
    { name: 'not SQL at all', filename, code: "const msg = 'Select a file'; console.log('update failed');" },
  ],
  invalid: [
    {
      name: 'a parse failure is a finding, not a crash',
      filename,
      code: "await pool.query('SELECT id FROM users WHERE id = $1 ORDER created_at', [id]);",
      errors: [{ message: 'SQL does not parse as postgresql: syntax error at or near "created_at"', line: 1, column: 60, endColumn: 70 }],
    },
    {
      name: 'the dialect from settings.sqlwarden',
      filename,
      settings: { sqlwarden: { dialect: 'mysql' } },
      code: "await db.query('SELECT id FROM users WHERE id = ? ORDER created_at', [id]);",
      errors: [{ messageId: 'parseError', line: 1 }],
    },
  ],
});

tester.run('unused-disable', rule('unused-disable'), {
  valid: [
    {
      name: 'a directive that suppresses a finding of a rule that is off in ESLint is not "unused"',
      filename,
      code: "// sqlwarden-disable-next-line no-select-star -- three columns\nawait pool.query('SELECT * FROM v WHERE id = $1', [id]);",
    },
  ],
  invalid: [
    {
      filename,
      code: "// sqlwarden-disable-next-line -- stale\nawait pool.query('SELECT id FROM users WHERE id = $1', [id]);",
      errors: [{ messageId: 'unused', line: 1, column: 1, endLine: 1, endColumn: 40 }],
    },
    {
      filename,
      options: [{ requireReason: true }],
      code: "// sqlwarden-disable-next-line no-select-star\nawait pool.query('SELECT * FROM users WHERE id = $1', [id]);",
      errors: [{ messageId: 'missingReason', line: 1 }],
    },
  ],
});
