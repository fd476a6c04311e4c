/**
 * The index to suggest for a table access: equality columns first (constant,
 * then join), then IN lists, then one range column, else the ORDER BY columns a
 * LIMIT wants in order; and the exact CREATE INDEX statement for the dialect.
 */
import type { CatalogTable } from '../core/catalog.js';
import type { Dialect, Range } from '../core/types.js';
import type { Candidate, TableAccess } from './access.js';
import { displayName } from './names.js';

export interface IndexAdvice {
  columns: string[];
  /** The predicate (or ORDER BY item) the suggestion is about: where to report. */
  anchor: Range;
  /** The candidate for the leading column, when it is a predicate. */
  predicate?: Candidate;
  ddl: string;
}

const MAX_KEYS = 4;

export function adviseIndex(access: TableAccess, dialect: Dialect): IndexAdvice | undefined {
  const plain = access.candidates.filter((c) => c.column !== undefined);
  const ranked = [
    ...plain.filter((c) => c.kind === 'eq' && c.via === 'const'),
    ...plain.filter((c) => c.kind === 'eq' && c.via === 'join'),
    ...plain.filter((c) => c.kind === 'in'),
  ];
  const range = plain.find((c) => c.kind === 'range');
  const columns: string[] = [];
  const add = (name: string) => {
    if (columns.length < MAX_KEYS && !columns.includes(name.toLowerCase())) columns.push(name.toLowerCase());
  };
  for (const c of ranked) add(c.column!);
  if (range) add(range.column!);
  else if (access.order) for (const c of access.order.columns) add(c);
  if (columns.length === 0) return undefined;
  const predicate = [...ranked, ...(range ? [range] : [])][0];
  const anchor = predicate?.conjunct.span ?? access.order!.item.span;
  return { columns, anchor, ...(predicate ? { predicate } : {}), ddl: createIndexSql(access.table, columns, dialect) };
}

/** `CREATE INDEX CONCURRENTLY idx_posts_author_id ON posts (author_id);` (CONCURRENTLY on PostgreSQL only). */
export function createIndexSql(table: CatalogTable, columns: readonly string[], dialect: Dialect): string {
  const name = `idx_${table.name}_${columns.join('_')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63);
  const quote = (id: string) => (/^[a-z_][a-z0-9_$]*$/.test(id) ? id : dialect === 'mysql' || dialect === 'mariadb' ? `\`${id}\`` : `"${id}"`);
  const target = displayName(table).split('.').map(quote).join('.');
  const cols = columns.map((c) => quote(table.columns.find((x) => x.name.toLowerCase() === c)?.name ?? c)).join(', ');
  return `CREATE INDEX ${dialect === 'postgresql' ? 'CONCURRENTLY ' : ''}${name} ON ${target} (${cols});`;
}
