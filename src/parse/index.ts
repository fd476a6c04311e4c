/**
 * The parse stage: SQL fragment → normalised statements (see model.ts).
 * PostgreSQL goes through libpg-query (the real server grammar); every other
 * dialect through node-sql-parser. parseFragment never throws.
 */
import { loadModule } from 'libpg-query';
import type { SqlFragment } from '../core/types.js';
import { isPiece, parsePiece } from './context.js';
import { fingerprintSql } from './fingerprint.js';
import { parseGeneric } from './generic.js';
import type { ParsedQuery, Statement } from './model.js';
import { statementRanges, tokenize } from './lexer.js';
import { parsePostgres, withLazyFingerprint } from './pg-parse.js';

export { fingerprintSql } from './fingerprint.js';
export * from './walk.js';
export type * from './model.js';
export { AGGREGATE_FUNCTIONS } from './model.js';

let ready: Promise<void> | undefined;
let loaded = false;

/** Loads libpg-query's WASM module once; later calls return the same promise (a failed load may be retried). */
export function initParsers(): Promise<void> {
  ready ??= loadModule().then(
    () => {
      loaded = true;
    },
    (e: unknown) => {
      ready = undefined;
      throw e;
    },
  );
  return ready;
}

const EMPTY = /^\s*$/;

/**
 * Parses one fragment. Synchronous once initParsers() has resolved; never
 * throws: parser and normaliser failures come back as `error`.
 */
export function parseFragment(fragment: SqlFragment): ParsedQuery {
  // The same SQL text is parsed once: code bases repeat queries, and results depend only on text, dialect and context.
  const key = `${fragment.dialect}\0${fragment.context}\0${fragment.sql}`;
  const hit = cache.get(key);
  if (hit) return withLazyFingerprint({ fragment, parser: hit.parser, statements: hit.statements, ...(hit.error ? { error: hit.error } : {}) }, () => hit.fingerprint);
  const parsed = parseUncached(fragment);
  if (loaded || fragment.dialect !== 'postgresql') {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, parsed);
  }
  return parsed;
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, ParsedQuery>();

function parseUncached(fragment: SqlFragment): ParsedQuery {
  try {
    const parsed = isPiece(fragment) ? parsePiece(fragment, parseStatement) : parseStatement(fragment);
    return parsed.error ? recoverStatementwise(parsed) : parsed;
  } catch (e) {
    return {
      fragment,
      parser: fragment.dialect === 'postgresql' ? 'libpg-query' : 'node-sql-parser',
      statements: [],
      error: { message: `internal parse error: ${(e as Error)?.message ?? String(e)}`, offset: 0 },
      fingerprint: safeFingerprint(fragment),
    };
  }
}

function parseStatement(fragment: SqlFragment): ParsedQuery {
  const { sql, dialect } = fragment;
  if (EMPTY.test(sql)) return { fragment, parser: 'none', statements: [], fingerprint: fingerprintSql(sql, dialect) };
  if (dialect !== 'postgresql') return parseGeneric(fragment);
  if (!loaded) {
    return {
      fragment,
      parser: 'none',
      statements: [],
      error: { message: 'libpg-query is not loaded: await initParsers() first', offset: 0 },
      fingerprint: fingerprintSql(sql, dialect),
    };
  }
  return parsePostgres(fragment);
}

function safeFingerprint(fragment: SqlFragment): string {
  try {
    return fingerprintSql(fragment.sql, fragment.dialect);
  } catch {
    return '';
  }
}

/**
 * One bad statement must not hide the others (a migration file with a typo in
 * statement 3 still has statements 1, 2 and 4 to check). When a multi-statement
 * text fails, each statement is parsed alone, with the rest of the text blanked
 * out so every offset stays where it was.
 */
function recoverStatementwise(failed: ParsedQuery): ParsedQuery {
  const { fragment } = failed;
  if (isPiece(fragment)) return failed;
  const tokens = tokenize(fragment.sql, fragment.dialect);
  const ranges = statementRanges(tokens);
  if (ranges.length < 2) return failed;
  const statements: Statement[] = [];
  let error: ParsedQuery['error'];
  let parser = failed.parser;
  const masked = fragment.sql.replace(/[^\n]/g, ' ');
  for (const [first, last] of ranges) {
    const start = tokens[first]!.start;
    const end = tokens[last]!.end;
    const sql = masked.slice(0, start) + fragment.sql.slice(start, end) + masked.slice(end);
    const one = parseStatement({ ...fragment, sql });
    parser = one.parser;
    statements.push(...one.statements);
    if (one.error && !error) error = one.error;
  }
  return { ...failed, parser, statements, ...(error ? { error } : {}) };
}
