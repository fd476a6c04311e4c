import type { Dialect, FragmentContext, Range, SqlFragment } from '../../src/core/types.js';
import { parseFragment } from '../../src/parse/index.js';
import type { Expr, ParsedQuery, SelectStatement, Statement } from '../../src/parse/model.js';

/** A fragment as extraction would produce it; fields parsing does not read are filler. */
export function fragment(sql: string, dialect: Dialect = 'postgresql', context: FragmentContext = 'statement'): SqlFragment {
  return {
    file: 'test.ts',
    sql,
    dialect,
    dialectSource: 'config',
    library: 'test',
    api: 'query',
    origin: 'call',
    parameterises: true,
    holes: [],
    segments: [{ sqlStart: 0, fileStart: 0, length: sql.length, source: 0 }],
    site: { start: 0, end: sql.length },
    start: { start: 0, end: sql.length },
    variant: 0,
    partial: false,
    sources: [{ file: 'test.ts', lineStarts: [0] }],
    context,
  };
}

export function parse(sql: string, dialect: Dialect = 'postgresql', context: FragmentContext = 'statement'): ParsedQuery {
  return parseFragment(fragment(sql, dialect, context));
}

/** Parses and asserts success, returning the statements. */
export function statements(sql: string, dialect: Dialect = 'postgresql'): Statement[] {
  const q = parse(sql, dialect);
  if (q.error) throw new Error(`unexpected parse error: ${q.error.message} at ${q.error.offset}`);
  return q.statements;
}

export function only(sql: string, dialect: Dialect = 'postgresql'): Statement {
  const list = statements(sql, dialect);
  if (list.length !== 1) throw new Error(`expected one statement, got ${list.length}`);
  return list[0]!;
}

export function select(sql: string, dialect: Dialect = 'postgresql'): SelectStatement {
  const s = only(sql, dialect);
  if (s.kind !== 'select') throw new Error(`expected select, got ${s.kind}`);
  return s;
}

/** The text a span covers. */
export function text(sql: string, node: { span: Range } | undefined): string {
  if (!node) throw new Error('no node');
  return sql.slice(node.span.start, node.span.end);
}

/** Narrows an expression to one type, failing the test otherwise. */
export function as<T extends Expr['type']>(e: Expr | undefined, type: T): Extract<Expr, { type: T }> {
  if (!e || e.type !== type) throw new Error(`expected ${type}, got ${e?.type}`);
  return e as Extract<Expr, { type: T }>;
}

export const ALL_GENERIC: Dialect[] = ['mysql', 'mariadb', 'sqlite', 'bigquery', 'transactsql', 'snowflake'];
