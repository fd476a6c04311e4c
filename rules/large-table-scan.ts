import { defineRule } from '../src/core/rule.js';
import { type TableAccess, analyseAccess } from '../src/schema/access.js';
import { adviseIndex } from '../src/schema/index-advice.js';
import { orderServingIndex, servingIndex } from '../src/schema/indexes.js';
import { displayName } from '../src/schema/names.js';
import { catalogFor, formatCount, mayHideClausesOrNames, tableNameSpan } from '../src/schema/rule-support.js';
import { walkScopes } from '../src/schema/scope.js';

interface Options {
  minRows: number;
}

const SCHEMA = `CREATE TABLE events (id bigserial PRIMARY KEY, account_id bigint NOT NULL, kind text NOT NULL, payload jsonb, created_at timestamptz NOT NULL);
CREATE INDEX events_account_id_idx ON events (account_id);
-- sqlwarden-rows: events=25000000`;

/** Why a read covers the whole table, and what to do about it. */
function verdict(access: TableAccess, sql: string, dialect: Parameters<typeof adviseIndex>[1]): { reason: string; advice: string } | undefined {
  const { table, candidates, conjunctKeys, order } = access;
  if (candidates.length > 0) {
    if (servingIndex(table, candidates, conjunctKeys)) return undefined;
    if (order && orderServingIndex(table, order.columns, candidates, conjunctKeys)) return undefined;
    const first = candidates[0]!.conjunct.span;
    const text = sql.slice(first.start, first.end).replace(/\s+/g, ' ');
    const index = adviseIndex(access, dialect);
    return {
      reason: `no index serves ${text.length > 50 ? `${text.slice(0, 47)}...` : text}`,
      advice: index ? `Add an index the condition can use: ${index.ddl}` : 'Index the expression the condition uses, or compare the raw column so an existing index applies.',
    };
  }
  if (access.stopsEarly) return undefined;
  if (order) {
    if (orderServingIndex(table, order.columns, candidates, conjunctKeys)) return undefined;
    const index = adviseIndex(access, dialect);
    return {
      reason: `ORDER BY ${order.columns.join(', ')} ... LIMIT sorts every row first: no index has that order`,
      advice: index ? `Index the sort key so the LIMIT can stop early: ${index.ddl}` : 'Index the sort key so the LIMIT can stop early.',
    };
  }
  if (access.filtered) {
    return {
      reason: 'its conditions cannot use an index',
      advice: 'Rewrite the condition so an index can serve it (compare the raw column, avoid a leading % in LIKE and OR across columns), or index the expression it uses.',
    };
  }
  return {
    reason: 'no WHERE or JOIN condition narrows it',
    advice: 'Filter on an indexed column or bound the read with LIMIT; a total over the whole table belongs in a summary table or a background job, not on a request path.',
  };
}

export default defineRule<Options, 'largeTableScan'>({
  name: 'large-table-scan',
  meta: {
    description: 'Report queries that must read every row of a table the schema says is large',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
    requiresSchema: true,
  },
  messages: {
    largeTableScan: {
      message: 'Reads every row of "{{table}}" (about {{rows}} rows): {{reason}}',
      help: '{{advice}} (Row counts come from the schema source; tables under {{minRows}} rows are not reported.)',
    },
  },
  options: {
    type: 'object',
    properties: {
      minRows: {
        type: 'integer',
        minimum: 0,
        description: 'Report only tables with at least this many rows according to the catalog (live database statistics, a snapshot or `-- sqlwarden-rows:` in DDL).',
        default: 1000000,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'Some reads cost the same whatever their WHERE says: with no condition, with conditions no index can serve, or with an ORDER BY ... LIMIT that must sort the whole table before it can keep ten rows. ' +
      'On a table of millions of rows each call reads gigabytes, evicts the cache other queries rely on, and holds a connection for seconds. ' +
      'With row counts from the schema (a live database, a snapshot, or `-- sqlwarden-rows: table=n` in DDL) sqlwarden reports such reads of tables above `minRows`. ' +
      'A LIMIT without ORDER BY (the scan stops early) and an ORDER BY an index returns in order are not reported. Without a row count for the table the rule is silent.',
    incorrect: [
      { language: 'ts', schema: SCHEMA, code: "const { rows } = await pool.query('SELECT count(*) FROM events');", description: 'A count over 25 million rows on every call.' },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'SELECT id, kind FROM events WHERE kind = $1;',
        description: 'A condition on a column without an index.',
      },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'SELECT id, kind FROM events ORDER BY created_at DESC LIMIT 20;',
        description: 'The newest 20 events, found by sorting all of them.',
      },
    ],
    correct: [
      { language: 'ts', schema: SCHEMA, code: "await pool.query('SELECT id, kind FROM events WHERE account_id = $1 LIMIT 100', [accountId]);" },
      { language: 'sql', schema: SCHEMA, code: 'SELECT id, kind FROM events LIMIT 10;', description: 'A LIMIT without ORDER BY stops after ten rows.' },
      {
        language: 'sql',
        schema: SCHEMA.replace('events=25000000', 'events=2000'),
        code: 'SELECT count(*) FROM events;',
        description: 'The table is small.',
      },
    ],
    whenNotToUse: 'For batch jobs and reports that must read everything (run them off the request path, and suppress the line with a reason).',
  },
  visit: {
    query(query, ctx) {
      const catalog = catalogFor(ctx, query);
      if (!catalog || mayHideClausesOrNames(ctx.fragment)) return;
      const sql = ctx.fragment.sql;
      const reported = new Set<number>();
      walkScopes(query, catalog, (stmt, scope) => {
        for (const access of analyseAccess(stmt, scope, sql)) {
          const table = access.table;
          if (table.kind === 'view' || table.rowCount === undefined || table.rowCount < ctx.options.minRows || access.undecidable) continue;
          const found = verdict(access, sql, ctx.fragment.dialect);
          if (!found || reported.has(access.ref.span.start)) continue;
          reported.add(access.ref.span.start);
          ctx.report({
            messageId: 'largeTableScan',
            span: tableNameSpan(sql, access.ref),
            data: { table: displayName(table), rows: formatCount(table.rowCount), reason: found.reason, advice: found.advice, minRows: formatCount(ctx.options.minRows) },
            evidence: 'schema',
          });
        }
      });
    },
  },
});
