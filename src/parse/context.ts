/**
 * Fragments that are pieces of a statement (knex whereRaw gives a condition,
 * orderByRaw an ORDER BY list ...) are parsed inside a host statement, then
 * reported as a SELECT holding only that piece, with spans in the fragment's
 * own offsets. The host's own parts (its `1`, its table `t`) never appear.
 */
import type { FragmentContext, SqlFragment } from '../core/types.js';
import type { ParsedQuery, SelectStatement, Statement } from './model.js';

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
    const seen = new WeakSet<object>();
    shiftSpans(first, move, seen);
    for (const s of rest) shiftSpans(s, move, seen);
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

function shiftSpans(node: unknown, move: (n: number) => number, seen: WeakSet<object>): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const x of node) shiftSpans(x, move, seen);
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'span' && v && typeof v === 'object' && typeof (v as { start?: unknown }).start === 'number') {
      const s = v as { start: number; end: number };
      (node as Record<string, unknown>)[k] = { start: move(s.start), end: move(s.end) };
    } else if (v && typeof v === 'object') shiftSpans(v, move, seen);
  }
}
