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
import type { ParsedQuery } from './model.js';
import { parsePostgres } from './pg-parse.js';

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
  try {
    return isPiece(fragment) ? parsePiece(fragment, parseStatement) : parseStatement(fragment);
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
