/**
 * Which catalog indexes can serve which predicates. Deliberately close to how a
 * B-tree is used: an index serves a predicate on its leading key, or on a later
 * key when equality binds every key before it; a partial index only when the
 * query repeats its predicate; an expression key only the same expression.
 */
import type { Catalog, CatalogIndex, CatalogTable } from '../core/catalog.js';
import { resolveTable, splitQualified } from './names.js';

export type PredicateKind = 'eq' | 'in' | 'range';

/** A conjunct that an index on one table could use. */
export interface IndexablePredicate {
  /** Lower-cased column name, for a plain column. */
  column?: string;
  /** Canonical key (normalise.ts), for an expression over the table's columns. */
  expression?: string;
  kind: PredicateKind;
}

type Key = CatalogIndex['keys'][number];

function keyMatches(key: Key, p: IndexablePredicate): boolean {
  if (key.column !== undefined) return p.column !== undefined && key.column === p.column;
  return key.expression !== undefined && p.expression === key.expression;
}

/**
 * Splits a canonical predicate key into its AND-ed parts (the normaliser
 * parenthesises nested operations, so top-level ANDs are the conjuncts; the
 * AND of a BETWEEN is not one).
 */
export function splitConjunctKeys(key: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  let between = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && c === ' ') {
      if (key.startsWith(' between ', i)) between++;
      else if (key.startsWith(' and ', i)) {
        if (between > 0) between--;
        else {
          out.push(strip(key.slice(start, i)));
          start = i + 5;
          i += 4;
        }
      }
    }
  }
  out.push(strip(key.slice(start)));
  return out;
}

function strip(part: string): string {
  let s = part.trim();
  while (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1);
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A partial index is usable only when each conjunct of its predicate is also a conjunct of the query. */
export function partialIndexApplies(index: CatalogIndex, queryConjuncts: ReadonlySet<string>): boolean {
  if (index.where === undefined) return true;
  return splitConjunctKeys(index.where).every((part) => queryConjuncts.has(part));
}

/** The first index (primary first) whose leading key one of the predicates constrains. */
export function servingIndex(table: CatalogTable, predicates: readonly IndexablePredicate[], queryConjuncts: ReadonlySet<string>): CatalogIndex | undefined {
  for (const index of ordered(table.indexes)) {
    if (!partialIndexApplies(index, queryConjuncts)) continue;
    if (predicateServed(index, predicates)) return index;
  }
  return undefined;
}

/**
 * An index serves a predicate on its leading key, or on a later key when
 * equality binds every key before it. Either way the leading key is
 * constrained, which is what decides whether the table is reached through it.
 */
function predicateServed(index: CatalogIndex, predicates: readonly IndexablePredicate[]): boolean {
  const lead = index.keys[0];
  return lead !== undefined && predicates.some((p) => keyMatches(lead, p));
}

/**
 * An index that returns rows already in ORDER BY order (so LIMIT stops early):
 * the first sort column is a key whose earlier keys equality binds.
 */
export function orderServingIndex(table: CatalogTable, order: readonly string[], predicates: readonly IndexablePredicate[], queryConjuncts: ReadonlySet<string>): CatalogIndex | undefined {
  const first = order[0]?.toLowerCase();
  if (first === undefined) return undefined;
  for (const index of ordered(table.indexes)) {
    if (!partialIndexApplies(index, queryConjuncts)) continue;
    for (const key of index.keys) {
      if (key.column === first) return index;
      if (!predicates.some((p) => p.kind === 'eq' && keyMatches(key, p))) break;
    }
  }
  return undefined;
}

function ordered(indexes: readonly CatalogIndex[]): CatalogIndex[] {
  return [...indexes].sort((a, b) => Number(b.primary) - Number(a.primary) || Number(b.unique) - Number(a.unique));
}

/**
 * An index whose leading key is the expression `exprKey` (a canonical key from
 * normaliseExpr), e.g. `lower(email)`. Lets no-non-sargable-predicate stay quiet
 * when the schema indexes the very expression it would flag.
 */
export function expressionIndexFor(catalog: Catalog, table: string | CatalogTable, exprKey: string): CatalogIndex | undefined {
  const resolved = typeof table === 'string' ? resolveTable(catalog, splitQualified(table).name, splitQualified(table).schema) : table;
  return resolved?.indexes.find((i) => i.keys[0]?.expression === exprKey);
}
