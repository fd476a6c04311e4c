/**
 * Fragments that are pieces of a statement (knex whereRaw gives a condition,
 * orderByRaw an ORDER BY list ...) are parsed inside a host statement, then
 * reported as a SELECT holding only that piece, with spans in the fragment's
 * own offsets. The host's own parts (its `1`, its table `t`) never appear.
 */
import type { FragmentContext, SqlFragment } from '../core/types.js';
import type { ParsedQuery, SelectStatement, Statement } from './model.js';
import { remapSpans } from './remap.js';

type PieceContext = Exclude<FragmentContext, 'statement'>;

/** Prefix and suffix around the piece; the suffix starts a new line so a trailing `--` comment cannot swallow it. */
const HOSTS: Record<PieceContext, [string, string]> = {
  condition: ['SELECT 1 FROM t WHERE ', ''],
  'order-by': ['SELECT 1 FROM t ORDER BY ', ''],
  'group-by': ['SELECT 1 FROM t GROUP BY ', ''],
  'select-list': ['SELECT ', '\nFROM t'],
  from: ['SELECT 1 FROM ', ''],
  join: ['SELECT 1 FROM t ', ''],
};

export function isPiece(fragment: SqlFragment): boolean {
  const c = fragment.context;
  return c !== undefined && c !== 'statement' && c in HOSTS;
}

export function parsePiece(fragment: SqlFragment, parse: (f: SqlFragment) => ParsedQuery): ParsedQuery {
  const context = fragment.context as PieceContext;
  const [prefix, suffix] = HOSTS[context];
  const sql = fragment.sql;
  const hosted = parse({ ...fragment, sql: prefix + sql + suffix, context: 'statement' });
  const shift = prefix.length;
  const len = sql.length;
  const move = (n: number): number => Math.min(len, Math.max(0, n - shift));
  const out: ParsedQuery = { fragment, parser: hosted.parser, statements: [], fingerprint: hosted.fingerprint };
  if (hosted.error) out.error = { message: hosted.error.message, offset: move(hosted.error.offset) };
  const [first, ...rest] = hosted.statements;
  if (first) {
    remapSpans([first, ...rest], (span) => ({ start: move(span.start), end: move(span.end) }));
    const lead = sql.length - sql.trimStart().length;
    const piece: SelectStatement = {
      kind: 'select',
      span: { start: lead, end: Math.max(lead, sql.trimEnd().length) },
      with: [],
      distinct: false,
      columns: [],
      from: [],
      groupBy: [],
      orderBy: [],
    };
    if (first.kind === 'select') {
      if (context === 'condition' && first.where) piece.where = first.where;
      if (context === 'order-by') piece.orderBy = first.orderBy;
      if (context === 'group-by') piece.groupBy = first.groupBy;
      if (context === 'select-list') piece.columns = first.columns;
      if (context === 'from') piece.from = first.from;
      if (context === 'join') piece.from = first.from.slice(1);
    }
    out.statements = [piece, ...(rest as Statement[])];
  }
  return out;
}
