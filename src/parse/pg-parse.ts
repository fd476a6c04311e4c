/** The PostgreSQL path: libpg-query parse, scan and fingerprint, then normalise. */
import { fingerprintSync, parseSync } from 'libpg-query';
import type { Range, SqlFragment } from '../core/types.js';
import { fingerprintSql, fingerprintTokens } from './fingerprint.js';
import { tokenize } from './lexer.js';
import { leadingKeyword } from './keywords.js';
import type { ParsedQuery, Statement } from './model.js';
import { offsetMap, type OffsetMap } from './offsets.js';
import { PgConverter } from './postgres.js';
import { PgTokens } from './pg-tokens.js';
import { repairForPostgres } from './pg-repair.js';
import { mapBack, type Rewrite } from './remap.js';

interface RawStmt {
  stmt?: unknown;
  stmt_location?: number;
  stmt_len?: number;
}

export function parsePostgres(fragment: SqlFragment): ParsedQuery {
  const sql = fragment.sql;
  let stmts: RawStmt[];
  try {
    stmts = (parseSync(sql).stmts ?? []) as RawStmt[];
  } catch (e) {
    const tokens = tokenize(sql, 'postgresql');
    const rewrite = repairForPostgres(sql, tokens);
    if (rewrite) {
      const retry = parseRewritten(fragment, rewrite);
      if (retry) return retry;
    }
    return {
      fragment,
      parser: 'libpg-query',
      statements: [],
      error: pgError(e, offsetMap(sql)),
      fingerprint: fingerprintTokens(tokens),
    };
  }
  return normalise(fragment, sql, stmts);
}

/** Parses repaired text (see pg-repair.ts) with spans mapped back to the original. */
function parseRewritten(fragment: SqlFragment, rewrite: Rewrite): ParsedQuery | undefined {
  let stmts: RawStmt[];
  try {
    stmts = (parseSync(rewrite.sql).stmts ?? []) as RawStmt[];
  } catch {
    return undefined;
  }
  return mapBack(normalise(fragment, rewrite.sql, stmts), fragment.sql, rewrite);
}

function normalise(fragment: SqlFragment, sql: string, stmts: RawStmt[]): ParsedQuery {
  const offsets = offsetMap(sql);
  const tokens = PgTokens.fromLexer(sql, tokenize(sql, 'postgresql'), offsets);
  const conv = new PgConverter(sql, tokens);
  const statements: Statement[] = stmts.map((raw) => {
    const span = statementSpan(raw, sql, tokens, offsets);
    try {
      return conv.statement(raw.stmt, span);
    } catch {
      // A normaliser bug loses one statement's detail, not the query.
      return { kind: 'other', keyword: leadingKeyword(sql, span), span, with: [] };
    }
  });
  return withLazyFingerprint({ fragment, parser: 'libpg-query', statements }, () => {
    try {
      return fingerprintSync(sql);
    } catch {
      return fingerprintSql(sql, 'postgresql');
    }
  });
}

/**
 * libpg-query's fingerprint costs half a parse, and only findings need one
 * (baselines, SARIF): it is computed on first read.
 */
export function withLazyFingerprint(query: Omit<ParsedQuery, 'fingerprint'>, compute: () => string): ParsedQuery {
  let memo: string | undefined;
  return Object.defineProperty(query, 'fingerprint', {
    get: () => (memo ??= compute()),
    enumerable: true,
    configurable: true,
  }) as ParsedQuery;
}

function statementSpan(raw: RawStmt, sql: string, t: PgTokens, offsets: OffsetMap): Range {
  const startByte = raw.stmt_location ?? 0;
  const s = offsets.fromByte(startByte);
  const e = raw.stmt_len ? offsets.fromByte(startByte + raw.stmt_len) : sql.length;
  const a = t.indexAt(s);
  let b = t.lastBefore(e);
  if (b >= 0 && t.text[b] === ';') b--;
  return a <= b && a < t.count ? t.span(a, b) : { start: s, end: e };
}

function pgError(e: unknown, offsets: OffsetMap): { message: string; offset: number } {
  const err = e as { message?: string; sqlDetails?: { cursorPosition?: number } };
  const cursor = err.sqlDetails?.cursorPosition;
  // The cursor counts characters (code points), not bytes.
  return {
    message: err.message ?? String(e),
    offset: typeof cursor === 'number' ? offsets.fromCodePoint(cursor) : 0,
  };
}
