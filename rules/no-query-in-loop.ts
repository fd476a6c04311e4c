import { defineRule } from '../src/core/rule.js';
import type { LoopContext, Range, SqlFragment } from '../src/core/types.js';
import { BUILTIN_DETECTORS, type TagDetector, matchesShape } from '../src/extract/detectors.js';
import type { ParsedQuery } from '../src/parse/model.js';
import { forEachStatement } from '../src/parse/walk.js';

interface Options {
  allowBatchLoops: boolean;
}

type MessageId = 'query' | 'concurrent' | 'helper' | 'orm';

/** Tags that only build a piece to compose into another query (Prisma.sql, slonik sql.fragment). */
const PIECE_TAGS = BUILTIN_DETECTORS.filter((d): d is TagDetector => d.kind === 'tag' && d.fragment === true).map((d) => d.tag);

function isQuerySentHere(fragment: SqlFragment): boolean {
  if (fragment.origin !== 'call' && fragment.origin !== 'tag') return false;
  // whereRaw/orderByRaw... inside a loop add a clause to one query; they do not run one each.
  if (fragment.context !== 'statement') return false;
  return !(fragment.origin === 'tag' && PIECE_TAGS.some((t) => matchesShape(t, fragment.api.split('.'))));
}

/** `while (true) { ... LIMIT 1000 ... }`: a cursor or batch loop, one query per batch of rows. */
function isBatchLoop(loop: LoopContext, query: ParsedQuery): boolean {
  if (loop.kind !== 'while' && loop.kind !== 'do-while') return false;
  if (query.statements.length === 0) return /\b(?:limit|fetch\s+(?:first|next))\b/i.test(query.fragment.sql);
  let limited = false;
  forEachStatement(query.statements, (stmt) => {
    if ('limit' in stmt && stmt.limit) limited = true;
  });
  return limited;
}

/** From `start` to the end of its line (or `end`, if sooner): a call spread over lines is marked on its first. */
function firstLine(site: Range, lineStarts: readonly number[]): Range {
  const next = lineStarts.find((s) => s > site.start);
  return { start: site.start, end: next === undefined ? site.end : Math.min(site.end, next - 1) };
}

function loopLabel(loop: LoopContext) {
  const message = loop.kind === 'promise-all-map' ? `${loop.description} starts one query per item` : `each pass of this ${loop.description} sends a query`;
  return { message, range: loop.file };
}

export default defineRule<Options, MessageId>({
  name: 'no-query-in-loop',
  meta: {
    description: 'Disallow database queries inside loops and iteration callbacks (N+1 queries)',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    query: {
      message: '`{{api}}` runs inside the {{loop}}, once per item (N+1 queries).',
      help:
        "Fetch every row in one query before the loop, e.g. `pool.query('SELECT id, name FROM users WHERE id = ANY($1)', [ids])` (`IN (?)` with a list in MySQL), a JOIN, or a DataLoader, then look rows up by key in a Map. " +
        'For writes, send one multi-row `INSERT ... VALUES (...), (...)` or `UPDATE ... FROM (VALUES ...)`.',
    },
    concurrent: {
      message: '{{loop}} runs {{what}} once per item, all at the same time: still N queries, and a long list can drain the connection pool.',
      help:
        "Send one query for all items, e.g. `pool.query('SELECT id, name FROM users WHERE id = ANY($1)', [ids])` or `findMany({ where: { id: { in: ids } } })`, and match rows to items in memory. " +
        'If the calls must stay separate, cap their concurrency (p-limit) below the pool size.',
    },
    helper: {
      message: '`{{helper}}()` runs a query{{defined}} and is called inside the {{loop}}, once per item (N+1 queries).',
      help:
        'Give the helper a batched sibling that takes every key, e.g. `findUsers(ids)` running `SELECT ... WHERE id = ANY($1)`, call it once before the loop and look results up in a Map; or put a DataLoader in front of `{{helper}}`.',
    },
    orm: {
      message: '`{{api}}()` runs a query inside the {{loop}}, once per item (N+1 queries).',
      help:
        'Load every record in one call before the loop: `prisma.user.findMany({ where: { id: { in: ids } } })`, Sequelize `Model.findAll({ where: { id: ids } })`, TypeORM `repo.findBy({ id: In(ids) })`, ' +
        'or eager-load the relation (`include`, `relations`).',
    },
  },
  options: {
    type: 'object',
    properties: {
      allowBatchLoops: {
        type: 'boolean',
        description:
          'Allow a query with a LIMIT inside a `while` or `do...while` loop: batch and cursor loops (`while (true) { ... LIMIT 1000 ... }`) send one query per batch of rows, not per item.',
        default: true,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'A query inside a loop costs one network round trip per item: 20 ms becomes two seconds for 100 items, and the count grows with the data, so it passes review on a small test database and fails in production. ' +
      '`Promise.all(items.map(...))` hides the latency but still sends N queries at once and can take every connection in the pool. ' +
      'One query for all items (`= ANY($1)`, `IN (...)`, a JOIN) or a DataLoader keeps the cost constant. ' +
      'sqlwarden also follows project functions that run a query (a repository helper called in a loop) and ORM calls such as `prisma.user.findUnique`.',
    incorrect: [
      {
        language: 'ts',
        description: 'One SELECT per id.',
        code:
          "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function names(ids: number[]) {\n  const out: string[] = [];\n  for (const id of ids) {\n" +
          "    const { rows } = await pool.query('SELECT name FROM users WHERE id = $1', [id]);\n    out.push(rows[0].name);\n  }\n  return out;\n}",
      },
      {
        language: 'ts',
        description: '`Promise.all` runs the N queries at once; it is still N queries.',
        code:
          "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function counts(ids: number[]) {\n" +
          "  return Promise.all(ids.map((id) => pool.query('SELECT count(*) FROM posts WHERE author_id = $1', [id])));\n}",
      },
      {
        language: 'ts',
        description: 'A helper that runs a query, called in a loop.',
        code:
          "import { Pool } from 'pg';\nconst pool = new Pool();\n\nasync function findUser(id: number) {\n  return (await pool.query('SELECT id, name FROM users WHERE id = $1', [id])).rows[0];\n}\n\n" +
          'export async function authors(ids: number[]) {\n  const users = [];\n  for (const id of ids) users.push(await findUser(id));\n  return users;\n}',
      },
      {
        language: 'ts',
        description: 'An ORM call in an iteration callback.',
        code:
          "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n\nexport async function touch(ids: number[]) {\n" +
          '  ids.forEach(async (id) => {\n    await prisma.user.update({ where: { id }, data: { seenAt: new Date() } });\n  });\n}',
      },
    ],
    correct: [
      {
        language: 'ts',
        description: 'One query for every id, then a lookup in memory.',
        code:
          "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function names(ids: number[]) {\n  const { rows } = await pool.query('SELECT id, name FROM users WHERE id = ANY($1)', [ids]);\n" +
          '  const byId = new Map(rows.map((r) => [r.id, r.name]));\n  return ids.map((id) => byId.get(id));\n}',
      },
      {
        language: 'ts',
        description: 'The loop builds the parameters of a single multi-row INSERT.',
        code:
          "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function addTags(postId: number, tags: string[]) {\n  const values: string[] = [];\n  for (const tag of tags) values.push(tag.trim().toLowerCase());\n" +
          "  await pool.query('INSERT INTO post_tags (post_id, tag) SELECT $1, unnest($2::text[])', [postId, values]);\n}",
      },
      {
        language: 'ts',
        description: 'A query in the loop head runs once.',
        code:
          "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function print() {\n  for (const row of (await pool.query('SELECT id, name FROM users ORDER BY id LIMIT 100')).rows) console.log(row.name);\n}",
      },
      {
        language: 'ts',
        description: 'A batch loop: one query per 1000 rows (allowed by `allowBatchLoops`).',
        code:
          "import { Pool } from 'pg';\nconst pool = new Pool();\n\nexport async function purge() {\n  while (true) {\n" +
          "    const res = await pool.query('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < now() - interval \\'90 days\\' LIMIT 1000)');\n" +
          '    if (res.rowCount === 0) break;\n  }\n}',
      },
    ],
    whenNotToUse:
      'Scripts that must process items one at a time on purpose (each in its own transaction, or rate-limited calls to a small table). Suppress those lines with a reason instead of turning the rule off.',
  },
  visit: {
    query(query, ctx) {
      const { fragment } = ctx;
      const loop = fragment.loop;
      if (!loop || !isQuerySentHere(fragment)) return;
      if (ctx.options.allowBatchLoops && isBatchLoop(loop, query)) return;
      const concurrent = loop.kind === 'promise-all-map';
      ctx.reportFile({
        messageId: concurrent ? 'concurrent' : 'query',
        range: firstLine(fragment.site, fragment.sources[0]!.lineStarts),
        data: { api: fragment.api, what: `\`${fragment.api}\``, loop: loop.description },
        labels: [loopLabel(loop)],
      });
    },
    dbCallInLoop(call, ctx) {
      const range = firstLine(call.site, call.lineStarts);
      const labels = [loopLabel(call.loop)];
      const via = call.via;
      if (via && via.file === call.file) labels.push({ message: `\`${via.name}\` is defined here and runs a query`, range: via.site });
      const data = {
        api: call.api,
        helper: via?.name ?? call.api,
        // The helper's file is not this one: without its line starts no label can point into it, so name the file.
        defined: via && via.file !== call.file ? ` (defined in ${via.file})` : '',
        what: via ? `\`${via.name}()\`, which runs a query,` : `\`${call.api}()\``,
        loop: call.loop.description,
      };
      const messageId = call.loop.kind === 'promise-all-map' ? 'concurrent' : via ? 'helper' : 'orm';
      ctx.reportFile({ messageId, range, data, labels });
    },
  },
});
