/**
 * How one statement reaches each catalog table it reads: the WHERE / JOIN ON
 * conjuncts an index could use (equality, IN, ranges, prefix LIKE, on a column
 * or an expression), whether anything filters the table at all, and an
 * ORDER BY that a LIMIT makes worth serving from an index. missing-index and
 * large-table-scan judge tables from this.
 */
import type { CatalogTable } from '../core/catalog.js';
import type { Expr, OrderItem, Statement, TableRef } from '../parse/model.js';
import { children, columnsOf, conjuncts } from '../parse/walk.js';
import type { IndexablePredicate, PredicateKind } from './indexes.js';
import { normaliseExpr } from './normalise.js';
import { type Scope, type ScopeSource, fromEntries, ownerOf } from './scope.js';

export interface Candidate extends IndexablePredicate {
  /** The relation whose column (or expression) it constrains. */
  source: ScopeSource;
  /** The whole conjunct (the span to report). */
  conjunct: Expr;
  /** 'join' when the other side is a column of another relation of the same FROM. */
  via: 'const' | 'join';
  partners: ScopeSource[];
}

export interface TableAccess {
  source: ScopeSource;
  table: CatalogTable;
  ref: TableRef;
  /** Index-usable predicates (join ones only when the other side is itself narrowed). */
  candidates: Candidate[];
  /** Some WHERE / ON conjunct filters this table by values (indexable or not). */
  filtered: boolean;
  /** A conjunct about this table could not be judged (OR across columns, unresolved names). */
  undecidable: boolean;
  /** Canonical keys of the conjuncts about this table alone (partial-index implication). */
  conjunctKeys: Set<string>;
  /** ORDER BY columns of this table, when a LIMIT makes the order worth an index. */
  order?: { columns: string[]; item: OrderItem };
  /** LIMIT without ORDER BY, with no grouping or aggregate: the scan can stop early. */
  stopsEarly: boolean;
}

const EQ = new Set(['=', '<=>']);
const IN = new Set(['IN', '= ANY']);
const RANGE = new Set(['<', '<=', '>', '>=']);

interface Side {
  sources: Set<ScopeSource>;
  outer: boolean;
  unknown: boolean;
}

function sideOf(e: Expr, scope: Scope): Side {
  const side: Side = { sources: new Set(), outer: false, unknown: false };
  for (const col of columnsOf(e)) {
    const owner = ownerOf(col, scope);
    if (owner === 'outer') side.outer = true;
    else if (owner) side.sources.add(owner.source);
    else side.unknown = true;
  }
  return side;
}

/** Statements whose reads an index could serve; undefined for the rest (and when a relation is not in the catalog). */
export function analyseAccess(stmt: Statement, scope: Scope, sql: string): TableAccess[] {
  // missing-index and large-table-scan both ask about the same scope: answer once.
  let hit = accessMemo.get(scope);
  if (!hit) {
    hit = computeAccess(stmt, scope, sql);
    accessMemo.set(scope, hit);
  }
  return hit;
}

const accessMemo = new WeakMap<Scope, TableAccess[]>();

function computeAccess(stmt: Statement, scope: Scope, sql: string): TableAccess[] {
  if (stmt.kind !== 'select' && stmt.kind !== 'update' && stmt.kind !== 'delete') return [];
  if (stmt.kind === 'select' && stmt.compound) return [];
  if (scope.sources.some((s) => s.kind === 'missing')) return [];
  const access = new Map<ScopeSource, TableAccess>();
  for (const source of scope.sources) {
    if (source.kind !== 'table' || !source.table || !source.ref) continue;
    access.set(source, { source, table: source.table, ref: source.ref, candidates: [], filtered: false, undecidable: false, conjunctKeys: new Set(), stopsEarly: false });
  }
  if (access.size === 0) return [];

  const all: Candidate[] = [];
  const parts: Expr[] = [];
  if (stmt.where) parts.push(...conjuncts(stmt.where));
  for (const entry of fromEntries(stmt)) if (entry.on) parts.push(...conjuncts(entry.on));

  for (const part of parts) {
    const whole = sideOf(part, scope);
    if (whole.unknown) {
      // A name we cannot place might filter any table: judge none of them on this statement.
      for (const a of access.values()) a.undecidable = true;
      continue;
    }
    const found = candidateOf(part, scope, sql);
    if (found && access.has(found.source)) {
      all.push(found);
      if (found.via === 'const') access.get(found.source)!.filtered = true;
    } else if (found) {
      // A predicate on a CTE or subquery column: nothing to index here.
    } else if (whole.sources.size === 1) {
      const a = access.get([...whole.sources][0]!);
      if (a) {
        a.filtered = true;
        if (isOr(part)) a.undecidable = true;
      }
    } else if (isOr(part)) {
      for (const s of whole.sources) {
        const a = access.get(s);
        if (a) a.undecidable = true;
      }
    }
    if (whole.sources.size === 1) access.get([...whole.sources][0]!)?.conjunctKeys.add(normaliseExpr(part, sql));
  }

  // Join predicates serve a lookup only from a relation that is itself narrowed.
  const driving = new Set<ScopeSource>(scope.sources.filter((s) => s.kind !== 'table' || access.get(s)?.filtered));
  const accepted = new Set<Candidate>(all.filter((c) => c.via === 'const'));
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of all) {
      if (accepted.has(c) || !c.partners.some((p) => driving.has(p))) continue;
      accepted.add(c);
      if (!driving.has(c.source)) driving.add(c.source);
      changed = true;
    }
  }
  for (const c of all) if (accepted.has(c)) access.get(c.source)!.candidates.push(c);

  if (stmt.kind === 'select') {
    const limited = stmt.limit !== undefined && !(stmt.limit.type === 'literal' && stmt.limit.kind === 'null');
    if (limited && stmt.orderBy.length > 0) {
      const owners = stmt.orderBy.map((o) => (o.expr.type === 'column' ? ownerOf(o.expr, scope) : undefined));
      const first = owners[0];
      if (first && first !== 'outer' && owners.every((o) => o && o !== 'outer' && o.source === first.source)) {
        const a = access.get(first.source);
        if (a) a.order = { columns: stmt.orderBy.map((o) => (o.expr.type === 'column' ? o.expr.name : '')), item: stmt.orderBy[0]! };
      }
    }
    if (limited && stmt.orderBy.length === 0 && !aggregates(stmt)) for (const a of access.values()) a.stopsEarly = true;
  }
  return [...access.values()];
}

function isOr(e: Expr): boolean {
  return e.type === 'binary' && e.op === 'OR';
}

function aggregates(stmt: Extract<Statement, { kind: 'select' }>): boolean {
  const hasAgg = (e: Expr): boolean => (e.type === 'function' && e.aggregate) || children(e).some(hasAgg);
  return stmt.groupBy.length > 0 || stmt.having !== undefined || stmt.distinct || stmt.columns.some((c) => hasAgg(c.expr));
}

/** The indexable reading of one conjunct, if it has one. */
function candidateOf(part: Expr, scope: Scope, sql: string): Candidate | undefined {
  if (isOr(part)) return orCandidate(part, scope, sql);
  let kind: PredicateKind | undefined;
  if (part.type === 'between' && !part.not) {
    const side = sideOf(part.expr, scope);
    const bounds = [sideOf(part.low, scope), sideOf(part.high, scope)];
    if (side.sources.size !== 1 || side.outer || bounds.some((b) => b.sources.size > 0)) return undefined;
    return build(part, part.expr, { sources: new Set(), outer: true, unknown: false }, 'range', side, sql);
  }
  if (part.type !== 'binary') return undefined;
  const op = part.op;
  if (EQ.has(op)) kind = 'eq';
  else if (IN.has(op)) kind = 'in';
  else if (RANGE.has(op)) kind = 'range';
  else if (op === 'LIKE' && part.right.type === 'literal' && part.right.kind === 'string' && /^[^%_]/.test(String(part.right.value))) kind = 'range';
  if (!kind) return undefined;
  for (const [t, o] of [[part.left, part.right], [part.right, part.left]] as const) {
    if (kind !== 'eq' && kind !== 'range' && t === part.right) break; // IN / LIKE have a direction
    if (t.type === 'literal' || t.type === 'param' || t.type === 'subquery' || t.type === 'list') continue;
    const ts = sideOf(t, scope);
    if (ts.sources.size !== 1 || ts.outer || ts.unknown) continue;
    const os = sideOf(o, scope);
    if (os.unknown || [...ts.sources].some((s) => os.sources.has(s))) continue;
    return build(part, t, os, kind, ts, sql);
  }
  return undefined;
}

function build(conjunct: Expr, target: Expr, other: Side, kind: PredicateKind, targetSide: Side, sql: string): Candidate | undefined {
  const source = [...targetSide.sources][0]!;
  const candidate: Candidate = { source, conjunct, kind, via: other.sources.size > 0 ? 'join' : 'const', partners: [...other.sources] };
  if (target.type === 'column') candidate.column = target.name.toLowerCase();
  else if (target.type === 'function' || target.type === 'cast' || target.type === 'binary') candidate.expression = normaliseExpr(target, sql);
  else return undefined;
  return candidate;
}

/** `a = 1 OR a = 2` is `a IN (1, 2)`; an OR over different columns is not one index lookup. */
function orCandidate(part: Expr, scope: Scope, sql: string): Candidate | undefined {
  const branches: Expr[] = [];
  const flatten = (e: Expr): void => {
    if (e.type === 'binary' && e.op === 'OR') {
      flatten(e.left);
      flatten(e.right);
    } else branches.push(e);
  };
  flatten(part);
  const found = branches.map((b) => candidateOf(b, scope, sql));
  const first = found[0];
  const same = (f: Candidate | undefined) =>
    f !== undefined && f.source === first!.source && f.via === 'const' && f.kind !== 'range' && f.column === first!.column && f.expression === first!.expression;
  if (!first || !found.every(same)) return undefined;
  return { ...first, conjunct: part, kind: 'in' };
}
