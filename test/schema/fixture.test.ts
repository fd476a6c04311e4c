/** The schema-app fixture: each query of its README yields exactly the finding it documents. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { resolveConfig, validateConfig } from '../../src/cli/config.js';
import type { Catalog } from '../../src/core/catalog.js';
import { runCheck } from '../../src/run.js';
import { loadCatalog } from '../../src/schema/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const SCHEMA_RULES = new Set(['unknown-table', 'unknown-column', 'missing-index', 'large-table-scan']);

async function schemaFindings(catalog: Catalog, paths: string[]): Promise<string[]> {
  const config = resolveConfig(validateConfig({}, '<test>', ALL_RULES), { cwd: root, dir: root, rules: ALL_RULES });
  const result = await runCheck({ cwd: root, paths, config, catalog });
  return result.diagnostics.filter((d) => SCHEMA_RULES.has(d.ruleId)).map((d) => `${d.file.replace('fixtures/schema-app/', '')}:${d.line}:${d.column} ${d.ruleId}: ${d.message} | ${d.help}`);
}

describe('fixtures/schema-app', () => {
  it('with its migrations as the schema', async () => {
    const { catalog, notes } = await loadCatalog(['fixtures/schema-app/migrations'], { cwd: root });
    expect(notes).toEqual([]);
    expect(await schemaFindings(catalog, ['fixtures/schema-app/src'])).toEqual([
      'src/posts.ts:23:80 missing-index: No index on "posts" serves author_id = $1 | Without an index on author_id the database reads every row of posts to find the matching rows. Add one: CREATE INDEX CONCURRENTLY idx_posts_author_id ON posts (author_id);',
      'src/posts.ts:42:74 missing-index: No index on "comments" serves author_id = $1 | Without an index on author_id, created_at the database reads every row of comments to find the matching rows. Add one: CREATE INDEX CONCURRENTLY idx_comments_author_id_created_at ON comments (author_id, created_at);',
      'src/posts.ts:48:59 unknown-table: Table "comment" is not in the schema; did you mean "comments"? | Use "comments" if that is the table meant; if the table was created since, update the schema sqlwarden reads (config `schema`, migrations or a snapshot).',
      'src/users.ts:11:56 unknown-column: Column "username" does not exist in table "users"; did you mean "user_name"? | Use "user_name" if that is the column meant; if the column was added since, update the schema sqlwarden reads (config `schema`, migrations or a snapshot).',
    ]);
  });

  it('with the Prisma variant as the schema', async () => {
    const { catalog } = await loadCatalog(['fixtures/schema-app/prisma-variant/prisma/schema.prisma'], { cwd: root });
    expect((await schemaFindings(catalog, ['fixtures/schema-app/prisma-variant'])).map((f) => f.replace(/ \|.*/, ''))).toEqual([
      'prisma-variant/src/feed.ts:12:61 missing-index: No index on "posts" serves author_id = $1',
      'prisma-variant/src/feed.ts:16:45 unknown-column: Column "username" does not exist in table "users"; did you mean "user_name"?',
      'prisma-variant/src/feed.ts:20:48 unknown-table: Table "comment" is not in the schema; did you mean "comments"?',
    ]);
  });

  it('the migrations and the Prisma model describe the same tables and columns', async () => {
    const sql = (await loadCatalog(['fixtures/schema-app/migrations'], { cwd: root })).catalog;
    const prisma = (await loadCatalog(['fixtures/schema-app/prisma-variant/prisma/schema.prisma'], { cwd: root })).catalog;
    const shape = (c: Catalog) => c.tables.map((t) => `${t.name}(${t.columns.map((x) => `${x.name}${x.nullable ? '?' : ''}`).sort().join(',')})`).sort();
    expect(shape(prisma)).toEqual(shape(sql));
  });
});
