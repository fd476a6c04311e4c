import { OBJECT_FIELDS } from '../src/extract/named-params.js';
import { NO_OPTIONS, defineRule } from '../src/core/rule.js';
import type { Dialect, Range } from '../src/core/types.js';
import { tokenize } from '../src/parse/lexer.js';
import type { ColumnExpr, InsertStatement, UpdateStatement } from '../src/parse/model.js';
import { forEachExpr } from '../src/parse/walk.js';
import { sameName } from '../src/schema/names.js';
import { catalogFor, mayHideClausesOrNames } from '../src/schema/rule-support.js';
import { type Scope, type ScopeSource, hasColumn, isIdentifierHole, sourceNamed, walkScopes } from '../src/schema/scope.js';
import { closestName } from '../src/schema/suggest.js';

/** Words some parsers read as column references but that are values or system columns. */
const PSEUDO_COLUMNS = new Set([
  'current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp', 'current_user', 'session_user', 'user',
  'current_role', 'current_schema', 'current_catalog', 'system_user', 'default', 'sysdate', 'null', 'true', 'false', 'unknown',
  'rowid', 'oid', '_rowid_', 'ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid', 'excluded', 'new', 'old',
]);

/** Clauses where an unqualified name may be an output column alias of the same SELECT. */
const ALIAS_CLAUSES = new Set(['order', 'group', 'having']);

const SCHEMA = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL REFERENCES users (id), title text NOT NULL, published_at timestamptz);`;

interface Finding {
  span: Range;
  /** As shown: `u.mail`. */
  name: string;
  /** The bare column name the suggestion is computed for. */
  column: string;
  where: string;
  candidates: readonly string[];
}

export default defineRule<Record<string, never>, 'unknownColumn'>({
  name: 'unknown-column',
  meta: {
    description: 'Report column references that no table in scope has',
    category: 'schema',
    severity: 'error',
    recommended: true,
    fixable: false,
    dialects: 'all',
    requiresSchema: true,
  },
  messages: {
    unknownColumn: {
      message: 'Column "{{name}}" does not exist in {{where}}{{didYouMean}}',
      help: '{{fix}}; if the column was added since, update the schema sqlwarden reads (config `schema`, migrations or a snapshot).',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      'A misspelt or dropped column fails the query at run time, often in a branch tests do not reach, and a column renamed by a migration leaves every query that still uses the old name broken. ' +
      'With a schema, sqlwarden resolves each column through the FROM / JOIN scope (aliases, CTEs and subqueries with known columns, outer queries for correlated subqueries) in the select list, WHERE, JOIN, GROUP BY, HAVING, ORDER BY (which may also name output aliases), RETURNING, INSERT column lists and UPDATE SET targets. ' +
      'An unqualified column in a join is reported only when no table in scope has it. Whenever a relation\'s columns cannot be known (a `SELECT *` CTE, a function, a view read from DDL) or a table is unknown (see unknown-table), the rule stays silent rather than guess.',
    incorrect: [
      {
        language: 'ts',
        schema: SCHEMA,
        code: "const { rows } = await pool.query('SELECT id, emial FROM users WHERE id = $1', [id]);",
        description: 'A typo in the select list.',
      },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'SELECT p.title, u.mail FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1;',
        description: 'A qualified column the aliased table does not have.',
      },
      { language: 'sql', schema: SCHEMA, code: 'UPDATE posts SET published = now() WHERE id = $1;', description: 'An UPDATE target that does not exist.' },
    ],
    correct: [
      { language: 'ts', schema: SCHEMA, code: "await pool.query('SELECT id, email FROM users WHERE id = $1', [id]);" },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'SELECT u.email, count(*) AS n FROM users u JOIN posts p ON p.author_id = u.id GROUP BY u.email ORDER BY n DESC LIMIT 10;',
        description: 'ORDER BY may name an output alias.',
      },
      {
        language: 'sql',
        schema: SCHEMA,
        code: 'WITH t AS (SELECT * FROM posts) SELECT whatever FROM t;',
        description: 'The columns of a `SELECT *` CTE are not known, so nothing is reported.',
      },
    ],
    whenNotToUse: 'When the schema sqlwarden reads is not the one the queries run against; point `schema` at the right source instead.',
  },
  visit: {
    query(query, ctx) {
      const catalog = catalogFor(ctx, query);
      if (!catalog) return;
      const sql = ctx.fragment.sql;
      const fragment = ctx.fragment;
      // A JOIN hidden in run-time text could bring the table an unqualified column belongs to.
      const hidden = mayHideClausesOrNames(fragment);
      const findings = new Map<number, Finding>();
      const add = (f: Finding) => {
        if (!findings.has(f.span.start) && !isIdentifierHole(fragment, f.span)) findings.set(f.span.start, f);
      };
      walkScopes(query, catalog, (stmt, scope) => {
        if (chainHasMissing(scope) || (stmt.kind === 'select' && stmt.compound)) return;
        const aliases = stmt.kind === 'select' ? stmt.columns.flatMap((c) => (c.alias ? [c.alias] : [])) : [];
        forEachExpr(stmt, (e, clause) => {
          if (e.type !== 'column') return;
          if (hidden && e.table === undefined) return;
          const f = checkColumn(e, scope, ALIAS_CLAUSES.has(clause) ? aliases : [], sql, fragment.dialect);
          if (f) add(f);
        });
        if (stmt.kind === 'insert') for (const f of insertColumns(stmt, scope, sql)) add(f);
        if (stmt.kind === 'update') for (const f of setTargets(stmt, scope, sql)) add(f);
      });
      for (const f of [...findings.values()].sort((a, b) => a.span.start - b.span.start)) {
        const suggestion = closestName(f.column, f.candidates);
        // An inferred schema may merge same-named tables of several apps (a monorepo) or miss
        // columns added elsewhere: there only a near miss (a likely typo) is reported.
        if (catalog.inferred && !suggestion) continue;
        ctx.report({
          messageId: 'unknownColumn',
          span: f.span,
          data: {
            name: f.name,
            where: f.where,
            didYouMean: suggestion ? `; did you mean "${suggestion}"?` : '',
            fix: suggestion ? `Use "${suggestion}" if that is the column meant` : 'Check the column name and which table it belongs to',
          },
          evidence: 'schema',
        });
      }
    },
  },
});

function chainHasMissing(scope: Scope): boolean {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.sources.some((x) => x.kind === 'missing')) return true;
  return false;
}

function describeSources(sources: readonly ScopeSource[]): string {
  const names = [...new Set(sources.map((s) => `"${s.ref && s.kind === 'table' ? s.ref.name : s.name}"`))];
  if (names.length === 0) return 'the query';
  return names.length === 1 ? `table ${names[0]}` : `tables ${names.join(', ')}`;
}

function checkColumn(col: ColumnExpr, scope: Scope, aliases: readonly string[], sql: string, dialect: Dialect): Finding | undefined {
  if (col.table === undefined && PSEUDO_COLUMNS.has(col.name.toLowerCase())) return undefined;
  // MySQL reads "x" as a string unless ANSI_QUOTES is on: not a column to judge.
  if ((dialect === 'mysql' || dialect === 'mariadb') && sql[col.span.start] === '"') return undefined;
  if (col.table !== undefined) {
    let source: ScopeSource | undefined;
    for (let s: Scope | undefined = scope; s && !source; s = s.parent) source = sourceNamed(s, col.table);
    if (!source || hasColumn(source, col.name) !== false) return undefined;
    return { span: col.span, name: `${col.table}.${col.name}`, column: col.name, where: describeSources([source]), candidates: source.columns ?? [] };
  }
  if (aliases.some((a) => sameName(a, col.name))) return undefined;
  if (scope.sources.length === 0 && !scope.parent) return undefined;
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.sources.some((x) => hasColumn(x, col.name) !== false)) return undefined;
    // A bare table name or alias used as a whole-row value (`SELECT u FROM users u`).
    if (s.sources.some((x) => sameName(x.name, col.name))) return undefined;
  }
  const candidates = [...scope.sources.flatMap((s) => s.columns ?? []), ...aliases];
  return { span: col.span, name: col.name, column: col.name, where: describeSources(scope.sources), candidates };
}

/** `INSERT INTO t (a, b)`: each listed column must exist in t. */
function insertColumns(stmt: InsertStatement, scope: Scope, sql: string): Finding[] {
  const target = scope.sources[0];
  if (!target || !target.columns || stmt.columns.length === 0) return [];
  const out: Finding[] = [];
  const listStart = stmt.table.span.end;
  const tokens = tokenize(sql.slice(listStart, stmt.span.end), 'postgresql');
  const open = tokens.findIndex((t) => t.value === '(');
  const idents = open < 0 ? [] : identsUntilClose(tokens, open);
  stmt.columns.forEach((name, i) => {
    if (hasColumn(target, name) !== false) return;
    const t = idents[i];
    const span = t ? { start: listStart + t.start, end: listStart + t.end } : stmt.table.span;
    out.push({ span, name, column: name, where: describeSources([target]), candidates: target.columns ?? [] });
  });
  return out;
}

function identsUntilClose(tokens: ReturnType<typeof tokenize>, open: number): ReturnType<typeof tokenize> {
  const out: ReturnType<typeof tokenize> = [];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) break;
    else if (depth === 1 && (t.kind === 'word' || t.kind === 'qident') && tokens[i - 1]?.value !== '.') out.push(t);
  }
  return out;
}

/** `UPDATE t SET a = ...`: a must exist in t (or in the table its qualifier names, for MySQL multi-table updates). */
function setTargets(stmt: UpdateStatement, scope: Scope, sql: string): Finding[] {
  const out: Finding[] = [];
  for (const a of stmt.set) {
    const tokens = tokenize(sql.slice(a.span.start, a.span.end), 'postgresql');
    const qualified = tokens[1]?.value === '.' && tokens[2] !== undefined;
    const nameToken = qualified ? tokens[2]! : tokens[0];
    const qualifier = qualified ? tokens[0]!.value : undefined;
    const target = qualifier !== undefined ? sourceNamed(scope, qualifier) : scope.sources[0];
    // `UPDATE t SET ?` (a driver-expanded object) has no column names to check.
    if (a.column === OBJECT_FIELDS) continue;
    if (!target || hasColumn(target, a.column) !== false || !nameToken) continue;
    const span = { start: a.span.start + (tokens[0]?.start ?? 0), end: a.span.start + nameToken.end };
    out.push({ span, name: a.column, column: a.column, where: describeSources([target]), candidates: target.columns ?? [] });
  }
  return out;
}

