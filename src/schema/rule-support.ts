/**
 * Small helpers the schema rules share: when a fragment can be judged against
 * the catalog at all, and the span of a table name inside a FROM item.
 */
import type { Catalog } from '../core/catalog.js';
import { mayHideClauses } from '../core/fragment.js';
import type { Range, SqlFragment } from '../core/types.js';
import { tokenize } from '../parse/lexer.js';
import type { ParsedQuery, TableRef } from '../parse/model.js';

/**
 * The catalog, when this query can be checked against it: parsed, a whole
 * statement (pieces such as knex whereRaw lack their FROM), and not a
 * migration (migrations describe the schema's history, not its current state).
 */
export function catalogFor(ctx: { catalog?: Catalog; isMigration: boolean; fragment: SqlFragment }, query: ParsedQuery, contexts: readonly string[] = ['statement']): Catalog | undefined {
  if (!ctx.catalog || ctx.isMigration || query.error || query.statements.length === 0) return undefined;
  if (!contexts.includes(ctx.fragment.context)) return undefined;
  return ctx.catalog;
}

/** The `schema.name` part of a table reference, without its alias. */
export function tableNameSpan(sql: string, ref: TableRef): Range {
  const text = sql.slice(ref.span.start, ref.span.end);
  const tokens = tokenize(text, 'postgresql');
  const first = tokens[0];
  if (!first) return ref.span;
  let end = first.end;
  for (let i = 1; i + 1 < tokens.length && tokens[i]!.value === '.'; i += 2) end = tokens[i + 1]!.end;
  return { start: ref.span.start + first.start, end: ref.span.start + end };
}

/** "2,400,000" */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Schema rules stay quiet when run-time text may hold a clause (see core/fragment.ts)
 * or when a table or column name is itself a run-time value.
 */
export function mayHideClausesOrNames(fragment: SqlFragment): boolean {
  return mayHideClauses(fragment) || fragment.holes.some((h) => h.kind === 'unknown' && h.role === 'identifier');
}
