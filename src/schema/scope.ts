/**
 * Name scopes of a parsed query against a catalog: for every statement (CTE
 * bodies, subqueries, compound members included) the relations its FROM /
 * JOIN / target make visible, with their columns when they can be known, and
 * the enclosing scope for correlated references. Schema rules share it.
 */
import type { Catalog, CatalogTable } from '../core/catalog.js';
import type { Hole, Range, SqlFragment } from '../core/types.js';
import { tokenize } from '../parse/lexer.js';
import type { ColumnExpr, Cte, FromEntry, FromItem, ParsedQuery, Statement, TableRef } from '../parse/model.js';
import { forEachExpr } from '../parse/walk.js';
import { itemNames, selectColumnNames } from './builder.js';
import { isSystemTable, resolveTable, sameName } from './names.js';

export type SourceKind =
  /** A catalog table or view. */
  | 'table'
  | 'cte'
  /** A subquery in FROM. */
  | 'derived'
  /** A set-returning function or VALUES list. */
  | 'function'
  /** A table created earlier in the same fragment (temp tables, SELECT INTO). */
  | 'local'
  /** A system table, or a name filled in at run time: exists, columns unknown. */
  | 'opaque'
  /** Not in the catalog. */
  | 'missing';

export interface ScopeSource {
  /** The name that qualifies its columns: the alias, else the table name. */
  name: string;
  kind: SourceKind;
  ref?: TableRef;
  table?: CatalogTable;
  /** Known column names; undefined when they cannot be known. */
  columns?: readonly string[];
  /** The FROM entry it came from (undefined for an UPDATE / DELETE / INSERT target). */
  entry?: FromEntry;
}

export interface Scope {
  statement: Statement;
  sources: ScopeSource[];
  /** The enclosing statement's scope, for correlated references. */
  parent?: Scope;
}

export type ScopeVia = 'top' | 'cte' | 'subquery' | 'from' | 'compound' | 'insert-select';

interface CteInfo {
  cte: Cte;
  columns?: readonly string[];
}

type CteEnv = ReadonlyMap<string, CteInfo>;

interface WalkContext {
  catalog: Catalog;
  fragment: SqlFragment;
  locals: Map<string, readonly string[] | undefined>;
}

/** Visits every statement of a parsed query with its scope, parents before children. */
export function walkScopes(query: ParsedQuery, catalog: Catalog, cb: (stmt: Statement, scope: Scope, via: ScopeVia) => void): void {
  // Four schema rules walk the same query: resolve its scopes once and replay them.
  let memo = scopeMemo.get(query);
  if (!memo || memo.catalog !== catalog) {
    const entries: [Statement, Scope, ScopeVia][] = [];
    const ctx: WalkContext = { catalog, fragment: query.fragment, locals: localTables(query) };
    for (const stmt of query.statements) visit(stmt, new Map(), undefined, 'top', ctx, (st, sc, via) => entries.push([st, sc, via]));
    memo = { catalog, entries };
    scopeMemo.set(query, memo);
  }
  for (const [stmt, scope, via] of memo.entries) cb(stmt, scope, via);
}

const scopeMemo = new WeakMap<ParsedQuery, { catalog: Catalog; entries: [Statement, Scope, ScopeVia][] }>();

function visit(stmt: Statement, outerEnv: CteEnv, parent: Scope | undefined, via: ScopeVia, ctx: WalkContext, cb: (stmt: Statement, scope: Scope, via: ScopeVia) => void): void {
  const env = new Map(outerEnv);
  for (const cte of stmt.with) {
    const info: CteInfo = { cte };
    const columns = cteColumns(cte, ctx.fragment.sql);
    if (columns) info.columns = columns;
    // A recursive CTE sees itself; every CTE sees the ones before it.
    const bodyEnv = cte.recursive ? new Map(env).set(cte.name.toLowerCase(), info) : new Map(env);
    visit(cte.query, bodyEnv, parent, 'cte', ctx, cb);
    env.set(cte.name.toLowerCase(), info);
  }
  const scope: Scope = { statement: stmt, sources: sourcesOf(stmt, env, ctx), ...(parent ? { parent } : {}) };
  cb(stmt, scope, via);
  const fromItems = (entries: readonly FromEntry[]) => {
    for (const e of entries) if (e.item.type === 'subquery') visit(e.item.query, env, e.item.lateral ? scope : parent, 'from', ctx, cb);
  };
  switch (stmt.kind) {
    case 'select':
      for (const member of stmt.compound?.selects ?? []) visit(member, env, parent, 'compound', ctx, cb);
      fromItems(stmt.from);
      break;
    case 'update':
      fromItems(stmt.from);
      break;
    case 'delete':
      fromItems(stmt.using);
      break;
    case 'insert':
      if (stmt.select) visit(stmt.select, env, parent, 'insert-select', ctx, cb);
      break;
    case 'create-table':
      if (stmt.asSelect) visit(stmt.asSelect, env, parent, 'insert-select', ctx, cb);
      break;
  }
  forEachExpr(stmt, (e) => {
    if (e.type === 'subquery') visit(e.query, env, scope, 'subquery', ctx, cb);
  });
}

/** The FROM entries a statement reads through, target first for UPDATE / DELETE. */
export function fromEntries(stmt: Statement): readonly FromEntry[] {
  if (stmt.kind === 'select') return stmt.from;
  if (stmt.kind === 'update') return stmt.from;
  if (stmt.kind === 'delete') return stmt.using;
  return [];
}

function sourcesOf(stmt: Statement, env: CteEnv, ctx: WalkContext): ScopeSource[] {
  const out: ScopeSource[] = [];
  if (stmt.kind === 'update' || stmt.kind === 'delete' || stmt.kind === 'insert') out.push(tableSource(stmt.table, env, ctx));
  for (const entry of fromEntries(stmt)) out.push({ ...itemSource(entry.item, env, ctx), entry });
  return out;
}

function itemSource(item: FromItem, env: CteEnv, ctx: WalkContext): ScopeSource {
  if (item.type === 'table') return tableSource(item, env, ctx);
  const name = item.alias ?? (item.type === 'function' ? item.name : '');
  const listed = item.alias ? aliasColumns(ctx.fragment.sql, item.span, item.alias) : undefined;
  if (item.type === 'function') return { name, kind: 'function', ...(listed ? { columns: listed } : {}) };
  const columns = listed ?? selectColumnNames(item.query);
  return { name, kind: 'derived', ...(columns ? { columns } : {}) };
}

function tableSource(ref: TableRef, env: CteEnv, ctx: WalkContext): ScopeSource {
  const name = ref.alias ?? ref.name;
  const base = { name, ref };
  if (isIdentifierHole(ctx.fragment, ref.span)) return { ...base, kind: 'opaque' };
  const cte = ref.schema === undefined ? env.get(ref.name.toLowerCase()) : undefined;
  if (cte) return { ...base, kind: 'cte', ...(cte.columns ? { columns: cte.columns } : {}) };
  if (ref.schema === undefined && ctx.locals.has(ref.name.toLowerCase())) {
    const columns = ctx.locals.get(ref.name.toLowerCase());
    return { ...base, kind: 'local', ...(columns ? { columns } : {}) };
  }
  const table = resolveTable(ctx.catalog, ref.name, ref.schema);
  if (table) return { ...base, kind: 'table', table, ...(table.columnsUnknown ? {} : { columns: table.columns.map((c) => c.name) }) };
  if (isSystemTable(ref.name, ref.schema)) return { ...base, kind: 'opaque' };
  return { ...base, kind: 'missing' };
}

/** True when an identifier filled in at run time (sql.identifier, a table-name variable) covers the range. */
export function isIdentifierHole(fragment: SqlFragment, range: Range): boolean {
  return fragment.holes.some((h: Hole) => (h.kind === 'identifier' || h.role === 'identifier' || h.kind === 'unknown') && h.sql.start < range.end && h.sql.end > range.start);
}

/** Tables created by the fragment itself (CREATE [TEMP] TABLE, SELECT ... INTO), by lower-cased name. */
function localTables(query: ParsedQuery): Map<string, readonly string[] | undefined> {
  const out = new Map<string, readonly string[] | undefined>();
  for (const stmt of query.statements) {
    if (stmt.kind === 'create-table') {
      const columns = stmt.asSelect ? selectColumnNames(stmt.asSelect) : stmt.columns.map((c) => c.name);
      out.set(stmt.table.name.toLowerCase(), stmt.columns.length === 0 && !stmt.asSelect ? undefined : columns);
    }
    if (stmt.kind === 'select' && stmt.into) out.set(stmt.into.name.toLowerCase(), selectColumnNames(stmt));
  }
  return out;
}

/** `WITH x(a, b) AS (...)` names its columns; otherwise they come from the body's select list. */
function cteColumns(cte: Cte, sql: string): readonly string[] | undefined {
  const tokens = tokenize(sql.slice(cte.span.start, cte.span.end), 'postgresql');
  if (tokens[1]?.value === '(') return identList(tokens, 1);
  const body = cte.query;
  if (body.kind === 'select') return selectColumnNames(body);
  if ((body.kind === 'insert' || body.kind === 'update' || body.kind === 'delete') && body.returning.length > 0) {
    return itemNames(body.returning);
  }
  return undefined;
}

/** `... AS v(id, name)`: the column list after an alias, if written. */
function aliasColumns(sql: string, span: Range, alias: string): string[] | undefined {
  const tokens = tokenize(sql.slice(span.start, span.end), 'postgresql');
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if ((t.kind === 'word' || t.kind === 'qident') && sameName(t.value, alias)) return tokens[i + 1]?.value === '(' ? identList(tokens, i + 1) : undefined;
  }
  return undefined;
}

function identList(tokens: ReturnType<typeof tokenize>, open: number): string[] | undefined {
  const names: string[] = [];
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.value === ')') return names;
    if (t.value === ',') continue;
    if (t.kind !== 'word' && t.kind !== 'qident') return undefined;
    names.push(t.kind === 'word' ? t.value.toLowerCase() : t.value);
  }
  return undefined;
}

// ---- resolving column references -------------------------------------------------

/** Where a column reference points: a source of this scope, an enclosing scope, or unknown. */
export type ColumnOwner = { source: ScopeSource } | 'outer' | undefined;

/** The source whose name qualifies `qualifier` in this scope (alias, or table name when not aliased). */
export function sourceNamed(scope: Scope, qualifier: string): ScopeSource | undefined {
  return scope.sources.find((s) => sameName(s.name, qualifier)) ?? scope.sources.find((s) => s.ref !== undefined && sameName(s.ref.name, qualifier));
}

export function hasColumn(source: ScopeSource, name: string): boolean | undefined {
  if (!source.columns) return undefined;
  return source.columns.some((c) => sameName(c, name));
}

/**
 * Resolves a column reference for index analysis: qualified by a source of
 * this scope, or unqualified and present in exactly one of its sources; an
 * enclosing scope's columns are 'outer' (a constant per row of this query).
 */
export function ownerOf(col: ColumnExpr, scope: Scope): ColumnOwner {
  if (col.table !== undefined) {
    const own = sourceNamed(scope, col.table);
    if (own) return { source: own };
    for (let s = scope.parent; s; s = s.parent) if (sourceNamed(s, col.table)) return 'outer';
    return undefined;
  }
  const having = scope.sources.filter((s) => hasColumn(s, col.name));
  if (having.length === 1) return { source: having[0]! };
  if (having.length > 1 || scope.sources.some((s) => s.columns === undefined)) return undefined;
  for (let s = scope.parent; s; s = s.parent) {
    if (s.sources.some((x) => hasColumn(x, col.name))) return 'outer';
    if (s.sources.some((x) => x.columns === undefined)) return undefined;
  }
  return undefined;
}
